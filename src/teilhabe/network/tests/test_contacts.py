"""Contacts are listed only with consent, and erased on request."""

import datetime

import pytest
from django.urls import reverse

from teilhabe.core.confirm import CONFIRMED
from teilhabe.network import services
from teilhabe.network.models import Contact
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, post_asks_first

CONSENT = {"consent_date": datetime.date(2026, 3, 14), "consent_way": "form"}


@pytest.fixture
def zeven(rotenburg):
    return Municipality.objects.get(ars=ZEVEN_ARS)


def form(municipality, **extra):
    return {
        "name": "Anna Beispiel",
        "role": "Integrationsbeauftragte",
        "municipality": municipality.pk if municipality else "",
        "email": "anna@zeven.example",
        "phone": "04281 123",
        "designated": "on",
        "consent_date": "2026-03-14",
        "consent_way": "form",
        "consent": "on",
        **extra,
    }


def test_no_contact_without_consent(client, personas, rotenburg, zeven):
    client.force_login(personas["bob"])
    url = reverse("network:contact-create", args=["03357"])
    data = form(zeven)
    del data["consent"]
    assert client.post(url, data).status_code == 200
    assert client.post(url, {**form(zeven), "consent_date": ""}).status_code == 200
    assert not Contact.objects.exists()
    with pytest.raises(ValueError):
        services.save_contact(rotenburg, {"name": "X", "municipality": zeven})
    assert client.post(url, form(zeven)).status_code == 302
    assert Contact.objects.get().designated


def test_an_editor_adds_contacts_only_for_their_municipality(client, personas, rotenburg):
    client.force_login(personas["bob"])
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    client.post(reverse("network:contact-create", args=["03357"]), form(sottrum))
    client.post(reverse("network:contact-create", args=["03357"]), form(None))
    assert not Contact.objects.exists()


def test_erasure_removes_everything_personal(client, personas, rotenburg, zeven):
    contact = services.save_contact(
        rotenburg,
        {
            "name": "Anna Beispiel",
            "email": "a@b.example",
            "phone": "1",
            "municipality": zeven,
            **CONSENT,
        },
    )
    client.force_login(personas["bob"])  # editors may not erase
    assert client.post(reverse("network:contact-erase", args=[contact.pk])).status_code == 403
    client.force_login(personas["alice"])
    client.post(reverse("network:contact-erase", args=[contact.pk]), {CONFIRMED: "yes"})
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone, contact.role) == ("", "", "", "")
    assert contact.erased_at is not None
    assert Contact.objects.count() == 1  # the row stays for the counts
    for url in [
        reverse("network:network", args=["03357"]),
        reverse("regions:municipality-detail", args=[ZEVEN_ARS]),
    ]:
        assert "Anna" not in client.get(url).content.decode()
    export = client.get(reverse("network:contacts-export", args=["03357"]))
    assert b"Anna" not in export.content


def test_erasure_asks_first_and_only_whom_the_table_allows(client, personas, rotenburg, zeven):
    contact = services.save_contact(
        rotenburg, {"name": "Anna Beispiel", "municipality": zeven, **CONSENT}
    )
    url = reverse("network:contact-erase", args=[contact.pk])
    client.force_login(personas["bob"])  # refused before any question, confirmed or not
    assert client.post(url).status_code == 403
    assert client.post(url, {CONFIRMED: "yes"}).status_code == 403
    client.force_login(personas["alice"])
    asked, done = post_asks_first(client, url, lambda: Contact.objects.get(pk=contact.pk).erased_at)
    assert "Personenbezogene Daten von Anna Beispiel löschen?" in asked.content.decode()
    assert f'href="{reverse("network:network", args=["03357"])}"' in asked.content.decode()
    assert done.status_code == 302


def test_contacts_show_on_the_municipality_page(client, personas, rotenburg, zeven):
    services.save_contact(
        rotenburg,
        {
            "name": "Anna Beispiel",
            "role": "Integrationsbeauftragte",
            "municipality": zeven,
            "designated": True,
            **CONSENT,
        },
    )
    client.force_login(personas["carol"])
    page = client.get(reverse("regions:municipality-detail", args=[ZEVEN_ARS])).content.decode()
    assert "Anna Beispiel" in page
    network = client.get(reverse("network:network", args=["03357"])).content.decode()
    assert "Anna Beispiel" in network and "04281" not in network  # viewers see no phone
