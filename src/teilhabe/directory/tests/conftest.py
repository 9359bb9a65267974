"""A small Wegweiser of Landkreis Rotenburg (Wümme): public offers in Zeven and Sottrum and one
for the whole district, with a named contact who consented; and what must never be public: a
non-public offer, one not confirmed for over a year, a contact whose consent is gone, an
internal event. Their titles and names carry words that appear nowhere else, so a test can
search every public answer for them."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation

from teilhabe.events.models import Event
from teilhabe.events.services import create_event
from teilhabe.inventory.models import Activity
from teilhabe.network.models import Contact
from teilhabe.network.services import save_contact
from teilhabe.regions.models import District, Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

# Words that may never appear in a public answer.
SECRETS = ("Xylophonkreis", "Quokkatreff", "Hanna Heimlich", "Zebraklausur", "0421 999 666")


@dataclass
class Wegweiser:
    district: District
    zeven: Municipality
    cafe: Activity  # public, in Zeven, with a named contact who consented, seeks volunteers
    counselling: Activity  # public, in Sottrum, its named contact's consent is gone
    district_wide: Activity  # public, for the whole district
    hidden: Activity  # not public
    stale: Activity  # public, but not confirmed for two years
    contact: Contact
    event: Event  # public, of the café
    internal: Event  # not public


def _contact(district: District, name: str, municipality: Municipality) -> Contact:
    return save_contact(
        district,
        {
            "name": name,
            "municipality": municipality,
            "phone": "0421 999 666" if name == "Hanna Heimlich" else "04281 123 45",
            "consent_date": datetime.date(2026, 3, 1),
            "consent_way": "form",
        },
    )


def build(district: District) -> Wegweiser:
    today = timezone.localdate()
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    contact = _contact(district, "Erika Muster", zeven)
    withdrawn = _contact(district, "Hanna Heimlich", sottrum)
    public = {"public": True, "last_confirmed": today}
    cafe = make_activity(
        district,
        zeven,
        title="Sprachcafé am Markt",
        description="Deutsch sprechen bei Kaffee und Kuchen, für alle, die neu in Zeven sind.",
        address="Große Straße 5, 27404 Zeven",
        latitude="53.29810",
        longitude="9.27640",
        opening_hours="Jeden Dienstag 15–17 Uhr, nicht in den Schulferien",
        cost="free",
        barrier_free="yes",
        registration="none",
        languages="Deutsch, Arabisch, Ukrainisch",
        public_phone="04281 555 10",
        public_email="sprachcafe@example.org",
        public_contact=contact,
        seeks_volunteers=True,
        volunteer_tasks="Gespräche auf Deutsch führen",
        volunteer_time="2 Stunden pro Woche",
        **public,
    )
    counselling = make_activity(
        district,
        sottrum,
        title="Migrationsberatung Sottrum",
        description="Beratung zu Aufenthalt, Arbeit und Wohnen.",
        public_contact=withdrawn,
        cost="fee",
        **public,
    )
    district_wide = make_activity(district, None, title="Fahrradwerkstatt Rotenburg", **public)
    hidden = make_activity(district, zeven, title="Xylophonkreis intern", last_confirmed=today)
    stale = make_activity(
        district,
        zeven,
        title="Quokkatreff",
        public=True,
        last_confirmed=today - datetime.timedelta(days=800),
    )
    # The consent is withdrawn after the contact was chosen (the form offers only listed ones).
    Contact.objects.filter(pk=withdrawn.pk).update(consent_date=None)
    event = create_event(
        district,
        {
            "title": "Offener Sprachabend",
            "date": today + datetime.timedelta(days=7),
            "start_time": datetime.time(18, 0),
            "place": "Rathaus Zeven",
            "public": True,
            "activity": cafe,
        },
    )
    internal = create_event(
        district, {"title": "Zebraklausur", "date": today + datetime.timedelta(days=5)}
    )
    return Wegweiser(
        district, zeven, cafe, counselling, district_wide, hidden, stale, contact, event, internal
    )


@pytest.fixture
def wegweiser(rotenburg: District) -> Wegweiser:
    return build(rotenburg)


@pytest.fixture(autouse=True)
def _german_addresses() -> Iterator[None]:
    """reverse() under i18n_patterns follows the active language, and a request to /uk/…
    leaves Ukrainian active in the test's thread: each test starts from German addresses."""
    with translation.override("de"):
        yield
