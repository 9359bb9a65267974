"""Sending the request of the example data's proposed tandem to both sides in one step, in
Chromium: the mails go through a real SMTP server, the worker sends while the overview polls,
and the tandem's page shows each side's request. axe-core on every state; screenshots to
$TEILHABE_SCREENSHOTS when set."""

import pytest
from e2e_helpers import de, login, look, run_worker
from playwright.sync_api import Page, expect

from teilhabe.accounts.models import Role
from teilhabe.peers.models import Tandem, TandemRequest
from teilhabe.testing import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_request_both_sides_of_a_proposed_tandem_in_one_step(
    page: Page, live_server, personas, demo, smtp_server, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tandem = Tandem.objects.select_related("district", "giver", "receiver").get(status="proposed")
    for n, side in enumerate((tandem.giver, tandem.receiver)):
        make_user(f"redaktion{n}", Role.EDITOR, tandem.district, side, email=f"r{n}@example.org")
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/districts/{tandem.district.ags}/peers/")
    expect(page.locator("input[name=tandems]")).to_have_count(1)
    look(page, "tandem-mailing-01-overview")

    page.get_by_role("button", name=de("Send tandem requests to the chosen")).click()
    expect(page.locator("main")).to_contain_text("Tandem-Anfragen an 2 Seiten werden verschickt.")
    status = page.locator(".mailing-status")
    expect(status).to_contain_text("0 von 2")
    run_worker()
    expect(status).to_contain_text("2 von 2")
    expect(status).to_contain_text("2 gesendet, 0 vom Mailserver abgelehnt, 0 ohne Adresse")
    assert sorted(r for m in smtp_server.received for r in m.recipients) == [
        "r0@example.org",
        "r1@example.org",
    ]
    look(page, "tandem-mailing-02-sent")

    page.goto(f"{live_server.url}/tandems/{tandem.pk}/")
    rows = page.locator("#requests tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(de("delivered to the mail server"))
    look(page, "tandem-mailing-03-tandem")
    assert TandemRequest.objects.filter(tandem=tandem, sent_at__isnull=False).count() == 2
