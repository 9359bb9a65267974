"""The default fields of action (Handlungsfelder) every district starts with."""

from typing import TYPE_CHECKING, Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from teilhabe.regions.models import District

if TYPE_CHECKING:
    from teilhabe.inventory.models import Category

DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    ("orientation", "Erstorientierung und Beratung", "First orientation and counselling"),
    ("language", "Sprache", "Language"),
    ("early-childhood", "Frühkindliche Bildung", "Early childhood education"),
    ("education", "Schule, Ausbildung und Weiterbildung", "School, training and further education"),
    ("work", "Arbeit und Anerkennung von Qualifikationen",
     "Work and recognition of qualifications"),
    ("housing", "Wohnen", "Housing"),
    ("health", "Gesundheit und psychosoziale Versorgung", "Health incl. psychosocial care"),
    ("sport-culture", "Sport und Kultur", "Sport and culture"),
    ("volunteering", "Ehrenamt", "Volunteering"),
    ("participation", "Gesellschaftliche Teilhabe (Beiräte, Migrantenorganisationen)",
     "Social participation (advisory councils, migrant organisations)"),
    ("intercultural-opening", "Interkulturelle Öffnung der Verwaltung",
     "Intercultural opening of the administration"),
    ("residence", "Aufenthalt und Einbürgerung", "Residence and naturalisation"),
    ("anti-discrimination", "Antidiskriminierung", "Anti-discrimination"),
    ("networking", "Vernetzung und Koordination", "Networking and coordination"),
]  # fmt: skip


def ensure_default_categories(
    district: District,
    category_model: "type[Category] | None" = None,  # or the migration's historical Category
) -> None:
    """Create the default taxonomy for a district; existing entries are left as they are.

    `category_model` lets the data migration pass its historical model."""
    from teilhabe.inventory.models import Category

    model = category_model or Category
    existing = set(model.objects.filter(district=district).values_list("key", flat=True))
    model.objects.bulk_create(
        model(district=district, key=key, name=de, name_en=en, order=(i + 1) * 10)
        for i, (key, de, en) in enumerate(DEFAULT_CATEGORIES)
        if key not in existing
    )


@receiver(post_save, sender=District)
def _seed_new_district(
    sender: type[District], instance: District, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        ensure_default_categories(instance)
