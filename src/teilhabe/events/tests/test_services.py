"""Events: who is invited, what a personal link opens, answers, attendance and files."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.core import links
from teilhabe.core.links import LinkInvalid
from teilhabe.core.models import StoredFile
from teilhabe.events import services
from teilhabe.events.models import Attendance, EventFile, Invitation
from teilhabe.network import services as network
from teilhabe.network.models import Contact
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, Kept

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 6)
CONSENT = {"consent_date": datetime.date(2026, 3, 14), "consent_way": "form"}


@pytest.fixture
def event(rotenburg):
    return services.create_event(rotenburg, {"title": "Workshop Teilhabe", "date": DAY})


@pytest.fixture
def zeven(rotenburg):
    return Municipality.objects.get(ars=ZEVEN_ARS)


@pytest.fixture
def sottrum(rotenburg):
    return Municipality.objects.get(ars=SOTTRUM_ARS)


def contact(district, municipality, name="Anna Beispiel", designated=True):
    return network.save_contact(
        district,
        {
            "name": name,
            "municipality": municipality,
            "email": f"{name.split()[0].lower()}@example.org",
            "designated": designated,
            **CONSENT,
        },
    )


def link(event):
    return next(iter(services.invite(event, all_municipalities=True).values()))


def test_all_municipalities_means_designated_contacts_or_else_the_municipality(
    event, rotenburg, osterholz, zeven, sottrum
):
    anna, ben = contact(rotenburg, zeven), contact(rotenburg, zeven, "Ben Beispiel")
    cem = contact(rotenburg, sottrum, "Cem Beispiel")
    contact(rotenburg, zeven, "Nicht Benannt", designated=False)
    contact(osterholz, osterholz.municipalities.first(), "Dora Osterholz")
    tokens = services.invite(event, all_municipalities=True)
    invited = event.invitations.all()
    assert len(tokens) == invited.count() == 3 + 11  # 13 municipalities, two with contacts
    assert set(tokens) == {i.pk for i in invited}
    assert {i.contact for i in invited if i.contact} == {anna, ben, cem}
    assert {i.municipality for i in invited if i.contact} == {zeven, sottrum}
    without = [i.municipality for i in invited if not i.contact]
    assert len(set(without)) == 11 and zeven not in without and sottrum not in without
    assert {i.email for i in invited if i.contact} == {anna.email, ben.email, cem.email}


def test_designated_contacts_without_consent_or_erased_are_not_invited(event, rotenburg, zeven):
    Contact.objects.create(
        district=rotenburg,
        municipality=zeven,
        name="Ohne Zustimmung",
        designated=True,
        consent_date=None,
    )
    network.erase(gone := contact(rotenburg, zeven))
    gone.designated = True  # even if the flag had survived the erasure
    gone.save()
    services.invite(event, all_municipalities=True)
    assert event.invitations.count() == 13
    assert not event.invitations.exclude(contact=None).exists()


def test_nobody_is_invited_twice(event, rotenburg, zeven):
    anna = contact(rotenburg, zeven)
    services.invite(event, [anna], all_municipalities=True)
    assert services.invite(event, [anna, anna], all_municipalities=True) == {}
    assert services.invite(event, [anna]) == {}
    assert event.invitations.count() == 13
    assert event.invitations.filter(contact=anna).count() == 1


def test_an_invited_contact_covers_their_municipality(event, rotenburg, zeven):
    services.invite(event, [contact(rotenburg, zeven, designated=False)])
    services.invite(event, all_municipalities=True)
    assert event.invitations.filter(municipality=zeven).count() == 1
    assert event.invitations.count() == 13


@pytest.mark.parametrize("who", ["no_consent", "erased", "other_district"])
def test_only_consented_contacts_of_the_district_can_be_invited(
    who, event, rotenburg, osterholz, zeven
):
    if who == "no_consent":
        refused = Contact.objects.create(
            district=rotenburg,
            municipality=zeven,
            name="Ohne",
            email="ohne@example.org",
            consent_date=None,
        )
    elif who == "erased":
        network.erase(refused := contact(rotenburg, zeven, "Ehemals Beispiel"))
    else:
        refused = contact(osterholz, osterholz.municipalities.first(), "Dora Osterholz")
    welcome = contact(rotenburg, zeven)
    with pytest.raises(services.NoConsent) as error:
        services.invite(event, [welcome, refused], all_municipalities=True)
    assert error.value.contacts == [refused.pk]
    assert Invitation.objects.count() == 0


def test_only_the_hash_of_the_token_is_stored(event):
    tokens = services.invite(event, all_municipalities=True)
    for pk, token in tokens.items():
        row = Invitation.objects.filter(pk=pk).values().get()
        assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
        assert token not in {str(value) for value in row.values()}
        assert services.invitation_for(token, today=DAY).pk == pk
    assert len(set(tokens.values())) == len(tokens)


def test_a_link_opens_until_sixty_days_after_the_event(event):
    token = link(event)
    assert services.invitation_for(token, today=DAY + datetime.timedelta(days=60))
    with pytest.raises(LinkInvalid):
        services.invitation_for(token, today=DAY + datetime.timedelta(days=61))


@pytest.mark.parametrize("change", ["revoked", "renewed", "cancelled", "unknown"])
def test_a_link_stops_working(change, event):
    token = link(event)
    invitation = services.invitation_for(token, today=DAY)
    if change == "revoked":
        links.revoke(invitation)
    elif change == "renewed":
        links.revoke(invitation)  # renewing also reopens a revoked link
        assert services.invitation_for(links.renew(invitation), today=DAY) == invitation
    elif change == "cancelled":
        services.update_event(event, {"cancelled": True})
    else:
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(LinkInvalid):
        services.invitation_for(token, today=DAY)


def test_a_yes_counts_the_persons_and_a_no_counts_nobody(event):
    invitation = services.invitation_for(link(event), today=DAY)
    services.answer(invitation, "yes", 3)
    invitation.refresh_from_db()
    assert (invitation.rsvp, invitation.persons) == ("yes", 3)
    assert invitation.answered_at is not None
    services.answer(invitation, "no", 4)
    invitation.refresh_from_db()
    assert (invitation.rsvp, invitation.persons) == ("no", 0)


@pytest.mark.parametrize(
    ("rsvp", "persons"),
    [
        ("maybe", 1),
        ("pending", 1),
        ("", 1),
        ("yes", 0),
        ("yes", 21),
        ("yes", -1),
        ("yes", 2.5),
        ("yes", True),
    ],
)
def test_an_invalid_answer_is_refused_and_changes_nothing(rsvp, persons, event):
    invitation = services.invitation_for(link(event), today=DAY)
    services.answer(invitation, "yes", 2)
    before = Invitation.objects.filter(pk=invitation.pk).values().get()
    with pytest.raises(ValueError):
        services.answer(invitation, rsvp, persons)
    assert Invitation.objects.filter(pk=invitation.pk).values().get() == before


def test_attendance_replaces_what_was_recorded(event, zeven, sottrum):
    services.record_attendance(event, {zeven.pk: 3, sottrum.pk: 1})
    services.record_attendance(event, {sottrum.pk: 2})
    assert list(event.attendance.values_list("municipality", "persons")) == [(sottrum.pk, 2)]


@pytest.mark.parametrize("count", [0, 51, -1, "other_district", 2.5])
def test_attendance_with_an_impossible_entry_writes_nothing(
    count, event, osterholz, zeven, sottrum
):
    services.record_attendance(event, {zeven.pk: 3})
    if count == "other_district":
        entry = {osterholz.municipalities.first().pk: 2}
    else:
        entry = {sottrum.pk: count}
    with pytest.raises(ValueError):
        services.record_attendance(event, {zeven.pk: 4, **entry})
    assert list(Attendance.objects.values_list("municipality", "persons")) == [(zeven.pk, 3)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_document_is_stored_under_the_event(event, media):
    record = services.add_file(event, SimpleUploadedFile("Protokoll.PDF", b"%PDF-1.7"), "", None)
    assert record.title == "Protokoll.PDF" and record.size == 8
    assert Kept(record.file.name).read_bytes() == b"%PDF-1.7"  # in media, or the database
    assert record.file.name.startswith(f"events/{event.pk}/")


@pytest.mark.parametrize(
    ("name", "size", "code"),
    [
        ("setup.exe", 10, "type"),
        ("protokoll.pdf.exe", 10, "type"),
        ("ohne_endung", 10, "type"),
        ("fotos.pdf", services.FILE_LIMIT + 1, "size"),
    ],
)
def test_a_file_of_the_wrong_type_or_too_large_is_refused(name, size, code, event, media):
    with pytest.raises(services.FileRefused) as refused:
        services.add_file(event, SimpleUploadedFile(name, b"x" * size), "Datei", None)
    assert refused.value.code == code
    assert not EventFile.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]
    assert not StoredFile.objects.exists()  # where files are kept on PostgreSQL


def test_sending_stores_the_address_and_mails_a_fresh_link(event):
    from django.core import mail

    old = link(event)
    invitation = services.invitation_for(old, today=DAY)
    services.send_invitation(invitation, "rathaus@zeven.example", "https://teilhabe.example/")
    invitation.refresh_from_db()
    assert (invitation.email, invitation.sent_at is not None) == ("rathaus@zeven.example", True)
    (message,) = mail.outbox
    assert message.to == ["rathaus@zeven.example"]
    new = message.body.split("https://teilhabe.example/e/", 1)[1].split("/", 1)[0]
    assert services.invitation_for(new, today=DAY) == invitation
    with pytest.raises(LinkInvalid):  # the link made before stops working
        services.invitation_for(old, today=DAY)
