"""Translation states end to end (texts.py, publishing.py, services.py): an offer's text in a
language is missing, up to date or outdated; the visitor sees the translation only while it is
up to date, else the German text with a note in their language; the coordinator's report
counts each state, and translating or updating through the page makes it current again."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from teilhabe.accounts.models import User
from teilhabe.directory import texts
from teilhabe.directory.models import OfferTranslation
from teilhabe.directory.tests.conftest import Wegweiser
from teilhabe.inventory.models import Activity
from teilhabe.inventory.services import update_activity

pytestmark = pytest.mark.django_db

AGS = "03357"
UKRAINIAN = {
    "title": "Мовне кафе на ринку",
    "description": "Розмовляємо німецькою за кавою та тістечками.",
    "opening_hours": "Щовівторка 15–17, крім шкільних канікул",
    "volunteer_tasks": "Розмови німецькою",
    "volunteer_time": "2 години на тиждень",
}
MISSING_NOTE = "Цю пропозицію ще не перекладено, тому її показано німецькою."
OUTDATED_NOTE = "Переклад цієї пропозиції застарів, тому її показано німецькою."


def visitor_page(w: Wegweiser, language: str = "uk") -> str:
    with translation.override(language):
        url = reverse("directory:offer", kwargs={"ags": AGS, "pk": w.cafe.pk})
    return Client().get(url).content.decode()


def state(activity: Activity, language: str = "uk") -> texts.State:
    activity.refresh_from_db()
    row = OfferTranslation.objects.filter(activity=activity, language=language).first()
    return texts.state(activity, row)


def report_row(client: Client, language: str) -> str:
    body = client.get(reverse("publishing:overview", kwargs={"ags": AGS})).content.decode()
    start = body.index(f'/directory/languages/{language}/"')
    return body[start : body.index("</tr>", start)]


def test_missing_then_up_to_date_then_outdated_then_updated(
    wegweiser: Wegweiser, personas: dict[str, User]
):
    coordinator = Client()
    coordinator.force_login(personas["alice"])

    # Missing: the visitor reads German with the note, in Ukrainian.
    assert state(wegweiser.cafe) is texts.State.MISSING
    page = visitor_page(wegweiser)
    assert "Sprachcafé am Markt" in page and MISSING_NOTE in page
    assert "Мовне кафе" not in page
    assert "Sprachcafé am Markt" in visitor_page(wegweiser, "de")
    assert MISSING_NOTE not in visitor_page(wegweiser, "de")

    # Translated through the editors' page: up to date, the visitor reads Ukrainian.
    url = reverse("publishing:translate", kwargs={"pk": wegweiser.cafe.pk, "lang": "uk"})
    form = coordinator.get(url)
    assert form.status_code == 200
    assert 'dir="ltr"' in form.content.decode() and "Sprachcafé am Markt" in form.content.decode()
    response = coordinator.post(url, UKRAINIAN)
    assert response.status_code == 302
    assert state(wegweiser.cafe) is texts.State.CURRENT
    page = visitor_page(wegweiser)
    assert "Мовне кафе на ринку" in page and "Щовівторка" in page
    assert MISSING_NOTE not in page and OUTDATED_NOTE not in page
    assert "Sprachcafé am Markt" not in page.split("<main", 1)[1].split("</h1>", 1)[0]
    assert state(wegweiser.cafe, "ar") is texts.State.MISSING  # other languages unaffected

    # The German text changes: the translation is outdated, the visitor reads German again.
    cafe = wegweiser.cafe
    cafe.refresh_from_db()
    update_activity(cafe.pk, {"opening_hours": "Jeden Mittwoch 16–18 Uhr"}, cafe.version)
    assert state(cafe) is texts.State.OUTDATED
    page = visitor_page(wegweiser)
    assert OUTDATED_NOTE in page and "Jeden Mittwoch 16–18 Uhr" in page
    assert "Мовне кафе на ринку" not in page

    # The report of the district's side counts it, and the language's list puts it first.
    language_list = coordinator.get(
        reverse("publishing:language", kwargs={"ags": AGS, "lang": "uk"})
    )
    listed = language_list.content.decode()
    assert listed.index("Sprachcafé am Markt") < listed.index("Fahrradwerkstatt Rotenburg")
    assert "veraltet" in listed

    # Updated: up to date again.
    assert (
        coordinator.post(url, {**UKRAINIAN, "opening_hours": "Щосереди 16–18"}).status_code == 302
    )
    assert state(cafe) is texts.State.CURRENT
    page = visitor_page(wegweiser)
    assert "Щосереди 16–18" in page and OUTDATED_NOTE not in page


def test_a_non_text_change_keeps_a_translation_current(wegweiser: Wegweiser):
    from teilhabe.directory import services

    services.save_translation(wegweiser.cafe, "ar", {"title": "مقهى اللغة"}, None)
    cafe = wegweiser.cafe
    cafe.refresh_from_db()
    update_activity(cafe.pk, {"public_phone": "04281 999 00"}, cafe.version)
    assert state(cafe, "ar") is texts.State.CURRENT
    page = visitor_page(wegweiser, "ar")
    assert "مقهى اللغة" in page and "04281 999 00" in page


def test_the_overview_counts_each_state_per_language(
    wegweiser: Wegweiser, personas: dict[str, User]
):
    from teilhabe.directory import services

    services.save_translation(wegweiser.cafe, "uk", UKRAINIAN, None)
    services.save_translation(wegweiser.district_wide, "uk", {"title": "Веломайстерня"}, None)
    bike = wegweiser.district_wide
    bike.refresh_from_db()
    update_activity(bike.pk, {"title": "Fahrradwerkstatt im Kreis"}, bike.version)
    client = Client()
    client.force_login(personas["alice"])
    counts = [
        state(a, language)
        for a in (wegweiser.cafe, wegweiser.counselling, bike)
        for language in ("uk",)
    ]
    assert counts == [texts.State.CURRENT, texts.State.MISSING, texts.State.OUTDATED]
    body = client.get(reverse("publishing:overview", kwargs={"ags": AGS})).content.decode()
    assert "Der Wegweiser zeigt heute 3 Angebote." in body
    row = report_row(client, "uk")
    assert [int(n) for n in _numbers(row)] == [1, 1, 1]
    row = report_row(client, "ar")
    assert [int(n) for n in _numbers(row)] == [0, 0, 3]


def _numbers(row: str) -> list[str]:
    import re

    return re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", row)
