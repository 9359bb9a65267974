"""The data the permission table's targets point at, shared by the tests that walk the table
(test_permissions, test_hostile_input): activities, allocation periods, a wave with personal
links, contacts, events, tandems and reports in Rotenburg (Wümme) and Osterholz."""

import datetime

from django.utils import timezone

from teilhabe.allocation.services import create_period
from teilhabe.core.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity
from teilhabe.core.tests import targets_events, targets_peers, targets_reports
from teilhabe.regions.models import Municipality

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"  # Osterholz-Scharmbeck
LINKS: dict[str, str] = {}  # a valid personal link per district, set by setup()


def setup(personas, rotenburg, osterholz) -> None:
    """One activity in Zeven, Sottrum, the whole of Rotenburg and Osterholz, and the rest."""
    make_activity(rotenburg, Municipality.objects.get(ars=ZEVEN_ARS))
    make_activity(rotenburg, Municipality.objects.get(ars=SOTTRUM_ARS))
    make_activity(rotenburg, None, title="Runder Tisch")
    make_activity(osterholz, Municipality.objects.get(ars=OSTERHOLZ_MUNICIPALITY_ARS))
    for district in (rotenburg, osterholz):
        create_period(district, {
            "name": "2026/I", "start": datetime.date(2026, 4, 1),
            "end": datetime.date(2026, 9, 30), "quota": 100,
            "population_date": datetime.date(2022, 5, 15), "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        })  # fmt: skip
    from teilhabe.core.testing import default_questionnaire
    from teilhabe.surveys.services import create_questionnaire, create_wave

    today = timezone.localdate()
    for district in (rotenburg, osterholz):
        version = create_questionnaire(district, default_questionnaire())
        _wave, tokens = create_wave(
            version,
            "Herbst",
            today,
            today + datetime.timedelta(days=9),
            district.municipalities.all(),
        )
        LINKS[district.ags] = next(iter(tokens.values()))
    from teilhabe.network.services import save_contact

    for ars in (ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS):
        municipality = Municipality.objects.select_related("district").get(ars=ars)
        save_contact(municipality.district, {
            "name": f"Kontakt {ars}", "municipality": municipality,
            "consent_date": datetime.date(2026, 3, 1), "consent_way": "form",
        })  # fmt: skip
    targets_events.setup(rotenburg, osterholz, personas["alice"])
    targets_peers.setup(rotenburg, osterholz)
    targets_reports.setup(rotenburg, osterholz)
