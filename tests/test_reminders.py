"""`tracker status` (formats, read-only, cost) and `tracker remind` (once per action and due day,
a fake notifier on PATH, the timer files it prints)."""

import json
import os
import resource
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.model import Advice, Application, Channel, Stage, Status
from tracker.reminders import (
    notifier_argv,
    parse_every,
    status_line,
    summarize,
    time_left,
    timer_files,
)
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-03 10:00"  # a Tuesday
PROFILE = '[profile]\nname = "Sam Doe"\nemail = "sam@example.com"\n'


class Run:
    """`tracker --db DB --now NOW ARGS...` in-process: (exit code, stdout, stderr)."""

    def __init__(self, tmp_path: Path, capsys) -> None:
        self.db = tmp_path / "tracker.db"
        self.capsys = capsys

    def __call__(self, *args: str, now: str = NOW) -> tuple[int, str, str]:
        code = main(["--db", str(self.db), "--now", now, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str, now: str = NOW) -> str:
        code, out, err = self(*args, now=now)
        assert code == 0, err
        return out

    def add(self, company: str, interviewed: str, *extra: str) -> int:
        out = self.ok(
            "add", "--company", company, "--role", "Analyst", "--interviewed", interviewed,
            *extra, "--json",
        )  # fmt: skip
        return json.loads(out)["id"]


@pytest.fixture
def run(tmp_path, capsys, monkeypatch) -> Run:
    for name in ("TRACKER_DB", "TRACKER_NOW", "TRACKER_HOLIDAYS"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "config.toml"
    config.write_text(PROFILE)
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    return Run(tmp_path, capsys)


@pytest.fixture
def cards(run) -> Run:
    """A thank-you due (Globex), a follow-up overdue (Initech), one waiting, one closed."""
    run.globex = run.add("Globex", "2026-11-02 15:00")
    run.initech = run.add("Initech", "2026-10-19 11:00")
    run.ok("log", str(run.initech), "thanked", "--on", "2026-10-19 18:00")
    run.umbrella = run.add("Umbrella", "2026-11-02 09:00")
    run.ok("log", str(run.umbrella), "thanked", "--on", "2026-11-02 12:00")
    hooli = run.add("Hooli", "2026-10-01 10:00")
    run.ok("log", str(hooli), "offer", "--on", "2026-10-15 12:00")
    return run


# --- status: the formats --------------------------------------------------------------------


def test_status_text_counts_and_names_the_most_urgent(cards):
    assert cards.ok("status") == "1 due · 1 overdue · follow-up #1 Initech, 5 days overdue\n"


def test_status_json_has_the_counts_and_the_due_json_row(cards):
    record = json.loads(cards.ok("status", "--format", "json"))
    assert (record["due"], record["overdue"]) == (1, 1)
    due_rows = json.loads(cards.ok("due", "--json"))
    assert record["urgent"] == due_rows[0]  # the same keys and values as `due --json`
    assert record["urgent"]["company"] == "Initech"


def test_status_tmux_colours_the_counts_and_escapes_user_text(run):
    run.add("#[fg=blue]Acme #1", "2026-11-02 15:00")
    line = run.ok("status", "--format", "tmux").rstrip("\n")
    assert line == (
        "#[fg=yellow]1 due#[default] · "
        "#[fg=yellow]thank-you ##[fg=blue]Acme ##1, 5 h left#[default]"
    )


def test_status_is_empty_when_nothing_is_due(run):
    run.add("Umbrella", "2026-11-02 09:00")
    run.ok("log", "1", "thanked", "--on", "2026-11-02 12:00")
    assert run.ok("status") == ""
    assert run.ok("status", "--format", "tmux") == ""
    assert json.loads(run.ok("status", "--format", "json")) == {
        "due": 0,
        "overdue": 0,
        "urgent": None,
    }


def test_status_leaves_archived_cards_out():
    now = datetime(2026, 11, 3, 10)
    advice = _advice(Status.OVERDUE, now - timedelta(hours=3))
    archived = Application("Acme", "Dev", id=1, archived=now)
    assert summarize([(archived, advice)]).urgent is None
    assert status_line(summarize([(archived, advice)]), now) == ""


def _advice(status: Status, overdue_at: datetime) -> Advice:
    from tracker.model import Action

    return Advice(
        stage=Stage.INTERVIEWED,
        action=Action.THANK_YOU,
        status=status,
        channel=Channel.EMAIL,
        attempt=0,
        due_at=overdue_at - timedelta(hours=24),
        overdue_at=overdue_at,
        rule="T1",
        say_reason=lambda: "Send the thank-you note.",
        say_why=tuple,
    )


def test_time_left_words():
    now = datetime(2026, 11, 3, 10)
    assert time_left(_advice(Status.DUE, now + timedelta(minutes=20)), now) == "20 min left"
    assert time_left(_advice(Status.DUE, now + timedelta(hours=2, minutes=1)), now) == "3 h left"
    assert time_left(_advice(Status.OVERDUE, now - timedelta(hours=5)), now) == "5 h overdue"
    by_day = datetime(2026, 11, 6)  # a deadline of Thu 5 Nov: overdue from midnight
    assert time_left(_advice(Status.DUE, by_day), now) == "3 days left"
    assert time_left(_advice(Status.OVERDUE, by_day), datetime(2026, 11, 6, 9)) == "1 day overdue"


# --- status: never a write --------------------------------------------------------------------


def _files(db: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(db.parent.iterdir())
        if path.name.startswith(db.name)
    }


def test_status_writes_nothing_to_a_closed_database(cards):
    before = _files(cards.db)
    assert set(before) == {"tracker.db"}  # cleanly closed: no -wal, no -shm
    for fmt in ("text", "json", "tmux"):
        cards.ok("status", "--format", fmt)
    assert _files(cards.db) == before  # same bytes, same mtime, nothing created beside it


def test_status_writes_nothing_while_another_tracker_has_it_open(cards):
    other = Store.open(cards.db)  # like an open board: the file has a live -wal
    try:
        other._conn.execute("PRAGMA wal_autocheckpoint = 0")
        other.log(cards.umbrella, _note())
        wal = cards.db.with_name("tracker.db-wal")
        before = (cards.db.read_bytes(), wal.read_bytes(), wal.stat().st_mtime_ns)
        assert "1 overdue" in cards.ok("status")
        assert (cards.db.read_bytes(), wal.read_bytes(), wal.stat().st_mtime_ns) == before
    finally:
        other.close()


def _note():
    from tracker.model import Event, EventKind

    return Event(EventKind.NOTE, datetime(2026, 11, 3, 9), note="called")


def test_status_without_a_database_creates_none(run):
    assert run.ok("status") == ""
    assert not run.db.exists() and not run.db.parent.joinpath("tracker.db-wal").exists()


def test_status_refuses_a_file_that_is_not_ours_untouched(run):
    run.db.write_bytes(b"SQLite format 3\x00" + bytes(84) + b"not ours")
    before = run.db.read_bytes()
    code, out, err = run("status")
    assert code == 2 and out == "" and err.startswith("tracker: error: --db: ")
    assert len(err.splitlines()) == 1
    assert run.db.read_bytes() == before


# --- status: its cost -------------------------------------------------------------------------

HEAVY = ("textual", "rich", "holidays", "icalendar", "sqlite_utils", "tracker.drafts")


def test_status_keeps_heavy_modules_off_its_path(cards):
    script = (
        "import sys; from tracker.cli import main; main(sys.argv[1:]); "
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", str(cards.db), "--now", NOW, "status"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    line, loaded = done.stdout.splitlines()
    assert "1 overdue" in line
    assert loaded == "[]"


def _cpu_seconds(args: list[str], env: dict[str, str]) -> float:
    """CPU time (user + system) of one run: steadier than wall time on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "tracker", *args], env=env, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


@pytest.mark.speed
def test_status_at_1000_applications_costs_at_most_twice_tracker_version(tmp_path):
    from tracker.demo import generate

    db = tmp_path / "big.db"
    with Store.open(db) as store:
        generate(store, 1000, datetime(2026, 11, 3, 10), seed=1000)
    (tmp_path / "empty.toml").write_text("")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACKER_CONFIG": str(tmp_path / "empty.toml")}
    env.pop("TRACKER_DB", None)
    # Byte-compiled, as an installed tracker is (the cache kept outside the repository).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    status = ["--db", str(db), "--now", NOW, "status"]
    for args in (["--version"], status):  # the first runs compile and cache the modules
        assert subprocess.run(
            [sys.executable, "-m", "tracker", *args], env=env, capture_output=True, text=True
        ).stdout.strip()
    version, line = [], []
    for _ in range(5):  # alternated, so a busy moment weighs on both; the best of each
        version.append(_cpu_seconds(["--version"], env))
        line.append(_cpu_seconds(status, env))
    assert min(line) <= 2 * min(version), (min(line), min(version))


# --- remind -----------------------------------------------------------------------------------


@pytest.fixture
def notifier(tmp_path, monkeypatch) -> Path:
    """A fake notify-send first on PATH that appends its argv, one JSON list a line."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "notified.jsonl"
    script = folder / "notify-send"
    script.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"with open({str(log)!r}, 'a') as f: f.write(json.dumps(sys.argv[1:]) + '\\n')\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return log


def _notified(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_remind_notifies_each_due_action_once_across_runs(cards, notifier):
    assert cards.ok("remind") == ""
    sent = _notified(notifier)
    assert len(sent) == 2  # Initech's overdue follow-up and Globex's thank-you, not the others
    first, second = sent
    assert first[:2] == ["--app-name=tracker", "--"]
    assert first[2].startswith("follow-up #1 · Initech") and "overdue" in first[2]
    assert "First follow-up" in first[3] and f"tracker draft {cards.initech}" in first[3]
    assert second[2].startswith("thank-you · Globex")
    cards.ok("remind")
    cards.ok("remind", now="2026-11-03 22:00")  # Globex's thank-you is overdue now: same action
    assert _notified(notifier) == sent


def test_remind_announces_again_when_the_due_date_moves(cards, notifier):
    cards.ok("remind")
    assert len(_notified(notifier)) == 2
    # Initech replies: the next follow-up counts from the reply, a week later.
    cards.ok(
        "log", str(cards.initech), "replied", "--on", "2026-11-03 11:00", now="2026-11-03 12:00"
    )
    cards.ok("remind", now="2026-11-03 12:00")
    assert len(_notified(notifier)) == 2  # not due yet
    later = "2026-11-11 10:00"
    cards.ok("remind", now=later)
    again = [argv for argv in _notified(notifier)[2:] if "Initech" in argv[2]]
    assert len(again) == 1
    cards.ok("remind", now=later)
    assert len([a for a in _notified(notifier) if "Initech" in a[2]]) == 2


def test_remind_dry_run_notifies_and_records_nothing(cards, notifier):
    before = cards.db.read_bytes()
    out = cards.ok("remind", "--dry-run")
    assert out.count("would notify: ") == 2 and "Initech" in out
    assert _notified(notifier) == []
    assert cards.db.read_bytes() == before
    with Store.open(cards.db) as store:
        assert store.announced() == set()
    cards.ok("remind")
    assert len(_notified(notifier)) == 2  # a dry run did not use them up


def test_remind_without_a_notifier_prints_the_lines(cards, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    out = cards.ok("remind")
    assert len(out.splitlines()) == 2 and out.startswith("follow-up #1 · Initech")
    assert cards.ok("remind") == ""  # printed is announced


def test_remind_passes_user_text_as_arguments_never_to_a_shell(
    run, notifier, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    evil = "$(touch pwned); `touch pwned`"
    run.add(evil, "2026-11-02 15:00")
    run.ok("remind")
    (argv,) = _notified(notifier)
    assert evil in argv[2]
    assert not (tmp_path / "pwned").exists()


def test_a_failing_notifier_falls_back_to_printing(cards, tmp_path, monkeypatch):
    folder = tmp_path / "broken"
    folder.mkdir()
    script = folder / "notify-send"
    script.write_text("#!/bin/sh\necho 'no session bus' >&2\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    code, out, err = cards("remind")
    assert code == 0 and len(out.splitlines()) == 2
    assert "notify-send failed (no session bus)" in err


def test_notifier_argv_for_each_platform():
    title, body = "thank-you · Acme", "-rf: send it"
    assert notifier_argv("/usr/bin/notify-send", title, body)[-3:] == ["--", title, body]
    marked = notifier_argv("notify-send", title, "<b>R&D</b>")[-1]
    assert marked == "&lt;b&gt;R&amp;D&lt;/b&gt;"  # its body is markup on most desktops
    mac = notifier_argv("/usr/bin/osascript", title, body)
    assert mac[-2:] == [title, body] and "on run argv" in mac
    assert notifier_argv("/opt/bin/terminal-notifier", title, body)[-1] == " " + body


# --- remind --every: the timer files ------------------------------------------------------------


def test_remind_every_prints_cron_and_a_systemd_timer_and_installs_nothing(run, tmp_path):
    home_before = sorted(p.name for p in tmp_path.iterdir())
    out = run.ok("remind", "--every", "30m")
    if sys.platform.startswith("linux"):
        assert "OnUnitActiveSec=30min" in out and "[Install]" in out
    cron = next(line for line in out.splitlines() if line.startswith("*/30 * * * * "))
    assert f"--db {run.db}" in cron and cron.endswith(" remind")
    assert sorted(p.name for p in tmp_path.iterdir()) == home_before
    assert not run.db.exists()


def test_timer_files_for_macos_is_a_launchd_agent():
    out = timer_files(60, ["/opt/tracker", "--db", "/tmp/a&b.db", "remind"], {}, "darwin")
    assert "0 * * * * /opt/tracker --db '/tmp/a&b.db' remind" in out
    assert "<string>/tmp/a&amp;b.db</string>" in out
    assert "<key>StartInterval</key><integer>3600</integer>" in out


@pytest.mark.parametrize(("text", "minutes"), [("30m", 30), ("15 min", 15), ("2h", 120)])
def test_parse_every(text, minutes):
    assert parse_every(text) == minutes


def test_remind_every_refuses_a_period_cron_cannot_say(run):
    code, out, err = run("remind", "--every", "45m")
    assert code == 2 and out == ""
    assert err.startswith("tracker: error: --every: expected a period such as 15m")


@pytest.mark.parametrize("command", ["status", "remind"])
def test_help_opens_nothing(run, command):
    assert run.ok(command, "--help").startswith(f"Usage: tracker {command}")
    assert not run.db.exists()


def test_remind_keeps_a_calendar_feed_current(cards, notifier, tmp_path):
    import icalendar

    feed = tmp_path / "feed.ics"
    assert cards.ok("remind", "--ics", str(feed), "--dry-run").endswith(
        f"would rewrite the calendar feed {feed}\n"
    )
    assert not feed.exists()
    cards.ok("remind", "--ics", str(feed))
    calendar = icalendar.Calendar.from_ical(feed.read_text())
    assert len(calendar.walk("VEVENT")) == 3  # Globex, Initech and Umbrella's next actions
    assert oct(feed.stat().st_mode & 0o777) == "0o600"
    out = cards.ok("remind", "--every", "1h", "--ics", str(feed))
    assert f"remind --ics {feed}\n" in out
