"""Export and import: JSON (lossless) and CSV (a spreadsheet's view); iCalendar is in
`tracker.calendar`.

Pure functions of the data they are handed: no storage, no clock, no click, no textual.

- JSON is the tracker's own format: a `format`/`version` header and every field of every
  application and event, ids included, so `export` then `import` into an empty database gives the
  same database back.
- CSV is one row per application with the columns a spreadsheet user would keep (company, role,
  interviewed, contact, email, phone, via, decision_by, reply_within, thanked, outcome, notes),
  plus the derived columns of the export (id, stage, action, ...), which the importer knows and
  ignores. Follow-ups and replies are not in it: JSON is the format that keeps everything.

Every reader validates everything before returning, and raises `InputError` whose field says
where the problem is: `applications[3].events[0].at` for JSON, `line 4, column interviewed` for
CSV. Nothing is half-read: the caller writes the returned items in one transaction or not at all.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from tracker.model import (
    Advice,
    Application,
    Channel,
    Event,
    EventKind,
    InputError,
    Outcome,
)

Item = tuple[Application, list[Event]]

JSON_FORMAT = "tracker-export"
JSON_VERSION = 1

# --- JSON -------------------------------------------------------------------------------------

_APP_KEYS = ("id", "company", "role", "contact", "email", "phone", "via", "notes", "created")
_EVENT_KEYS = ("id", "kind", "at", "channel", "decision_by", "reply_within", "outcome", "note")


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
        "events": [event_record(event) for event in events],
    }


def export_json(items: Iterable[Item], *, now: datetime | None = None) -> str:
    """Every application and event, every field, ids included; events in logging order."""
    document: dict = {"format": JSON_FORMAT, "version": JSON_VERSION}
    if now is not None:
        document["exported"] = _moment_text(now)
    document["applications"] = [application_record(app, events) for app, events in items]
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

    def choice(self, key: str, enum: type, *, required: bool = False):
        value = self.obj.get(key)
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


def import_json(text: str) -> list[Item]:
    """Reads an `export_json` document back; raises InputError naming the path of any problem."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"line {err.lineno}, column {err.colno}", "valid JSON", err.msg) from None
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

    items: list[Item] = []
    seen_apps: set[int] = set()
    seen_events: set[int] = set()
    for index, entry in enumerate(applications):
        path = f"applications[{index}]"
        reader = _Reader(entry, path, (*_APP_KEYS, "events"))
        app_id = _read_id(reader, seen_apps)
        fields = {
            "company": reader.text("company", required=True),
            "role": reader.text("role", required=True),
            "contact": reader.text("contact"),
            "email": reader.text("email"),
            "phone": reader.text("phone"),
            "via": reader.choice("via", Channel) or Channel.EMAIL,
            "notes": reader.text("notes"),
        }
        created = reader.moment("created", required=False)
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
            )
            if position == 0 and event.kind is not EventKind.INTERVIEW:
                raise InputError(
                    er.where("kind"), "interview (every application starts with one)", event.kind
                )
            events.append(_validated(event, event_path))
        app = Application(**fields, created=created or events[0].at, id=app_id)
        items.append((_validated(app, path), events))
    return items


def _read_id(reader: _Reader, seen: set[int]) -> int | None:
    value = reader.optional_int("id")
    if value is None:
        return None
    if value < 1:
        raise InputError(reader.where("id"), "a positive whole number or null", value)
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
        if not events:
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
    return "_".join(header.strip().lower().replace("-", " ").replace("_", " ").split())


def _cell_error(line: int, column: str, expected: str, got: object | None = None) -> InputError:
    return InputError(f"line {line}, column {column}", expected, got)


_OUTCOME_WORDS = {o.value: o for o in Outcome} | {
    "no_response": Outcome.NO_RESPONSE,
    "no response": Outcome.NO_RESPONSE,
}
_VIA_WORDS = {"email": Channel.EMAIL, "e-mail": Channel.EMAIL, "phone": Channel.PHONE}
_MOMENT_FORM = "a date YYYY-MM-DD or a date and time YYYY-MM-DD HH:MM"


def import_csv(text: str, warnings: list[str] | None = None) -> list[Item]:
    """Reads a spreadsheet export: a header row, then one application per row.

    Column names are matched loosely ("Decision by", "decision-by" and "decision_by" are one).
    Unknown columns are ignored and reported through `warnings`; blank rows are skipped. Any bad
    cell raises InputError("line N, column X: expected ...") and nothing is returned.
    A date without a time means the start of that day for `interviewed`, and for `thanked` the
    later of the start of that day and the interview. An `outcome` closes the card at the latest
    moment the row names (a CSV row has no closing date).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as err:
        raise InputError("line 1", "a CSV header row", str(err)) from None
    if header is None or not any(cell.strip() for cell in header):
        raise InputError("line 1", "a header row naming the columns " + ", ".join(CSV_REQUIRED))
    keys = [_column_key(cell) for cell in header]
    index: dict[str, int] = {}
    unknown: list[str] = []
    for position, (key, raw) in enumerate(zip(keys, header, strict=True)):
        if not key:
            continue
        if key in index:
            raise InputError(
                f"line 1, column {position + 1}", "each column named only once", raw.strip()
            )
        index[key] = position
        if key not in CSV_COLUMNS and key not in CSV_DERIVED:
            unknown.append(raw.strip())
    missing = [name for name in CSV_REQUIRED if name not in index]
    if missing:
        raise InputError(
            "line 1",
            "a header row with the columns " + ", ".join(CSV_REQUIRED),
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
    columns = [(name, index[name]) for name in CSV_COLUMNS if name in index]
    width = len(header)

    items: list[Item] = []
    last_line = 1
    while True:
        start = last_line + 1
        try:
            row = next(reader, None)
        except csv.Error as err:
            raise InputError(f"line {start}", "a well-formed CSV row", str(err)) from None
        if row is None:
            break
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise InputError(
                f"line {start}",
                f"at most {width} cells, one per header column",
                f"{len(row)} cells",
            )
        cells = {
            name: _unneutralise(row[pos].strip()) if pos < len(row) else "" for name, pos in columns
        }
        items.append(_csv_item(cells, start))
    return items


def _csv_item(cells: dict[str, str], line: int) -> Item:
    for name in CSV_REQUIRED:
        if not cells[name]:
            raise _cell_error(line, name, "a value (the column is required)")
    interviewed, _ = _csv_moment_cell(cells, "interviewed", line)
    via_text = cells.get("via", "").lower()
    via = _VIA_WORDS.get(via_text) if via_text else Channel.EMAIL
    if via is None:
        raise _cell_error(line, "via", "email or phone", cells["via"])
    decision_by = None
    if cells.get("decision_by"):
        decision_by = _parse_day_cell(cells["decision_by"], line, "decision_by")
    reply_within = None
    if cells.get("reply_within"):
        raw = cells["reply_within"]
        if not (raw.isascii() and raw.isdigit()) or int(raw) > 365:
            raise _cell_error(line, "reply_within", "a whole number of days from 0 to 365", raw)
        reply_within = int(raw)
    app = Application(
        company=cells["company"],
        role=cells["role"],
        contact=cells.get("contact", ""),
        email=cells.get("email", ""),
        phone=cells.get("phone", ""),
        via=via,
        notes=cells.get("notes", ""),
        created=interviewed,
    )
    try:
        app = app.validated()
        events = [
            Event(
                EventKind.INTERVIEW,
                interviewed,
                channel=via,
                decision_by=decision_by,
                reply_within=reply_within,
            ).validated()
        ]
    except InputError as err:
        column = {
            "decision": "decision_by",
            "decision-by": "decision_by",
            "reply-within": "reply_within",
        }.get(err.field, err.field)
        if err.field == "decision-by":
            expected = f"a date on or after the interview ({interviewed:%Y-%m-%d})"
            raise _cell_error(line, column, expected, err.got) from None
        if err.field == "decision":
            raise _cell_error(
                line, "decision_by", "either decision_by or reply_within, not both"
            ) from None
        raise _cell_error(line, column, err.expected, err.got) from None
    latest = interviewed
    if cells.get("thanked"):
        thanked, has_time = _csv_moment_cell(cells, "thanked", line)
        if not has_time and thanked.date() >= interviewed.date():
            thanked = max(thanked, interviewed)
        if thanked < interviewed:
            raise _cell_error(
                line,
                "thanked",
                f"a date on or after the interview ({interviewed:%Y-%m-%d})",
                cells["thanked"],
            )
        events.append(Event(EventKind.THANKED, thanked, channel=Channel.EMAIL))
        latest = thanked
    if cells.get("outcome"):
        word = " ".join(cells["outcome"].lower().split())
        outcome = _OUTCOME_WORDS.get(word)
        if outcome is None:
            raise _cell_error(
                line, "outcome", "one of " + ", ".join(o.value for o in Outcome), cells["outcome"]
            )
        events.append(Event(EventKind.CLOSED, latest, outcome=outcome))
    return app, events


def _csv_moment_cell(cells: dict[str, str], name: str, line: int) -> tuple[datetime, bool]:
    try:
        return _parse_moment(cells[name], name, _MOMENT_FORM)
    except InputError as err:
        raise _cell_error(line, name, err.expected, err.got) from None


def _parse_day_cell(text: str, line: int, name: str) -> date:
    try:
        return _parse_day(text, name)
    except InputError as err:
        raise _cell_error(line, name, err.expected, err.got) from None


__all__ = [
    "CSV_COLUMNS",
    "CSV_DERIVED",
    "CSV_OPTIONAL",
    "CSV_REQUIRED",
    "JSON_FORMAT",
    "JSON_VERSION",
    "application_record",
    "event_record",
    "export_csv",
    "export_json",
    "import_csv",
    "import_json",
    "neutralise",
]
