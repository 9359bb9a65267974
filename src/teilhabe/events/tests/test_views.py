"""Events through the web: consent respected on every page, personal links, the calendar."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.core import links
from teilhabe.events import services
from teilhabe.events.models import CalendarFeed, Invitation
from teilhabe.network.models import Contact
from teilhabe.network.services import save_contact
from teilhabe.regions.models import Municipality
from teilhabe.testing import post_asks_first

pytestmark = pytest.mark.django_db
ZEVEN = "033575408000"


@pytest.fixture
def event(rotenburg):
    day = timezone.localdate() + datetime.timedelta(days=10)
    return services.create_event(
        rotenburg,
        {
            "title": "Workshop im Kreishaus",
            "date": day,
            "start_time": datetime.time(10),
            "end_time": datetime.time(15),
            "place": "Kreishaus; Sitzungssaal, 1. OG",
        },
    )


@pytest.fixture
def contacts(rotenburg):
    zeven = Municipality.objects.get(ars=ZEVEN)
    listed = save_contact(
        rotenburg,
        {
            "name": "Anna Gelistet",
            "municipality": zeven,
            "designated": True,
            "consent_date": datetime.date(2026, 3, 1),
            "consent_way": "form",
        },
    )
    hidden = Contact.objects.create(
        district=rotenburg,
        municipality=zeven,
        designated=True,
        name="Bernd Ohneeinwilligung",
        consent_date=None,
    )
    return listed, hidden


def test_a_contact_without_consent_appears_nowhere(client, personas, event, contacts):
    listed, hidden = contacts
    services.invite(event, all_municipalities=True)
    client.force_login(personas["alice"])
    pages = [
        reverse("network:network", args=["03357"]),
        reverse("events:invite", args=[event.pk]),
        reverse("events:event-detail", args=[event.pk]),
        reverse("regions:municipality-detail", args=[ZEVEN]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert listed.name in html, url
        assert hidden.name not in html, url


def test_inviting_a_contact_without_consent_is_refused_clearly(client, personas, event, contacts):
    listed, hidden = contacts
    client.force_login(personas["alice"])
    url = reverse("events:invite", args=[event.pk])
    response = client.post(url, {"contacts": [listed.pk, hidden.pk]})
    assert response.status_code == 200
    assert "keine erfasste Einwilligung" in response.content.decode()
    assert hidden.name not in response.content.decode()
    assert not Invitation.objects.filter(event=event).exists()


def test_invitations_show_each_link_once_and_store_only_hashes(client, personas, event):
    client.force_login(personas["alice"])
    response = client.post(reverse("events:invite", args=[event.pk]), {"all_municipalities": "1"})
    html = response.content.decode()
    tokens = [part.split("/")[0] for part in html.split("/e/")[1:]]
    assert len(tokens) == 13
    hashes = set(Invitation.objects.values_list("token_hash", flat=True))
    assert not any(token in hashes for token in tokens)
    detail = client.get(reverse("events:event-detail", args=[event.pk])).content.decode()
    assert not any(token in detail for token in tokens)


def test_rsvp_by_link_and_a_revoked_link(client, event):
    token = next(iter(services.invite(event, all_municipalities=True).values()))
    url = reverse("events:rsvp", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"rsvp": "yes", "persons": "3"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(rsvp="yes")
    assert invitation.persons == 3
    response = client.post(url, {"rsvp": "yes", "persons": "99"})
    page = response.content.decode()
    assert response.status_code == 200 and "höchstens 20" in page
    assert "mit wie vielen Personen" not in page  # the one message that says what is wrong
    invitation.refresh_from_db()
    assert invitation.persons == 3
    links.revoke(invitation)
    for target in (url, reverse("events:rsvp-ical", args=[token])):
        page = client.get(target)
        assert page.status_code == 404
        assert event.title not in page.content.decode()


@pytest.mark.parametrize(
    ("name", "question"),
    [("events:invitation-renew", "Neuen Link für"), ("events:invitation-revoke", "widerrufen?")],
)
def test_renewing_and_revoking_a_link_ask_first(client, personas, event, name, question):
    services.invite(event, all_municipalities=True)
    invitation = Invitation.objects.get(event=event, municipality__ars=ZEVEN)
    client.force_login(personas["alice"])

    def state():
        return Invitation.objects.values_list("token_hash", "revoked_at").get(pk=invitation.pk)

    asked, done = post_asks_first(client, reverse(name, args=[invitation.pk]), state)
    assert question in asked.content.decode() and "Samtgemeinde Zeven" in asked.content.decode()
    assert done.status_code in (200, 302)


def test_the_ical_file_of_an_event(client, personas, event):
    client.force_login(personas["carol"])
    response = client.get(reverse("events:event-ical", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert f"DTSTART;TZID=Europe/Berlin:{event.date:%Y%m%d}T100000" in text
    assert "LOCATION:Kreishaus\\; Sitzungssaal\\, 1. OG" in text
    assert text.endswith("END:VCALENDAR\r\n")


def test_the_feed_lists_only_the_users_districts_and_dies_when_renewed(
    client, personas, event, osterholz
):
    other = services.create_event(osterholz, {"title": "Osterholzer Treffen", "date": event.date})
    client.force_login(personas["carol"])
    page = client.post(reverse("events:feed-create")).content.decode()
    token = page.split('feed-url">')[1].split("/calendar/")[1].split("/")[0]
    client.logout()
    feed = client.get(reverse("events:feed", args=[token])).content.decode()
    assert "SUMMARY:Workshop im Kreishaus" in feed
    assert other.title not in feed
    assert not CalendarFeed.objects.filter(token_hash=token).exists()
    client.force_login(personas["carol"])
    client.post(reverse("events:feed-create"))
    client.logout()
    assert client.get(reverse("events:feed", args=[token])).status_code == 404


@pytest.mark.parametrize("count", ["²", "0", "51", "99999999999999999999999", "1e3", "\x00"])
def test_an_impossible_attendance_count_is_refused_on_the_page(client, personas, event, count):
    zeven = Municipality.objects.get(ars=ZEVEN)
    client.force_login(personas["alice"])
    url = reverse("events:attendance", args=[event.pk])
    response = client.post(url, {f"present-{zeven.pk}": "1", f"persons-{zeven.pk}": count})
    assert response.status_code == 200
    assert "Bitte eine Zahl zwischen 1 und 50 eingeben." in response.content.decode()
    assert not event.attendance.exists()


def test_attendance_reads_the_ticked_municipalities_with_their_counts(client, personas, event):
    zeven = Municipality.objects.get(ars=ZEVEN)
    sottrum = Municipality.objects.get(ars="033575406000")
    client.force_login(personas["alice"])
    url = reverse("events:attendance", args=[event.pk])
    data = {f"present-{zeven.pk}": "1", f"persons-{zeven.pk}": "١٢"}
    data |= {f"present-{sottrum.pk}": "1", f"persons-{sottrum.pk}": ""}
    data[f"persons-{zeven.pk + sottrum.pk}"] = "²"  # not ticked: not read
    response = client.post(url, data)
    assert response.status_code == 302
    assert dict(event.attendance.values_list("municipality", "persons")) == {
        zeven.pk: 12,
        sottrum.pk: 1,
    }


def test_attendance_with_nothing_ticked_records_nobody(client, personas, event):
    zeven = Municipality.objects.get(ars=ZEVEN)
    services.record_attendance(event, {zeven.pk: 2})
    client.force_login(personas["alice"])
    response = client.post(reverse("events:attendance", args=[event.pk]), {})
    assert response.status_code == 302 and not event.attendance.exists()
