"""The reference data sources Teilhabe ships, with the attribution their licences require.

Titles and attributions are quoted from the publishers in German, as their licences ask; see
regions/data/SOURCES.md for how each shipped file was made."""

import datetime

from teilhabe.regions.models import DataSource

ZENSUS_DATE = datetime.date(2022, 5, 15)

SOURCES: dict[str, dict[str, str]] = {
    "zensus-2022": {
        "title": "Zensus 2022, Bevölkerung nach Gemeinden (Stichtag 15.05.2022)",
        "attribution": "Statistische Ämter des Bundes und der Länder, Zensus 2022",
        "licence": "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)",
        "url": "https://ergebnisse.zensus2022.de",
    },
    "destatis-gv": {
        "title": (
            "Destatis Gemeindeverzeichnis GV-ISys, Gebietsstand 30.09.2023 "
            "(Bevölkerung 31.12.2022, Fortschreibung auf Basis Zensus 2011)"
        ),
        "attribution": (
            "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-"
            "Informationssystem GV-ISys, Gebietsstand 30.09.2023"
        ),
        "licence": "Vervielfältigung und Verbreitung mit Quellenangabe gestattet",
        "url": "https://www.destatis.de",
    },
    "bkg-vg5000": {
        "title": "BKG Verwaltungsgebiete 1:5 000 000 (VG5000), Stand 01.01.2021",
        "attribution": "© GeoBasis-DE / BKG 2021 (Daten verändert)",
        "licence": "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)",
        "url": "https://www.bkg.bund.de",
    },
}


def ensure_sources() -> dict[str, DataSource]:
    """Create or refresh the shipped sources; return them by key."""
    return {
        key: DataSource.objects.update_or_create(key=key, defaults=fields)[0]
        for key, fields in SOURCES.items()
    }


def source_for_date(reference_date: datetime.date) -> str:
    """The national lists carry two figures: the Zensus count and the Destatis update."""
    return "zensus-2022" if reference_date == ZENSUS_DATE else "destatis-gv"
