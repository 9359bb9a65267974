"""The digest e-mail: each user's choice, one mail per user and period at most, and the
signed unsubscribe link that works without logging in."""

import datetime

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.core.scoping import Scope
from teilhabe.digest import content
from teilhabe.digest.models import DigestSent, DigestSetting, Frequency

SALT = "teilhabe.digest.unsubscribe"
LENGTH = {Frequency.DAILY: datetime.timedelta(days=1), Frequency.WEEKLY: datetime.timedelta(7)}


class DigestRefused(Exception):
    """Nothing was sent or stored; the message says why, in the user's language."""


def setting_of(user: User) -> DigestSetting:
    return DigestSetting.objects.filter(user=user).first() or DigestSetting(user=user)


@transaction.atomic
def choose(user: User, frequency: str, language: str) -> DigestSetting:
    """Raises DigestRefused, writing nothing, when a digest is chosen without an address."""
    if frequency != Frequency.NONE and not user.email:
        raise DigestRefused(
            _("Your account has no e-mail address, so no digest can be sent to it.")
        )
    setting, _created = DigestSetting.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "language": language}
    )
    return setting


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=SALT)


def unsubscribe(token: str) -> User:
    """Raises signing.BadSignature for a token that was not made here."""
    user = User.objects.get(pk=signing.loads(token, salt=SALT))
    DigestSetting.objects.filter(user=user).update(frequency=Frequency.NONE)
    return user


def period_of(frequency: str, now: datetime.datetime) -> str:
    day = timezone.localtime(now).date()
    if frequency == Frequency.DAILY:
        return f"D{day.isoformat()}"
    year, week, _weekday = day.isocalendar()
    return f"W{year}-{week:02d}"


def render(user: User, since: datetime.datetime, base_url: str, language: str) -> tuple[str, ...]:
    """Subject, text and HTML of the user's digest (its sections may be empty)."""
    with translation.override(language):
        found = content.sections(Scope.for_user(user), since, base_url)
        unsubscribe_url = base_url.rstrip("/") + reverse(
            "digest:unsubscribe", args=[unsubscribe_token(user)]
        )
        context = {
            "language": language,
            "user": user,
            "sections": found,
            "since": timezone.localtime(since),
            "unsubscribe_url": unsubscribe_url,
            "settings_url": base_url.rstrip("/") + reverse("digest:settings"),
        }
        subject = _("Teilhabe: what changed since %(date)s") % {
            "date": f"{timezone.localtime(since):%d.%m.%Y}"
        }
        text = render_to_string("digest/email.txt", context)
        html = render_to_string("digest/email.html", context)
    return subject, text, html, unsubscribe_url


def send_digest(user: User, base_url: str, now: datetime.datetime | None = None) -> bool:
    """Mail the user's digest for the current period unless it went out already. Returns
    whether a mail was sent. Raises DigestRefused for a user without an address."""
    now = now or timezone.now()
    if not user.email:
        raise DigestRefused(
            _("%(user)s has no e-mail address: no digest has been sent.")
            % {"user": user.get_username()}
        )
    setting = setting_of(user)
    if setting.frequency == Frequency.NONE:
        return False
    last = (
        DigestSent.objects.filter(user=user).order_by("-sent_at").values_list("sent_at", flat=True)
    ).first()
    since = last or now - LENGTH[Frequency(setting.frequency)]
    try:
        with transaction.atomic():
            # The row first: a second worker for the same period stops here, unsent.
            DigestSent.objects.create(
                user=user, period=period_of(setting.frequency, now), sent_at=now
            )
            subject, text, html, unsubscribe_url = render(user, since, base_url, setting.language)
            mail = EmailMultiAlternatives(
                subject,
                text,
                to=[user.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            mail.attach_alternative(html, "text/html")
            mail.send()
    except IntegrityError:
        return False
    return True


def due_users() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, digest__frequency__in=[Frequency.DAILY, Frequency.WEEKLY]
        )
        .exclude(email="")
        .order_by("pk")
    )
