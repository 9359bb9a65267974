"""Dates, dateTimes and times as ODK writes them, and their numbers (see "Dates and times" in
`engine.expressions`).

A date is a calendar day and counts as whole days since 1970-01-01. A dateTime is a moment and
counts as days since 1970-01-01T00:00Z, with a fraction; one written without an offset is a
moment in Berlin. A time of day counts as the fraction of its day in Berlin (decimal-time).
Everything that reads text here is strict: a pattern, then Python's own range checks."""

import math
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

LOCAL_TIME_ZONE = "Europe/Berlin"  # today(), now() and dateTimes written without an offset
LOCAL = ZoneInfo(LOCAL_TIME_ZONE)
EPOCH = date(1970, 1, 1).toordinal()  # ODK counts dates in days since 1970-01-01
_EPOCH_MOMENT = datetime(1970, 1, 1, tzinfo=UTC)
_DAY_SECONDS = 86_400

_DATE = r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
_CLOCK = r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?"
_OFFSET = r"(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
_DATE_TEXT = re.compile(rf"\s*{_DATE}\s*")
_DATE_TIME_TEXT = re.compile(rf"\s*{_DATE}T{_CLOCK}{_OFFSET}\s*")
_TIME_TEXT = re.compile(rf"\s*{_CLOCK}{_OFFSET}\s*")


def parse_date(text: str) -> date | None:
    """'2024-05-31' (one-digit months and days too, as ODK accepts) as a date, else None."""
    match = _DATE_TEXT.fullmatch(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:  # 2024-02-30
        return None


def parse_date_time(text: str) -> datetime | None:
    """'2024-05-31T10:20:30.123+02:00' as an aware datetime, else None. Without an offset the
    clock is Berlin's; seconds, their fraction and the offset's minutes may be left out."""
    match = _DATE_TIME_TEXT.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        day_part = date(int(year), int(month), int(day))
        clock = _clock(hour, minute, second, fraction)
    except ValueError:
        return None
    zone = _zone(offset)
    return None if zone is None else datetime.combine(day_part, clock, tzinfo=zone)


def parse_time(text: str) -> tuple[time, timedelta | None] | None:
    """'08:30', '08:30:15.5', '08:30:00+02:00' as (clock, offset or None), else None."""
    match = _TIME_TEXT.fullmatch(text)
    if match is None:
        return None
    hour, minute, second, fraction, offset = match.groups()
    try:
        clock = _clock(hour, minute, second, fraction)
    except ValueError:
        return None
    if offset is None:
        return clock, None
    zone = _zone(offset)
    return None if zone is None else (clock, zone.utcoffset(None))


def _clock(hour: str, minute: str, second: str | None, fraction: str | None) -> time:
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return time(int(hour), int(minute), int(second or 0), micro)


def _zone(offset: str | None) -> tzinfo | None:
    if offset is None:
        return LOCAL
    if offset == "Z":
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def localized(moment: datetime) -> datetime:
    """An aware datetime; a naive one is read as Berlin's clock."""
    return moment.replace(tzinfo=LOCAL) if moment.tzinfo is None else moment


def day_count(day: date) -> int | float:
    """Whole days since 1970-01-01 for a date; days since 1970-01-01T00:00Z for a dateTime."""
    if isinstance(day, datetime):
        delta = localized(day) - _EPOCH_MOMENT
        return delta / timedelta(days=1)
    return day.toordinal() - EPOCH


def midnight(day: date) -> datetime:
    """A date as the moment it starts in Berlin (a dateTime stays as it is)."""
    if isinstance(day, datetime):
        return localized(day)
    return datetime.combine(day, time(0), tzinfo=LOCAL)


def moment_from_days(days: float) -> datetime | None:
    """The moment `days` after 1970-01-01T00:00Z, on Berlin's clock; None if out of range."""
    if not math.isfinite(days):
        return None
    try:
        return (_EPOCH_MOMENT + timedelta(days=days)).astimezone(LOCAL)
    except OverflowError:
        return None


def date_from_days(days: float) -> date | None:
    """The calendar day `days` (truncated, as int()) after 1970-01-01; None if out of range."""
    if not math.isfinite(days) or abs(days) > 4_000_000:
        return None
    ordinal = EPOCH + int(days)
    if not date.min.toordinal() <= ordinal <= date.max.toordinal():
        return None
    return date.fromordinal(ordinal)


def on_local_clock(moment: datetime) -> datetime:
    """An aware moment on Berlin's clock; a naive one as it is. At the very ends of the
    calendar, where Berlin's clock would leave it, the moment keeps its own clock."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(LOCAL)
    except OverflowError:
        return moment


def calendar_day(day: date) -> date:
    """The calendar day of a date, or of a dateTime on Berlin's clock."""
    return on_local_clock(day).date() if isinstance(day, datetime) else day


def fraction_of_day(clock: time) -> float:
    seconds = clock.hour * 3600 + clock.minute * 60 + clock.second + clock.microsecond / 1e6
    return seconds / _DAY_SECONDS


def local_clock(clock: time, offset: timedelta | None, on: date) -> time:
    """A time written with an offset, on Berlin's clock of the day `on` (summer time counts)."""
    if offset is None:
        return clock
    return on_local_clock(datetime.combine(on, clock, tzinfo=timezone(offset))).time()


def iso_date_time(moment: datetime) -> str:
    """ODK's dateTime text, with milliseconds and the offset if known:
    '2024-05-31T10:20:30.000+02:00'."""
    clock = f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    text = f"{iso_date(moment)}T{clock}.{moment.microsecond // 1000:03d}"
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def iso_date(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
