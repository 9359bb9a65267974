"""The `teilhabe` command: `up`, `manage`, `regions import`, `apportion`, `place`, `report`.

`up` is the one command a coordinator needs: it prepares the data directory and database, loads
the reference data, creates the administrator and serves the application with gunicorn, with a
background worker for the task queue beside it."""

import argparse
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from teilhabe import apportion_cli, backup_cli, bench_cli, place_cli
from teilhabe.reports import cli as report_cli


def _configure(data_dir: str | None) -> None:
    if data_dir:
        os.environ["TEILHABE_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ.setdefault("TEILHABE_DATA_DIR", str(Path("var").resolve()))
    Path(os.environ["TEILHABE_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")


def _django() -> None:
    import django
    from django.conf import settings
    from django.utils import translation

    django.setup()
    translation.activate(settings.LANGUAGE_CODE)


def manage(args: list[str]) -> int:
    _configure(None)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["teilhabe manage", *args])
    return 0


def regions_import(file: str, kreis: list[str] | None) -> int:
    _configure(None)
    _django()
    from django.core.management import CommandError, call_command

    try:
        call_command("import_regions", file, *[f"--kreis={k}" for k in kreis or []])
    except CommandError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def surveys_import(file: str, district: str, attach: list[str] | None = None) -> int:
    _configure(None)
    _django()
    from django.utils.translation import gettext as _

    from teilhabe.regions.models import District
    from teilhabe.surveys.services import import_questionnaire
    from teilhabe.surveys.xlsform import XLSFormError, form_from_dict

    target = District.objects.filter(ags=district).first()
    if target is None:
        print(_("There is no district with the key %(ags)s.") % {"ags": district}, file=sys.stderr)
        return 1
    try:
        attachments = {Path(path).name: Path(path).read_bytes() for path in attach or []}
        version = import_questionnaire(
            target, Path(file).read_bytes(), Path(file).name, attachments
        )
    except (XLSFormError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    questions = sum(1 for _q in form_from_dict(version.form).questions())
    print(version.questionnaire_id, questions)
    return 0


def surveys_export(questionnaire_id: int, output: str) -> int:
    _configure(None)
    _django()
    from django.utils.translation import gettext as _

    from teilhabe.surveys.models import Questionnaire
    from teilhabe.surveys.xlsform import choice_files, form_from_dict, write_xlsform

    questionnaire = Questionnaire.objects.filter(pk=questionnaire_id).first()
    if questionnaire is None:
        print(
            _("There is no questionnaire with the id %(id)s.") % {"id": questionnaire_id},
            file=sys.stderr,
        )
        return 1
    version = questionnaire.current_version()
    form = form_from_dict(version.form)
    Path(output).write_bytes(write_xlsform(form))
    for name, content in choice_files(form).items():  # beside the workbook, as ODK expects
        (Path(output).parent / name).write_bytes(content)
    return 0


def report(args: argparse.Namespace) -> int:
    _configure(None)
    _django()
    return report_cli.run(args)


def up(host: str, port: int, data_dir: str | None, demo: bool, workers: int) -> int:
    _configure(data_dir)
    _django()
    from django.core.management import call_command
    from django.utils.translation import gettext as _

    from teilhabe.core.management.commands.setup_instance import Command as SetupInstance

    setup = SetupInstance()
    call_command(setup, demo=demo, hold_secrets=True)
    # Take over the tasks of lost workers (core/leases.py; safe beside other nodes' workers).
    call_command("recover_tasks")
    call_command("collectstatic", interactive=False, verbosity=0)
    env = dict(os.environ)
    env["PROMETHEUS_MULTIPROC_DIR"] = str(fresh_metrics_dir(Path(env["TEILHABE_DATA_DIR"])))
    worker = subprocess.Popen(
        [sys.executable, "-m", "teilhabe.cli", "manage", "task_worker", "--no-reload"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker_started = _forward(worker)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "teilhabe.wsgi:application",
            "--config",
            "python:teilhabe.gunicorn_conf",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            # No access log: the application logs each request (core/ops/middleware.py),
            # without the client's address.
            "--log-level",
            "warning",
        ],
        env=env,
    )

    # The handlers come before anything is printed: a caller that reads the address and stops
    # us at once must not leave gunicorn and the worker running without their parent.
    def stop(signum: int, frame: object) -> None:
        for process in (server, worker):
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    address = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(_("Teilhabe is running at %(address)s  (stop with Ctrl+C)") % {"address": address})
    print(_("Data directory: %(dir)s") % {"dir": os.environ["TEILHABE_DATA_DIR"]})
    worker_started.wait(timeout=30)  # its first line before the block, not after it
    print(framed(setup.secrets), end="", flush=True)

    code = server.wait()
    stop(0, None)
    worker.wait(timeout=30)
    return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code


def fresh_metrics_dir(data_dir: Path) -> Path:
    """The directory where gunicorn's workers and the task worker share their metrics
    (core/ops/metrics.py), emptied: the files of processes of an earlier start would count."""
    path = data_dir / "metrics"
    path.mkdir(exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    return path


def framed(lines: list[str]) -> str:
    """The password lines in a box, printed last so the access log does not hide them."""
    if not lines:
        return ""
    width = max(len(line) for line in lines)
    rule = "+" + "-" * (width + 2) + "+"
    body = [f"| {line.ljust(width)} |" for line in lines]
    return "\n".join(["", rule, *body, rule, ""]) + "\n"


def _forward(process: subprocess.Popen[str]) -> threading.Event:
    """Copy the worker's output to ours; the event is set at its first line (or its end)."""
    first_line = threading.Event()

    def run() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            first_line.set()
        first_line.set()

    threading.Thread(target=run, daemon=True).start()
    return first_line


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="teilhabe", description="Teilhabe")
    sub = p.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up", help="prepare everything and serve the application")
    p_up.add_argument("--host", default="127.0.0.1")
    p_up.add_argument("--port", type=int, default=8000)
    p_up.add_argument("--data-dir", default=None, help="default ./var or $TEILHABE_DATA_DIR")
    p_up.add_argument("--demo", action="store_true", help="load example data (Beispieldaten)")
    p_up.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p_manage = sub.add_parser("manage", help="Django management commands", add_help=False)
    p_manage.add_argument("args", nargs=argparse.REMAINDER)
    p_regions = sub.add_parser("regions", help="reference data of districts and municipalities")
    regions_sub = p_regions.add_subparsers(dest="regions_command", required=True)
    p_import = regions_sub.add_parser("import", help="import from the national municipality list")
    p_import.add_argument("file")
    p_import.add_argument("--kreis", action="append", metavar="AGS")
    apportion_cli.add_parser(sub)
    place_cli.add_parser(sub)
    backup_cli.add_parser(sub)
    bench_cli.add_parser(sub)
    report_cli.add_parser(sub)
    p_surveys = sub.add_parser("surveys", help="questionnaires in XLSForm")
    surveys_sub = p_surveys.add_subparsers(dest="surveys_command", required=True)
    p_in = surveys_sub.add_parser("import-xlsform", help="import a questionnaire (XLSForm)")
    p_in.add_argument("file")
    p_in.add_argument("--district", required=True, metavar="AGS")
    p_in.add_argument(
        "--attach",
        action="append",
        metavar="CSV",
        help="a CSV file a select_*_from_file question names (repeat for several)",
    )
    p_out = surveys_sub.add_parser("export-xlsform", help="export a questionnaire as XLSForm")
    p_out.add_argument("id", type=int)
    p_out.add_argument("-o", "--output", required=True, metavar="FILE")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "up":
        return up(args.host, args.port, args.data_dir, args.demo, args.workers)
    if args.command == "manage":
        return manage(args.args)
    if args.command == "regions":
        return regions_import(args.file, args.kreis)
    if args.command == "surveys" and args.surveys_command == "import-xlsform":
        return surveys_import(args.file, args.district, args.attach)
    if args.command == "surveys":
        return surveys_export(args.id, args.output)
    if args.command == "apportion":
        return apportion_cli.run(args)
    if args.command == "place":
        return place_cli.run(args)
    if args.command in ("backup", "restore"):
        return backup_cli.run(args)
    if args.command == "report":
        return report(args)
    if args.command == "bench":
        return bench_cli.run(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
