"""How the benchmark scripts measure: timed rounds of cases with their queries (in a Django
process), percentiles, and who used the CPUs during a run (from /proc)."""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

# Timed cases --------------------------------------------------------------------------------


def time_cases(
    repeat: int,
    cases: list[tuple[str, Callable[[], Any]]],
    states: Sequence[tuple[str, Any]] = (("", None),),
    switch: Callable[[Any], None] | None = None,
    width: int = 48,
) -> dict[Any, list[dict[str, Any]]]:
    """Round 0 is the warm-up, run under CaptureQueriesContext; rounds 1…repeat are timed,
    round by round through the list; the results of each state (a label and a value).

    With several states (say without and with an index) every round measures each, one after
    the other, so that a busy moment of the machine hits all alike; `switch(value)` puts the
    database into a state, before each state's cases when there are several and once in the
    warm-up otherwise. The timed runs count queries with a bare execute wrapper:
    CaptureQueriesContext formats every statement with its parameters, which costs real time
    for long `id IN (…)` lists."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm: dict[tuple[Any, str], tuple[int, Any]] = {}
    times: dict[tuple[Any, str], list[float]] = {}
    counts: dict[tuple[Any, str], list[int]] = {}
    for round_ in range(repeat + 1):
        for _label, state in states:
            if switch and (len(states) > 1 or round_ == 0):
                switch(state)
            for name, fn in cases:
                key = (state, name)
                if round_ == 0:
                    with CaptureQueriesContext(connection) as captured:
                        outcome = fn()
                    warm[key] = (len(captured), outcome)  # now: a request resets the log
                    continue
                executed = 0

                def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
                    nonlocal executed
                    executed += 1
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    start = time.perf_counter()
                    fn()
                    times.setdefault(key, []).append((time.perf_counter() - start) * 1000)
                counts.setdefault(key, []).append(executed)
        print(f"  round {round_}/{repeat} done" + (" (warm-up)" if not round_ else ""), flush=True)
    results: dict[Any, list[dict[str, Any]]] = {}
    for label, state in states:
        if len(states) > 1:
            print(f"  -- {label}")
        results[state] = []
        for name, _ in cases:
            key = (state, name)
            queries, outcome = warm[key]
            timed = times.get(key)
            if key in counts and set(counts[key]) != {queries}:
                print(f"  note: {name}: {queries} queries in the warm-up, {counts[key]} later")
            result = {
                "name": name,
                "min_ms": round(min(timed), 1) if timed else None,
                "median_ms": round(statistics.median(timed), 1) if timed else None,
                "max_ms": round(max(timed), 1) if timed else None,
                "queries": queries,
                "queries_timed_runs": sorted(set(counts.get(key, [queries]))),
                "outcome": outcome,
            }
            results[state].append(result)
            print(
                f"  {name:<{width}} {result['min_ms']:>9,.1f} {result['median_ms']:>9,.1f} "
                f"{result['max_ms']:>9,.1f} ms  {queries:>2} queries  {outcome}",
                flush=True,
            )
    return results


def cases_table(cases: list[dict[str, Any]]) -> list[str]:
    """The markdown table of what time_cases found for one state."""
    lines = [
        "| Measurement | min ms | median ms | max ms | queries | result |",
        "|---|--:|--:|--:|--:|---|",
    ]
    for case in cases:
        queries = str(case["queries"])
        if case["queries_timed_runs"] != [case["queries"]]:
            queries += f" (timed runs: {', '.join(map(str, case['queries_timed_runs']))})"
        times = [
            "–" if case[key] is None else f"{case[key]:,.1f}"
            for key in ("min_ms", "median_ms", "max_ms")
        ]
        lines.append(f"| `{case['name']}` | {' | '.join(times)} | {queries} | {case['outcome']} |")
    return lines


# Percentiles --------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    """The nearest-rank percentile; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# CPU accounting from /proc: who used the cores during a run ---------------------------------


def process_tree(root: int) -> list[int]:
    """A process and its direct children (gunicorn's workers, PostgreSQL's backends)."""
    pids = [root]
    with contextlib.suppress(OSError, ValueError):
        pids += [int(p) for p in Path(f"/proc/{root}/task/{root}/children").read_text().split()]
    return pids


def cpu_of(pid: int) -> tuple[float, float] | None:
    """Seconds a process has run on a CPU and waited in the run queue for one (utime + stime
    from /proc/PID/stat, run_delay from /proc/PID/schedstat); None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        delay = int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), delay
    except (OSError, IndexError, ValueError):
        return None


class CpuSampler(threading.Thread):
    """Samples the CPU time of process trees every 0.2 s. A process that ends during the run
    (PostgreSQL replaces a connection after CONN_MAX_AGE) keeps its last sample, and one that
    starts counts from zero, so only its last 0.2 s before ending can be missed."""

    def __init__(self, roots: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.roots = {label: root for label, root in roots.items() if root}
        self.first: dict[tuple[str, int], tuple[float, float]] = {}
        self.last: dict[tuple[str, int], tuple[float, float]] = {}
        self.halt = threading.Event()
        self.sample(initial=True)

    def sample(self, initial: bool = False) -> None:
        for label, root in self.roots.items():
            for pid in process_tree(root):
                found = cpu_of(pid)
                if found is None:
                    continue
                self.first.setdefault((label, pid), found if initial else (0.0, 0.0))
                self.last[(label, pid)] = found

    def run(self) -> None:
        while not self.halt.wait(0.2):
            self.sample()

    def stop(self) -> dict[str, tuple[float, float]]:
        """Per tree: CPU seconds and seconds waited for a CPU during the run."""
        self.halt.set()
        self.join(timeout=5)
        self.sample()
        totals = dict.fromkeys(self.roots, (0.0, 0.0))
        for (label, pid), (cpu, wait) in self.last.items():
            first_cpu, first_wait = self.first[(label, pid)]
            running, waiting = totals[label]
            totals[label] = (running + cpu - first_cpu, waiting + wait - first_wait)
        return totals


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def client_seconds() -> float:
    """CPU of this process and of its finished children (wrk; gunicorn is still running)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextlib.contextmanager
def cpu_meter(gunicorn: int, postmaster: int) -> Iterator[dict[str, float]]:
    """CPU seconds per second of the block, filled in when it ends: gunicorn's and PostgreSQL's
    processes running and waiting for a CPU, this process (the client), the whole machine."""
    found: dict[str, float] = {}
    sampler = CpuSampler({"gunicorn": gunicorn, "postgres": postmaster})
    sampler.start()
    before = (client_seconds(), machine_busy(), time.perf_counter())
    try:
        yield found
    finally:
        servers = sampler.stop()
    after = (client_seconds(), machine_busy(), time.perf_counter())
    wall = after[2] - before[2]
    busy = after[1][0] - before[1][0]
    total = after[1][1] - before[1][1]
    gunicorn_cpu, gunicorn_wait = servers.get("gunicorn", (0.0, 0.0))
    postgres_cpu, postgres_wait = servers.get("postgres", (0.0, 0.0))
    found.update(
        {
            "gunicorn_cores": round(gunicorn_cpu / wall, 2),
            "gunicorn_waiting": round(gunicorn_wait / wall, 2),
            "postgres_cores": round(postgres_cpu / wall, 2),
            "postgres_waiting": round(postgres_wait / wall, 2),
            "client_cores": round((after[0] - before[0]) / wall, 2),
            "machine_busy_pct": round(100 * busy / total, 1) if total else 0.0,
        }
    )
