"""Keep the gettext catalogs complete.

  python scripts/i18n.py            update de/en .po files from the code and compile .mo
  python scripts/i18n.py --check    fail if the code has strings the catalogs lack, if a German
                                    entry is untranslated or fuzzy, or if a .mo is stale

msgids are English; the English catalog mirrors them (msgen), the German one is translated.
"""

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "teilhabe"
LOCALE = PACKAGE / "locale"
LANGS = ["de", "en"]
IGNORED_HEADER = r"^\"(POT-Creation-Date|PO-Revision-Date):"


def run(*cmd: str, cwd: Path = ROOT) -> None:
    subprocess.run(cmd, cwd=cwd, check=True)


def teilhabe() -> str:
    return str(Path(sys.executable).with_name("teilhabe"))


def update() -> None:
    LOCALE.mkdir(exist_ok=True)
    en = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    en.unlink(missing_ok=True)  # rebuilt from scratch: English msgstr always equals the msgid
    env_cmd = [teilhabe(), "manage", "makemessages", "--no-obsolete", "--add-location=file"]
    run(*env_cmd, *[f"-l{lang}" for lang in LANGS], "--ignore=tests/*", cwd=PACKAGE)
    run("msgen", "--no-wrap", "-o", str(en), str(en))
    for lang in LANGS:
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        run("msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po))


def statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip()


def stale_mo(lang: str) -> bool:
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "django.mo"
        run("msgfmt", "-o", str(fresh), str(po))
        return not filecmp.cmp(fresh, po.with_suffix(".mo"), shallow=False)


def check() -> int:
    failures = [f"{lang}: django.mo is stale" for lang in LANGS if stale_mo(lang)]
    update()  # regenerates the .po files from the code; any difference is a missing string
    diff = subprocess.run(
        ["git", "diff", "--exit-code", "-I", IGNORED_HEADER, "-I", "^#:", "--", "*.po"],
        cwd=ROOT,
    )
    if diff.returncode:
        failures.append("catalogs differ from the code: run `python scripts/i18n.py`")
    for lang in LANGS:
        stats = statistics(LOCALE / lang / "LC_MESSAGES" / "django.po")
        print(f"{lang}: {stats}")
        if "untranslated" in stats or "fuzzy" in stats:
            failures.append(f"{lang}: {stats}")
    for failure in failures:
        print("i18n:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    sys.exit(check() if parser.parse_args().check else update() or 0)
