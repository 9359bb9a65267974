"""Permission-table targets of events and the action plan: a workshop per district with its
invitations (personal links), a proposal, a file, a priority with a measure, and a calendar feed."""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from teilhabe.core.tests.targets import Target, asking_first, both_districts
from teilhabe.testing import ZEVEN_ARS

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"
RSVP_LINKS: dict[str, str] = {}  # a valid personal event link per district
FEED: list[str] = []  # a valid calendar feed token


def setup(rotenburg, osterholz, user) -> None:
    from teilhabe.actionplan import services as plan
    from teilhabe.actionplan.models import Measure, Priority
    from teilhabe.events import services
    from teilhabe.events.models import CalendarFeed, EventFile, EventMailing, EventReminderDate

    RSVP_LINKS.clear()
    FEED.clear()
    for district in (rotenburg, osterholz):
        event = services.create_event(
            district,
            {
                "title": "Workshop",
                "date": timezone.localdate() + datetime.timedelta(days=10),
            },
        )
        tokens = services.invite(event, all_municipalities=True)
        RSVP_LINKS[district.ags] = next(iter(tokens.values()))
        EventReminderDate.objects.create(
            event=event,
            on=timezone.localdate() + datetime.timedelta(days=3),
            base_url="http://testserver/",
        )
        EventMailing.objects.create(
            event=event, kind="link", total=2, sent=2, finished_at=timezone.now()
        )
        proposal = plan.submit_proposal(event, {"title": "Sprachcafés"})
        EventFile(event=event, title="Protokoll").file.save("protokoll.txt", ContentFile(b"x"))
        priority = Priority.objects.create(district=district, title="Sprache", proposal=proposal)
        Measure.objects.create(priority=priority, title="Sprachcafé", responsible="Koordinierung")
    feed = CalendarFeed(user=user)
    FEED.append(feed.new_token())
    feed.save()


def _objects(model: str, path: str = "district"):
    from django.apps import apps

    app = "actionplan" if model in ("Proposal", "Priority", "Measure") else "events"
    return apps.get_model(app, model).objects.select_related(path).order_by("pk")


def _events(name: str, method: str = "get", data: dict | None = None) -> list[Target]:
    return [
        Target(reverse(name, args=[e.pk]), e.district.ags, None, method, data)
        for e in _objects("Event")
    ]


def _get_and_post(name: str, data: dict, build=_events) -> list[Target]:
    return [*build(name), *build(name, "post", data)]


def _invitations(name: str, data: dict | None = None) -> list[Target]:
    return [
        Target(reverse(name, args=[i.pk]), i.event.district.ags, None, "post", data)
        for i in _objects("Invitation", "event__district").select_related("municipality")
        if i.municipality and i.municipality.ars in (ZEVEN_ARS, OSTERHOLZ_MUNICIPALITY_ARS)
    ]


def _by(model: str, path: str, name: str, method: str = "get", data=None) -> list[Target]:
    rows = _objects(model, path)
    district = path.replace("__", ".")
    return [
        Target(reverse(name, args=[o.pk]), _attr(o, district).ags, None, method, data) for o in rows
    ]


def _attr(obj, dotted: str):
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _links(name: str, method: str = "get", data: dict | None = None) -> list[Target]:
    return [Target(reverse(name, args=[t]), None, None, method, data) for t in RSVP_LINKS.values()]


PROGRESS = {"progress": "20", "date": "2026-11-01", "text": "Termine stehen"}

TARGETS = {
    "events:event-list": lambda u: both_districts("events:event-list"),
    "events:event-create": lambda u: [
        *both_districts("events:event-create"),
        *[
            Target(t.url, t.district, None, "post", {"title": ""})
            for t in both_districts("events:event-create")
        ],
    ],
    "events:event-detail": lambda u: _events("events:event-detail"),
    "events:event-edit": lambda u: _get_and_post("events:event-edit", {"title": ""}),
    "events:invite": lambda u: _get_and_post("events:invite", {"all_municipalities": "on"}),
    "events:attendance": lambda u: _get_and_post("events:attendance", {}),
    "events:file-upload": lambda u: _events("events:file-upload", "post", {}),
    "events:event-ical": lambda u: _events("events:event-ical"),
    "events:file-download": lambda u: _by("EventFile", "event__district", "events:file-download"),
    "events:invitation-revoke": lambda u: asking_first(_invitations("events:invitation-revoke")),
    "events:invitation-renew": lambda u: asking_first(_invitations("events:invitation-renew")),
    "events:invitation-send": lambda u: _invitations(
        "events:invitation-send", {"email": "zeven@example.org"}
    ),
    # Posts a coordinator's request would refuse as invalid: only the rule decides.
    "events:event-send": lambda u: _events("events:event-send", "post", {"kind": "x"}),
    "events:reminder-add": lambda u: _events("events:reminder-add", "post", {"on": "kein Datum"}),
    "events:reminder-delete": lambda u: _by(
        "EventReminderDate", "event__district", "events:reminder-delete", "post"
    ),
    "events:mailing-status": lambda u: _by(
        "EventMailing", "event__district", "events:mailing-status"
    ),
    "events:invitation-bounce": lambda u: _invitations("events:invitation-bounce"),
    "events:feed-create": lambda u: [Target(reverse("events:feed-create"), method="post")],
    "events:feed": lambda u: [Target(reverse("events:feed", args=[t])) for t in FEED],
    "events:rsvp": lambda u: [
        *_links("events:rsvp"),
        *_links("events:rsvp", "post", {"rsvp": "yes", "persons": "2"}),
    ],
    "events:rsvp-ical": lambda u: _links("events:rsvp-ical"),
    "actionplan:proposals": lambda u: _events("actionplan:proposals"),
    "actionplan:proposal-create": lambda u: _get_and_post(
        "actionplan:proposal-create", {"title": ""}
    ),
    "actionplan:vote": lambda u: _events("actionplan:vote"),
    "actionplan:vote-open": lambda u: asking_first(_events("actionplan:vote-open", "post")),
    "actionplan:vote-close": lambda u: asking_first(_events("actionplan:vote-close", "post")),
    "actionplan:adopt": lambda u: _by("Proposal", "event__district", "actionplan:adopt", "post"),
    "actionplan:plan": lambda u: both_districts("actionplan:plan"),
    "actionplan:plan-export": lambda u: both_districts("actionplan:plan-export"),
    "actionplan:priority-create": lambda u: [
        *both_districts("actionplan:priority-create"),
        *[
            Target(t.url, t.district, None, "post", {"title": ""})
            for t in both_districts("actionplan:priority-create")
        ],
    ],
    "actionplan:priority-edit": lambda u: _by("Priority", "district", "actionplan:priority-edit"),
    "actionplan:measure-create": lambda u: [
        *_by("Priority", "district", "actionplan:measure-create"),
        *_by("Priority", "district", "actionplan:measure-create", "post", {"title": ""}),
    ],
    "actionplan:measure-detail": lambda u: _by(
        "Measure", "priority__district", "actionplan:measure-detail"
    ),
    "actionplan:measure-edit": lambda u: _by(
        "Measure", "priority__district", "actionplan:measure-edit"
    ),
    "actionplan:progress": lambda u: _by(
        "Measure", "priority__district", "actionplan:progress", "post", PROGRESS
    ),
    "actionplan:link-proposal": lambda u: _links("actionplan:link-proposal"),
    "actionplan:link-vote": lambda u: _links("actionplan:link-vote"),
}


def snapshot() -> list[tuple]:
    from teilhabe.actionplan.models import Ballot, Measure, Priority, ProgressNote, Proposal
    from teilhabe.events.models import (
        Attendance,
        Event,
        EventFile,
        EventMailing,
        EventReminderDate,
        Invitation,
    )

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return [
        *rows(Event, "title", "vote_opened_at", "vote_closed_at", "proposals_open"),
        *rows(Invitation, "token_hash", "revoked_at", "email", "rsvp", "failed_at", "failure"),
        *rows(EventMailing, "total", "sent", "failed"),
        *rows(EventReminderDate, "on", "done_at"),
        *rows(Attendance, "persons"),
        *rows(EventFile, "title"),
        *rows(Proposal, "title"),
        *rows(Ballot, "points"),
        *rows(Priority, "title"),
        *rows(Measure, "title", "progress", "version"),
        *rows(ProgressNote, "progress"),
    ]
