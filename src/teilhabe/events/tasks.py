"""E-mails of events, sent in the background. Like the questionnaire links, the task makes
the personal link itself, so the clear link never sits in the task queue's table."""

from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from teilhabe.core import mailing
from teilhabe.events.models import Invitation


def recipients(invitation: Invitation) -> list[str]:
    """The address stored for the invitation (the contact's), else the municipality's
    editors with an address."""
    if invitation.email:
        return [invitation.email]
    if invitation.municipality_id is None:
        return []
    from teilhabe.accounts.queries import editor_addresses

    return editor_addresses(invitation.municipality_id)


def deliver(invitation: Invitation, base_url: str, reminder: bool) -> str:
    """Mail the invitation (or a reminder to answer it) with a new personal link and record
    the outcome: "sent", "skipped" without an address, or "failed" when the mail server
    refused it. Only a sent mail replaces the previous link, so a refusal leaves it working."""
    to = recipients(invitation)
    if not to:
        return "skipped"
    token = invitation.new_token()
    event = invitation.event
    with translation.override("de"):
        when = f"{event.date:%d.%m.%Y}" + (
            f", {event.start_time:%H:%M} Uhr" if event.start_time else ""
        )
        values = {
            "title": event.title,
            "date": f"{event.date:%d.%m.%Y}",
            "when": when,
            "place": event.place or "–",
            "link": f"{base_url.rstrip('/')}/e/{token}/",
            "until": f"{event.rsvp_until:%d.%m.%Y}" if event.rsvp_until else when,
        }
        if reminder:
            subject = _("Reminder: invitation to %(title)s on %(date)s") % values
            body = (
                _(
                    "Good day,\n\n"
                    "we have not yet received your answer to our invitation to “%(title)s” on "
                    "%(when)s, %(place)s. Please tell us by %(until)s through your personal link "
                    "whether you will attend:\n\n%(link)s\n\n"
                    "Please do not pass the link on.\n"
                )
                % values
            )
        else:
            subject = _("Invitation: %(title)s on %(date)s") % values
            body = (
                _(
                    "Good day,\n\n"
                    "the coordination office for migration and participation invites you to "
                    "“%(title)s” on %(when)s, %(place)s.\n\n"
                    "Please tell us through your personal link whether you will attend; there you "
                    "also find the agenda and the calendar entry:\n\n%(link)s\n\n"
                    "Please do not pass the link on.\n"
                )
                % values
            )
    return mailing.send(
        invitation, subject, body, to, reminder, token_hash=invitation.token_hash, revoked_at=None
    )


@task
def send_invitation(invitation_id: int, base_url: str) -> str:
    invitation = Invitation.objects.select_related("event", "municipality").get(pk=invitation_id)
    if not invitation.email:
        return "no address"
    return deliver(invitation, base_url, reminder=False)
