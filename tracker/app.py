"""The Textual application: a thin shell around the board screen.

`create_app` is the one way in, for the CLI and the tests alike: every path, the settings and
the clock are handed in, nothing is computed at import time.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from tracker.clipboard import NativeCopy, copy_native
from tracker.clock import Clock
from tracker.config import Config
from tracker.screens.board import KEYS, MOVE_KEYS, BoardScreen
from tracker.store import Store
from tracker.widgets.deck import Loaded, start_loading
from tracker.workflow import Workflow

WRITE_PATIENCE = 60.0  # seconds a board write waits for another program's lock


def _stylesheet() -> Path:
    """In a wheel the stylesheet sits beside this file; in a checkout, at the repository root."""
    here = Path(__file__).parent
    packaged = here / "styles.tcss"
    return packaged if packaged.exists() else here.parent / "styles.tcss"


APP_KEYS = [
    ("question_mark", "help", "Show every key and what it does"),
    ("q", "quit", "Quit tracker"),
]


class TrackerApp(App[None]):
    """The board, its help, and the clipboard and clock it is given."""

    CSS_PATH = _stylesheet()
    TITLE = "tracker"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, action, action.title(), tooltip=long) for key, action, long in APP_KEYS
    ]

    def __init__(
        self,
        store: Store,
        config: Config,
        clock: Clock,
        native_copy: NativeCopy = copy_native,
        *,
        writer: Store | None = None,
        first_load: Future[Loaded] | None = None,
    ) -> None:
        super().__init__()
        self.store = store  # reads, on the UI thread and the loader's
        # Writes run in worker threads on a connection of their own, so a write waiting for
        # another program's lock never holds up a read the screen is waiting on.
        self.writer = writer or store
        self.workflow = Workflow(self.writer, config, clock)
        self.config = config
        self.clock = clock
        self.native_copy = native_copy
        self.unsaved: list[str] = []  # writes that were still waiting when the board closed
        self._quit_warned = False
        # Reading and evaluating every application is start-up's one heavy step: it runs in a
        # thread, started by the CLI before Textual was even imported (or here, for tests).
        self.first_load: Future[Loaded] = first_load or start_loading(store, config.policy, clock)

    def get_default_screen(self) -> Screen:
        return BoardScreen((self.size.width, self.size.height))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """q quits from the board only; inside a form or dialog it is just a letter."""
        return not (action == "quit" and isinstance(self.screen, ModalScreen))

    async def action_quit(self) -> None:
        """Quits, unless a change is still waiting for the database: then it says so first,
        and a second q quits without it (the CLI says which change was not saved)."""
        board = self.screen_stack[0] if self.screen_stack else None
        pending = board.pending_writes if isinstance(board, BoardScreen) else []
        if pending and not self._quit_warned:
            self._quit_warned = True
            self.notify(
                f"Still saving: {'; '.join(pending)} (the database is locked by another "
                "program). q again quits without saving it.",
                title="Not saved yet",
                severity="warning",
                markup=False,
            )
            return
        if pending:
            self.unsaved.extend(pending)
            self.writer.stop()
        self.exit()

    def action_help(self) -> None:
        from tracker.screens.help import HelpScreen

        if isinstance(self.screen, ModalScreen):
            return
        sections = [("Move", [Binding(k, a, d) for k, a, d in MOVE_KEYS])]
        sections += [
            (title, [Binding(key, action, long) for key, action, _, long in rows])
            for title, rows in KEYS
        ]
        sections.append(("Board", [Binding(key, action, long) for key, action, long in APP_KEYS]))
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, BoardScreen):
            yield from screen.commands()
            yield SystemCommand("Help (?)", "Show every key and what it does", self.action_help)

    def on_unmount(self) -> None:
        self.store.close()
        if self.writer is not self.store:
            self.writer.stop()
            self.writer.close()


def create_app(
    db_path: Path,
    config: Config,
    clock: Clock,
    *,
    native_copy: NativeCopy = copy_native,
    store: Store | None = None,
    first_load: Future[Loaded] | None = None,
) -> TrackerApp:
    """Opens the database (StoreError if it cannot be used), or takes the one the CLI opened
    and the load it started, and builds the app around it."""
    reader = store or Store.open(db_path)
    writer = reader.another()
    writer.wait_for_lock(WRITE_PATIENCE)
    return TrackerApp(reader, config, clock, native_copy, writer=writer, first_load=first_load)
