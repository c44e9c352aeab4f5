"""Each person's calendar (iCalendar, RFC 5545): the due dates of their open actions and
the review dates of the plans they manage, as all-day events, so that a key account manager
subscribes to it once and the calendar follows the plans.

A calendar program that subscribes to the file fetches it again from time to time and
matches events by their ``UID``: each event's UID depends only on what the event is (the
programme, the account and the action's title, or the account's review), never on the
date or status, so that a new due date moves the event instead of adding a second one.
Every text (names, titles) goes through the icalendar library, which escapes and folds
it; nothing of a plan is written into the file by hand. The calendar's head is icalendar's
own; each event's lines are put together here from icalendar's escaped and folded values,
in the order :meth:`icalendar.Event.to_ical` writes them (a test holds them equal), as
that method takes about half a millisecond for an event and a team of four may have
thousands.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from icalendar import Calendar, vText
from icalendar.parser import Contentline, Parameters

from ..method.people import PersonWork
from ..model import TeamMember
from .i18n import Labels

__all__ = ["CALENDAR", "REFRESH", "action_uid", "person_calendar", "review_uid"]

CALENDAR = "team/{id}/calendar.ics"
"""Where a person's calendar goes, beside their page."""
REFRESH = dt.timedelta(hours=12)
"""How often a subscription is asked to fetch the calendar again: twice a day follows a
site that is built when the plans change and every night."""


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=10).hexdigest()


def action_uid(company: str, account_id: str, title: str, occurrence: int) -> str:
    """The UID of an action's event: the same for as long as the action keeps its title
    in its account (``occurrence`` tells apart actions of one account with the same title:
    0 for the first)."""
    return f"action-{_digest(company, account_id, title, str(occurrence))}@kamgen"


def review_uid(company: str, account_id: str) -> str:
    """The UID of the event of an account plan's next review."""
    return f"review-{_digest(company, account_id)}@kamgen"


EventOf = Callable[[str, tuple[Any, ...], Callable[[], bytes]], bytes]
"""How a calendar gets the text of one event: ``(account id, which event of it, make)``;
a preview keeps the events of unchanged plans (:func:`_made`: make it)."""


def _made(account_id: str, what: tuple[Any, ...], make: Callable[[], bytes]) -> bytes:
    return make()


def person_calendar(member: TeamMember, work: PersonWork, names: Mapping[str, str],
                    company: str, today: dt.date, labels: Labels,
                    event_of: EventOf = _made) -> bytes:
    """The calendar of ``member``'s ``work`` as of ``today``: an all-day event on the due
    date of each open action that has one ("account: action"), and one on the last day of
    each managed plan's review within the policy ("account: review the plan"). The stamp of
    every event is ``today``, so that a build of the same plans on the same day writes the
    same file. Each event is written by itself (``event_of``) and the calendar around them,
    as :meth:`icalendar.Calendar.to_ical` would write them together."""
    calendar = Calendar()
    calendar.add("prodid", "-//kamgen//Key account plans//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", labels("calendar_name", name=member.name))
    # How often a subscribing program fetches the file again (RFC 7986, and Outlook's).
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc)
    seen: dict[tuple[str, str], int] = {}
    events: list[bytes] = []
    for row in work.actions:
        key = (row.account_id, row.action.title)
        occurrence = seen[key] = seen.get(key, -1) + 1
        if row.action.due is None:
            continue
        status = labels("calendar_status", status=labels("action_" + row.action.status))
        if row.overdue:
            status += f" · {labels('person_overdue')}"
        events.append(event_of(row.account_id, ("action", row.index), partial(
            _event, action_uid(company, row.account_id, row.action.title, occurrence), stamp,
            row.action.due, f"{names[row.account_id]}: {row.action.title}", status)))
    for account in work.accounts:
        if account.role == "owner" and account.status != "former" and account.review_by:
            events.append(event_of(account.account_id, ("review",), partial(
                _event, review_uid(company, account.account_id), stamp, account.review_by,
                f"{names[account.account_id]}: {labels('calendar_review')}", None)))
    around: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    if not around.endswith(end):
        raise ValueError("a calendar that does not end as RFC 5545 says")
    return around[: -len(end)] + b"".join(events) + end


def _event(uid: str, stamp: dt.datetime, day: dt.date, summary: str,
           description: str | None) -> bytes:
    """An all-day event on ``day`` (it ends the next day, as RFC 5545 counts), shown as
    free time: a due date is a reminder, not a meeting. ``stamp`` is in UTC."""
    lines = ["BEGIN:VEVENT", _text("SUMMARY", summary),
             f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
             f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
             f"DTSTAMP:{stamp.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}", f"UID:{uid}"]
    if description:
        lines.append(_text("DESCRIPTION", description))
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT", ""]
    return "\r\n".join(lines).encode()


def _text(name: str, value: str) -> str:
    """The content line of a text property, escaped and folded by icalendar."""
    line: bytes = Contentline.from_parts(name, Parameters(), vText(value)).to_ical()
    return line.decode()
