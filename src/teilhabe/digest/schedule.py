"""The digests as a scheduled job (core/schedule.py): each day, on one worker of all, the
digest of every user who chose one is queued; a user gets at most one per day or week
(services.send_digest), so a day missed is caught up the next. It needs the address users
open Teilhabe at (TEILHABE_BASE_URL) for its links; without it the job waits (and
`teilhabe manage send_digests --base-url …` still works from cron)."""

from django.conf import settings

from teilhabe.core.schedule import Job


def queue_digests() -> str:
    from teilhabe.digest import services, tasks

    users = services.due_users()
    for user in users:
        tasks.send_digest.enqueue(user.pk, settings.TEILHABE_BASE_URL)
    return f"{len(users)} digest(s) queued"


DIGESTS = Job("digests", queue_digests, enabled=lambda: bool(settings.TEILHABE_BASE_URL))
