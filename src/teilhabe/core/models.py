"""The ground floor's own tables: what every app may use and no app owns."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy


def declared_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A field the model declares itself, for its label, length or default; `_meta.get_field`
    also finds the relations of other models to this one, which have none of these."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is another model's relation to this one")
    return field


class RateCounter(models.Model):
    """Requests of one key (e.g. an API token) in one fixed time window, counted in the
    database, so every gunicorn worker on every host counts the same requests
    (core/ratelimit.py)."""

    key = models.CharField(max_length=100)
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="rate_key_window")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window:%Y-%m-%d %H:%M}: {self.count}"


class HistoryScope(models.Model):
    """What every saved version (django-simple-history) also stores: the district and the
    municipality the record belonged to when it was saved, so the district's log finds the
    versions of every kind of record with one indexed lookup, deleted records included
    (core/history.py fills them)."""

    history_district_pk = models.IntegerField(null=True, editable=False, db_index=True)
    history_municipality_pk = models.IntegerField(null=True, editable=False)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """A file kept in the database (core/storage.py's DatabaseStorage): an upload or a PDF
    Teilhabe made, under the name its FileField holds. With PostgreSQL every web node and worker
    reads the same files, a backup of the database holds them, and a file is written and removed
    in the same transaction as the row that points to it."""

    name = models.CharField(max_length=300, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.size} B)"


class WorkerHeartbeat(models.Model):
    """A running task worker (core/leases.py): it beats `last_seen` (the database's clock) every
    few seconds; one silent for longer than the lease is lost, and its tasks are taken over."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class TaskRetry(models.Model):
    """A task queued again by a take-over (core/leases.py): which run it repeats, so that the
    mails it sends keep the keys of the first run (core/outbox.py), and which attempt it is."""

    task_id = models.UUIDField(primary_key=True)  # django_tasks_db's DBTaskResult.id
    origin_id = models.UUIDField()  # the first run's id
    attempt = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"{self.task_id}: attempt {self.attempt} of {self.origin_id}"


class MessageState(models.TextChoices):
    """Where one mail with an idempotency key stands (core/outbox.py)."""

    SENDING = "sending", gettext_lazy("sending")
    SENT = "sent", gettext_lazy("sent")
    FAILED = "failed", gettext_lazy("refused")
    UNCERTAIN = "uncertain", gettext_lazy("uncertain")


class SentMessage(models.Model):
    """One mail's idempotency key, written and committed before the mail goes to the server:
    a task run again after its worker died sends no key twice (core/outbox.py)."""

    key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=10, choices=MessageState.choices)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}: {self.state}"


class ScheduledRun(models.Model):
    """One run of a scheduled job (core/schedule.py) in one slot (e.g. a day): inserted before
    the job runs, so of all the workers that see the slot come, exactly one runs it."""

    job = models.CharField(max_length=50)
    slot = models.CharField(max_length=20)
    worker_id = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduled_job_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot}"
