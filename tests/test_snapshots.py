"""SVG snapshots with a frozen clock and a fixed size: the board, its panel, help and a form.

Regenerate after a deliberate visual change with `pytest tests/test_snapshots.py
--snapshot-update`, then look at the SVGs before committing them.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.conftest import SIZE, board_app, ready
from tracker.app import TrackerApp


@pytest.fixture
def app(demo_db) -> TrackerApp:
    return board_app(demo_db)


async def loaded(pilot: Pilot) -> None:
    """The first load runs in a thread; wait for the cards before pressing anything."""
    await ready(pilot.app, pilot)  # type: ignore[arg-type]


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
