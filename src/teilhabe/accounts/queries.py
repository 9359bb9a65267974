"""Who an administrator may see and change in the Verwaltung.

- An administrator sees the accounts that hold a role in a district they administer, and
  nothing about any other account: no name in a list, a drop-down or an error message.
- They may give and take roles of their own district on those accounts.
- They may change an account itself (deactivate, reactivate) only when they *own* it: all of
  its memberships lie in districts they administer. An account without any role belongs to
  nobody but the installation's administrator, and a superuser is never a district's to change.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from teilhabe.accounts.models import AuditEvent, Invitation, Membership, User
from teilhabe.core.scoping import Scope
from teilhabe.regions.models import District


def members(district: District) -> QuerySet[User]:
    """Every account with a role in the district, its roles there prefetched."""
    here = Membership.objects.filter(district=district).select_related("municipality")
    elsewhere = Membership.objects.filter(user=OuterRef("pk")).exclude(district=district)
    return (
        User.objects.filter(memberships__district=district)
        .distinct()
        .annotate(elsewhere=Exists(elsewhere))
        .prefetch_related(Prefetch("memberships", queryset=here, to_attr="roles_here"))
        .order_by("last_name", "first_name", "username")
    )


def member(district: District, pk: int) -> User | None:
    return members(district).filter(pk=pk).first()


def owned(scope: Scope) -> QuerySet[User]:
    """The accounts this administrator may change as a whole."""
    users = User.objects.all()
    if scope.sees_all:
        return users
    foreign = Membership.objects.filter(user=OuterRef("pk")).exclude(
        district_id__in=scope.administered
    )
    return (
        users.filter(is_superuser=False, memberships__isnull=False)
        .exclude(Exists(foreign))
        .distinct()
    )


def owns(scope: Scope, user: User) -> bool:
    return owned(scope).filter(pk=user.pk).exists()


def open_invitations(district: District) -> QuerySet[Invitation]:
    """Neither accepted nor withdrawn; expired ones too, so they can be sent again."""
    return Invitation.objects.filter(
        district=district, accepted_at=None, revoked_at=None
    ).select_related("municipality")


def log(district: District, subject: User | None = None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(district=district)
    if subject is not None:
        events = events.filter(Q(subject=subject) | Q(actor=subject))
    return events


def editor_addresses(municipality_id: int | None) -> list[str]:
    """The e-mail addresses of the municipality's active editors, sorted, each once: where a
    personal mail goes when nobody's address was given for it."""
    from teilhabe.accounts.models import Role

    editors = Membership.objects.filter(
        role=Role.EDITOR, municipality=municipality_id, user__is_active=True
    ).exclude(user__email="")
    return sorted(set(editors.values_list("user__email", flat=True)))
