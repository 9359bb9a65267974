"""Keep the gettext catalogs complete.

  python scripts/i18n.py            update the .po files from the code and compile .mo
  python scripts/i18n.py --check    fail if the code has strings the catalogs lack, if a German
                                    entry is untranslated or fuzzy, if an entry of the public
                                    directory is untranslated or fuzzy in one of its languages,
                                    or if a .mo is stale

msgids are English; the English catalog mirrors them (msgen), the German one is translated.
The other languages of the public directory (Wegweiser) are translated for its pages only: the
entries with a location in PUBLIC (its views and templates); the internal pages are German and
English. Their catalogs say in their header that they await review by native speakers.
"""

import argparse
import filecmp
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "teilhabe"
LOCALE = PACKAGE / "locale"
LANGS = ["de", "en", "uk", "ar", "fa", "tr", "ru"]
PUBLIC_ONLY = ["uk", "ar", "fa", "tr", "ru"]  # complete for the public directory's strings
# Locations of the public directory's strings: the app's modules and templates, but not those
# of the district's side (publishing), its models (the admin and forms of the district's side)
# or its example data.
PUBLIC = re.compile(
    r"^directory/(?!publishing|templates/directory/publishing/|models\.py|apps\.py|demo\.py"
    r"|texts\.py|services\.py|templatetags/)"
)
REVIEW_NOTE = (
    "# Awaiting review by native speakers: written for Teilhabe's public directory (Wegweiser)\n"
    "# by its developers, not yet checked by a translator. Please report mistakes.\n"
)
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
    for lang in PUBLIC_ONLY:
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        text = po.read_text(encoding="utf-8")
        if not text.startswith(REVIEW_NOTE):
            po.write_text(REVIEW_NOTE + text, encoding="utf-8")
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


def missing_public(po: Path) -> list[str]:
    """msgids of the public directory that are untranslated or fuzzy in `po`."""
    found = []
    for selection in ("--untranslated", "--only-fuzzy"):
        text = subprocess.run(
            ["msgattrib", selection, "--no-wrap", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for entry in text.split("\n\n"):
            lines = entry.splitlines()
            places = [p for line in lines if line.startswith("#: ") for p in line[3:].split()]
            msgid = next((line[6:] for line in lines if line.startswith("msgid ")), '""')
            if msgid != '""' and any(PUBLIC.match(place) for place in places):
                found.append(msgid)
    return found


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
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        stats = statistics(po)
        print(f"{lang}: {stats}")
        if lang in PUBLIC_ONLY:
            failures += [
                f"{lang}: public string untranslated or fuzzy: {m}" for m in missing_public(po)
            ]
        elif "untranslated" in stats or "fuzzy" in stats:
            failures.append(f"{lang}: {stats}")
    for failure in failures:
        print("i18n:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    sys.exit(check() if parser.parse_args().check else update() or 0)
