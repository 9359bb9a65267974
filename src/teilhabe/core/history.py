"""The history (Verlauf) of every record users change: who changed what, when, from which value
to which.

One mechanism for all models: django-simple-history, which the offers used first. A model takes
part by declaring `history = track()`; each saved version then also stores the district and
municipality it belonged to (`HistoryScope`), filled here from the model's `district_path` and
`municipality_path` (default: its `municipality` field, if it has one). The user is the one of
the web request (simple-history's middleware); work done by background tasks and commands is
recorded without a user and shown as "System".

This module knows no feature app: it finds the tracked models in the app registry and takes the
model or the object in. `regions` imports figures with `bulk_create`, which writes no versions:
an import is a recorded event of its own, and the version rows would double its cost.
"""

import datetime
import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import FETCH_PEERS, CharField, Prefetch, Value, prefetch_related_objects
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.functional import empty
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from teilhabe.core.models import HistoryScope

LONGEST = 300  # characters of a text value shown; the rest is cut with "…"


class Records(HistoricalRecords):  # type: ignore[misc]  # simple-history has no types
    """simple-history's records, except that a visitor without a session is recorded as
    nobody without reading the session: reading `request.user` makes Django add `Vary: Cookie`,
    and a public page that makes its record on the first visit must stay cacheable."""

    def get_history_user(self, instance: Any) -> Any:
        if hasattr(instance, "_history_user"):
            return instance._history_user
        request = getattr(self.context, "request", None)
        user = getattr(request, "user", None)
        if request is None or user is None:
            return None
        if getattr(user, "_wrapped", None) is empty and (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            return None  # not signed in (API tokens set a user that is evaluated already)
        return user if user.is_authenticated else None


def track(*, excluded: Sequence[str] = ()) -> HistoricalRecords:
    """The history of a model, with the district and municipality of each version. Leave out
    fields that are bulky or derived (`excluded`): a frozen snapshot, a boundary, a file."""
    return Records(bases=[HistoryScope], excluded_fields=list(excluded))


def _follow(instance: models.Model, path: str | None) -> int | None:
    """The primary key at the end of a lookup such as `priority__district`, read from the
    object (a deleted parent gives None)."""
    if not path:
        return None
    *hops, last = path.split("__")
    target: Any = instance
    try:
        for hop in hops:
            target = getattr(target, hop)
            if target is None:
                return None
    except ObjectDoesNotExist:
        return None
    value = target.pk if last == "pk" else getattr(target, f"{last}_id")
    return int(value) if value is not None else None


def municipality_path(model: type[models.Model]) -> str | None:
    declared: str | None = getattr(model, "municipality_path", None)
    if declared is not None:
        return declared
    names = {field.name for field in model._meta.concrete_fields}
    return "municipality" if "municipality" in names else None


@receiver(pre_create_historical_record)
def _scope_version(sender: Any, instance: models.Model, history_instance: Any, **_: Any) -> None:
    if not isinstance(history_instance, HistoryScope):
        return
    model = type(instance)
    history_instance.history_district_pk = _follow(instance, getattr(model, "district_path", None))
    history_instance.history_municipality_pk = _follow(instance, municipality_path(model))


# --- which models -------------------------------------------------------------------------


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower  # "actionplan.measure": the key in URLs and filters


@functools.cache
def _tracked() -> dict[str, type[models.Model]]:
    """The models whose versions carry a district, by label; found once per process (the
    models do not change while it runs, and each `model.history` builds a manager class)."""
    return {
        label_of(model): model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
        and issubclass(_history_of(model).model, HistoryScope)
    }


def tracked_models() -> list[type[models.Model]]:
    """Every model whose versions carry a district, ordered by their plural in the language
    of the request."""
    return sorted(_tracked().values(), key=lambda m: str(m._meta.verbose_name_plural))


def tracked_model(label: str) -> type[models.Model] | None:
    return _tracked().get(label)


def _history_of(model: type[models.Model]) -> Any:
    return getattr(model, model._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]


def versions_of(instance: models.Model) -> Any:
    """The versions of one object, newest first."""
    return (
        _history_of(type(instance))
        .filter(id=instance.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


# --- the district's log -------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilter:
    kind: str = ""  # a model label; "" for every kind
    user: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    municipality: int | None = None


def district_log(district_pk: int, chosen: LogFilter = LogFilter()) -> Any:
    """(history_date, history_id, label) of every version in the district, newest first, as
    one query over the tracked models (a UNION), so it can be counted and paged."""
    parts = []
    for model in tracked_models():
        if chosen.kind and label_of(model) != chosen.kind:
            continue
        qs = _history_of(model).filter(history_district_pk=district_pk).order_by()
        if chosen.user is not None:
            qs = qs.filter(history_user_id=chosen.user)
        if chosen.since is not None:
            qs = qs.filter(history_date__gte=_start_of(chosen.since))
        if chosen.until is not None:
            qs = qs.filter(history_date__lt=_start_of(chosen.until + datetime.timedelta(days=1)))
        if chosen.municipality is not None:
            qs = qs.filter(history_municipality_pk=chosen.municipality)
        label = Value(label_of(model), output_field=CharField())
        columns = ("history_date", "history_id", "history_model_label")
        parts.append(qs.annotate(history_model_label=label).values_list(*columns))
    if not parts:
        return []  # a kind that is not tracked
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


# --- how a version reads ------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    who: str
    action: str  # created, changed, deleted
    action_key: str  # "+", "~" or "-" (simple-history's history_type)
    kind: str  # the model's German name
    label: str  # the model label, for the link to the object's history
    object_pk: int
    title: str  # the record as it read in this version
    changes: list[FieldChange]


def _fields(model: type[models.Model], history_model: Any) -> list[Any]:
    kept = {field.name for field in history_model._meta.concrete_fields}
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name in kept
    ]


class _Shower:
    """Values as the office reads them: choice labels, names of related records, German
    dates and numbers; related records are looked up once per page."""

    def __init__(self) -> None:
        self.related: dict[tuple[type[models.Model], Any], str] = {}

    def show(self, field: Any, value: Any) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return "–"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation:
            return self._related(field.related_model, value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(value, int | float | Decimal):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False)
        text = str(value)
        return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"

    def read_related(self, fields: Sequence[Any], records: Iterable[Any]) -> None:
        """Read the records these versions name in their related fields, one query per
        related model (and what their names need, with them), before `show` asks for each."""
        wanted: dict[Any, set[Any]] = defaultdict(set)  # related model -> primary keys
        for record in records:
            for field in fields:
                value = getattr(record, field.attname)
                if field.is_relation and value is not None:
                    wanted[field.related_model].add(value)
        for model, pks in wanted.items():
            pks -= {pk for known, pk in self.related if known is model}
            if pks:
                found = _peers(model._default_manager).in_bulk(pks)
                for pk in pks:
                    self.related[(model, pk)] = str(found[pk]) if pk in found else f"#{pk}"

    def _related(self, model: type[models.Model], pk: Any) -> str:
        key = (model, pk)
        if key not in self.related:
            found = model._default_manager.filter(pk=pk).first()
            self.related[key] = str(found) if found is not None else f"#{pk}"
        return self.related[key]


def _who(record: Any) -> str:
    user = record.history_user
    if user is None:
        return _("System")
    return str(user.get_full_name() or user.get_username())


def _action(record: Any) -> str:
    return {"+": _("created"), "~": _("changed"), "-": _("deleted")}[record.history_type]


def _previous(history_model: Any, records: Sequence[Any]) -> dict[int, Any]:
    """The version before each of these (by history_id), in one query per model."""
    if not records:
        return {}
    ids = {record.id for record in records}
    latest = max(record.history_date for record in records)
    older: dict[Any, list[Any]] = defaultdict(list)
    rows = history_model.objects.filter(id__in=ids, history_date__lte=latest).order_by(
        "history_date", "history_id"
    )
    for row in rows:
        older[row.id].append(row)
    found = {}
    for record in records:
        before = [
            row
            for row in older[record.id]
            if (row.history_date, row.history_id) < (record.history_date, record.history_id)
        ]
        if before:
            found[record.history_id] = before[-1]
    return found


def private_fields(model: type[models.Model]) -> frozenset[str]:
    """Fields a model shows only to those who may change its district's records (a contact's
    e-mail address and phone number): `history_private_fields` on the model."""
    return frozenset(getattr(model, "history_private_fields", ()))


def entries(
    model: type[models.Model],
    records: Sequence[Any],
    shower: "_Shower | None" = None,
    hidden: frozenset[str] = frozenset(),
) -> list[Entry]:
    """The versions of one model as lines: a created record lists the values it was created
    with, a changed one the fields that changed from old to new, a deleted one nothing.
    Fields named in `hidden` are left out."""
    shower = shower or _Shower()
    history_model = _history_of(model).model
    fields = [field for field in _fields(model, history_model) if field.name not in hidden]
    previous = _previous(history_model, [r for r in records if r.history_type == "~"])
    titles = _titles(model, history_model, records)
    shower.read_related(fields, [*records, *previous.values()])
    lines = []
    for record, title in zip(records, titles, strict=True):
        before = previous.get(record.history_id)
        changes = []
        if record.history_type != "-":
            for field in fields:
                new = getattr(record, field.attname)
                old = getattr(before, field.attname) if before is not None else None
                if record.history_type == "~" and before is not None and old == new:
                    continue
                if record.history_type == "+" and new in (None, "", [], {}):
                    continue
                changes.append(
                    FieldChange(
                        capfirst(str(field.verbose_name)),
                        shower.show(field, old) if before is not None else "–",
                        shower.show(field, new),
                    )
                )
        lines.append(
            Entry(
                when=record.history_date,
                who=_who(record),
                action=_action(record),
                action_key=record.history_type,
                kind=capfirst(str(model._meta.verbose_name)),
                label=label_of(model),
                object_pk=record.id,
                title=title,
                changes=changes,
            )
        )
    return lines


def _titles(model: type[models.Model], history_model: Any, records: Sequence[Any]) -> list[str]:
    """How each record read in its version (its `str`). The records its text names (a
    municipality, a batch and that batch's period) are read together for all lines, not once
    per line; the fields the history leaves out (a report's PDF) are not read at all."""
    kept = {field.attname for field in history_model._meta.concrete_fields}
    fields = [field for field in model._meta.concrete_fields if field.attname in kept]
    instances = [model(**{f.attname: getattr(r, f.attname) for f in fields}) for r in records]
    relations: list[Any] = [field for field in fields if field.many_to_one or field.one_to_one]
    prefetch_related_objects(
        instances,
        *[Prefetch(field.name, _peers(field.related_model._base_manager)) for field in relations],
    )
    for instance in instances:  # a record named but gone since: str() fails, as before
        for field in relations:
            cache = instance._state.fields_cache
            if getattr(instance, field.attname) is not None and cache.get(field.cache_name) is None:
                cache.pop(field.cache_name, None)
    return [_title(record, instance) for record, instance in zip(records, instances, strict=True)]


def _peers(manager: Any) -> Any:
    """The manager's records, each of which reads a related record for all of them at once
    (Django 6.1's fetch modes, which django-stubs do not describe yet)."""
    return manager.fetch_mode(FETCH_PEERS)


def _title(record: Any, instance: models.Model) -> str:
    try:
        return str(instance)
    except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):
        return f"#{record.id}"


def log_entries(rows: Iterable[tuple[Any, int, str]], reveal: bool = True) -> list[Entry]:
    """The lines of one page of `district_log`, in its order; without `reveal` the models'
    private fields are left out."""
    rows = list(rows)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for _when, history_id, kind in rows:
        by_kind[kind].append(history_id)
    shower = _Shower()
    found: dict[tuple[str, int], Entry] = {}
    for kind, ids in by_kind.items():
        model = tracked_model(kind)
        if model is None:
            continue
        records = list(_history_of(model).filter(history_id__in=ids).select_related("history_user"))
        hidden = frozenset() if reveal else private_fields(model)
        lines = entries(model, records, shower, hidden)
        for record, line in zip(records, lines, strict=True):
            found[(kind, record.history_id)] = line
    return [found[(kind, hid)] for _when, hid, kind in rows if (kind, hid) in found]
