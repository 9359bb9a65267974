"""E-mails of the questionnaires, sent in the background (django.tasks, database queue).

The task creates the personal link itself: a fresh secret goes straight into the e-mail and
never into the task queue's table, so no link is ever stored in clear."""

from django.db import models
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from teilhabe.core import mailing
from teilhabe.surveys.models import Invitation


def recipients(invitation: Invitation) -> list[str]:
    """The address stored for the link, else the municipality's editors with an address."""
    if invitation.email:
        return [invitation.email]
    from teilhabe.accounts.queries import editor_addresses

    return editor_addresses(invitation.municipality_id)


def deliver(invitation: Invitation, base_url: str, reminder: bool) -> str:
    """Mail a new personal link (as a reminder, or first) and record the outcome: "sent",
    "skipped" without an address, or "failed" when the mail server refused it. Only a sent
    mail replaces the previous link, so a refusal leaves the old link working."""
    to = recipients(invitation)
    if not to:
        return "skipped"
    token = invitation.new_token()
    wave = invitation.wave
    with translation.override("de"):
        subject = (_("Reminder: %(title)s") if reminder else _("Questionnaire: %(title)s")) % {
            "title": wave.version.questionnaire.title
        }
        body = _(
            "Dear colleagues in %(municipality)s,\n\n"
            "the coordination office for migration and participation asks you to answer the "
            "questionnaire “%(title)s” by %(closes)s. Your personal link:\n\n%(link)s\n\n"
            "Every answer is saved as you give it; you can continue later with the same link. "
            "Please do not pass the link on outside your administration.\n"
        ) % {
            "municipality": invitation.municipality.name,
            "title": wave.version.questionnaire.title,
            "closes": f"{wave.closes:%d.%m.%Y}",
            "link": f"{base_url.rstrip('/')}/s/{token}/",
        }
    return mailing.send(
        invitation, subject, body, to, reminder, token_hash=invitation.token_hash, revoked_at=None
    )


def _invitations() -> "models.QuerySet[Invitation]":
    return Invitation.objects.select_related("wave__version__questionnaire", "municipality")


@task
def send_link(invitation_id: int, base_url: str, reminder: bool = False) -> str:
    """Send (or resend as a reminder) the personal link of one municipality. A new link
    replaces the previous one, which stops working."""
    invitation = _invitations().get(pk=invitation_id)
    if not invitation.email:
        return "no address"
    return deliver(invitation, base_url, reminder)
