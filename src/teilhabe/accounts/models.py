"""Users, their roles and the districts or municipalities a role applies to; invitations to a
role, and the audit log of the district's administration (Verwaltung)."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.history import track
from teilhabe.core.links import SecretLink
from teilhabe.core.roles import Role as Role  # re-exported: Role is stored here


class User(AbstractUser):
    """Benutzer (user): a person who logs in. What they may see and do follows from their
    memberships.

    A superuser is the installation's administrator and sees every district."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(models.Model):
    """Mitgliedschaft (membership): one role of one user in one district (Koordination,
    Lesezugriff, Administration) or, for a municipal editor (Redaktion Kommune), in one
    municipality. The roles are core.roles.Role."""

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

    history = track()
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
        municipality = self.municipality  # None without a query when municipality_id is None
        if municipality is not None and municipality.district_id != self.district_id:
            raise ValidationError(
                {"municipality": _("The municipality does not belong to this district.")}
            )


class ApiToken(models.Model):
    """API-Token: a personal key for the API. Only its SHA-256 hash is stored; the token
    itself is shown once. It acts with exactly the rights of its user, through the same scoping as
    the web."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
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


INVITATION_DAYS = 7  # how long the link in an invitation mail works


class Invitation(SecretLink, models.Model):
    """Einladung (invitation to a role): an administrator's offer of a role in their
    district to an e-mail address.

    The person behind the address accepts from the mailed one-time link, with an account of
    their own or a new one; the administrator never learns whether the address already had an
    account. Only the link's SHA-256 hash is stored."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.CASCADE,
        related_name="account_invitations",
        verbose_name=_("district"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="account_invitations",
        verbose_name=_("municipality"),
    )
    # NULL until the first mail and after use: unique, yet many invitations have no link.
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    district_path = "district"

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()}"

    @staticmethod
    def lifetime() -> datetime.timedelta:
        return datetime.timedelta(days=INVITATION_DAYS)

    @property
    def pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AuditAction(models.TextChoices):
    """What an entry of the administration log (Protokoll der Verwaltung) records."""

    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login-failed", _("Failed login")
    INVITED = "invited", _("Invited")
    INVITATION_ACCEPTED = "invitation-accepted", _("Invitation accepted")
    INVITATION_WITHDRAWN = "invitation-withdrawn", _("Invitation withdrawn")
    ROLE_GIVEN = "role-given", _("Role given")
    ROLE_TAKEN = "role-taken", _("Role taken away")
    DEACTIVATED = "deactivated", _("Account deactivated")
    REACTIVATED = "reactivated", _("Account reactivated")
    PASSWORD_CHANGED = "password-changed", _("Password changed")
    PASSWORD_RESET = "password-reset", _("Password set from an e-mail link")


class AuditEvent(models.Model):
    """Protokolleintrag (audit event): one entry of a district's administration log
    (Verwaltung): who did what to which account, when and from which address. An event about an
    account is written once for each district the account belongs to, so each district keeps
    (and sees) only its own log."""

    district = models.ForeignKey(
        "regions.District",
        on_delete=models.CASCADE,
        null=True,
        related_name="audit_events",
        verbose_name=_("district"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=30, choices=AuditAction.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    subject = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_name = models.CharField(_("account"), max_length=254, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    place = models.CharField(_("municipality"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    district_path = "district"

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["district", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.subject_name}"
