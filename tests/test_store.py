"""The storage layer: round trips, the append-only log, file safety, migrations, concurrency."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tracker import store as store_module
from tracker.model import Application, Channel, Event, EventKind, InputError, NotFound, Outcome
from tracker.store import APPLICATION_ID, SCHEMA_VERSION, Store, StoreError

REPO = Path(__file__).resolve().parents[1]
T0 = datetime(2024, 11, 18, 14, 30)

NASTY = "Zoë 😀 — [bold]x[/] '; DROP TABLE applications;--\nsecond line\ttab \"q\" %s ? \\n ''"


def app_(company: str = "Acme", **kw: object) -> Application:
    fields: dict = {"role": "Engineer", "created": T0 - timedelta(days=1), **kw}
    return Application(company, **fields)


def interview(at: datetime = T0, **kw: object) -> Event:
    return Event(EventKind.INTERVIEW, at, **kw)


def note(text: str, at: datetime = T0) -> Event:
    return Event(EventKind.NOTE, at, note=text)


def side_files(path: Path) -> list[str]:
    return sorted(
        p.name
        for p in path.parent.iterdir()
        if p.name != path.name and p.name.startswith(path.name)
    )


# --- round trips ---------------------------------------------------------------------------


def test_round_trip_keeps_every_field_exactly(store: Store) -> None:
    app = Application(
        company="Zoë & Søn [b]GmbH[/b]",
        role="'; DROP TABLE applications;--",
        contact="Ann O'Neil",
        email="ann@example.com",
        phone="+44 (0)20 7946-0958",
        via=Channel.PHONE,
        notes=NASTY + "\n\nend",
        created=datetime(2024, 11, 1, 9, 5, 7),
    )
    events = [
        Event(EventKind.INTERVIEW, T0, decision_by=date(2024, 11, 25), note=NASTY),
        Event(EventKind.THANKED, T0 + timedelta(hours=3), channel=Channel.EMAIL),
        Event(EventKind.FOLLOWED_UP, T0 + timedelta(days=8), channel=Channel.PHONE),
        Event(EventKind.REPLIED, T0 + timedelta(days=9, seconds=1), reply_within=5),
        Event(EventKind.NOTE, datetime(2024, 12, 1, 8, 0, 0, 123456), note="[red]µs[/]"),
        Event(EventKind.CLOSED, T0 + timedelta(days=20), outcome=Outcome.REJECTED),
    ]
    app_id = store.add_application(app, events)

    assert store.get_application(app_id) == replace(app, id=app_id)
    got = store.events(app_id)
    assert [replace(e, id=None, app_id=None) for e in got] == events
    assert all(e.app_id == app_id for e in got)
    assert [e.id for e in got] == sorted(e.id for e in got)
    assert store.count() == 1
    assert store.applications() == [replace(app, id=app_id)]


def test_values_are_stored_as_plain_text(store: Store, db_path: Path) -> None:
    app_id = store.add_application(app_(), [interview(decision_by=date(2024, 11, 22))])
    store.log(app_id, Event(EventKind.FOLLOWED_UP, T0 + timedelta(days=1), channel=Channel.EMAIL))
    raw = sqlite3.connect(db_path)
    assert raw.execute("SELECT via, created FROM applications").fetchall() == [
        ("email", "2024-11-17 14:30:00")
    ]
    assert raw.execute(
        "SELECT kind, at, channel, decision_by FROM events ORDER BY id"
    ).fetchall() == [
        ("interview", "2024-11-18 14:30:00", None, "2024-11-22"),
        ("followed-up", "2024-11-19 14:30:00", "email", None),
    ]
    raw.close()


def test_application_fields_are_validated_and_normalised(store: Store) -> None:
    app_id = store.add_application(app_("  Acme  ", role=" Dev "), [interview()])
    assert store.get_application(app_id).company == "Acme"
    with pytest.raises(InputError) as err:
        store.add_application(app_(email="not an email"), [interview()])
    assert err.value.field == "email"
    with pytest.raises(InputError):
        store.add_application(app_("   "), [interview()])
    assert store.count() == 1


def test_typed_text_is_checked_before_it_reaches_sqlite(store: Store) -> None:
    app_id = store.add_application(app_(notes="a\r\nb"), [interview()])
    assert store.get_application(app_id).notes == "a\nb"  # as the model normalises it
    assert store.events(store.log(app_id, note("x\ry")) and app_id)[-1].note == "x\ny"
    for bad in (app_(notes="nul \x00"), app_(contact="esc \x1b[31m")):
        with pytest.raises(InputError):
            store.add_application(bad, [interview()])
    with pytest.raises(InputError):
        store.log(app_id, note("bell \x07"))
    assert store.count() == 1 and len(store.events(app_id)) == 2


def test_first_event_must_be_an_interview(store: Store) -> None:
    for events in ([], [Event(EventKind.THANKED, T0)], [note("hi"), interview()]):
        with pytest.raises(InputError) as err:
            store.add_application(app_(), events)
        assert err.value.field == "interviewed"
    assert store.count() == 0


def test_an_invalid_later_event_writes_nothing(store: Store) -> None:
    bad = Event(EventKind.CLOSED, T0)  # no outcome
    with pytest.raises(InputError) as err:
        store.add_application(app_(), [interview(), bad])
    assert err.value.field == "outcome"
    assert store.count() == 0


def test_times_with_a_zone_are_refused(store: Store) -> None:
    aware = T0.replace(tzinfo=UTC)
    with pytest.raises(InputError):
        store.add_application(app_(), [interview(aware)])
    with pytest.raises(InputError):
        store.add_application(app_(created=aware), [interview()])


def test_missing_application_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_application(42)
    with pytest.raises(NotFound):
        store.events(42)
    with pytest.raises(NotFound):
        store.log(42, note("x"))
    with pytest.raises(NotFound):
        store.change(42, lambda card: None)
    assert store.count() == 0


# --- the log -------------------------------------------------------------------------------


def test_events_come_back_in_logging_order_not_time_order(store: Store) -> None:
    app_id = store.add_application(app_(), [interview()])
    later = store.log(app_id, note("logged first, happened later", T0 + timedelta(days=5)))
    earlier = store.log(app_id, note("logged second, happened earlier", T0 + timedelta(days=1)))
    assert earlier > later
    assert [e.note for e in store.events(app_id)][1:] == [
        "logged first, happened later",
        "logged second, happened earlier",
    ]
    with pytest.raises(InputError):
        store.log(app_id, Event(EventKind.FOLLOWED_UP, T0))  # no channel
    assert len(store.events(app_id)) == 3


# --- bulk ----------------------------------------------------------------------------------


def sample_items(n: int) -> list[tuple[Application, list[Event]]]:
    return [
        (
            app_(f"Company {i}", created=T0 + timedelta(minutes=i)),
            [interview(T0 + timedelta(hours=i)), note(f"n{i}", T0 + timedelta(hours=i, minutes=5))],
        )
        for i in range(n)
    ]


def test_import_all_and_load_all(store: Store) -> None:
    items = sample_items(5)
    ids = store.import_all(items)
    assert ids == sorted(ids) and len(set(ids)) == 5
    loaded = store.load_all()
    assert [a for a, _ in loaded] == [
        replace(a, id=i) for (a, _), i in zip(items, ids, strict=True)
    ]
    for (app, events), (_, given) in zip(loaded, items, strict=True):
        assert [replace(e, id=None, app_id=None) for e in events] == given
        assert all(e.app_id == app.id for e in events)
        assert events == store.events(app.id)  # type: ignore[arg-type]
    assert store.import_all([]) == []


def test_load_all_interleaved_logging_keeps_each_apps_order(store: Store) -> None:
    a = store.add_application(app_("A"), [interview()])
    b = store.add_application(app_("B"), [interview()])
    for i in range(3):
        store.log(b, note(f"b{i}"))
        store.log(a, note(f"a{i}", T0 - timedelta(days=i)))
    loaded = dict((app.company, events) for app, events in store.load_all())
    assert [e.note for e in loaded["A"]] == ["", "a0", "a1", "a2"]
    assert [e.note for e in loaded["B"]] == ["", "b0", "b1", "b2"]


def test_load_all_runs_exactly_two_selects(store: Store) -> None:
    store.import_all(sample_items(50))
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    assert len(store.load_all()) == 50
    store._conn.set_trace_callback(None)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


def test_import_all_is_all_or_nothing(store: Store) -> None:
    store.add_application(app_("Existing"), [interview()])
    items = sample_items(3)
    items.insert(2, (app_("Bad", email="broken"), [interview()]))
    with pytest.raises(InputError):
        store.import_all(items)
    items[2] = (app_("No round"), [note("x")])
    with pytest.raises(InputError):
        store.import_all(items)
    assert [a.company for a in store.applications()] == ["Existing"]


def test_import_all_keep_ids(store: Store) -> None:
    items = [
        (
            app_("Kept", id=40),
            [interview(id=7, app_id=40), Event(EventKind.THANKED, T0, id=9, app_id=40)],
        ),
        (app_("Also", id=3), [interview(id=8)]),
    ]
    assert store.import_all(items, keep_ids=True) == [40, 3]
    assert [e.id for e in store.events(40)] == [7, 9]
    assert [e.id for e in store.events(3)] == [8]
    assert store.get_application(40).company == "Kept"
    assert store.log(3, note("next")) == 10  # new ids continue after the kept ones


def test_import_all_keep_ids_refuses_ids_in_use(store: Store) -> None:
    first = store.add_application(app_(), [interview()])
    event_id = store.events(first)[0].id
    taken_app = [(app_("Clash", id=first), [interview(id=500)])]
    taken_event = [(app_("Clash", id=first + 1), [interview(id=event_id)])]
    duplicated = [(app_("X", id=70), [interview(id=71)]), (app_("Y", id=70), [interview(id=72)])]
    no_ids = [(app_("Z"), [interview()])]
    for items in (taken_app, taken_event, duplicated, no_ids):
        with pytest.raises(InputError):
            store.import_all(items, keep_ids=True)
    assert store.count() == 1


def test_data_version_notices_own_and_other_writes(store: Store, db_path: Path) -> None:
    v0 = store.data_version()
    assert store.data_version() == v0
    app_id = store.add_application(app_(), [interview()])
    v1 = store.data_version()
    assert v1 == v0 + 1  # exactly one own write
    with pytest.raises(InputError):
        store.log(app_id, Event(EventKind.CLOSED, T0))
    assert store.data_version() == v1  # a refused write changes nothing
    other = Store.open(db_path)
    try:
        other.log(app_id, note("from elsewhere"))
    finally:
        other.close()
    assert store.data_version() != v1


def test_a_closed_store_says_so(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count()


def test_threads_can_share_one_store(store: Store) -> None:
    app_id = store.add_application(app_(), [interview()])

    def work(tag: int) -> None:
        for i in range(25):
            store.log(app_id, note(f"{tag}-{i}"))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.events(app_id)) == 101


# --- files, modes, refusals ----------------------------------------------------------------


def test_new_files_and_folders_are_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "tracker.db"
    old = os.umask(0)  # even with a permissive umask
    try:
        store = Store.open(path)
        store.add_application(app_(), [interview()])
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        for name in side_files(path):
            assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
        assert side_files(path)  # WAL mode: -wal/-shm exist while open
        store.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["tracker.db"]  # no temp files left


def test_pragmas(store: Store) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    indexes = conn.execute("PRAGMA index_list(events)").fetchall()
    assert any(row[1] == "events_app_id" for row in indexes)


def test_reopening_keeps_the_data(db_path: Path) -> None:
    with Store.open(db_path) as store:
        app_id = store.add_application(app_(), [interview()])
    with Store.open(db_path) as store:
        assert store.get_application(app_id).company == "Acme"


def test_an_empty_file_becomes_a_database(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.touch()
    with Store.open(db_path) as store:
        assert store.count() == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


@pytest.mark.parametrize("where", ["afile/db.sqlite", "afile/sub/db.sqlite"])
def test_a_parent_that_cannot_be_a_folder(tmp_path: Path, where: str) -> None:
    (tmp_path / "afile").write_text("I am a file")
    with pytest.raises(StoreError, match="afile") as err:
        Store.open(tmp_path / where)
    assert "\n" not in str(err.value)


def test_a_folder_at_the_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "db").mkdir()
    with pytest.raises(StoreError, match="folder"):
        Store.open(tmp_path / "db")


def assert_refused_untouched(path: Path, match: str = "not a tracker database") -> None:
    before = path.read_bytes()
    siblings = side_files(path)
    with pytest.raises(StoreError, match=match) as err:
        Store.open(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    assert path.read_bytes() == before
    assert side_files(path) == siblings


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my shopping list\n" * 20)
    assert_refused_untouched(path)
    short = tmp_path / "short.db"
    short.write_bytes(b"SQLite format 3\x00 but truncated")
    assert_refused_untouched(short)


@pytest.mark.parametrize("journal", ["delete", "wal"])
@pytest.mark.parametrize("app_id", [0, 0x12345678])
def test_another_programs_sqlite_file_is_refused_untouched(
    tmp_path: Path, journal: str, app_id: int
) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal}")
    conn.execute(f"PRAGMA application_id={app_id}")
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
    conn.commit()
    conn.close()
    assert_refused_untouched(path)


def test_lookalike_tables_without_our_id_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "lookalike.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE applications (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert_refused_untouched(path)


def test_a_newer_schema_is_refused_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    assert_refused_untouched(db_path, match="newer tracker")


# --- migrations ----------------------------------------------------------------------------

V1_DDL = """
CREATE TABLE applications (
    id INTEGER PRIMARY KEY, company TEXT NOT NULL, role TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '', via TEXT NOT NULL DEFAULT 'email',
    notes TEXT NOT NULL DEFAULT '', created TEXT NOT NULL);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, at TEXT NOT NULL, channel TEXT, decision_by TEXT, outcome TEXT,
    note TEXT NOT NULL DEFAULT '');
"""


def make_v1(path: Path, journal: str = "delete", user_version: int = 1) -> bytes:
    """A file as the first tracker wrote it (no application_id, no reply window, no index)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal}")
    conn.executescript(V1_DDL)
    conn.execute(f"PRAGMA user_version={user_version}")
    conn.execute(
        "INSERT INTO applications VALUES (1, 'Acme', 'Dev', 'Ann', 'ann@example.com', '', "
        "'phone', ?, '2024-11-17 09:00:00')",
        [NASTY],
    )
    conn.executemany(
        "INSERT INTO events (id, app_id, kind, at, channel, decision_by, outcome, note) "
        "VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
        [
            (1, "interview", "2024-11-18 14:30:00", None, "2024-11-25", None, "round 1"),
            (2, "thanked", "2024-11-18 18:00:00", "email", None, None, ""),
        ],
    )
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize(("journal", "user_version"), [("delete", 1), ("wal", 1), ("delete", 0)])
def test_migrates_a_v1_file_with_a_backup(db_path: Path, journal: str, user_version: int) -> None:
    original = make_v1(db_path, journal, user_version)
    with Store.open(db_path) as store:
        assert store.get_application(1) == Application(
            "Acme", "Dev", "Ann", "ann@example.com", "", Channel.PHONE, NASTY,
            datetime(2024, 11, 17, 9), id=1,
        )  # fmt: skip
        assert [(e.id, e.kind, e.decision_by, e.note) for e in store.events(1)] == [
            (1, EventKind.INTERVIEW, date(2024, 11, 25), "round 1"),
            (2, EventKind.THANKED, None, ""),
        ]
        new = store.log(1, Event(EventKind.REPLIED, T0 + timedelta(days=2), reply_within=10))
        assert store.events(1)[-1].reply_within == 10 and new == 3
        conn = store._conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert any(r[1] == "events_app_id" for r in conn.execute("PRAGMA index_list(events)"))
    backup = db_path.with_name("tracker.db.v1.bak")
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with Store.open(db_path) as store:  # opening again neither migrates nor backs up again
        assert len(store.events(1)) == 3
    assert side_files(db_path) == ["tracker.db.v1.bak"]


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_failing_migration_leaves_the_file_untouched(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, journal: str
) -> None:
    original = make_v1(db_path, journal)

    def broken(db: object) -> None:
        store_module._v1_to_v2(db)  # type: ignore[arg-type]  # half done, then it fails
        raise RuntimeError("disk gremlins")

    monkeypatch.setitem(store_module.MIGRATIONS, 1, broken)
    with pytest.raises(StoreError, match="gremlins") as err:
        Store.open(db_path)
    assert "left unchanged" in str(err.value) and "\n" not in str(err.value)
    assert db_path.read_bytes() == original
    assert side_files(db_path) == []

    monkeypatch.undo()  # the real migration still works afterwards
    with Store.open(db_path) as store:
        assert len(store.events(1)) == 2


def test_fresh_files_match_migrated_ones(tmp_path: Path) -> None:
    make_v1(tmp_path / "old.db")
    Store.open(tmp_path / "old.db").close()
    Store.open(tmp_path / "new.db").close()

    def schema(path: Path) -> list[object]:
        conn = sqlite3.connect(path)
        shape: list[object] = []
        for table in ("applications", "events"):
            shape.append(conn.execute(f"PRAGMA table_info({table})").fetchall())
            shape.append(conn.execute(f"PRAGMA foreign_key_list({table})").fetchall())
        shape.append(conn.execute("PRAGMA index_info(events_app_id)").fetchall())
        shape.append(conn.execute("SELECT type, name FROM sqlite_master ORDER BY name").fetchall())
        conn.close()
        return shape

    assert schema(tmp_path / "old.db") == schema(tmp_path / "new.db")


# --- locks ---------------------------------------------------------------------------------


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another program in the middle of a write transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_a_locked_file_is_retried_with_backoff(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 1)
    store = Store.open(db_path)
    app_id = store.add_application(app_(), [interview()])
    other = hold_write_lock(db_path)
    waits: list[float] = []

    def fake_sleep(seconds: float) -> None:  # the other writer finishes while we back off
        waits.append(seconds)
        if len(waits) == 2:
            other.execute("COMMIT")

    monkeypatch.setattr(store_module.time, "sleep", fake_sleep)
    store.log(app_id, note("after the wait"))
    assert waits == list(store_module.RETRY_DELAYS[:2])
    assert store.events(app_id)[-1].note == "after the wait"
    other.close()
    store.close()


def test_a_lock_that_never_clears_is_a_one_line_store_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 1)
    monkeypatch.setattr(store_module.time, "sleep", lambda seconds: None)
    store = Store.open(db_path)
    app_id = store.add_application(app_(), [interview()])
    other = hold_write_lock(db_path)
    with pytest.raises(StoreError, match="locked") as err:
        store.log(app_id, note("never"))
    assert "\n" not in str(err.value)
    other.execute("ROLLBACK")
    other.close()
    assert len(store.events(app_id)) == 1
    store.close()


# --- crashes and other processes -----------------------------------------------------------

WRITER = """
import itertools, sys
from datetime import datetime, timedelta
from pathlib import Path
from tracker.model import Event, EventKind
from tracker.store import Store

path, app_id, count, tag = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = Store.open(path)
print("ready", flush=True)
sys.stdin.readline()
base = datetime(2024, 1, 1)
for i in itertools.count() if count == 0 else range(count):
    event = Event(EventKind.NOTE, base + timedelta(minutes=i), note=f"{tag} {i}")
    print(store.log(app_id, event), flush=True)
store.close()
"""


def spawn_writer(path: Path, app_id: int, count: int, tag: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(app_id), str(count), tag],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    return proc


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_sigkill_during_writes_loses_no_commit(db_path: Path) -> None:
    with Store.open(db_path) as store:
        app_id = store.add_application(app_(), [interview()])
    proc = spawn_writer(db_path, app_id, 0, "kill")
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    reported = [int(proc.stdout.readline()) for _ in range(40)]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stdin.close()
    assert proc.returncode == -signal.SIGKILL

    with Store.open(db_path) as store:  # reopens after the crash (WAL recovery)
        ids = {e.id for e in store.events(app_id)}
    assert set(reported) <= ids
    assert integrity(db_path) == "ok"


def test_two_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        app_id = store.add_application(app_(), [interview()])
    procs = [spawn_writer(db_path, app_id, 200, tag) for tag in ("left", "right")]
    for proc in procs:  # both are open and waiting: start them together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = [proc.communicate()[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]
    reported = [int(line) for out in outputs for line in out.split()]
    assert len(reported) == len(set(reported)) == 400

    with Store.open(db_path) as store:
        events = store.events(app_id)
    assert len(events) == 401
    assert {e.id for e in events} >= set(reported)
    for tag in ("left", "right"):
        mine = [int(e.note.split()[1]) for e in events if e.note.startswith(tag)]
        assert mine == list(range(200))  # each writer's own order is kept
    assert integrity(db_path) == "ok"


def test_a_second_connection_keeps_the_first_ones_locks(db_path: Path) -> None:
    """The board reads on one connection and writes on another. Opening the second must not
    read the file with a plain open(): closing that would drop the process's locks, and the
    next command line to close would delete the -wal the board is still reading."""
    reader = Store.open(db_path)
    writer = reader.another()
    try:
        app_id = writer.add_application(app_(), [interview()])
        for n in range(2):
            before = reader.data_version()
            code = (
                "import sys; from datetime import datetime; from tracker.store import Store; "
                "from tracker.model import Event, EventKind; "
                f"s = Store.open({str(db_path)!r}); "
                f"s.log({app_id}, Event(EventKind.NOTE, datetime(2026, 1, 1), note='{n}')); "
                "s.close()"
            )
            subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
            assert side_files(db_path) == [f"{db_path.name}-shm", f"{db_path.name}-wal"]
            assert reader.data_version() != before
        assert [e.note for e in reader.events(app_id)][1:] == ["0", "1"]
    finally:
        writer.close()
        reader.close()
