"""Example network, March workshop and action plan for `teilhabe up --demo` (Beispieldaten).

The workshop of 18 March 2026 in the Kreishaus: every municipality invited through its
designated contact, answers, attendance, proposals, a closed dot vote, two priorities adopted
and measures in progress. People are fictitious and marked as example data."""

import datetime
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.actionplan import services as plan
from teilhabe.actionplan.models import Measure, Proposal
from teilhabe.core.demo import EXAMPLE_MARK
from teilhabe.events import services
from teilhabe.events.models import Event, EventKind, Invitation, Rsvp
from teilhabe.inventory.models import Activity, Category
from teilhabe.network.models import Contact, Organisation, OrganisationKind
from teilhabe.network.services import save_contact
from teilhabe.regions.models import District

if TYPE_CHECKING:
    from teilhabe.accounts.models import User

WORKSHOP = "Workshop Handlungsschwerpunkte Integration (Beispieldaten)"
AGENDA = """10:00 Begrüßung durch die Koordinierungsstelle
10:15 Ergebnisse der Bestandsaufnahme: wo steht der Landkreis?
11:00 Arbeitsgruppen: was läuft, was fehlt, wer kann wem helfen?
13:00 Mittagspause
13:45 Vorschläge vorstellen, Punktabfrage
14:45 Vereinbarungen und nächste Schritte"""
PROPOSALS = [  # title, field of action key, description
    (
        "Sprachcafés in allen Samtgemeinden",
        "language",
        "Ehrenamtlich getragene Sprachcafés als Ergänzung zu den Integrationskursen.",
    ),
    (
        "Ehrenamtliche Lotsinnen und Lotsen gewinnen und begleiten",
        "volunteering",
        "Gemeinsame Schulungen und Austausch für Lotsenprogramme, Aufwandsentschädigung klären.",
    ),
    ("Wohnraum: Übersicht und Ansprechpersonen je Kommune", "housing", ""),
    ("Psychosoziale Erstberatung erreichbar machen", "health", ""),
    ("Interkulturelle Öffnung der Rathäuser", "intercultural-opening", ""),
    ("Sport- und Vereinsangebote mehrsprachig bekannt machen", "sport-culture", ""),
]


def _contacts(district: District) -> list[Contact]:
    """A municipal office and one designated contact per municipality."""
    contacts = []
    for i, municipality in enumerate(district.municipalities.order_by("name")):
        office = Organisation.objects.create(
            district=district,
            municipality=municipality,
            kind=OrganisationKind.MUNICIPAL_OFFICE,
            name=f"{municipality.name}, Rathaus ({EXAMPLE_MARK})",
        )
        contacts.append(
            save_contact(
                district,
                {
                    "name": f"Ansprechperson {i + 1} ({EXAMPLE_MARK})",
                    "role": "Integrationsbeauftragte",
                    "organisation": office,
                    "municipality": municipality,
                    "designated": True,
                    "email": f"kontakt{i + 1}@example.org",
                    "consent_date": datetime.date(2026, 2, 2),
                    "consent_way": "form",
                },
            )
        )
    return contacts


def _workshop(district: District, rnd: random.Random) -> Event:
    event = services.create_event(
        district,
        {
            "kind": EventKind.WORKSHOP,
            "title": WORKSHOP,
            "date": datetime.date(2026, 3, 18),
            "start_time": datetime.time(10, 0),
            "end_time": datetime.time(15, 0),
            "place": "Kreishaus Rotenburg (Wümme), Sitzungssaal",
            "agenda": AGENDA,
            "rsvp_until": datetime.date(2026, 3, 6),
            "vote_points": 5,
            "minutes": (
                "Beispielprotokoll: 11 von 13 Kommunen vertreten. Die Punktabfrage ergab "
                "zwei Handlungsschwerpunkte, die in das Handlungskonzept übernommen werden."
            ),
        },
    )
    services.invite(event, all_municipalities=True)
    invitations = list(event.invitations.order_by("municipality__name"))
    for n, invitation in enumerate(invitations):
        if n < 11:
            services.answer(invitation, Rsvp.YES, rnd.randint(1, 2))
        elif n == 11:
            services.answer(invitation, Rsvp.NO, 0)
    services.record_attendance(
        event,
        {
            i.municipality_id: i.persons
            for i in invitations
            if i.rsvp == Rsvp.YES and i.municipality_id is not None
        },
    )
    categories = {c.key: c for c in Category.objects.filter(district=district)}
    for n, (title, key, text) in enumerate(PROPOSALS):
        plan.submit_proposal(
            event,
            {
                "title": title,
                "description": text,
                "category": categories.get(key),
                "municipality": invitations[n * 2].municipality,
            },
        )
    plan.open_vote(event)
    weights = [9, 8, 3, 4, 2, 2]
    proposals = list(event.proposals.all())
    for invitation in invitations[:11]:
        picks = rnd.choices(proposals, weights=weights, k=5)
        points: dict[int, int] = {}
        for p in picks:
            points[p.pk] = points.get(p.pk, 0) + 1
        plan.cast_ballot(event, f"invitation:{invitation.pk}", points, invitation.municipality)
    plan.close_vote(event)
    Event.objects.filter(pk=event.pk).update(
        vote_opened_at=datetime.datetime(2026, 3, 18, 12, 50, tzinfo=datetime.UTC),
        vote_closed_at=datetime.datetime(2026, 3, 18, 13, 30, tzinfo=datetime.UTC),
    )
    return event


def _plan(district: District, event: Event, user: "User | None") -> None:
    top = [p for p, _r in plan.ranking(event)][:2]
    municipalities = list(district.municipalities.order_by("name"))
    for order, proposal in enumerate(top, start=1):
        priority = plan.adopt(proposal, order)
        priority.adopted_on = datetime.date(2026, 4, 22)
        priority.save(update_fields=["adopted_on"])
    first, second = [plan.adopt(p) for p in top]
    activities = list(Activity.objects.filter(district=district).order_by("pk")[:2])
    d = datetime.date
    measures = [
        (
            first,
            "Starterpaket für neue Angebote erstellen",
            "Koordinierungsstelle",
            [],
            d(2026, 6, 30),
            [(d(2026, 5, 20), 60, "Entwurf abgestimmt"), (d(2026, 7, 10), 80, "Layout in Arbeit")],
        ),
        (
            first,
            "Zwei neue Angebote in Kommunen ohne Angebot starten",
            "Kommunen mit der Koordinierungsstelle",
            municipalities[3:5],
            d(2027, 3, 31),
            [(d(2026, 9, 1), 30, "Räume gefunden")],
        ),
        (
            second,
            "Gemeinsame Schulungsreihe für Ehrenamtliche",
            "Koordinierungsstelle mit Freiwilligenagentur",
            municipalities[:3],
            d(2026, 10, 31),
            [(d(2026, 9, 15), 50, "Zwei von vier Terminen")],
        ),
        (
            second,
            "Austauschtreffen der Lotsenprogramme",
            "Koordinierungsstelle",
            [],
            d(2027, 2, 28),
            [],
        ),
    ]
    for priority, title, responsible, where, due, notes in measures:
        measure = plan.save_measure(
            Measure(priority=priority),
            {
                "title": title,
                "responsible": responsible,
                "due": due,
                "municipalities": where,
                "activities": activities if title.startswith("Zwei") else [],
            },
        )
        for date, progress, text in notes:
            plan.record_progress(measure, progress, text, user, date)


def example_events() -> Iterator[str]:
    district = District.objects.filter(ags="03357").first()
    if district is None or Event.objects.filter(district=district).exists():
        return
    from teilhabe.accounts.models import User

    rnd = random.Random(318)
    _contacts(district)
    event = _workshop(district, rnd)
    _plan(district, event, User.objects.filter(username="beispiel-koordination").first())
    services.create_event(
        district,
        {
            "kind": EventKind.NETWORK_MEETING,
            "title": f"Netzwerktreffen Ehrenamt ({EXAMPLE_MARK})",
            "date": timezone.localdate() + datetime.timedelta(days=21),
            "start_time": datetime.time(17, 0),
            "end_time": datetime.time(19, 0),
            "place": "Rathaus Zeven",
            "agenda": "Austausch der Lotsenprogramme",
        },
    )
    yield _(
        "Example events (%(mark)s): the March workshop with %(invited)s invitations, "
        "%(proposals)s proposals and two priorities"
    ) % {
        "mark": EXAMPLE_MARK,
        "invited": Invitation.objects.filter(event=event).count(),
        "proposals": Proposal.objects.filter(event=event).count(),
    }
