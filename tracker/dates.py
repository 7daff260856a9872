"""Reading the dates people type, by the conventions of GNU `date`, and saying back what they meant.

A light hand-written parser, so no date library sits on the start-up path. Every failure is an
InputError naming the field and the forms that work. The words:

- `friday` or `this friday`: the first Friday on or after today (today, if it is a Friday);
- `next friday`: the first Friday strictly after today; `last friday`: the last one before today;
- `today`, `tomorrow`, `yesterday`, `in N days|weeks`, `N days|weeks ago`;
- ISO `2026-12-11`, and written dates: `Dec 11`, `11 Dec 2026`, `December 11, 2026`;
- each optionally followed by a time: `14:30`, `2:30 PM`, `2:30pm`, `2pm` (or a time alone: today).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal

from tracker.model import EARLIEST_YEAR, LATEST_YEAR, InputError
from tracker.words import fmt_day, relative_day, relative_moment

MOMENT_FORMS = (
    "YYYY-MM-DD HH:MM, a written date such as Dec 11 2:30 PM, or words such as today 14:00, "
    "friday, next mon, last fri 9am, in 3 days, 2 weeks ago"
)
DAY_FORMS = (
    "YYYY-MM-DD, a written date such as Dec 11, or words such as friday, next mon, in 3 days"
)
TIME_FORMS = "a time of day such as 14:30, 2:30 PM or 2pm (00:00 to 23:59)"


def _names(*groups: tuple[str, ...]) -> dict[str, int]:
    return {name: index for index, names in enumerate(groups) for name in names}


_WEEKDAYS = _names(
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
_MONTHS = {
    name: index + 1
    for name, index in _names(
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ).items()
}
_FULL_DAYS = tuple(name.title() for name in _WEEKDAYS if len(name) > 5)
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_OFFSET = re.compile(r"(?:in\s+(\d{1,4})\s+(day|week)s?|(\d{1,4})\s+(day|week)s?\s+ago)")
# A trailing time: 14:30, 2:30 pm, 2:30pm, 2pm, 2 p.m. (a bare number is never a time).
_WITH_CLOCK = re.compile(
    r"(?:(?P<day>.*?)(?:\s*,\s*|\s+|(?<=\d)t))?(?:(?:at|@)\s*)?"
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>[ap]\.?m\.?)?"
)
_DAY_OF_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
# How far a written date without a year may lie on the side the caller does not prefer.
_OTHER_SIDE = timedelta(days=90)

Prefer = Literal["past", "future"]


class _Refused(ValueError):
    """A day expression we read but cannot accept; `expected` says what would do."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


_NO_SUCH_DAY = "a real calendar date (that day does not exist)"


def _read_day(text: str, today: date, prefer: Prefer, field: str, raw: str) -> date | None:
    try:
        day = _day_part(text, today, prefer)
    except _Refused as refused:
        raise InputError(field, refused.expected, raw) from None
    return None if day is None else _in_range(day, field, raw)


def _day_part(text: str, today: date, prefer: Prefer) -> date | None:
    """The date a day expression names, or None when it is not one we read."""
    if match := _ISO_DAY.fullmatch(text):
        return _calendar_day(*(int(part) for part in match.groups()))
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
        return _weekday(words, today)
    return _written(text, today, prefer)


def _weekday(words: list[str], today: date) -> date | None:
    """GNU `date`: X and `this X` on or after today, `next X` after it, `last X` before it."""
    target = _WEEKDAYS[words[-1]]
    word = words[0] if len(words) == 2 else "this"
    ahead = (target - today.weekday()) % 7
    if word == "this":
        return today + timedelta(days=ahead)
    if word == "next":
        return today + timedelta(days=ahead or 7)
    if word == "last":
        return today - timedelta(days=(today.weekday() - target) % 7 or 7)
    return None


def _written(text: str, today: date, prefer: Prefer) -> date | None:
    """`Dec 11`, `11 Dec 2026`, `December 11, 2026`, optionally after the weekday (`Fri 11 Dec`).

    Without a year it is the nearest such day, leaning up to a year the way the caller prefers:
    the next one for a future date (unless it passed under 90 days ago), else the last one
    (unless it comes within 90 days). A weekday that matches this year's date picks this
    year, so what `describe_moment` says reads back as the same day."""
    words = re.sub(r"[,.]", " ", text).split()
    weekday = _WEEKDAYS.get(words[0]) if words else None
    if weekday is not None:
        words = words[1:]
    year: int | None = None
    if len(words) == 3 and words[2].isascii() and words[2].isdigit() and len(words[2]) == 4:
        year = int(words.pop())
    if len(words) != 2:
        return None
    if words[0] in _MONTHS and (number := _DAY_OF_MONTH.fullmatch(words[1])):
        month, day_of_month = _MONTHS[words[0]], int(number.group(1))
    elif words[1] in _MONTHS and (number := _DAY_OF_MONTH.fullmatch(words[0])):
        month, day_of_month = _MONTHS[words[1]], int(number.group(1))
    else:
        return None
    if year is not None:
        day = _calendar_day(year, month, day_of_month)
    else:
        candidates = [
            d
            for y in (today.year - 1, today.year, today.year + 1)
            if (d := _maybe_day(y, month, day_of_month))
        ]
        if not candidates:
            raise _Refused(_NO_SUCH_DAY)
        if prefer == "future":
            day = next((d for d in candidates if d >= today - _OTHER_SIDE), candidates[-1])
        else:
            day = next((d for d in reversed(candidates) if d <= today + _OTHER_SIDE), candidates[0])
        this_year = _maybe_day(today.year, month, day_of_month)
        if weekday is not None and this_year and this_year.weekday() == weekday:
            day = this_year  # a date said without its year, as describe_moment says this year's
    if weekday is not None and day.weekday() != weekday:
        named = f"{day.day} {fmt_day(day).split()[2]} {day.year} is a {_FULL_DAYS[day.weekday()]}"
        raise _Refused(f"a weekday that matches the date ({named})")
    return day


def _maybe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _calendar_day(year: int, month: int, day: int) -> date:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise _Refused(f"a date between {EARLIEST_YEAR} and {LATEST_YEAR}")
    found = _maybe_day(year, month, day)
    if found is None:
        raise _Refused(_NO_SUCH_DAY)
    return found


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().split())


def _in_range(day: date, field: str, text: str) -> date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise InputError(field, f"a date between {EARLIEST_YEAR} and {LATEST_YEAR}", text)
    return day


def _clock(match: re.Match[str], field: str, raw: str) -> time:
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12 or minute > 59:
            raise InputError(field, TIME_FORMS, raw)
        hour = hour % 12 + (12 if match["half"].startswith("p") else 0)
    elif hour > 23 or minute > 59:
        raise InputError(field, TIME_FORMS, raw)
    return time(hour, minute)


def parse_moment(text: str, now: datetime, field: str, *, prefer: Prefer = "past") -> datetime:
    """A date and time. A day without a time means now when it is today, the end of the day in
    the past (so it follows the day's interview), and 09:00 in the future. `prefer` only decides
    the year of a written date typed without one."""
    cleaned = _normalise(text)
    if not cleaned:
        raise InputError(field, MOMENT_FORMS)  # nothing typed: nothing to quote back
    if cleaned == "now":
        return now
    day_text, clock = split_clock(text, field)
    if clock is not None and not day_text:
        day_text = "today"
    day = _read_day(day_text, now.date(), prefer, field, text)
    if day is None:
        raise InputError(field, MOMENT_FORMS, text)
    if clock is None:
        if day == now.date():
            return now
        clock = time(23, 59) if day < now.date() else time(9, 0)
    return datetime.combine(day, clock)


def split_clock(text: str, field: str) -> tuple[str, time | None]:
    """A date expression, normalised, and the time of day that ends it (None when none does):
    `Fri 2:30 PM` is ("fri", 14:30), `14:30` alone is ("", 14:30). A bad time is refused."""
    cleaned = _normalise(text)
    match = _WITH_CLOCK.fullmatch(cleaned)
    if match and (match["minute"] or match["half"]):
        return (match["day"] or "").strip(" ,"), _clock(match, field, text)
    return cleaned, None


def written_date(text: str, field: str) -> date | None:
    """A written date that carries its year (`Nov 24, 2026`, `Tue 24 November 2026`), as a
    spreadsheet holds it: reading it needs no clock. None when the text is not one."""
    cleaned = _normalise(text)
    year = re.sub(r"[,.]", " ", cleaned).split()[-1:]
    if not (year and year[0].isascii() and year[0].isdigit() and len(year[0]) == 4):
        return None
    try:
        return _written(cleaned, date.min, "past")  # with its year, no today is consulted
    except _Refused as refused:
        raise InputError(field, refused.expected, text) from None


def parse_day(text: str, now: datetime, field: str, *, prefer: Prefer = "future") -> date:
    """A calendar day, such as a decision date."""
    cleaned = _normalise(text)
    day = _read_day(cleaned, now.date(), prefer, field, text) if cleaned else None
    if day is None:
        raise InputError(field, DAY_FORMS, text)
    return day


def parse_reply_within(text: str, field: str) -> int | None:
    """'they'll reply within N days': empty means not given."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not cleaned.isascii() or not cleaned.isdigit() or int(cleaned) > 365:
        raise InputError(field, "a whole number of days from 0 to 365", text)
    return int(cleaned)


# --- saying back what a date resolved to -------------------------------------------------------


def describe_day(day: date, today: date) -> str:
    """'Fri 11 Dec, in 16 days': a resolved day as a person checks it (with the year when it is
    not this one)."""
    return f"{_day_name(day, today)}, {relative_day(day, today)}"


def describe_moment(moment: datetime, now: datetime) -> str:
    """'Fri 11 Dec 15:00, in 4 days': a resolved moment for confirmation lines and live previews.

    The relative part is exact enough to act on: minutes under an hour, hours under two days
    ('in 29 hours'), then calendar days ('17 days ago'), never 'a month'."""
    day = _day_name(moment.date(), now.date())
    return f"{day} {moment:%H:%M}, {relative_moment(moment, now)}"


def _day_name(day: date, today: date) -> str:
    return fmt_day(day) if day.year == today.year else f"{fmt_day(day)} {day.year}"
