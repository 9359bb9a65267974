"""iCalendar output: escaping, line folding at 75 octets, and the calendar as a whole.

The `icalendar` package is not a dependency, so the output is read back by hand: unfold,
split at CRLF, and read each content line as NAME;PARAMS:VALUE (RFC 5545, 3.1)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from teilhabe.engine.ical import CalendarEvent, calendar, escape, fold

UMLAUT_TEXT = st.text(
    alphabet=st.sampled_from("aZ 0;,\\:äöüßÄÖÜ€—😀👩‍👩‍👧🇩🇪") | st.characters(codec="utf-8"),
    max_size=300,
)


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def content_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return unfold(text).split("\r\n")[:-1]


def properties(text: str) -> list[tuple[str, str]]:
    """(name with parameters, value) of every content line."""
    pairs = []
    for line in content_lines(text):
        name, value = line.split(":", 1)  # every content line has a value
        pairs.append((name, value))
    return pairs


def vevents(text: str) -> list[dict[str, str]]:
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for name, value in properties(text):
        if (name, value) == ("BEGIN", "VEVENT"):
            current = {}
        elif (name, value) == ("END", "VEVENT"):
            assert current is not None, "END:VEVENT without BEGIN:VEVENT"
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return events


# --- escape -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Treffen; Raum 2", "Treffen\\; Raum 2"),
        ("Zeven, Sottrum", "Zeven\\, Sottrum"),
        ("C:\\Daten", "C:\\\\Daten"),
        ("Zeile 1\nZeile 2", "Zeile 1\\nZeile 2"),
        ("Zeile 1\r\nZeile 2", "Zeile 1\\nZeile 2"),
        ("\\;", "\\\\\\;"),  # the backslash is escaped first, not twice
        ("\\n", "\\\\n"),  # a literal backslash-n stays literal
        ("Müller & Söhne: 10 €", "Müller & Söhne: 10 €"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_escape_leaves_no_carriage_return() -> None:
    assert escape("Zeile 1\rZeile 2") == "Zeile 1\\nZeile 2"


# --- fold ---------------------------------------------------------------------------------------


def test_a_short_line_is_not_folded() -> None:
    assert fold("SUMMARY:" + "x" * 67) == "SUMMARY:" + "x" * 67


def test_a_line_of_76_octets_is_folded_once() -> None:
    line = "x" * 76
    assert fold(line) == "x" * 75 + "\r\n x"


def test_a_multi_octet_character_is_moved_to_the_next_line_whole() -> None:
    line = "x" * 74 + "ä"  # 76 octets; "ä" would straddle the boundary
    assert fold(line) == "x" * 74 + "\r\n ä"


@given(UMLAUT_TEXT)
@example("D" * 74 + "😀" * 30)
@example("ä" * 200)
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_original(text: str) -> None:
    line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert all(p.strip(" ") for p in parts)  # no empty continuation line
    assert unfold(folded) == line


@given(UMLAUT_TEXT)
@example("x" * 73 + "😀😀")
def test_folding_never_splits_a_utf8_character_and_fills_each_line(text: str) -> None:
    # fold() decodes each piece strictly, so a split inside a character would raise here
    parts = fold("X:" + text.replace("\r", "").replace("\n", "")).split("\r\n")
    for part, following in itertools.pairwise(parts):
        # a line is only cut short where the next whole character would not fit
        assert len(part.encode()) + len(following[1].encode()) > 75


# --- calendar -----------------------------------------------------------------------------------

STAMP = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)
WORKSHOP = CalendarEvent(
    uid="event-1@teilhabe",
    title="Workshop: Sprache, Arbeit; Wohnen",
    start=datetime.datetime(2026, 4, 21, 17, 30),  # noqa: DTZ001 (local time, by design)
    end=datetime.datetime(2026, 4, 21, 20, 0),  # noqa: DTZ001
    location="Rathaus Zeven, Sitzungssaal",
    description="Tagesordnung:\n1. Begrüßung\n2. Punktabfrage " + "mit vielen Vorschlägen " * 8,
    url="https://teilhabe.example/events/1/",
    stamp=STAMP,
)
WHOLE_DAY = CalendarEvent(
    uid="event-2@teilhabe", title="Aktionstag", start=datetime.date(2026, 12, 31)
)


def test_every_line_ends_in_crlf_and_no_bare_line_feed() -> None:
    text = calendar([WORKSHOP, WHOLE_DAY], name="Netzwerk Rotenburg (Wümme)")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_begin_and_end_are_balanced_and_nested() -> None:
    stack = []
    for name, value in properties(calendar([WORKSHOP, WHOLE_DAY, WORKSHOP])):
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack.pop() == value
    assert stack == []


def test_the_calendar_has_its_header_and_the_berlin_time_zone() -> None:
    names = dict(properties(calendar([])))
    assert names["VERSION"] == "2.0"
    assert names["PRODID"]
    assert names["TZID"] == "Europe/Berlin"
    assert "X-WR-CALNAME" not in names


def test_a_timed_event_is_in_berlin_time() -> None:
    (event,) = vevents(calendar([WORKSHOP]))
    assert event["DTSTART;TZID=Europe/Berlin"] == "20260421T173000"
    assert event["DTEND;TZID=Europe/Berlin"] == "20260421T200000"
    assert event["DTSTAMP"] == "20260301T080000Z"
    assert event["UID"] == "event-1@teilhabe"
    assert event["STATUS"] == "CONFIRMED"


def test_text_values_come_back_escaped_after_unfolding() -> None:
    (event,) = vevents(calendar([WORKSHOP]))
    assert event["SUMMARY"] == escape(WORKSHOP.title)
    assert event["LOCATION"] == "Rathaus Zeven\\, Sitzungssaal"
    assert event["DESCRIPTION"] == escape(WORKSHOP.description)
    assert event["URL"] == WORKSHOP.url


def test_a_whole_day_event_ends_the_next_day() -> None:
    (event,) = vevents(calendar([WHOLE_DAY]))
    assert event["DTSTART;VALUE=DATE"] == "20261231"
    assert event["DTEND;VALUE=DATE"] == "20270101"  # exclusive end, across the year


def test_a_timed_event_without_an_end_has_no_dtend() -> None:
    (event,) = vevents(calendar([CalendarEvent(uid="x", title="x", start=WORKSHOP.start)]))
    assert not any(name.startswith("DTEND") for name in event)


def test_a_cancelled_event_says_so() -> None:
    (event,) = vevents(
        calendar([CalendarEvent(uid="x", title="x", start=WHOLE_DAY.start, cancelled=True)])
    )
    assert event["STATUS"] == "CANCELLED"


def test_the_calendar_name_is_escaped() -> None:
    names = dict(properties(calendar([], name="Kreis A, Kreis B")))
    assert names["X-WR-CALNAME"] == "Kreis A\\, Kreis B"


def test_a_lone_carriage_return_in_a_description_breaks_no_line() -> None:
    text = calendar(
        [CalendarEvent(uid="x", title="x", start=WHOLE_DAY.start, description="Zeile 1\rZeile 2")]
    )
    assert "\r" not in text.replace("\r\n", "")


@given(UMLAUT_TEXT)
def test_any_title_survives_a_round_trip(title: str) -> None:
    text = calendar([CalendarEvent(uid="x", title=title.replace("\r", ""), start=WHOLE_DAY.start)])
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (event,) = vevents(text)
    assert event["SUMMARY"] == escape(title.replace("\r", ""))
