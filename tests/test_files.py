"""The files tracker writes and the places it keeps them: exports and backups that are private
and all-or-nothing, restores that never mix two copies, databases behind links, on file systems
without hard links or in read-only places, and a terminal never written raw."""

import errno
import json
import os
import pty
import re
import select
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest

from tracker import files
from tracker.cli import main
from tracker.config import ConfigError, load_config
from tracker.model import Application, Event, EventKind, InputError, Person
from tracker.store import SCHEMA_VERSION, Store, StoreError, _file_error, backup_to
from tracker.text import plain, printable

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-24 10:00"
INTERVIEW = datetime(2026, 11, 20, 15, 0)


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--now", NOW, *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: error: "), err
    assert "Traceback" not in err
    return lines[0]


def add(store: Store, company: str = "Acme", role: str = "Engineer") -> int:
    return store.add_application(
        Application(company, role, created=INTERVIEW), [Event(EventKind.INTERVIEW, INTERVIEW)]
    )


def companies(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT company FROM applications ORDER BY id")]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "tracker.db"
    with Store.open(path) as store:
        add(store, "Acme")
        add(store, "Globex")
    return path


def env_for(tmp: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "XDG_DATA_HOME": str(tmp / "share"),
        "TMPDIR": str(tmp),
        **extra,
    }


# --- exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "dotdot", "wal"])
def test_export_never_writes_over_the_database_it_reads(db, tmp_path, capsys, how):
    with Store.open(db) as store:  # keeps a -wal beside it, as an open board would
        target = {
            "same": db,
            "symlink": tmp_path / "link.json",
            "hardlink": tmp_path / "hard.json",
            "dotdot": db.parent / ".." / "data" / db.name,
            "wal": db.with_name(db.name + "-wal"),
        }[how]
        if how == "symlink":
            target.symlink_to(db)
        elif how == "hardlink":
            os.link(db, target)
        before = db.read_bytes()
        code, _, err = run(capsys, db, "export", "-o", str(target))
        assert code == 2
        assert "is the database itself" in one_error_line(err)
        assert db.read_bytes() == before
        assert store.count() == 2


def test_export_replaces_a_file_only_when_complete_and_makes_it_private(db, tmp_path, capsys):
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    target.write_text("the previous good backup")
    target.chmod(0o644)
    code, _, err = run(capsys, db, "export", "-o", str(target))
    assert code == 0, err
    assert [a["company"] for a in json.loads(target.read_text())["applications"]] == [
        "Acme",
        "Globex",
    ]
    assert mode(target) == 0o600
    assert leftovers(target.parent) == []


def test_a_full_disk_during_export_keeps_the_old_file(db, tmp_path, capsys, monkeypatch):
    target = tmp_path / "export.csv"
    target.write_text("the previous good backup")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, _, err = run(capsys, db, "export", "-o", str(target))
    assert code == 2
    assert "the disk is full" in one_error_line(err)
    assert target.read_text() == "the previous good backup"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["json", "csv", "ics"])
def test_every_export_format_goes_through_the_private_writer(db, tmp_path, capsys, fmt):
    target = tmp_path / f"export.{fmt}"
    old_umask = os.umask(0o022)
    try:
        code, _, err = run(capsys, db, "export", "-o", str(target))
    finally:
        os.umask(old_umask)
    assert code == 0, err
    assert mode(target) == 0o600 and target.stat().st_size > 0


def test_an_export_through_a_symlink_keeps_the_link(db, tmp_path, capsys):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run(capsys, db, "export", "-o", str(link))[0] == 0
    assert link.is_symlink() and "Globex" in real.read_text()


def test_write_private_atomic_takes_text_bytes_or_chunks(tmp_path):
    target = tmp_path / "f.txt"
    files.write_private_atomic(target, ["é", b"\n", "z"])
    assert target.read_text(encoding="utf-8") == "é\nz" and mode(target) == 0o600
    files.write_private_atomic(target, b"raw")
    assert target.read_bytes() == b"raw"


def test_export_to_a_full_stdout_is_one_line_and_exit_2(db, tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "tracker", "--db", str(db), "--now", NOW, "export"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env_for(tmp_path),
            timeout=120,
        )
    assert done.returncode == 2
    assert "cannot write the output: the disk is full" in one_error_line(done.stderr)


@pytest.mark.parametrize("args", [["list", "--json"], ["export"], ["show", "1"], ["due"]])
def test_output_that_cannot_be_encoded_degrades_to_replacement_characters(tmp_path, args):
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        add(store, "Café Ünïcode", "Dev — ops ✓")
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "--now", NOW, *args],
        capture_output=True,
        env=env_for(tmp_path, PYTHONIOENCODING="ascii"),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"Caf" in done.stdout


# --- backup and restore ----------------------------------------------------------------------


def test_backup_copies_commits_still_in_the_wal_while_a_board_is_open(db, tmp_path, capsys):
    board = Store.open(db)  # another connection, as an open board holds
    try:
        add(board, "Initech")
        assert db.with_name(db.name + "-wal").stat().st_size > 0  # not in the main file yet
        target = tmp_path / "backups" / "copy.db"
        target.parent.mkdir()
        code, _, err = run(capsys, db, "backup", str(target))
        assert code == 0, err
    finally:
        board.close()
    assert companies(target) == ["Acme", "Globex", "Initech"]
    assert mode(target) == 0o600
    assert target.read_bytes()[18:20] == b"\x01\x01"  # a rollback-journal file: complete alone
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.db"]


def test_backup_refuses_the_database_and_is_all_or_nothing(db, tmp_path, capsys, monkeypatch):
    code, _, err = run(capsys, db, "backup", str(db))
    assert code == 2 and "is the database itself" in one_error_line(err)
    target = tmp_path / "copy.db"
    target.write_text("the previous backup")

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    code, _, err = run(capsys, db, "backup", str(target))
    assert code == 2 and "the disk is full" in one_error_line(err)
    assert target.read_text() == "the previous backup"
    assert leftovers(tmp_path) == []


def test_restore_puts_a_backup_back_and_keeps_what_was_there(db, tmp_path, capsys):
    backup = tmp_path / "copy.db"
    assert run(capsys, db, "backup", str(backup))[0] == 0
    with Store.open(db) as store:
        add(store, "Initech")
    board = Store.open(db)  # an open board sees the restored data on its next read
    try:
        seen = board.journal_position()
        code, _, err = run(capsys, db, "restore", str(backup))
        assert code == 0, err
        assert [app.company for app in board.applications()] == ["Acme", "Globex"]
        assert board.changes_since(seen) is None  # it reloads everything, not nothing
    finally:
        board.close()
    saved = db.with_name(db.name + ".before-restore.bak")
    assert companies(saved) == ["Acme", "Globex", "Initech"] and mode(saved) == 0o600
    assert companies(db) == ["Acme", "Globex"]
    with Store.open(db) as store:  # and it is an ordinary, writable database again
        add(store, "Hooli")
        assert store.count() == 3


def test_restore_refuses_what_is_not_a_backup(db, tmp_path, capsys):
    stranger = tmp_path / "notes.txt"
    stranger.write_text("not a database")
    before = db.read_bytes()
    for source in (stranger, tmp_path / "missing.db", db):
        code, _, err = run(capsys, db, "restore", str(source))
        assert code == 2, err
        one_error_line(err)
    assert db.read_bytes() == before


def test_a_stale_wal_beside_a_copied_back_backup_is_never_applied(db, tmp_path):
    backup = tmp_path / "copy.db"
    with Store.open(db) as store:
        backup_to(store, backup)
        add(store, "Initech")  # committed, but only in -wal ...
        stale = db.with_name(db.name + "-wal").read_bytes()
    # ... when tracker crashed: the -wal stays. The user copies the backup over the database.
    shutil.copyfile(backup, db)
    db.with_name(db.name + "-wal").write_bytes(stale)
    with pytest.raises(StoreError, match="-wal belongs to another copy") as refused:
        Store.open(db)
    assert "\n" not in str(refused.value)
    # What the README says to do: delete -wal and -shm, and the file opens with its own data.
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    with Store.open(db) as store:
        assert [app.company for app in store.applications()] == ["Acme", "Globex"]


def test_restoring_an_older_backup_upgrades_it(tmp_path, capsys):
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.executescript(
            """
            CREATE TABLE applications (id INTEGER PRIMARY KEY, company TEXT NOT NULL,
                role TEXT NOT NULL, contact TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
                via TEXT NOT NULL DEFAULT 'email', notes TEXT NOT NULL DEFAULT '',
                created TEXT NOT NULL);
            CREATE TABLE events (id INTEGER PRIMARY KEY,
                app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                kind TEXT NOT NULL, at TEXT NOT NULL, channel TEXT, decision_by TEXT,
                outcome TEXT, note TEXT NOT NULL DEFAULT '');
            INSERT INTO applications VALUES (1, 'Oldco', 'Dev', '', '', '', 'email', '',
                '2026-11-01 10:00:00');
            INSERT INTO events VALUES (1, 1, 'interview', '2026-11-01 10:00:00', 'email',
                NULL, NULL, '');
            PRAGMA user_version = 1;
            """
        )
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        add(store, "Newco")
    assert run(capsys, db, "restore", str(old))[0] == 0
    with Store.open(db) as store:
        assert [app.company for app in store.applications()] == ["Oldco"]
        assert store._header() == (SCHEMA_VERSION, 0x54524B52)


# --- files and places ------------------------------------------------------------------------


def test_a_link_to_an_empty_placeholder_is_kept_and_filled(tmp_path, capsys):
    real = tmp_path / "synced" / "tracker.db"
    real.parent.mkdir()
    real.touch()
    link = tmp_path / "tracker.db"
    link.symlink_to(real)
    code, _, err = run(capsys, link, "add", "--company", "Acme", "--role", "Dev",
                       "--interviewed", "2026-11-20 10:00")  # fmt: skip
    assert code == 0, err
    assert link.is_symlink() and companies(real) == ["Acme"]
    assert mode(real) == 0o600


def test_a_dangling_link_creates_its_target_privately(tmp_path, capsys):
    real = tmp_path / "synced" / "tracker.db"
    real.parent.mkdir()
    link = tmp_path / "tracker.db"
    link.symlink_to(real)
    code, _, err = run(capsys, link, "list")
    assert code == 0 and err == ""
    assert link.is_symlink() and mode(real) == 0o600
    with Store.open(link) as store:
        assert store.count() == 0


def test_a_link_into_a_missing_folder_is_one_line(tmp_path, capsys):
    link = tmp_path / "tracker.db"
    link.symlink_to(tmp_path / "nowhere" / "tracker.db")
    code, _, err = run(capsys, link, "list")
    assert code == 2 and "whose folder does not exist" in one_error_line(err)
    assert not (tmp_path / "nowhere").exists()


def test_creating_works_where_hard_links_are_refused(tmp_path, monkeypatch):
    def no_links(src, dst, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "usb" / "tracker.db"
    with Store.open(path) as store:
        add(store)
    assert mode(path) == 0o600
    with Store.open(path) as again:  # an existing file is used, not made again
        assert again.count() == 1
    assert leftovers(path.parent) == []


def test_the_disk_full_while_making_the_shm_is_said_plainly(tmp_path, monkeypatch):
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHMSIZE
    path = tmp_path / "tracker.db"
    assert "disk I/O error" in str(_file_error(path, error))  # room left: SQLite's words
    monkeypatch.setattr(
        os, "statvfs", lambda folder: os.statvfs_result((4096, 4096, 100, 0, 0, 10, 0, 0, 0, 255))
    )
    message = str(_file_error(path, error))
    assert "is full" in message and "tracker.db-shm" in message


# Runs the CLI as a user without root's power over permissions (root ignores them): modules are
# imported first, as the interpreter lives where that user may not read.
_AS_USER = """
import os, sys
import tracker.cli, tracker.store, tracker.config, tracker.transfer, tracker.rules
import tracker.dates, tracker.drafts, tracker.files, rich.cells, tempfile, csv, platformdirs
import _strptime, json, textwrap, secrets, sqlite_utils, difflib
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
sys.exit(tracker.cli.main(sys.argv[1:]))
"""


@pytest.fixture
def place():
    """A folder a non-root user owns, outside root's private temporary folders."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-files-test-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def as_user(place: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _AS_USER, "--now", NOW, *args],
        capture_output=True,
        text=True,
        env=env_for(place),
        cwd=place,
        timeout=120,
    )


def owned(path: Path) -> None:
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)


def made(place: Path) -> Path:
    data = place / "data"
    data.mkdir()
    owned(place)
    owned(data)
    db = data / "tracker.db"
    done = as_user(place, "--db", str(db), "add", "--company", "Acme", "--role", "Dev",
                   "--interviewed", "2026-11-20 10:00")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return db


def test_a_database_in_a_read_only_folder_can_still_be_read_and_exported(place):
    db = made(place)
    db.parent.chmod(0o555)
    for args in (["list"], ["show", "1"], ["due"], ["export"]):
        done = as_user(place, "--db", str(db), *args)
        assert done.returncode == 0 and "Acme" in done.stdout, done.stderr
    done = as_user(place, "--db", str(db), "export", "-o", str(place / "copy.json"))
    assert done.returncode == 0, done.stderr
    done = as_user(place, "--db", str(db), "add", "--company", "B", "--role", "C",
                   "--interviewed", "2026-11-21 10:00")  # fmt: skip
    assert done.returncode == 2
    assert f"its folder {db.parent} is read-only" in one_error_line(done.stderr)
    assert companies(db) == ["Acme"]


def test_a_leftover_read_only_shm_is_named_and_reading_still_works(place):
    db = made(place)
    shm = db.with_name(db.name + "-shm")
    shm.write_bytes(bytes(32768))
    owned(shm)
    shm.chmod(0o400)
    done = as_user(place, "--db", str(db), "list")
    assert done.returncode == 0 and "Acme" in done.stdout, done.stderr
    done = as_user(place, "--db", str(db), "add", "--company", "B", "--role", "C",
                   "--interviewed", "2026-11-21 10:00")  # fmt: skip
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert f"{shm} is read-only" in line
    assert companies(db) == ["Acme"]


def test_a_read_only_database_file_is_named_and_still_read(place):
    db = made(place)
    db.chmod(0o400)
    done = as_user(place, "--db", str(db), "show", "1")
    assert done.returncode == 0 and "Acme" in done.stdout, done.stderr
    done = as_user(place, "--db", str(db), "log", "1", "thanked")
    assert done.returncode == 2
    assert f"{db} cannot be written (the file is read-only)" in one_error_line(done.stderr)


# --- the process and the terminal ------------------------------------------------------------


def _read_until(fd: int, marker: bytes, seen: bytearray, deadline: float) -> None:
    """Reads the pty until `marker` shows up (no sleeping: select waits for the next output)."""
    while marker not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"never saw {marker!r}; got {bytes(seen[-300:])!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            seen += os.read(fd, 65536)


def _drain_until_exit(process: subprocess.Popen, fd: int, deadline: float) -> int:
    """Keeps reading the pty while the process winds down, so restoring the screen never blocks
    on a full terminal buffer; returns its exit status."""
    while process.poll() is None:
        assert time.monotonic() < deadline, "the demo did not exit"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:  # the pty closed with the process
                process.wait()
    return process.returncode


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_the_demo_removes_its_database_when_killed(tmp_path, signum):
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--now", NOW, "demo"],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env=env_for(tmp_path, TERM="xterm-256color"),
        start_new_session=True,
    )
    os.close(child_fd)
    try:
        seen = bytearray()
        deadline = time.monotonic() + 120
        _read_until(main_fd, b"(deleted when the board closes)", seen, deadline)
        path = Path(re.search(rb"Demo database: (\S+)", bytes(seen)).group(1).decode())
        assert path.exists() and path.is_relative_to(tmp_path)
        _read_until(main_fd, b"Following up", seen, deadline)  # the board has drawn its columns
        process.send_signal(signum)
        code = _drain_until_exit(process, main_fd, deadline)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main_fd)
    assert code == 128 + signum
    assert not path.parent.exists()


def test_bare_tracker_without_a_terminal_says_so_in_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(tmp_path / "t.db")],
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "the board needs a terminal" in one_error_line(done.stderr)
    assert "\x1b" not in done.stderr


def test_list_never_cuts_an_id(tmp_path, capsys):
    db = tmp_path / "t.db"
    big = [1234567, 2**62]
    with Store.open(db) as store:
        store.import_all(
            [
                (
                    Application("Acme", "Dev", created=INTERVIEW, id=app_id),
                    [Event(EventKind.INTERVIEW, INTERVIEW, id=app_id, app_id=app_id)],
                )
                for app_id in big
            ],
            keep_ids=True,
        )
    code, out, _ = run(capsys, db, "list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:]] == [str(i) for i in big]


HOSTILE = {
    "company": "Evil\x1b]52;c;aGk=\x07Co",
    "role": "Dev\x9b2J\x85ops",
    "contact": "Ann\u202eeM",
    "notes": "line one\x1b[2J\nline two\x7f\x90",
}
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_text_another_tool_stored_is_never_printed_raw(tmp_path, capsys):
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        add(store)
    with sqlite3.connect(db) as conn:  # another program writes what tracker would refuse
        conn.execute(
            "UPDATE applications SET company = ?, role = ?, contact = ?, notes = ?",
            list(HOSTILE.values()),
        )
    for args in (["list"], ["due"], ["show", "1"], ["draft", "1"]):
        code, out, err = run(capsys, db, *args)
        assert code == 0, err
        assert not CONTROLS.search(out), (args, out)
        assert not CONTROLS.search(err), (args, err)
        assert "Evil" in out or "Evil" in err
    for args in (["list", "--json"], ["show", "1", "--json"]):
        code, out, _ = run(capsys, db, *args)
        assert not CONTROLS.search(out)
        record = json.loads(out)
        record = record[0] if isinstance(record, list) else record
        assert record["role"] == HOSTILE["role"]  # escaped, not changed


def test_plain_and_printable_drop_c0_c1_and_direction_overrides():
    assert plain("a\x1b[1m\x9bb\u202ec\nd\x85") == "a [1m bc d "
    assert printable("a\x9b\nb\tc\u2066") == "a \nb\tc"


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\u2028", "\u2029"])
@pytest.mark.parametrize("field", ["company", "role", "contact"])
def test_names_with_direction_overrides_or_line_separators_are_refused(field, char):
    fields = {"company": "Acme", "role": "Dev", field: f"Ac{char}me"}
    with pytest.raises(InputError) as refused:
        Application(**fields).validated()
    assert refused.value.field == field


def test_the_cli_refuses_a_direction_override_in_a_name(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "t.db", "add", "--company", "Acme\u202e", "--role",
                       "Dev", "--interviewed", "2026-11-20 10:00")  # fmt: skip
    assert code == 2 and "--company" in one_error_line(err)


@pytest.mark.parametrize("value", ["Sam\x7fDoe", "Sam\x9bDoe", "Sam\x85", "Sam\u202eDoe"])
def test_profile_fields_refuse_c1_del_and_overrides(tmp_path, value):
    path = tmp_path / "config.toml"
    escaped = "".join(c if " " <= c < "\x7f" else f"\\u{ord(c):04x}" for c in value)
    path.write_text(f'[profile]\nname = "{escaped}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"profile\.name"):
        load_config(path, {})


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('policy = ["brisk"]\n', "policy"),
        ("policy = " + "[" * 100_000 + "]" * 100_000 + "\n", "policy"),
        ("holidays = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "holidays"),
    ],
)
def test_settings_of_the_wrong_shape_are_one_line_naming_the_key(tmp_path, capsys, text, key):
    path = tmp_path / "config.toml"
    path.write_text(text)
    code = main(["--config", str(path), "--db", str(tmp_path / "t.db"), "list"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{key}:" in one_error_line(err)


@pytest.mark.parametrize("args", [["export", "--format", "ics"], ["demo"], ["due"]])
@pytest.mark.parametrize("now", ["9999-12-31 23:59", "1999-12-31", "2101-01-01 00:00"])
def test_a_frozen_clock_outside_2000_to_2100_is_refused(tmp_path, capsys, args, now):
    code = main(["--db", str(tmp_path / "t.db"), "--now", now, *args])
    err = capsys.readouterr().err
    assert code == 2
    assert "--now: expected YYYY-MM-DD HH:MM from 2000 to 2100" in one_error_line(err)


@pytest.mark.parametrize("char", ["\u202e", "\u2028", "\x1b", "\x9b"])
def test_names_of_people_met_are_single_lines_too(char):
    with pytest.raises(InputError) as refused:
        Event(EventKind.INTERVIEW, INTERVIEW, people=(Person(f"Dana{char}Lee"),)).validated()
    assert refused.value.field == "people"
    with pytest.raises(InputError) as refused:
        Event(EventKind.THANKED, INTERVIEW, person=f"Dana{char}").validated()
    assert refused.value.field == "person"
    Event(EventKind.INTERVIEW, INTERVIEW, people=(Person("Dana Lee", title="CTO"),)).validated()
