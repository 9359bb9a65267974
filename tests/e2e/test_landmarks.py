"""axe-core with its best practices as well as WCAG, on the pages a new user found with
`landmark-unique` (Starthilfe, the report list, the event pages, the results): 0 violations of
any impact. A section named by its heading around a scroll box named the same made two region
landmarks of one name; the sections are plain groups now and the scroll boxes the regions."""

import pytest
from e2e_helpers import AXE_ALL_TAGS, axe_violations, format_violations, login
from playwright.sync_api import Page

from teilhabe.testing import ZEVEN_ARS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pages() -> list[str]:
    from teilhabe.events.models import Event
    from teilhabe.inventory.models import Category
    from teilhabe.peers.models import Tandem
    from teilhabe.reports.models import Report
    from teilhabe.surveys.models import Wave

    district = "/districts/03357"
    events = [e.pk for e in Event.objects.order_by("pk")]
    waves = [w.pk for w in Wave.objects.order_by("pk")]
    category = Category.objects.filter(district__ags="03357").order_by("pk").first()
    return [
        f"{district}/peers/",
        f"/municipalities/{ZEVEN_ARS}/peers/",
        f"/municipalities/{ZEVEN_ARS}/peers/{category.pk}/",
        f"/tandems/{Tandem.objects.order_by('pk').first().pk}/",
        f"{district}/reports/",
        f"/reports/{Report.objects.get().pk}/",
        f"{district}/events/",
        *[f"/events/{pk}/" for pk in events],
        f"/events/{events[0]}/attendance/",
        f"/events/{events[0]}/invite/",
        f"/events/{events[0]}/proposals/",
        *[f"/waves/{pk}/results/" for pk in waves],
        f"/waves/{waves[0]}/compare/{waves[1]}/",
        f"{district}/action-plan/",
        f"{district}/network/",
    ]


@pytest.mark.parametrize("user", ["alice", "carol"])
def test_no_axe_violation_of_any_impact(page: Page, live_server, personas, demo, user):
    paths = pages()
    assert len(paths) >= 15
    login(page, live_server, user)
    found = []
    for path in paths:
        if user == "carol" and path.endswith(("/attendance/", "/invite/")):
            continue  # the office's pages: committee members are refused them
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        violations = axe_violations(page, AXE_ALL_TAGS)
        if violations:
            found.append(f"{path}\n{format_violations(violations)}")
    assert not found, "\n".join(found)
