"""Every process of an installation (a server, a background worker, each `teilhabe` command)
starts with Django and the URLs. The large libraries that only some work needs are imported by
that work: openpyxl where a workbook is read or written, HiGHS with numpy where a placement
proposal is computed, WeasyPrint where a PDF is made. Imported at start, they cost every
process a few tenths of a second of CPU before it does anything."""

import json
import os
import subprocess
import sys

ONLY_FOR_SOME_WORK = ["highspy", "numpy", "openpyxl", "weasyprint"]

# A fresh interpreter, as `teilhabe` starts: Django set up, the URLs loaded (every view module).
STARTUP = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted({name.partition(".")[0] for name in sys.modules})))
"""


def started_modules(tmp_path) -> set[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
        "TEILHABE_ENV": "test",
        "TEILHABE_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", STARTUP],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_starting_imports_none_of_the_libraries_only_some_work_needs(tmp_path):
    started = started_modules(tmp_path)
    assert {"django", "teilhabe", "ninja"} <= started  # the URLs were loaded
    assert sorted(started & set(ONLY_FOR_SOME_WORK)) == []
