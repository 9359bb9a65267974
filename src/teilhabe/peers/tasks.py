"""E-mails of peer start-up help: the request to one side of a proposed tandem to confirm it.
Sent in the background by the shared mailing task (`teilhabe.core.mailing`)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from teilhabe.accounts.queries import editor_addresses
from teilhabe.core import mailing
from teilhabe.peers.models import Side, TandemRequest


def deliver(request: TandemRequest, base_url: str, reminder: bool) -> str:
    """Mail the request (or a reminder) to the editors of the side's municipality and record
    the outcome: "sent", "skipped" without an address, or "failed" when the server refused."""
    to = editor_addresses(request.municipality_id)
    if not to:
        return "skipped"
    tandem = request.tandem
    with translation.override("de"):
        values = {
            "municipality": request.municipality.name,
            "giver": tandem.giver.name,
            "receiver": tandem.receiver.name,
            "category": tandem.category.name,
            "link": base_url.rstrip("/") + reverse("peers:tandem-detail", args=[tandem.pk]),
        }
        role = (
            _("%(giver)s would share its experience with %(receiver)s")
            if request.side == Side.GIVER
            else _("%(receiver)s would learn from the experience of %(giver)s")
        ) % values
        subject = (
            _("Reminder: tandem request in %(category)s")
            if reminder
            else _("Tandem request in %(category)s")
        ) % values
        body = _(
            "Dear colleagues in %(municipality)s,\n\n"
            "the coordination office for migration and participation proposes a tandem in the "
            "field of action “%(category)s”: %(role)s. Please confirm it for your municipality "
            "on the tandem's page in Teilhabe (sign in first):\n\n%(link)s\n\n"
            "If you have questions, simply answer this e-mail.\n"
        ) % {**values, "role": role}
    return mailing.send(request, subject, body, to, reminder)
