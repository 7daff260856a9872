"""Hostile input through the real entry point: every run ends in success or a one-line error with
exit status 2, never a traceback or a partial write; and the program never touches the network."""

import ast
import json
import socket
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import transfer
from tracker.cli import main
from tracker.model import Application, Channel, Debrief, Event, EventKind, Outcome, Person
from tracker.store import Store

NOW = "2026-11-24 10:00"
ROOT = Path(__file__).resolve().parent.parent
HOSTILE = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(
        [
            "[bold]Acme[/]",
            "[/]",
            "[link=https://x.example]x[/link]",
            "\x1b[31mred\x1b[0m",
            "\x1b]52;c;aGk=\x07",
            "'; DROP TABLE events;--",
            "{role}",
            "%s%n",
            "A" * 10_000,
            "",
            " ",
            "-1",
            "2026-02-30",
            "2026-11-20 14:00",
            "9999-12-31 23:59",
            "0001-01-01 00:00",
            "friday",
            "in 3 days",
        ]
    ),
)
FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT count(*) FROM applications").fetchone()[0],
            conn.execute("SELECT count(*) FROM events").fetchone()[0],
        )


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--now", NOW, *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean_outcome(code: int, err: str, before, after, *, several: bool = False) -> None:
    """Exit 0, or exit 2 with one error line (`several`: an import lists each bad row on its
    own error line) and nothing written."""
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        lines = [line for line in err.strip().splitlines() if "warning:" not in line]
        assert len(lines) == 1 or several, err
        assert all(line.startswith("tracker: error: ") for line in lines), err
        assert "\x1b" not in err  # escapes in the input are shown escaped, never replayed
        assert after == before


@pytest.fixture
def seeded(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRACKER_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("")
    db = tmp_path / "t.db"
    code, _, err = run(
        capsys,
        db,
        "add",
        "--company",
        "Acme",
        "--role",
        "Engineer",
        "--interviewed",
        "2026-11-20 14:00",
    )
    assert code == 0, err
    return db


@FAST
@given(
    company=HOSTILE,
    role=HOSTILE,
    interviewed=HOSTILE,
    contact=HOSTILE,
    email=HOSTILE,
    phone=HOSTILE,
    decision=HOSTILE,
)
def test_add_with_hostile_fields(
    seeded, capsys, company, role, interviewed, contact, email, phone, decision
):
    before = counts(seeded)
    code, _, err = run(
        capsys,
        seeded,
        "add",
        "--company",
        company,
        "--role",
        role,
        "--interviewed",
        interviewed,
        "--contact",
        contact,
        "--email",
        email,
        "--phone",
        phone,
        "--decision-by",
        decision,
    )
    after = counts(seeded)
    assert_clean_outcome(code, err, before, after)
    if code == 0:
        assert after == (before[0] + 1, before[1] + 1)


@FAST
@given(
    app_id=st.one_of(
        st.sampled_from(["1", "2", "0", "-1", "abc", "1e9", "99999999999999999999"]), HOSTILE
    ),
    event=st.one_of(
        st.sampled_from(
            [
                "interview",
                "thanked",
                "followed-up",
                "replied",
                "offer",
                "rejected",
                "withdrew",
                "no-response",
                "note",
            ]
        ),
        HOSTILE,
    ),
    on=HOSTILE,
    note=HOSTILE,
    within=HOSTILE,
)
def test_log_with_hostile_arguments(seeded, capsys, app_id, event, on, note, within):
    before = counts(seeded)
    code, _, err = run(
        capsys, seeded, "log", app_id, event, "--on", on, "--note", note, "--reply-within", within
    )
    assert_clean_outcome(code, err, before, counts(seeded))


@FAST
@given(text=HOSTILE, kind=st.sampled_from(["json", "csv"]))
def test_import_of_garbage_is_refused_whole(seeded, capsys, tmp_path, text, kind):
    path = tmp_path / f"in.{kind}"
    path.write_text(text, encoding="utf-8")
    before = counts(seeded)
    code, _, err = run(capsys, seeded, "import", str(path))
    assert_clean_outcome(code, err, before, counts(seeded), several=True)


YEARS = st.integers(1995, 2105) | st.integers(1, 9999) | st.sampled_from([1999, 2101])


@FAST
@given(
    rows=st.lists(
        st.tuples(YEARS, YEARS, YEARS, st.sampled_from(["", "rejected", "offer"])),
        min_size=1,
        max_size=4,
    ),
    kind=st.sampled_from(["json", "csv"]),
)
def test_imports_with_dates_out_of_range_are_refused_whole(seeded, capsys, tmp_path, rows, kind):
    """The years the CLI refuses are refused by both imports; whatever is accepted leaves every
    command working."""
    path = tmp_path / f"in.{kind}"
    # A decision or thank-you before its interview is refused for that reason alone: keep them
    # after it, so only the years decide.
    rows = [(a, max(a, d), max(a, t), o) for a, d, t, o in rows]
    if kind == "csv":
        lines = ["company,role,interviewed,decision_by,thanked,outcome"]
        lines += [f"A,B,{a:04d}-11-02 10:00,{d:04d}-12-31,{t:04d}-11-03,{o}" for a, d, t, o in rows]
        path.write_text("\n".join(lines) + "\n")
    else:
        apps = [
            {
                "company": "A",
                "role": "B",
                "events": [
                    {"kind": "interview", "at": f"{a:04d}-11-02T10:00:00",
                     "decision_by": f"{d:04d}-12-31"},
                    {"kind": "closed", "at": f"{t:04d}-11-03T10:00:00", "outcome": o or "offer"},
                ],
            }
            for a, d, t, o in rows
        ]  # fmt: skip
        path.write_text(
            json.dumps({"format": "tracker-export", "version": 2, "applications": apps})
        )
    before = counts(seeded)
    code, _, err = run(capsys, seeded, "import", str(path))
    assert_clean_outcome(code, err, before, counts(seeded), several=True)
    in_range = all(2000 <= year <= 2100 for row in rows for year in row[:3])
    assert (code == 0) == in_range, err
    for args in (["due"], ["list"], ["show", "1"], ["export"]):
        code, _, err = run(capsys, seeded, *args)
        assert code == 0, err


def test_markup_and_escapes_typed_anywhere_come_back_as_typed(seeded, capsys):
    code, _, err = run(
        capsys,
        seeded,
        "add",
        "--company",
        "[bold]Acme[/] [link=x]y[/link]",
        "--role",
        "{role} %s",
        "--interviewed",
        "2026-11-23 10:00",
        "--json",
    )
    assert code == 0, err
    code, out, _ = run(capsys, seeded, "show", "2")
    assert "[bold]Acme[/] [link=x]y[/link]" in out and "{role} %s" in out
    code, out, _ = run(capsys, seeded, "draft", "2")
    assert "{role} %s" in out


# --- no network ------------------------------------------------------------------------------


def test_no_module_of_the_program_imports_a_network_library():
    banned = {
        "socket",
        "http",
        "urllib.request",
        "requests",
        "httpx",
        "aiohttp",
        "ftplib",
        "smtplib",
        "xmlrpc",
        "ssl",
    }
    for path in (ROOT / "tracker").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not any(name == b or name.startswith(b + ".") for b in banned), (
                    f"{path.name} imports {name}"
                )


def test_a_whole_cli_session_opens_no_socket(seeded, capsys, monkeypatch, tmp_path):
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is not allowed in tracker")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for args in (
        ["log", "1", "thanked", "--on", "2026-11-20 18:00"],
        ["due", "--json"],
        ["show", "1", "--json"],
        ["draft", "1"],
        ["export", "--format", "ics", "-o", str(tmp_path / "due.ics")],
        ["export", "--format", "json", "-o", str(tmp_path / "all.json")],
        ["undo", "1"],
    ):
        code, _, err = run(capsys, seeded, *args)
        assert code == 0, err
    assert attempts == []


# --- export then import reproduces everything (property-based) --------------------------------

PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=0, max_size=40
)
MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0)
)


_CONTROLS = "".join(chr(c) for c in [*range(9), 11, 12, *range(13, 32), *range(127, 160)])


# One line of text as a name or a debrief holds it: no controls, direction marks or breaks.
LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), max_size=40
).map(str.strip)
NAMES = LINE.filter(bool)
PEOPLE = st.lists(
    st.builds(
        Person,
        NAMES,
        st.sampled_from(["", "ana@acme.example"]),
        LINE,
    ),
    max_size=3,
    unique_by=lambda person: " ".join(person.name.split()).casefold(),
).map(tuple)
DEBRIEFS = st.none() | st.builds(
    Debrief,
    st.lists(st.tuples(NAMES, NAMES), max_size=3).map(tuple),
    LINE,
    LINE,
)


@st.composite
def histories(draw) -> tuple[Application, list[Event]]:
    """Any history tracker can store: every kind, and every field of schema v3 (archiving, the
    people met, whose thank-you, voicemail and expedite flags, debriefs, decision events)."""
    app = Application(
        company=draw(NAMES),
        role=draw(NAMES),
        contact=draw(LINE),
        email=draw(st.sampled_from(["", "dana@acme.example", "x+tag@b.co"])),
        phone=draw(st.sampled_from(["", "+1 555 0134", "020 7946 0958"])),
        via=draw(st.sampled_from(list(Channel))),
        notes=draw(
            st.text(
                alphabet=st.characters(
                    blacklist_categories=("Cs",), blacklist_characters=_CONTROLS
                ),
                max_size=80,
            )
        ),
        created=draw(MOMENTS),
        archived=draw(st.none() | MOMENTS),
    ).validated()
    first = draw(MOMENTS)
    events = [
        Event(
            EventKind.INTERVIEW,
            first,
            decision_by=draw(
                st.none() | st.just(first.date() + timedelta(days=draw(st.integers(0, 30))))
            ),
            people=draw(PEOPLE),
        )
    ]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(MOMENTS)
        kind = draw(st.sampled_from(list(EventKind)))
        timeline = kind in (EventKind.INTERVIEW, EventKind.REPLIED, EventKind.DECISION)
        decision_by = None
        reply_within = draw(st.none() | st.integers(0, 365)) if timeline else None
        if kind is EventKind.DECISION and reply_within is None:
            decision_by = at.date() + timedelta(days=draw(st.integers(0, 30)))
        channel = draw(st.sampled_from(list(Channel))) if kind is EventKind.FOLLOWED_UP else None
        events.append(
            Event(
                kind,
                at,
                channel=channel,
                decision_by=decision_by,
                reply_within=reply_within,
                outcome=draw(st.sampled_from(list(Outcome))) if kind is EventKind.CLOSED else None,
                note=draw(PRINTABLE),
                people=draw(PEOPLE) if kind is EventKind.INTERVIEW else (),
                person=draw(LINE) if kind is EventKind.THANKED else "",
                voicemail=draw(st.booleans()) if channel is Channel.PHONE else False,
                expedite=draw(st.booleans()) if kind is EventKind.FOLLOWED_UP else False,
                debrief=draw(DEBRIEFS) if kind is EventKind.DEBRIEF else None,
            ).validated()
        )
    return app, events


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=st.lists(histories(), min_size=1, max_size=5))
def test_json_export_then_import_reproduces_everything(tmp_path_factory, items):
    folder = tmp_path_factory.mktemp("round-trip")
    with Store.open(folder / "a.db") as source:
        source.import_all(items)
        original = source.load_all()
    text = transfer.export_json(original, now=datetime(2026, 11, 24, 10))
    with Store.open(folder / "b.db") as target:
        target.import_all(transfer.import_json(text), keep_ids=True)
        assert target.load_all() == original


# --- folders that cannot be written -----------------------------------------------------------


def test_a_data_directory_that_cannot_be_created_is_one_line_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["--db", str(blocker / "data" / "tracker.db"), "--now", NOW, "due"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("tracker: error: ")
    assert str(blocker / "data") in err or str(blocker) in err


def test_a_config_directory_that_cannot_be_created_is_one_line_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["--config", str(blocker / "cfg" / "config.toml"), "config"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("tracker: error: ")
    assert "cannot write" in err
