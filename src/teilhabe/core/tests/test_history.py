"""The history (Verlauf): changes made through the pages and services show on the record's
history page (who, when, which field, old → new, in German) and in the district's log, which
only the district's coordinators and administrators read, filter and export."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teilhabe.actionplan.models import Measure, Priority
from teilhabe.allocation.models import Arrival
from teilhabe.allocation.services import create_period
from teilhabe.core import history
from teilhabe.network import services as network
from teilhabe.network.models import Contact
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"
D = datetime.date


@pytest.fixture
def zeven(rotenburg):
    return Municipality.objects.get(ars=ZEVEN_ARS)


@pytest.fixture
def measure(rotenburg):
    priority = Priority.objects.create(district=rotenburg, title="Sprache", order=1)
    return Measure.objects.create(priority=priority, title="Sprachcafé", responsible="Kreis")


def _history_page(client, record) -> str:
    url = reverse("core:object-history", args=[history.label_of(type(record)), record.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _edit_measure(client, measure, **changes) -> None:
    data = {
        "title": measure.title,
        "responsible": measure.responsible,
        "status": measure.status,
        "version": measure.version,
        **changes,
    }
    response = client.post(reverse("actionplan:measure-edit", args=[measure.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_measure_edited_on_its_page_shows_who_changed_which_field_from_what_to_what(
    client, personas, measure
):
    client.force_login(personas["alice"])
    _edit_measure(client, measure, title="Sprachcafé Zeven", due="2026-11-30")
    page = _history_page(client, measure)
    assert "alice" in page
    assert "Was:</strong> <del>Sprachcafé</del> → <ins>Sprachcafé Zeven</ins>" in page
    assert "fällig:</strong> <del>–</del> → <ins>30.11.2026</ins>" in page.replace(
        "Fällig", "fällig"
    )
    assert "angelegt" in page and "geändert" in page
    # The measure's own page links here, for everyone who may read it.
    client.force_login(personas["carol"])
    detail = client.get(reverse("actionplan:measure-detail", args=[measure.pk])).content.decode()
    assert reverse("core:object-history", args=["actionplan.measure", measure.pk]) in detail
    assert "Sprachcafé Zeven" in _history_page(client, measure)


def test_a_contact_changed_through_the_service_and_the_page_shows_both_versions(
    client, personas, rotenburg, zeven
):
    consent = {"consent_date": D(2026, 3, 14), "consent_way": "form"}
    values = {"name": "Anna Beispiel", "role": "Lotsin", "municipality": zeven, **consent}
    contact = network.save_contact(rotenburg, values)  # a service run without a request
    client.force_login(personas["bob"])
    data = {
        "name": "Anna Beispiel",
        "role": "Integrationsbeauftragte",
        "municipality": zeven.pk,
        "consent_date": "2026-03-14",
        "consent_way": "form",
        "consent": "on",
    }
    response = client.post(reverse("network:contact-edit", args=[contact.pk]), data)
    assert response.status_code == 302
    page = _history_page(client, contact)
    assert "Funktion:</strong> <del>Lotsin</del> → <ins>Integrationsbeauftragte</ins>" in page
    assert "bob" in page  # the web request's user
    assert "System" in page  # the service called without a request: no user
    network_page = client.get(reverse("network:network", args=["03357"])).content.decode()
    assert reverse("core:object-history", args=["network.contact", contact.pk]) in network_page


def test_readers_see_a_contacts_history_without_its_email_and_phone(client, personas, rotenburg):
    values = {"name": "Anna Beispiel", "email": "a@b.example", "phone": "04281 1"}
    consent = {"consent_date": D(2026, 3, 14), "consent_way": "form"}
    contact = network.save_contact(rotenburg, {**values, **consent})
    network.save_contact(rotenburg, {**values, "phone": "04281 2", **consent}, contact)
    client.force_login(personas["carol"])  # a committee member: reads the district
    page = _history_page(client, contact)
    assert "Anna Beispiel" in page
    assert "a@b.example" not in page and "04281" not in page
    client.force_login(personas["bob"])  # an editor of the district sees them
    page = _history_page(client, contact)
    assert "a@b.example" in page and "<del>04281 1</del> → <ins>04281 2</ins>" in page


def test_an_erased_contact_leaves_nothing_personal_in_its_history(client, personas, rotenburg):
    values = {"name": "Anna Beispiel", "email": "a@b.example", "phone": "0428 1"}
    contact = network.save_contact(
        rotenburg, {**values, "consent_date": D(2026, 3, 14), "consent_way": "form"}
    )
    network.save_contact(
        rotenburg, {**values, "consent_way": "email", "consent_date": D(2026, 3, 15)}, contact
    )
    network.erase(contact)
    assert contact.history.count() == 3
    assert not contact.history.exclude(name="", email="", phone="").exists()
    client.force_login(personas["alice"])
    page = _history_page(client, contact)
    assert "Anna" not in page and "a@b.example" not in page


def test_an_arrival_recorded_on_its_page_and_corrected_shows_the_correction(
    client, personas, rotenburg
):
    create_period(
        rotenburg,
        {
            "name": "2026/I",
            "start": D(2026, 4, 1),
            "end": D(2026, 9, 30),
            "quota": 895,
            "population_date": D(2022, 5, 15),
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )
    client.force_login(personas["bob"])
    data = {"date": "2026-05-04", "persons": "1370", "households": "2", "kind": "asylum"}
    response = client.post(reverse("allocation:arrival-create", args=[ZEVEN_ARS]), data)
    assert response.status_code == 302
    arrival = Arrival.objects.get()
    arrival.persons = 4  # a correction (the correction pages are another change)
    arrival.save()
    page = _history_page(client, arrival)
    assert "Personen:</strong> 1.370" in page  # created with 1.370 persons, German format
    assert "Personen:</strong> <del>1.370</del> → <ins>4</ins>" in page
    assert "Datum:</strong> 04.05.2026" in page
    form = client.get(reverse("allocation:arrival-create", args=[ZEVEN_ARS])).content.decode()
    assert reverse("core:object-history", args=["allocation.arrival", arrival.pk]) in form


def test_a_record_of_another_district_has_no_history_page_for_you(client, personas, osterholz):
    dave_priority = Priority.objects.create(district=osterholz, title="Wohnen", order=1)
    hidden = Measure.objects.create(priority=dave_priority, title="Wohnbörse", responsible="OHZ")
    client.force_login(personas["alice"])
    url = reverse("core:object-history", args=["actionplan.measure", hidden.pk])
    assert client.get(url).status_code == 404
    untracked = reverse("core:object-history", args=["accounts.user", personas["alice"].pk])
    assert client.get(untracked).status_code == 404


# --- the district's log ----------------------------------------------------------------------


@pytest.fixture
def changes(client, personas, rotenburg, osterholz, measure):
    """Alice renames the Rotenburg measure; in Osterholz dave changes a contact of his own."""
    client.force_login(personas["alice"])
    _edit_measure(client, measure, title="Sprachcafé Zeven")
    consent = {"consent_date": D(2026, 3, 14), "consent_way": "form"}
    ohz = Municipality.objects.get(ars=OSTERHOLZ_MUNICIPALITY_ARS)
    secret = network.save_contact(osterholz, {"name": "Geheim OHZ", "municipality": ohz, **consent})
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    network.save_contact(rotenburg, {"name": "Berta Sottrum", "municipality": sottrum, **consent})
    return secret


def test_the_log_shows_the_districts_changes_and_never_another_districts(client, personas, changes):
    client.force_login(personas["alice"])
    url = reverse("core:district-history", args=["03357"])
    page = client.get(url).content.decode()
    assert "Sprachcafé Zeven" in page and "Berta Sottrum" in page
    assert "Geheim OHZ" not in page
    for query in ({"kind": "network.contact"}, {"user": personas["dave"].pk}, {}):
        assert "Geheim OHZ" not in client.get(url, query).content.decode()
    client.force_login(personas["dave"])
    own = client.get(reverse("core:district-history", args=["03356"])).content.decode()
    assert "Geheim OHZ" in own and "Sprachcafé" not in own


def test_the_log_filters_by_kind_person_date_and_municipality(client, personas, changes):
    client.force_login(personas["erin"])  # the district's administrator reads it too
    url = reverse("core:district-history", args=["03357"])
    contacts = client.get(url, {"kind": "network.contact"}).content.decode()
    assert "Berta Sottrum" in contacts and "Sprachcafé" not in contacts
    by_alice = client.get(url, {"user": personas["alice"].pk}).content.decode()
    assert "Sprachcafé Zeven" in by_alice and "Berta Sottrum" not in by_alice
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    in_sottrum = client.get(url, {"municipality": sottrum.pk}).content.decode()
    assert "Berta Sottrum" in in_sottrum and "Sprachcafé" not in in_sottrum
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    later = client.get(url, {"since": tomorrow.strftime("%d.%m.%Y")}).content.decode()
    assert "Berta Sottrum" not in later and "Keine Änderungen" in later
    wrong = client.get(url, {"since": "05.12.2026", "until": "01.12.2026"}).content.decode()
    assert "Das Ende liegt vor dem Anfang." in wrong


def test_the_districts_administrator_reads_the_log_without_private_fields(
    client, personas, rotenburg
):
    consent = {"consent_date": D(2026, 3, 14), "consent_way": "form"}
    network.save_contact(rotenburg, {"name": "Anna", "phone": "04281 9", **consent})
    url = reverse("core:district-history", args=["03357"])
    client.force_login(personas["erin"])
    assert "04281 9" not in client.get(url).content.decode()
    client.force_login(personas["alice"])
    assert "04281 9" in client.get(url).content.decode()


def test_the_log_is_for_coordinators_and_administrators_only(client, personas, changes):
    url = reverse("core:district-history", args=["03357"])
    for name, status in [("bob", 403), ("carol", 403), ("dave", 404), ("alice", 200)]:
        client.force_login(personas[name])
        assert client.get(url).status_code == status, name


def test_the_log_exports_the_filtered_changes_as_csv_and_xlsx(client, personas, changes):
    client.force_login(personas["alice"])
    base = {"ags": "03357"}
    query = {"kind": "actionplan.measure"}
    csv_response = client.get(
        reverse("core:district-history-export", kwargs={**base, "fmt": "csv"}), query
    )
    assert csv_response.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Wann", "Wer", "Art des Eintrags", "Eintrag", "Vorgang"]
    assert ["Was", "Sprachcafé", "Sprachcafé Zeven"] in [row[5:] for row in rows]
    assert not any("Berta" in cell or "Geheim" in cell for row in rows for cell in row)
    xlsx = client.get(reverse("core:district-history-export", kwargs={**base, "fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Sprachcafé Zeven" in cells and "Berta Sottrum" in cells
    assert "Geheim OHZ" not in cells


def _log_queries(client, municipalities) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Queries of the log's first page after an arrival and a contact in each municipality."""
    for municipality in municipalities:
        Arrival.objects.create(
            municipality=municipality, date=D(2026, 5, 4), persons=3, households=1, kind="asylum"
        )
        consent = {"consent_date": D(2026, 3, 14), "consent_way": "form"}
        contact = {"name": f"Kontakt {municipality.name}", "municipality": municipality}
        network.save_contact(municipality.district, {**contact, **consent})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("core:district-history", args=["03357"])).content.decode()
    return len(queries), page


def test_the_log_reads_the_records_its_lines_name_once_per_page(client, personas, rotenburg):
    """An arrival's line names its municipality, and so does a contact's new value: read for
    the whole page, not once per line (12 lines more, no query more)."""
    client.force_login(personas["alice"])
    municipalities = list(rotenburg.municipalities.order_by("ars"))
    few, _page = _log_queries(client, municipalities[:2])
    many, page = _log_queries(client, municipalities[2:8])  # 12 lines more
    names = [m.name for m in municipalities[:8]]
    assert all(f"{name}, 04.05.2026: 3" in page for name in names)  # the arrivals' titles
    assert all(f"Kontakt {name}" in page for name in names)
    assert many == few


def test_a_line_naming_a_record_gone_since_shows_its_number(client, personas, rotenburg, zeven):
    arrival = Arrival.objects.create(
        municipality=zeven, date=D(2026, 5, 4), persons=3, households=1, kind="asylum"
    )
    version = arrival.history.get()
    version.municipality_id = 999_999  # as if Zeven had gone (history keeps no constraint)
    version.save()
    client.force_login(personas["alice"])
    page = client.get(reverse("core:district-history", args=["03357"])).content.decode()
    assert f"#{arrival.pk}" in page and "#999999" in page


def test_versions_carry_their_district_and_municipality(rotenburg, zeven):
    contact = network.save_contact(
        rotenburg,
        {"name": "X", "municipality": zeven, "consent_date": D(2026, 3, 1), "consent_way": "form"},
    )
    version = contact.history.get()
    assert (version.history_district_pk, version.history_municipality_pk) == (
        rotenburg.pk,
        zeven.pk,
    )
    assert Contact in history.tracked_models()
    assert all(hasattr(m, "district_path") for m in history.tracked_models())
