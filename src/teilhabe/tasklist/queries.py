"""Meine Aufgaben: what is asked of a user now, gathered from every app, for the
municipalities they edit and the districts they coordinate. Nothing is stored: each task
follows from the state of its object, so it disappears when the work is done."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.scoping import Scope
from teilhabe.regions.models import Municipality

STALE_AFTER = datetime.timedelta(days=365)  # an offer not confirmed for 12 months
SOON = datetime.timedelta(days=14)  # measures due within two weeks


@dataclass(frozen=True)
class Task:
    due: datetime.date | None
    kind: str  # what sort of work, e.g. "Fragebogen"
    title: str
    municipality: str  # whose task; "" for the district's own
    action: str  # what to do, as the link's text
    url: str
    overdue: bool


def _municipalities(scope: Scope) -> list[Municipality]:
    """The municipalities whose tasks are the user's: those they edit, and every municipality
    of the districts they coordinate."""
    found = Municipality.objects.filter(Q(pk__in=scope.edited) | Q(district__in=scope.coordinated))
    return list(scope.filter(found).order_by("name"))


def tasks_for(scope: Scope, today: datetime.date | None = None) -> list[Task]:
    """Every open task of the user, by due date (those without a date last)."""
    today = today or timezone.localdate()
    municipalities = _municipalities(scope)
    found = [
        *_questionnaires(scope, municipalities, today),
        *_event_invitations(scope, municipalities, today),
        *_tandems(scope, municipalities),
        *_measures(scope, municipalities, today),
        *_stale_offers(scope, municipalities, today),
    ]
    return sorted(found, key=lambda t: (t.due is None, t.due or today, t.municipality, t.title))


def _questionnaires(
    scope: Scope, municipalities: list[Municipality], today: datetime.date
) -> Iterator[Task]:
    from teilhabe.surveys.models import Response, ResponseStatus, ReviewState

    responses = scope.filter(
        Response.objects.filter(
            invitation__municipality__in=municipalities,
            invitation__revoked_at__isnull=True,
            invitation__wave__opens__lte=today,
            invitation__wave__closes__gte=today,
        ).exclude(status=ResponseStatus.SUBMITTED)
    ).select_related("invitation__wave__version__questionnaire", "invitation__municipality")
    for r in responses:
        wave = r.invitation.wave
        if r.review == ReviewState.QUESTIONS:
            action = _("answer the office's question and submit again")
        elif r.status == ResponseStatus.IN_PROGRESS:
            action = _("continue answering")
        else:
            action = _("answer the questionnaire")
        yield Task(
            wave.closes,
            _("Questionnaire"),
            f"{wave.version.questionnaire.title} ({wave.name})",
            r.invitation.municipality.name,
            action,
            reverse("surveys:answer-as-member", args=[r.pk]),
            False,
        )


def _event_invitations(
    scope: Scope, municipalities: list[Municipality], today: datetime.date
) -> Iterator[Task]:
    from teilhabe.events.models import Invitation, Rsvp

    invitations = scope.filter(
        Invitation.objects.filter(
            municipality__in=municipalities,
            rsvp=Rsvp.PENDING,
            revoked_at__isnull=True,
            event__date__gte=today,
        )
    ).select_related("event", "municipality")
    for i in invitations:
        due = i.event.rsvp_until or i.event.date
        yield Task(
            due,
            _("Invitation"),
            f"{i.event.title} ({i.event.date:%d.%m.%Y})",
            i.municipality.name if i.municipality else "",
            _("answer the invitation"),
            reverse("events:event-detail", args=[i.event_id]),
            due < today,
        )


def _tandems(scope: Scope, municipalities: list[Municipality]) -> Iterator[Task]:
    from teilhabe.peers.models import Tandem, TandemStatus

    ids = [m.pk for m in municipalities]
    tandems = scope.filter(
        Tandem.objects.filter(status=TandemStatus.PROPOSED).filter(
            Q(giver__in=ids, giver_confirmed_at__isnull=True)
            | Q(receiver__in=ids, receiver_confirmed_at__isnull=True)
        )
    ).select_related("giver", "receiver", "category")
    for t in tandems:
        sides = [
            (t.giver, t.giver_confirmed_at, _("confirm as the helping side")),
            (t.receiver, t.receiver_confirmed_at, _("confirm as the receiving side")),
        ]
        for municipality, confirmed, action in sides:
            if municipality.pk in ids and confirmed is None:
                yield Task(
                    None,
                    _("Tandem"),
                    f"{t.giver.name} → {t.receiver.name}: {t.category.name}",
                    municipality.name,
                    action,
                    reverse("peers:tandem-detail", args=[t.pk]),
                    False,
                )


def _measures(
    scope: Scope, municipalities: list[Municipality], today: datetime.date
) -> Iterator[Task]:
    """Open measures due within two weeks or overdue: a municipality's where it is named
    among the measure's municipalities or as responsible; every one of a coordinated district."""
    from teilhabe.actionplan.models import Measure, MeasureStatus

    names = [m.name for m in municipalities]
    mine = Q(priority__district__in=scope.coordinated) | Q(municipalities__in=municipalities)
    for name in names:
        mine |= Q(responsible__icontains=name)
    measures = (
        scope.filter(
            Measure.objects.filter(
                mine,
                status__in=[MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS],
                due__lte=today + SOON,
            )
        )
        .select_related("priority")
        .distinct()
    )
    for m in measures:
        assert m.due is not None  # filtered on it
        yield Task(
            m.due,
            _("Measure"),
            _("%(title)s (responsible: %(who)s)") % {"title": m.title, "who": m.responsible},
            "",
            _("report progress"),
            reverse("actionplan:measure-detail", args=[m.pk]),
            m.due < today,
        )


def _stale_offers(
    scope: Scope, municipalities: list[Municipality], today: datetime.date
) -> Iterator[Task]:
    from teilhabe.inventory.models import Activity, ActivityStatus

    stale = Q(last_confirmed__isnull=True) | Q(last_confirmed__lt=today - STALE_AFTER)
    activities = scope.filter(
        Activity.objects.filter(stale, municipality__in=municipalities).exclude(
            status=ActivityStatus.ENDED
        )
    ).select_related("municipality")
    for a in activities.order_by("last_confirmed", "title"):
        due = a.last_confirmed + STALE_AFTER if a.last_confirmed else None
        yield Task(
            due,
            _("Offer"),
            a.title,
            a.municipality.name if a.municipality else "",
            _("confirm it is still current"),
            reverse("inventory:activity-edit", args=[a.pk]),
            True,
        )
