"""The public directory (Wegweiser): its texts per district, the offers' translations and the
search index. The offers themselves are the stock-take's activities marked public
(inventory.Activity, whose public fields the activity form edits)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.core.history import track


def new_stamp() -> str:
    return secrets.token_hex(8)


class DistrictDirectory(models.Model):
    """Wegweiser eines Landkreises (DistrictDirectory): the legal notice (Impressum) and privacy
    notice (Datenschutzerklärung) its coordinators keep, and the stamp of its public data.

    The stamp is new after every change of anything the public pages show (directory/signals.py),
    and part of every cache key of the district's pages: a change shows at once, in every
    process. Random rather than counted, so that a key never comes back (not even after a
    database was emptied and filled again, as the tests do)."""

    district = models.OneToOneField(
        "regions.District",
        on_delete=models.CASCADE,
        related_name="directory",
        verbose_name=_("district"),
    )
    imprint = models.TextField(
        _("legal notice (Impressum)"),
        blank=True,
        max_length=10_000,
        help_text=_("Who is responsible for the directory: name, address, e-mail, phone."),
    )
    privacy = models.TextField(
        _("privacy notice"),
        blank=True,
        max_length=20_000,
        help_text=_("Leave empty to show the standard text, which describes what Teilhabe does."),
    )
    stamp = models.CharField(max_length=16, default=new_stamp, editable=False)
    texts_updated_at = models.DateTimeField(_("texts last changed"), null=True, editable=False)

    history = track()
    district_path = "district"

    class Meta:
        verbose_name = _("public directory")
        verbose_name_plural = _("public directories")

    def __str__(self) -> str:
        return str(self.district)


class OfferTranslation(models.Model):
    """Übersetzung eines Angebots (OfferTranslation): an offer's public text in one language,
    written by the district's editors, with a fingerprint of the German text it was made from.
    When the German text changes, the translation is outdated until someone updates it."""

    activity = models.ForeignKey(
        "inventory.Activity",
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("offer"),
    )
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    opening_hours = models.TextField(_("when"), blank=True, max_length=1000)
    cost_note = models.CharField(_("costs in detail"), max_length=200, blank=True)
    volunteer_tasks = models.TextField(_("what volunteers would do"), blank=True, max_length=1000)
    volunteer_time = models.CharField(_("time needed"), max_length=200, blank=True)
    source_hash = models.CharField(max_length=64, editable=False)
    translated_at = models.DateTimeField(_("translated"), auto_now=True)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated by"),
    )

    district_path = "activity__district"

    class Meta:
        verbose_name = _("translation of an offer")
        verbose_name_plural = _("translations of offers")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "language"], name="offer_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class SearchDocument(models.Model):
    """Suchindex (SearchDocument): the folded words of one public offer in one language
    (engine/textsearch.py), kept by directory/indexing.py whenever an offer or a translation is
    saved. On SQLite an FTS5 table indexes them, on PostgreSQL a GIN index of their tsvector
    (both made by migration 0001)."""

    activity = models.ForeignKey("inventory.Activity", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("regions.District", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    document = models.TextField()

    district_path = "district"

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(fields=["activity", "language"], name="search_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} ({self.language})"
