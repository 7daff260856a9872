"""Shared fixtures; keep each one small and say what it is for."""

from __future__ import annotations

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
