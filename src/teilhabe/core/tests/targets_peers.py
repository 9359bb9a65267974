"""Permission-table targets of peer start-up help: per district a tandem from another
municipality to Zeven (Rotenburg) or Osterholz-Scharmbeck, each side confirmable."""

from django.urls import reverse

from teilhabe.core.tests.targets import Target, both_districts
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

OSTERHOLZ_MUNICIPALITY_ARS = "033560007007"
RECEIVERS = [ZEVEN_ARS, SOTTRUM_ARS, OSTERHOLZ_MUNICIPALITY_ARS]


def setup(rotenburg, osterholz) -> None:
    import datetime

    from django.utils import timezone

    from teilhabe.inventory.models import Category
    from teilhabe.peers.models import Tandem, TandemMailing, TandemReminderDate, TandemRequest
    from teilhabe.regions.models import Municipality

    for ars in RECEIVERS:
        receiver = Municipality.objects.get(ars=ars)
        giver = receiver.district.municipalities.exclude(pk=receiver.pk).order_by("name").first()
        category = Category.objects.filter(district=receiver.district).order_by("order").first()
        tandem = Tandem.objects.create(
            district=receiver.district, giver=giver, receiver=receiver, category=category
        )
        TandemRequest.objects.create(
            district=receiver.district,
            tandem=tandem,
            side="receiver",
            municipality=receiver,
            sent_at=timezone.now(),
        )
    for district in (rotenburg, osterholz):
        TandemReminderDate.objects.create(
            district=district,
            on=timezone.localdate() + datetime.timedelta(days=3),
            base_url="http://testserver/",
        )
        TandemMailing.objects.create(
            district=district, kind="link", total=2, sent=2, finished_at=timezone.now()
        )


def _tandems(name: str, method: str = "post", data=None, side: str | None = None):
    from teilhabe.peers.models import Tandem

    rows = Tandem.objects.select_related("district", "giver", "receiver").order_by("pk")
    targets = []
    for t in rows:
        args = [t.pk, side] if side else [t.pk]
        where = {"giver": t.giver.ars, "receiver": t.receiver.ars}.get(side or "")
        targets.append(Target(reverse(name, args=args), t.district.ags, where, method, data))
    return targets


def _suggestions(name: str, method: str = "get", data=None) -> list[Target]:
    from teilhabe.inventory.models import Category
    from teilhabe.regions.models import Municipality

    targets = []
    for ars in RECEIVERS:
        m = Municipality.objects.select_related("district").get(ars=ars)
        category = Category.objects.filter(district=m.district).order_by("order").first()
        url = reverse(name, args=[ars, category.pk])
        targets.append(Target(url, m.district.ags, None, method, data))
    return targets


def _municipalities(name: str) -> list[Target]:
    from teilhabe.regions.models import Municipality

    return [
        Target(reverse(name, args=[ars]), Municipality.objects.get(ars=ars).district.ags, ars)
        for ars in RECEIVERS
    ]


def _by(model: str, name: str, method: str = "get") -> list[Target]:
    from teilhabe.peers import models

    rows = getattr(models, model).objects.select_related("district").order_by("pk")
    return [Target(reverse(name, args=[r.pk]), r.district.ags, None, method) for r in rows]


TARGETS = {
    # Posts a coordinator's request would refuse as invalid: only the rule decides.
    "peers:tandem-send": lambda u: [
        Target(t.url, t.district, None, "post", {"kind": "x"})
        for t in both_districts("peers:tandem-send")
    ],
    "peers:reminder-add": lambda u: [
        Target(t.url, t.district, None, "post", {"on": "kein Datum"})
        for t in both_districts("peers:reminder-add")
    ],
    "peers:reminder-delete": lambda u: _by("TandemReminderDate", "peers:reminder-delete", "post"),
    "peers:mailing-status": lambda u: _by("TandemMailing", "peers:mailing-status"),
    "peers:request-bounce": lambda u: _by("TandemRequest", "peers:request-bounce", "post"),
    "peers:overview": lambda u: both_districts("peers:overview"),
    "peers:weights": lambda u: [
        *both_districts("peers:weights"),
        *[
            Target(t.url, t.district, None, "post", {"experience": "x"})
            for t in both_districts("peers:weights")
        ],
    ],
    "peers:municipality": lambda u: _municipalities("peers:municipality"),
    "peers:suggestions": lambda u: _suggestions("peers:suggestions"),
    "peers:tandem-create": lambda u: _suggestions("peers:tandem-create", "post", {"giver": ""}),
    "peers:tandem-detail": lambda u: _tandems("peers:tandem-detail", "get"),
    "peers:tandem-confirm": lambda u: [
        *_tandems("peers:tandem-confirm", side="giver"),
        *_tandems("peers:tandem-confirm", side="receiver"),
    ],
    "peers:tandem-status": lambda u: _tandems("peers:tandem-status", data={"status": "x"}),
    "peers:tandem-note": lambda u: _tandems("peers:tandem-note", data={"text": ""}),
    "peers:tandem-outcome": lambda u: _tandems("peers:tandem-outcome", data={"outcome": "gut"}),
}


def snapshot() -> list[tuple]:
    from teilhabe.peers.models import (
        ScoringWeights,
        Tandem,
        TandemMailing,
        TandemNote,
        TandemReminderDate,
        TandemRequest,
    )

    return [
        *Tandem.objects.order_by("pk").values_list(
            "pk", "status", "giver_confirmed_at", "receiver_confirmed_at", "outcome"
        ),
        *TandemNote.objects.order_by("pk").values_list("pk", "text"),
        *ScoringWeights.objects.order_by("pk").values_list("pk", "experience"),
        *TandemRequest.objects.order_by("pk").values_list("pk", "sent_at", "failed_at", "failure"),
        *TandemMailing.objects.order_by("pk").values_list("pk", "total", "sent"),
        *TandemReminderDate.objects.order_by("pk").values_list("pk", "on", "done_at"),
    ]
