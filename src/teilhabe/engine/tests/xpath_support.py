"""What the table-driven tests of the function library share: a fixed clock, evaluation in one
call, and a comparison that tells 1 from 1.0 and True from 1."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from teilhabe.engine.expressions import ExpressionError, evaluate, parse

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2024, 5, 31)  # a Friday, in summer time (UTC+2)
NOW = datetime(2024, 5, 31, 10, 20, 30, 123000, tzinfo=BERLIN)
NAN = math.nan
INF = math.inf

type Case = tuple[str, dict[str, Any], Any]


def value(
    source: str, answers: dict[str, Any] | None = None, current: Any = None, **context: Any
) -> Any:
    return evaluate(parse(source), answers or {}, current, today=TODAY, now=NOW, **context)


def assert_same(actual: Any, expected: Any) -> None:
    """Equal and of the same type, so 1 is not 1.0 and True is not 1; NaN equals NaN."""
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(actual, float) and math.isnan(actual), actual
    else:
        assert (actual, type(actual)) == (expected, type(expected))


def ids(cases: list[Case]) -> list[str]:
    return [
        f"{source[:70]} {sorted(answers)}" if answers else source[:80]
        for source, answers, _ in cases
    ]


def refused(source: str, **options: Any) -> ExpressionError:
    with pytest.raises(ExpressionError) as raised:
        parse(source, **options)
    return raised.value
