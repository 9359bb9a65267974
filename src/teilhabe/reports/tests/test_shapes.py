"""`shapes` describes the stored JSON exactly: every snapshot built, and the one stored by an
issued report, has the keys and the value types the TypedDicts declare, no more and no fewer."""

import copy
import datetime
import types
import typing

import pytest

from teilhabe.reports import shapes, snapshot
from teilhabe.reports.tests.conftest import DAY, TODAY
from teilhabe.reports.tests.test_stored_snapshot import stored


def problems(value: object, hint: object, path: str = "snapshot") -> list[str]:
    """Where `value` (JSON as Python gives it) departs from the type `hint`."""
    if isinstance(hint, typing.TypeAliasType):
        return problems(value, hint.__value__, path)
    if typing.is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not an object"]
        fields = typing.get_type_hints(hint)
        found = [f"{path}: key {key!r} is not declared" for key in value if key not in fields]
        for key, field in fields.items():
            if key in value:
                found += problems(value[key], field, f"{path}.{key}")
            elif key in hint.__required_keys__:  # a NotRequired key, added later, may lack
                found.append(f"{path}: key {key!r} is missing")
        return found
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType:
        if value is None:
            return [] if type(None) in arguments else [f"{path}: null"]
        others = [alternative for alternative in arguments if alternative is not type(None)]
        if len(others) == 1:  # X | None: say what departs from X
            return problems(value, others[0], path)
        each = [problems(value, alternative, path) for alternative in others]
        return [] if [] in each else [f"{path}: {value!r} is not {hint}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: {type(value).__name__}, not a list"]
        return [
            p for i, item in enumerate(value) for p in problems(item, arguments[0], f"{path}[{i}]")
        ]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not an object"]
        return [p for k, v in value.items() for p in problems(v, arguments[1], f"{path}[{k!r}]")]
    if hint is float:  # a JSON number; 2.0 may come back as 2
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint in (str, bool):
        ok = isinstance(value, hint)
    else:
        raise AssertionError(f"{path}: no check for {hint}")
    return [] if ok else [f"{path}: {value!r} is not {hint.__name__}"]


@pytest.mark.django_db
def test_a_built_snapshot_has_exactly_the_declared_shape(filled):
    built = snapshot.build(filled["district"], TODAY - 20 * DAY, TODAY, "Ausschuss", TODAY)
    assert built["allocation"] and built["map"] and built["network"]["overdue"]
    assert problems(built, shapes.Snapshot) == []


@pytest.mark.django_db
def test_an_empty_snapshot_has_the_declared_shape(osterholz):
    built = snapshot.build(osterholz, datetime.date(2026, 1, 1), datetime.date(2026, 2, 28))
    assert built["allocation"] is None and built["map"] is None
    assert problems(built, shapes.Snapshot) == []


def test_the_stored_snapshot_has_the_declared_shape():
    found = stored()
    assert found["version"] == shapes.VERSION
    assert found["peers"]["rows"] and found["surveys"]["comparison"]
    assert problems(found, shapes.Snapshot) == []


def test_a_snapshot_of_another_shape_is_noticed():
    changed = copy.deepcopy(stored())
    del changed["coverage"]["rows"][0]["active"]
    changed["volunteering"]["rows"][0]["with"] = "1"
    changed["surveys"]["comparison"]["extra"] = True
    changed["allocation"]["rows"][0]["exempt"] = 0
    assert problems(changed, shapes.Snapshot) == [
        "snapshot.coverage.rows[0]: key 'active' is missing",
        "snapshot.surveys.comparison: key 'extra' is not declared",
        "snapshot.allocation.rows[0].exempt: 0 is not bool",
        "snapshot.volunteering.rows[0].with: '1' is not int",
    ]
