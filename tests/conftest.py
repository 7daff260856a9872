"""Shared fixtures; keep each one small and say what it is for."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.store import Store


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
