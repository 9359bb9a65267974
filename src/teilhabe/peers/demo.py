"""Example tandems for `teilhabe up --demo` (Beispieldaten): for three gaps the best-ranked
helper is paired with the municipality – one finished with a new activity, one active with
meeting notes, one just proposed."""

import datetime
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.demo import EXAMPLE_MARK
from teilhabe.inventory.models import Activity, ActivityStatus, Category
from teilhabe.peers import queries, services
from teilhabe.peers.models import NoteKind, Tandem, TandemStatus
from teilhabe.regions.models import District, Municipality


def _pairs(
    district: District, today: datetime.date
) -> Iterator[tuple[Municipality, Category, queries.Offer]]:
    """(receiver, category, offer) for gaps that have a suggestion, in a stable order."""
    gaps = queries.gaps(district)
    for municipality in district.municipalities.order_by("name"):
        for gap in gaps[municipality.pk]:
            offers = queries.suggestions(municipality, gap.category, today)
            if offers:
                yield municipality, gap.category, offers[0]
                break


def example_tandems() -> Iterator[str]:
    district = District.objects.filter(ags="03357").first()
    if district is None or Tandem.objects.filter(district=district).exists():
        return
    if not Category.objects.filter(district=district).exists():
        return
    today = timezone.localdate()
    pairs = list(_pairs(district, today))[:3]
    for n, (receiver, category, offer) in enumerate(pairs):
        tandem = services.propose(receiver, category, offer.municipality, offer.activity)
        if n == 2:
            continue  # stays proposed
        services.confirm(tandem, "giver")
        services.confirm(tandem, "receiver")
        services.set_status(tandem, TandemStatus.ACTIVE)
        services.add_note(
            tandem,
            today - datetime.timedelta(days=60),
            NoteKind.MEETING,
            f"Erstes Treffen im Rathaus {receiver.seat_name or receiver.name} ({EXAMPLE_MARK})",
            None,
        )
        if n == 0:
            started = Activity.objects.create(
                district=district,
                municipality=receiver,
                category=category,
                title=f"Nach dem Vorbild „{offer.activity.title}“ ({EXAMPLE_MARK})",
                status=ActivityStatus.STARTING,
                provider_kind=offer.activity.provider_kind,
                is_example=True,
                start_date=today - datetime.timedelta(days=20),
            )
            services.record_outcome(tandem, started, "Angebot ist mit Unterstützung gestartet.")
            services.set_status(tandem, TandemStatus.FINISHED)
    yield _("Example tandems (%(mark)s): %(n)s") % {"mark": EXAMPLE_MARK, "n": len(pairs)}
