"""The first section of BENCHMARKS.md: every target of Issues 10 and 19 (and Issue 17's "nothing
acknowledged lost" with several nodes, from benchmarks/cluster.py) with its verdict, read from the
sections the benchmark scripts wrote in the same run (`benchmarks/run-all`).

    .venv/bin/python benchmarks/summary.py

Lines with ✅ or ❌ are collected from every section; the autosave section states its result in
words (target 500 req/s at 200 clients on PostgreSQL), so it is read from its "In short"."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "## Summary: targets"


def main() -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    sections = re.split(r"(?m)^(?=## )", text)
    head, bodies = sections[0], [s for s in sections[1:] if not s.startswith(TITLE)]
    met, missed = [], []
    for body in bodies:
        title = body.splitlines()[0][3:].strip()
        bullets, rows = [], []
        for line in body.splitlines():
            if line.lstrip().startswith("|") and ("✅" in line or "❌" in line):
                cells = [c.strip() for c in line.strip("|").split("|")]
                rows.append((f"{title}: {cells[0]} — {cells[-1]}", "❌" in line))
            elif line.startswith("- ") and ("✅" in line or "❌" in line):
                # "what: p95 … ✅ (…), share … ❌ (…)." holds two targets: one entry each.
                what, _, verdicts = line[2:].partition(": ")
                clauses = re.split(r"(?<=\)), ", verdicts) if ": " in line else [line[2:]]
                for clause in clauses:
                    entry = f"{title}: {what}: {clause}" if len(clauses) > 1 else line[2:]
                    if len(clauses) == 1:
                        entry = f"{title}: {entry}"
                    bullets.append((entry.rstrip("."), "❌" in clause))
            elif "of Issue 10 (a target for PostgreSQL) are" in line:
                bullets.append((f"{title}: {line.lstrip('- ')}", "not reached" in line))
        for entry, failed in bullets or rows:  # a section's own verdict list, else its tables
            (missed if failed else met).append(entry)
    causes = [
        f"{body.splitlines()[0][3:].strip()}: {line[2:]}"
        for body in bodies
        if "Why targets are missed" in body
        for line in body.split("Why targets are missed", 1)[1].split("\n### ", 1)[0].splitlines()
        if line.startswith("- ")
    ]
    lines = [
        TITLE,
        "",
        "Written by `benchmarks/run-all` after all benchmarks below ran in the "
        "same session (`benchmarks/summary.py` collects their verdicts).",
        "",
        f"### Missed ({len(missed)})",
        "",
    ]
    lines += [f"- {m}" for m in missed] or ["- none"]
    if causes:
        lines += ["", "Causes, as measured:", ""] + [f"- {c}" for c in causes]
    lines += ["", f"### Met ({len(met)})", ""] + [f"- {m}" for m in met]
    out = head.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n\n" + "".join(bodies)
    path.write_text(out, encoding="utf-8")
    print("\n".join(lines))
    if not met and not missed:
        sys.exit("no verdicts found: did the benchmarks run?")


if __name__ == "__main__":
    main()
