"""The shipped reference data of Landkreis Rotenburg (Wümme): 13 Kommunen, 57 Gemeinden and
their boundaries, copied from shared/data with SOURCES.md (see regions/data/)."""

import csv
import datetime
import io
import json
from collections import defaultdict
from decimal import Decimal
from importlib.resources import files
from typing import Any

from teilhabe.regions.regionlist import DistrictSpec, MemberSpec, MunicipalitySpec
from teilhabe.regions.services import ImportResult, import_districts
from teilhabe.regions.sources import ZENSUS_DATE

ROTENBURG_AGS = "03357"
GV_DATE = datetime.date(2022, 12, 31)
DATA = files("teilhabe.regions") / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with io.TextIOWrapper((DATA / name).open("rb"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def rotenburg_spec() -> tuple[DistrictSpec, dict[str, Any], dict[str, str]]:
    """The district as a spec, plus boundaries and seat names by ARS."""
    members_by_kommune: dict[str, list[MemberSpec]] = defaultdict(list)
    for row in _rows("rotenburg_gemeinden.csv"):
        populations = [(ZENSUS_DATE, int(row["population"]))]
        if row["population_2022_12_31"]:
            populations.append((GV_DATE, int(row["population_2022_12_31"])))
        members_by_kommune[row["kommune_ars"]].append(
            MemberSpec(
                ars=row["ars"],
                ags=row["ags"],
                name=row["name"],
                designation=row["designation"],
                area_km2=_decimal(row["area_km2"]),
                lat=_decimal(row["lat"]),
                lon=_decimal(row["lon"]),
                plz_seat=row["plz_seat"],
                populations=tuple(populations),
            )
        )
    municipalities = []
    for row in _rows("rotenburg_kommunen.csv"):
        members = tuple(sorted(members_by_kommune[row["ars"]], key=lambda m: m.name))
        populations = [
            (datetime.date.fromisoformat(row["population_date"]), int(row["population"]))
        ]
        gv = [p for m in members for d, p in m.populations if d == GV_DATE]
        if len(gv) == len(members):
            populations.append((GV_DATE, sum(gv)))
        municipalities.append(
            MunicipalitySpec(
                ars=row["ars"],
                ags=row["ags"] or None,
                name=row["name"],
                kind=row["kind"],
                area_km2=_decimal(row["area_km2"]),
                lat=_decimal(row["lat"]),
                lon=_decimal(row["lon"]),
                members=members,
                populations=tuple(sorted(populations)),
            )
        )
    geojson = json.loads((DATA / "rotenburg_kommunen.geojson").read_text(encoding="utf-8"))
    boundaries = {f["properties"]["ars"]: f["geometry"] for f in geojson["features"]}
    seats = {f["properties"]["ars"]: f["properties"]["seat"] for f in geojson["features"]}
    spec = DistrictSpec(
        ags=ROTENBURG_AGS,
        name="Landkreis Rotenburg (Wümme)",
        land="Niedersachsen",
        municipalities=tuple(sorted(municipalities, key=lambda m: m.name)),
    )
    return spec, boundaries, seats


def load_rotenburg() -> ImportResult:
    spec, boundaries, seats = rotenburg_spec()
    return import_districts([spec], boundaries=boundaries, seats=seats)
