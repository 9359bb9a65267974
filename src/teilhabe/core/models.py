"""The ground floor's own tables: what every app may use and no app owns."""

from typing import Any

from django.db import models


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
