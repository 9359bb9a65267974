"""`teilhabe report`: a status report of a district from the command line, synchronously.

    teilhabe report --district 03357 --format pdf -o sachstandsbericht.pdf
    teilhabe report --district 03357 --since 2026-09-18 --until 2026-11-24 --format xlsx \
        -o anlage.xlsx

The period defaults to the day after the last issued report (or the last two months) up to
today. On a fresh data directory the database is prepared first (and the shipped reference
data loaded), so the report works at once; sections without data say so."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

FORMATS = ("pdf", "html", "xlsx")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"„{value}“ ist kein Datum (JJJJ-MM-TT)") from exc


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "report", help="status report of a district (Sachstandsbericht) as PDF, HTML or XLSX"
    )
    p.add_argument("--district", required=True, metavar="AGS", help="district key, e.g. 03357")
    p.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="first day of the period")
    p.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="last day (default today)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file, or - for stdout")


def _prepare_database() -> None:
    from django.core.management import call_command

    from teilhabe.regions.models import District
    from teilhabe.regions.reference import load_rotenburg

    call_command("migrate", interactive=False, verbosity=0)
    if not District.objects.exists():
        load_rotenburg()


def run(args: argparse.Namespace) -> int:
    """Expects Django to be set up (see `teilhabe.cli`)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from teilhabe.regions.models import District
    from teilhabe.reports import exports, rendering, services, snapshot

    _prepare_database()
    district = District.objects.filter(ags=args.district).first()
    if district is None:
        print(
            _("There is no district with the key %(ags)s.") % {"ags": args.district},
            file=sys.stderr,
        )
        return 1
    until = args.until or timezone.localdate()
    since = args.since or services.default_period(district, None, until)[0]
    if since > until:
        print(_("The period must begin before it ends."), file=sys.stderr)
        return 1
    data = snapshot.build(district, since, until)
    if args.format == "pdf":
        content = rendering.pdf(data)
    elif args.format == "html":
        content = rendering.document(data).encode()
    else:
        content = exports.annex_xlsx(data)
    if args.output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        Path(args.output).write_bytes(content)
    return 0
