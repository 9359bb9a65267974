"""Writes of the Verwaltung: invitations, roles, deactivation. Each is atomic and logs itself.

The views check who may do what (accounts/queries.py); these functions assume valid input and
raise `AdministrationError` (a German message for the page) where the state forbids the step."""

from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.audit import districts_of, record
from teilhabe.accounts.models import AuditAction, Invitation, Membership, Role, User
from teilhabe.regions.models import District, Municipality


class AdministrationError(Exception):
    """The step is not possible in the current state; the message says why, in German."""


def _place(district: District, municipality: Municipality | None) -> str:
    return municipality.name if municipality else district.name


@transaction.atomic
def invite(
    request: HttpRequest,
    district: District,
    email: str,
    role: str,
    municipality: Municipality | None,
) -> Invitation:
    """Record the invitation; the mail with its link goes out in the background
    (accounts/tasks.py), which also makes the secret, so it is never stored in clear."""
    invitation = Invitation.objects.create(
        district=district,
        email=email.strip().lower(),
        role=role,
        municipality=municipality if role == Role.EDITOR else None,
        invited_by=request.user if request.user.is_authenticated else None,
        expires_at=timezone.now() + Invitation.lifetime(),
    )
    record(
        AuditAction.INVITED,
        {district.pk},
        request,
        subject_name=invitation.email,
        role=role,
        place=_place(district, invitation.municipality),
    )
    return invitation


@transaction.atomic
def withdraw(request: HttpRequest, invitation: Invitation) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked_at or invitation.accepted_at:
        return
    invitation.revoked_at = timezone.now()
    invitation.token_hash = None
    invitation.save(update_fields=["revoked_at", "token_hash"])
    record(
        AuditAction.INVITATION_WITHDRAWN,
        {invitation.district_id},
        request,
        subject_name=invitation.email,
        role=invitation.role,
    )


@transaction.atomic
def extend(request: HttpRequest, invitation: Invitation) -> None:
    """Before sending an invitation again: another full validity period (the send task makes
    a new link, so the old one stops working)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked_at or invitation.accepted_at:
        raise AdministrationError(_("This invitation has already been accepted or withdrawn."))
    invitation.expires_at = timezone.now() + Invitation.lifetime()
    invitation.save(update_fields=["expires_at"])
    record(
        AuditAction.INVITED,
        {invitation.district_id},
        request,
        subject_name=invitation.email,
        role=invitation.role,
    )


def _add_role(
    user: User, district: District, role: str, municipality: Municipality | None
) -> tuple[Membership, bool]:
    membership, created = Membership.objects.get_or_create(
        user=user,
        district=district,
        role=role,
        municipality=municipality if role == Role.EDITOR else None,
    )
    return membership, created


@transaction.atomic
def accept(request: HttpRequest, invitation: Invitation, user: User) -> Membership:
    """The invited person takes the role with their own account (logged in or just created)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.pending or not user.is_active:
        raise AdministrationError(_("This invitation is no longer valid."))
    membership, _created = _add_role(
        user, invitation.district, invitation.role, invitation.municipality
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.token_hash = None  # one-time: the link stops working
    invitation.save(update_fields=["accepted_at", "accepted_by", "token_hash"])
    record(
        AuditAction.INVITATION_ACCEPTED,
        {invitation.district_id},
        request,
        actor=user,
        subject=user,
        role=invitation.role,
        place=_place(invitation.district, invitation.municipality),
    )
    return membership


@transaction.atomic
def create_account_and_accept(
    request: HttpRequest, invitation: Invitation, values: dict[str, str]
) -> User:
    """A new person: their account, with the password they chose, and the invited role."""
    user = User(
        username=values["username"],
        email=invitation.email,
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
    )
    if User.objects.filter(username__iexact=user.username).exists():
        raise AdministrationError(_("This user name is taken. Please choose another."))
    validate_password(values["password"], user)
    user.set_password(values["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise AdministrationError(_("This user name is taken. Please choose another.")) from None
    accept(request, invitation, user)
    return user


@transaction.atomic
def give_role(
    request: HttpRequest,
    district: District,
    user: User,
    role: str,
    municipality: Municipality | None,
) -> None:
    _membership, created = _add_role(user, district, role, municipality)
    if created:
        record(
            AuditAction.ROLE_GIVEN,
            {district.pk},
            request,
            subject=user,
            role=role,
            place=_place(district, municipality),
        )


@transaction.atomic
def take_role(request: HttpRequest, membership: Membership) -> bool:
    """Remove one role. The district's last administrator keeps theirs, so the district can
    still be administered. An account left without any role is deactivated (nobody could
    administer it any more). Returns whether the account was deactivated."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "district", "municipality")
        .get(pk=membership.pk)
    )
    district = membership.district
    if membership.role == Role.ADMINISTRATOR:
        others = Membership.objects.select_for_update(of=("self",)).filter(
            district=district, role=Role.ADMINISTRATOR, user__is_active=True
        )
        if not list(others.exclude(pk=membership.pk).values_list("pk", flat=True)):
            raise AdministrationError(
                _(
                    "This is the last administrator of the district. Please give the role to "
                    "someone else first."
                )
            )
    user = membership.user
    membership.delete()
    record(
        AuditAction.ROLE_TAKEN,
        {district.pk},
        request,
        subject=user,
        role=membership.role,
        place=_place(district, membership.municipality),
    )
    if not user.memberships.exists() and user.is_active and not user.is_superuser:
        user.is_active = False
        user.save(update_fields=["is_active"])
        record(AuditAction.DEACTIVATED, {district.pk}, request, subject=user)
        return True
    return False


@transaction.atomic
def set_active(request: HttpRequest, user: User, active: bool) -> None:
    """Deactivate or reactivate an account the administrator owns (checked by the view).
    A deactivated account cannot log in; its sessions and API tokens stop working at once."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return
    if not active and user.pk == request.user.pk:
        raise AdministrationError(_("You cannot deactivate your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = AuditAction.REACTIVATED if active else AuditAction.DEACTIVATED
    record(action, districts_of(user), request, subject=user)
