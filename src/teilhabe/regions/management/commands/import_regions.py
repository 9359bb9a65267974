from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from teilhabe.regions.regionlist import RegionListError, parse_region_list
from teilhabe.regions.services import import_districts


class Command(BaseCommand):
    help = "Import districts and municipalities from the national municipality list (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kreis",
            action="append",
            metavar="AGS",
            help="Only this district (5-digit key); may be given several times.",
        )

    def handle(self, *args: object, file: Path, kreis: list[str] | None, **options: object) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        try:
            specs = parse_region_list(data, file.name, kreis)
        except RegionListError as exc:
            raise CommandError(str(exc)) from exc
        result = import_districts(specs)
        for spec in specs:
            members = sum(len(m.members) for m in spec.municipalities)
            self.stdout.write(
                _("%(name)s (%(ags)s): %(municipalities)d municipalities, %(members)d Gemeinden")
                % {
                    "name": spec.name,
                    "ags": spec.ags,
                    "municipalities": len(spec.municipalities),
                    "members": members,
                }
            )
        self.stdout.write(
            _("Imported: %(created)d new, %(updated)d updated districts.")
            % {"created": result.districts_created, "updated": result.districts_updated}
        )
