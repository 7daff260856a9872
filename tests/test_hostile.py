"""Hostile text through every screen and form of the board: shown as typed, never markup, never
a crash. (A crash inside Pilot re-raises when the app closes, failing the test.)"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from tests.conftest import BOARD_NOW, SIZE, board_app, ready, settled
from tracker.model import Application, Event, EventKind, InputError, Person
from tracker.store import Store

HOSTILE = [
    "[/]Foo [/bold]Acme [bold red]x",
    "[@click=app.quit]x[/] [link=https://evil.example]click[/link]",
    "Beta, Inc.",
    "👩‍👩‍👧 Family & Co مرحبا עברית",
    'O\'Neil "Quotes" {name} %s $(rm -rf ~) \\[escaped]',
]


def seed(path: Path, name: str) -> int:
    """One card whose every text field, and the person met, carries `name`."""
    with Store.open(path) as store:
        return store.add_application(
            Application(
                name,
                name,
                contact=name,
                notes=name + "\nsecond line " + name,
                created=BOARD_NOW - timedelta(days=3),
            ),
            [
                Event(
                    EventKind.INTERVIEW,
                    BOARD_NOW - timedelta(hours=3),
                    people=(Person(name), Person("Sam " + name)),
                    note=name,
                )
            ],
        )


async def walk_every_screen(app, pilot) -> None:
    """Every key that opens a screen or a form, each closed again with Esc."""
    for keys in (
        ["c"],  # the debrief form, labelled with the people's names
        ["C"],  # whom the note is for
        ["p"],
        ["m"],
        ["e"],
        ["E", "enter"],  # the timeline picker, then the round's form
        ["d"],
        ["i"],
        ["f"],
        ["r"],
        ["x"],
        ["u"],
        ["D"],
        ["question_mark"],
        ["slash"],
    ):
        await pilot.press(*keys)
        await settled(app, pilot)
        for _ in range(3):  # a form with typed text asks first; "y" discards
            if app.screen is app.screen_stack[0]:
                break
            await pilot.press("escape")
            await pilot.pause()
            if app.screen is not app.screen_stack[0] and "Discard" in str(
                getattr(app.screen, "question", "")
            ):
                await pilot.press("y")
        await pilot.press("escape")
        await settled(app, pilot)


@pytest.mark.parametrize("name", HOSTILE)
async def test_hostile_names_show_as_typed_on_every_screen(tmp_path: Path, name: str) -> None:
    path = tmp_path / "t.db"
    seed(path, name)
    app = board_app(path, native_copy=lambda text: "xclip")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        assert name in screen.query_one("#panel").text  # type: ignore[attr-defined]
        await walk_every_screen(app, pilot)
        assert app.is_running  # [@click=app.quit] did not quit it
        await pilot.press("n")  # and typed into a new card's form
        for field in ("company", "role", "contact"):
            app.screen.query_one(f"#{field}", Input).value = name
        app.screen.query_one("#on", Input).value = "today 09:00"
        app.screen.query_one("#with", Input).value = name.replace(";", " ")
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        assert app.is_running


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
async def test_any_text_that_is_accepted_survives_the_board(name: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.db"
        try:
            seed(path, name)
        except InputError:  # refused at the door: one line, nothing written
            return
        app = board_app(path, native_copy=lambda text: "xclip")
        async with app.run_test(size=SIZE) as pilot:
            await ready(app, pilot)
            await walk_every_screen(app, pilot)
            assert app.is_running
