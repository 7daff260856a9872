"""Regenerates docs/board.svg: the real board on the demo data, drawn by Textual itself.

python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import datetime
from pathlib import Path

from tracker.app import create_app
from tracker.clock import frozen
from tracker.config import Config
from tracker.demo import populate_demo
from tracker.model import Profile
from tracker.store import Store

NOW = datetime(2026, 11, 24, 10, 0)
OUT = Path(__file__).resolve().parent / "board.svg"


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        with Store.open(db) as store:
            populate_demo(store, NOW)
        config = Config(profile=Profile("Alex Morgan", "alex@example.com", "+1 555 0100"))
        app = create_app(db, config, frozen(NOW), native_copy=lambda text: None)
        async with app.run_test(size=(120, 35)) as pilot:
            await app.screen.ready.wait()
            await pilot.pause()
            OUT.write_text(app.export_screenshot(title="tracker"), encoding="utf-8")
    print(OUT)


if __name__ == "__main__":
    asyncio.run(main())
