"""Shared fixtures: the frozen clock, the signature profile, the demo database and the board
running on it. Keep each one small and say what it is for."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tracker.app import TrackerApp, create_app
from tracker.clock import frozen
from tracker.config import Config
from tracker.demo import populate_demo
from tracker.model import Profile
from tracker.screens.board import BoardScreen
from tracker.store import Store

BOARD_NOW = datetime(2026, 11, 24, 10, 0)  # a Tuesday: the board tests' and snapshots' clock
PROFILE = Profile(name="Alex Doe", email="alex@example.com", phone="+1 555 0100")
SIZE = (120, 35)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's tracker database lives (not created yet)."""
    return tmp_path / "data" / "tracker.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A fresh, open store in its own temporary folder; closed after the test."""
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The demo's sixteen applications, written as of BOARD_NOW."""
    path = tmp_path / "t.db"
    with Store.open(path) as opened:
        populate_demo(opened, BOARD_NOW)
    return path


def board_app(path: Path, **kw: object) -> TrackerApp:
    """The app as the CLI builds it, with the frozen clock and no native clipboard."""
    options: dict = {"native_copy": lambda text: None, **kw}
    clock = options.pop("clock", frozen(BOARD_NOW))
    return create_app(path, Config(profile=PROFILE), clock, **options)


async def ready(app: TrackerApp, pilot) -> BoardScreen:
    """Waits until the first load is on screen (it runs in a thread)."""
    screen = app.screen_stack[0]
    assert isinstance(screen, BoardScreen)
    await asyncio.wait_for(screen.ready.wait(), timeout=30)
    await pilot.pause()
    return screen


async def settled(app: TrackerApp, pilot) -> None:
    """Waits for the writes (and reloads) the keys started in threads to land on screen."""
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
async def demo_board(demo_db: Path) -> AsyncIterator[tuple[TrackerApp, object, BoardScreen]]:
    """The board running on the demo database at 120×35: (app, pilot, screen)."""
    app = board_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        yield app, pilot, await ready(app, pilot)
