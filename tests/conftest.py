"""Shared fixtures: the frozen clock, the signature profile, the demo database and the board
running on it. Keep each one small and say what it is for."""

from __future__ import annotations

import asyncio
import json
import os
import sys
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
    """The app as the CLI builds it, with the frozen clock and no native clipboard (and the
    `clipboard` setting if given)."""
    options: dict = {"native_copy": lambda text: None, **kw}
    clock = options.pop("clock", frozen(BOARD_NOW))
    config = Config(profile=PROFILE, clipboard=options.pop("clipboard", "auto"))
    return create_app(path, config, clock, **options)


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


@pytest.fixture(autouse=True)
def no_outside_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies never reach the terminal running the tests, and a tmux around them is not asked:
    OSC 52 goes to a path that does not exist unless a test points it at a pty."""
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.setattr("tracker.clipboard.TTY", str(tmp_path / "no-tty"))


class FakeProgram:
    """A stand-in program first on PATH that records how it was run."""

    def __init__(self, record: Path) -> None:
        self.record = record

    def runs(self) -> list[list[str]]:
        """The argument lists it was run with, oldest first."""
        return [argv for _pid, *argv in self._lines()]

    def pids(self) -> list[int]:
        return [pid for pid, *_argv in self._lines()]

    def _lines(self) -> list[list]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def fake_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Makes stand-in programs on PATH: each records its arguments, prints `stdout`, waits
    `hang` seconds and exits with `code`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")

    def make(name: str, stdout: str = "", code: int = 0, hang: float = 0) -> FakeProgram:
        record = tmp_path / f"{name}.argv"
        script = bin_dir / name
        script.write_text(
            f"#!{sys.executable}\n"
            "import json, os, sys, time\n"
            f"with open({str(record)!r}, 'a', encoding='utf-8') as out:\n"
            "    out.write(json.dumps([os.getpid(), *sys.argv[1:]]) + '\\n')\n"
            f"print({stdout!r}, end='')\n"
            "sys.stdout.flush()\n"
            f"time.sleep({hang!r})\n"
            f"sys.exit({code!r})\n",
            encoding="utf-8",
        )
        script.chmod(0o755)
        return FakeProgram(record)

    return make
