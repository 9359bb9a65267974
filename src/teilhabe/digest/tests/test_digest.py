"""The digest e-mail: what changed in the district since the last one, with links, in German
or English; at most one per user and period; the signed unsubscribe link without login; and
refusals for a user without an address. With DIGEST_OUT=/tmp the rendered text and HTML are
written to /tmp/digest.txt and /tmp/digest.html, to be read and looked at."""

import datetime
import os
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from teilhabe.actionplan.models import Measure, Priority
from teilhabe.actionplan.services import save_measure
from teilhabe.digest import services
from teilhabe.digest.models import DigestSent, DigestSetting, Frequency
from teilhabe.regions.models import Municipality
from teilhabe.testing import ZEVEN_ARS, make_activity

BASE = "https://teilhabe.lk-row.example/"


@pytest.fixture
def changes(rotenburg, osterholz, personas):
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    make_activity(rotenburg, zeven, title="Sprachcafé Zeven")
    ended = make_activity(rotenburg, zeven, title="Nähtreff")
    from teilhabe.inventory.services import end_activity

    end_activity(ended.pk, timezone.localdate(), ended.version)
    make_activity(osterholz, None, title="Nur in Osterholz")
    priority = Priority.objects.create(district=rotenburg, title="Sprache stärken")
    save_measure(
        Measure(priority=priority),
        {
            "title": "Kursräume finden",
            "responsible": "Koordinierungsstelle",
            "due": timezone.localdate() - datetime.timedelta(days=3),
        },
    )
    alice = personas["alice"]
    alice.email = "alice@lk-row.example"
    alice.first_name, alice.last_name = "Alice", "Albers"
    alice.save()
    services.choose(alice, Frequency.DAILY, "de")
    return alice


def test_the_digest_lists_the_districts_changes_once_per_day(changes):
    alice = changes
    now = timezone.now()
    assert services.send_digest(alice, BASE, now) is True
    (message,) = mail.outbox
    assert message.to == ["alice@lk-row.example"]
    assert message.subject.startswith("Teilhabe: Was sich seit ")
    text = message.body
    html = message.alternatives[0].content
    assert "Guten Tag Alice Albers," in text
    for expected in (
        "Neue Angebote",
        "Sprachcafé Zeven (Samtgemeinde Zeven)",
        "Beendete Angebote",
        "Nähtreff",
        "Überfällige Maßnahmen",
        "Kursräume finden (fällig am ",
    ):
        assert expected in text, expected
    assert "Nur in Osterholz" not in text and "Nur in Osterholz" not in html
    assert f"{BASE}activities/" in text and 'href="https://teilhabe.lk-row.example/' in html
    unsubscribe = next(
        line.split()[-1] for line in text.splitlines() if "/digest/unsubscribe/" in line
    )
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    if out := os.environ.get("DIGEST_OUT"):
        Path(out, "digest.txt").write_text(text, encoding="utf-8")
        Path(out, "digest.html").write_text(html, encoding="utf-8")
    # Never more than one per period, however often the job runs: again later the same day
    # (three hours later, or the day's last second when that comes first).
    last_second = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=0)
    later = min(now + datetime.timedelta(hours=3), max(now, last_second))
    assert services.send_digest(alice, BASE, later) is False
    assert len(mail.outbox) == 1
    assert services.send_digest(alice, BASE, now + datetime.timedelta(days=1)) is True
    assert DigestSent.objects.filter(user=alice).count() == 2


def test_the_digest_speaks_english_when_the_user_chose_english(changes):
    services.choose(changes, Frequency.WEEKLY, "en")
    assert services.send_digest(changes, BASE)
    (message,) = mail.outbox
    assert "Good day Alice Albers," in message.body and "New offers" in message.body
    assert '<html lang="en">' in message.alternatives[0].content


def test_no_digest_for_a_user_without_an_address_and_nothing_written(client, personas):
    bob = personas["bob"]
    DigestSetting.objects.create(user=bob, frequency=Frequency.DAILY)
    with pytest.raises(services.DigestRefused, match="bob hat keine E-Mail-Adresse"):
        services.send_digest(bob, BASE)
    assert not DigestSent.objects.exists() and mail.outbox == []
    client.force_login(personas["carol"])
    page = client.post(reverse("digest:settings"), {"frequency": "daily", "language": "de"})
    assert "Ihr Konto hat keine E-Mail-Adresse" in page.content.decode()
    assert not DigestSetting.objects.filter(user=personas["carol"]).exists()


def test_the_unsubscribe_link_works_without_login(client, changes):
    url = reverse("digest:unsubscribe", args=[services.unsubscribe_token(changes)])
    assert "Zusammenfassung abbestellen" in client.get(url).content.decode()
    assert DigestSetting.objects.get(user=changes).frequency == Frequency.DAILY
    done = client.post(url)
    assert "Erledigt" in done.content.decode()
    assert DigestSetting.objects.get(user=changes).frequency == Frequency.NONE
    forged = reverse("digest:unsubscribe", args=[f"{changes.pk}:gefälscht"])
    assert client.post(forged).status_code == 404


def test_the_daily_job_queues_each_chosen_digest_once(changes, personas):
    call_command("send_digests", base_url=BASE)
    call_command("send_digests", base_url=BASE)
    assert [m.to for m in mail.outbox] == [["alice@lk-row.example"]]
