"""E-mails of events, sent in the background. Like the questionnaire links, the task makes
the personal link itself, so the clear link never sits in the task queue's table."""

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.core import links
from teilhabe.events.models import Invitation


@task
def send_invitation(invitation_id: int, base_url: str) -> str:
    invitation = Invitation.objects.select_related("event", "municipality").get(pk=invitation_id)
    if not invitation.email:
        return "no address"
    token = links.renew(invitation)
    event = invitation.event
    with translation.override("de"):
        when = f"{event.date:%d.%m.%Y}" + (
            f", {event.start_time:%H:%M} Uhr" if event.start_time else ""
        )
        subject = _("Invitation: %(title)s on %(date)s") % {
            "title": event.title,
            "date": f"{event.date:%d.%m.%Y}",
        }
        body = _(
            "Good day,\n\n"
            "the coordination office for migration and participation invites you to "
            "“%(title)s” on %(when)s, %(place)s.\n\n"
            "Please tell us through your personal link whether you will attend; there you also "
            "find the agenda and the calendar entry:\n\n%(link)s\n\n"
            "Please do not pass the link on.\n"
        ) % {
            "title": event.title,
            "when": when,
            "place": event.place or "–",
            "link": f"{base_url.rstrip('/')}/e/{token}/",
        }
    send_mail(subject, body, None, [invitation.email])
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return "sent"
