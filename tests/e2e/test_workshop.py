"""The workshop as the office runs it, in Chromium: create it, invite every municipality, answer
by personal link, record attendance, collect proposals, run the dot vote, adopt priorities, add a
measure and record progress, download the calendar entry. Then axe-core on every new page.

Screenshots go to $TEILHABE_SCREENSHOTS when it is set, for looking at the pages."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from e2e_helpers import confirm, login, shot
from playwright.sync_api import Page, expect

from teilhabe.regions.models import District

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_workshop_from_invitation_to_action_plan(page: Page, live_server, personas, browser):
    day = timezone.localdate() + datetime.timedelta(days=14)
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/districts/03357/events/")
    shot(page, "01-events")
    page.get_by_role("link", name="Neue Veranstaltung").click()
    page.get_by_label("Titel").fill("Workshop Handlungsschwerpunkte")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_end_time").fill("09:00")
    page.locator("#id_place").fill("Kreishaus Rotenburg (Wümme)")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator("main")).to_contain_text("nach ihrem Beginn enden")
    expect(page.get_by_label("Titel")).to_have_value("Workshop Handlungsschwerpunkte")
    page.locator("#id_end_time").fill("15:00")
    page.get_by_role("button", name="Speichern").click()

    page.get_by_label("Alle Kommunen einladen").check()
    shot(page, "02-invite")
    page.get_by_role("button", name="Einladungen erstellen").click()
    links = page.locator("#links tbody tr")
    expect(links).to_have_count(13)
    shot(page, "03-links")
    zeven_link = links.filter(has_text="Samtgemeinde Zeven").locator("code").inner_text()

    # The invited person, without an account, answers and proposes through the link.
    guest = browser.new_page(locale="de-DE")
    guest.goto(zeven_link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("Workshop Handlungsschwerpunkte")
    guest.get_by_label("Ja, wir nehmen teil").check()
    guest.get_by_label("Mit wie vielen Personen kommen Sie?").fill("2")
    guest.get_by_role("button", name="Rückmeldung senden").click()
    expect(guest.locator(".kern-alert--success")).to_contain_text("gespeichert")
    shot(guest, "04-rsvp")
    with guest.expect_download() as download:
        guest.get_by_role("link", name="In meinen Kalender übernehmen (iCal-Datei)").click()
    ics = Path(download.value.path()).read_text()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Workshop Handlungsschwerpunkte" in ics
    assert f"DTSTART;TZID=Europe/Berlin:{day:%Y%m%d}T100000" in ics
    guest.get_by_role("link", name="Vorschlag einreichen").click()
    guest.get_by_label("Titel").fill("Sprachcafés in allen Samtgemeinden")
    guest.get_by_role("button", name="Vorschlag einreichen").click()
    expect(guest.locator("main")).to_contain_text("Sprachcafés in allen Samtgemeinden")

    # The coordinator records attendance and collects more proposals.
    page.get_by_role("link", name="Zur Veranstaltung").click()
    expect(page.locator("#invitations")).to_contain_text("nimmt teil (2)")
    page.get_by_role("link", name="Anwesenheit erfassen").click()
    expect(page.locator("#present-" + _pk("Samtgemeinde Zeven"))).to_be_checked()
    page.locator("#present-" + _pk("Rotenburg (Wümme)")).check()
    page.locator("#persons-" + _pk("Rotenburg (Wümme)")).fill("3")
    shot(page, "05-attendance")
    page.get_by_role("button", name="Anwesenheit speichern").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("2 von 13 Kommunen vertreten")
    shot(page, "06-event")
    page.get_by_role("link", name="Vorschlag und Punktabfrage (1)").click()
    for title in ("Ehrenamtliche Lotsen begleiten", "Wohnraum-Ansprechpersonen je Kommune"):
        page.get_by_role("link", name="Neuer Vorschlag").click()
        page.get_by_label("Titel").fill(title)
        page.get_by_role("button", name="Vorschlag einreichen").click()
    page.get_by_role("button", name="Punktabfrage öffnen").click()
    confirm(page, "Punktabfrage öffnen?")
    expect(page.locator(".kern-alert--success")).to_contain_text("geöffnet")

    # The guest votes: over the budget is refused and nothing typed is lost.
    guest.goto(zeven_link)
    guest.get_by_role("link", name="Punkte vergeben").click()
    guest.get_by_label("Sprachcafés in allen Samtgemeinden").fill("4")
    guest.get_by_label("Ehrenamtliche Lotsen begleiten").fill("2")
    guest.get_by_role("button", name="Punkte speichern").click()
    expect(guest.locator("#ballot-error")).to_contain_text("6 Punkte vergeben")
    expect(guest.get_by_label("Sprachcafés in allen Samtgemeinden")).to_have_value("4")
    shot(guest, "07-vote-error")
    guest.get_by_label("Ehrenamtliche Lotsen begleiten").fill("1")
    guest.get_by_role("button", name="Punkte speichern").click()
    expect(guest.locator(".kern-alert--success")).to_contain_text("Punkte wurden gespeichert")

    page.reload()
    page.get_by_role("button", name="Punktabfrage schließen").click()
    confirm(page, "Punktabfrage schließen?")
    ranking = page.locator("#ranking tbody tr")
    expect(ranking.first).to_contain_text("Sprachcafés in allen Samtgemeinden")
    expect(ranking.first).to_contain_text("4")
    for n in range(2):
        ranking.nth(n).get_by_role("button").click()
    shot(page, "08-ranking")
    guest.goto(zeven_link)
    expect(guest.get_by_role("link", name="Punkte vergeben")).to_have_count(0)
    expect(guest.locator("main")).to_contain_text("Die Punktabfrage ist geschlossen")

    # Two priorities in the action plan; a measure with progress.
    page.get_by_role("link", name="Handlungskonzept").first.click()
    expect(page.locator("section.priority")).to_have_count(2)
    first = page.locator("section.priority", has_text="Sprachcafés in allen Samtgemeinden")
    first.get_by_role("link", name="Maßnahme hinzufügen").click()
    page.get_by_label("Was").fill("Starterpaket für Sprachcafés")
    page.get_by_label("Verantwortlich").fill("Koordinierungsstelle")
    page.get_by_label("Fällig").fill("2026-10-31")
    page.get_by_label("Samtgemeinde Sottrum").check()
    page.get_by_role("button", name="Speichern").click()
    page.get_by_label("Fortschritt in Prozent").fill("140")
    page.get_by_role("button", name="Fortschritt erfassen").click()
    expect(page.locator("main [role=alert]")).to_be_visible()
    page.get_by_label("Fortschritt in Prozent").fill("40")
    page.get_by_label("Was ist geschehen?").fill("Entwurf liegt vor")
    page.get_by_role("button", name="Fortschritt erfassen").click()
    expect(page.locator("#notes")).to_contain_text("Entwurf liegt vor")
    expect(page.locator("main")).to_contain_text("überfällig")
    shot(page, "09-measure")
    page.get_by_role("link", name="Handlungskonzept: Landkreis Rotenburg (Wümme)").click()
    expect(page.locator("main")).to_contain_text("40 %")
    shot(page, "10-plan")
    with page.expect_download() as download:
        page.get_by_role("link", name="Handlungskonzept als XLSX").click()
    assert download.value.suggested_filename == "handlungskonzept-03357.xlsx"


def _pk(name: str) -> str:
    return str(District.objects.get(ags="03357").municipalities.get(name=name).pk)


def _demo(which: str):
    def visit(page: Page, live_server) -> None:
        from teilhabe.actionplan.models import Measure, Priority
        from teilhabe.events import services
        from teilhabe.events.demo import example_events
        from teilhabe.events.models import Event

        list(example_events())
        district = District.objects.get(ags="03357")
        workshop = Event.objects.get(district=district, kind="workshop")
        upcoming = services.create_event(
            district,
            {
                "kind": "workshop",
                "title": "Nächster Workshop",
                "vote_per": "municipality",
                "date": timezone.localdate() + datetime.timedelta(days=7),
            },
        )
        token = next(iter(services.invite(upcoming, all_municipalities=True).values()))
        from teilhabe.actionplan import services as plan

        plan.submit_proposal(upcoming, {"title": "Mehr Sprachkurse"})
        plan.open_vote(upcoming)
        measure = Measure.objects.filter(priority__district=district).first()
        paths = {
            "events": "/districts/03357/events/",
            "event": f"/events/{workshop.pk}/",
            "event-new": "/districts/03357/events/new/",
            "invite": f"/events/{upcoming.pk}/invite/",
            "attendance": f"/events/{workshop.pk}/attendance/",
            "proposals": f"/events/{workshop.pk}/proposals/",
            "vote": f"/events/{upcoming.pk}/vote/",
            "proposal-new": f"/events/{workshop.pk}/proposals/new/",
            "plan": "/districts/03357/action-plan/",
            "measure": f"/measures/{measure.pk}/",
            "measure-edit": f"/measures/{measure.pk}/edit/",
            "priority-new": "/districts/03357/action-plan/priorities/new/",
            "priority-edit": f"/priorities/{Priority.objects.first().pk}/edit/",
            "rsvp": f"/e/{token}/",
            "link-vote": f"/e/{token}/vote/",
            "link-proposal": f"/e/{token}/proposals/",
            "municipality": "/municipalities/033575408000/",
        }
        response = page.goto(f"{live_server.url}{paths[which]}")
        assert response is not None and response.status == 200
        shot(page, f"axe-{which}-{page.evaluate('document.documentElement.lang')}")

    return visit


AXE_PAGES = {
    "events": "alice",
    "event": "carol",
    "event-new": "alice",
    "invite": "alice",
    "attendance": "alice",
    "proposals": "alice",
    "vote": "bob",
    "proposal-new": "bob",
    "plan": "carol",
    "measure": "alice",
    "measure-edit": "alice",
    "priority-new": "alice",
    "priority-edit": "alice",
    "rsvp": None,
    "link-vote": None,
    "link-proposal": None,
    "municipality": "carol",
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe(page: Page, live_server, personas, check_axe, name, language):
    if language != "de":
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    if AXE_PAGES[name]:
        login(page, live_server, AXE_PAGES[name], start=False)
    _demo(name)(page, live_server)
    expect(page.locator("html")).to_have_attribute("lang", language)
    check_axe(page)
