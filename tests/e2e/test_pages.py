"""The pages as a user meets them, in Chromium: logging in, the district and municipality pages,
editing a profile, the language switch, district scoping and axe-core's WCAG 2.1 AA rules."""

import re

import pytest
from e2e_helpers import SUBMIT, de, fill_login, has_german, login, password_of
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TASKS = "/tasks/"
ROTENBURG = "/districts/03357/"
OSTERHOLZ = "/districts/03356/"
ZEVEN = "/municipalities/033575408000/"
ZEVEN_EDIT = "/municipalities/033575408000/edit/"
SOTTRUM = "/municipalities/033575406000/"


def path_is(live_server, path: str) -> re.Pattern[str]:
    return re.compile(re.escape(f"{live_server.url}{path}") + r"(\?.*)?$")


# 1. Logging in ------------------------------------------------------------------------------
def test_login_page_wrong_password_then_district_page(page: Page, live_server, personas):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(de("Log in"))
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("#id_password")).to_be_visible()
    expect(page).to_have_title(re.compile(r"Teilhabe"))

    fill_login(page, "alice", "not-the-password")
    expect(page).to_have_url(path_is(live_server, "/accounts/login/"))
    alert = page.locator("main [role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(
        de(
            "The user name or password is not correct. Please check both; the password is "
            "case-sensitive."
        )
    )
    expect(page.locator("#id_username")).to_have_value("alice")

    fill_login(page, "alice", password_of("alice"))
    # The start page is Meine Aufgaben, with the district's tabs.
    expect(page).to_have_url(path_is(live_server, TASKS))
    expect(page.get_by_role("heading", level=1)).to_have_text(de("My tasks"))
    page.locator(".district-nav").get_by_role("link", name=de("Overview")).click()
    expect(page).to_have_url(path_is(live_server, ROTENBURG))
    expect(page.get_by_role("heading", level=1)).to_have_text("Landkreis Rotenburg (Wümme)")


# 2. District page ---------------------------------------------------------------------------
def test_district_page_table_totals_and_map(page: Page, live_server, personas):
    login(page, live_server, "alice")
    expect(page).to_have_url(path_is(live_server, TASKS))
    page.goto(f"{live_server.url}{ROTENBURG}")

    rows = page.locator("#municipality-table tbody tr")
    expect(rows).to_have_count(13)
    rotenburg_row = rows.filter(has=page.get_by_role("link", name="Rotenburg (Wümme)", exact=True))
    expect(rotenburg_row).to_have_count(1)
    expect(rotenburg_row).to_contain_text("22.698")
    expect(page.get_by_test_id("population-total")).to_have_text("163.496")
    expect(page.get_by_test_id("table-population-total")).to_have_text("163.496")

    expect(page.locator("svg.district-map path.municipality")).to_have_count(13)
    zeven_shape = page.locator('svg.district-map path[data-ars="033575408000"]')
    zeven_shape.locator("xpath=..").click()
    expect(page).to_have_url(path_is(live_server, ZEVEN))
    expect(page.get_by_role("heading", level=1)).to_have_text("Samtgemeinde Zeven")


# 3. Municipality page -----------------------------------------------------------------------
def test_municipality_page_members_and_figures(page: Page, live_server, personas):
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}{ZEVEN}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Samtgemeinde Zeven")

    members = page.locator("section[aria-labelledby=members-heading] tbody tr")
    expect(members).to_have_count(4)
    for name, row in zip(["Elsdorf", "Gyhum", "Heeslingen", "Zeven"], members.all(), strict=True):
        expect(row.locator("th")).to_contain_text(name)

    figures = page.locator("section[aria-labelledby=population-heading] tbody tr")
    census = figures.filter(has_text="15.05.2022")
    expect(census).to_have_count(1)
    expect(census.locator("td").nth(1)).to_have_text(re.compile(r"^\d{1,3}(\.\d{3})*$"))

    # The breadcrumb leads back to the district.
    page.get_by_role("navigation", name=de("Breadcrumb")).get_by_role("link").click()
    expect(page).to_have_url(path_is(live_server, ROTENBURG))


# 4. Editing a municipality's profile --------------------------------------------------------
def test_editor_edits_own_municipality_only(page: Page, live_server, personas):
    login(page, live_server, "bob", start=False)
    page.goto(f"{live_server.url}{ZEVEN}")
    page.get_by_role("link", name=de("Edit profile")).click()
    expect(page).to_have_url(path_is(live_server, ZEVEN_EDIT))

    website = "https://www.zeven.de/integration"
    profile = "Integrationslotsen treffen sich jeden Dienstag im Rathaus Zeven."
    page.fill("#id_website", website)
    page.fill("#id_description", profile)
    page.locator(SUBMIT).click()

    expect(page).to_have_url(path_is(live_server, ZEVEN))
    message = de("The changes to %(name)s have been saved.") % {"name": "Samtgemeinde Zeven"}
    expect(page.locator(".site-messages [role=status]")).to_have_text(message)
    profile_section = page.locator("section[aria-labelledby=profile-heading]")
    expect(profile_section).to_contain_text(profile)
    expect(profile_section.get_by_role("link", name=website)).to_have_attribute("href", website)

    page.goto(f"{live_server.url}{SOTTRUM}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Samtgemeinde Sottrum")
    expect(page.get_by_role("link", name=de("Edit profile"))).to_have_count(0)
    expect(page.locator('a[href$="/edit/"]')).to_have_count(0)


def test_edit_form_error_state(page: Page, live_server, personas):
    """An invalid website keeps the user on the form, says so and ties the error to the field."""
    login(page, live_server, "bob", start=False)
    page.goto(f"{live_server.url}{ZEVEN_EDIT}")
    page.fill("#id_website", "keine Adresse")
    page.locator(SUBMIT).click()

    expect(page).to_have_url(path_is(live_server, ZEVEN_EDIT))
    expect(page.locator("main [role=alert]")).to_contain_text(
        de("Please correct the marked entries. Nothing has been saved yet.")
    )
    field = page.locator("#id_website")
    expect(field).to_have_value("keine Adresse")
    expect(field).to_have_attribute("aria-invalid", "true")
    error = page.locator(".kern-form-input--error .kern-error")
    expect(error).to_have_count(1)
    expect(field).to_have_accessible_name(re.compile(re.escape(error.inner_text().strip())))
    # Every id an aria-describedby points to must exist, or screen readers announce nothing.
    dangling = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
            el.getAttribute('aria-describedby').split(/\\s+/)
              .filter(id => id && !document.getElementById(id))
              .map(id => `#${el.id} -> #${id}`))"""
    )
    assert not dangling, f"aria-describedby points to missing elements: {dangling}"

    page.get_by_role("link", name=de("Cancel")).click()
    expect(page).to_have_url(path_is(live_server, ZEVEN))
    expect(page.get_by_text("keine Adresse")).to_have_count(0)


# 5. Language switch -------------------------------------------------------------------------
def test_language_switch(page: Page, live_server, personas):
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}{ROTENBURG}")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "de")
    if has_german("Municipalities"):
        expect(page.get_by_role("heading", name=de("Municipalities"), exact=True)).to_be_visible()

    page.locator("header").get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(path_is(live_server, ROTENBURG))
    expect(page.get_by_role("heading", name="Municipalities", exact=True)).to_be_visible()
    expect(page.get_by_test_id("population-total")).to_have_text("163,496")
    expect(page.locator("header").get_by_role("button", name="English")).to_have_count(0)

    page.locator("header").get_by_role("button", name="Deutsch").click()
    expect(html).to_have_attribute("lang", "de")
    expect(page).to_have_url(path_is(live_server, ROTENBURG))
    expect(page.get_by_test_id("population-total")).to_have_text("163.496")
    if has_german("Municipalities"):
        expect(page.get_by_role("heading", name=de("Municipalities"), exact=True)).to_be_visible()


def test_language_switch_before_login(page: Page, live_server, personas):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(path_is(live_server, "/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    # The choice survives logging in.
    fill_login(page, "alice", password_of("alice"))
    expect(page).to_have_url(path_is(live_server, TASKS))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")


# 6. Scoping ---------------------------------------------------------------------------------
def test_other_district_is_not_found(page: Page, live_server, personas):
    login(page, live_server, "dave")
    expect(page).to_have_url(path_is(live_server, TASKS))
    page.locator(".district-nav").get_by_role("link", name=de("Overview")).click()
    expect(page).to_have_url(path_is(live_server, OSTERHOLZ))
    expect(page.get_by_role("heading", level=1)).to_have_text("Landkreis Osterholz")

    for path in (ROTENBURG, ZEVEN, f"{ROTENBURG}boundaries.geojson"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 404, path
        assert "Rotenburg" not in page.content(), path
        assert "Zeven" not in page.content(), path


# 7. Accessibility: axe-core on every page, in both languages --------------------------------
def _invalid_edit(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}{ZEVEN_EDIT}")
    page.fill("#id_website", "keine Adresse")
    page.locator(SUBMIT).click()
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator(".kern-form-input--error #id_website")).to_be_visible()


def _root_district_list(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/districts/")
    expect(page.locator("main ul.kern-list li")).to_have_count(2)


def _error_page(path: str, status: int):
    def visit(page: Page, live_server) -> None:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == status

    return visit


def _with_activity():
    from teilhabe.regions.models import District, Municipality
    from teilhabe.testing import make_activity

    district = District.objects.get(ags="03357")
    if not district.activities.exists():
        make_activity(district, Municipality.objects.get(ars="033575408000"))
        make_activity(district, None, title="Runder Tisch", status="ended", end_date="2026-10-01")
    return district.activities.order_by("pk").first()


def _period(suffix: str):
    def visit(page: Page, live_server) -> None:
        import datetime

        from teilhabe.allocation.models import AllocationPeriod
        from teilhabe.allocation.services import create_period, record_capacity
        from teilhabe.regions.models import District, Municipality

        district = District.objects.get(ags="03357")
        period = AllocationPeriod.objects.filter(district=district).first() or create_period(
            district,
            {
                "name": "2026/I",
                "start": datetime.date(2026, 4, 1),
                "end": datetime.date(2026, 9, 30),
                "quota": 895,
                "population_date": datetime.date(2022, 5, 15),
                "method": "hare-niemeyer",
                "staff_ratio_limit": 80,
            },
        )
        record_capacity(
            Municipality.objects.get(ars="033575408000"),
            {
                "date": datetime.date(2026, 4, 1),
                "housing_total": 40,
                "housing_occupied": 38,
                "staff_fte": 1,
            },
        )
        response = page.goto(f"{live_server.url}/allocation/{period.pk}/{suffix}")
        assert response is not None and response.status == 200

    return visit


def _survey(which: str):
    def visit(page: Page, live_server) -> None:
        import datetime
        from importlib.resources import files

        from django.utils import timezone

        from teilhabe.regions.models import District
        from teilhabe.surveys import services

        district = District.objects.get(ags="03357")
        data = (files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx").read_bytes()
        version = services.import_questionnaire(district, data, "b.xlsx")
        today = timezone.localdate()
        wave, tokens = services.create_wave(
            version,
            "Herbst",
            today,
            today + datetime.timedelta(days=9),
            district.municipalities.all(),
        )
        zeven = district.municipalities.get(ars="033575408000")
        response = wave.invitations.get(municipality=zeven).response
        services.save_answer(response, "language_exists", "yes", None)
        from teilhabe.surveys.proposals import propose

        propose(response)
        path = {
            "questionnaire": f"/questionnaires/{version.questionnaire_id}/",
            "wave-new": f"/questionnaires/{version.questionnaire_id}/waves/new/",
            "wave": f"/waves/{wave.pk}/",
            "results": f"/waves/{wave.pk}/results/",
            "matrix": f"/waves/{wave.pk}/matrix/",
            "link": f"/s/{tokens[zeven.pk]}/",
            "member": f"/responses/{response.pk}/answer/",
            "proposals": f"/waves/{wave.pk}/proposals/",
            "response": f"/responses/{response.pk}/",
            "question-edit": (
                f"/questionnaires/{version.questionnaire_id}/sections/1/questions/language_exists/"
            ),
            "compare": f"/waves/{wave.pk}/compare/{wave.pk}/",
        }[which]
        result = page.goto(f"{live_server.url}{path}")
        assert result is not None and result.status == 200

    return visit


def _first_activity(suffix: str):
    def visit(page: Page, live_server) -> None:
        activity = _with_activity()
        response = page.goto(f"{live_server.url}/activities/{activity.pk}/{suffix}")
        assert response is not None and response.status == 200

    return visit


def _invalid_activity(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/districts/03357/activities/new/")
    page.fill("#id_start_date", "2026-05-01")
    page.fill("#id_end_date", "2026-04-01")
    page.click("main button[type=submit]")
    expect(page.locator("main .kern-alert--danger")).to_be_visible()


def _import_preview(page: Page, live_server) -> None:
    _with_activity()
    page.goto(f"{live_server.url}/districts/03357/activities/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "angebote.csv",
                "mimeType": "text/csv",
                "buffer": "Titel;Handlungsfeld;Status;Trägerart\r\nKochtreff;Kochen;aktiv;Verein\r\n"
                "Lesepaten;Sprache;aktiv;Verein\r\n".encode("utf-8-sig"),
            }
        ],
    )
    page.click("main button[type=submit]")
    expect(page.locator("#import-errors")).to_be_visible()


def _import_preview_ok(page: Page, live_server) -> None:
    """The preview of a file without problems: the rows, what each does, the button."""
    _with_activity()
    page.goto(f"{live_server.url}/districts/03357/activities/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "angebote.csv",
                "mimeType": "text/csv",
                "buffer": "Kommune (ARS);Titel;Handlungsfeld;Status;Trägerart;Notiz\r\n"
                "033575408000;Lesepaten;Sprache;aktiv;Verein;intern\r\n".encode("utf-8-sig"),
            }
        ],
    )
    page.click("main button[type=submit]")
    expect(page.locator("#import-rows")).to_be_visible()


def _arrival_import_preview(page: Page, live_server) -> None:
    """The arrivals' preview: the counts per municipality, in the open period."""
    _period("")(page, live_server)
    page.goto(f"{live_server.url}/districts/03357/allocation/arrivals/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "ankuenfte.csv",
                "mimeType": "text/csv",
                "buffer": "Kommune (ARS);Datum;Personen;Haushalte;Art\r\n"
                "033575408000;02.05.2026;4;1;Asylsuchende\r\n".encode("cp1252"),
            }
        ],
    )
    page.click("main button[type=submit]")
    expect(page.locator("#import-totals")).to_be_visible()


# name: (user or None for anonymous, path to open or a function that gets there)
AXE_PAGES = {
    "login": (None, "/accounts/login/"),
    "about": (None, "/about/"),
    "district": ("alice", ROTENBURG),
    "tasks": ("bob", TASKS),
    "tasks-coordinator": ("alice", TASKS),
    "digest-settings": ("bob", "/profile/digest/"),
    "municipality": ("alice", ZEVEN),
    "municipality-edit": ("bob", ZEVEN_EDIT),
    "municipality-edit-error": ("bob", _invalid_edit),
    "district-list": ("root", _root_district_list),
    "not-found": ("dave", _error_page(ROTENBURG, 404)),
    "matrix": ("alice", "/districts/03357/inventory/?status=active&as_of=2026-11-01"),
    "activities": ("carol", "/districts/03357/activities/"),
    "activity-new": ("bob", "/districts/03357/activities/new/"),
    "activity-new-error": ("bob", _invalid_activity),
    "activity": ("alice", _first_activity("")),
    "activity-edit": ("alice", _first_activity("edit/")),
    "activity-end": ("alice", _first_activity("end/")),
    "changes": ("alice", "/districts/03357/changes/?since=2020-01-01&until=2030-12-31"),
    "import": ("alice", "/districts/03357/activities/import/"),
    "import-preview": ("alice", _import_preview),
    "import-preview-ok": ("alice", _import_preview_ok),
    "fields-of-action": ("alice", "/districts/03357/fields-of-action/"),
    "allocation-list": ("carol", "/districts/03357/allocation/"),
    "allocation-new": ("alice", "/districts/03357/allocation/new/"),
    "allocation-period": ("alice", _period("?household=3")),
    "allocation-whatif": ("carol", _period("what-if/?persons=500")),
    "allocation-transparency": ("carol", _period("033575408000/")),
    "allocation-adjustment": ("alice", _period("adjustments/new/")),
    "arrival-new": ("bob", "/municipalities/033575408000/arrivals/new/"),
    "arrival-import": ("alice", "/districts/03357/allocation/arrivals/import/"),
    "arrival-import-preview": ("alice", _arrival_import_preview),
    "questionnaires": ("carol", "/districts/03357/questionnaires/"),
    "network": ("alice", "/districts/03357/network/"),
    "contact-new": ("bob", "/districts/03357/network/contacts/new/"),
    "organisation-new": ("alice", "/districts/03357/network/organisations/new/"),
    "questionnaire-import": ("alice", "/districts/03357/questionnaires/import/"),
    "questionnaire": ("alice", _survey("questionnaire")),
    "wave-new": ("alice", _survey("wave-new")),
    "wave": ("alice", _survey("wave")),
    "results": ("carol", _survey("results")),
    "results-matrix": ("carol", _survey("matrix")),
    "response-review": ("alice", _survey("response")),
    "proposals": ("alice", _survey("proposals")),
    "question-edit": ("alice", _survey("question-edit")),
    "response": ("carol", _survey("response")),
    "compare": ("carol", _survey("compare")),
    "answer-link": (None, _survey("link")),
    "answer-link-invalid": (None, _error_page("/s/erfunden/", 404)),
    "answer-member": ("bob", _survey("member")),
    "capacity-new": ("bob", "/municipalities/033575408000/capacity/new/"),
    "forbidden": ("carol", _error_page(ZEVEN_EDIT, 403)),
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe(page: Page, live_server, personas, check_axe, name, language):
    if language != "de":
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    user, target = AXE_PAGES[name]
    if user:
        login(page, live_server, user, start=False)
    if callable(target):
        target(page, live_server)
    else:
        response = page.goto(f"{live_server.url}{target}")
        assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    check_axe(page)
