"""E-mails of the Verwaltung, sent in the background (django.tasks, database queue).

Both tasks make their secret themselves, so a clear link never sits in the task queue's table.
Sending in the background also keeps the answer to "Passwort vergessen?" equally fast whether
or not the address has an account."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from teilhabe.accounts.models import Invitation


def _link(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


@task
def send_invitation(invitation_id: int, base_url: str) -> str:
    invitation = Invitation.objects.select_related("district", "municipality", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.pending:
        return "not pending"
    token = invitation.new_token()
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    with translation.override("de"):
        role = invitation.get_role_display()
        if invitation.municipality:
            role = f"{role} ({invitation.municipality.name})"
        subject = _("Invitation to Teilhabe: %(district)s") % {"district": invitation.district.name}
        body = _(
            "Good day,\n\n"
            "%(who)s invites you to work in Teilhabe, the platform of the coordination office "
            "for migration and participation of %(district)s, in the role “%(role)s”.\n\n"
            "To accept, open this link by %(until)s. If you already have a Teilhabe account, "
            "log in there; otherwise choose your own password:\n\n%(link)s\n\n"
            "The link works once. If you did not expect this invitation, you can ignore this "
            "e-mail; nothing happens then.\n"
        ) % {
            "who": _invited_by(invitation),
            "district": invitation.district.name,
            "role": role,
            "until": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y %H:%M"),
            "link": _link(base_url, reverse("accounts:invitation", args=[token])),
        }
    send_mail(subject, body, None, [invitation.email])
    return "sent"


def _invited_by(invitation: Invitation) -> str:
    person = invitation.invited_by
    if person is None:
        return _("The administration")
    return person.get_full_name() or person.get_username()


@task
def send_password_reset(email: str, base_url: str, language: str = "de") -> int:
    """Mail a link to set a new password to every active account with this address and a
    password of its own (directory accounts have none). Sends nothing for unknown addresses."""
    sent = 0
    for user in PasswordResetForm().get_users(email):
        token = default_token_generator.make_token(user)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        with translation.override(language):
            subject = _("Teilhabe: set a new password")
            body = _(
                "Good day,\n\n"
                "someone asked to set a new password for your Teilhabe account “%(username)s”. "
                "To do so, open this link within %(hours)s hours:\n\n%(link)s\n\n"
                "If that was not you, ignore this e-mail; your password stays as it is.\n"
            ) % {
                "username": user.get_username(),
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
                "link": _link(
                    base_url, reverse("accounts:password-reset-confirm", args=[uid, token])
                ),
            }
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
