"""The section "## Stock-take: matrix and changes page" of BENCHMARKS.md, written by
benchmarks/inventory.py from what its children measured."""

from __future__ import annotations

import argparse
from typing import Any

import common
from measure import cases_table

SECTION = "## Stock-take: matrix and changes page"


def render_section(args: argparse.Namespace, runs: list[dict[str, Any]]) -> str:
    env, data = runs[0]["environment"], runs[0]["data"]
    versions = sorted({r["database_version"] for r in runs})
    command = (
        f".venv/bin/python benchmarks/inventory.py --activities {args.activities} "
        f"--years {args.years} --repeat {args.repeat} --seed {args.seed}"
    )
    if args.postgres and not args.database_url:
        command += " --postgres"
    elif args.database_url:
        command += " --database-url postgres://USER:PASSWORD@HOST:PORT/DB"
    if args.profile:
        command += " --profile"
    if args.compare_history_index:
        command += " --compare-history-index"
    elif args.without_history_index:
        command += " --without-history-index"
    status = ", ".join(f"{k} {v:,}" for k, v in data["status_now"].items())
    saves = ", ".join(f"{k} {v:,}" for k, v in data["saves_by_kind"].items())
    lines = [
        SECTION,
        "",
        f"Measured with `benchmarks/inventory.py` on {env['date']} (commit {env['commit']}).",
        "",
        f"- **Data**: Landkreis Rotenburg (Wümme) (13 municipalities, 14 fields of action) with "
        f"{data['activities']:,} activities ({data['district_wide']:,} of the whole district) "
        f"and {data['history_rows']:,} history rows ({data['rows_per_activity']} per activity), "
        f"created from {data['first_created']} to {data['last_saved']} with 0–8 later saves "
        f"each. Status now: {status}. Saves by kind: {saves} (+ = creation). Generated with "
        f"bulk_create, seed {args.seed}; the newest history row of every activity is checked "
        f"to equal the activity.",
        f"- **Machine**: {env['nproc']} cores ({env['cpu']}), {env['memory_gib']} GiB RAM, "
        f"{env['os']}; Python {env['python']}, Django {env['django']}, django-simple-history "
        f"{env['simple_history']}, psycopg {env['psycopg']}; {', '.join(versions)}.",
        "- **Databases**: SQLite is a file in a fresh data directory (WAL, synchronous=NORMAL, "
        "as in production; no ANALYZE, which the application never runs). PostgreSQL is a "
        "fresh database"
        + (
            " in a throw-away cluster started with `fsync=off`"
            if args.postgres and not args.database_url
            else ""
        )
        + ", `VACUUM ANALYZE`d after loading (what autovacuum does shortly after a bulk load).",
        f"- **Method**: each measurement once as a warm-up, then {args.repeat} timed runs "
        "(wall time, `time.perf_counter`), round by round through the list"
        + (
            ", each round once without and once with the history index (the index of "
            "migration 0003, `inventory_hist_id_date_idx` on the history's (id, history_date), "
            "dropped and created again by that name on the same data), so that a busy moment "
            "of the shared machine hits both alike"
            if args.compare_history_index
            else ""
        )
        + ". Queries: counted with `CaptureQueriesContext` in the "
        "warm-up and with an execute wrapper in every timed run (same count each time unless "
        "noted). Pages go through Django's test `Client` with a logged-in coordinator: the whole "
        "middleware stack, session and permission queries, and template rendering; no network "
        'and no WSGI server. "As of" is the end of the day shown; the changes ranges end '
        "today.",
        "",
    ]
    main_runs = [r for r in runs if as_shipped(r)] or runs
    for run in main_runs:
        lines += [f"### {run['database_version']}", "", *cases_table(run["results"]), ""]
        lines.append(
            f"Generating and loading the data took {run['data']['seconds']} s. Load average "
            f"(1, 5, 15 min; 2 cores shared with other work): {run['load_before']}.\n"
        )
    before = {r["database_version"]: r for r in runs if not r["history_index"]}
    after = {r["database_version"]: r for r in runs if r["history_index"]}
    if before and after:
        lines += history_index_table(before, after)
    profiled = [(run, r) for run in runs for r in run["results"] if r.get("profile")]
    if profiled:
        lines += profile_table(profiled, args.profile_over)
    lines += summary(main_runs, profiled)
    lines += common.reproduce("To reproduce (about the same figures on the same machine):", command)
    return "\n".join(lines)


def as_shipped(run: dict[str, Any]) -> bool:
    """Whether the run measured the schema as a fresh `migrate` leaves it."""
    return run["history_index"] == run.get("shipped_history_index", True)


def shipped_schema(run: dict[str, Any]) -> str:
    """What a fresh `migrate` leaves on the history table, in words."""
    if run.get("shipped_history_index", True):
        return f"{run['database_version']} with it"
    text = f"{run['database_version']} without it"
    if run["database"] == "sqlite":
        text += (
            " (on SQLite the AddFields of migration 0004 rebuild the history table, and the "
            "index that 0003 created with raw SQL is not carried over)"
        )
    return text


def history_index_table(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Medians without and with the history index, same data, same run of the script."""
    names = [n for n in after if n in before]
    lines = [
        "### The history index (migration 0003): before and after",
        "",
        "Median (min) in ms on the same data, without the index (dropped) and with it (created "
        "as migration 0003 does); the tables above show the schema as a fresh `migrate` leaves "
        "it: " + "; ".join(shipped_schema(after[n]) for n in names) + ".",
        "",
        "| Measurement | " + " | ".join(f"{n} without | {n} with" for n in names) + " |",
        "|---|" + "--:|--:|" * len(names),
    ]
    for i, r in enumerate(after[names[0]]["results"]):
        cells = []
        for n in names:
            old, new = before[n]["results"][i], after[n]["results"][i]
            change = (new["median_ms"] - old["median_ms"]) / old["median_ms"]
            cells += [
                f"{old['median_ms']:,.1f} ({old['min_ms']:,.1f})",
                f"{new['median_ms']:,.1f} ({new['min_ms']:,.1f}), median {change:+.0%}",
            ]
        lines.append(f"| `{r['name']}` | " + " | ".join(cells) + " |")
    return [*lines, ""]


def profile_table(
    profiled: list[tuple[dict[str, Any], dict[str, Any]]], threshold: float
) -> list[str]:
    """Where the time of the slow measurements goes, from one cProfile run each."""
    columns = [
        "total",
        "queries.matrix",
        "queries.changes_between",
        "2 × queries._snapshot",
        "SQL execute",
        "SQL fetch",
        "template rendering",
    ]
    columns = [c for c in columns if any(c in r["profile"] for _, r in profiled)]
    lines = [
        f"### Where the time goes (median over {threshold:,.0f} ms)",
        "",
        "One run under cProfile, which slows Python code down, so these figures are larger than "
        "the ones above; cumulative ms. `_snapshot` is the history as of a moment (called for "
        "both ends of the period); SQL execute and fetch include the snapshots' queries; "
        "template rendering includes the context processors.",
        "",
        "| Measurement | database | history index | " + " | ".join(columns) + " |",
        "|---|---|---|" + "--:|" * len(columns),
    ]
    for run, r in profiled:
        p = r["profile"]
        cells = [f"{p[c]:,}" if c in p else "–" for c in columns]
        index = "yes" if run["history_index"] else "no"
        lines.append(
            f"| `{r['name']}` | {run['database_version']} | {index} | " + " | ".join(cells) + " |"
        )
    return [*lines, ""]


def summary(
    main_runs: list[dict[str, Any]], profiled: list[tuple[dict[str, Any], dict[str, Any]]]
) -> list[str]:
    """A few sentences computed from the tables above."""
    by_label: dict[str, set[int]] = {}
    for run in main_runs:
        for r in run["results"]:
            name = r["name"]
            words = name.split()
            label = " ".join(words[1:3]).rstrip(",") if words[0] == "GET" else name.split("(")[0]
            by_label.setdefault(label, set()).add(r["queries"])
    counts = ", ".join(f"{k} {'/'.join(map(str, sorted(v)))}" for k, v in by_label.items())
    same = all(
        r["queries_timed_runs"] == [r["queries"]] for run in main_runs for r in run["results"]
    )
    lines = [
        "### In short",
        "",
        f"- Queries per call: {counts}"
        + (
            " — the same for every period and date, in every timed run, on every database."
            if same and all(len(v) == 1 for v in by_label.values())
            else "."
        ),
    ]
    slow = [
        f"`{r['name']}` on {run['database_version']} ({r['median_ms']:,.0f} ms, {r['outcome']})"
        for run in main_runs
        for r in run["results"]
        if r["median_ms"] > 1000
    ]
    lines.append(
        "- Median over 1 s with the schema as shipped: "
        + ("; ".join(slow) if slow else "nothing")
        + "."
    )
    for run, r in profiled:
        p = r["profile"]
        if as_shipped(run) and "template rendering" in p and "total" in p:
            query = p.get("queries.changes_between", p.get("queries.matrix", 0))
            lines.append(
                f"- Profile of `{r['name']}` on {run['database_version']}: template rendering "
                f"{p['template rendering'] / p['total']:.0%}, the query function "
                f"{query / p['total']:.0%} of the profiled time ({r['outcome']})."
            )
    return [*lines, ""]
