"""The one place that reads the clock; everything else is handed `now`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]


def system_now() -> datetime:
    """Local wall time, naive and to the second: the tracker's dates are all local and naive."""
    return datetime.now().replace(microsecond=0)


def frozen(moment: datetime) -> Clock:
    """A clock stuck at `moment`, for --now, TRACKER_NOW, tests and demos."""
    return lambda: moment
