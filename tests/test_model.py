"""Field validation shared by the CLI, the forms and imports."""

import dataclasses
import inspect
from datetime import date, datetime

import pytest

from tracker.model import (
    Advice,
    Application,
    Channel,
    Debrief,
    Event,
    EventKind,
    InputError,
    Outcome,
    Person,
    match_person,
)

AT = datetime(2026, 11, 20, 14, 0)


@pytest.mark.parametrize(
    ("app", "field"),
    [
        (Application("  ", "Engineer"), "company"),
        (Application("Acme", ""), "role"),
        (Application("Acme\x1b[2J", "Engineer"), "company"),
        (Application("Acme", "Eng\nineer"), "role"),
        (Application("Acme", "Engineer", email="not-an-address"), "email"),
        (Application("Acme", "Engineer", phone="call me"), "phone"),
        (Application("Acme", "Engineer", notes="bell\x07"), "notes"),
        (Application("A" * 201, "Engineer"), "company"),
    ],
)
def test_invalid_applications_name_the_field(app, field):
    with pytest.raises(InputError) as err:
        app.validated()
    assert err.value.field == field
    assert "\n" not in str(err.value) and "\x1b" not in str(err.value)


def test_valid_application_is_trimmed_and_keeps_markup_and_sql_as_typed():
    app = Application(
        " [bold]Acme[/] ",
        "Robert'); DROP TABLE applications;--",
        email=" a@b.co ",
        notes="line 1\r\nline 2\tend",
        via=Channel.PHONE,
    ).validated()
    assert app.company == "[bold]Acme[/]"
    assert app.role == "Robert'); DROP TABLE applications;--"
    assert app.email == "a@b.co"
    assert app.notes == "line 1\nline 2\tend"


@pytest.mark.parametrize(
    ("event", "field"),
    [
        (Event(EventKind.INTERVIEW, AT, decision_by=date(2026, 11, 19)), "decision-by"),
        (Event(EventKind.INTERVIEW, AT, reply_within=-1), "reply-within"),
        (Event(EventKind.INTERVIEW, AT, decision_by=date(2026, 12, 1), reply_within=3), "decision"),
        (Event(EventKind.CLOSED, AT), "outcome"),
        (Event(EventKind.FOLLOWED_UP, AT), "via"),
        (Event(EventKind.NOTE, AT, note="\x1b]52;c;aGk=\x07"), "note"),
    ],
)
def test_invalid_events_name_the_field(event, field):
    with pytest.raises(InputError) as err:
        event.validated()
    assert err.value.field == field


# --- the people met, debriefs, and what each event may carry (issue 11) --------------------


def test_a_person_is_read_from_name_title_and_address():
    p = Person.parse("  Priya Natarajan, Head of Data <priya@northwind.example> ")
    assert p == Person("Priya Natarajan", "priya@northwind.example", "Head of Data")
    assert p.first_name == "Priya"
    assert str(p) == "Priya Natarajan, Head of Data <priya@northwind.example>"
    assert Person.parse("Sam Park") == Person("Sam Park")
    assert Person("Dr. Ana Ruiz").first_name == "Dr. Ruiz"
    for bad, expected in (
        ("<sam@x.example>", "a name first"),
        (", CTO", "a name first"),
        ("Sam <not-an-address>", "an address such as"),
        ("Sam\x1b[31m", "printable"),
    ):
        with pytest.raises(InputError, match=expected) as err:
            Person.parse(bad)
        assert err.value.field == "with"


def test_a_name_picks_one_person_met():
    met = (Person("Ana Ruiz"), Person("Dr. Bo Li"), Person("Ana Chen"))
    assert match_person(met, "ana ruiz").name == "Ana Ruiz"
    assert match_person(met, "Li").name == "Dr. Bo Li"
    assert match_person(met, "Dr. Li").name == "Dr. Bo Li"
    with pytest.raises(InputError, match=r"fuller name .* fits Ana Ruiz and Ana Chen"):
        match_person(met, "Ana")
    with pytest.raises(InputError, match="one of the people met in the latest round: Ana Ruiz"):
        match_person(met, "Lee")
    with pytest.raises(InputError, match="nobody is recorded"):
        match_person((), "Lee")


def test_each_event_carries_only_what_fits_its_kind():
    at = datetime(2026, 11, 16, 10)
    with pytest.raises(InputError, match="each person once"):
        Event(EventKind.INTERVIEW, at, people=(Person("Sam"), Person(" sam "))).validated()
    for event, field in (
        (Event(EventKind.THANKED, at, people=(Person("Sam"),)), "with"),
        (Event(EventKind.NOTE, at, person="Sam", note="x"), "to"),
        (Event(EventKind.FOLLOWED_UP, at, channel=Channel.EMAIL, voicemail=True), "voicemail"),
        (Event(EventKind.REPLIED, at, expedite=True), "expedite"),
        (Event(EventKind.NOTE, at, note="x", debrief=Debrief(point="x")), "debrief"),
        (Event(EventKind.CLOSED, at, outcome=Outcome.REJECTED, decision_by=at.date()), "answer-by"),
        (Event(EventKind.DECISION, at), "decision-by"),
    ):
        with pytest.raises(InputError) as err:
            event.validated()
        assert err.value.field == field, event
    Event(EventKind.FOLLOWED_UP, at, channel=Channel.PHONE, voicemail=True).validated()
    Event(EventKind.CLOSED, at, outcome=Outcome.OFFER, decision_by=at.date()).validated()


def test_a_debrief_needs_both_halves_of_a_topic_and_single_lines():
    assert Debrief((("Sam ", " on-call "),), " x ", "y").validated() == Debrief(
        (("Sam", "on-call"),), "x", "y"
    )
    assert Debrief((("Sam Park", "on-call"),)).topic_for("sam") == "on-call"
    with pytest.raises(InputError, match="NAME: what you discussed"):
        Debrief((("Sam", " "),)).validated()
    with pytest.raises(InputError, match="single line"):
        Debrief(point="a\nb").validated()


@pytest.mark.parametrize(
    "phone",
    [
        "(415) 555-0199",
        "+44 (0)20 7946 0958",
        "415.555.0199",
        "+1 415 555 0199 ext. 12",
        "+1 415 555 0199 ext 12",
        "+1 415 555 0199 x12",
        "+1 415 555 0199, Ext. 12",
        "415-555-0199 X 7",
        "+1 555 0100",
        "+33 1 42 68 53 00",
        "020/7946 0958",
    ],
)
def test_phone_numbers_as_people_write_them_are_accepted_as_typed(phone):
    assert Application("Acme", "Engineer", phone=f" {phone} ").validated().phone == phone


@pytest.mark.parametrize(
    "phone",
    [
        "call me",
        "555-CALL",
        "1234",  # too few digits
        "+1 234 567 890 123 456",  # more than E.164's 15
        "(415 555-0199",
        "415) 555 (0199",
        "((415)) 555 0199",
        "415 555 0199 ext.",
        "ext. 12",
        "++1 415 555 0199",
        "415 555 0199 +",
        "٤١٥٥٥٥٠١٩٩",  # digits, but not ones a phone dials
    ],
)
def test_a_non_number_is_refused_with_one_consistent_message(phone):
    with pytest.raises(InputError) as err:
        Application("Acme", "Engineer", phone=phone).validated()
    assert str(err.value).startswith(
        "phone: expected a phone number such as +1 415 555 0199 (5 to 15 digits; "
        "spaces, + ( ) . - / allowed; an optional ext. 12)"
    )


def test_advice_is_built_with_every_field_as_the_dataclass_declares_it():
    """Advice's own __init__ (slot setters, for start-up speed) takes the dataclass's fields,
    in order, with the same defaults: a field added to one and not the other fails here."""
    params = list(inspect.signature(Advice.__init__).parameters.values())[1:]
    declared = dataclasses.fields(Advice)
    assert [p.name for p in params] == [f.name for f in declared]
    for param, declared_field in zip(params, declared, strict=True):
        default = declared_field.default
        expected = inspect.Parameter.empty if default is dataclasses.MISSING else default
        assert param.default == expected, param.name
    values = {
        f.name: (lambda: "words") if f.name.startswith("say_") else object() for f in declared
    }
    advice = Advice(**values)
    assert all(getattr(advice, name) is value for name, value in values.items())
    with pytest.raises(dataclasses.FrozenInstanceError):
        advice.rule = "F1"  # type: ignore[misc]
    changed = dataclasses.replace(advice, rule="F2")
    assert changed.rule == "F2" and changed == Advice(**{**values, "rule": "F2"})
