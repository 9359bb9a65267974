"""Digest e-mails, sent in the background (django.tasks, database queue)."""

from django.tasks import task

from teilhabe.accounts.models import User
from teilhabe.digest import services


@task
def send_digest(user_id: int, base_url: str) -> str:
    user = User.objects.get(pk=user_id)
    try:
        return "sent" if services.send_digest(user, base_url) else "not due"
    except services.DigestRefused:
        return "no address"
