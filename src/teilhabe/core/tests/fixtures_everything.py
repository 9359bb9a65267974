"""Data of every kind in two districts, for the tests that walk every view: the permission
table (`test_permissions`) and the export guard (`test_export_guard`).

Rotenburg (Wümme) and Osterholz each get activities (Zeven, Sottrum and the whole district in
Rotenburg), an allocation period, the default questionnaire with a wave to all
municipalities, contacts, a workshop with invitations, a proposal, a file, a priority with a
measure, peer tandems, housing units, overload notices and announced batches, status reports,
public offers and events of the Wegweiser, and accounts with an open invitation (see the
`targets_*.setup` functions)."""

import datetime

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.allocation.services import create_period
from teilhabe.core.tests import (
    targets_accounts,
    targets_corrections,
    targets_directory,
    targets_events,
    targets_history,
    targets_peers,
    targets_placement,
    targets_reports,
    targets_surveys,
)
from teilhabe.regions.models import District, Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, default_questionnaire, make_activity

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"  # Osterholz-Scharmbeck


def populate(personas: dict[str, User], rotenburg: District, osterholz: District) -> dict[str, str]:
    """Create everything; returns a valid personal questionnaire link per district (AGS)."""
    from teilhabe.network.services import save_contact
    from teilhabe.surveys.services import create_questionnaire, create_wave

    make_activity(rotenburg, Municipality.objects.get(ars=ZEVEN_ARS))
    make_activity(rotenburg, Municipality.objects.get(ars=SOTTRUM_ARS))
    make_activity(rotenburg, None, title="Runder Tisch")
    make_activity(osterholz, Municipality.objects.get(ars=OSTERHOLZ_MUNICIPALITY_ARS))
    for district in (rotenburg, osterholz):
        create_period(
            district,
            {
                "name": "2026/I",
                "start": datetime.date(2026, 4, 1),
                "end": datetime.date(2026, 9, 30),
                "quota": 100,
                "population_date": datetime.date(2022, 5, 15),
                "method": "hare-niemeyer",
                "staff_ratio_limit": 80,
            },
        )
    links = {}
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
        links[district.ags] = next(iter(tokens.values()))
    for ars in (ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS):
        municipality = Municipality.objects.select_related("district").get(ars=ars)
        save_contact(
            municipality.district,
            {
                "name": f"Kontakt {ars}",
                "municipality": municipality,
                "consent_date": datetime.date(2026, 3, 1),
                "consent_way": "form",
            },
        )
    targets_events.setup(rotenburg, osterholz, personas["alice"])
    targets_peers.setup(rotenburg, osterholz)
    targets_placement.setup(rotenburg, osterholz)
    targets_reports.setup(rotenburg, osterholz)
    targets_accounts.setup(rotenburg, osterholz)
    targets_directory.setup(rotenburg, osterholz)
    targets_surveys.setup(rotenburg, osterholz)
    targets_corrections.setup(rotenburg, osterholz)
    targets_history.setup(rotenburg, osterholz)
    return links
