"""A calendar's events (site/ics.py) are written as icalendar writes them: the same bytes
as :meth:`icalendar.Event.to_ical`, for plain, hostile and long texts."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from kamgen.site.ics import _event

STAMP = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)

TEXTS = [
    "Nordwerk Chemie AG: Rahmenvertrag verhandeln",
    "Angebot; Preis, neu\\nEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:fremd",
    "Backslash \\ und Doppelpunkt: ok",
    "Ä" * 80 + " — Überprüfung der Zweitquelle " * 4,  # folded, multi-byte at the edges
    "x" * 74, "x" * 75, "x" * 76, "€" * 30,
    "\ttab and trailing space ",
]


def icalendar_event(uid: str, stamp: dt.datetime, day: dt.date, summary: str,
                    description: str | None) -> bytes:
    """The event as icalendar's own components write it."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")
    written: bytes = event.to_ical()
    return written


@pytest.mark.parametrize("text", TEXTS)
def test_an_event_is_written_as_icalendar_writes_it(text: str) -> None:
    for description in (None, "Status: In Arbeit · überfällig", text):
        args = ("action-0123456789abcdef0123@kamgen", STAMP, dt.date(2026, 12, 31), text,
                description)
        assert _event(*args) == icalendar_event(*args)


def test_an_event_is_read_back_with_its_text() -> None:
    summary = TEXTS[1]
    data = _event("review-1@kamgen", STAMP, dt.date(2027, 2, 28), summary, None)
    event = icalendar.Event.from_ical(data)
    assert str(event["summary"]) == summary.replace("\r\n", "\n")
    assert event["dtend"].dt == dt.date(2027, 3, 1)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
