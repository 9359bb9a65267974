"""Permission-table targets of sending a wave's links and reminders: each district's wave gets
a reminder date and a finished mailing; its invitations of Zeven and Osterholz-Scharmbeck are
the rows to record a bounce on. Posts carry data a coordinator's request would refuse as
invalid, so only the rule decides what the others see."""

import datetime

from django.urls import reverse
from django.utils import timezone

from teilhabe.core.tests.targets import Target

ZEVEN_ARS = "033575408000"
OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"


ATTACHMENT = "anlage"  # the question every response has a file for


def _attach_files() -> None:
    """Every response has a file as its answer to "anlage"; the rows share one file on disk,
    written once (a test's rows are rolled back, files on disk are not)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from teilhabe.surveys.models import Answer, AnswerFile, Response

    name = "surveys/targets/anlage.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    for response in Response.objects.all():
        answer = Answer.objects.create(response=response, question=ATTACHMENT, value="anlage.pdf")
        AnswerFile.objects.create(
            answer=answer, file=name, name="anlage.pdf", size=14, content_type="application/pdf"
        )


def setup(rotenburg, osterholz) -> None:
    from teilhabe.surveys.models import Mailing, MailingKind, ReminderDate, Wave

    _attach_files()
    for wave in Wave.objects.filter(district__in=[rotenburg, osterholz]):
        ReminderDate.objects.create(
            wave=wave,
            on=timezone.localdate() + datetime.timedelta(days=3),
            base_url="http://testserver/",
        )
        Mailing.objects.create(
            wave=wave, kind=MailingKind.LINK, total=2, sent=2, finished_at=timezone.now()
        )


def _rows(model: str, name: str, method: str = "get", data: dict | None = None) -> list[Target]:
    from teilhabe.surveys import models

    rows = getattr(models, model).objects.select_related("wave__district").order_by("pk")
    return [
        Target(reverse(name, args=[r.pk]), r.wave.district.ags, None, method, data) for r in rows
    ]


def _waves(name: str, data: dict) -> list[Target]:
    from teilhabe.surveys.models import Wave

    return [
        Target(reverse(name, args=[w.pk]), w.district.ags, None, "post", data)
        for w in Wave.objects.select_related("district").order_by("pk")
    ]


def _invitations(name: str) -> list[Target]:
    from teilhabe.surveys.models import Invitation

    rows = Invitation.objects.select_related("wave__district", "municipality").filter(
        municipality__ars__in=[ZEVEN_ARS, OSTERHOLZ_MUNICIPALITY_ARS]
    )
    return [
        Target(reverse(name, args=[i.pk]), i.wave.district.ags, i.municipality.ars, "post")
        for i in rows.order_by("pk")
    ]


def _responses(name: str, data: dict | None = None) -> list[Target]:
    from teilhabe.surveys.models import Response

    rows = Response.objects.select_related(
        "invitation__wave__district", "invitation__municipality"
    ).filter(invitation__municipality__ars__in=[ZEVEN_ARS, OSTERHOLZ_MUNICIPALITY_ARS])
    return [
        Target(
            reverse(name, args=[r.pk]),
            r.invitation.wave.district.ags,
            r.invitation.municipality.ars,
            "post",
            data,
        )
        for r in rows.order_by("pk")
    ]


def _files(name: str) -> list[Target]:
    return [
        Target(reverse(name, args=[t.url.split("/")[2], ATTACHMENT]), t.district, t.municipality)
        for t in _responses("surveys:response-detail")
    ]


def _wave_pages(name: str) -> list[Target]:
    from teilhabe.surveys.models import Wave

    return [
        Target(reverse(name, args=[w.pk]), w.district.ags)
        for w in Wave.objects.select_related("district").order_by("pk")
    ]


TARGETS = {
    "surveys:results-matrix": lambda u: _wave_pages("surveys:results-matrix"),
    "surveys:response-ask": lambda u: _responses("surveys:response-ask", {"text": "Warum?"}),
    "surveys:response-accept": lambda u: _responses("surveys:response-accept"),
    "surveys:wave-send": lambda u: _waves("surveys:wave-send", {"kind": "x"}),
    "surveys:reminder-add": lambda u: _waves("surveys:reminder-add", {"on": "kein Datum"}),
    "surveys:reminder-delete": lambda u: _rows("ReminderDate", "surveys:reminder-delete", "post"),
    "surveys:mailing-status": lambda u: _rows("Mailing", "surveys:mailing-status"),
    "surveys:invitation-bounce": lambda u: _invitations("surveys:invitation-bounce"),
    "surveys:file-as-member": lambda u: _files("surveys:file-as-member"),
}


def snapshot() -> list[tuple]:
    from teilhabe.surveys.models import Invitation, Mailing, ReminderDate, Response, ReviewNote

    return [
        *Response.objects.order_by("pk").values_list("pk", "status", "review"),
        *ReviewNote.objects.order_by("pk").values_list("pk", "text"),
        *ReminderDate.objects.order_by("pk").values_list("pk", "on", "done_at"),
        *Mailing.objects.order_by("pk").values_list("pk", "total", "sent", "failed"),
        *Invitation.objects.order_by("pk").values_list(
            "pk", "sent_at", "reminded_at", "failed_at", "failure"
        ),
    ]
