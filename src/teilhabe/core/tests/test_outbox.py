"""Idempotent mail (core/outbox.py): a mailing run again after its worker died sends no message
twice, counted at the real SMTP server of the suite. The death is simulated in the process: the
mail server has taken the 6th mail when the run stops, before it records that (the worst
moment); test_workers_live.py kills a real worker with SIGKILL."""

import datetime
from importlib.resources import files

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from teilhabe.core import leases
from teilhabe.core import mailing as core_mailing
from teilhabe.core.models import MessageState, SentMessage
from teilhabe.core.tests import test_worker
from teilhabe.surveys import mailing, services
from teilhabe.surveys.models import Invitation, Mailing, MailingKind
from teilhabe.surveys.tasks import send_link
from teilhabe.testing import ZEVEN_ARS

XLSFORM = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"
BASE = "http://testserver/"


class Killed(BaseException):
    """Stands for the SIGKILL: nothing after it in the run happens."""


@pytest.fixture
def wave(rotenburg):
    """An open wave for the 13 municipalities of Rotenburg, each with its own address."""
    today = timezone.localdate()
    version = services.import_questionnaire(rotenburg, XLSFORM.read_bytes(), XLSFORM.name)
    wave, _tokens = services.create_wave(
        version, "Herbst 2026", today, today + datetime.timedelta(days=30),
        rotenburg.municipalities.all(),
    )  # fmt: off
    for invitation in wave.invitations.select_related("municipality"):
        invitation.email = f"kommune-{invitation.municipality.ars}@rotenburg.example"
        invitation.save(update_fields=["email"])
    return wave


@pytest.fixture
def queued(wave, settings):
    """The links of the wave as one mailing, queued (not yet run)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    campaign = mailing.CAMPAIGN
    return core_mailing.start(campaign, wave, wave.invitations.all(), MailingKind.LINK, BASE)


def die_after(monkeypatch, mails: int) -> None:
    """The run dies right after the mail server has accepted mail number `mails`."""
    real, handed = core_mailing.send_mail, [0]

    def send_mail(*args, **kwargs):
        real(*args, **kwargs)
        handed[0] += 1
        if handed[0] == mails:
            raise Killed

    monkeypatch.setattr(core_mailing, "send_mail", send_mail)


@pytest.mark.django_db
def test_a_mailing_run_again_after_its_worker_died_sends_nothing_twice(
    queued, smtp_server, monkeypatch, client, personas
):
    die_after(monkeypatch, 6)
    with pytest.raises(Killed):
        core_mailing.run(mailing.CAMPAIGN, queued.pk, BASE)
    assert len(smtp_server.received) == 6
    monkeypatch.undo()

    core_mailing.run(mailing.CAMPAIGN, queued.pk, BASE)  # taken over by another worker
    to = [r for m in smtp_server.received for r in m.recipients]
    assert len(to) == 13 and len(set(to)) == 13, to  # each municipality exactly once
    states = list(SentMessage.objects.values_list("state", flat=True))
    assert sorted(states) == [MessageState.SENT] * 12 + [MessageState.UNCERTAIN]
    found = Mailing.objects.get()
    assert (found.total, found.sent, found.failed, found.skipped) == (13, 12, 1, 0)
    uncertain = Invitation.objects.get(failed_at__isnull=False)  # the 6th: shown to the office
    assert uncertain.sent_at is None and "nicht erneut" in uncertain.failure
    assert uncertain.delivery_uncertain
    client.force_login(personas["alice"])  # the wave's page shows it, apart from refusals
    page = client.get(reverse("surveys:wave-detail", args=[queued.wave_id])).content.decode()
    assert page.count('kern-badge--warning" title="Unklar, ob') == 1
    assert page.count(">unklar</span>") == 1 and "kern-badge--danger" not in page

    core_mailing.run(mailing.CAMPAIGN, queued.pk, BASE)  # a third run changes nothing
    assert len(smtp_server.received) == 13
    found.refresh_from_db()
    assert (found.sent, found.failed) == (12, 1)


@pytest.mark.django_db
def test_a_refused_mail_is_not_offered_to_the_server_again(queued, smtp_server):
    smtp_server.refuse = {f"kommune-{ZEVEN_ARS}@rotenburg.example"}
    core_mailing.run(mailing.CAMPAIGN, queued.pk, BASE)
    core_mailing.run(mailing.CAMPAIGN, queued.pk, BASE)
    assert len(smtp_server.received) == 12
    assert SentMessage.objects.filter(state=MessageState.FAILED).count() == 1
    found = Mailing.objects.get()
    assert (found.sent, found.failed) == (12, 1)


@pytest.mark.django_db(transaction=True)  # the worker opens and closes connections itself
def test_a_single_link_task_taken_over_after_its_mail_went_out_sends_it_once(wave, smtp_server):
    invitation = wave.invitations.order_by("pk").first()
    DBTaskResult.objects.create(
        task_path=send_link.module_path,
        backend_name="default",
        args_kwargs={"args": [invitation.pk, BASE, False], "kwargs": {}},
        run_after=get_date_max(),
    )
    test_worker.leased_worker().run()
    assert len(smtp_server.received) == 1
    # As if the worker had died after the mail, before the task was recorded as done:
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, worker_ids=["w-dead"])
    assert len(leases.take_over().requeued) == 1
    test_worker.leased_worker().run()  # another worker runs the copy
    assert len(smtp_server.received) == 1
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    assert SentMessage.objects.get().state == MessageState.SENT
