"""Benchmark of several nodes (Issue 17): questionnaire autosave with one and with two nodes.

    .venv/bin/python benchmarks/cluster.py [--clients 200] [--rounds 3] [--duration 10]
        [--nodes 1x2,2x2,1x4,2x1] [--database-url postgresql://…] [--no-write]

One PostgreSQL database (a throw-away cluster on --pg-port, or a new database on the server
that TEILHABE_DATABASE_URL / --database-url names), prepared once: migrated, set up, and one
wave with a personal link for each of --clients municipalities. Then, round after round, every
arrangement of --nodes ("NxW": N gunicorn processes of W sync workers each, as `teilhabe up`
starts them, each on its own port with its own data directory, all on the same database with
the same TEILHABE_SECRET_KEY) serves the same load: --clients clients posting answers through
their links, client i to node i mod N, closed loop, --warmup seconds then --duration seconds
counted. Saved answers per second, p50/p95/p99 latency, errors, and after every run the check
that every acknowledged answer is stored with its value and version
(`teilhabe.core.tests.live.check_answers`). The arrangements take turns within a round, so a
change in the load of the shared machine falls on all of them; the load average is written
before every run. Load goes to 127.0.0.1 only; every loop is bounded in time and count.
The section "## Several nodes: autosave with one and two nodes" of BENCHMARKS.md is replaced
unless --no-write is given.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import common

ROOT = common.ROOT
SECTION = "## Several nodes: autosave with one and two nodes"
CPU_KEYS = ("gunicorn", "postgres", "client")


@dataclass
class Run:
    """One arrangement in one round."""

    nodes: int
    workers: int
    round: int
    loadavg: tuple[float, ...]
    seconds: float = 0.0
    saved: int = 0
    latencies: list[float] = field(default_factory=list)  # ms, acknowledged saves in the window
    errors: dict[str, int] = field(default_factory=dict)
    per_node: list[int] = field(default_factory=list)  # acknowledged saves in the window
    busy: float = 0.0  # share of the machine's CPU time busy (all processes) during the window
    cpu: dict[str, float] = field(default_factory=dict)  # CPU s per s: gunicorn, postgres, client
    checked: int = 0  # acknowledged answers compared with the database
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        nodes = f"{self.nodes} node{'s' if self.nodes > 1 else ''}"
        return f"{nodes} × {self.workers} worker{'s' if self.workers > 1 else ''}"

    @property
    def rate(self) -> float:
        return self.saved / self.seconds if self.seconds else 0.0

    @property
    def per_server_cpu(self) -> float:
        """Saves per CPU second of the server side (gunicorn and PostgreSQL): the figure the
        other work on the machine disturbs least."""
        server = self.cpu.get("gunicorn", 0.0) + self.cpu.get("postgres", 0.0)
        return self.rate / server if server else float("nan")

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--questions", type=int, default=30, help="questions of the wave")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=10, help="seconds counted per run")
    parser.add_argument("--warmup", type=float, default=3, help="seconds before counting")
    parser.add_argument("--nodes", default="1x2,2x2,1x4,2x1", help="NxW arrangements")
    parser.add_argument("--database-url", default=os.environ.get("TEILHABE_DATABASE_URL", ""))
    parser.add_argument("--pg-port", type=int, default=55461)
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    args.postmaster = 0  # known only for the throw-away cluster: its processes' CPU is counted
    arrangements = [tuple(int(x) for x in a.split("x")) for a in args.nodes.split(",")]
    started = datetime.datetime.now(datetime.UTC)
    runs: list[Run] = []
    with contextlib.ExitStack() as stack:
        server = args.database_url
        if not server:
            server, postmaster = stack.enter_context(common.throwaway_cluster(args.pg_port))
            args.postmaster = postmaster
        os.environ["TEILHABE_DATABASE_URL"] = server
        from teilhabe.core.tests import live

        base = Path(tempfile.mkdtemp(prefix="teilhabe-bench-cluster-"))
        stack.callback(shutil.rmtree, base, ignore_errors=True)
        (base / "node-1").mkdir()
        first = stack.enter_context(live.installation(base / "node-1"))
        wave = first.call("make_wave", clients=args.clients, questions=args.questions, name="Last")
        answerers = [live.Answerer(name, token) for name, token in wave["links"]]
        version = postgres_version(first)
        print(f"Prepared {version}: a wave with {args.clients} links", flush=True)
        key = secrets.token_urlsafe(50)
        for round_ in range(1, args.rounds + 1):
            for nodes, workers in arrangements:
                run = measure(live, base, first, answerers, wave, args, nodes, workers, key)
                run.round = round_
                runs.append(run)
                print(
                    f"round {round_}, {run.label}: {run.rate:,.0f} saves/s, p50 "
                    f"{run.percentile(50):.0f} ms, p95 {run.percentile(95):.0f} ms, errors "
                    f"{sum(run.errors.values())}, lost or wrong {len(run.problems)}, CPU s/s "
                    + ", ".join(f"{k} {run.cpu.get(k, 0.0):.2f}" for k in CPU_KEYS)
                    + f", {run.per_server_cpu:.1f} saves per server CPU s, load "
                    f"before {', '.join(f'{x:.2f}' for x in run.loadavg)}",
                    flush=True,
                )
    if not args.no_write:
        text = render(args, arrangements, runs, version, started)
        common.write_section(args.output, SECTION, text)
        print(f"Wrote the section {SECTION!r} to {args.output}")


def postgres_version(installation: Any) -> str:
    import psycopg

    with psycopg.connect(installation.database_url.replace("postgres://", "postgresql://")) as c:
        row = c.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0].split()[0]}" if row else "PostgreSQL"


def cpu_times() -> tuple[int, int]:
    """Busy and total jiffies of the whole machine (first line of /proc/stat)."""
    values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


TICK = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process still there."""
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / TICK
    return found


def process_groups(ports_pids: list[int], postmaster: int) -> dict[str, list[int]]:
    return {
        "gunicorn": [p for pid in ports_pids for p in (pid, *children(pid))],
        "postgres": [postmaster, *children(postmaster)] if postmaster else [],
        "client": [os.getpid()],
    }


def measure(
    live: Any,
    base: Path,
    first: Any,
    answerers: list[Any],
    wave: dict[str, Any],
    args: argparse.Namespace,
    nodes: int,
    workers: int,
    key: str,
) -> Run:
    """Start `nodes` gunicorns of `workers` workers, load them, stop them, check the answers."""
    servers = []
    try:
        for n in range(1, nodes + 1):
            data_dir = base / f"node-{n}"
            data_dir.mkdir(exist_ok=True)
            node = live.Installation(data_dir, first.database_url)
            servers.append(live.gunicorn(node, workers=workers, TEILHABE_SECRET_KEY=key))
        run = Run(nodes, workers, 0, os.getloadavg())
        ports = [s.port for s in servers]
        masters = [s.process.pid for s in servers]
        live.run(load, live, ports, masters, answerers, wave["questions"], args, run)
    finally:
        for server in servers:
            live.stop(server.process)
    stored = first.call("answers", wave=wave["wave"])
    run.problems = live.check_answers(answerers, stored)
    run.checked = sum(len(a.acknowledged) for a in answerers)
    return run


async def load(
    live: Any,
    ports: list[int],
    masters: list[int],
    answerers: list[Any],
    questions: list[str],
    args: argparse.Namespace,
    run: Run,
) -> None:
    """Every client opens its link on its node (the answering page, before the clock starts:
    it costs far more than a save), then saves answers until the deadline or its first request
    without an acknowledged save (its state is then unknown, as in live.answer_until); only
    saves answered inside the counted window are counted."""
    tally = live.Tally()
    opened = await asyncio.gather(
        *(live.open_link(ports[i % len(ports)], a, tally) for i, a in enumerate(answerers))
    )
    start = time.monotonic()
    window = start + args.warmup
    deadline = window + args.duration
    counts = [0] * len(ports)
    busy: list[tuple[int, int]] = []
    before: dict[str, dict[int, float]] = {}

    async def sample() -> None:
        await asyncio.sleep(max(0.0, window - time.monotonic()))
        busy.append(cpu_times())
        groups = process_groups(masters, args.postmaster)
        before.update({name: cpu_seconds(pids) for name, pids in groups.items()})
        await asyncio.sleep(max(0.0, deadline - time.monotonic()))
        busy.append(cpu_times())
        # Processes started in the window count whole; those that ended in it are missed.
        for name, pids in process_groups(masters, args.postmaster).items():
            now = cpu_seconds(pids)
            used = sum(t - before[name].get(pid, 0.0) for pid, t in now.items())
            run.cpu[name] = used / args.duration

    async def client(i: int, answerer: Any) -> None:
        port = ports[i % len(ports)]
        if not opened[i]:
            return
        offset = i % len(questions)
        order = questions[offset:] + questions[:offset]
        turn = 0
        while time.monotonic() < deadline and turn < 100_000:
            question = order[turn % len(order)]
            turn += 1
            sent = time.monotonic()
            ok = await live.autosave(port, answerer, question, tally)
            done = time.monotonic()
            if not ok:
                return
            if window <= done <= deadline:
                run.latencies.append(1000 * (done - sent))
                counts[i % len(ports)] += 1

    await asyncio.gather(sample(), *(client(i, a) for i, a in enumerate(answerers)))
    run.seconds = args.duration
    run.saved = sum(counts)
    run.per_node = counts
    (b0, t0), (b1, t1) = busy
    run.busy = (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0
    run.errors = {f"HTTP {s}": n for s, n in tally.statuses.items() if s != 200}
    run.errors |= dict(tally.failures)
    if tally.unexpected and not run.errors:
        run.errors["200 without saved"] = len(tally.unexpected)


# --------------------------------------------------------------------------------------------
# BENCHMARKS.md
# --------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def render(
    args: argparse.Namespace,
    arrangements: list[tuple[int, ...]],
    runs: list[Run],
    version: str,
    started: datetime.datetime,
) -> str:
    import django

    def of(nodes: int, workers: int) -> list[Run]:
        return [r for r in runs if (r.nodes, r.workers) == (nodes, workers)]

    rates = {a: median([r.rate for r in of(*a)]) for a in arrangements}
    efficiency = {a: median([r.per_server_cpu for r in of(*a)]) for a in arrangements}
    lost = sum(len(r.problems) for r in runs)
    errors = sum(sum(r.errors.values()) for r in runs)
    checked = max((r.checked for r in runs), default=0)
    lines = [
        SECTION,
        "",
        f"Measured with `benchmarks/cluster.py` on {started:%Y-%m-%d %H:%M} UTC (commit "
        f"{common.commit()}).",
        "",
        f"- **Machine**: {common.machine()}; Django {django.get_version()}, {version}. "
        "The load average before each run is in the table: it counts the benchmark's own "
        "processes (the load client, the nodes and PostgreSQL share the two cores) and, on a "
        "shared machine, anything else running. What the figures compare is the arrangements "
        "with each other, under the same conditions.",
        f"- **Database**: one PostgreSQL database for every node, in a throw-away cluster on "
        "127.0.0.1 (fsync off, as the project's test clusters), migrated and set up once "
        "(`setup_instance`), with one wave of a generated questionnaire of "
        f"{args.questions} text questions over {args.clients} made-up municipalities of "
        "Landkreis Rotenburg (Wümme): one personal link per client.",
        "- **Nodes**: a node is one gunicorn as `teilhabe up` starts it (`python -m gunicorn "
        "teilhabe.wsgi:application -c python:teilhabe.gunicorn_conf --workers W`, sync "
        "workers) on its own port of 127.0.0.1 with its own data directory, started for the "
        "run and stopped after it; all nodes share the database and one `TEILHABE_SECRET_KEY` "
        "(so a CSRF cookie from one node is good on the other, as behind a load balancer); "
        "settings of the live tests (`TEILHABE_ENV=test`: static files from the finders, which "
        "the autosave does not touch). `N × W` means N nodes of W workers each.",
        f"- **Load**: {args.clients} clients in one Python asyncio process on the same machine "
        "(`Answerer`, `open_link` and `autosave` of `teilhabe.core.tests.live`): client i "
        "talks to node i mod N (no load balancer process: the split is exact), opens its "
        "link once before the clock starts (the answering page: CSRF cookie and token) and "
        "then posts one changed answer after another, "
        "closed loop, a new connection per request as gunicorn's sync workers want, each "
        "request bounded by 30 s. The clients keep their answers from run to run, so every "
        "arrangement changes answers the others saved before, through another node. "
        f"{args.warmup:g} s warm-up, then {args.duration:g} s counted. **Saves/s**: "
        'acknowledged saves (HTTP 200 with "saved" and the new version) answered in the '
        "counted window ÷ its length. Latency: from opening the connection to the last byte. "
        "An error is any other answer or none; a client stops at its first error.",
        "- **Check**: after every run, every answer a client was ever told was saved must be "
        "in the database with the acknowledged value and version, and no answer may be there "
        "that was never acknowledged (`live.check_answers`).",
        f"- **Rounds**: {args.rounds}; within a round the arrangements take turns "
        f"({', '.join(f'{n} × {w}' for n, w in arrangements)}), so a change of the machine's "
        'load falls on all of them. Figures: the median of the rounds. "Machine busy": the '
        "share of both cores' time that any process (these and others') was busy during the "
        "counted window, from /proc/stat. CPU columns: CPU seconds per second of the counted "
        "window (utime + stime from /proc/PID/stat) of all gunicorn processes, of the "
        "PostgreSQL server's processes and of the load client; **saves per server CPU "
        "second** (saves/s ÷ gunicorn and PostgreSQL CPU s/s) is the figure the other work "
        "on the machine disturbs least: it says what a save costs, not how much CPU the "
        "benchmark happened to get.",
        "",
        "| arrangement | gunicorn workers in all | saves/s (median) | saves/s per round "
        "| p50 ms | p95 ms | p99 ms | errors | lost or wrong | gunicorn CPU s/s | PostgreSQL "
        "CPU s/s | client CPU s/s | saves per server CPU s | machine busy | load average "
        "before each round |",
        "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for nodes, workers in arrangements:
        rs = of(nodes, workers)
        lines.append(
            f"| {rs[0].label} | {nodes * workers} | {rates[(nodes, workers)]:,.0f} | "
            + " / ".join(f"{r.rate:,.0f}" for r in rs)
            + f" | {median([r.percentile(50) for r in rs]):,.0f} | "
            f"{median([r.percentile(95) for r in rs]):,.0f} | "
            f"{median([r.percentile(99) for r in rs]):,.0f} | "
            f"{sum(sum(r.errors.values()) for r in rs)} | {sum(len(r.problems) for r in rs)} | "
            + " | ".join(f"{median([r.cpu.get(k, 0.0) for r in rs]):.2f}" for k in CPU_KEYS)
            + f" | {efficiency[(nodes, workers)]:,.1f} | "
            f"{median([r.busy for r in rs]):.0%} | "
            + " / ".join(f"{r.loadavg[0]:.2f}" for r in rs)
            + " |"
        )
    two = [r for r in runs if r.nodes == 2]
    split = [f"{r.label}, round {r.round}: {' + '.join(f'{c:,}' for c in r.per_node)}" for r in two]
    lines += [
        "",
        "Load average (1, 5, 15 min) before each run: "
        + "; ".join(
            f"round {r.round} {r.nodes} × {r.workers}: " + ", ".join(f"{x:.2f}" for x in r.loadavg)
            for r in runs
        )
        + ".",
        "",
        "Saves per node in the two-node runs (counted window): " + "; ".join(split) + ".",
        "",
    ]
    problems = [p for r in runs for p in r.problems][:5]
    if problems:
        lines += ["First problems found by the check:", ""] + [f"- `{p}`" for p in problems]
        lines.append("")
    lines += ["### What the ratio means", ""]
    pairs = [((1, w), (2, w)) for n, w in arrangements if n == 1 and (2, w) in rates]
    pairs += [((1, 2 * w), (2, w)) for n, w in arrangements if n == 2 and (1, 2 * w) in rates]
    for one, two_ in pairs:
        same = one[1] == 2 * two_[1]
        lines.append(
            f"- {two_[0]} × {two_[1]} against {one[0]} × {one[1]}"
            + (" (the same number of workers in all)" if same else " (twice the workers)")
            + f": {rates[two_]:,.0f} ÷ {rates[one]:,.0f} saves/s = "
            f"{rates[two_] / rates[one]:.2f}; saves per server CPU second "
            f"{efficiency[two_]:,.1f} ÷ {efficiency[one]:,.1f} = "
            f"{efficiency[two_] / efficiency[one]:.2f}. Round by round (saves/s): "
            + ", ".join(f"{a.rate / b.rate:.2f}" for a, b in zip(of(*two_), of(*one), strict=True))
            + "."
        )
    spread = [
        (max(r.rate for r in of(*a)) - min(r.rate for r in of(*a))) / rates[a] for a in arrangements
    ]
    busiest = max(
        (r for r in runs), key=lambda r: r.cpu.get("gunicorn", 0.0) + r.cpu.get("postgres", 0.0)
    )
    lines.append(
        "- How much to read into a ratio: the same arrangement varied between its rounds by "
        f"{min(spread):.0%} to {max(spread):.0%} of its median (max − min), because these "
        "processes got a different share of the cores from run to run (the load client and "
        "anything else running compete for them): gunicorn and PostgreSQL together got at most "
        f"{busiest.cpu.get('gunicorn', 0.0) + busiest.cpu.get('postgres', 0.0):.2f} of the 2 "
        "cores in any run. A difference between arrangements smaller than that spread is "
        "noise; where the rounds agree with each other, their ratio is what counts. The "
        "latency follows from the closed loop: with "
        f"{args.clients} clients always waiting, p50 ≈ clients ÷ saves/s (the wait in the "
        "listen queue in front of the few workers), not the work of one save."
    )
    lines += [
        "- Both nodes run on the same two cores as PostgreSQL and the load client, so a second "
        "node cannot add CPU here: two nodes × W workers compete for the same cores as one "
        "node × 2W. The ratio at the same number of workers says whether spreading the "
        "workers over nodes costs anything (a ratio near 1 means it does not: no node-local "
        "state, no lock or cache that only works within one node). The ratio against one "
        "node × W shows what the design allows when a node brings its own CPU: on separate "
        "machines each node would have the cores that here are shared, and throughput would "
        "then grow until the shared PostgreSQL is the limit. That limit is not measured here.",
        f"- Nothing lost: {checked:,} acknowledged answers checked after every run, "
        f"{lost} lost or wrong in all {len(runs)} runs "
        + ("✅" if not lost else "❌")
        + f"; errors (non-200 or no answer) in all runs: {errors}.",
        "",
        "To reproduce (about 10 minutes on the busy machine; the figures depend on what else "
        "the machine runs):",
        "",
        "```bash",
        f".venv/bin/python benchmarks/cluster.py --clients {args.clients} --questions "
        f"{args.questions} --rounds {args.rounds} --duration {args.duration:g} --warmup "
        f"{args.warmup:g} --nodes {args.nodes}",
        "```",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    # The application of this work tree, here and in every process the benchmark starts.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p
    )
    sys.path.insert(0, str(ROOT / "src"))
    main()
