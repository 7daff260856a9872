"""Pilot tests of the board: every key and modal, checked on screen, on the clipboard and in
the database."""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.events import Resize
from textual.widgets import Input, Static, TextArea

from tests.conftest import BOARD_NOW, PROFILE, SIZE, board_app, ready, settled
from tracker.app import TrackerApp
from tracker.cli import main
from tracker.clock import frozen
from tracker.drafts import render
from tracker.model import (
    Action,
    Application,
    Channel,
    DraftKind,
    Event,
    EventKind,
    Outcome,
    Stage,
    Status,
)
from tracker.rules import Policy, evaluate
from tracker.screens.board import KEYS, BoardScreen
from tracker.screens.draft import DraftScreen
from tracker.screens.forms import (
    ConfirmScreen,
    DebriefForm,
    EventForm,
    FormScreen,
    NewApplicationForm,
)
from tracker.screens.help import HelpScreen
from tracker.store import Store, StoreError
from tracker.widgets.choice import Choice
from tracker.widgets.column import CARD_HEIGHT, CardColumn
from tracker.widgets.panel import CardPanel

NOW = BOARD_NOW


def make_app(
    path: Path,
    *,
    native: Callable[[str], str | None] = lambda text: None,
    clock: Callable[[], datetime] | None = None,
    clipboard: str = "auto",
) -> TrackerApp:
    return board_app(path, native_copy=native, clock=clock or frozen(NOW), clipboard=clipboard)


def add(path: Path, company: str, role: str, *events: Event, **fields) -> int:
    with Store.open(path) as store:
        return store.add_application(
            Application(company, role, created=NOW - timedelta(days=30), **fields), list(events)
        )


def interview(days_ago: float, **fields) -> Event:
    return Event(EventKind.INTERVIEW, NOW - timedelta(days=days_ago), **fields)


def board(app: TrackerApp) -> BoardScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, BoardScreen)
    return screen


def messages(app: TrackerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def column_text(screen: BoardScreen, stage: Stage) -> str:
    column = screen.column(stage)
    lines = column.virtual_size.height or CARD_HEIGHT
    return "\n".join(column.render_line(y).text for y in range(min(lines, column.size.height)))


async def select(pilot, screen: BoardScreen, company: str) -> None:
    """Selects a card by company, the way a user would: a click on it."""
    for stage in (Stage.INTERVIEWED, Stage.THANKED, Stage.FOLLOWING_UP, Stage.CLOSED):
        for index, card in enumerate(screen.deck.column(stage)):
            if card.app.company == company:
                screen.column(stage).scroll_to(y=index * CARD_HEIGHT, animate=False, immediate=True)
                await pilot.pause()
                y = index * CARD_HEIGHT - round(screen.column(stage).scroll_offset.y)
                await pilot.click(f"#column-{stage.value}", offset=(3, y + 1))
                await pilot.pause()
                assert screen.selected is not None and screen.selected.app.company == company
                return
    raise AssertionError(f"{company} is not on the board")


def store_events(path: Path, app_id: int) -> list[Event]:
    with Store.open(path) as store:
        return store.events(app_id)


def count(path: Path) -> int:
    with Store.open(path) as store:
        return store.count()


# --- the screen ---------------------------------------------------------------------------


async def test_four_titled_columns_with_counts_and_the_most_urgent_card_selected(
    demo_db: Path, capsys
) -> None:
    main(["--db", str(demo_db), "--now", f"{NOW:%Y-%m-%d %H:%M}", "due", "--json"])
    first_due = json.loads(capsys.readouterr().out)[0]
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        titles = [str(w.content) for w in screen.query(".lane .lane-title")]
        assert titles == ["Interviewed (4)", "Thanked (4)", "Following up (4)", "Closed (7)"]
        assert screen.selected is not None and screen.selected.id == first_due["id"]
        assert screen.stage is Stage(first_due["stage"])
        summary = str(screen.query_one("#summary").content)
        due, overdue = screen.deck.due_counts()
        assert f"{due + overdue} actions due or overdue today" in summary


async def test_first_selection_is_in_the_leftmost_non_empty_column(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    add(path, "Only Thanked", "Role", interview(3), Event(EventKind.THANKED, NOW - timedelta(2)))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        assert screen.stage is Stage.THANKED
        assert screen.selected.app.company == "Only Thanked"


async def test_cards_sort_most_urgent_first_and_closed_newest_first(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        for stage in (Stage.INTERVIEWED, Stage.THANKED, Stage.FOLLOWING_UP):
            keys = [c.advice.sort_key for c in screen.deck.column(stage)]
            assert keys == sorted(keys)
        interviewed = [c.advice.status for c in screen.deck.column(Stage.INTERVIEWED)]
        assert interviewed[0] is Status.OVERDUE
        closed = [c.events[-1].at for c in screen.deck.column(Stage.CLOSED)]
        assert closed == sorted(closed, reverse=True)
        text = column_text(screen, Stage.CLOSED)
        for outcome in ("offer", "rejected", "withdrew", "no-response"):
            assert outcome in text


async def test_badges_show_on_cards(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        interviewed = column_text(screen, Stage.INTERVIEWED)
        assert "thank-you" in interviewed and "hour overdue" in interviewed
        assert "due in 23 hours" in interviewed
        assert "waiting" in interviewed
        following = column_text(screen, Stage.FOLLOWING_UP)
        assert "follow-up #2 · call" in following
        assert "move-on" in following


async def test_side_panel_explains_the_selected_card(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Fernhill Energy")
        text = screen.query_one(CardPanel).text
        for words in (
            "Nadia Haddad",
            "Interviews: 1 round",
            "Decision:",
            "Why",
            "R1",
            "Tip",
            "Timeline",
            "they replied",
            "Draft",
            "c copies this follow-up email",
        ):
            assert words in text, words
        card = screen.selected
        advice = evaluate(card.app, card.events, Policy(), NOW)
        draft = render(DraftKind.FOLLOW_UP, card.app, card.events, advice, PROFILE, NOW)
        assert draft.text.splitlines()[0] in text


async def test_keys_move_between_cards_and_columns(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        first = screen.deck.column(Stage.INTERVIEWED)
        await select(pilot, screen, first[0].app.company)
        await pilot.press("j")
        assert screen.selected is first[1]
        await pilot.press("down", "down")
        assert screen.selected is first[3]
        await pilot.press("k", "up")
        assert screen.selected is first[1]
        await pilot.press("l")
        assert screen.stage is Stage.THANKED
        await pilot.press("right", "right")
        assert screen.stage is Stage.CLOSED
        await pilot.press("right")
        assert screen.stage is Stage.CLOSED
        await pilot.press("h", "left")
        assert screen.stage is Stage.THANKED
        await pilot.press("end")
        assert screen.selected is screen.deck.column(Stage.THANKED)[-1]
        await pilot.press("home")
        assert screen.selected is screen.deck.column(Stage.THANKED)[0]


async def test_left_and_right_skip_empty_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    add(path, "Fresh", "Role", interview(0.1))
    add(
        path,
        "Done",
        "Role",
        interview(20),
        Event(EventKind.CLOSED, NOW - timedelta(2), outcome=Outcome.OFFER),
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("l")
        assert screen.stage is Stage.CLOSED
        await pilot.press("h")
        assert screen.stage is Stage.INTERVIEWED


async def test_a_click_selects_a_card(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await pilot.click("#column-following-up", offset=(4, CARD_HEIGHT + 1))
        await pilot.pause()
        assert screen.stage is Stage.FOLLOWING_UP
        assert screen.selected is screen.deck.column(Stage.FOLLOWING_UP)[1]


# --- copying ------------------------------------------------------------------------------


async def test_c_copies_the_email_through_a_native_tool_and_osc52(demo_db: Path) -> None:
    copied: list[str] = []

    def native(text: str) -> str:
        copied.append(text)
        return "xclip"

    app = make_app(demo_db, native=native)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        card = screen.selected
        advice = evaluate(card.app, card.events, Policy(), NOW)
        expected = render(DraftKind.FOLLOW_UP, card.app, card.events, advice, PROFILE, NOW).text
        assert app.clipboard == expected
        assert copied == [expected]
        assert any(
            m.startswith("Copied follow-up email via xclip and OSC 52. Send this as a reply")
            for m in messages(app)
        )
        assert not isinstance(app.screen, DraftScreen)


async def test_c_without_a_confirmed_way_shows_the_draft_to_select(demo_db: Path) -> None:
    app = make_app(demo_db, native=lambda text: None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        await pilot.press("c")
        assert isinstance(app.screen, DebriefForm)  # offered once before the first note
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        shown = app.screen.query_one("#draft-text", TextArea)
        assert shown.read_only
        assert shown.text == app.clipboard
        assert app.clipboard.startswith("Subject: ")
        assert "OSC 52" in str(app.screen.query_one(".form-subtitle", Static).content)
        assert not any(m.startswith(("Copied", "Sent")) for m in messages(app))
        await pilot.press("escape")
        assert app.screen is screen


async def test_in_tmux_with_set_clipboard_on_a_copy_is_a_toast_not_a_window(
    demo_db: Path, fake_program, monkeypatch
) -> None:
    tmux = fake_program("tmux", stdout="on\n")
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,4242,0")
    app = make_app(demo_db, native=lambda text: None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert app.clipboard.startswith("Subject: ")
        said = "Copied follow-up email via OSC 52 (tmux set-clipboard on). "
        assert any(m.startswith(said) for m in messages(app))
        assert tmux.runs() == [["show", "-gv", "set-clipboard"]]
        await pilot.press("j")  # the next key still moves on the board
        await pilot.pause()
        assert app.screen is screen


async def test_in_tmux_without_set_clipboard_on_the_window_stays(
    demo_db: Path, fake_program, monkeypatch
) -> None:
    fake_program("tmux", stdout="external\n")
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,4242,0")
    app = make_app(demo_db, native=lambda text: None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)


async def test_the_terminal_setting_trusts_osc52_and_skips_the_tool(demo_db: Path) -> None:
    asked: list[str] = []
    app = make_app(demo_db, native=lambda text: asked.append(text), clipboard="terminal")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        said = 'Copied phone script via OSC 52 (clipboard = "terminal"). '
        assert any(m.startswith(said) for m in messages(app))
        assert asked == []


async def test_the_native_setting_trusts_only_the_tool(
    demo_db: Path, fake_program, monkeypatch
) -> None:
    tmux = fake_program("tmux", stdout="on\n")
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,4242,0")
    app = make_app(demo_db, native=lambda text: None, clipboard="native")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert tmux.runs() == []


async def test_m_opens_the_email_draft_in_the_mail_client(demo_db: Path, fake_program) -> None:
    from tracker.mail import mailto

    xdg = fake_program("xdg-open")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        card = screen.selected
        advice = evaluate(card.app, card.events, Policy(), NOW)
        draft = render(DraftKind.FOLLOW_UP, card.app, card.events, advice, PROFILE, NOW)
        assert card.app.email
        assert xdg.runs() == [[mailto([card.app.email], draft.subject, draft.body)]]
        said = f"Opened follow-up email in your mail client (xdg-open), to {card.app.email}. "
        assert any(m.startswith(said) for m in messages(app))
        assert app.screen is screen
        assert app.clipboard == ""  # opening is not copying


async def test_m_opens_the_thank_you_for_the_first_person_still_owed_one(
    demo_db: Path, fake_program
) -> None:
    xdg = fake_program("xdg-open")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Brightwave Labs")  # Sofia is thanked; Jonas, no address
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        ((url,),) = xdg.runs()
        assert url.startswith("mailto:sofia@brightwave.example?subject=")
        assert "&body=Dear%20Jonas%2C%0D%0A" in url
        assert app.screen is screen  # no debrief form: m only opens


async def test_m_without_an_opener_says_so(demo_db: Path, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Cannot open the mail client: no xdg-open on PATH." in messages(app)


async def test_m_on_a_card_with_nothing_to_send_says_why(demo_db: Path, fake_program) -> None:
    xdg = fake_program("xdg-open")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Saltmarsh Games")
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert xdg.runs() == []
        said = "No email for Saltmarsh Games now: nothing more to send: it is time to move on"
        assert any(m.startswith(said) for m in messages(app))


async def test_a_broken_clipboard_tool_never_crashes_the_board(demo_db: Path) -> None:
    def broken(text: str) -> str:
        raise OSError("xclip: cannot open display")

    app = make_app(demo_db, native=broken)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert app.clipboard


async def test_p_copies_the_phone_script_on_every_open_card(demo_db: Path) -> None:
    app = make_app(demo_db, native=lambda text: "wl-copy")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        for stage in (Stage.INTERVIEWED, Stage.THANKED, Stage.FOLLOWING_UP):
            for index, card in enumerate(screen.deck.column(stage)):
                screen._select(stage, index)
                await pilot.press("p")
                await app.workers.wait_for_complete()
                await pilot.pause()
                advice = evaluate(card.app, card.events, Policy(), NOW)
                script = render(DraftKind.PHONE, card.app, card.events, advice, PROFILE, NOW)
                assert app.clipboard == script.text, card.app.company
        assert any(
            m.startswith("Copied phone script via wl-copy and OSC 52. Call ") for m in messages(app)
        )


async def test_c_on_a_card_with_nothing_to_send_says_why(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Saltmarsh Games")
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == ""
        assert any("it is time to move on" in m for m in messages(app))


# --- logging ------------------------------------------------------------------------------


async def test_t_logs_one_note_per_person_and_the_card_moves_with_the_last(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")  # met Marcus Bell and Ines Duarte
        app_id = screen.selected_id
        await pilot.press("t")
        await settled(app, pilot)
        assert app.screen is screen  # one key, no form
        events = store_events(demo_db, app_id)
        assert [(e.kind, e.at, e.person) for e in events[1:]] == [
            (EventKind.THANKED, NOW, "Marcus Bell")
        ]
        assert screen.stage is Stage.INTERVIEWED  # Ines is still owed her note
        assert "Logged the thank-you to Marcus Bell for Lumen Health (u undoes it)." in messages(
            app
        )
        await pilot.press("t")
        await settled(app, pilot)
        assert store_events(demo_db, app_id)[-1].person == "Ines Duarte"
        assert screen.selected_id == app_id
        assert screen.stage is Stage.THANKED
        assert screen.column(Stage.THANKED).cursor == screen.deck.position(app_id)[1]
        assert "Thanked (5)" in [str(w.content) for w in screen.query(".lane .lane-title")]


async def test_t_on_a_card_already_thanked_is_refused_without_a_form(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        before = store_events(demo_db, screen.selected_id)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is screen
        assert store_events(demo_db, screen.selected_id) == before
        assert any("thank-you" in m for m in messages(app))


async def test_f_preselects_the_suggested_channel(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Meridian Robotics")
        app_id = screen.selected_id
        await pilot.press("f")
        assert app.screen.query_one("#via", Choice).value == "phone"
        await pilot.press("enter")
        await pilot.pause()
        last = store_events(demo_db, app_id)[-1]
        assert (last.kind, last.channel, last.at) == (EventKind.FOLLOWED_UP, Channel.PHONE, NOW)
        assert screen.selected_id == app_id
        assert screen.selected.advice.attempt == 3


async def test_f_channel_can_be_changed_and_the_time_typed(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        app_id = screen.selected_id
        await pilot.press("f")
        await pilot.press("right")  # email -> phone
        app.screen.query_one("#on", Input).value = "today 09:15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        last = store_events(demo_db, app_id)[-1]
        assert last.channel is Channel.PHONE
        assert last.at == datetime(2026, 11, 24, 9, 15)
        assert screen.stage is Stage.FOLLOWING_UP


async def test_r_logs_a_reply_with_a_new_decision_date(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Quillstone Publishing")
        app_id = screen.selected_id
        await pilot.press("r")
        app.screen.query_one("#decision-by", Input).value = "2026-12-04"
        await pilot.press("ctrl+s")
        await pilot.pause()
        last = store_events(demo_db, app_id)[-1]
        assert last.kind is EventKind.REPLIED
        assert last.decision_by == datetime(2026, 12, 4).date()
        assert screen.stage is Stage.FOLLOWING_UP
        assert "Decision: Fri 4 Dec" in screen.query_one(CardPanel).text


async def test_r_accepts_a_reply_window(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Quillstone Publishing")
        app_id = screen.selected_id
        await pilot.press("r")
        app.screen.query_one("#reply-within", Input).value = "10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store_events(demo_db, app_id)[-1].reply_within == 10


async def test_i_logs_another_round_and_the_card_goes_back_to_interviewed(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Orchard Systems")
        app_id = screen.selected_id
        await pilot.press("i")
        await pilot.press(*"tomorrow 14:00")
        await pilot.press("enter")
        await pilot.pause()
        last = store_events(demo_db, app_id)[-1]
        assert (last.kind, last.at) == (EventKind.INTERVIEW, datetime(2026, 11, 25, 14, 0))
        assert screen.stage is Stage.INTERVIEWED
        assert screen.selected.advice.action is Action.PREPARE


async def test_x_closes_with_an_outcome_and_offers_the_matching_draft(demo_db: Path) -> None:
    app = make_app(demo_db, native=lambda text: "pbcopy")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        app_id = screen.selected_id
        await pilot.press("x")
        choice = app.screen.query_one("#outcome", Choice)
        assert choice.value is None
        await pilot.press("enter")  # no outcome chosen yet: the form says so and stays
        assert isinstance(app.screen, EventForm)
        assert app.screen.query_one("#field-outcome").has_class("-invalid")
        await pilot.press("right", "right")  # offer -> rejected
        assert choice.value == "rejected"
        await pilot.press("enter")
        await pilot.pause()
        last = store_events(demo_db, app_id)[-1]
        assert (last.kind, last.outcome) == (EventKind.CLOSED, Outcome.REJECTED)
        assert screen.stage is Stage.CLOSED and screen.selected_id == app_id
        assert isinstance(app.screen, DraftScreen)
        assert "Rejection reply" in str(app.screen.query_one(".form-title").content)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        card = screen.selected
        advice = evaluate(card.app, card.events, Policy(), NOW)
        expected = render(DraftKind.REJECTION, card.app, card.events, advice, PROFILE, NOW)
        assert app.clipboard == expected.text
        assert "Copied rejection reply via pbcopy and OSC 52." in messages(app)


async def test_x_on_a_move_on_card_preselects_no_response(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Saltmarsh Games")
        app_id = screen.selected_id
        await pilot.press("x")
        assert app.screen.query_one("#outcome", Choice).value == "no-response"
        await pilot.press("enter")
        await pilot.pause()
        assert store_events(demo_db, app_id)[-1].outcome is Outcome.NO_RESPONSE
        assert app.screen is screen  # nothing to send after no response


@pytest.mark.parametrize("key", ["f", "r", "i", "x", "n", "e"])
async def test_escape_cancels_every_form_without_writing(demo_db: Path, key: str) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        app_id = screen.selected_id
        before = store_events(demo_db, app_id)
        total = count(demo_db)
        await pilot.press(key)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("a", "b", "escape")
        await pilot.pause()
        if key in "rine":  # "ab" went into a text field (f and x open on a choice): ask first
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await pilot.pause()
        assert app.screen is screen
        assert store_events(demo_db, app_id) == before
        assert count(demo_db) == total


async def test_a_bad_date_keeps_the_form_open_with_the_message_and_the_text(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        app_id = screen.selected_id
        before = len(store_events(demo_db, app_id))
        await pilot.press("f")
        field = app.screen.query_one("#on", Input)
        await pilot.press("tab")  # from the channel to the time
        assert field.has_focus
        field.value = ""
        await pilot.press(*"next blursday")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EventForm)
        assert field.value == "next blursday"
        error = str(app.screen.query_one("#on-error").content)
        assert error.startswith("Expected YYYY-MM-DD HH:MM") and "blursday" in error
        assert app.screen.focused is field
        assert len(store_events(demo_db, app_id)) == before
        field.value = "yesterday 18:00"
        await pilot.press("enter")
        await settled(app, pilot)
        assert app.screen is screen
        assert store_events(demo_db, app_id)[-1].at == datetime(2026, 11, 23, 18, 0)


async def test_a_future_follow_up_is_refused_by_the_rules(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        await pilot.press("f")
        app.screen.query_one("#on", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventForm)
        assert "not in the future" in str(app.screen.query_one("#on-error").content)


# --- applications ---------------------------------------------------------------------------


async def test_n_adds_an_application_and_selects_it(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NewApplicationForm)
        await pilot.press(*"Globex")
        await pilot.press("tab", *"Staff Engineer")
        form = app.screen
        form.query_one("#phone", Input).value = "+1 555 0199"
        form.query_one("#on", Input).value = "yesterday 15:00"
        form.query_one("#decision-by", Input).value = "friday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert count(demo_db) == 20
        card = screen.selected
        assert (card.app.company, card.app.role, card.app.phone) == (
            "Globex",
            "Staff Engineer",
            "+1 555 0199",
        )
        assert card.events[0].at == datetime(2026, 11, 23, 15, 0)
        assert card.events[0].decision_by == datetime(2026, 11, 27).date()
        assert screen.stage is Stage.INTERVIEWED


async def test_new_application_errors_stay_in_the_form(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("n")
        await pilot.press(*"Acme")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewApplicationForm)
        assert form.query_one("#company", Input).value == "Acme"
        assert str(form.query_one("#role-error").content) == "Expected a non-empty job title"
        assert form.focused is form.query_one("#role")
        form.query_one("#role", Input).value = "Engineer"
        form.query_one("#email", Input).value = "not-an-email"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Expected an address" in str(form.query_one("#email-error").content)
        assert not form.query_one("#field-role").has_class("-invalid")
        form.query_one("#email", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Expected YYYY-MM-DD" in str(form.query_one("#on-error").content)
        assert count(demo_db) == 19


async def test_e_edits_the_application(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        app_id = screen.selected_id
        await pilot.press("e")
        form = app.screen
        assert form.query_one("#company", Input).value == screen.selected.app.company
        form.query_one("#role", Input).value = "Principal Frontend Developer"
        form.query_one("#notes", TextArea).text = "Met the CTO.\nAsked about remote work."
        await pilot.press("ctrl+s")
        await pilot.pause()
        with Store.open(demo_db) as store:
            saved = store.get_application(app_id)
        assert saved.role == "Principal Frontend Developer"
        assert saved.notes == "Met the CTO.\nAsked about remote work."
        assert screen.selected_id == app_id
        assert "Principal Frontend Developer" in screen.query_one(CardPanel).text


async def test_u_undoes_the_last_event_after_confirmation(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Harbor & Finch")
        app_id = screen.selected_id
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(store_events(demo_db, app_id)) == 2
        await pilot.press("u")
        await pilot.press("y")
        await settled(app, pilot)
        assert [e.kind for e in store_events(demo_db, app_id)] == [EventKind.INTERVIEW]
        assert screen.stage is Stage.INTERVIEWED and screen.selected_id == app_id
        assert any(m.startswith("Undone: thank-you sent") for m in messages(app))


async def test_u_keeps_the_first_round(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen
        assert any("first interview round stays" in m for m in messages(app))


# --- filter, help, palette, quit --------------------------------------------------------------


async def test_slash_filters_by_text_and_escape_clears(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("slash")
        field = screen.query_one("#filter", Input)
        assert field.has_focus
        await pilot.press(*"robot")
        await pilot.pause()
        shown = [
            c.app.company
            for s in (Stage.INTERVIEWED, Stage.THANKED, Stage.FOLLOWING_UP, Stage.CLOSED)
            for c in screen.deck.column(s)
        ]
        assert shown == ["Meridian Robotics"]
        assert screen.selected.app.company == "Meridian Robotics"
        assert "Following up (1/4)" in [str(w.content) for w in screen.query(".lane .lane-title")]
        await pilot.press("enter")
        assert not field.has_focus and not field.has_class("-shown")
        await pilot.press("c")  # the keys work on the filtered board
        await pilot.pause()
        assert "filter: robot" in str(screen.query_one("#summary").content)
        await app.workers.wait_for_complete()
        await pilot.pause()
        if isinstance(app.screen, DraftScreen):
            await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.deck.column(Stage.FOLLOWING_UP)) == 4


async def test_question_mark_shows_every_key(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").content)
        for _, rows in KEYS:
            for _key, _action, _word, long in rows:
                assert long in text
        for words in ("Previous card", "Column to the right", "Quit", "overdue"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_the_command_palette_offers_every_action(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        titles = [command.title for command in app.get_system_commands(screen)]
        for _, rows in KEYS:
            for _key, _action, word, _long in rows:
                assert any(title.startswith(word) for title in titles), word
        assert "Help (?)" in titles


async def test_footer_shows_the_keys(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        shown = {b.binding.key for b in screen.active_bindings.values() if b.binding.show}
        assert {
            "c",
            "p",
            "t",
            "f",
            "r",
            "i",
            "x",
            "n",
            "e",
            "u",
            "slash",
            "question_mark",
            "q",
        } <= shown


async def test_q_quits(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_q_in_a_form_is_just_a_letter(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("n", "q")
        await pilot.pause()
        assert isinstance(app.screen, NewApplicationForm)
        assert app.screen.query_one("#company", Input).value == "q"


# --- live data, time, odd input, odd sizes ---------------------------------------------------


async def test_changes_from_another_process_appear_without_a_restart(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        add(demo_db, "Initech", "Analyst", interview(1))
        for _ in range(40):
            await pilot.pause(0.1)
            if any(c.app.company == "Initech" for c in screen.deck.cards.values()):
                break
        assert any(c.app.company == "Initech" for c in screen.deck.column(Stage.INTERVIEWED))
        assert "Interviewed (5)" in [str(w.content) for w in screen.query(".lane .lane-title")]


async def test_a_card_turns_overdue_when_the_clock_passes_its_deadline(demo_db: Path) -> None:
    moments = [NOW]
    app = make_app(demo_db, clock=lambda: moments[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        assert screen.selected.advice.status is Status.DUE
        moments[0] = NOW + timedelta(hours=24)
        screen.tick()
        await pilot.pause()
        card = screen.selected
        assert card.app.company == "Lumen Health"
        assert card.advice.status is Status.OVERDUE
        assert "hour overdue" in column_text(screen, Stage.INTERVIEWED)


async def test_markup_in_user_text_shows_literally(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    add(path, "[bold]Acme[/]", "[/] Engineer", interview(0.1), contact="[red]Wile[/red]")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        text = column_text(screen, Stage.INTERVIEWED)
        assert "[bold]Acme[/]" in text and "[/] Engineer" in text
        panel = screen.query_one(CardPanel).text
        assert "[bold]Acme[/]" in panel and "[red]Wile[/red]" in panel
        await pilot.press("e")
        assert app.screen.query_one("#company", Input).value == "[bold]Acme[/]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("[bold]Acme[/]" in m for m in messages(app))


async def test_an_empty_board_says_how_to_start(tmp_path: Path) -> None:
    app = make_app(tmp_path / "t.db")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        assert screen.has_class("-empty")
        empty = screen.query_one("#empty")
        assert empty.display and "Press n to add your first interview" in str(empty.content)
        await pilot.press("c", "t", "u", "j", "l")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_a_tiny_terminal_shows_a_notice_and_recovers(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await ready(app, pilot)
        notice = screen.query_one("#too-small")
        assert notice.display and "Terminal too small" in str(notice.content)
        await pilot.press("j", "l", "n", "t", "enter")
        await pilot.pause()
        assert app.screen is screen  # no form opens on a board nobody can see
        await pilot.resize_terminal(120, 35)
        await pilot.pause()
        assert not screen.query_one("#too-small").display
        assert screen.query_one("#board").display
        assert column_text(screen, Stage.INTERVIEWED)


async def test_the_size_it_already_has_lays_nothing_out_again(
    demo_board, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual hands a starting screen its size several times; each used to lay out and paint
    the whole board again. A real change of size still does, breakpoints and all."""
    _, pilot, screen = demo_board
    layouts: list[object] = []
    original = BoardScreen._refresh_layout

    def counted(self: BoardScreen, *args: object, **kwargs: object) -> None:
        layouts.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(BoardScreen, "_refresh_layout", counted)
    screen.post_message(Resize(screen.outer_size, screen.outer_size))
    await pilot.pause()
    assert layouts == []
    await pilot.resize_terminal(80, 24)
    await pilot.pause()
    assert layouts and screen.has_class("-narrow")
    assert screen.query_one(CardPanel).region.y > screen.query_one(CardColumn).region.y


@pytest.mark.parametrize("load_fails", [False, True])
async def test_the_collector_runs_again_once_the_first_load_is_in(
    demo_db: Path, load_fails: bool
) -> None:
    """The CLI holds the cyclic collector off while the board starts; the board lets it run
    again once its cards are in, and also when they could not be read."""
    options: dict = {}
    if load_fails:
        failed: Future = Future()
        failed.set_exception(StoreError("the disk is gone"))
        options["first_load"] = failed
    gc.disable()
    try:
        app = board_app(demo_db, **options)
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(app, pilot)
            assert gc.isenabled()
            assert bool(screen.deck.cards) is not load_fails
    finally:
        gc.enable()


async def test_80_by_24_puts_the_panel_under_the_columns(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(app, pilot)
        assert screen.has_class("-narrow")
        panel = screen.query_one(CardPanel).region
        column = screen.query_one(CardColumn).region
        assert panel.y > column.y and panel.width > 70


# --- the deck: one evaluation per change, not one per card ---------------------------------


def test_the_deck_re_evaluates_only_what_changed(demo_db: Path, monkeypatch) -> None:
    import tracker.widgets.deck as deck_module
    from tracker.widgets.deck import Deck

    with Store.open(demo_db) as store:
        rows = store.load_all()
    deck = Deck(Policy())
    deck.load(rows, NOW)
    evaluated: list[str] = []
    real = deck_module.evaluate

    def counting(app, events, policy, now, offer=None):
        evaluated.append(app.company)
        return real(app, events, policy, now, offer=offer)

    monkeypatch.setattr(deck_module, "evaluate", counting)
    lumen = next(c for c in deck.cards.values() if c.app.company == "Lumen Health")
    thanked = [*lumen.events, Event(EventKind.THANKED, NOW)]
    assert deck.put(lumen.app, thanked, NOW) == {Stage.INTERVIEWED, Stage.THANKED}
    assert evaluated == ["Lumen Health"]
    keys = [c.order for c in deck.column(Stage.THANKED)]
    assert keys == sorted(keys) and deck.position(lumen.id)[0] is Stage.THANKED
    evaluated.clear()
    assert deck.tick(NOW + timedelta(minutes=1)) == set()
    assert evaluated == []
    due, overdue = deck.due_counts()
    later = NOW + timedelta(days=1)
    deck.tick(later)
    assert 0 < len(evaluated) < len(deck.cards)
    fresh = Deck(Policy())
    fresh.load([(c.app, c.events) for c in deck.cards.values()], later)
    assert deck.due_counts() == fresh.due_counts() != (due, overdue)
    for stage in (Stage.INTERVIEWED, Stage.THANKED, Stage.FOLLOWING_UP, Stage.CLOSED):
        assert [c.id for c in deck.column(stage)] == [c.id for c in fresh.column(stage)]


# --- many writers (issue 8) -----------------------------------------------------------------


async def test_undo_confirmed_before_another_window_wrote_removes_nothing(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        app_id = screen.selected_id
        await pilot.press("t")
        await settled(app, pilot)
        await pilot.press("u")  # the dialog names the thank-you
        assert isinstance(app.screen, ConfirmScreen)
        with Store.open(demo_db) as other:  # meanwhile, the CLI logs their reply
            other.log(app_id, Event(EventKind.REPLIED, NOW, note="call on Friday"))
        await pilot.press("y")
        await settled(app, pilot)
        events = store_events(demo_db, app_id)
        assert [e.kind for e in events[-2:]] == [EventKind.THANKED, EventKind.REPLIED]
        assert events[-1].note == "call on Friday"
        assert any(
            "changed in another window" in m and "nothing was undone" in m for m in messages(app)
        )
        screen._poll_store()
        await settled(app, pilot)
        assert screen.deck.cards[app_id].events[-1].kind is EventKind.REPLIED  # fresh card


async def test_the_board_stays_usable_while_another_program_holds_the_lock(
    demo_db: Path,
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        app_id = screen.selected_id
        locker = sqlite3.connect(demo_db, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")  # a long import elsewhere
        try:
            await pilot.press("t")
            await pilot.pause()
            assert screen.pending_writes == ["logging the thank-you to Marcus Bell"]
            await pilot.press("j")  # keys still move
            assert screen.selected_id != app_id
            await pilot.press("q")  # says what is pending instead of quitting
            assert app.is_running
            assert any("Still saving: logging the thank-you to Marcus" in m for m in messages(app))
        finally:
            locker.execute("COMMIT")
            locker.close()
        await settled(app, pilot)
        assert screen.pending_writes == []
        assert [e.kind for e in store_events(demo_db, app_id)][-1] is EventKind.THANKED
        assert "Logged the thank-you to Marcus Bell for Lumen Health (u undoes it)." in messages(
            app
        )


async def test_quitting_with_a_write_still_locked_out_says_it_was_not_saved(
    demo_db: Path,
) -> None:
    app = make_app(demo_db)
    locker = sqlite3.connect(demo_db, isolation_level=None)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(app, pilot)
            await select(pilot, screen, "Lumen Health")
            app_id = screen.selected_id
            locker.execute("BEGIN IMMEDIATE")
            await pilot.press("t", "q", "q")
            await app.workers.wait_for_complete()
        assert app.unsaved == ["logging the thank-you to Marcus Bell"]
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert [e.kind for e in store_events(demo_db, app_id)][-1] is not EventKind.THANKED


async def test_a_failed_reload_is_said_and_the_next_change_still_shows(
    demo_db: Path, monkeypatch
) -> None:
    from tracker.screens import board as board_module

    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        real = board_module.changed_since
        monkeypatch.setattr(board_module, "changed_since", lambda *a: 1 / 0)
        add(demo_db, "First Outside", "Role", interview(1))
        screen._poll_store()
        await settled(app, pilot)
        assert any("Could not read the changes" in m for m in messages(app))
        monkeypatch.setattr(board_module, "changed_since", real)
        new_id = add(demo_db, "Second Outside", "Role", interview(1))
        screen._poll_store()
        await settled(app, pilot)
        assert new_id in screen.deck.cards
        assert {c.app.company for c in screen.deck.cards.values()} >= {
            "First Outside",
            "Second Outside",
        }


async def test_outside_changes_reload_only_the_cards_they_touched(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        untouched = dict(screen.deck.cards)
        victim = next(iter(untouched))
        with Store.open(demo_db) as other:
            changed = other.add_application(
                Application("Outside", "Role", created=NOW), [interview(1)]
            )
            other.change(victim, lambda card: card.delete())
        screen._poll_store()
        await settled(app, pilot)
        assert changed in screen.deck.cards and victim not in screen.deck.cards
        same = [i for i in untouched if i != victim]
        assert all(screen.deck.cards[i] is untouched[i] for i in same)  # not re-read


# --- corrections (issue 9) ------------------------------------------------------------------


async def test_archive_hides_a_card_and_A_shows_it_again(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        app_id = screen.selected_id
        await pilot.press("a")
        await settled(app, pilot)
        assert app_id not in screen.deck.cards
        assert any("Archived Lumen Health" in m for m in messages(app))
        await pilot.press("A")
        await settled(app, pilot)
        assert app_id in screen.deck.cards


async def test_delete_asks_naming_the_card_then_removes_it(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        app_id = screen.selected_id
        total = count(demo_db)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Lumen Health" in app.screen.question
        await pilot.press("y")
        await settled(app, pilot)
        assert count(demo_db) == total - 1 and app_id not in screen.deck.cards


async def test_E_corrects_the_interview_time_from_the_timeline(demo_db: Path) -> None:
    from tracker.screens.forms import EventPicker

    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        app_id = screen.selected_id
        first = store_events(demo_db, app_id)[0]
        await pilot.press("E")
        assert isinstance(app.screen, EventPicker)
        await pilot.press("home", "enter")
        assert isinstance(app.screen, EventForm)
        field = app.screen.query_one("#on", Input)
        assert field.value == f"{first.at:%Y-%m-%d %H:%M}"
        field.value = f"{first.at - timedelta(hours=1):%Y-%m-%d %H:%M}"
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        assert store_events(demo_db, app_id)[0].at == first.at - timedelta(hours=1)


async def test_d_records_a_timeline_without_moving_the_card(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        app_id = screen.selected_id
        stage = screen.stage
        await pilot.press("d")
        assert isinstance(app.screen, EventForm)
        app.screen.query_one("#decision-by", Input).value = "2026-12-04"
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        last = store_events(demo_db, app_id)[-1]
        assert last.kind is EventKind.DECISION and last.decision_by == date(2026, 12, 4)
        assert screen.stage is stage


async def test_T_logs_the_thank_you_at_the_time_typed(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await select(pilot, screen, "Lumen Health")
        app_id = screen.selected_id
        await pilot.press("T")
        assert isinstance(app.screen, EventForm)
        app.screen.query_one("#on", Input).value = "2026-11-24 09:45"
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        last = store_events(demo_db, app_id)[-1]
        assert (last.kind, last.at) == (EventKind.THANKED, datetime(2026, 11, 24, 9, 45))


async def test_J_and_K_scroll_the_details_panel_from_the_keyboard(demo_board) -> None:
    _, pilot, screen = demo_board
    panel = screen.query_one(CardPanel)
    assert panel.max_scroll_y > 0  # the demo's first card has more to read than fits
    await pilot.press("J", "J")
    assert panel.scroll_offset.y == 6
    await pilot.press("K")
    assert panel.scroll_offset.y == 3
    assert screen.focused is None  # the keys stay with the board


@pytest.mark.parametrize("width", [60, 70, 79, 80, 100, 120])
async def test_every_footer_key_is_whole_at_any_width_from_60(demo_db: Path, width: int) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(demo_db)
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await ready(app, pilot)
        await pilot.pause()
        keys = list(screen.query(FooterKey))
        shown = {key.action for key in keys}
        assert {"copy_email", "log_thanks", "undo", "help", "quit"} <= shown
        assert ("new_application" in shown) is (width >= 80)
        for key in keys:  # none is cut off at the right edge
            assert key.region.right <= width, (key.action, key.region)


# --- drafts for the people met, debriefs and offers (issue 11) -------------------------------


def round_with(path: Path, *names: str, hours_ago: float = 3) -> int:
    from tracker.model import Person

    people = tuple(Person(name, f"{name.split()[0].lower()}@globex.example") for name in names)
    return add(
        path,
        "Globex",
        "Data Engineer",
        Event(EventKind.INTERVIEW, NOW - timedelta(hours=hours_ago), people=people),
    )


async def test_c_offers_the_debrief_once_then_copies_the_note_for_the_first_owed(
    tmp_path: Path,
) -> None:
    from tracker.screens.forms import DebriefForm

    path = tmp_path / "t.db"
    app_id = round_with(path, "Priya Natarajan", "Sam Park")
    app = make_app(path, native=lambda text: "xclip")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, DebriefForm)
        app.screen.query_one("#topic-0", Input).value = "the nightly data loads"
        app.screen.query_one("#fit", Input).value = "I have built such pipelines for years"
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        await settled(app, pilot)
        assert store_events(path, app_id)[-1].kind is EventKind.DEBRIEF
        assert app.clipboard.startswith("Subject: ")
        assert "Dear Priya," in app.clipboard and "nightly data loads" in app.clipboard
        assert any(
            "For Priya Natarajan. Still owed a note after this one: Sam Park (C picks who)" in m
            for m in messages(app)
        )
        await pilot.press("C", "2")  # someone else: two keys
        await settled(app, pilot)
        assert "Dear Sam," in app.clipboard
        await pilot.press("c")  # the form is offered once per card, never again
        await settled(app, pilot)
        assert app.screen is screen and "Dear Priya," in app.clipboard


async def test_escape_skips_the_debrief_and_copies_the_note_anyway(tmp_path: Path) -> None:
    from tracker.screens.forms import DebriefForm

    path = tmp_path / "t.db"
    app_id = round_with(path, "Priya Natarajan")
    app = make_app(path, native=lambda text: "xclip")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, DebriefForm)
        await pilot.press("escape")
        await settled(app, pilot)
        assert "Dear Priya," in app.clipboard
        assert [e.kind for e in store_events(path, app_id)] == [EventKind.INTERVIEW]


async def test_accepting_an_offer_lists_every_other_open_card_one_key_each(
    tmp_path: Path,
) -> None:
    from tracker.screens.draft import DraftScreen
    from tracker.screens.pick import WithdrawalsScreen

    path = tmp_path / "t.db"
    offer_id = add(
        path,
        "Initech",
        "Analyst",
        interview(20),
        Event(EventKind.CLOSED, NOW - timedelta(days=2), outcome=Outcome.OFFER),
    )
    add(path, "Globex", "Engineer", interview(3))
    add(path, "Hooli", "Designer", interview(6))
    app = make_app(path, native=lambda text: "xclip")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        others = [c for c in screen.deck.cards.values() if c.id != offer_id]
        assert all(c.advice.expedite for c in others)  # the offer is cited on every other card
        await select(pilot, screen, "Initech")
        await pilot.press("x")
        form = app.screen
        assert isinstance(form, EventForm)
        form.query_one("#outcome", Choice).value = "accepted"
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        assert isinstance(app.screen, DraftScreen)  # the acceptance note
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WithdrawalsScreen)
        await pilot.press("2")
        await settled(app, pilot)
        assert "withdraw" in app.clipboard.lower()
        assert any("Hooli" in line or "Globex" in line for line in app.clipboard.splitlines())
        await pilot.press("escape")
        assert not any(c.advice.expedite for c in screen.deck.cards.values())


async def test_help_points_to_the_rules_document_that_exists(demo_board) -> None:
    from tracker.screens.help import RULES_DOC

    app, pilot, _ = demo_board
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    text = str(app.screen.query_one("#help-text").content)
    assert RULES_DOC in text and "T1" in text
    assert (Path(__file__).resolve().parents[1] / RULES_DOC).is_file()
