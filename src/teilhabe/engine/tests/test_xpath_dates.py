"""Date and time functions of the ODK XForms library: today(), now(), date(), date-time(),
decimal-date-time(), decimal-time(), format-date(), format-date-time(); and dates in
arithmetic and comparisons (days since 1970-01-01).

The clock is fixed (xpath_support): today is Friday 2024-05-31, now is 10:20:30.123 in Berlin,
in summer time (UTC+2). ODK counts a date in whole days and a dateTime from midnight UTC."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.engine.expressions import Layout, evaluate, parse
from teilhabe.engine.tests.xpath_support import (
    BERLIN,
    NAN,
    NOW,
    TODAY,
    Case,
    assert_same,
    ids,
    refused,
    value,
)

DAY = 19874  # 2024-05-31
NOW_UTC_DAYS = DAY + (8 * 3600 + 20 * 60 + 30.123) / 86400
NOW_FRACTION = (10 * 3600 + 20 * 60 + 30.123) / 86400

CASES: list[Case] = [
    # today() and now()
    ("today()", {}, TODAY),
    ("string(today())", {}, "2024-05-31"),
    ("number(today())", {}, DAY),
    ("today() + 1", {}, DAY + 1),
    ("today() - 7", {}, DAY - 7),
    ("date(today() + 1)", {}, date(2024, 6, 1)),
    ("date(today() - 31)", {}, date(2024, 4, 30)),
    ("now()", {}, NOW),
    ("string(now())", {}, "2024-05-31T10:20:30.123+02:00"),
    ("now() > today()", {}, True),
    ("now() < today() + 1", {}, True),
    ("date(now()) = today()", {}, True),
    ("number(now())", {}, NOW_UTC_DAYS),
    ("boolean(now())", {}, True),
    # date()
    ("date('2024-05-31')", {}, TODAY),
    ("date('2024-5-1')", {}, date(2024, 5, 1)),
    ("date(' 2024-05-31 ')", {}, TODAY),
    ("date(0)", {}, date(1970, 1, 1)),
    ("date(1)", {}, date(1970, 1, 2)),
    ("date(-1)", {}, date(1969, 12, 31)),
    ("date(19874)", {}, TODAY),
    ("date(19874.9)", {}, TODAY),  # truncated
    ("date(-0.5)", {}, date(1970, 1, 1)),
    ("date('19874')", {}, TODAY),
    ("date('2024-05-31T23:30:00Z')", {}, date(2024, 6, 1)),  # already June 1st in Berlin
    ("date('2024-05-31T23:30:00')", {}, TODAY),
    ("date('2024-05-31T23:30:00-02:00')", {}, date(2024, 6, 1)),
    ("date(${dt})", {"dt": datetime(2024, 5, 31, 23, 30, tzinfo=UTC)}, date(2024, 6, 1)),
    ("date(${dt})", {"dt": datetime.fromisoformat("2024-05-31T23:30:00")}, TODAY),
    ("date(${d})", {"d": TODAY}, TODAY),
    ("date(${x})", {"x": "2024-02-30"}, ""),
    ("date(${x})", {"x": "31.05.2024"}, ""),
    ("date(${x})", {}, ""),
    ("date('')", {}, ""),
    ("date(1 div 0)", {}, ""),
    ("date(0 div 0)", {}, ""),
    ("date(true())", {}, ""),
    ("date(${x})", {"x": ["a"]}, ""),
    ("date(date('9999-12-31') + 1)", {}, ""),
    ("date(date('0001-01-01') - 1)", {}, ""),
    ("string(date(date('2024-05-31') + 1))", {}, "2024-06-01"),
    ("string(date('0987-03-04'))", {}, "0987-03-04"),
    ("date('2024-05-31') = '2024-05-31'", {}, True),
    ("date('2024-02-29') - date('2024-01-01')", {}, 59),
    # date-time()
    ("date-time(0)", {}, datetime(1970, 1, 1, 1, tzinfo=BERLIN)),
    ("string(date-time(0))", {}, "1970-01-01T01:00:00.000+01:00"),
    ("string(date-time(19874.5))", {}, "2024-05-31T14:00:00.000+02:00"),
    ("string(date-time('2024-05-31'))", {}, "2024-05-31T00:00:00.000+02:00"),
    ("string(date-time('2024-05-31T10:00'))", {}, "2024-05-31T10:00:00.000+02:00"),
    ("string(date-time('2024-05-31T10:00:00.5Z'))", {}, "2024-05-31T10:00:00.500+00:00"),
    ("string(date-time('2024-01-15T10:00:00+0530'))", {}, "2024-01-15T10:00:00.000+05:30"),
    ("string(date-time(${d}))", {"d": date(2024, 1, 15)}, "2024-01-15T00:00:00.000+01:00"),
    ("date-time(${x})", {"x": "gestern"}, ""),
    ("date-time(0 div 0)", {}, ""),
    ("decimal-date-time(date-time(19874.25))", {}, 19874.25),
    ("date-time('2024-05-31T12:00:00Z') = date-time('2024-05-31T14:00:00+02:00')", {}, True),
    # decimal-date-time(): days since 1970-01-01T00:00Z; a date counts from its midnight in Berlin
    ("decimal-date-time('1970-01-01T00:00:00Z')", {}, 0.0),
    ("decimal-date-time('1970-01-02T00:00:00Z')", {}, 1.0),
    ("decimal-date-time('1969-12-31T00:00:00Z')", {}, -1.0),
    ("decimal-date-time('2018-04-24T15:30:00.000+06:00')", {}, 17645.395833333332),
    ("decimal-date-time('1970-01-01T01:00:00')", {}, 0.0),  # Berlin's clock, UTC+1 in winter
    ("decimal-date-time('1970-01-01')", {}, -1 / 24),
    ("decimal-date-time('2024-05-31')", {}, DAY - 2 / 24),
    ("decimal-date-time(${d})", {"d": TODAY}, DAY - 2 / 24),
    ("decimal-date-time(now())", {}, NOW_UTC_DAYS),
    ("decimal-date-time(5)", {}, 5),
    ("decimal-date-time(2.5)", {}, 2.5),
    ("decimal-date-time('')", {}, NAN),
    ("decimal-date-time(${x})", {"x": "x"}, NAN),
    ("decimal-date-time(${x})", {}, NAN),
    # decimal-time(): the fraction of the day on Berlin's clock
    ("decimal-time('12:00:00')", {}, 0.5),
    ("decimal-time('06:00')", {}, 0.25),
    ("decimal-time('18:00:00.000')", {}, 0.75),
    ("decimal-time('00:00:00')", {}, 0.0),
    ("decimal-time('23:59:59')", {}, 86399 / 86400),
    ("decimal-time('12:00:00Z')", {}, 14 / 24),  # in summer time
    ("decimal-time('06:00:00.000-07:00')", {}, 15 / 24),
    ("decimal-time('12:00:00.000+02:00') - decimal-time('06:00:00.000+02:00')", {}, 0.25),
    ("decimal-time(${t})", {"t": time(8, 30)}, 8.5 / 24),
    ("decimal-time(${t})", {"t": "24:00:00"}, NAN),
    ("decimal-time(${t})", {"t": "06:60"}, NAN),
    ("decimal-time(${t})", {"t": "06:00:00.000-24:00"}, NAN),
    ("decimal-time(${t})", {"t": "a"}, NAN),
    ("decimal-time(${t})", {}, NAN),
    ("decimal-time('')", {}, NAN),
    ("decimal-time(0.75)", {}, 0.75),
    ("decimal-time(1.25)", {}, 0.25),
    ("decimal-time(-0.25)", {}, 0.75),
    ("decimal-time(1 div 0)", {}, NAN),
    ("decimal-time(${dt})", {"dt": datetime(2024, 5, 31, 12, tzinfo=UTC)}, 14 / 24),
    ("decimal-time('2024-05-31T06:00:00')", {}, 0.25),
    ("decimal-time('2024-01-31T06:00:00Z')", {}, 7 / 24),  # winter: UTC+1
    ("decimal-time('2024-05-31')", {}, 0.0),
    ("decimal-time(${d})", {"d": TODAY}, 0.0),
    ("decimal-time(now())", {}, NOW_FRACTION),
    ("decimal-time('08:30') < decimal-time('17:00')", {}, True),
    # format-date() and format-date-time()
    ("format-date(today(), '%Y-%m-%d')", {}, "2024-05-31"),
    ("format-date(today(), '%d.%m.%Y')", {}, "31.05.2024"),
    ("format-date('2024-01-05', '%e.%n.%Y')", {}, "5.1.2024"),
    ("format-date('2024-01-05', '%d.%m.%y')", {}, "05.01.24"),
    ("format-date(today(), '%a, %e. %b %Y')", {}, "Fr., 31. Mai 2024"),
    ("format-date('2024-03-01', '%b')", {}, "März"),
    ("format-date('2024-09-01', '%b')", {}, "Sept."),
    ("format-date('2024-06-02', '%a')", {}, "So."),
    ("format-date(today(), '100%% am %d.')", {}, "100% am 31."),
    ("format-date(today(), 'Y-m-d')", {}, "Y-m-d"),
    ("format-date(today(), '')", {}, ""),
    ("format-date(today(), '%H:%M:%S.%3')", {}, "00:00:00.000"),
    ("format-date('2024-05-31T23:30:00Z', '%Y-%m-%d %H:%M')", {}, "2024-06-01 01:30"),
    ("format-date(0, '%Y-%m-%d %H:%M')", {}, "1970-01-01 01:00"),
    ("format-date(19874, '%d.%m.%Y')", {}, "31.05.2024"),
    ("format-date('19874', '%d.%m.%Y')", {}, "31.05.2024"),
    ("format-date(date('0987-03-04'), '%Y %y')", {}, "0987 87"),
    ("format-date('', '%Y')", {}, ""),
    ("format-date(${x}, '%Y')", {}, ""),
    ("format-date(${x}, '%Y')", {"x": "morgen"}, ""),
    ("format-date(true(), '%Y')", {}, ""),
    ("format-date(${d}, ${f})", {"d": TODAY, "f": "%Q %Y"}, "%Q 2024"),  # known only when answering
    ("format-date(${d}, ${f})", {"d": TODAY, "f": "%Y%"}, "2024%"),
    ("format-date-time(now(), '%Y-%m-%dT%H:%M:%S.%3')", {}, "2024-05-31T10:20:30.123"),
    ("format-date-time(now(), '%h:%M')", {}, "10:20"),
    ("format-date-time('2024-05-31T07:05:09', '%h:%M:%S')", {}, "7:05:09"),
    ("format-date-time('2024-05-31T07:05:09.045', '%3')", {}, "045"),
    ("format-date-time('2024-01-31T07:05:09Z', '%H:%M')", {}, "08:05"),
    (
        "format-date-time(${dt}, '%e. %b, %H:%M')",
        {"dt": datetime.fromisoformat("2024-12-24T18:00:00")},
        "24. Dez., 18:00",
    ),
    ("format-date-time(date-time(19874.5), '%H:%M')", {}, "14:00"),
    ("format-date-time(today(), '%H')", {}, "00"),
    # dates in arithmetic and comparisons: days since 1970-01-01
    ("'2024-05-31' - '2024-05-01'", {}, 30),
    ("today() - date('2024-01-01')", {}, 151),
    ("${d} + 7", {"d": TODAY}, DAY + 7),
    ("date(${d} + 7)", {"d": TODAY}, date(2024, 6, 7)),
    ("'2024-02-29' + 0", {}, 19782),
    ("'2023-02-29' + 0", {}, NAN),
    ("'2024-13-01' + 1", {}, NAN),
    ("' 2024-05-31 ' + 0", {}, DAY),
    ("'2024-05-31T12:00:00Z' + 0", {}, DAY + 0.5),
    ("'2024-05-31T25:00' + 0", {}, NAN),
    (
        "${b} - ${a}",
        {"a": datetime(2024, 5, 31, 8, tzinfo=UTC), "b": datetime(2024, 5, 31, 20, tzinfo=UTC)},
        0.5,
    ),
    ("today() > '2024-05-30'", {}, True),
    ("'2024-05-31' = today()", {}, True),
    ("'2024-05-31' < '2024-06-01'", {}, True),
    ("'2024-10-01' > '2024-9-01'", {}, True),  # as days, not as texts
    ("'2024-05-31' = '2024-5-31'", {}, False),  # two texts: equal only if identical
    ("${d} = '2024-5-31'", {"d": TODAY}, True),  # a date and a text written as one: days
    ("${d} >= today() - 7", {"d": date(2024, 5, 24)}, True),
    ("${d} >= today() - 7", {"d": date(2024, 5, 23)}, False),
    ("${d} < today()", {}, False),
    ("${d} = 19874", {"d": TODAY}, True),
    ("now() = now()", {}, True),
    ("${d} = ${e}", {"d": TODAY, "e": datetime(2024, 5, 31, 0, 0, tzinfo=UTC)}, True),  # 19874 both
    ("${d} = ${e}", {"d": TODAY, "e": datetime(2024, 5, 31, 0, 0, tzinfo=BERLIN)}, False),
    ("${d} > ${e}", {"d": TODAY, "e": datetime(2024, 5, 31, 0, 0, tzinfo=BERLIN)}, True),
]


@pytest.mark.parametrize(("source", "answers", "expected"), CASES, ids=ids(CASES))
def test_date_and_time_functions(source: str, answers: dict[str, Any], expected: Any) -> None:
    result = value(source, answers)
    if isinstance(expected, float) and not math.isnan(expected) and expected != int(expected):
        assert isinstance(result, float) and math.isclose(result, expected, rel_tol=0, abs_tol=1e-9)
    else:
        assert_same(result, expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Fri, 31 May 2024"),
        ("de", "Fr., 31 Mai 2024"),
        ("de-AT", "Fr., 31 Mai 2024"),
        ("EN-GB", "Fri, 31 May 2024"),
        ("ar", "Fr., 31 Mai 2024"),
    ],
)
def test_month_and_day_names_are_in_the_layouts_language(language: str, expected: str) -> None:
    """%b and %a in the respondent's language; German, Teilhabe's first, unless English."""
    assert (
        value("format-date(today(), '%a, %e %b %Y')", layout=Layout(language=language)) == expected
    )


@pytest.mark.parametrize(
    ("month", "german", "english"),
    [
        (1, "Jan.", "Jan"),
        (2, "Feb.", "Feb"),
        (3, "März", "Mar"),
        (4, "Apr.", "Apr"),
        (5, "Mai", "May"),
        (6, "Juni", "Jun"),
        (7, "Juli", "Jul"),
        (8, "Aug.", "Aug"),
        (9, "Sept.", "Sep"),
        (10, "Okt.", "Oct"),
        (11, "Nov.", "Nov"),
        (12, "Dez.", "Dec"),
    ],
)
def test_every_month_has_its_abbreviation(month: int, german: str, english: str) -> None:
    answers = {"d": date(2024, month, 1)}
    assert value("format-date(${d}, '%b')", answers) == german
    assert value("format-date(${d}, '%b')", answers, layout=Layout(language="en")) == english


def test_every_weekday_has_its_abbreviation() -> None:
    monday = date(2024, 6, 3)
    days = [value("format-date(${d}, '%a')", {"d": monday + timedelta(days=n)}) for n in range(7)]
    assert days == ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]


def test_today_follows_now_in_berlin_when_only_now_is_given() -> None:
    late = datetime(2024, 5, 31, 23, 30, tzinfo=UTC)  # 01:30 on June 1st in Berlin
    assert evaluate(parse("today()"), {}, now=late) == date(2024, 6, 1)
    naive = datetime.fromisoformat("2024-05-31T23:30:00")  # read as Berlin's clock
    assert evaluate(parse("string(now())"), {}, now=naive) == "2024-05-31T23:30:00.000+02:00"


def test_now_without_a_clock_is_the_present_in_berlin() -> None:
    before = datetime.now(BERLIN)
    moment = evaluate(parse("now()"), {})
    assert isinstance(moment, datetime) and moment.tzinfo is not None
    assert before <= moment <= datetime.now(BERLIN)
    text = evaluate(parse("string(now())"), {})
    assert isinstance(text, str) and text[-6:] in ("+01:00", "+02:00")


ERRORS: list[tuple[str, int, str]] = [
    ("today(1)", 0, "today() takes 0 arguments, got 1"),
    ("now(1)", 0, "now() takes 0 arguments, got 1"),
    ("date()", 0, "date() takes 1 argument, got 0"),
    ("date(1, 2)", 0, "date() takes 1 argument, got 2"),
    ("date('gestern')", 5, "“gestern” is not a date: write it as YYYY-MM-DD"),
    ("date('2024-02-30')", 5, "“2024-02-30” is not a date"),
    ("date('31.05.2024')", 5, "“31.05.2024” is not a date"),
    ("1 + date-time('x')", 14, "“x” is not a date"),
    ("decimal-date-time('12:00')", 18, "“12:00” is not a date"),
    ("decimal-time('25:00')", 13, "“25:00” is not a time: write it as HH:MM or HH:MM:SS"),
    ("decimal-time('noon')", 13, "“noon” is not a time"),
    ("decimal-time()", 0, "decimal-time() takes 1 argument, got 0"),
    ("format-date(today())", 0, "format-date() takes 2 arguments, got 1"),
    (
        "format-date(today(), '%Q')",
        22,
        "format-date() does not know the code %Q: use %Y %y %m %n %b %d %e %H %h %M %S %3 %a %%",
    ),
    ("format-date(today(), '%d.%m.%Y %W')", 31, "format-date() does not know the code %W"),
    (
        "format-date-time(now(), 'um %H%')",
        30,
        "the format of format-date-time() ends with a lone %: write %% for %",
    ),
    ("format-date('31.05.2024', '%Y')", 12, "“31.05.2024” is not a date"),
    ("format-date-time(now(), '%Y', 'de')", 0, "format-date-time() takes 2 arguments, got 3"),
]


@pytest.mark.parametrize(("source", "position", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_date_functions_refused_when_parsing(source: str, position: int, message: str) -> None:
    error = refused(source)
    assert message in error.message
    assert error.position == position


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=150)
@given(st.dates())
def test_format_date_of_date_round_trips(day: date) -> None:
    text = day.isoformat()
    assert value("format-date(date(${x}), '%Y-%m-%d')", {"x": text}) == text
    assert (
        value("format-date(${x}, '%d.%m.%Y')", {"x": text})
        == day.strftime("%d.%m.") + f"{day.year:04d}"
    )
    assert value("date(number(${x}))", {"x": text}) == day
    assert value("string(date(${x}))", {"x": text}) == text


@settings(max_examples=150)
@given(st.integers(-719_162, 2_932_896))
def test_date_of_a_number_of_days_counts_from_1970(days: int) -> None:
    day = value("date(${n})", {"n": days})
    assert day == date(1970, 1, 1) + timedelta(days=days)
    assert value("number(date(${n}))", {"n": days}) == days


@settings(max_examples=100)
@given(st.times())
def test_decimal_time_is_the_fraction_of_the_day(clock: time) -> None:
    seconds = clock.hour * 3600 + clock.minute * 60 + clock.second + clock.microsecond / 1e6
    assert math.isclose(value("decimal-time(${t})", {"t": clock}), seconds / 86400, abs_tol=1e-12)


berlin_moments = st.datetimes(
    min_value=datetime.fromisoformat("1900-01-01T00:00:00"),
    max_value=datetime.fromisoformat("2100-01-01T00:00:00"),
    timezones=st.just(UTC),
).map(lambda moment: moment.astimezone(BERLIN))  # real moments: none in the spring-forward gap


@settings(max_examples=100)
@given(berlin_moments)
def test_date_time_of_decimal_date_time_round_trips_to_the_millisecond(moment: datetime) -> None:
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    back = value("date-time(decimal-date-time(${m}))", {"m": moment})
    assert abs(back.astimezone(UTC) - moment.astimezone(UTC)) < timedelta(milliseconds=1)
    shown = value("format-date-time(${m}, '%Y-%m-%d %H:%M:%S.%3')", {"m": moment})
    assert shown == f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d}"


@settings(max_examples=100)
@given(st.dates(), st.dates())
def test_date_differences_and_orderings_agree_with_python(a: date, b: date) -> None:
    answers = {"a": a.isoformat(), "b": b.isoformat()}
    assert value("${b} - ${a}", answers) == (b - a).days
    assert value("${a} < ${b}", answers) is (a < b)
    assert value("date(${a}) = date(${b})", answers) is (a == b)
