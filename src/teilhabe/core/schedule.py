"""Scheduled work, once per schedule across all nodes: every task worker (core/worker.py) looks
at the schedule every minute, so any surviving node does it, and a job runs in a slot (a day)
only on the worker that inserted `ScheduledRun(job, slot)` first; the others get the unique
constraint's IntegrityError and skip. The row is committed before the job starts: a worker that
dies half-way leaves the slot claimed (at most once per slot), and the jobs are written to catch
up in their next slot (a reminder date not yet done is sent the next day, a digest goes out for
the period it has not gone out for).

Core registers its own job (the reminder dates of every mailing campaign); an app registers
its job from its AppConfig.ready (the digests)."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from teilhabe.core.models import ScheduledRun

logger = logging.getLogger(__name__)

Slot = Callable[[datetime.datetime], str | None]  # the slot due at this moment, if any


def daily(now: datetime.datetime) -> str | None:
    """Each day from TEILHABE_SCHEDULE_HOUR (local time) on: the day's date."""
    local = timezone.localtime(now)
    return local.date().isoformat() if local.hour >= settings.TEILHABE_SCHEDULE_HOUR else None


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str]  # does the work; returns what it did, in a line
    slot: Slot = daily
    enabled: Callable[[], bool] = lambda: True  # e.g. the setting it needs is there

    registry: ClassVar[dict[str, "Job"]] = {}

    def register(self) -> "Job":
        Job.registry[self.name] = self
        return self


def claim(job: str, slot: str, worker_id: str) -> ScheduledRun | None:
    """Insert the slot's row in its own committed transaction; None if another had it."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job=job, slot=slot, worker_id=worker_id, started_at=timezone.now()
            )
    except IntegrityError:
        return None


def tick(worker_id: str, now: datetime.datetime | None = None) -> list[ScheduledRun]:
    """Run every job whose slot has come and is not yet claimed; returns the runs made here."""
    now = now or timezone.now()
    made = []
    for job in list(Job.registry.values()):
        slot = job.slot(now)
        if slot is None or not job.enabled():
            continue
        run = claim(job.name, slot, worker_id)
        if run is None:
            continue
        try:
            run.outcome = job.run()[:300]
        except Exception as error:
            logger.exception("scheduled job %s failed", job.name)
            run.outcome = f"failed: {type(error).__name__}: {error}"[:300]
        run.finished_at = timezone.now()
        run.save(update_fields=["outcome", "finished_at"])
        made.append(run)
    return made


def _send_due_reminders() -> str:
    from teilhabe.core.mailing import Campaign, remind_due

    started = sum(len(remind_due(c)) for _name, c in sorted(Campaign.registry.items()))
    return f"{started} reminder mailing(s) started"


REMINDERS = Job("reminders", _send_due_reminders).register()
