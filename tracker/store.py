"""Storage: applications and their append-only event log in one SQLite file.

Only what the user logged is kept; stages, statuses and due dates are derived by `tracker.rules`
at read time, so there is nothing here that could go stale. The file is guarded on open: a file
that is not ours, or that a newer tracker wrote, is refused without being touched, and schema
upgrades copy the file aside first and run in one transaction.

Nothing here reads the clock or imports the UI.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import functools
import gc
import json
import os
import shutil
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from tracker.files import fsync_dir, is_same_file, private_temp, refuse_database, target_of
from tracker.model import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    Application,
    Channel,
    Debrief,
    Event,
    EventKind,
    InputError,
    NotFound,
    Outcome,
    Person,
    UserError,
    slot_setters,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

SCHEMA_VERSION = 3
APPLICATION_ID = 0x54524B52  # "TRKR": marks the file as ours in the SQLite header

BUSY_TIMEOUT_MS = 5000
_STEP = 0.1  # SQLite's busy wait per attempt for a writer that waits patiently
# Extra attempts, after SQLite's own busy timeout, when another process holds the write lock.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4)

_MAGIC = b"SQLite format 3\x00"
_T = TypeVar("_T")


class StoreError(UserError):
    """A problem with the database file itself; the message is one line a person understands."""


# --- schema --------------------------------------------------------------------------------

# Version 1, as the first tracker wrote it: no reply window, no index, no application_id.
_V1_SCHEMA = """
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    company TEXT NOT NULL,
    role TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    via TEXT NOT NULL DEFAULT 'email',
    notes TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    channel TEXT,
    decision_by TEXT,
    outcome TEXT,
    note TEXT NOT NULL DEFAULT ''
);
"""

V1_COLUMNS = {
    "applications": {
        "id",
        "company",
        "role",
        "contact",
        "email",
        "phone",
        "via",
        "notes",
        "created",
    },
    "events": {"id", "app_id", "kind", "at", "channel", "decision_by", "outcome", "note"},
}


def _v1_to_v2(db: Database) -> None:
    """v2: events gain the employer's reply window, and the per-application index."""
    db.execute("ALTER TABLE events ADD COLUMN reply_within INTEGER")
    db.execute("CREATE INDEX events_app_id ON events(app_id, id)")


_V3_SCHEMA = """
ALTER TABLE applications ADD COLUMN archived TEXT;
ALTER TABLE events ADD COLUMN people TEXT;
ALTER TABLE events ADD COLUMN person TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN voicemail INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN expedite INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN debrief TEXT;
CREATE TABLE announcements (
    app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    due TEXT NOT NULL,
    announced_at TEXT NOT NULL,
    PRIMARY KEY (app_id, action, due)
);
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, app_id INTEGER NOT NULL);
CREATE TRIGGER applications_added AFTER INSERT ON applications
    BEGIN INSERT INTO changes (app_id) VALUES (new.id); END;
CREATE TRIGGER applications_changed AFTER UPDATE ON applications
    BEGIN INSERT INTO changes (app_id) VALUES (new.id); END;
CREATE TRIGGER applications_deleted AFTER DELETE ON applications
    BEGIN INSERT INTO changes (app_id) VALUES (old.id); END;
CREATE TRIGGER events_added AFTER INSERT ON events
    BEGIN INSERT INTO changes (app_id) VALUES (new.app_id); END;
CREATE TRIGGER events_changed AFTER UPDATE ON events
    BEGIN INSERT INTO changes (app_id) VALUES (new.app_id); END;
CREATE TRIGGER events_deleted AFTER DELETE ON events
    BEGIN INSERT INTO changes (app_id) VALUES (old.app_id); END
"""


def _v2_to_v3(db: Database) -> None:
    """v3: archiving, the people met in a round, debriefs, voicemails and expedite notes, the
    reminders already announced, and a journal of which applications changed (kept by
    triggers, so every writer feeds it) that lets an open board reload only those."""
    for statement in _V3_SCHEMA.split(";\n"):
        if statement.strip():
            db.execute(statement)


# Version n -> n + 1. Each runs inside the single upgrade transaction; never edit a released one.
MIGRATIONS: dict[int, Callable[[Database], None]] = {1: _v1_to_v2, 2: _v2_to_v3}

_APP_COLUMNS = "id, company, role, contact, email, phone, via, notes, created, archived"
_EVENT_COLUMNS = (
    "id, app_id, kind, at, channel, decision_by, reply_within, outcome, note, "
    "people, person, voicemail, expedite, debrief"
)
_INSERT_APP = (
    "INSERT INTO applications (id, company, role, contact, email, phone, via, notes, created, "
    "archived) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_EVENT = f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES ({', '.join('?' * 14)})"

# The journal only needs to reach back as far as a board that polls every second could lag.
JOURNAL_KEEP = 20_000
_PRUNE_JOURNAL = f"DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - {JOURNAL_KEEP}"

_KINDS = {k.value: k for k in EventKind}
_CHANNELS: dict[str | None, Channel | None] = {c.value: c for c in Channel}
_CHANNELS[None] = None
_OUTCOMES: dict[str | None, Outcome | None] = {o.value: o for o in Outcome}
_OUTCOMES[None] = None


# --- the store -----------------------------------------------------------------------------


class Store:
    """One open tracker database. Safe to share between threads (calls are serialised)."""

    path: Path

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        """Use `Store.open`; this only wraps an already validated connection."""
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()
        self._writes = 0
        self._closed = False
        self._patience: float | None = None  # seconds a write waits for the lock, if set
        self._stopped = False

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Opens (creating if missing) a tracker file, refusing anything that is not ours."""
        path = _target(Path(path))
        _ensure_parent(path)
        version = _inspect(path)
        if version is None:
            _create(path)
        conn, writable = _connect(path)
        try:
            store = cls(path, conn)
            store._upgrade()
            if writable:
                _retrying(lambda: conn.execute("PRAGMA journal_mode=WAL"))
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as e:
            conn.close()
            raise _file_error(path, e) from e
        return store

    def another(self) -> Store:
        """A second connection to this already checked file, for a writer thread of its own.

        It must not go through `open`: reading the file's header with a plain open() and
        close() would drop every POSIX lock this process holds on it (the locks belong to the
        process, not the descriptor), and another process closing the database would then
        delete the -wal and -shm that this one is still using.
        """
        with self._lock:
            self._check_open()
            conn, _ = _connect(self.path)
        return type(self)(self.path, conn)

    def _upgrade(self) -> None:
        """Brings an older file up to SCHEMA_VERSION: backup beside it, then one transaction."""
        version, app_id = self._header()
        if version == SCHEMA_VERSION and app_id == APPLICATION_ID:
            return
        if app_id == 0:
            version = max(version, 1)  # _inspect saw v1's exact tables; v1 may not have set it
        if version > SCHEMA_VERSION:
            raise _newer(self.path, version)
        conn = self._conn
        for delay in (*RETRY_DELAYS, None):
            wal = _journal_mode(conn) == "wal"
            if wal:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            _retrying(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                version, app_id = self._header()
                if version == SCHEMA_VERSION and app_id == APPLICATION_ID:
                    conn.execute("COMMIT")  # another process upgraded it meanwhile
                    return
                if app_id == 0:
                    version = max(version, 1)
                if version > SCHEMA_VERSION:
                    raise _newer(self.path, version)
                if wal and _size(_side(self.path, "-wal")) > 0:
                    # A write slipped in after the checkpoint (or a reader kept it from finishing)
                    # so the main file alone is not the whole database yet: try again.
                    conn.execute("ROLLBACK")
                    if delay is not None:
                        time.sleep(delay)
                    continue
                backup = _backup(self.path, version)
                try:
                    db = _database(conn)
                    for step in range(version, SCHEMA_VERSION):
                        MIGRATIONS[step](db)
                        conn.execute(f"PRAGMA user_version = {step + 1}")
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.execute("COMMIT")
                except BaseException as e:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    backup.unlink(missing_ok=True)  # the original is unchanged, the copy is moot
                    if not isinstance(e, Exception):
                        raise
                    raise StoreError(
                        f"could not upgrade {self.path} from version {version} to "
                        f"{SCHEMA_VERSION} ({_one_line(e)}); the file was left unchanged"
                    ) from e
                return
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        raise StoreError(f"{self.path} kept changing during the upgrade; close other trackers")

    def _header(self) -> tuple[int, int]:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
        return version, app_id

    def close(self) -> None:
        """Closes the connection; the last one to close folds the WAL back into the file."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait_for_lock(self, seconds: float) -> None:
        """For a writer off the UI thread: keep retrying a locked write for up to `seconds`,
        in short steps, so `stop` is heard at once instead of after SQLite's long busy wait."""
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {int(_STEP * 1000)}")
            self._patience = seconds

    def stop(self) -> None:
        """Makes a write still waiting for the lock give up (the app is closing)."""
        self._stopped = True

    def _retry_delays(self) -> Iterator[float | None]:
        if self._patience is None:
            yield from RETRY_DELAYS
            yield None
            return
        deadline = time.monotonic() + self._patience
        while time.monotonic() < deadline:
            if self._stopped:
                raise StoreError(f"{self.path} was still locked by another program; not saved")
            yield 0.0  # SQLite's own short busy wait is the pause
        yield None

    # -- plumbing ---------------------------------------------------------------------------

    def _write(self, work: Callable[[], _T]) -> _T:
        """Runs `work` in one IMMEDIATE transaction, retrying when another process holds the lock.

        IMMEDIATE (rather than sqlite-utils' deferred `atomic()`) takes the write lock before the
        first read, so a read-then-write never fails half way on a stale snapshot.
        """
        return self._lenient(lambda: self._write_attempts(work))

    def _read(self, work: Callable[[], _T]) -> _T:
        """Runs `work` on one consistent snapshot (several SELECTs see the same commit)."""
        return self._lenient(lambda: self._read_attempts(work))

    def _lenient(self, attempt: Callable[[], _T]) -> _T:
        """Runs `attempt`; when a stored text is not UTF-8 (another program wrote bytes), runs
        it once more reading such text with replacement characters, marked so that its card
        shows as unreadable instead of every read failing."""
        with self._lock:
            try:
                return attempt()
            except StoreError as e:
                if not _undecodable(e.__cause__) or self._conn.text_factory is not str:
                    raise
            self._conn.text_factory = _mangled_text
            try:
                return attempt()
            finally:
                self._conn.text_factory = str

    def _write_attempts(self, work: Callable[[], _T]) -> _T:
        with self._lock:
            self._check_open()
            for delay in self._retry_delays():
                try:
                    self._conn.execute("BEGIN IMMEDIATE")
                    try:
                        result = work()
                        self._conn.execute(_PRUNE_JOURNAL)
                        self._conn.execute("COMMIT")
                    except BaseException:
                        if self._conn.in_transaction:
                            self._conn.execute("ROLLBACK")
                        raise
                except sqlite3.Error as e:
                    if delay is not None and _is_busy(e):
                        time.sleep(delay)
                        continue
                    raise _file_error(self.path, e) from e
                self._writes += 1
                return result
        raise AssertionError("unreachable")

    def _read_attempts(self, work: Callable[[], _T]) -> _T:
        with self._lock:
            self._check_open()
            for delay in (*RETRY_DELAYS, None):
                try:
                    self._conn.execute("BEGIN")
                    try:
                        return work()
                    finally:
                        if self._conn.in_transaction:
                            self._conn.execute("COMMIT")
                except sqlite3.Error as e:
                    if delay is not None and _is_busy(e):
                        time.sleep(delay)
                        continue
                    raise _file_error(self.path, e) from e
        raise AssertionError("unreachable")

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.path} is closed")

    def _require(self, app_id: int) -> None:
        row = self._conn.execute("SELECT 1 FROM applications WHERE id = ?", [app_id]).fetchone()
        if row is None:
            raise NotFound(f"no application with id {app_id}")

    # -- applications -----------------------------------------------------------------------

    def add_application(self, app: Application, events: Sequence[Event]) -> int:
        """Stores a new application with its first interview round (and anything else logged)."""
        app_row = _app_params(app)
        event_rows = _event_rows(events)

        def work() -> int:
            app_id = _rowid(self._conn.execute(_INSERT_APP, [None, *app_row]))
            self._conn.executemany(_INSERT_EVENT, [(None, app_id, *row) for row in event_rows])
            return app_id

        return self._write(work)

    def get_application(self, app_id: int) -> Application:
        """One application by id, for the detail view and the CLI."""
        app_id = _id(app_id, "id")

        def work() -> Application:
            row = self._conn.execute(
                f"SELECT {_APP_COLUMNS} FROM applications WHERE id = ?", [app_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"no application with id {app_id}")
            app = self._apps(lambda: [row])[0]
            if app.problem:
                return app
            bad: dict[int | None, str] = {}
            self._events(
                lambda: self._conn.execute(
                    f"SELECT {_EVENT_COLUMNS} FROM events WHERE app_id = ? ORDER BY id", [app_id]
                ),
                bad,
            )
            return _flagged(app, bad)

        return self._read(work)

    def applications(self) -> list[Application]:
        """Every application, oldest id first, without events (for pickers and listings)."""
        query = f"SELECT {_APP_COLUMNS} FROM applications ORDER BY id"
        return self._read(lambda: self._apps(lambda: self._conn.execute(query)))

    def count(self) -> int:
        """How many applications there are (cheap; for empty-state screens)."""
        return self._read(
            lambda: self._conn.execute("SELECT count(*) FROM applications").fetchone()[0]
        )

    # -- events -----------------------------------------------------------------------------

    def events(self, app_id: int) -> list[Event]:
        """An application's events in the order they were logged, as `rules.advise` needs them.

        Events tracker cannot read are left out; `get_application` marks their card unreadable.
        """
        app_id = _id(app_id, "id")

        def work() -> list[Event]:
            self._require(app_id)
            return self._events(
                lambda: self._conn.execute(
                    f"SELECT {_EVENT_COLUMNS} FROM events WHERE app_id = ? ORDER BY id", [app_id]
                )
            )

        return self._read(work)

    def log(self, app_id: int, event: Event) -> int:
        """Appends one event; returns its id (which also fixes its place in logging order)."""
        app_id = _id(app_id, "id")
        row = _event_params(event)

        def work() -> int:
            self._require(app_id)
            return _rowid(self._conn.execute(_INSERT_EVENT, [None, app_id, *row]))

        return self._write(work)

    def change(self, app_id: int, decide: Callable[[CardWrite], _T]) -> _T:
        """Runs `decide` on the card as it is inside one IMMEDIATE transaction.

        Whatever a write assumed (the newest event, the value a field had, "no thank-you yet")
        is checked by `decide` against this fresh copy, not against what a window showed
        earlier; raising leaves the file unchanged.
        """
        app_id = _id(app_id, "id")

        def work() -> _T:
            row = self._conn.execute(
                f"SELECT {_APP_COLUMNS} FROM applications WHERE id = ?", [app_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"no application with id {app_id}")
            bad: dict[int | None, str] = {}
            events = self._events(
                lambda: self._conn.execute(
                    f"SELECT {_EVENT_COLUMNS} FROM events WHERE app_id = ? ORDER BY id", [app_id]
                ),
                bad,
            )
            app = _flagged(self._apps(lambda: [row])[0], bad)
            return decide(CardWrite(self._conn, app, events))

        return self._write(work)

    def load_one(self, app_id: int) -> tuple[Application, list[Event]]:
        """One application and its events, read in one snapshot."""
        found, _ = self.load_some([app_id])
        if not found:
            raise NotFound(f"no application with id {app_id}")
        return found[0]

    def app_of_event(self, event_id: int) -> int:
        """The application an event belongs to (an event never moves between applications)."""
        event_id = _id(event_id, "event id")

        def work() -> int:
            row = self._conn.execute(
                "SELECT app_id FROM events WHERE id = ?", [event_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"no event with id {event_id} (see tracker show ID --json)")
            return int(row[0])

        return self._read(work)

    def changes_since(self, seq: int) -> tuple[int, set[int]] | None:
        """(newest journal position, the applications written since `seq`), or None when the
        journal no longer reaches back that far and everything must be re-read."""

        def work() -> tuple[int, set[int]] | None:
            low, high = self._conn.execute("SELECT min(seq), max(seq) FROM changes").fetchone()
            if high is None or high <= seq:
                return seq, set()
            if low > seq + 1:
                return None
            rows = self._conn.execute("SELECT DISTINCT app_id FROM changes WHERE seq > ?", [seq])
            return high, {app_id for (app_id,) in rows}

        return self._read(work)

    def journal_position(self) -> int:
        """Where the change journal stands; read together with `load_all` by the board."""
        return self._read(
            lambda: self._conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        )

    def load_some(
        self, app_ids: Iterable[int]
    ) -> tuple[list[tuple[Application, list[Event]]], set[int]]:
        """The given applications with their events, and which of them no longer exist."""
        wanted = sorted({_id(i, "id") for i in app_ids})

        def work() -> tuple[list[tuple[Application, list[Event]]], set[int]]:
            found: list[tuple[Application, list[Event]]] = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                app_rows = self._conn.execute(
                    f"SELECT {_APP_COLUMNS} FROM applications WHERE id IN ({marks})", chunk
                ).fetchall()
                event_rows = self._conn.execute(
                    f"SELECT {_EVENT_COLUMNS} FROM events WHERE app_id IN ({marks}) ORDER BY id",
                    chunk,
                ).fetchall()
                apps = self._apps(functools.partial(iter, app_rows))
                by_app: dict[int | None, list[Event]] = {app.id: [] for app in apps}
                bad: dict[int | None, str] = {}
                for event in self._events(functools.partial(iter, event_rows), bad):
                    by_app[event.app_id].append(event)
                found.extend((_flagged(app, bad), by_app[app.id]) for app in apps)
            return found, set(wanted) - {app.id for app, _ in found if app.id is not None}

        return self._read(work)

    # -- bulk -------------------------------------------------------------------------------

    def load_all(self) -> list[tuple[Application, list[Event]]]:
        """Every application with its events in logging order: two SELECTs, for the board.

        Events are read in id order (a plain table scan) and bucketed per application, which
        keeps each application's events in logging order without a per-application query.
        """

        def work() -> list[tuple[Application, list[Event]]]:
            with collector_paused():  # ~120k new tuples and records, none cyclic
                apps = self._apps(
                    lambda: self._conn.execute(
                        f"SELECT {_APP_COLUMNS} FROM applications ORDER BY id"
                    )
                )
                by_app: dict[int | None, list[Event]] = {app.id: [] for app in apps}
                bad: dict[int | None, str] = {}
                events = self._events(
                    lambda: self._conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY id"),
                    bad,
                )
                for event in events:
                    bucket = by_app.get(event.app_id)
                    if bucket is not None:  # orphans only if another tool wrote without FKs
                        bucket.append(event)
                if bad:
                    apps = [_flagged(app, bad) for app in apps]
                return [(app, by_app[app.id]) for app in apps]

        return self._read(work)

    def import_all(
        self,
        items: Sequence[tuple[Application, Sequence[Event]]],
        *,
        keep_ids: bool = False,
    ) -> list[int]:
        """Adds many applications at once, all or nothing; everything is checked before writing.

        With `keep_ids` the given Application.id / Event.id are kept (restoring an export into
        an empty file); an id already in use is an InputError and nothing is written.
        """
        prepared: list[tuple[int | None, tuple, list[tuple]]] = []
        app_ids: set[int] = set()
        event_ids: set[int] = set()
        for app, events in items:
            app_row = _app_params(app)
            rows = _event_rows(events)
            app_id: int | None = None
            if keep_ids:
                app_id = _id(app.id, "id")
                if app_id in app_ids:
                    raise InputError("id", "each application id once", app_id)
                app_ids.add(app_id)
                keyed = []
                for event, row in zip(events, rows, strict=True):
                    event_id = _id(event.id, "event id")
                    if event.app_id is not None and event.app_id != app_id:
                        raise InputError(
                            "event app_id", f"the id of its application ({app_id})", event.app_id
                        )
                    if event_id in event_ids:
                        raise InputError("event id", "each event id once", event_id)
                    event_ids.add(event_id)
                    keyed.append((event_id, *row))
                prepared.append((app_id, app_row, keyed))
            else:
                prepared.append((None, app_row, [(None, *row) for row in rows]))
        if not prepared:
            return []

        def work() -> list[int]:
            if keep_ids:
                taken = _taken(self._conn, "applications", app_ids)
                if taken:
                    raise InputError("id", "an application id not already in use", min(taken))
                taken = _taken(self._conn, "events", event_ids)
                if taken:
                    raise InputError("event id", "an event id not already in use", min(taken))
            new_ids = []
            event_rows: list[tuple] = []
            for app_id, app_row, rows in prepared:
                new_id = _rowid(self._conn.execute(_INSERT_APP, [app_id, *app_row]))
                new_ids.append(new_id)
                event_rows.extend((row[0], new_id, *row[1:]) for row in rows)
            self._conn.executemany(_INSERT_EVENT, event_rows)
            return new_ids

        return self._write(work)

    def data_version(self) -> int:
        """Changes whenever anyone commits to the file, so a UI can poll cheaply for reloads."""
        return self._read(
            lambda: self._conn.execute("PRAGMA data_version").fetchone()[0] + self._writes
        )

    def offered_ids(self) -> list[int]:
        """The applications that ever logged an offer: the only ones `rules.pending_offer` needs
        to read (with `load_some`), so a single card's O1 check never loads every card."""
        return self._read(
            lambda: [
                row[0]
                for row in self._conn.execute(
                    "SELECT DISTINCT app_id FROM events WHERE kind = ? AND outcome = ?",
                    [EventKind.CLOSED.value, Outcome.OFFER.value],
                )
            ]
        )

    # -- reading without writing, and reminders ----------------------------------------------

    @classmethod
    def open_readonly(cls, path: Path) -> Store | None:
        """Opens an existing file for reading only (None when there is none yet): no creation, no
        upgrade, no journal mode change and no -wal/-shm left behind, for `tracker status` in a
        prompt. Anything that is not a current tracker file is refused like `open` does."""
        path = Path(path)
        version = _inspect(path)
        if version is None:
            return None
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{path} needs upgrading to schema {SCHEMA_VERSION}; run any other tracker "
                "command once (this one only reads)"
            )
        # As in _inspect: a cleanly closed file (no -wal) is read as immutable, since a read-only
        # connection would otherwise create -wal/-shm beside it.
        immutable = not _side(path, "-wal").exists()
        uri = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except sqlite3.Error as e:
            raise _file_error(path, e) from e
        return cls(path, conn)

    def announced(self) -> set[tuple[int, str, date]]:
        """The (application, action, due day) reminders already announced, by `tracker remind`."""

        def work() -> set[tuple[int, str, date]]:
            rows = self._conn.execute("SELECT app_id, action, due FROM announcements")
            return {(app_id, action, date.fromisoformat(due)) for app_id, action, due in rows}

        return self._read(work)

    def announce(self, reminders: Iterable[tuple[int, str, date]], at: datetime) -> None:
        """Records reminders as announced at `at`; one already recorded keeps its first time."""
        when = _moment(at, "announced_at")
        rows = [
            (_id(app_id, "id"), action, due.isoformat(), when) for app_id, action, due in reminders
        ]

        def work() -> None:
            self._conn.executemany(
                "INSERT OR IGNORE INTO announcements (app_id, action, due, announced_at) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )

        self._write(work)

    # -- rows to records --------------------------------------------------------------------

    def _apps(self, rows: Callable[[], Iterable[tuple]]) -> list[Application]:
        """Records from the rows `rows()` yields: all at once through the slot setters, and
        only if a row fails there, read again one by one (inside the same snapshot), so a row
        tracker cannot use becomes an unreadable card and the others load as usual."""
        if _FAST_RECORDS:
            try:
                return _fast_apps(rows())
            except (KeyError, ValueError, TypeError, OverflowError):
                pass
        return [_app_or_unreadable(row) for row in rows()]

    def _events(
        self, rows: Callable[[], Iterable[tuple]], bad: dict[int | None, str] | None = None
    ) -> list[Event]:
        """As `_apps`; an event that cannot be read is left out, and why goes into `bad` under
        its application's id."""
        if _FAST_RECORDS:
            try:
                return _fast_events(rows())
            except (KeyError, ValueError, TypeError, OverflowError):
                pass
        events = []
        for row in rows():
            event, why = _event_or_salvage(row)
            if why and bad is not None:
                bad.setdefault(row[1], f"event {row[0]}: {why}")
            if event is not None:
                events.append(event)
        return events


_LOWEST = datetime(EARLIEST_YEAR, 1, 1)
_BEYOND = datetime(LATEST_YEAR + 1, 1, 1)
_LOWEST_DAY, _BEYOND_DAY = _LOWEST.date(), _BEYOND.date()


def _fast_apps(rows: Iterable[tuple]) -> list[Application]:
    """Every row through the slot setters; raises at the first value out of the ordinary."""
    parse = datetime.fromisoformat
    new = object.__new__
    lowest, beyond = _LOWEST, _BEYOND
    (
        s_company,
        s_role,
        s_contact,
        s_email,
        s_phone,
        s_via,
        s_notes,
        s_created,
        s_id,
        s_archived,
        s_problem,
    ) = _APP_SETTERS
    apps = []
    for id_, company, role, contact, email, phone, via, notes, created, archived in rows:
        if not (
            type(company) is type(role) is type(contact) is type(email) is type(phone) is str
            and type(notes) is str
        ):
            raise TypeError(id_)  # bytes, or text that was not UTF-8
        app = new(Application)
        moment = parse(created)
        if not lowest <= moment < beyond:
            raise ValueError(created)
        s_company(app, company)
        s_role(app, role)
        s_contact(app, contact)
        s_email(app, email)
        s_phone(app, phone)
        s_via(app, _CHANNELS[via])
        s_notes(app, notes)
        s_created(app, moment)
        s_id(app, id_)
        if archived is None:
            s_archived(app, None)
        else:
            moment = parse(archived)
            if not lowest <= moment < beyond:
                raise ValueError(archived)
            s_archived(app, moment)
        s_problem(app, "")
        apps.append(app)
    return apps


def _fast_events(rows: Iterable[tuple]) -> list[Event]:
    parse = datetime.fromisoformat
    parse_day = date.fromisoformat
    kinds, channels, outcomes = _KINDS, _CHANNELS, _OUTCOMES
    lowest, beyond, lowest_day, beyond_day = _LOWEST, _BEYOND, _LOWEST_DAY, _BEYOND_DAY
    new = object.__new__
    (
        s_kind,
        s_at,
        s_channel,
        s_decision_by,
        s_reply_within,
        s_outcome,
        s_note,
        s_id,
        s_app,
        s_people,
        s_person,
        s_voicemail,
        s_expedite,
        s_debrief,
    ) = _EVENT_SETTERS
    events = []
    for (
        id_,
        app_id,
        kind,
        at,
        channel,
        decision_by,
        reply_within,
        outcome,
        note,
        people,
        person,
        voicemail,
        expedite,
        debrief,
    ) in rows:
        if type(note) is not str or type(person) is not str:
            raise TypeError(id_)  # bytes, or text that was not UTF-8
        event = new(Event)
        moment = parse(at)
        if not lowest <= moment < beyond:
            raise ValueError(at)
        s_kind(event, kinds[kind])
        s_at(event, moment)
        s_channel(event, channels[channel])
        if decision_by is None:
            s_decision_by(event, None)
        else:
            day = parse_day(decision_by)
            if not lowest_day <= day < beyond_day:
                raise ValueError(decision_by)
            s_decision_by(event, day)
        if reply_within is not None and not (
            type(reply_within) is int and 0 <= reply_within <= 365
        ):
            raise ValueError(reply_within)
        s_reply_within(event, reply_within)
        s_outcome(event, outcomes[outcome])
        s_note(event, note)
        s_id(event, id_)
        s_app(event, app_id)
        s_people(event, () if people is None else _people(people))
        s_person(event, person)
        s_voicemail(event, bool(voicemail))
        s_expedite(event, bool(expedite))
        s_debrief(event, None if debrief is None else _debrief(debrief))
        events.append(event)
    return events


class _Mangled(str):
    """Stored text that was not UTF-8, read with replacement characters."""

    __slots__ = ()


def _mangled_text(raw: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return _Mangled(raw.decode(errors="replace"))


def _undecodable(error: BaseException | None) -> bool:
    return isinstance(error, sqlite3.OperationalError) and "decode" in str(error)


class _Salvage:
    """Reads stored values one by one: a value tracker cannot use is replaced by a neutral one,
    and the first such problem is kept to say why the card is unreadable. The replacements let
    the card be corrected in place (`edit`, `amend` write every field back)."""

    def __init__(self) -> None:
        self.problem = ""

    def _bad(self, why: str, default: _T) -> _T:
        self.problem = self.problem or why
        return default

    def text(self, value: object, name: str) -> str:
        if isinstance(value, _Mangled):
            return self._bad(f"{name} {_shown(str(value))} is not UTF-8 text", str(value))
        if isinstance(value, str):
            return value
        return self._bad(f"{name} {_shown(value)} is not text", "")

    def choice(self, table: dict, value: object, name: str, default=None):
        try:
            return table[value]
        except (KeyError, TypeError):
            return self._bad(f"{name} {_shown(value)} is not one tracker knows", default)

    def moment(self, value: object, name: str, default: _T = _LOWEST) -> datetime | _T:  # type: ignore[assignment]
        try:
            moment = datetime.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return self._bad(f"{name} {_shown(value)} is not a date and time", default)
        if moment.tzinfo is not None or not _LOWEST <= moment < _BEYOND:
            why = f"{name} {_shown(value)} is outside {EARLIEST_YEAR}–{LATEST_YEAR}"
            return self._bad(why, default)
        return moment

    def day(self, value: object, name: str) -> date | None:
        if value is None:
            return None
        try:
            day = date.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return self._bad(f"{name} {_shown(value)} is not a date", None)
        if not _LOWEST_DAY <= day < _BEYOND_DAY:
            return self._bad(
                f"{name} {_shown(value)} is outside {EARLIEST_YEAR}–{LATEST_YEAR}", None
            )
        return day

    def days(self, value: object, name: str) -> int | None:
        if value is None or (type(value) is int and 0 <= value <= 365):
            return value
        return self._bad(f"{name} {_shown(value)} is not 0 to 365 days", None)

    def parsed(self, read: Callable[[Any], _T], value: object, name: str, default: _T) -> _T:
        try:
            return read(value)
        except (TypeError, ValueError, AttributeError):
            return self._bad(f"{name} is not in the form tracker writes", default)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _app_or_unreadable(row: tuple) -> Application:
    """One application row; a value tracker cannot use makes it an unreadable card that keeps
    its id and every readable field, so it can be corrected with `edit` or deleted."""
    id_, company, role, contact, email, phone, via, notes, created, archived = row
    read = _Salvage()
    app = Application(
        read.text(company, "company") or f"application {id_}",
        read.text(role, "role") or "?",
        read.text(contact, "contact"),
        read.text(email, "email"),
        read.text(phone, "phone"),
        read.choice(_CHANNELS, via, "via", Channel.EMAIL) or Channel.EMAIL,
        read.text(notes, "notes"),
        read.moment(created, "created"),
        id_,
        None if archived is None else read.moment(archived, "archived", None),
    )
    return dataclasses.replace(app, problem=read.problem) if read.problem else app


def _event_or_salvage(row: tuple) -> tuple[Event | None, str]:
    """One event row, and what is wrong with it ("" when nothing). An event of a kind tracker
    does not know is left out (it cannot be shown or amended); any other unusable value is
    replaced, so the event can be amended in place."""
    (
        id_,
        app_id,
        kind,
        at,
        channel,
        decision_by,
        reply_within,
        outcome,
        note,
        people,
        person,
        voicemail,
        expedite,
        debrief,
    ) = row
    read = _Salvage()
    known = read.choice(_KINDS, kind, "kind")
    if known is None:
        return None, read.problem
    event = Event(
        known,
        read.moment(at, "at"),
        read.choice(_CHANNELS, channel, "channel"),
        read.day(decision_by, "decision_by"),
        read.days(reply_within, "reply_within"),
        read.choice(_OUTCOMES, outcome, "outcome"),
        read.text(note, "note"),
        id_,
        app_id,
        read.parsed(_people, people, "people", ()),
        read.text(person, "person"),
        bool(voicemail),
        bool(expedite),
        read.parsed(_debrief, debrief, "debrief", None),
    )
    return event, read.problem


def _flagged(app: Application, bad: dict[int | None, str]) -> Application:
    """The application, marked unreadable when one of its events could not be read."""
    why = bad.get(app.id)
    if why is None or app.problem:
        return app
    return dataclasses.replace(app, problem=why)


def _people(text: str | None) -> tuple[Person, ...]:
    """The JSON list of [name, email, title] an interview round stores its people as."""
    if text is None:
        return ()
    return tuple(
        Person(str(name), str(email), str(title)) for name, email, title in json.loads(text)
    )


def _debrief(text: str | None) -> Debrief | None:
    if text is None:
        return None
    data = json.loads(text)
    topics = tuple((str(name), str(topic)) for name, topic in data.get("topics", ()))
    return Debrief(topics, str(data.get("point", "")), str(data.get("fit", "")))


# Reading back ~60k frozen records is dominated by their generated __init__ (one
# object.__setattr__ per field). Rows from our own file are already valid, so they are filled
# through the slot descriptors directly, about 40% faster. Should the model's fields ever
# differ from the columns read here, the plain constructors are used instead.
_APP_FIELDS = (
    "company",
    "role",
    "contact",
    "email",
    "phone",
    "via",
    "notes",
    "created",
    "id",
    "archived",
    "problem",
)
_EVENT_FIELDS = (
    "kind",
    "at",
    "channel",
    "decision_by",
    "reply_within",
    "outcome",
    "note",
    "id",
    "app_id",
    "people",
    "person",
    "voicemail",
    "expedite",
    "debrief",
)


_APP_SETTERS = slot_setters(Application, _APP_FIELDS)
_EVENT_SETTERS = slot_setters(Event, _EVENT_FIELDS)
_FAST_RECORDS = bool(_APP_SETTERS and _EVENT_SETTERS)


def _rowid(cursor: sqlite3.Cursor) -> int:
    """The id SQLite gave the row an INSERT just wrote."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


class CardWrite:
    """One application, read inside a write transaction, and the writes that may follow."""

    def __init__(self, conn: sqlite3.Connection, app: Application, events: list[Event]) -> None:
        self._conn = conn
        self.app = app
        self.events = events

    @property
    def app_id(self) -> int:
        assert self.app.id is not None
        return self.app.id

    def log(self, event: Event) -> int:
        return _rowid(self._conn.execute(_INSERT_EVENT, [None, self.app_id, *_event_params(event)]))

    def replace_event(self, event: Event) -> None:
        """Rewrites one of this card's events in place (an amendment keeps its id and order)."""
        event_id = _id(event.id, "event id")
        columns = _EVENT_COLUMNS.split(", ")[2:]
        cursor = self._conn.execute(
            f"UPDATE events SET {', '.join(c + ' = ?' for c in columns)} "
            "WHERE id = ? AND app_id = ?",
            [*_event_params(event), event_id, self.app_id],
        )
        if cursor.rowcount != 1:
            raise NotFound(f"no event with id {event_id} on application {self.app_id}")

    def delete_event(self, event_id: int) -> None:
        self._conn.execute(
            "DELETE FROM events WHERE id = ? AND app_id = ?", [event_id, self.app_id]
        )

    def update(self, app: Application) -> None:
        """Rewrites the application's own fields; its events are untouched."""
        self._conn.execute(
            "UPDATE applications SET company = ?, role = ?, contact = ?, email = ?, "
            "phone = ?, via = ?, notes = ?, created = ?, archived = ? WHERE id = ?",
            [*_app_params(app), self.app_id],
        )

    def delete(self) -> None:
        """Removes the application and, by cascade, its events and reminders."""
        self._conn.execute("DELETE FROM applications WHERE id = ?", [self.app_id])


# --- records to rows -----------------------------------------------------------------------


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pauses the cyclic garbage collector while thousands of acyclic records or cards are
    built (loading, evaluating): it would rescan them over and over, for nothing to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_MAX_ID = 2**63 - 1  # SQLite's INTEGER range


def _id(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_ID:
        raise InputError(field, f"a whole-number id from 1 to {_MAX_ID}", value)
    return value


def _moment(value: object, field: str) -> str:
    if not isinstance(value, datetime) or value.tzinfo is not None:
        raise InputError(field, "a local date and time without a time zone", value)
    return value.isoformat(sep=" ")


def _app_params(app: Application) -> tuple:
    _enum(Channel, app.via, "via")
    app = app.validated()
    return (
        app.company,
        app.role,
        app.contact,
        app.email,
        app.phone,
        app.via.value,
        app.notes,
        _moment(app.created, "created"),
        None if app.archived is None else _moment(app.archived, "archived"),
    )


def _event_params(event: Event) -> tuple:
    """Every column after (id, app_id), in _EVENT_COLUMNS' order, for an INSERT."""
    at = _moment(event.at, "at")
    decision_by = event.decision_by
    if decision_by is not None and (
        isinstance(decision_by, datetime) or not isinstance(decision_by, date)
    ):
        raise InputError("decision-by", "a date", decision_by)
    reply_within = event.reply_within
    if reply_within is not None and (
        isinstance(reply_within, bool) or not isinstance(reply_within, int)
    ):
        raise InputError("reply-within", "a whole number of days", reply_within)
    event = event.validated()
    return (
        _enum(EventKind, event.kind, "kind"),
        at,
        None if event.channel is None else _enum(Channel, event.channel, "via"),
        None if decision_by is None else decision_by.isoformat(),
        reply_within,
        None if event.outcome is None else _enum(Outcome, event.outcome, "outcome"),
        event.note,
        json.dumps([[p.name, p.email, p.title] for p in event.people]) if event.people else None,
        event.person,
        int(event.voicemail),
        int(event.expedite),
        None if event.debrief is None else _debrief_json(event.debrief),
    )


def _debrief_json(debrief: Debrief) -> str:
    return json.dumps(
        {"topics": [list(t) for t in debrief.topics], "point": debrief.point, "fit": debrief.fit}
    )


def _enum(cls: type[StrEnum], value: object, field: str) -> str:
    try:
        return cls(value).value  # type: ignore[arg-type]  # anything else is refused below
    except ValueError:
        raise InputError(field, "one of " + ", ".join(m.value for m in cls), value) from None


def _event_rows(events: Sequence[Event]) -> list[tuple]:
    """Every event checked; an application's history starts with the interview round."""
    if not events or events[0].kind != EventKind.INTERVIEW:
        got = f"{events[0].kind} first" if events else "no events"
        raise InputError(
            "interviewed", "an interview round first: every application starts with one", got
        )
    return [_event_params(e) for e in events]


def _taken(conn: sqlite3.Connection, table: str, ids: set[int]) -> set[int]:
    """Which of `ids` already exist in `table` (the table is fixed by the caller)."""
    if not ids:
        return set()
    existing = {row[0] for row in conn.execute(f"SELECT id FROM {table}")}
    return ids & existing


# --- files ---------------------------------------------------------------------------------


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _refused(path: Path) -> StoreError:
    return StoreError(f"{path} is not a tracker database; left untouched")


def _newer(path: Path, version: int) -> StoreError:
    return StoreError(
        f"{path} was written by a newer tracker (schema {version}; this one knows up to "
        f"{SCHEMA_VERSION}) and was not changed; upgrade tracker to open it"
    )


def _is_busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(error)


# SQLite's errors for the -shm file beside the database (the WAL index).
_SHM_ERRORS = {
    sqlite3.SQLITE_IOERR_SHMOPEN,
    sqlite3.SQLITE_IOERR_SHMSIZE,
    sqlite3.SQLITE_IOERR_SHMMAP,
    sqlite3.SQLITE_READONLY_CANTINIT,
}


def _file_error(path: Path, error: sqlite3.Error) -> StoreError:
    """SQLite's error as one line that names the file (or folder) that is the problem."""
    if _is_busy(error):
        return StoreError(f"{path} is locked by another program; try again in a moment")
    extended = getattr(error, "sqlite_errorcode", 0)
    code = extended & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(f"{path} is damaged ({_one_line(error)})")
    culprit = _side(path, "-shm") if extended in _SHM_ERRORS else path
    if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and _disk_full(path.parent)):
        return StoreError(f"the disk holding {culprit} is full; free some space and try again")
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
        return StoreError(_not_writable(path))
    return StoreError(f"{culprit}: {_one_line(error)}")


def _disk_full(folder: Path) -> bool:
    """Whether the disk holding `folder` has (next to) no room left: SQLite reports a full disk
    met while growing its -shm file as a plain I/O error."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return info.f_bavail * info.f_frsize < _ROOM_NEEDED


_ROOM_NEEDED = 1 << 20  # below this, a write that failed with an I/O error failed for want of room


def _not_writable(path: Path) -> str:
    """Why the database cannot be written, naming the file or folder that is read-only."""
    for file in (path, _side(path, "-wal"), _side(path, "-shm")):
        if file.exists() and not os.access(file, os.W_OK):
            if file == path:
                return f"{path} cannot be written (the file is read-only); it can still be read"
            return (
                f"{file} is read-only, so {path} cannot be written; fix its permissions, or "
                "delete it while no tracker is open"
            )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"{path} cannot be written: its folder {path.parent} is read-only"
    return f"{path} cannot be written (read-only file or folder)"


def _retrying(action: Callable[[], _T]) -> _T:
    """Retries a statement that found the file locked, after SQLite's own busy wait."""
    for delay in RETRY_DELAYS:
        try:
            return action()
        except sqlite3.OperationalError as e:
            if not _is_busy(e):
                raise
            time.sleep(delay)
    return action()


def _journal_mode(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA journal_mode").fetchone()[0].lower()


def _ensure_parent(path: Path) -> None:
    """Creates missing folders as 0700 (the notes are personal) and checks we can write there."""
    folder = path.parent
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for new in reversed(missing):
        try:
            os.mkdir(new, 0o700)
            with contextlib.suppress(OSError):  # against the umask; vfat has no modes to set
                os.chmod(new, 0o700)
        except FileExistsError:
            if not new.is_dir():
                raise StoreError(f"cannot create {path}: {new} is not a folder") from None
        except OSError as e:
            why = f"{new.parent} is not a folder" if not new.parent.is_dir() else e.strerror or e
            raise StoreError(f"cannot create folder {new} for {path}: {why}") from e
    if not folder.is_dir():
        raise StoreError(f"cannot create {path}: {folder} is not a folder")
    if _size(path) == 0 and not os.access(folder, os.W_OK | os.X_OK):
        # Only creating needs the folder; an existing file can at least be read.
        raise StoreError(f"cannot create {path}: no permission to write in {folder}")


def _target(path: Path) -> Path:
    """A symlink's target, so the link is kept and SQLite's -wal/-shm sit beside the real file;
    a dangling link's target is created, but only in a folder that exists."""
    if not path.is_symlink():
        return path
    target = target_of(path)
    if not target.parent.is_dir():
        raise StoreError(f"{path} links to {target}, whose folder does not exist")
    return target


def _read_header(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(100)
    except OSError as e:
        raise StoreError(f"cannot read {path}: {e.strerror or e}") from e


def _inspect(path: Path) -> int | None:
    """The schema version of an existing file, None when there is no file yet; never writes.

    Anything that is not a tracker database raises StoreError and is left byte-for-byte as it
    was, including no -wal/-shm files created beside it.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(f"cannot read {path}: {e.strerror or e}") from e
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} is a folder, not a tracker database; left untouched")
    if not stat.S_ISREG(info.st_mode):
        raise _refused(path)
    if info.st_size == 0:
        return None
    header = _read_header(path)
    if len(header) < 100 or header[:16] != _MAGIC:
        raise _refused(path)
    header_app_id = int.from_bytes(header[68:72], "big")
    if header_app_id not in (0, APPLICATION_ID):
        raise _refused(path)  # another program's database: not even opened
    if header[18] == 1 and _size(_side(path, "-wal")) > 0 and _read_header(path)[18] == 1:
        raise _stale_wal(path)
    # A WAL file with no -wal beside it was closed cleanly, so the main file is complete: read
    # it as immutable, because a read-only connection would otherwise leave -wal/-shm behind.
    immutable = header[18] == 2 and not _side(path, "-wal").exists()
    uri = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as e:
        raise StoreError(f"cannot read {path} ({_one_line(e)}); left untouched") from e
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        tables = {
            name: {column for (column,) in conn.execute(_COLUMNS_OF, [name])}
            for (name,) in names
            if not name.startswith("sqlite_")
        }
    except sqlite3.DatabaseError as e:
        code = getattr(e, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_NOTADB:
            raise _refused(path) from e
        if code == sqlite3.SQLITE_READONLY and _size(_side(path, "-journal")) > 0:
            raise StoreError(
                f"{path} was interrupted in the middle of a write and needs recovery; "
                "left untouched"
            ) from e
        raise StoreError(f"cannot read {path} ({_one_line(e)}); left untouched") from e
    finally:
        conn.close()
    if app_id == 0:
        if tables == V1_COLUMNS and version in (0, 1):
            return 1
        raise _refused(path)
    if app_id != APPLICATION_ID:
        raise _refused(path)
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    if version < 1 or not {"applications", "events"} <= tables.keys():
        raise StoreError(f"{path} is a damaged tracker database (schema {version}); left untouched")
    return version


_COLUMNS_OF = "SELECT name FROM pragma_table_info(?)"


def _database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils around a connection, for creating and migrating the schema only: importing
    it would cost the board and every command some 40 ms at start-up."""
    from sqlite_utils import Database

    return Database(conn, recursive_triggers=False, execute_plugins=False)


def _connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection, and whether it may write. A file that can be read but not written (a
    read-only folder, a leftover read-only -shm) is opened for reading: listing and exporting
    still work, and a write says which file or folder is in the way."""
    try:
        return _connection(str(path), uri=False), True
    except sqlite3.Error as e:
        code = getattr(e, "sqlite_errorcode", 0) & 0xFF
        if code not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN) or not os.access(
            path, os.R_OK
        ):
            raise _file_error(path, e) from e
        if _size(_side(path, "-wal")) > 0:
            # The newest changes are in -wal, which SQLite cannot use without its -shm.
            raise StoreError(_not_writable(path) + f", and {path}-wal cannot be read") from e
    # Nothing is waiting in -wal, so the main file alone is the whole database.
    uri = f"file:{quote(str(path.absolute()))}?mode=ro&immutable=1"
    try:
        return _connection(uri, uri=True), False
    except sqlite3.Error as e:
        raise _file_error(path, e) from e


def _connection(name: str, *, uri: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(name, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA user_version").fetchone()  # opens the file, and -wal/-shm
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _create(path: Path) -> None:
    """Builds a complete current-schema file under a temporary name, then links it into place.

    The file is 0600 before SQLite ever opens it (SQLite gives -wal/-shm the same mode), and
    a crash or a second tracker starting at the same moment can never see a half-made file.
    """
    import secrets  # 7 ms of hashing modules that `tracker status` in a prompt need not load

    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with contextlib.suppress(OSError):  # against the umask; vfat has no modes to set
            os.fchmod(fd, 0o600)
        os.close(fd)
    except OSError as e:
        raise StoreError(f"cannot create {path}: {e.strerror or e}") from e
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            db = _database(conn)
            conn.execute("BEGIN IMMEDIATE")
            for statement in _V1_SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            for step in range(1, SCHEMA_VERSION):
                MIGRATIONS[step](db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        _install(tmp, path)
        fsync_dir(path.parent)
    except sqlite3.Error as e:
        raise StoreError(f"cannot create {path} ({_one_line(e)})") from e
    except OSError as e:
        raise StoreError(f"cannot create {path}: {e.strerror or e}") from e
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _install(tmp: Path, path: Path) -> None:
    """Puts the finished file `tmp` at `path` unless another tracker got there first.

    A hard link claims the name atomically. Where the file system has no hard links (vfat,
    exFAT, SMB shares) the name is claimed with O_EXCL instead and the bytes copied in under
    an exclusive lock, which a second tracker waits for before it looks at the file.
    """
    if path.exists():
        _fill_placeholder(tmp, path)
        return
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        return  # another tracker made it first: use it
    except OSError as e:
        if e.errno not in _NO_HARD_LINKS:
            raise
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    _fill_if_empty(tmp, fd)


def _fill_placeholder(tmp: Path, path: Path) -> None:
    """An empty file at `path` (made by hand, or a link's target) becomes the database, filled
    in place so its links and owner are kept."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError:
        return  # not ours to fill: the connection will say why
    _fill_if_empty(tmp, fd)


def _fill_if_empty(tmp: Path, fd: int) -> None:
    """Copies `tmp` into the open, still empty file `fd`, holding an exclusive lock: of two
    trackers creating the same file at once, the second sees it filled and leaves it alone."""
    with os.fdopen(fd, "wb") as dst:
        fcntl.flock(dst.fileno(), fcntl.LOCK_EX)
        if os.fstat(dst.fileno()).st_size != 0:
            return
        with contextlib.suppress(OSError):  # file systems without modes refuse chmod
            os.fchmod(dst.fileno(), 0o600)
        with open(tmp, "rb") as src:
            shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


# os.link's refusals on file systems without hard links (vfat, exFAT, SMB, some FUSE mounts).
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EXDEV}


def _stale_wal(path: Path) -> StoreError:
    """A database in rollback mode (as `tracker backup` writes it) never has a -wal of its own:
    one beside it belongs to the copy the file replaced, and SQLite would replay that copy's
    last changes into this one."""
    return StoreError(
        f"{path}-wal belongs to another copy of the database (was {path.name} restored by "
        f"copying?); with every tracker closed, delete {path.name}-wal and {path.name}-shm, "
        "or restore with `tracker restore`"
    )


def _unused(path: Path, label: str) -> Path:
    """`<name><label>.bak`, else `.2.bak`, `.3.bak`...: an earlier backup is never overwritten."""
    target = _side(path, f"{label}.bak")
    n = 1
    while target.exists():
        n += 1
        target = _side(path, f"{label}.{n}.bak")
    return target


def _backup(path: Path, version: int) -> Path:
    """Copies the (checkpointed, write-locked) file to `<name>.v<version>.bak`, mode 0600."""
    target = _unused(path, f".v{version}")
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as dst, open(path, "rb") as src:
            os.fchmod(dst.fileno(), 0o600)
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
    except OSError as e:
        with contextlib.suppress(OSError):
            target.unlink()
        raise StoreError(f"cannot back up {path} before upgrading it: {e.strerror or e}") from e
    return target


# --- backup and restore ----------------------------------------------------------------------


def backup_to(store: Store, target: Path) -> None:
    """A consistent single-file copy of the open database at `target`, 0600 and all-or-nothing.

    SQLite's online backup copies one snapshot, commits still in -wal included, while boards
    keep working. The copy is switched to a rollback journal, so it is complete on its own and a
    stale -wal found beside it after a restore is recognised as not its own (see _inspect).
    """
    refuse_database(target, store.path, "PATH")
    try:
        with private_temp(target) as tmp:
            copy = sqlite3.connect(str(tmp))
            try:
                with store._lock:
                    store._check_open()
                    store._conn.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE").fetchone()
            finally:
                copy.close()
    except sqlite3.Error as e:
        raise _file_error(target, e) from e


def restore_from(store: Store, source: Path) -> Path:
    """Replaces everything in the open database with the backup at `source`, and returns where
    the data it held was saved first (beside it, as `<name>.before-restore.bak`).

    The pages are written through SQLite's backup API rather than by copying the file, so the
    database's own -wal and -shm stay consistent and an open board sees the change; a backup
    from an older tracker is upgraded when the database is next opened.
    """
    source = Path(source).expanduser()
    if is_same_file(source, store.path):
        raise StoreError(f"{source} is the database itself; name a backup file")
    if _inspect(source) is None:
        raise StoreError(f"{source} is not a tracker backup (missing or empty)")
    saved = _unused(store.path, ".before-restore")
    backup_to(store, saved)
    journal_end = _journal_end(store._conn)
    immutable = _read_header(source)[18] == 2 and not _side(source, "-wal").exists()
    uri = f"file:{quote(str(source.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")
    try:
        backup = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as e:
        raise StoreError(f"cannot read {source} ({_one_line(e)})") from e
    try:
        with store._lock:
            store._check_open()
            backup.backup(store._conn)
            _restart_journal(store._conn, journal_end)
    except sqlite3.Error as e:
        raise _file_error(store.path, e) from e
    finally:
        backup.close()
    return saved


def _journal_end(conn: sqlite3.Connection) -> int:
    """The newest position of the change journal (0 for a file from before it existed)."""
    try:
        return conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _restart_journal(conn: sqlite3.Connection, old_end: int) -> None:
    """After a restore, the journal starts past where any open board stopped reading, so each
    finds it no longer reaches back that far and reloads everything (see changes_since)."""
    start = max(old_end, _journal_end(conn)) + 2
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'changes'").fetchone():
        return  # an older backup: it gains the journal when it is upgraded
    ids = [row[0] for row in conn.execute("SELECT id FROM applications ORDER BY id")] or [1]
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM changes")
        conn.executemany(
            "INSERT INTO changes (seq, app_id) VALUES (?, ?)",
            [(start + n, app_id) for n, app_id in enumerate(ids)],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
