"""Each user's choice of a digest e-mail (none, weekly, daily) and the digests sent, one per
user and period at most."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The internal pages' languages (German, English); the newcomers' languages are the Wegweiser's.
INTERNAL_LANGUAGES = [
    (code, name)
    for code, name in settings.LANGUAGES
    if code in settings.TEILHABE_INTERNAL_LANGUAGES
]


class Frequency(models.TextChoices):
    """Wie oft die Zusammenfassung kommt: nie, wöchentlich, täglich."""

    NONE = "none", _("no digest")
    WEEKLY = "weekly", _("weekly")
    DAILY = "daily", _("daily")


class DigestSetting(models.Model):
    """Zusammenfassung per E-Mail (DigestSetting): how often a user wants to read what
    changed in their district, and in which language."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="digest", verbose_name=_("user")
    )
    frequency = models.CharField(
        _("digest e-mail"), max_length=10, choices=Frequency.choices, default=Frequency.NONE
    )
    language = models.CharField(
        _("language"), max_length=5, choices=INTERNAL_LANGUAGES, default="de"
    )

    class Meta:
        verbose_name = _("digest setting")
        verbose_name_plural = _("digest settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"


class DigestSent(models.Model):
    """Versandte Zusammenfassung (DigestSent): one digest mailed to a user for a period
    ("D2026-12-05" for a day, "W2026-49" for a week); the constraint keeps it to one."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    period = models.CharField(_("period"), max_length=12)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="digest_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.period}"
