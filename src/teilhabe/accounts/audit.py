"""The administration log (Verlauf der Verwaltung): one row per district and event.

Every write of the Verwaltung calls `record` inside its transaction, so an event is logged if
and only if it happened. Logins and failed logins come from Django's auth signals."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from teilhabe.accounts.models import AuditAction, AuditEvent, Membership, User
from teilhabe.core.net import client_ip


def districts_of(user: User) -> set[int]:
    return set(Membership.objects.filter(user=user).values_list("district_id", flat=True))


def record(
    action: AuditAction,
    districts: Iterable[int | None],
    request: HttpRequest | None = None,
    *,
    actor: User | None = None,
    subject: User | None = None,
    subject_name: str = "",
    role: str = "",
    place: str = "",
) -> None:
    """Log one event in each of `districts` (None: the installation's own log)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    common: dict[str, Any] = {
        "action": action,
        "actor": actor,
        "actor_name": actor.get_username() if actor else "",
        "subject": subject,
        "subject_name": subject_name or (subject.get_username() if subject else ""),
        "role": role,
        "place": place,
        "ip_address": client_ip(request) if request is not None else None,
    }
    AuditEvent.objects.bulk_create(
        [AuditEvent(district_id=d, **common) for d in sorted(set(districts), key=str)]
    )


@receiver(user_logged_in, dispatch_uid="teilhabe-audit-login")
def _logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record(AuditAction.LOGIN, districts_of(user) or {None}, request, actor=user, subject=user)


@receiver(user_login_failed, dispatch_uid="teilhabe-audit-login-failed")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A failed login shows in the log of the districts the named account belongs to; one for a
    name without an account goes only to the installation's log (it names nobody's district)."""
    name = str(credentials.get("username", ""))[:150]
    user = User.objects.filter(username=name).first() if name else None
    districts = districts_of(user) if user else set()
    record(
        AuditAction.LOGIN_FAILED,
        districts or {None},
        request,
        subject=user,
        subject_name=name,
    )
