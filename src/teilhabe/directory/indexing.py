"""The search index of the public directory: one document per public offer and language, each
word with the district's scope in front (engine/textsearch.py), written here whenever an offer or
one of its translations is saved (directory/signals.py, directory/services.py), and rebuilt in
bulk by `rebuild` for data written past the ORM (the scale data of `teilhabe bench`)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation

from teilhabe.directory import labels, texts
from teilhabe.directory.languages import GERMAN
from teilhabe.directory.models import OfferTranslation, SearchDocument
from teilhabe.engine import textsearch
from teilhabe.inventory.models import Activity

BATCH = 2000


def scope_word(district_id: int) -> str:
    """What every indexed word of one district starts with ("qd12xberatung"), and so every
    searched word: a search reads only its district's part of the index (migration 0005)."""
    return f"qd{district_id}x"


def _documents(activity: Activity, translations: Iterable[OfferTranslation]) -> dict[str, str]:
    """The documents an offer should have: German, and each up-to-date translation."""
    if not activity.public:
        return {}
    scope = scope_word(activity.district_id)
    place = activity.municipality.name if activity.municipality else ""
    german = [getattr(activity, name) for name in texts.FIELDS]
    found = {
        GERMAN: textsearch.document(
            [*german, activity.provider_name, activity.address, place, activity.category.name],
            scope,
        )
    }
    current = texts.source_hash(activity)
    for item in translations:
        if item.source_hash != current:
            continue  # outdated: the visitor sees German, so the German words find it
        with translation.override(item.language):
            field = labels.field_of_action(activity.category)
        own = [getattr(item, name) for name in texts.FIELDS]
        found[item.language] = textsearch.document([*own, activity.address, place, field], scope)
    return found


@transaction.atomic
def index_offer(activity_id: int) -> None:
    """Bring one offer's documents up to date (none unless it is public)."""
    activity = (
        Activity.objects.select_related("municipality", "category").filter(pk=activity_id).first()
    )
    wanted = (
        _documents(activity, OfferTranslation.objects.filter(activity_id=activity_id))
        if activity
        else {}
    )
    existing = {d.language: d for d in SearchDocument.objects.filter(activity_id=activity_id)}
    for language, document in existing.items():
        if language not in wanted:
            document.delete()
        elif document.document != wanted[language]:
            document.document = wanted[language]
            document.save(update_fields=["document"])
    for language, text in wanted.items():
        if language not in existing and activity is not None:
            SearchDocument.objects.create(
                activity=activity,
                district_id=activity.district_id,
                language=language,
                document=text,
            )


def rebuild(district_ids: Iterable[int] | None = None) -> int:
    """Index every public offer (of the given districts) anew; returns the documents written."""
    offers = Activity.objects.filter(public=True).select_related("municipality", "category")
    stale = SearchDocument.objects.all()
    if district_ids is not None:
        ids = list(district_ids)
        offers, stale = offers.filter(district_id__in=ids), stale.filter(district_id__in=ids)
    stale.delete()
    written = 0
    last = 0
    while True:
        batch = list(offers.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return written
        last = batch[-1].pk
        by_offer: dict[int, list[OfferTranslation]] = {}
        for item in OfferTranslation.objects.filter(activity__in=batch):
            by_offer.setdefault(item.activity_id, []).append(item)
        rows = [
            SearchDocument(
                activity=a, district_id=a.district_id, language=language, document=document
            )
            for a in batch
            for language, document in _documents(a, by_offer.get(a.pk, [])).items()
        ]
        SearchDocument.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
