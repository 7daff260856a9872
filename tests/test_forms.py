"""The board's forms on their own (Pilot): live date previews, asking before throwing typed text
away, the Notes hint, and user text shown literally. Mon 7 Dec 2026 09:00 is 'now'."""

from __future__ import annotations

from datetime import date, datetime

from textual.app import App
from textual.widgets import Input, Label, Static, TextArea

from tests.conftest import settled
from tracker.app import TrackerApp
from tracker.model import Application, Event, EventKind
from tracker.screens.forms import (
    ConfirmScreen,
    EditApplicationForm,
    EventForm,
    FormScreen,
    NewApplication,
    NewApplicationForm,
)

NOW = datetime(2026, 12, 7, 9, 0)  # a Monday

SIZE = (120, 40)


class Host(App[None]):
    """Opens one form, as the board does, and keeps what it dismissed with."""

    CSS_PATH = TrackerApp.CSS_PATH

    def __init__(self, form: FormScreen) -> None:
        super().__init__()
        self.form = form
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.form, self.results.append)


def preview(form: FormScreen, name: str) -> Static:
    return form.query_one(f"#{name}-preview", Static)


def shown(widget: Static) -> str:
    return str(widget.content)


async def type_into(pilot, form: FormScreen, name: str, text: str) -> None:
    form.query_one(f"#{name}", Input).focus()
    form.query_one(f"#{name}", Input).value = ""
    await pilot.press(*text)
    await pilot.pause()


async def test_the_date_fields_say_live_what_they_resolved_to() -> None:
    form = NewApplicationForm(NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        assert shown(preview(form, "on")) == ""  # nothing typed, nothing said
        await type_into(pilot, form, "on", "friday 15:00")
        assert shown(preview(form, "on")) == "→ Fri 11 Dec 15:00, in 4 days"
        assert not preview(form, "on").has_class("-error")
        await type_into(pilot, form, "on", "last fri 15:00")
        assert shown(preview(form, "on")) == "→ Fri 4 Dec 15:00, 3 days ago"
        await type_into(pilot, form, "on", "tomorrow 2pm")
        assert shown(preview(form, "on")) == "→ Tue 8 Dec 14:00, in 29 hours"
        await type_into(pilot, form, "on", "next blursday")
        assert shown(preview(form, "on")).startswith("Expected YYYY-MM-DD HH:MM, a written date")
        assert preview(form, "on").has_class("-error")
        await type_into(pilot, form, "decision-by", "next mon")
        assert shown(preview(form, "decision-by")) == "→ Mon 14 Dec, in 7 days"
        await type_into(pilot, form, "decision-by", "Jan 8")
        assert shown(preview(form, "decision-by")) == "→ Fri 8 Jan 2027, in 32 days"
        await type_into(pilot, form, "decision-by", "2026-02-30")
        assert "that day does not exist" in shown(preview(form, "decision-by"))


async def test_what_the_preview_said_is_what_is_saved() -> None:
    form = NewApplicationForm(NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        await type_into(pilot, form, "company", "Globex")
        await type_into(pilot, form, "role", "Engineer")
        await type_into(pilot, form, "phone", "(415) 555-0199")
        await type_into(pilot, form, "on", "friday 15:00")  # ahead: the interview is to come
        await type_into(pilot, form, "decision-by", "Dec 18")
        assert shown(preview(form, "decision-by")) == "→ Fri 18 Dec, in 11 days"
        await pilot.press("ctrl+s")
        await pilot.pause()
        (result,) = pilot.app.results
        assert isinstance(result, NewApplication)
        assert result.first_round.at == datetime(2026, 12, 11, 15, 0)
        assert result.first_round.decision_by == datetime(2026, 12, 18).date()
        assert result.app.phone == "(415) 555-0199"


async def test_a_log_form_shows_its_prefilled_now_at_once() -> None:
    form = EventForm(EventKind.FOLLOWED_UP, "Acme · Engineer", NOW)
    async with Host(form).run_test(size=SIZE):
        assert shown(preview(form, "on")) == "→ Mon 7 Dec 09:00, now"


async def test_a_bad_date_marked_on_save_gives_way_to_the_preview_while_it_is_fixed() -> None:
    form = EventForm(EventKind.REPLIED, "Acme · Engineer", NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        await type_into(pilot, form, "on", "soon")
        await pilot.press("enter")
        await pilot.pause()
        box = form.query_one("#field-on")
        assert box.has_class("-invalid") and pilot.app.results == []
        await pilot.press("backspace", *"n")  # "soon" -> "soon": still typed by hand
        assert not box.has_class("-invalid")
        await type_into(pilot, form, "on", "yesterday 4:30 pm")
        assert shown(preview(form, "on")) == "→ Sun 6 Dec 16:30, 16 hours ago"
        await pilot.press("enter")
        await pilot.pause()
        assert [event.at for event in pilot.app.results] == [datetime(2026, 12, 6, 16, 30)]


async def test_escape_on_an_untouched_form_closes_at_once() -> None:
    form = EventForm(EventKind.INTERVIEW, "Acme · Engineer", NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.results == [None]
        assert not isinstance(pilot.app.screen, ConfirmScreen)


async def test_escape_with_typed_text_asks_before_throwing_it_away() -> None:
    form = NewApplicationForm(NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        await pilot.press(*"Globex")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # no: back to the form, with the text
        await pilot.pause()
        assert pilot.app.screen is form and pilot.app.results == []
        assert form.query_one("#company", Input).value == "Globex"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # Esc on the question also means: keep it
        await pilot.pause()
        assert pilot.app.screen is form and pilot.app.results == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.results == [None]


async def test_text_typed_into_the_notes_counts_as_typed() -> None:
    app = Application("Acme", "Engineer", notes="met Dana", id=1)
    form = EditApplicationForm(app, NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        form.query_one("#notes", TextArea).focus()
        await pilot.press("end", "!")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)


async def test_an_edit_put_back_as_it_was_closes_without_asking() -> None:
    form = EditApplicationForm(Application("Acme", "Engineer", id=1), NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        await pilot.press("end", "x", "backspace", "escape")
        await pilot.pause()
        assert pilot.app.results == [None]


async def test_the_notes_say_how_to_save_and_that_key_saves_from_them() -> None:
    form = EditApplicationForm(Application("Acme", "Engineer", id=1), NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        hint = form.query_one("#field-notes .field-hint", Static)
        assert "Ctrl+S saves" in shown(hint)
        form.query_one("#notes", TextArea).focus()
        await pilot.press(*"line one", "enter", *"line two")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (saved,) = pilot.app.results
        assert isinstance(saved, Application) and saved.notes == "line one\nline two"


async def test_user_text_in_titles_and_previews_is_never_markup() -> None:
    form = EditApplicationForm(Application("[bold]Acme[/] [link=x]y[/link]", "Dev", id=1), NOW)
    async with Host(form).run_test(size=SIZE):
        title = form.query_one(".form-title", Label)
        assert str(title.content) == "Edit [bold]Acme[/] [link=x]y[/link]"
    form = NewApplicationForm(NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        await type_into(pilot, form, "company", "[red]Acme[/]")
        await type_into(pilot, form, "role", "Dev")
        await type_into(pilot, form, "on", "yesterday")
        await type_into(pilot, form, "email", "[b]x[/b]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "(got '[b]x[/b]')" in shown(form.query_one("#email-error", Static))


async def test_correcting_an_event_previews_its_date_and_closes_at_once_when_unchanged() -> None:
    logged = Event(
        EventKind.INTERVIEW, datetime(2026, 11, 30, 10, 0), decision_by=date(2026, 12, 4)
    )
    form = EventForm(EventKind.INTERVIEW, "Acme · Engineer", NOW, initial=logged)
    async with Host(form).run_test(size=SIZE) as pilot:
        assert shown(preview(form, "on")) == "→ Mon 30 Nov 10:00, 7 days ago"
        assert shown(preview(form, "decision-by")) == "→ Fri 4 Dec, 3 days ago"
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.results == [None]


async def test_the_timeline_form_previews_the_decision_date() -> None:
    form = EventForm(EventKind.DECISION, "Acme · Engineer", NOW)
    async with Host(form).run_test(size=SIZE) as pilot:
        await type_into(pilot, form, "decision-by", "in 2 weeks")
        assert shown(preview(form, "decision-by")) == "→ Mon 21 Dec, in 14 days"
        await pilot.press("enter")
        await pilot.pause()
        (event,) = pilot.app.results
        assert (event.kind, event.decision_by) == (EventKind.DECISION, date(2026, 12, 21))


async def test_on_the_board_the_new_form_previews_and_saves_the_same_moment(demo_board) -> None:
    app, pilot, screen = demo_board  # Tue 24 Nov 2026 10:00
    await pilot.press("n")
    form = app.screen
    assert isinstance(form, NewApplicationForm)
    await type_into(pilot, form, "company", "Globex")
    await type_into(pilot, form, "role", "Engineer")
    await type_into(pilot, form, "on", "next tue 2:30 PM")
    assert shown(preview(form, "on")) == "→ Tue 1 Dec 14:30, in 7 days"
    await pilot.press("ctrl+s")
    await settled(app, pilot)
    assert app.screen is screen
    added = next(card for card in screen.deck.cards.values() if card.app.company == "Globex")
    assert added.events[0].at == datetime(2026, 12, 1, 14, 30)


async def test_the_new_form_and_a_new_round_take_the_people_met(tmp_path) -> None:
    from tests.conftest import BOARD_NOW, SIZE, board_app, ready
    from tracker.store import Store

    path = tmp_path / "t.db"
    app = board_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("n")
        form = app.screen
        form.query_one("#company", Input).value = "Northwind"
        form.query_one("#role", Input).value = "Data Engineer"
        form.query_one("#on", Input).value = "today 09:00"
        form.query_one(
            "#with", Input
        ).value = "Priya Natarajan <priya@northwind.example>; Sam Park, CTO"
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        with Store.open(path) as store:
            ((saved, events),) = store.load_all()
        people = events[0].people
        assert [(p.name, p.email, p.title) for p in people] == [
            ("Priya Natarajan", "priya@northwind.example", ""),
            ("Sam Park", "", "CTO"),
        ]
        assert saved.contact == ""  # the contact stays the recruiter's field
        assert events[0].at == BOARD_NOW.replace(hour=9)


async def test_closing_with_an_offer_takes_its_answer_by_date_and_answers_are_their_own(
    tmp_path,
) -> None:
    from tests.conftest import SIZE, board_app, ready
    from tracker.model import Outcome
    from tracker.store import Store
    from tracker.widgets.choice import Choice

    path = tmp_path / "t.db"
    with Store.open(path) as store:
        app_id = store.add_application(
            Application("Initech", "Analyst"),
            [Event(EventKind.INTERVIEW, datetime(2026, 11, 10, 10))],
        )
    app = board_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("x")
        form = app.screen
        choice = form.query_one("#outcome", Choice)
        assert Outcome.ACCEPTED.value not in [value for value, _ in choice.options]
        choice.value = "offer"
        form.query_one("#answer-by", Input).value = "2026-12-01"
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        await pilot.press("escape")  # the offer reply the board offers to copy
        with Store.open(path) as store:
            last = store.events(app_id)[-1]
        assert (last.outcome, last.decision_by) == (Outcome.OFFER, date(2026, 12, 1))
        await pilot.press("x")
        choice = app.screen.query_one("#outcome", Choice)
        assert [value for value, _ in choice.options] == ["accepted", "declined"]
        assert choice.value == "accepted"
