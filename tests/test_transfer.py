"""The export/import formats on their own: JSON (lossless), CSV (spreadsheets), iCalendar."""

import csv
import io
import json
import time
from datetime import date, datetime

import pytest

from tracker import transfer
from tracker.model import (
    Application,
    Channel,
    Event,
    EventKind,
    InputError,
    Outcome,
)
from tracker.rules import Policy, evaluate

NOW = datetime(2026, 11, 3, 10, 0)  # a Tuesday


def sample_items() -> list[tuple[Application, list[Event]]]:
    """Three cards with every field used, ids set as the store returns them."""
    acme = Application(
        "Acme, Inc.",
        "Platform Engineer; Infra",
        contact="Dana Lee",
        email="dana@acme.example",
        phone="+1 555 0100",
        via=Channel.PHONE,
        notes='Line one\nLine two, with "quotes" and a \\ backslash',
        created=datetime(2026, 10, 1, 9, 30),
        id=3,
    )
    acme_events = [
        Event(
            EventKind.INTERVIEW,
            datetime(2026, 10, 20, 15, 0),
            Channel.PHONE,
            reply_within=5,
            id=10,
            app_id=3,
        ),
        Event(EventKind.THANKED, datetime(2026, 10, 20, 19, 0), Channel.EMAIL, id=11, app_id=3),
        Event(
            EventKind.FOLLOWED_UP,
            datetime(2026, 10, 27, 10, 0),
            Channel.EMAIL,
            note="sent in thread",
            id=12,
            app_id=3,
        ),
        Event(
            EventKind.REPLIED,
            datetime(2026, 10, 28, 8, 15),
            Channel.EMAIL,
            decision_by=date(2026, 11, 6),
            id=13,
            app_id=3,
        ),
    ]
    globex = Application("Globex", "Analyst", created=datetime(2026, 11, 2, 12, 0), id=7)
    globex_events = [
        Event(EventKind.INTERVIEW, datetime(2026, 11, 2, 16, 0), Channel.EMAIL, id=20, app_id=7),
    ]
    initech = Application("Initech", "=cmd|' /C calc'!A0", created=datetime(2026, 9, 1), id=9)
    initech_events = [
        Event(EventKind.INTERVIEW, datetime(2026, 9, 1, 11, 0), Channel.EMAIL, id=30, app_id=9),
        Event(
            EventKind.CLOSED, datetime(2026, 9, 20, 9, 0), outcome=Outcome.REJECTED, id=31, app_id=9
        ),
    ]
    return [(acme, acme_events), (globex, globex_events), (initech, initech_events)]


def advices(items, now=NOW):
    return [evaluate(app, events, Policy(), now) for app, events in items]


# --- JSON -------------------------------------------------------------------------------------


def test_json_round_trip_keeps_every_field_and_id():
    items = sample_items()
    text = transfer.export_json(items, now=NOW)
    document = json.loads(text)
    assert document["format"] == "tracker-export"
    assert document["version"] == 2
    assert document["exported"] == "2026-11-03T10:00:00"
    assert set(document["applications"][0]) == {
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
        "events",
    }
    assert set(document["applications"][0]["events"][0]) == {
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
    }
    assert transfer.import_json(text) == items


def test_json_import_without_ids_or_created_is_accepted():
    text = json.dumps(
        {
            "format": "tracker-export",
            "version": 1,
            "applications": [
                {
                    "company": "Acme",
                    "role": "Dev",
                    "events": [{"kind": "interview", "at": "2026-11-02T15:00:00"}],
                }
            ],
        }
    )
    [(app, events)] = transfer.import_json(text)
    assert app.id is None and app.created == datetime(2026, 11, 2, 15, 0)
    assert events[0].id is None and events[0].kind is EventKind.INTERVIEW


def _doc(**app_changes):
    app = {
        "id": 1,
        "company": "Acme",
        "role": "Dev",
        "events": [{"id": 1, "kind": "interview", "at": "2026-11-02T15:00:00"}],
    }
    app.update(app_changes)
    return {"format": "tracker-export", "version": 1, "applications": [app]}


@pytest.mark.parametrize(
    ("document", "field", "words"),
    [
        ("{not json", "line 1, column 2", "valid JSON"),
        ([], "document", "an object"),
        ({"format": "other", "version": 1, "applications": []}, "format", "tracker export"),
        ({"format": "tracker-export", "version": 9, "applications": []}, "version", "newer"),
        ({"format": "tracker-export", "version": 1}, "applications", "a list"),
        (_doc(company=""), "applications[0].company", "non-empty"),
        (_doc(company=5), "applications[0].company", "a string"),
        (_doc(email="nope"), "applications[0].email", "name@example.com"),
        (_doc(via="fax"), "applications[0].via", "email, phone"),
        (_doc(events=[]), "applications[0].events", "non-empty list"),
        (
            _doc(events=[{"kind": "thanked", "at": "2026-11-02T15:00:00"}]),
            "applications[0].events[0].kind",
            "interview",
        ),
        (
            _doc(events=[{"kind": "interview", "at": "2026-02-30T15:00:00"}]),
            "applications[0].events[0].at",
            "real date",
        ),
        (
            _doc(events=[{"kind": "interview", "at": "2026-11-02T15:00:00", "reply_within": -1}]),
            "applications[0].events[0].reply_within",
            "0 to 365",
        ),
        (
            _doc(
                events=[
                    {"kind": "interview", "at": "2026-11-02T15:00:00", "decision_by": "2026-10-01"}
                ]
            ),
            "applications[0].events[0].decision_by",
            "on or after",
        ),
        (
            _doc(
                events=[
                    {"kind": "interview", "at": "2026-11-02T15:00:00"},
                    {"kind": "closed", "at": "2026-11-03T15:00:00"},
                ]
            ),
            "applications[0].events[1].outcome",
            "offer",
        ),
        (_doc(salary=100), "applications[0].salary", "known fields"),
        (_doc(id=0), "applications[0].id", "from 1 to"),
    ],
)
def test_json_import_names_the_path_of_the_problem(document, field, words):
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(InputError) as caught:
        transfer.import_json(text)
    assert caught.value.field == field
    assert words in str(caught.value)


def test_json_import_refuses_a_duplicate_id():
    document = _doc()
    document["applications"].append(dict(document["applications"][0]))
    with pytest.raises(InputError, match=r"applications\[1\]\.id: expected an id used only once"):
        transfer.import_json(json.dumps(document))


# --- CSV --------------------------------------------------------------------------------------


def test_csv_import_reads_every_column():
    text = (
        "Company,Role,Interviewed,Contact,E-mail,Phone,Via,Decision by,reply_within,thanked,"
        "outcome,notes\r\n"
        "Acme,Engineer,2026-11-02 15:00,Dana,dana@acme.example,+1 555 0100,phone,2026-11-10,,"
        '2026-11-02,,"two\nlines"\r\n'
        "Globex,Analyst,2026-10-01,,,,,,5,2026-10-02 09:00,Rejected,\r\n"
    )
    # "E-mail" is not "email": reported, not guessed.
    warnings: list[str] = []
    items = transfer.import_csv(text.replace("E-mail", "email"), warnings)
    assert warnings == []
    (acme, acme_events), (globex, globex_events) = items
    assert acme == Application(
        "Acme",
        "Engineer",
        contact="Dana",
        email="dana@acme.example",
        phone="+1 555 0100",
        via=Channel.PHONE,
        notes="two\nlines",
        created=datetime(2026, 11, 2, 15, 0),
    )
    interview, thanks = acme_events
    assert interview == Event(
        EventKind.INTERVIEW,
        datetime(2026, 11, 2, 15, 0),
        Channel.PHONE,
        decision_by=date(2026, 11, 10),
    )
    # A thank-you date without a time on the interview's day counts from the interview.
    assert thanks.kind is EventKind.THANKED and thanks.at == datetime(2026, 11, 2, 15, 0)
    assert globex.via is Channel.EMAIL
    assert [e.kind for e in globex_events] == [
        EventKind.INTERVIEW,
        EventKind.THANKED,
        EventKind.CLOSED,
    ]
    assert globex_events[0].reply_within == 5
    assert globex_events[2].outcome is Outcome.REJECTED


def test_csv_unknown_columns_are_reported_and_ignored():
    warnings: list[str] = []
    items = transfer.import_csv(
        "company,role,interviewed,Salary,Link\nAcme,Dev,2026-11-02 15:00,100,x\n", warnings
    )
    assert len(items) == 1
    [warning] = warnings
    assert warning.startswith("line 1: ignoring unknown columns Salary, Link")


def test_csv_export_columns_read_back_without_warnings():
    items = sample_items()
    by_id = {app.id: advice for (app, _), advice in zip(items, advices(items), strict=True)}
    warnings: list[str] = []
    back = transfer.import_csv(transfer.export_csv(items, by_id), warnings)
    assert warnings == []
    assert [(a.company, a.role, a.email, a.phone, a.notes) for a, _ in back] == [
        (a.company, a.role, a.email, a.phone, a.notes) for a, _ in items
    ]
    # The CSV summary: latest round, its thank-you, the outcome. Follow-ups stay in JSON.
    assert [e.kind for e in back[0][1]] == [EventKind.INTERVIEW, EventKind.THANKED]
    assert back[0][1][0].reply_within == 5
    assert back[2][1][-1].outcome is Outcome.REJECTED


def test_csv_export_neutralises_formulas():
    items = sample_items()
    items[1] = (
        Application("@SUM(A1)", "-2+3", contact="+cmd", notes="\tTabbed", id=7),
        items[1][1],
    )
    text = transfer.export_csv(items, {})
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=cmd|' /C calc'!A0" in cells
    assert {"'@SUM(A1)", "'-2+3", "'\tTabbed", "'+cmd", "'+1 555 0100"} <= set(cells)
    assert text.endswith("\r\n")
    # ...and reading it back takes the guard off again.
    back = transfer.import_csv(text)
    assert back[1][0].company == "@SUM(A1)" and back[2][0].role == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ("Acme,Dev,2026-02-30 10:00", "line 3, column interviewed", "real date"),
        ("Acme,Dev,next week", "line 3, column interviewed", "YYYY-MM-DD"),
        (",Dev,2026-11-02", "line 3, column company", "required"),
        ("Acme,,2026-11-02", "line 3, column role", "required"),
        ("Acme,Dev,2026-11-02,nope", "line 3, column email", "name@example.com"),
        ("Acme,Dev,2026-11-02,,fax", "line 3, column via", "email or phone"),
        ("Acme,Dev,2026-11-02,,,2026-11-01", "line 3, column decision_by", "on or after"),
        ("Acme,Dev,2026-11-02,,,,-3", "line 3, column reply_within", "0 to 365"),
        ("Acme,Dev,2026-11-02,,,2026-11-09,5", "line 3, column decision_by", "not both"),
        ("Acme,Dev,2026-11-02,,,,,2026-11-01", "line 3, column thanked", "on or after"),
        ("Acme,Dev,2026-11-02,,,,,,maybe", "line 3, column outcome", "offer (or accepted"),
        ("Acme,Dev,2026-11-02,,,,,,,,surplus", "line 3", "at most 9 cells"),
    ],
)
def test_csv_bad_row_names_line_and_column(body, where, words):
    header = "company,role,interviewed,email,via,decision_by,reply_within,thanked,outcome\n"
    text = header + "Fine,Row,2026-11-01 10:00\n" + body + "\n"
    with pytest.raises(InputError) as caught:
        transfer.import_csv(text)
    assert caught.value.field == where
    assert words in str(caught.value)


def test_csv_line_numbers_count_physical_lines_and_skip_blank_rows():
    text = (
        "company,role,interviewed,notes\n"
        'Acme,Dev,2026-11-01 10:00,"a note\non three\nlines"\n'
        "\n"
        ",,,\n"
        "Globex,Dev,2026-11-31 10:00,\n"
    )
    with pytest.raises(InputError, match=r"^line 7, column interviewed: "):
        transfer.import_csv(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "header row"),
        ("company,role\nAcme,Dev\n", "missing interviewed"),
        ("company,role,interviewed,Company\n", "only once"),
    ],
)
def test_csv_header_problems(text, words):
    with pytest.raises(InputError, match=r"^line 1") as caught:
        transfer.import_csv(text)
    assert words in str(caught.value)


def test_csv_accepts_a_byte_order_mark_and_semicolon_free_quoting():
    items = transfer.import_csv('\ufeffcompany,role,interviewed\n"Acme, Inc.",Dev,2026-11-02\n')
    assert items[0][0].company == "Acme, Inc."
    assert items[0][1][0].at == datetime(2026, 11, 2, 0, 0)


@pytest.mark.speed
def test_csv_ten_thousand_rows_read_quickly():
    rows = "".join(
        f"Company {i},Role {i % 40},2026-10-{1 + i % 28:02d} 10:00,Pat,p{i}@x.example,"
        f"+1 555 {i:04d},email,,{i % 10},2026-10-{1 + i % 28:02d} 18:00,,note {i}\n"
        for i in range(10_000)
    )
    text = (
        "company,role,interviewed,contact,email,phone,via,decision_by,reply_within,thanked,"
        "outcome,notes\n" + rows
    )
    start = time.perf_counter()
    items = transfer.import_csv(text)
    elapsed = time.perf_counter() - start
    assert len(items) == 10_000
    assert elapsed < 1.5, f"{elapsed:.2f}s"
