"""Imports as people bring them (a spreadsheet from Excel or Google Sheets, a hostile JSON file),
the one validator every way in shares, and what tracker does with a stored value it cannot use."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from tracker import transfer
from tracker.app import create_app
from tracker.cli import main
from tracker.clock import frozen
from tracker.config import Config
from tracker.model import (
    Application,
    Channel,
    Event,
    EventKind,
    InputError,
    Outcome,
    Stage,
    Status,
)
from tracker.rules import PRESETS, evaluate
from tracker.store import Store
from tracker.widgets.column import badge_lines
from tracker.widgets.deck import Card

NOW = "2026-11-25 10:00"
CLOCK = datetime(2026, 11, 25, 10, 0)

# What Excel ("CSV UTF-8") writes for an American user's own sheet: a byte order mark, the
# headers they typed, month-first dates with 12-hour times, and a Status column.
EXCEL_ROWS = [
    ["Company Name", "Job Title", "Interview Date", "Recruiter", "Email", "Phone", "Status"],
    ["Acme, Inc.", "Platform Engineer", "11/24/2026 2:30 PM", "Dana Lee", "dana@acme.example",
     "(415) 555-0199", "Rejected"],
    ["Globex", "Analyst", "11/2/2026", "", "", "", "ghosted"],
    ["Initech", "Developer", "Nov 3, 2026 9:15 AM", "", "", "", "Interviewing"],
    ["Umbrella", "SRE", "24 November 2026", "", "", "", ""],
]  # fmt: skip


def excel_text(separator: str = ",") -> str:
    def cell(text: str) -> str:
        return f'"{text}"' if separator in text or '"' in text else text

    lines = [separator.join(cell(c) for c in row) for row in EXCEL_ROWS]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def counts(db: Path) -> tuple[int, int]:
    if not db.exists():
        return (0, 0)
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT count(*) FROM applications").fetchone()[0],
            conn.execute("SELECT count(*) FROM events").fetchone()[0],
        )


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--now", NOW, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TRACKER_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("")
    return tmp_path / "t.db"


def refused_whole(code: int, err: str, db: Path, before: tuple[int, int]) -> str:
    """Exit 2, one line, nothing written; returns the line."""
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tracker: error: ")
    assert counts(db) == before
    return lines[0]


# --- a real spreadsheet, in one go -----------------------------------------------------------


@pytest.mark.parametrize("separator", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_an_excel_sheet_with_a_bom_aliases_us_dates_and_a_status_imports_in_one_go(separator):
    warnings: list[str] = []
    items = transfer.import_csv(excel_text(separator), warnings)
    assert warnings == []
    (acme, acme_events), (_globex, globex_events), (_initech, initech_events), (umbrella, _) = items
    assert acme.company == "Acme, Inc." and acme.role == "Platform Engineer"
    assert (acme.contact, acme.email, acme.phone) == ("Dana Lee", "dana@acme.example",
                                                      "(415) 555-0199")  # fmt: skip
    assert acme_events[0].at == datetime(2026, 11, 24, 14, 30)
    assert acme_events[-1].kind is EventKind.CLOSED
    assert acme_events[-1].outcome is Outcome.REJECTED
    # "11/2/2026" is month first: the file shows it with 11/24/2026.
    assert globex_events[0].at == datetime(2026, 11, 2)
    assert globex_events[-1].outcome is Outcome.NO_RESPONSE
    assert initech_events == [
        Event(EventKind.INTERVIEW, datetime(2026, 11, 3, 9, 15), Channel.EMAIL)
    ]
    assert umbrella.created == datetime(2026, 11, 24)


def test_the_cli_imports_the_semicolon_sheet_and_lists_it(db, capsys, tmp_path):
    sheet = tmp_path / "Applications.csv"
    sheet.write_bytes(excel_text(";").encode("utf-8"))
    code, out, err = run(capsys, db, "import", str(sheet))
    assert code == 0, err
    assert "Imported 4 applications" in out
    code, out, _ = run(capsys, db, "list")
    assert "Acme, Inc." in out and "rejected" in out and "no-response" in out


def test_a_utf16_sheet_as_excel_saves_unicode_text_is_read(db, capsys, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(excel_text("\t").removeprefix("\ufeff").encode("utf-16"))
    code, _out, err = run(capsys, db, "import", str(sheet))
    assert code == 0, err
    assert counts(db) == (4, 6)


@pytest.mark.parametrize(
    ("cell", "moment"),
    [
        ("2026-11-24", datetime(2026, 11, 24)),
        ("2026-11-24 14:30", datetime(2026, 11, 24, 14, 30)),
        ("Nov 24, 2026", datetime(2026, 11, 24)),
        ("Nov 24, 2026 2:30 PM", datetime(2026, 11, 24, 14, 30)),
        ("November 24 2026 at 14:30", datetime(2026, 11, 24, 14, 30)),
        ("24 November 2026", datetime(2026, 11, 24)),
        ("24 Nov 2026, 2:30pm", datetime(2026, 11, 24, 14, 30)),
        ("Tue, Nov 24, 2026 12:05 AM", datetime(2026, 11, 24, 0, 5)),
        ("24th November 2026 12 pm", datetime(2026, 11, 24, 12, 0)),
        ("24-Nov-26", datetime(2026, 11, 24)),  # Excel's d-mmm-yy
        ("24-Nov-2026 14:30:00", datetime(2026, 11, 24, 14, 30)),
        ("2026-11-24T14:30", datetime(2026, 11, 24, 14, 30)),
        ("11/24/2026 14:30:00", datetime(2026, 11, 24, 14, 30)),  # Google Sheets
    ],
)
def test_written_dates_with_or_without_a_time(cell, moment):
    [(app, _)] = transfer.import_csv(f'company,role,interviewed\nAcme,Dev,"{cell}"\n')
    assert app.created == moment


def test_the_date_words_come_from_tracker_dates():
    from datetime import time

    from tracker.dates import split_clock, written_date

    assert split_clock("Tue, Nov 24, 2026 2:30 PM", "f") == ("tue, nov 24, 2026", time(14, 30))
    assert split_clock("24 November 2026", "f") == ("24 november 2026", None)
    assert written_date("tue, nov 24, 2026", "f") == date(2026, 11, 24)
    assert written_date("nov 24", "f") is None  # a sheet's date carries its year
    with pytest.raises(InputError, match="a weekday that matches"):
        written_date("mon 24 nov 2026", "f")


@pytest.mark.parametrize(
    ("cells", "order", "first"),
    [
        (["24/11/2026", "03/11/2026"], None, datetime(2026, 11, 3)),  # a day above 12: DMY
        (["11/24/2026", "03/11/2026"], None, datetime(2026, 3, 11)),  # a second above 12: MDY
        (["03/11/2026"], "DMY", datetime(2026, 11, 3)),
        (["03/11/2026"], "MDY", datetime(2026, 3, 11)),
        (["05/05/2026"], None, datetime(2026, 5, 5)),  # the same either way
        (["24.11.26", "03.11.26"], None, datetime(2026, 11, 3)),
    ],
)
def test_slash_dates_read_in_the_order_given_or_shown_by_the_file(cells, order, first):
    text = "company,role,interviewed\n" + "".join(f"Co{i},Dev,{c}\n" for i, c in enumerate(cells))
    items = transfer.import_csv(text, date_order=order)
    assert items[-1][0].created == first


def test_an_ambiguous_file_is_refused_until_the_order_is_given(db, capsys, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("company,role,interviewed\nAcme,Dev,03/04/2026\n")
    line = refused_whole(*run(capsys, db, "import", str(sheet))[::2], db, (0, 0))
    assert "line 2, column interviewed" in line and "--date-order" in line
    code, _, err = run(capsys, db, "import", str(sheet), "--date-order", "dmy")
    assert code == 0, err
    code, out, _ = run(capsys, db, "show", "1")
    assert "2026-04-03" in out


def test_a_file_that_mixes_both_orders_is_refused():
    text = "company,role,interviewed\nA,Dev,24/11/2026\nB,Dev,11/24/2026\n"
    with pytest.raises(InputError) as caught:
        transfer.import_csv(text)
    assert caught.value.field == "line 3, column interviewed"
    assert "line 2" in str(caught.value) and "--date-order" in str(caught.value)


def test_missing_headers_say_which_were_found_and_which_are_expected():
    with pytest.raises(InputError) as caught:
        transfer.import_csv("Employer,Salary,Link\nAcme,1,x\n")
    message = str(caught.value)
    assert caught.value.field == "line 1"
    assert "missing role, interviewed" in message
    assert "found 'Employer', 'Salary', 'Link'" in message
    assert "'Job Title'" in message and "'Interview Date'" in message


def test_an_interview_time_in_a_column_of_its_own_joins_its_date():
    text = "Company,Position,Interview Date,Interview Time\nAcme,Dev,11/24/2026,2:30 PM\n"
    [(_, events)] = transfer.import_csv(text)
    assert events[0].at == datetime(2026, 11, 24, 14, 30)


@pytest.mark.parametrize(
    "header",
    [
        "Company,Role,Interviewed",
        "COMPANY NAME,position,Interviewed On",
        "  Employer , Job  Title,interview_date",
        "company-name;JOB-TITLE;Interview Date",
    ],
)
def test_header_aliases_in_any_case_and_spacing(header):
    separator = ";" if ";" in header else ","
    text = header + "\n" + separator.join(["Acme", "Dev", "2026-11-02"]) + "\n"
    [(app, _)] = transfer.import_csv(text)
    assert (app.company, app.role) == ("Acme", "Dev")


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(db, capsys, tmp_path):
    rows = ["Good,Row,2026-11-01"] + [f"Co{i},,2026-11-{30 + i % 2}" for i in range(25)]
    sheet = tmp_path / "s.csv"
    sheet.write_text("company,role,interviewed\n" + "\n".join(rows) + "\n")
    with pytest.raises(transfer.ImportProblems) as caught:
        transfer.import_csv(sheet.read_text())
    problems = caught.value.problems
    assert len(problems) == transfer.MAX_PROBLEMS == 20
    # Every bad row of the first twenty, each with its line and column (a row with two bad
    # cells reports both): "role" everywhere, and 2026-11-31 as well on every other row.
    assert caught.value.total == 25 + 12
    assert problems[0].field == "line 3, column role"
    assert {p.field.split(",")[0] for p in problems} >= {f"line {n}" for n in range(3, 12)}
    assert any(p.field.endswith("column interviewed") and "real date" in str(p) for p in problems)
    code, _, err = run(capsys, db, "import", str(sheet))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 21 and all(line.startswith("tracker: error: line ") for line in lines[:20])
    assert "37 problems (the first 20 above); nothing was written" in lines[-1]
    assert counts(db) == (0, 0)


def test_problems_of_every_kind_are_gathered_from_every_row():
    text = (
        "company,role,interviewed,email,decision_by\n"
        "A,Dev,someday,,\n"  # read by the importer
        "B,Dev,2026-11-02,not-an-address,\n"  # checked by the model, after a bad row
        "C,Dev,2026-11-02,,2026-11-01\n"  # a decision before its interview
        + "D,Dev,2026-11-02,,,surplus\n"
        * 25  # the file's shape
    )
    with pytest.raises(transfer.ImportProblems) as caught:
        transfer.import_csv(text)
    fields = [p.field for p in caught.value.problems]
    assert fields[:4] == [
        "line 2, column interviewed",
        "line 3, column email",
        "line 4, column decision_by",
        "line 5",
    ]
    assert len(fields) == 20 and caught.value.total == 28


def test_a_status_it_cannot_map_is_reported_not_dropped():
    text = "company,role,interviewed,Status\nA,Dev,2026-11-02,Declined\nB,Dev,2026-11-02,maybe\n"
    with pytest.raises(InputError) as caught:
        transfer.import_csv(text)
    assert caught.value.field == "line 3, column Status"
    assert "'maybe'" in str(caught.value) and "ghosted" in str(caught.value)
    items = transfer.import_csv(text.replace("maybe", "Withdrawn"))
    assert [events[-1].outcome for _, events in items] == [Outcome.REJECTED, Outcome.WITHDREW]


def test_our_own_export_keeps_its_status_column_derived(tmp_path):
    """The export has both outcome and a derived status (waiting, due...): status is ignored."""
    text = "company,role,interviewed,outcome,status\nA,Dev,2026-11-02,,waiting\n"
    [(_, events)] = transfer.import_csv(text)
    assert [e.kind for e in events] == [EventKind.INTERVIEW]


def test_dry_run_says_what_would_be_created_and_writes_nothing(db, capsys, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text(excel_text())
    code, out, err = run(capsys, db, "import", str(sheet), "--dry-run")
    assert code == 0, err
    assert (
        "Acme, Inc. — Platform Engineer · interviewed Tue 2026-11-24 14:30 · closed: rejected"
        in out
    )
    assert "Would import 4 applications" in out and "nothing was written" in out
    assert counts(db) == (0, 0)


# --- one validator for every way in ----------------------------------------------------------


def _json(events: list[dict], **app) -> str:
    record = {"company": "Acme", "role": "Dev", "events": events, **app}
    return json.dumps({"format": "tracker-export", "version": 2, "applications": [record]})


OUT_OF_RANGE = [
    ("csv", "company,role,interviewed,decision_by\nA,Dev,2026-11-02,9999-12-31\n",
     "line 2, column decision_by: expected a date between 2000 and 2100 (got '9999-12-31')"),
    ("csv", "company,role,interviewed\nA,Dev,9999-11-02 10:00\n",
     "line 2, column interviewed: expected a date between 2000 and 2100"),
    ("csv", "Employer,Title,Interview Date,Thanked\nA,Dev,Nov 2 2026,Jan 1 0001\n",
     "line 2, column Thanked: expected"),
    ("json", _json([{"kind": "interview", "at": "2026-11-02T10:00:00",
                     "decision_by": "9999-12-31"}]),
     "applications[0].events[0].decision_by: expected a date between 2000 and 2100"),
    ("json", _json([{"kind": "interview", "at": "9999-11-02T10:00:00"}]),
     "applications[0].events[0].at: expected a date between 2000 and 2100"),
    ("json", _json([{"kind": "interview", "at": "2026-11-02T10:00:00"},
                    {"kind": "closed", "at": "0001-01-01T00:00:00", "outcome": "rejected"}]),
     "applications[0].events[1].at: expected a date between 2000 and 2100"),
    ("json", _json([{"kind": "interview", "at": "2026-11-02T10:00:00"}],
                   archived="9999-01-01T00:00:00"),
     "applications[0].archived: expected a date between 2000 and 2100"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "text", "words"), OUT_OF_RANGE)
def test_years_the_cli_refuses_are_refused_by_imports_too(db, capsys, tmp_path, kind, text, words):
    run(
        capsys, db, "add", "--company", "Kept", "--role", "Dev", "--interviewed", "2026-11-20 14:00"
    )
    before = counts(db)
    path = tmp_path / f"in.{kind}"
    path.write_text(text)
    line = refused_whole(*run(capsys, db, "import", str(path))[::2], db, before)
    assert words in line
    code, _out, err = run(capsys, db, "due")
    assert code == 0, err


def test_the_model_is_where_the_range_lives():
    with pytest.raises(InputError, match=r"^at: expected a date between 2000 and 2100"):
        Event(EventKind.INTERVIEW, datetime(9999, 1, 1)).validated()
    with pytest.raises(InputError, match=r"^decision-by: expected a date between"):
        Event(EventKind.INTERVIEW, CLOCK, decision_by=date(9999, 12, 31)).validated()
    with pytest.raises(InputError, match=r"^created: expected a date between"):
        Application("A", "B", created=datetime(1, 1, 1)).validated()
    with pytest.raises(InputError, match=r"^archived: expected a date between"):
        Application("A", "B", created=CLOCK, archived=datetime(2101, 1, 1)).validated()


# --- import safety ---------------------------------------------------------------------------


def test_an_unbalanced_quote_is_refused_naming_the_line_it_starts_on(db, capsys, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "company,role,interviewed,notes\n"
        'A,Dev,2026-11-01,"fine\nover two lines"\n'
        'B,Dev,2026-11-02,"never closed\n'
        "C,Dev,2026-11-03,x\nD,Dev,2026-11-04,y\n"
    )
    line = refused_whole(*run(capsys, db, "import", str(sheet))[::2], db, (0, 0))
    assert line.startswith("tracker: error: line 4: expected a closing quote")


def test_the_import_limit_is_checked_while_streaming():
    read: list[str] = []

    def lines():
        yield "company,role,interviewed\n"
        for n in range(1_000_000):
            read.append("x")
            yield f"Co{n},Dev,2026-11-02\n"

    with pytest.raises(InputError, match=r"^line 5: expected at most 3 applications in one import"):
        transfer.import_csv(lines(), limit=3)
    assert len(read) <= 5  # it stopped at the first row past the limit


def test_the_documented_limit_applies_to_the_cli(db, capsys, tmp_path, monkeypatch):
    assert transfer.IMPORT_LIMIT == 100_000
    monkeypatch.setattr(transfer, "IMPORT_LIMIT", 2)
    sheet = tmp_path / "s.csv"
    sheet.write_text("company,role,interviewed\n" + "A,Dev,2026-11-02\n" * 3)
    line = refused_whole(*run(capsys, db, "import", str(sheet))[::2], db, (0, 0))
    assert "at most 2 applications in one import" in line
    doc = tmp_path / "d.json"
    doc.write_text(
        json.dumps(
            {
                "format": "tracker-export",
                "version": 1,
                "applications": [
                    {"company": "A", "role": "B", "events": [{"kind": "interview", "at": NOW}]}
                ]
                * 3,
            }
        )
    )
    line = refused_whole(*run(capsys, db, "import", str(doc))[::2], db, (0, 0))
    assert "at most 2 applications in one import" in line


def test_a_json_file_above_the_size_bound_is_refused_before_reading(db, capsys, tmp_path,
                                                                     monkeypatch):  # fmt: skip
    monkeypatch.setattr(transfer, "JSON_SIZE_LIMIT", 100)
    path = tmp_path / "in.json"
    path.write_text(_json([{"kind": "interview", "at": "2026-11-02T10:00:00"}], notes="x" * 200))
    line = refused_whole(*run(capsys, db, "import", str(path))[::2], db, (0, 0))
    assert "a file of at most" in line


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (_json([{"kind": "interview", "at": "2026-11-02T10:00:00"}], contact="\\ud800"), "contact"),
        ('{"company": "\\ud800"}', "format"),
        ("[" * 100_000 + "]" * 100_000, "nested"),
        ('{"format": "tracker-export", "version": ' + "9" * 5000 + "}", "at most 20 digits"),
        ('{"format": "tracker-export", "version": NaN}', "finite number"),
        ('{"format": "tracker-export", "version": 1e999999}', "version"),
        (_json([{"kind": "interview", "at": "2026-11-02T10:00:00"}], id=2**63 - 1), "from 1 to"),
        (_json([{"kind": "interview", "at": "2026-11-02T10:00:00"}], id=2**53), "from 1 to"),
    ],
    ids=["surrogate", "surrogate-unknown", "deep", "digits", "nan", "huge-float", "max-id", "2^53"],
)
def test_hostile_json_is_one_line_and_exit_2(db, capsys, tmp_path, text, words):
    path = tmp_path / "in.json"
    path.write_text(text.replace("\\\\ud800", "\\ud800"))
    line = refused_whole(*run(capsys, db, "import", str(path))[::2], db, (0, 0))
    assert words in line


def test_an_id_within_bounds_is_kept_and_new_ids_count_on(db, capsys, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(
        _json([{"id": 7, "kind": "interview", "at": "2026-11-02T10:00:00"}], id=2**53 - 1)
    )
    code, _, err = run(capsys, db, "import", str(path))
    assert code == 0, err
    code, out, err = run(
        capsys, db, "add", "--company", "B", "--role", "C", "--interviewed", "2026-11-20 14:00"
    )
    assert code == 0, err
    assert f"#{2**53}" in out


def test_json_keeps_every_v3_field():
    from tracker.model import Debrief, Person

    app = Application("Acme", "Dev", created=CLOCK, id=3, archived=datetime(2026, 11, 24, 9))
    events = [
        Event(EventKind.INTERVIEW, datetime(2026, 11, 16, 10), Channel.EMAIL, id=1, app_id=3,
              people=(Person("Ana", "ana@acme.example", "CTO"), Person("Bo"))),
        Event(EventKind.DEBRIEF, datetime(2026, 11, 16, 12), id=2, app_id=3,
              debrief=Debrief((("Ana", "the migration"),), "on-call story", "Go and Postgres")),
        Event(EventKind.DECISION, datetime(2026, 11, 16, 12), decision_by=date(2026, 12, 1),
              id=3, app_id=3),
        Event(EventKind.THANKED, datetime(2026, 11, 16, 18), Channel.EMAIL, person="Ana",
              id=4, app_id=3),
        Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 20, 9), Channel.PHONE, voicemail=True,
              expedite=True, id=5, app_id=3),
    ]  # fmt: skip
    text = transfer.export_json([(app, events)])
    assert transfer.import_json(text) == [(app, events)]
    record = json.loads(text)["applications"][0]
    assert record["archived"] == "2026-11-24T09:00:00"
    assert record["events"][0]["people"][0] == {
        "name": "Ana",
        "email": "ana@acme.example",
        "title": "CTO",
    }


# --- unreadable cards ------------------------------------------------------------------------

CORRUPTIONS = [
    ("UPDATE events SET decision_by = '9999-12-31' WHERE app_id = 2",
     "event 2: decision_by '9999-12-31' is outside 2000–2100"),
    ("UPDATE events SET at = '9999-01-01 10:00:00' WHERE app_id = 2",
     "event 2: at '9999-01-01 10:00:00' is outside 2000–2100"),
    ("UPDATE events SET at = 'last tuesday' WHERE app_id = 2",
     "event 2: at 'last tuesday' is not a date and time"),
    ("UPDATE events SET kind = 'mystery' WHERE app_id = 2",
     "event 2: kind 'mystery' is not one tracker knows"),
    ("UPDATE events SET reply_within = 99999999999 WHERE app_id = 2",
     "event 2: reply_within 99999999999 is not 0 to 365 days"),
    ("UPDATE events SET people = '{not json' WHERE app_id = 2",
     "event 2: people is not in the form tracker writes"),
    ("UPDATE applications SET created = '0001-01-01 00:00:00' WHERE id = 2",
     "created '0001-01-01 00:00:00' is outside 2000–2100"),
    ("UPDATE applications SET via = 'pigeon' WHERE id = 2",
     "via 'pigeon' is not one tracker knows"),
    ("UPDATE applications SET archived = x'00ff' WHERE id = 2",
     "archived b'\\x00\\xff' is not a date and time"),
    ("UPDATE applications SET company = CAST(x'41ff42' AS TEXT) WHERE id = 2",
     "company 'A\ufffdB' is not UTF-8 text"),
    ("UPDATE events SET note = CAST(x'41ff42' AS TEXT) WHERE app_id = 2",
     "event 2: note 'A\ufffdB' is not UTF-8 text"),
    ("UPDATE events SET note = x'00ff' WHERE app_id = 2",
     "event 2: note b'\\x00\\xff' is not text"),
]  # fmt: skip


@pytest.fixture
def corrupt(db, capsys, request) -> tuple[Path, str]:
    """Two cards, the second spoiled by another program."""
    for company in ("Fine", "Spoiled"):
        code, _, err = run(
            capsys, db, "add", "--company", company, "--role", "Dev",
            "--interviewed", "2026-11-20 14:00",
        )  # fmt: skip
        assert code == 0, err
    statement, reason = request.param
    with sqlite3.connect(db) as conn:
        conn.execute(statement)
    return db, reason


@pytest.mark.parametrize("corrupt", CORRUPTIONS, indirect=True, ids=lambda c: c[1][:30])
def test_a_value_tracker_cannot_use_marks_its_card_and_everything_else_works(corrupt, capsys):
    db, reason = corrupt
    with Store.open(db) as store:
        (fine, _), (spoiled, _) = store.load_all()
        assert fine.problem == "" and spoiled.problem == reason
        assert store.get_application(2).problem == reason
        assert store.load_one(2)[0].problem == reason
    code, out, err = run(capsys, db, "list")
    assert code == 0, err
    assert "Fine" in out and "unreadable" in out
    code, out, err = run(capsys, db, "due")
    assert code == 0, err
    assert f"Unreadable: {reason}." in out
    code, out, err = run(capsys, db, "show", "2")
    assert code == 0, err
    assert f"Reason    Unreadable: {reason}." in out
    code, out, err = run(capsys, db, "due", "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "unreadable"
    code, out, err = run(capsys, db, "draft", "2")
    assert code == 2 and "nothing to send while the card is unreadable" in err
    for fmt in ("json", "csv", "ics"):
        code, out, err = run(capsys, db, "export", "--format", fmt)
        assert code == 0, err
        assert "#2 left out: unreadable" in err
    assert [a["company"] for a in json.loads(run(capsys, db, "export")[1])["applications"]] == [
        "Fine"
    ]
    code, out, err = run(capsys, db, "delete", "2", "--yes")
    assert code == 0, err
    assert counts(db) == (1, 1)


@pytest.mark.parametrize(
    ("statement", "fix"),
    [
        ("UPDATE events SET decision_by = '9999-12-31'",
         ["amend", "1", "--decision-by", "2026-12-01"]),
        ("UPDATE events SET at = '9999-01-01 10:00:00'",
         ["amend", "1", "--on", "2026-11-20 14:00"]),
        ("UPDATE applications SET created = 'soon'", ["edit", "1", "--company", "Acme Corp"]),
    ],
)  # fmt: skip
def test_an_unreadable_card_can_be_corrected_in_place(db, capsys, statement, fix):
    run(
        capsys, db, "add", "--company", "Acme", "--role", "Dev", "--interviewed", "2026-11-20 14:00"
    )
    with sqlite3.connect(db) as conn:
        conn.execute(statement)
    code, _out, err = run(capsys, db, *fix)
    assert code == 0, err
    with Store.open(db) as store:
        [(app, events)] = store.load_all()
    assert app.problem == ""
    assert evaluate(app, events, PRESETS["standard"], CLOCK).status is not Status.UNREADABLE


def test_the_fast_load_is_kept_for_good_rows_around_a_bad_one(db, capsys):
    for n in range(5):
        run(capsys, db, "add", "--company", f"C{n}", "--role", "R", "--interviewed", "2026-11-20")
    with Store.open(db) as store:
        clean = store.load_all()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET at = 'x' WHERE app_id = 3")
    with Store.open(db) as store:
        again = store.load_all()
    assert [item for item in again if item[0].id != 3] == [
        item for item in clean if item[0].id != 3
    ]


def test_the_board_loads_and_shows_why_a_card_is_unreadable(db, capsys):
    run(
        capsys, db, "add", "--company", "Acme", "--role", "Dev", "--interviewed", "2026-11-20 14:00"
    )
    run(capsys, db, "add", "--company", "Spoiled", "--role", "Dev", "--interviewed", "2026-11-20")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET decision_by = '9999-12-31' WHERE app_id = 2")

    async def scenario() -> list[str]:
        app = create_app(db, Config(), frozen(CLOCK))
        async with app.run_test(size=(120, 35)) as pilot:
            screen = app.screen_stack[0]
            await asyncio.wait_for(screen.ready.wait(), timeout=30)  # type: ignore[attr-defined]
            await pilot.pause()
            cards = screen.deck.column(Stage.INTERVIEWED)  # type: ignore[attr-defined]
            column = screen.column(Stage.INTERVIEWED)  # type: ignore[attr-defined]
            text = [column.render_line(y).text for y in range(10)]
            assert [c.app.company for c in cards] == ["Spoiled", "Acme"]  # it comes first
            return text

    lines = asyncio.run(scenario())
    assert any("● unreadable" in line for line in lines)
    assert any("event 2: deci" in line for line in lines)  # the why, cut to the column


def test_an_unreadable_card_s_badge_lines_say_why():
    app = Application("Spoiled", "Dev", id=2, problem="event 4: at 'x' is not a date and time")
    advice = evaluate(app, [], PRESETS["standard"], CLOCK)
    assert (advice.stage, advice.status, advice.action) == (
        Stage.INTERVIEWED,
        Status.UNREADABLE,
        None,
    )
    card = Card(app=app, events=[], advice=advice)
    assert badge_lines(card, CLOCK) == ("unreadable", "event 4: at 'x' is not a date and time")
