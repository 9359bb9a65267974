"""E-mails of the questionnaires, sent in the background (django.tasks, database queue).

The task creates the personal link itself: a fresh secret goes straight into the e-mail and
never into the task queue's table, so no link is ever stored in clear."""

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.core import links
from teilhabe.surveys.models import Invitation


@task
def send_link(invitation_id: int, base_url: str, reminder: bool = False) -> str:
    """Send (or resend as a reminder) the personal link of one municipality. A new link
    replaces the previous one, which stops working."""
    related = Invitation.objects.select_related("wave__version__questionnaire", "municipality")
    invitation = related.get(pk=invitation_id)
    if not invitation.email:
        return "no address"
    token = links.renew(invitation)
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
    send_mail(subject, body, None, [invitation.email])
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return "sent"
