"""Erasing a contact (Art. 17 GDPR) keeps the event counts right but leaves nothing personal."""

import datetime

import pytest

from teilhabe.core.links import LinkInvalid
from teilhabe.events import services as events
from teilhabe.events.models import Invitation
from teilhabe.network import services
from teilhabe.network.models import Contact
from teilhabe.regions.models import Municipality
from teilhabe.testing import ZEVEN_ARS

pytestmark = pytest.mark.django_db

CONSENT = {"consent_date": datetime.date(2026, 3, 14), "consent_way": "email"}


@pytest.fixture
def anna(rotenburg):
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    return services.save_contact(
        rotenburg,
        {
            "name": "Anna Beispiel",
            "email": "anna@zeven.example",
            "municipality": zeven,
            "designated": True,
            **CONSENT,
        },
    )


@pytest.fixture
def invited(rotenburg, anna):
    """Anna invited to two events, and her answer to the first."""
    invitations = []
    for day in (datetime.date(2026, 5, 6), datetime.date(2026, 9, 9)):
        event = events.create_event(rotenburg, {"title": "Netzwerktreffen", "date": day})
        events.invite(event, [anna])
        invitations.append(event.invitations.get(contact=anna))
    events.answer(invitations[0], "yes", 2)
    return invitations


def test_an_erased_contact_is_no_longer_listed(anna):
    assert list(Contact.objects.listed()) == [anna]
    services.erase(anna)
    assert not Contact.objects.listed().exists()
    assert Contact.objects.filter(pk=anna.pk).exists()  # the anonymous row stays


def test_invitations_of_an_erased_contact_keep_counting(invited, anna):
    services.erase(anna)
    assert Invitation.objects.filter(pk__in=[i.pk for i in invited]).count() == 2
    first = Invitation.objects.get(pk=invited[0].pk)
    assert (first.rsvp, first.persons, first.municipality.ars) == ("yes", 2, ZEVEN_ARS)


def test_invitations_of_an_erased_contact_carry_no_email_address(invited, anna):
    assert {i.email for i in invited} == {"anna@zeven.example"}
    services.erase(anna)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["", ""]
    assert not Invitation.objects.filter(email__icontains="anna").exists()


def test_erasing_one_contact_leaves_the_others_invitations_alone(rotenburg, invited, anna):
    ben = services.save_contact(rotenburg, {"name": "Ben", "email": "ben@example.org", **CONSENT})
    events.invite(invited[0].event, [ben])
    services.erase(anna)
    assert Invitation.objects.get(contact=ben).email == "ben@example.org"


def test_an_erased_contacts_personal_link_stops_working(rotenburg):
    dt = datetime
    contact = services.save_contact(
        rotenburg,
        {
            "name": "Kontakt",
            "email": "k@example.org",
            "consent_date": dt.date(2026, 3, 1),
            "consent_way": "form",
        },
    )
    event = events.create_event(rotenburg, {"title": "Treffen", "date": dt.date(2026, 12, 1)})
    token = next(iter(events.invite(event, [contact]).values()))
    assert events.invitation_for(token, today=dt.date(2026, 11, 24)).contact == contact
    services.erase(contact)
    with pytest.raises(LinkInvalid):
        events.invitation_for(token, today=dt.date(2026, 11, 24))
