"""Reading the dates people type: the strict `YYYY-MM-DD HH:MM` form and everyday words.

A light hand-written parser, so no date library sits on the start-up path. Every failure is an
InputError naming the field and the forms that work.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal

from tracker.model import EARLIEST_YEAR, LATEST_YEAR, InputError

MOMENT_FORMS = "YYYY-MM-DD HH:MM, YYYY-MM-DD, or a word such as today, yesterday, friday, in 3 days"
DAY_FORMS = "YYYY-MM-DD, or a word such as today, tomorrow, friday, in 3 days"

_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CLOCK = re.compile(r"(?:at\s+)?(\d{1,2}):(\d{2})")
_OFFSET = re.compile(r"(?:in\s+(\d{1,4})\s+(day|week)s?|(\d{1,4})\s+(day|week)s?\s+ago)")

Prefer = Literal["past", "future"]


class _NoSuchDay(ValueError):
    """A well-formed YYYY-MM-DD naming a day the calendar lacks, such as 2026-02-30."""


def _read_day(text: str, today: date, prefer: Prefer, field: str, raw: str) -> date | None:
    try:
        return _day_part(text, today, prefer)
    except _NoSuchDay:
        raise InputError(field, "a real calendar date (that day does not exist)", raw) from None


def _day_part(text: str, today: date, prefer: Prefer) -> date | None:
    """The date a day expression names, or None when it is not one we read."""
    if match := _ISO_DAY.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise _NoSuchDay from None
    if text in ("today", "now"):
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text == "tomorrow":
        return today + timedelta(days=1)
    if match := _OFFSET.fullmatch(text):
        ahead_n, ahead_unit, ago_n, ago_unit = match.groups()
        count = int(ahead_n or ago_n)
        days = count * (7 if (ahead_unit or ago_unit) == "week" else 1)
        return today + timedelta(days=days if ahead_n else -days)
    words = text.split()
    if len(words) in (1, 2) and words[-1] in _WEEKDAYS:
        direction = {"last": "past", "next": "future", "this": prefer}.get(words[0], prefer)
        if len(words) == 2 and words[0] not in ("last", "next", "this"):
            return None
        target = _WEEKDAYS[words[-1]]
        if direction == "past":
            return today - timedelta(days=(today.weekday() - target) % 7)
        return today + timedelta(days=(target - today.weekday()) % 7)
    return None


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().split())


def _in_range(day: date, field: str, text: str) -> date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise InputError(field, f"a date between {EARLIEST_YEAR} and {LATEST_YEAR}", text)
    return day


def parse_moment(text: str, now: datetime, field: str, *, prefer: Prefer = "past") -> datetime:
    """A date and time. A day without a time means now when it is today, the end of the day in
    the past (so it follows the day's interview), and 09:00 in the future."""
    cleaned = _normalise(text)
    if not cleaned:
        raise InputError(field, MOMENT_FORMS, text)
    if cleaned == "now":
        return now
    clock: time | None = None
    if match := re.fullmatch(r"(.*?)[ t]" + _CLOCK.pattern, cleaned):
        day_text, hours, minutes = match.groups()
        if not (int(hours) < 24 and int(minutes) < 60):
            raise InputError(field, "a time of day from 00:00 to 23:59", text)
        clock = time(int(hours), int(minutes))
    else:
        day_text = cleaned
    day = _read_day(day_text.strip(), now.date(), prefer, field, text)
    if day is None:
        raise InputError(field, MOMENT_FORMS, text)
    _in_range(day, field, text)
    if clock is None:
        if day == now.date():
            return now
        clock = time(23, 59) if day < now.date() else time(9, 0)
    return datetime.combine(day, clock)


def parse_day(text: str, now: datetime, field: str, *, prefer: Prefer = "future") -> date:
    """A calendar day, such as a decision date."""
    cleaned = _normalise(text)
    day = _read_day(cleaned, now.date(), prefer, field, text) if cleaned else None
    if day is None:
        raise InputError(field, DAY_FORMS, text)
    return _in_range(day, field, text)


def parse_reply_within(text: str, field: str) -> int | None:
    """'they'll reply within N days': empty means not given."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not cleaned.isascii() or not cleaned.isdigit() or int(cleaned) > 365:
        raise InputError(field, "a whole number of days from 0 to 365", text)
    return int(cleaned)
