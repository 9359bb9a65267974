"""iCalendar (RFC 5545) for events: one file per event and a feed of many.

Times are local to Germany and written with the Europe/Berlin time zone; the VTIMEZONE block
carries the EU daylight-saving rules so that every calendar program places them right."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Teilhabe//Koordinierungsstelle Migration und Teilhabe//DE"
TZID = "Europe/Berlin"
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    title: str
    start: datetime.datetime | datetime.date  # local time in Germany, or a whole day
    end: datetime.datetime | datetime.date | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    stamp: datetime.datetime = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    cancelled: bool = False


def escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and line breaks."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, 74  # continuation lines begin with one space
    return "\r\n ".join(parts)


def _when(name: str, value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name};TZID={TZID}:{value:%Y%m%dT%H%M%S}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _event(e: CalendarEvent) -> list[str]:
    end = e.end
    if end is None and not isinstance(e.start, datetime.datetime):
        end = e.start + datetime.timedelta(days=1)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{e.uid}",
        f"DTSTAMP:{e.stamp:%Y%m%dT%H%M%SZ}",
        _when("DTSTART", e.start),
    ]
    if end is not None:
        lines.append(_when("DTEND", end))
    lines.append(f"SUMMARY:{escape(e.title)}")
    if e.location:
        lines.append(f"LOCATION:{escape(e.location)}")
    if e.description:
        lines.append(f"DESCRIPTION:{escape(e.description)}")
    if e.url:
        lines.append(f"URL:{e.url}")
    lines.append(f"STATUS:{'CANCELLED' if e.cancelled else 'CONFIRMED'}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[CalendarEvent], name: str = "") -> str:
    """A complete VCALENDAR with CRLF line ends, as calendar programs expect."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    lines.extend(VTIMEZONE)
    for e in events:
        lines.extend(_event(e))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
