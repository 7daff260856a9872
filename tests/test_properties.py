"""Property-based checks: whatever a person types, the parsers and validators either accept it or
refuse it with a one-line InputError naming the field, never anything else."""

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import transfer
from tracker.dates import parse_day, parse_moment, parse_reply_within
from tracker.drafts import render
from tracker.model import Application, DraftKind, Event, EventKind, InputError, Profile
from tracker.rules import PRESETS, evaluate

NOW = datetime(2026, 11, 24, 10, 30)
HOSTILE = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.sampled_from(
        [
            "[bold]Acme[/]",
            "[/]",
            "[link=https://x.example]x[/link]",
            "\x1b[31mred",
            "\x1b]52;c;aGk=\x07",
            "{role}",
            "$company",
            "%s",
            "'; DROP TABLE events;--",
            "A" * 10_000,
            "\u202eevil",
            "\x00",
        ]
    ),
)
DATEISH = st.one_of(
    HOSTILE,
    st.from_regex(r"\d{1,5}-\d{1,3}-\d{1,3}( \d{1,3}:\d{1,3})?", fullmatch=True),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
    st.sampled_from(
        [
            "today",
            "yesterday 25:00",
            "friday 23:59",
            "in 0 days",
            "in 9999 days",
            "2100-12-31 23:59",
            "2101-01-01",
            "1999-12-31 23:59",
            "2000-01-01 00:00",
        ]
    ),
)


def refused_in_one_line(err: InputError, field: str) -> None:
    assert err.field == field
    message = str(err)
    assert message.startswith(f"{field}: expected ")
    assert "\n" not in message and "\x1b" not in message


@settings(max_examples=300, deadline=None)
@given(DATEISH)
def test_date_parsers_accept_or_refuse_in_one_line(text):
    for parse, field in ((parse_moment, "on"), (parse_day, "decision-by")):
        try:
            value = parse(text, NOW, field)
        except InputError as err:
            refused_in_one_line(err, field)
        else:
            assert 2000 <= value.year <= 2100
    try:
        days = parse_reply_within(text, "reply-within")
    except InputError as err:
        refused_in_one_line(err, "reply-within")
    else:
        assert days is None or 0 <= days <= 365


@settings(max_examples=200, deadline=None)
@given(company=HOSTILE, role=HOSTILE, contact=HOSTILE, notes=HOSTILE)
def test_accepted_text_renders_literally_in_every_draft(company, role, contact, notes):
    try:
        app = Application(company, role, contact=contact, notes=notes, created=NOW).validated()
    except InputError as err:
        assert err.field in {"company", "role", "contact", "notes"}
        assert "\n" not in str(err)
        return
    events = [Event(EventKind.INTERVIEW, NOW - timedelta(days=1))]
    advice = evaluate(app, events, PRESETS["standard"], NOW)
    for kind in DraftKind:
        draft = render(kind, app, events, advice, Profile(), NOW)
        assert app.role in draft.text
        assert "\x1b" not in draft.text


@settings(max_examples=300, deadline=None)
@given(
    interviewed=DATEISH,
    decision=DATEISH,
    thanked=DATEISH,
    order=st.sampled_from([None, "MDY", "DMY"]),
)
def test_a_spreadsheet_date_is_read_in_range_or_refused_in_one_line(
    interviewed, decision, thanked, order
):
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    text = "company,role,interviewed,decision_by,thanked\nAcme,Dev," + ",".join(
        cell(t) for t in (interviewed, decision, thanked)
    )
    try:
        items = transfer.import_csv(text + "\n", date_order=order)
    except InputError as err:
        assert str(err).startswith("line ")
        assert "\x1b" not in str(err) and "\n" not in str(err)
        return
    for app, events in items:
        assert 2000 <= app.created.year <= 2100
        for event in events:
            assert 2000 <= event.at.year <= 2100
            assert event.decision_by is None or 2000 <= event.decision_by.year <= 2100
