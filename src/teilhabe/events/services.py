"""Writes of events: invitations with personal links, answers, attendance, files."""

import datetime
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from teilhabe.core.links import LinkInvalid, hash_token
from teilhabe.events import tasks
from teilhabe.events.models import Attendance, Event, EventFile, Invitation, Rsvp
from teilhabe.network.models import Contact
from teilhabe.regions.models import District, Municipality

LINK_DAYS_AFTER = 60  # a link still opens after the day, for proposals and the vote
FILE_TYPES = {
    ".pdf",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".txt",
    ".csv",
    ".png",
    ".jpg",
    ".jpeg",
}
FILE_LIMIT = 20 * 1024 * 1024


class NoConsent(ValueError):
    """Only contacts with recorded consent of the event's district can be invited."""

    def __init__(self, contacts: list[int]) -> None:
        super().__init__("contacts without consent")
        self.contacts = contacts


@transaction.atomic
def create_event(district: District, values: Mapping[str, Any]) -> Event:
    event = Event(district=district, **values)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def update_event(event: Event, values: Mapping[str, Any]) -> Event:
    for name, value in values.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    return event


def _new(event: Event, **fields: Any) -> tuple[Invitation, str]:
    invitation = Invitation(event=event, **fields)
    token = invitation.new_token()
    invitation.save()
    return invitation, token


@transaction.atomic
def invite(
    event: Event,
    contacts: Iterable[Contact] = (),
    all_municipalities: bool = False,
    only: set[int] | None = None,
) -> dict[int, str]:
    """Invite contacts and/or every municipality of the district (its designated contacts, or
    the municipality itself where none is designated), or of those whose ids are in `only`.
    Nobody is invited twice. Returns the clear links' tokens by invitation id; only their
    hashes are stored.

    Raises NoConsent, writing nothing, if any contact lacks consent or belongs elsewhere."""
    chosen = list(contacts)
    allowed = set(
        Contact.objects.listed()
        .filter(district=event.district, pk__in=[c.pk for c in chosen])
        .values_list("pk", flat=True)
    )
    refused = [c.pk for c in chosen if c.pk not in allowed]
    if refused:
        raise NoConsent(refused)
    already = set(event.invitations.exclude(contact=None).values_list("contact_id", flat=True))
    covered: set[int | None] = set(event.invitations.values_list("municipality_id", flat=True))
    tokens: dict[int, str] = {}
    for contact in chosen:
        if contact.pk not in already:
            invitation, token = _new(
                event, contact=contact, municipality=contact.municipality, email=contact.email
            )
            tokens[invitation.pk] = token
            already.add(contact.pk)
            covered.add(contact.municipality_id)
    if all_municipalities:
        designated = Contact.objects.listed().filter(district=event.district, designated=True)
        by_municipality: dict[int | None, list[Contact]] = {}
        for contact in designated.exclude(municipality=None):
            by_municipality.setdefault(contact.municipality_id, []).append(contact)
        municipalities = event.district.municipalities.order_by("name")
        if only is not None:
            municipalities = municipalities.filter(pk__in=only)
        for municipality in municipalities:
            people = [c for c in by_municipality.get(municipality.pk, []) if c.pk not in already]
            for contact in people:
                invitation, token = _new(
                    event, contact=contact, municipality=municipality, email=contact.email
                )
                tokens[invitation.pk] = token
                already.add(contact.pk)
            if not people and municipality.pk not in covered:
                invitation, token = _new(event, municipality=municipality)
                tokens[invitation.pk] = token
            covered.add(municipality.pk)
    return tokens


@transaction.atomic
def send_invitation(invitation: Invitation, email: str, base_url: str) -> None:
    """Store the address and send the invitation in the background. The task makes a new
    personal link for the e-mail, so a link sent before stops working."""
    invitation.email = email
    invitation.save(update_fields=["email"])
    tasks.send_invitation.enqueue(invitation.pk, base_url)


def invitation_for(token: str, today: datetime.date | None = None) -> Invitation:
    today = today or timezone.localdate()
    invitation = (
        Invitation.objects.select_related("event__district", "municipality", "contact")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if (
        invitation is None
        or invitation.revoked_at
        or invitation.event.cancelled
        or (invitation.contact is not None and invitation.contact.erased_at is not None)
        or today > invitation.event.date + datetime.timedelta(days=LINK_DAYS_AFTER)
    ):
        raise LinkInvalid
    return invitation


def answer(invitation: Invitation, rsvp: str, persons: int) -> None:
    """The invited person's answer; a "no" counts nobody."""
    if rsvp not in (Rsvp.YES, Rsvp.NO):
        raise ValueError("answer must be yes or no")
    if isinstance(persons, bool) or not isinstance(persons, int):
        raise ValueError("persons must be a whole number")
    if rsvp == Rsvp.YES and not 1 <= persons <= 20:
        raise ValueError("between 1 and 20 persons")
    invitation.rsvp = rsvp
    invitation.persons = persons if rsvp == Rsvp.YES else 0
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["rsvp", "persons", "answered_at"])


@transaction.atomic
def record_attendance(event: Event, persons: Mapping[int, int]) -> None:
    """The municipalities represented, with how many people came; replaces what was recorded."""
    municipalities = set(event.district.municipalities.values_list("pk", flat=True))
    unknown = set(persons) - municipalities
    counts = persons.values()
    if any(isinstance(n, bool) or not isinstance(n, int) for n in counts):
        raise ValueError("counts must be whole numbers")
    if unknown or any(not 1 <= n <= 50 for n in counts):
        raise ValueError("attendance of unknown municipalities or impossible counts")
    event.attendance.all().delete()
    Attendance.objects.bulk_create(
        Attendance(event=event, municipality_id=m, persons=n) for m, n in sorted(persons.items())
    )


class FileRefused(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def add_file(event: Event, upload: UploadedFile[bytes], title: str, user: Any) -> EventFile:
    name = PurePath(upload.name or "datei").name
    if PurePath(name).suffix.lower() not in FILE_TYPES:
        raise FileRefused("type")
    if (upload.size or 0) > FILE_LIMIT:
        raise FileRefused("size")
    record = EventFile(event=event, title=title or name, size=upload.size or 0, uploaded_by=user)
    record.file.save(name, upload, save=False)
    record.save()
    return record


def represented(events: Iterable[Event]) -> dict[int, list[Municipality]]:
    """For each event id, the municipalities represented, by name."""
    result: dict[int, list[Municipality]] = {}
    rows = Attendance.objects.filter(event__in=list(events)).select_related("municipality")
    for row in rows.order_by("municipality__name"):
        result.setdefault(row.event_id, []).append(row.municipality)
    return result
