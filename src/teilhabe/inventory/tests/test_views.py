"""The stock-take pages as coordinators and municipal editors use them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from teilhabe.inventory.models import Activity, Category
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity


@pytest.fixture
def zeven(rotenburg):
    return Municipality.objects.get(ars=ZEVEN_ARS)


@pytest.fixture
def sottrum(rotenburg):
    return Municipality.objects.get(ars=SOTTRUM_ARS)


def form_data(rotenburg, municipality, **extra):
    language = Category.objects.get(district=rotenburg, key="language")
    return {
        "title": "Sprachcafé",
        "category": language.pk,
        "status": "active",
        "municipality": municipality.pk if municipality else "",
        "provider_kind": "volunteers",
        "target_groups": ["refugees", "women"],
        "volunteers": "6",
        "start_date": "2026-03-01",
        "last_confirmed": "2026-11-01",
        **extra,
    }


def test_an_editor_records_an_activity_for_their_municipality(client, personas, rotenburg, zeven):
    client.force_login(personas["bob"])
    url = reverse("inventory:activity-create", args=["03357"])
    response = client.post(url, form_data(rotenburg, zeven))
    activity = Activity.objects.get()
    assert response["Location"] == reverse("inventory:activity-detail", args=[activity.pk])
    assert (activity.municipality, activity.target_group_list) == (zeven, ["refugees", "women"])
    assert activity.history.get().history_user == personas["bob"]


def test_an_editor_cannot_record_for_another_municipality(client, personas, rotenburg, sottrum):
    client.force_login(personas["bob"])
    url = reverse("inventory:activity-create", args=["03357"])
    response = client.post(url, form_data(rotenburg, sottrum))
    assert response.status_code == 200
    assert "Es wurde noch nichts gespeichert" in response.content.decode()
    # ... nor for the whole district
    client.post(url, form_data(rotenburg, None))
    assert not Activity.objects.exists()


def test_an_editor_cannot_edit_or_end_another_municipalitys_activity(
    client, personas, rotenburg, sottrum
):
    activity = make_activity(rotenburg, sottrum)
    client.force_login(personas["bob"])
    data = form_data(rotenburg, sottrum, title="Übernommen", version="1")
    assert (
        client.post(reverse("inventory:activity-edit", args=[activity.pk]), data).status_code == 403
    )
    end = {"end_date": "2026-11-01", "version": "1"}
    assert (
        client.post(reverse("inventory:activity-end", args=[activity.pk]), end).status_code == 403
    )
    activity.refresh_from_db()
    assert (activity.title, activity.status) == ("Sprachcafé", "active")
    # but can read it
    assert client.get(reverse("inventory:activity-detail", args=[activity.pk])).status_code == 200


def test_wrong_date_order_is_explained_and_input_kept(client, personas, rotenburg, zeven):
    client.force_login(personas["alice"])
    data = form_data(rotenburg, zeven, start_date="2026-05-01", end_date="2026-04-01")
    response = client.post(reverse("inventory:activity-create", args=["03357"]), data)
    page = response.content.decode()
    assert "Das Ende darf nicht vor dem Beginn liegen" in page
    assert 'value="Sprachcafé"' in page
    assert not Activity.objects.exists()


def test_a_concurrent_edit_is_refused_and_shows_the_other_change(
    client, personas, rotenburg, zeven
):
    activity = make_activity(rotenburg, zeven)
    url = reverse("inventory:activity-edit", args=[activity.pk])
    client.force_login(personas["alice"])
    client.post(url, form_data(rotenburg, zeven, title="Sprachcafé am Markt", version="1"))
    client.force_login(personas["bob"])  # opened the form at version 1, too
    response = client.post(url, form_data(rotenburg, zeven, title="Sprachtreff", version="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Jemand anderes hat dieses Angebot" in page
    assert "Sprachcafé am Markt" in page and 'value="Sprachtreff"' in page
    assert Activity.objects.get().title == "Sprachcafé am Markt"
    # saving again after looking at it works
    response = client.post(url, form_data(rotenburg, zeven, title="Sprachtreff", version="2"))
    assert response.status_code == 302
    assert Activity.objects.get().title == "Sprachtreff"


def test_ending_an_activity_changes_the_matrix(client, personas, rotenburg, zeven):
    activity = make_activity(rotenburg, zeven)
    client.force_login(personas["alice"])
    matrix = reverse("inventory:matrix", args=["03357"])
    assert "aktiv (1)" in client.get(matrix).content.decode()
    today = timezone.localdate().isoformat()
    client.post(
        reverse("inventory:activity-end", args=[activity.pk]), {"end_date": today, "version": "1"}
    )
    assert "beendet (1)" in client.get(matrix).content.decode()
    changes = client.get(
        reverse("inventory:changes", args=["03357"]), {"since": "2026-01-01", "until": today}
    ).content.decode()
    assert "Sprachcafé" in changes and "beendet" in changes


def test_import_through_the_pages(client, personas, rotenburg, zeven):
    client.force_login(personas["alice"])
    csv = (
        "Kommune (ARS);Titel;Handlungsfeld;Status;Trägerart;Beginn\r\n"
        f"{ZEVEN_ARS};Lesepaten;Sprache;aktiv;Ehrenamtliche Initiative;01.02.2026\r\n"
    ).encode("cp1252")
    upload = SimpleUploadedFile("angebote.csv", csv, content_type="text/csv")
    response = client.post(reverse("inventory:import", args=["03357"]), {"file": upload})
    preview = response["Location"]
    page = client.get(preview).content.decode()
    assert "Lesepaten" in page and "Noch wurde nichts gespeichert" in page.replace(
        "Es wurde noch nichts gespeichert", "Noch wurde nichts gespeichert"
    )
    assert not Activity.objects.exists()
    client.post(preview)
    assert Activity.objects.get().title == "Lesepaten"


def test_an_import_with_a_bad_row_writes_nothing(client, personas, rotenburg):
    client.force_login(personas["alice"])
    csv = (
        "Kommune (ARS);Titel;Handlungsfeld;Status;Trägerart\r\n"
        f"{ZEVEN_ARS};Lesepaten;Sprache;aktiv;Verein\r\n"
        f"{ZEVEN_ARS};Kochtreff;Kochen;aktiv;Verein\r\n"
    ).encode("utf-8-sig")
    upload = SimpleUploadedFile("angebote.csv", csv, content_type="text/csv")
    preview = client.post(reverse("inventory:import", args=["03357"]), {"file": upload})["Location"]
    page = client.get(preview).content.decode()
    assert "Kochen" in page  # the unknown field of action is named
    client.post(preview)
    assert not Activity.objects.exists()


def test_exports_download(client, personas, rotenburg, zeven):
    make_activity(rotenburg, zeven)
    client.force_login(personas["carol"])  # viewers may export
    for name in ("inventory:activity-export", "inventory:matrix-export"):
        for fmt in ("xlsx", "csv"):
            response = client.get(reverse(name, kwargs={"ags": "03357", "fmt": fmt}))
            assert response.status_code == 200
            assert "attachment" in response["Content-Disposition"]
    assert client.get(reverse("inventory:matrix-export", args=["03357", "pdf"])).status_code == 404


@pytest.mark.parametrize(
    "name", ["inventory:matrix", "inventory:changes", "inventory:activity-list"]
)
def test_pages_need_a_constant_number_of_queries(
    client, personas, rotenburg, zeven, django_assert_max_num_queries, name
):
    for i in range(25):
        make_activity(rotenburg, zeven, title=f"Angebot {i}")
    client.force_login(personas["alice"])
    with django_assert_max_num_queries(16):
        response = client.get(reverse(name, args=["03357"]), {"as_of": "2026-12-31"})
        assert response.status_code == 200


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "31.12.9999"])
def test_dates_out_of_range_are_explained_on_the_stock_take(client, personas, zeven, value):
    make_activity(zeven.district, zeven)
    client.force_login(personas["alice"])
    for name, query in [
        ("inventory:matrix", {"as_of": value}),
        ("inventory:activity-list", {"as_of": value}),
        ("inventory:changes", {"since": value, "until": "2026-05-01"}),
        ("inventory:changes", {"since": "2026-05-01", "until": value}),
    ]:
        response = client.get(reverse(name, args=["03357"]), query)
        assert response.status_code == 200, (name, query)
        assert "zwischen dem 01.01.1900 und dem 31.12.2199" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "\x00", "x" * 10_000])
def test_odd_ids_in_the_query_string_match_nothing(client, personas, zeven, value):
    make_activity(zeven.district, zeven)
    client.force_login(personas["alice"])
    query = {"category": value, "municipality": value}
    listing = client.get(reverse("inventory:activity-list", args=["03357"]), query)
    assert listing.status_code == 200 and "Sprachcafé" not in listing.content.decode()
    create = client.get(reverse("inventory:activity-create", args=["03357"]), query)
    assert create.status_code == 200


def test_a_second_field_of_action_of_the_same_name_is_refused(client, personas, rotenburg):
    client.force_login(personas["alice"])
    url = reverse("inventory:categories", args=["03357"])
    assert client.post(url, {"name": "Sport", "order": 5}).status_code == 302
    again = client.post(url, {"name": "Sport", "order": 6})
    assert again.status_code == 200
    assert "bereits ein Handlungsfeld mit diesem Namen" in again.content.decode()
    assert Category.objects.filter(district=rotenburg, name="Sport").count() == 1
