"""Users, their roles and the districts or municipalities a role applies to."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    EDITOR = "editor", _("Municipal editor")
    VIEWER = "viewer", _("Viewer")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    """A person who logs in. What they may see and do follows from their memberships.

    A superuser is the installation's administrator and sees every district."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(models.Model):
    """One role of one user in one district (or, for editors, one municipality)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        "regions.District",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("district"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
        help_text=_("Only for municipal editors: the municipality they edit."),
    )

    district_path = "district"

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=models.Q(municipality__isnull=True),
                name="membership_unique_district_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="membership_unique_municipality_role",
            ),
            models.CheckConstraint(
                condition=models.Q(role="editor", municipality__isnull=False)
                | (~models.Q(role="editor") & models.Q(municipality__isnull=True)),
                name="membership_editor_has_municipality",
                violation_error_message=_(
                    "A municipal editor needs a municipality; other roles must not have one."
                ),
            ),
        ]

    def __str__(self) -> str:
        where = self.municipality or self.district
        return f"{self.user} – {self.get_role_display()} – {where}"

    def clean(self) -> None:
        if self.municipality_id and self.municipality.district_id != self.district_id:
            raise ValidationError(
                {"municipality": _("The municipality does not belong to this district.")}
            )


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the token itself is shown once.
    It acts with exactly the rights of its user, through the same scoping as the web."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))  # fmt: skip
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)  # to recognise it in the list
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
