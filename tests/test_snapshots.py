"""SVG snapshots with a frozen clock and a fixed size: the board, its panel, help and a form.

Regenerate after a deliberate visual change with `pytest tests/test_snapshots.py
--snapshot-update`, then look at the SVGs before committing them.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tracker.app import TrackerApp, create_app
from tracker.clock import frozen
from tracker.config import Config
from tracker.demo import populate_demo
from tracker.model import Profile
from tracker.screens.board import BoardScreen
from tracker.store import Store

NOW = datetime(2026, 11, 24, 10, 0)
SIZE = (120, 35)


@pytest.fixture
def app(tmp_path: Path) -> TrackerApp:
    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        populate_demo(store, NOW)
    profile = Profile(name="Alex Doe", email="alex@example.com", phone="+1 555 0100")
    return create_app(path, Config(profile=profile), frozen(NOW), native_copy=lambda text: None)


async def loaded(pilot: Pilot) -> None:
    """The first load runs in a thread; wait for the cards before pressing anything."""
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, BoardScreen)
    await asyncio.wait_for(screen.ready.wait(), timeout=30)
    await pilot.pause()


def test_board_with_demo_data(snap_compare, app: TrackerApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


def test_side_panel_of_a_follow_up_call(snap_compare, app: TrackerApp) -> None:
    assert snap_compare(
        app,
        press=["h", "h", "h", "home", "l", "l", "j", "j"],
        terminal_size=SIZE,
        run_before=loaded,
    )


def test_board_at_80_by_24_in_a_light_theme(snap_compare, app: TrackerApp) -> None:
    async def light(pilot: Pilot) -> None:
        pilot.app.theme = "textual-light"
        await loaded(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=light)


def test_help_screen(snap_compare, app: TrackerApp) -> None:
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE, run_before=loaded)


def test_form_with_a_validation_error(snap_compare, app: TrackerApp) -> None:
    keys = ["n", *"Acme", "tab", *"Engineer", "ctrl+s"]
    assert snap_compare(app, press=keys, terminal_size=SIZE, run_before=loaded)


def test_terminal_too_small(snap_compare, app: TrackerApp) -> None:
    assert snap_compare(app, terminal_size=(40, 12), run_before=loaded)
