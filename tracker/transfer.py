"""Export and import: JSON (lossless) and CSV (a spreadsheet's view); iCalendar is in
`tracker.calendar`.

Pure functions of the data they are handed: no storage, no clock, no click, no textual.

- JSON is the tracker's own format: a `format`/`version` header and every field of every
  application and event, ids included, so `export` then `import` into an empty database gives the
  same database back.
- CSV is one row per application with the columns a spreadsheet user would keep (company, role,
  interviewed, contact, email, phone, via, decision_by, reply_within, thanked, outcome, notes),
  plus the derived columns of the export (id, stage, action, ...), which the importer knows and
  ignores. Follow-ups and replies are not in it: JSON is the format that keeps everything. The
  importer also reads people's own sheets: header aliases, `;` and tab separators, written and
  slash dates, a Status column.

Every reader validates everything before returning, through the model's validators (the same
checks as typing), and raises `InputError` whose field says where the problem is:
`applications[3].events[0].at` for JSON, `line 4, column interviewed` for CSV, which lists every
bad cell at once (`ImportProblems`). Nothing is half-read: the caller writes the returned items
in one transaction or not at all, and no file brings more than IMPORT_LIMIT applications.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from tracker.dates import split_clock, written_date
from tracker.model import (
    LARGEST_ID,
    Advice,
    Application,
    Channel,
    Debrief,
    Event,
    EventKind,
    InputError,
    Outcome,
    Person,
)

Item = tuple[Application, list[Event]]

JSON_FORMAT = "tracker-export"
JSON_VERSION = 2  # 2: archived, the people met, whose thank-you, voicemail, expedite, debriefs
# One import adds at most this many applications: a larger file is refused before anything is
# written (a runaway file would otherwise leave a database too big to open).
IMPORT_LIMIT = 100_000
JSON_SIZE_LIMIT = 256 * 1024 * 1024  # bytes; JSON is read whole, so it is bounded up front
_MAX_DIGITS = 20  # a number longer than this is no id, count or day in a tracker file

# --- JSON -------------------------------------------------------------------------------------

_APP_KEYS = (
    "id",
    "company",
    "role",
    "contact",
    "email",
    "phone",
    "via",
    "notes",
    "created",
    "archived",
)
_EVENT_KEYS = (
    "id",
    "kind",
    "at",
    "channel",
    "decision_by",
    "reply_within",
    "outcome",
    "note",
    "people",
    "person",
    "voicemail",
    "expedite",
    "debrief",
)


def _moment_text(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def event_record(event: Event) -> dict:
    """One event as JSON: every field, its id included (the application is the one around it)."""
    return {
        "id": event.id,
        "kind": event.kind.value,
        "at": _moment_text(event.at),
        "channel": event.channel.value if event.channel else None,
        "decision_by": event.decision_by.isoformat() if event.decision_by else None,
        "reply_within": event.reply_within,
        "outcome": event.outcome.value if event.outcome else None,
        "note": event.note,
        "people": [{"name": p.name, "email": p.email, "title": p.title} for p in event.people],
        "person": event.person,
        "voicemail": event.voicemail,
        "expedite": event.expedite,
        "debrief": None
        if event.debrief is None
        else {
            "topics": [list(topic) for topic in event.debrief.topics],
            "point": event.debrief.point,
            "fit": event.debrief.fit,
        },
    }


def application_record(app: Application, events: Sequence[Event]) -> dict:
    """One application as JSON: every field, then its events in logging order."""
    return {
        "id": app.id,
        "company": app.company,
        "role": app.role,
        "contact": app.contact,
        "email": app.email,
        "phone": app.phone,
        "via": Channel(app.via).value,
        "notes": app.notes,
        "created": _moment_text(app.created),
        "archived": None if app.archived is None else _moment_text(app.archived),
        "events": [event_record(event) for event in events],
    }


def export_json(items: Iterable[Item], *, now: datetime | None = None) -> str:
    """Every application and event, every field, ids included; events in logging order.
    Unreadable cards are left out (their stored values are not ours to guess at)."""
    document: dict = {"format": JSON_FORMAT, "version": JSON_VERSION}
    if now is not None:
        document["exported"] = _moment_text(now)
    document["applications"] = [
        application_record(app, events) for app, events in items if not app.problem
    ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class _Reader:
    """Typed access to one JSON object, naming the path of whatever is wrong."""

    def __init__(self, obj: object, path: str, keys: Sequence[str]) -> None:
        if not isinstance(obj, dict):
            raise InputError(path or "document", "an object {...}", _kind_of(obj))
        unknown = sorted(set(obj) - set(keys))
        if unknown:
            raise InputError(
                _join_path(path, str(unknown[0])),
                "only the known fields (" + ", ".join(keys) + ")",
                unknown[0],
            )
        self.obj = obj
        self.path = path

    def where(self, key: str) -> str:
        return _join_path(self.path, key)

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.obj.get(key)
        if value is None:
            if required:
                raise InputError(self.where(key), "a string")
            return ""
        if not isinstance(value, str):
            raise InputError(self.where(key), "a string", _kind_of(value))
        return value

    def flag(self, key: str) -> bool:
        value = self.obj.get(key, False)
        if not isinstance(value, bool):
            raise InputError(self.where(key), "true or false", _kind_of(value))
        return value

    def people(self, key: str) -> tuple[Person, ...]:
        value = self.obj.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise InputError(self.where(key), "a list of people", _kind_of(value))
        people = []
        for index, entry in enumerate(value):
            reader = _Reader(entry, f"{self.where(key)}[{index}]", ("name", "email", "title"))
            people.append(
                Person(
                    reader.text("name", required=True), reader.text("email"), reader.text("title")
                )
            )
        return tuple(people)

    def debrief(self, key: str) -> Debrief | None:
        value = self.obj.get(key)
        if value is None:
            return None
        reader = _Reader(value, self.where(key), ("topics", "point", "fit"))
        topics = value.get("topics") or []
        if not isinstance(topics, list):
            raise InputError(
                reader.where("topics"), "a list of [name, topic] pairs", _kind_of(topics)
            )
        pairs = []
        for index, pair in enumerate(topics):
            if not (
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
            ):
                raise InputError(
                    f"{reader.where('topics')}[{index}]", "a [name, topic] pair", _kind_of(pair)
                )
            pairs.append((pair[0], pair[1]))
        return Debrief(tuple(pairs), reader.text("point"), reader.text("fit"))

    def optional_int(self, key: str) -> int | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(self.where(key), "a whole number or null", _kind_of(value))
        return value

    def moment(self, key: str, *, required: bool = True) -> datetime | None:
        value = self.obj.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            raise InputError(
                self.where(key), "a date and time YYYY-MM-DDTHH:MM:SS", _kind_of(value)
            )
        return _parse_moment(value, self.where(key), "a date and time YYYY-MM-DDTHH:MM:SS")[0]

    def day(self, key: str) -> date | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise InputError(self.where(key), "a date YYYY-MM-DD or null", _kind_of(value))
        return _parse_day(value, self.where(key))

    def choice(self, key: str, enum: type[StrEnum], *, required: bool = False) -> Any:
        value: Any = self.obj.get(key)
        if value is None and not required:
            return None
        try:
            return enum(value)
        except ValueError:
            words = ", ".join(member.value for member in enum)
            raise InputError(self.where(key), f"one of {words}", _kind_of(value)) from None


def _join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind_of(value: object) -> object:
    """What a wrong JSON value was, short enough for a one-line message."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return json.dumps(value)


def _number(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise InputError("number", f"at most {_MAX_DIGITS} digits", f"{len(text)} digits")
    return int(text)


def _no_constant(text: str) -> object:
    raise InputError("number", "a finite number", text)


def _no_float(text: str) -> float:
    if len(text) > 40:
        raise InputError("number", "at most 40 characters", f"{len(text)} characters")
    return float(text)


def import_json(text: str) -> list[Item]:
    """Reads an `export_json` document back; raises InputError naming the path of any problem.

    Hostile documents end in the same one-line refusal: numbers too long to be an id, nesting
    too deep for the parser, text that is not Unicode (a lone surrogate), or more than
    IMPORT_LIMIT applications.
    """
    try:
        document = json.loads(
            text, parse_int=_number, parse_float=_no_float, parse_constant=_no_constant
        )
    except json.JSONDecodeError as err:
        raise InputError(f"line {err.lineno}, column {err.colno}", "valid JSON", err.msg) from None
    except RecursionError:
        raise InputError("document", "JSON nested at most a few hundred levels deep") from None
    top = _Reader(document, "", ("format", "version", "exported", "applications"))
    if document.get("format") != JSON_FORMAT:
        raise InputError(
            "format",
            f'"{JSON_FORMAT}" (a file written by tracker export)',
            _kind_of(document.get("format")),
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError("version", "a whole number such as 1", _kind_of(version))
    if version > JSON_VERSION:
        raise InputError(
            "version",
            f"{JSON_VERSION} or older (the file is from a newer tracker; upgrade to import it)",
            version,
        )
    top.text("exported")
    applications = document.get("applications")
    if not isinstance(applications, list):
        raise InputError("applications", "a list of applications", _kind_of(applications))
    if len(applications) > IMPORT_LIMIT:
        raise InputError(
            "applications",
            f"at most {IMPORT_LIMIT} applications in one import",
            f"{len(applications)}",
        )

    items: list[Item] = []
    seen_apps: set[int] = set()
    seen_events: set[int] = set()
    for index, entry in enumerate(applications):
        path = f"applications[{index}]"
        reader = _Reader(entry, path, (*_APP_KEYS, "events"))
        app_id = _read_id(reader, seen_apps)
        fields: dict[str, Any] = {
            "company": reader.text("company", required=True),
            "role": reader.text("role", required=True),
            "contact": reader.text("contact"),
            "email": reader.text("email"),
            "phone": reader.text("phone"),
            "via": reader.choice("via", Channel) or Channel.EMAIL,
            "notes": reader.text("notes"),
        }
        created = reader.moment("created", required=False)
        archived = reader.moment("archived", required=False)
        raw_events = entry.get("events")
        if not isinstance(raw_events, list) or not raw_events:
            raise InputError(
                reader.where("events"), "a non-empty list of events", _kind_of(raw_events)
            )
        events = []
        for position, raw in enumerate(raw_events):
            event_path = f"{path}.events[{position}]"
            er = _Reader(raw, event_path, _EVENT_KEYS)
            event = Event(
                kind=er.choice("kind", EventKind, required=True),
                at=er.moment("at"),  # type: ignore[arg-type]
                channel=er.choice("channel", Channel),
                decision_by=er.day("decision_by"),
                reply_within=er.optional_int("reply_within"),
                outcome=er.choice("outcome", Outcome),
                note=er.text("note"),
                id=_read_id(er, seen_events),
                app_id=app_id,
                people=er.people("people"),
                person=er.text("person"),
                voicemail=er.flag("voicemail"),
                expedite=er.flag("expedite"),
                debrief=er.debrief("debrief"),
            )
            if position == 0 and event.kind is not EventKind.INTERVIEW:
                raise InputError(
                    er.where("kind"), "interview (every application starts with one)", event.kind
                )
            events.append(_validated(event, event_path))
        app = Application(**fields, created=created or events[0].at, id=app_id, archived=archived)
        items.append((_validated(app, path), events))
    return items


def _read_id(reader: _Reader, seen: set[int]) -> int | None:
    value = reader.optional_int("id")
    if value is None:
        return None
    if not 1 <= value <= LARGEST_ID:
        raise InputError(
            reader.where("id"), f"a whole number from 1 to {LARGEST_ID} or null", value
        )
    if value in seen:
        raise InputError(reader.where("id"), "an id used only once in the file", value)
    seen.add(value)
    return value


def _validated(thing, where: str):
    try:
        return thing.validated()
    except InputError as err:
        raise InputError(
            _join_path(where, err.field.replace("-", "_")), err.expected, err.got
        ) from None


# --- dates shared by the readers ---------------------------------------------------------------

_MOMENT_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
_DAY_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _parse_moment(text: str, field: str, expected: str) -> tuple[datetime, bool]:
    """A strict `YYYY-MM-DD[ HH:MM[:SS]]` (or with a T); says whether a time was given."""
    match = _MOMENT_RE.fullmatch(text.strip())
    if match is None:
        raise InputError(field, expected, text)
    year, month, day, hour, minute, second = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        raise InputError(field, expected + ", a real date and time", text) from None
    return moment, hour is not None


def _parse_day(text: str, field: str) -> date:
    match = _DAY_RE.fullmatch(text.strip())
    if match is None:
        raise InputError(field, "a date YYYY-MM-DD", text)
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InputError(field, "a real date YYYY-MM-DD", text) from None


# --- CSV --------------------------------------------------------------------------------------

CSV_REQUIRED = ("company", "role", "interviewed")
CSV_OPTIONAL = (
    "contact",
    "email",
    "phone",
    "via",
    "decision_by",
    "reply_within",
    "thanked",
    "outcome",
    "notes",
)
CSV_COLUMNS = (*CSV_REQUIRED, *CSV_OPTIONAL)
# Written by export_csv for people reading the sheet; read back as nothing (they are derived).
CSV_DERIVED = ("id", "stage", "action", "channel", "attempt", "status", "due", "deadline", "reason")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Keeps a spreadsheet from running a cell as a formula: a leading ' makes it plain text."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _unneutralise(cell: str) -> str:
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def _csv_moment(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment.second else f"{moment:%Y-%m-%d %H:%M}"


def _summary(events: Sequence[Event]) -> tuple[Event, Event | None, Event | None]:
    """The latest interview round, the latest thank-you after it, and the closing event (if the
    card is closed), as the CSV columns describe an application."""
    rounds = [(seq, e) for seq, e in enumerate(events) if e.kind is EventKind.INTERVIEW]
    last_logged_round = max(seq for seq, _ in rounds)
    _, latest = max(rounds, key=lambda item: (item[1].at, item[0]))
    thanks = [e for e in events if e.kind is EventKind.THANKED and e.at >= latest.at]
    closes = [(seq, e) for seq, e in enumerate(events) if e.kind is EventKind.CLOSED]
    close = closes[-1][1] if closes and closes[-1][0] > last_logged_round else None
    return latest, (max(thanks, key=lambda e: e.at) if thanks else None), close


def export_csv(items: Iterable[Item], advice_by_id: Mapping[int, Advice]) -> str:
    """One row per application: the import columns first, then the derived ones."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*CSV_COLUMNS, *CSV_DERIVED))
    for app, events in items:
        if not events or app.problem:
            continue
        latest, thanked, close = _summary(events)
        advice = advice_by_id.get(app.id) if app.id is not None else None
        row = [
            app.company,
            app.role,
            _csv_moment(latest.at),
            app.contact,
            app.email,
            app.phone,
            Channel(app.via).value,
            latest.decision_by.isoformat() if latest.decision_by else "",
            "" if latest.reply_within is None else str(latest.reply_within),
            _csv_moment(thanked.at) if thanked else "",
            close.outcome.value if close and close.outcome else "",
            app.notes,
        ]
        if advice is None:
            row += [str(app.id or "")] + [""] * (len(CSV_DERIVED) - 1)
        else:
            row += [
                str(app.id or ""),
                advice.stage.value,
                advice.action.value if advice.action else "",
                advice.channel.value if advice.action else "",
                str(advice.attempt) if advice.action else "",
                advice.status.value,
                advice.due.isoformat() if advice.due else "",
                advice.deadline.isoformat() if advice.deadline else "",
                advice.reason,
            ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def _column_key(header: str) -> str:
    """A header as people vary it: case, spacing, - _ / and punctuation do not matter."""
    words = re.sub(r"[^\w]+", " ", header.casefold().replace("_", " "))
    return " ".join(words.split())


# The header names spreadsheets use for each column tracker reads, as _column_key reduces them.
CSV_ALIASES: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organisation", "organization", "firm"),
    "role": ("role", "job title", "title", "position", "job", "position title", "role title"),
    "interviewed": (
        "interviewed",
        "interview",
        "interview date",
        "interview date time",
        "interviewed on",
        "date interviewed",
        "interview on",
    ),
    "contact": ("contact", "contact name", "recruiter", "interviewer", "hiring manager"),
    "email": ("email", "e mail", "email address", "contact email", "recruiter email"),
    "phone": ("phone", "phone number", "telephone", "tel", "mobile", "contact phone"),
    "via": ("via", "arranged by", "arranged via"),
    "decision_by": ("decision by", "decision date", "decision expected", "expected decision"),
    "reply_within": ("reply within", "reply within days", "response within"),
    "thanked": ("thanked", "thanked on", "thank you", "thank you sent", "thank you note"),
    "outcome": ("outcome", "result"),
    "notes": ("notes", "note", "comments", "comment"),
    # A sheet that keeps the interview's time in a column of its own.
    "interview_time": ("interview time", "time"),
}
_ALIAS_OF = {alias: name for name, aliases in CSV_ALIASES.items() for alias in aliases}
_DERIVED_KEYS = {_column_key(name) for name in CSV_DERIVED}
_DATE_COLUMNS = ("interviewed", "thanked", "decision_by")
MAX_PROBLEMS = 20  # bad rows reported at once; the count of the rest follows


class ImportProblems(InputError):
    """Every problem found in a file (the first MAX_PROBLEMS of them), so one round of fixes
    is enough; `field`, `expected` and `got` are the first problem's."""

    def __init__(self, problems: Sequence[InputError], total: int) -> None:
        first = problems[0]
        super().__init__(first.field, first.expected, first.got)
        self.problems = list(problems)
        self.total = total
        if total > 1:
            self.args = (f"{first} (and {total - 1} more problem{'s' * (total > 2)})",)


def _cell_error(line: int, column: str, expected: str, got: object | None = None) -> InputError:
    return InputError(f"line {line}, column {column}", expected, got)


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


_OUTCOME_WORDS: dict[str, Outcome | None] = {
    "offer": Outcome.OFFER,
    "offered": Outcome.OFFER,
    "offer received": Outcome.OFFER,
    "offer accepted": Outcome.OFFER,
    "accepted": Outcome.OFFER,
    "hired": Outcome.OFFER,
    "rejected": Outcome.REJECTED,
    "rejection": Outcome.REJECTED,
    "declined": Outcome.REJECTED,
    "not selected": Outcome.REJECTED,
    "turned down": Outcome.REJECTED,
    "withdrew": Outcome.WITHDREW,
    "withdrawn": Outcome.WITHDREW,
    "withdraw": Outcome.WITHDREW,
    "no response": Outcome.NO_RESPONSE,
    "ghosted": Outcome.NO_RESPONSE,
    "no reply": Outcome.NO_RESPONSE,
    "no answer": Outcome.NO_RESPONSE,
    "heard nothing": Outcome.NO_RESPONSE,
}
# A status that says the application is still open: nothing to close.
_OUTCOME_WORDS |= dict.fromkeys(
    (
        "applied",
        "interview",
        "interviewed",
        "interviewing",
        "in progress",
        "pending",
        "open",
        "active",
        "waiting",
        "thanked",
        "followed up",
        "following up",
        "scheduled",
        "upcoming",
        "due",
        "overdue",
    )
)
_OUTCOME_FORMS = (
    "offer (or accepted, hired), rejected (or declined), withdrew (or withdrawn), "
    "no-response (or ghosted), or an open status such as applied or interviewing"
)
_VIA_WORDS = {
    "email": Channel.EMAIL,
    "e mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "phone": Channel.PHONE,
    "call": Channel.PHONE,
    "telephone": Channel.PHONE,
}
_MOMENT_FORM = (
    "a date with its year: YYYY-MM-DD, Nov 24 2026, 24 November 2026 or 11/24/2026, "
    "optionally with a time such as 14:30 or 2:30 PM"
)

# --- dates in a spreadsheet: ISO, written, or slashed in the file's day/month order -----------
# Written dates and times of day are read by tracker.dates; what is particular to spreadsheets
# (slashed dates in the file's order, Excel's 24-Nov-26, seconds) is read here.

_ISO_CELL = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH_CELL = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})")
_EXCEL_DAY = re.compile(r"(\d{1,2})-([a-z]{3,9})-(\d{4}|\d{2})\b")
_SECONDS = re.compile(r"(\d:\d{2}):\d{2}\b")
_UNSETTLED = "?"  # the file's day/month order is in doubt, and already reported


def _slashed(day_text: str) -> tuple[int, int, int] | None:
    """(first, second, year) of a slashed day such as 11/24/2026 or 24.11.26."""
    if match := _SLASH_CELL.fullmatch(day_text):
        first, second, year = (int(part) for part in match.groups())
        return first, second, year + 2000 if year < 100 else year
    return None


def _excel_day(match: re.Match[str]) -> str:
    day, month, year = match.groups()
    return f"{day} {month} {'20' + year if len(year) == 2 else year}"


def _cell_moment(text: str, order: str | None, column: str, line: int) -> tuple[datetime, bool]:
    """A spreadsheet date (and optional time); says whether a time was given."""
    if _MOMENT_RE.fullmatch(text):  # the common ISO form, read without taking it apart
        try:
            return _parse_moment(text, column, "a real date and time")
        except InputError:
            raise _cell_error(line, column, "a real date and time", text) from None
    cleaned = _SECONDS.sub(r"\1", _EXCEL_DAY.sub(_excel_day, text.casefold()))
    try:
        day_text, clock = split_clock(cleaned, column)
        day = _cell_day(day_text, order, column)
    except InputError as err:
        raise _cell_error(line, column, err.expected, text) from None
    if day is None:
        raise _cell_error(line, column, _MOMENT_FORM, text)
    return datetime.combine(day, clock or time()), clock is not None


def _cell_day(day_text: str, order: str | None, column: str) -> date | None:
    """The day of a date cell (its time taken off), or None when it is in no form we read."""
    parts: tuple[int, int, int] | None = None
    slash = None
    if match := _ISO_CELL.fullmatch(day_text):
        year, month, day = (int(part) for part in match.groups())
        parts = (year, month, day)
    elif slash := _slashed(day_text):
        first, second, year = slash
        if order == _UNSETTLED:
            return date(max(year, 1), 1, 1)  # the file's order is reported once, not per cell
        parts = (year, first, second) if order != "DMY" else (year, second, first)
    if parts is None:
        return written_date(day_text, column)
    try:
        return date(*parts)
    except ValueError:
        expected = "a real calendar date"
        if slash and order in ("MDY", "DMY"):
            expected += f" (read as {order}: {'month/day' if order == 'MDY' else 'day/month'}/year)"
        raise InputError(column, expected) from None


def _date_order(
    cells: Iterable[tuple[int, str, str]], given: str | None
) -> tuple[str | None, InputError | None]:
    """The file's day/month order for slash dates: as given, else what the file itself shows
    (a first number above 12 is a day, a second above 12 is too); an error when it cannot
    tell or the file mixes both."""
    if given is not None:
        return given, None
    dmy: tuple[int, str, str] | None = None
    mdy: tuple[int, str, str] | None = None
    unsure: tuple[int, str, str] | None = None
    for line, column, text in cells:
        if "/" not in text and "." not in text:
            continue
        slash = _slashed(text.split()[0]) if text.strip() else None
        if slash is None:
            continue
        first, second, _ = slash
        if first > 12 and dmy is None:
            dmy = (line, column, text)
        elif second > 12 and mdy is None:
            mdy = (line, column, text)
        elif first != second and unsure is None:
            unsure = (line, column, text)
    if dmy and mdy:
        line, column, text = mdy
        return None, _cell_error(
            line,
            column,
            f"one day/month order in the whole file (line {dmy[0]} has {dmy[2]!r}, day first; "
            "say which with --date-order MDY or DMY)",
            text,
        )
    if dmy or mdy:
        return ("DMY" if dmy else "MDY"), None
    if unsure:
        line, column, text = unsure
        return None, _cell_error(
            line,
            column,
            "a date whose day and month can be told apart: no slash date in the file has a day "
            "above 12, so say the order with --date-order MDY (11/24/2026) or DMY (24/11/2026)",
            text,
        )
    return None, None


# --- reading a spreadsheet ---------------------------------------------------------------------


def _delimiter(header: str) -> str:
    """Comma, semicolon (Excel in many European locales) or tab, as the header row uses."""
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _map_header(header: list[str], warnings: list[str] | None) -> dict[str, tuple[int, str]]:
    """Each column tracker reads: its position and its name as the file spells it."""
    columns: dict[str, tuple[int, str]] = {}
    unknown: list[str] = []
    keys = [_column_key(cell) for cell in header]
    has_outcome = any(_ALIAS_OF.get(key) == "outcome" for key in keys)
    for position, (key, raw) in enumerate(zip(keys, header, strict=True)):
        if not key:
            continue
        name = _ALIAS_OF.get(key)
        if name is None and key == "status" and not has_outcome:
            name = "outcome"  # a sheet's own Status column; in our export it is derived
        if name is None:
            if key not in _DERIVED_KEYS:
                unknown.append(raw.strip())
            continue
        if name in columns:
            raise InputError(
                f"line 1, column {position + 1}",
                f"each column named only once ({columns[name][1]!r} is {name} too)",
                raw.strip(),
            )
        columns[name] = (position, raw.strip())
    missing = [name for name in CSV_REQUIRED if name not in columns]
    if missing:
        found = ", ".join(repr(cell.strip()) for cell in header if cell.strip()) or "none"
        raise InputError(
            "line 1",
            "a header row with columns for "
            + ", ".join(
                f"{name} (such as {' or '.join(repr(a.title()) for a in CSV_ALIASES[name][:3])})"
                for name in CSV_REQUIRED
            )
            + f"; found {found}",
            "missing " + ", ".join(missing),
        )
    if unknown and warnings is not None:
        warnings.append(
            "line 1: ignoring unknown column"
            + ("s " if len(unknown) > 1 else " ")
            + ", ".join(unknown)
            + " (known: "
            + ", ".join(CSV_COLUMNS)
            + ")"
        )
    return columns


_Row = tuple[int, dict[str, str]]


def _read_rows(
    lines: Iterable[str], warnings: list[str] | None, limit: int
) -> tuple[dict[str, tuple[int, str]], list[_Row], list[InputError]]:
    """The header's columns, then every non-blank row's cells by column, with its first line.

    Streams: at most `limit` rows are held, and a row past it ends the reading at once.
    """
    source = iter(lines)
    problems: list[InputError] = []
    try:
        first = next(source, "").removeprefix("\ufeff")
        reader = csv.reader(
            itertools.chain([first], source), delimiter=_delimiter(first), strict=True
        )
        header = next(reader, None)
    except UnicodeDecodeError:
        raise InputError("line 1", "UTF-8 text (save the sheet as CSV UTF-8)") from None
    except csv.Error as err:
        raise InputError("line 1", "a CSV header row", str(err)) from None
    if header is None or not any(cell.strip() for cell in header):
        raise InputError("line 1", "a header row naming the columns " + ", ".join(CSV_REQUIRED))
    columns = _map_header(header, warnings)
    width = len(header)
    rows: list[_Row] = []
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            row = next(reader, None)
        except UnicodeDecodeError:
            raise InputError(f"line {start}", "UTF-8 text (save the sheet as CSV UTF-8)") from None
        except csv.Error as err:
            if "end of data" in str(err):
                raise InputError(
                    f"line {start}",
                    "a closing quote for the quoted cell that starts on this line "
                    "(the file ends inside it)",
                ) from None
            problems.append(InputError(f"line {start}", "a well-formed CSV row", str(err)))
            last_line = reader.line_num
            continue
        if row is None:
            break
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(rows) >= limit:
            raise InputError(
                f"line {start}",
                f"at most {limit} applications in one import (split the file)",
            )
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            problems.append(
                InputError(
                    f"line {start}",
                    f"at most {width} cells, one per header column",
                    f"{len(row)} cells",
                )
            )
            continue
        cells = {
            name: _unneutralise(row[pos].strip()) if pos < len(row) else ""
            for name, (pos, _) in columns.items()
        }
        if clock := cells.pop("interview_time", ""):
            cells["interviewed"] = f"{cells['interviewed']} {clock}".strip()
        rows.append((start, cells))
    return columns, rows, problems


def import_csv(
    source: str | Iterable[str],
    warnings: list[str] | None = None,
    *,
    date_order: str | None = None,
    limit: int = IMPORT_LIMIT,
) -> list[Item]:
    """Reads a spreadsheet: a header row, then one application per row.

    `source` is the whole text or its lines (an open file streams). Column names are matched
    loosely and through CSV_ALIASES ("Company Name", "Interview Date"); comma, semicolon and
    tab separators are recognised. Unknown columns are ignored and reported through
    `warnings`; blank rows are skipped. Every bad cell of every row is collected, and
    ImportProblems (an InputError: "line N, column X: expected ...") lists them: nothing is
    returned unless every row is good.

    Dates are ISO, written (Nov 24, 2026) or slashed in `date_order` ("MDY" or "DMY"; by default
    the file's own, when it shows one). A date without a time means the start of that day for
    `interviewed`, and for `thanked` the later of the start of that day and the interview. An
    `outcome` (or a sheet's Status) closes the card at the latest moment the row names.
    """
    if isinstance(source, str):
        source = io.StringIO(source, newline="")
    columns, rows, problems = _read_rows(source, warnings, limit)
    labels = {name: label for name, (_, label) in columns.items()}
    order, order_error = _date_order(
        (
            (line, labels[name], cells[name])
            for line, cells in rows
            for name in _DATE_COLUMNS
            if cells.get(name)
        ),
        date_order,
    )
    if order_error is not None:
        problems.append(order_error)
        order = _UNSETTLED
    items: list[Item] = []
    for line, cells in rows:
        item = _csv_item(cells, line, labels, order, problems)
        if item is not None:
            items.append(item)
    if problems:
        problems.sort(key=_problem_line)  # stable: a row's cells keep their order
        raise ImportProblems(problems[:MAX_PROBLEMS], len(problems))
    return items


def _problem_line(problem: InputError) -> int:
    return int(problem.field.split(",")[0].removeprefix("line "))


# The model's field names, as the CSV columns they come from.
_COLUMN_OF_FIELD = {
    "decision": "decision_by",
    "decision-by": "decision_by",
    "reply-within": "reply_within",
    "at": "interviewed",
    "created": "interviewed",
}


def _csv_item(
    cells: dict[str, str],
    line: int,
    labels: dict[str, str],
    order: str | None,
    problems: list[InputError],
) -> Item | None:
    """One row as an application with its events, or None with its problems added to
    `problems`."""
    known = len(problems)  # the problems of the rows before this one

    def bad(name: str, expected: str, got: object | None = None) -> None:
        problems.append(_cell_error(line, labels.get(name, name), expected, got))

    def moment(name: str) -> tuple[datetime, bool] | None:
        try:
            return _cell_moment(cells[name], order, labels[name], line)
        except InputError as err:
            problems.append(err)
            return None

    for name in CSV_REQUIRED:
        if not cells[name]:
            bad(name, "a value (the column is required)")
    interviewed = moment("interviewed") if cells["interviewed"] else None
    via_text = _words(cells.get("via", ""))
    via = _VIA_WORDS.get(via_text) if via_text else Channel.EMAIL
    if via is None:
        bad("via", "email or phone", cells["via"])
    decision_by = None
    if cells.get("decision_by"):
        found = moment("decision_by")
        decision_by = found[0].date() if found else None
    reply_within = None
    if raw := cells.get("reply_within"):
        if raw.isascii() and raw.isdigit() and len(raw) < 6:
            reply_within = int(raw)
        else:
            bad("reply_within", "a whole number of days from 0 to 365", raw)
    thanked = moment("thanked") if cells.get("thanked") else None
    outcome = None
    if raw := cells.get("outcome"):
        word = _words(raw)
        if word not in _OUTCOME_WORDS:
            bad("outcome", _OUTCOME_FORMS, raw)
        outcome = _OUTCOME_WORDS.get(word)
    if len(problems) > known or interviewed is None or via is None:
        return None
    start = interviewed[0]
    app = Application(
        company=cells["company"],
        role=cells["role"],
        contact=cells.get("contact", ""),
        email=cells.get("email", ""),
        phone=cells.get("phone", ""),
        via=via,
        notes=cells.get("notes", ""),
        created=start,
    )
    events = [
        Event(
            EventKind.INTERVIEW,
            start,
            channel=via,
            decision_by=decision_by,
            reply_within=reply_within,
        )
    ]
    latest = start
    if thanked is not None:
        at, has_time = thanked
        if not has_time and at.date() >= start.date():
            at = max(at, start)
        if at < start:
            bad("thanked", f"a date on or after the interview ({start:%Y-%m-%d})", cells["thanked"])
            return None
        events.append(Event(EventKind.THANKED, at, channel=Channel.EMAIL))
        latest = at
    if outcome is not None:
        events.append(Event(EventKind.CLOSED, latest, outcome=outcome))
    # Each event's own moment came from its own column.
    at_columns = ("interviewed", "thanked" if thanked is not None else "outcome", "outcome")
    try:
        app = app.validated()
        checked = []
        for event, at_column in zip(events, at_columns, strict=False):
            try:
                checked.append(event.validated())
            except InputError as err:
                if err.field == "at":
                    raise InputError(at_column, err.expected, err.got) from None
                raise
        events = checked
    except InputError as err:
        name = _COLUMN_OF_FIELD.get(err.field, err.field)
        if err.field == "decision-by" and decision_by is not None and decision_by < start.date():
            bad(name, f"a date on or after the interview ({start:%Y-%m-%d})", err.got)
        elif err.field == "decision":
            bad(name, "either decision_by or reply_within, not both")
        else:
            bad(name, err.expected, cells.get(name) or err.got)
        return None
    return app, events


__all__ = [
    "CSV_ALIASES",
    "CSV_COLUMNS",
    "CSV_DERIVED",
    "CSV_OPTIONAL",
    "CSV_REQUIRED",
    "IMPORT_LIMIT",
    "JSON_FORMAT",
    "JSON_SIZE_LIMIT",
    "JSON_VERSION",
    "MAX_PROBLEMS",
    "ImportProblems",
    "application_record",
    "event_record",
    "export_csv",
    "export_json",
    "import_csv",
    "import_json",
    "neutralise",
]
