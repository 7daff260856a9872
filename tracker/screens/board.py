"""The board: four columns, the side panel for the selected card, and every key of the routine.

The screen keeps a `Deck` (all cards evaluated once) and repaints from it. A log re-reads and
re-evaluates only the card it touched; a poll of the store's data version picks up changes made
elsewhere (the CLI) and the clock tick re-evaluates only cards whose deadline just passed.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from tracker.model import (
    Action,
    Advice,
    Application,
    Conflict,
    DraftKind,
    Event,
    EventKind,
    InputError,
    Outcome,
    Stage,
    Status,
    UserError,
)
from tracker.present import event_words, sentence
from tracker.rules import Policy, check_event, evaluate
from tracker.text import plain
from tracker.widgets.column import CardColumn
from tracker.widgets.deck import STAGES, Card, Changed, Deck, Loaded, changed_since, load
from tracker.widgets.footer import BoardFooter
from tracker.widgets.panel import CardPanel
from tracker.words import fmt_moment
from tracker.workflow import Snapshot, Workflow, round_of, why_no_draft

if TYPE_CHECKING:
    from tracker.app import TrackerApp
    from tracker.screens.forms import NewApplication

MIN_WIDTH, MIN_HEIGHT = 60, 15
FIRST_PAINT_WAIT = 0.5  # seconds the first paint waits for the cards before saying "loading…"
POLL_SECONDS = 1.0
TICK_SECONDS = 30.0

_LOGGED = {
    EventKind.DECISION: "their timeline",
    EventKind.THANKED: "the thank-you",
    EventKind.FOLLOWED_UP: "a follow-up",
    EventKind.REPLIED: "their reply",
    EventKind.INTERVIEW: "another interview round",
    EventKind.CLOSED: "the close",
}

# (section title, [(key, action, footer word, what it does)]): the footer, the help screen and
# the command palette are all generated from this one table.
KEYS: list[tuple[str, list[tuple[str, str, str, str]]]] = [
    (
        "Copy",
        [
            ("c", "copy_email", "Copy email", "Copy the email draft for the card's next action"),
            ("p", "copy_phone", "Call script", "Copy the phone-call script with its voicemail"),
            ("C", "copy_to", "", "Copy the thank-you note for another person met (then 1-9)"),
            ("m", "mail_draft", "Mail", "Open the email draft in your mail client"),
        ],
    ),
    (
        "Log",
        [
            ("t", "log_thanks", "Thanked", "Log the thank-you note as sent just now"),
            ("T", "log_thanks_at", "", "Log the thank-you with the time it was sent"),
            ("f", "log_follow_up", "Followed up", "Log a follow-up by email or phone"),
            ("r", "log_reply", "Reply", "Log a reply from the employer (new date optional)"),
            ("d", "log_decision", "", "Record when they said they would decide"),
            ("i", "log_round", "Interview", "Log another interview round"),
            ("x", "close_card", "Close", "Close with an outcome and get the matching note"),
        ],
    ),
    (
        "Applications",
        [
            ("n", "new_application", "New", "Add a new application and its interview"),
            ("e", "edit_application", "Edit", "Edit the company, role and contact details"),
            ("E", "amend", "", "Correct a logged event: pick it from the timeline"),
            ("u", "undo", "Undo", "Undo the card's last logged event (asks first)"),
            ("a", "archive", "", "Archive the card (or bring an archived one back)"),
            ("A", "toggle_archived", "", "Show or hide the archived cards"),
            ("D", "delete", "", "Delete the card and its events for good (asks first)"),
            ("slash", "filter", "Find", "Filter the cards by text (Esc clears)"),
        ],
    ),
]
MOVE_KEYS: list[tuple[str, str, str]] = [
    ("up,k", "move(0, -1)", "Previous card in the column"),
    ("down,j", "move(0, 1)", "Next card in the column"),
    ("left,h", "move(-1, 0)", "Column to the left"),
    ("right,l", "move(1, 0)", "Column to the right"),
    ("pageup", "move(0, -10)", "Ten cards up"),
    ("pagedown", "move(0, 10)", "Ten cards down"),
    ("home", "edge(-1)", "First card of the column"),
    ("end", "edge(1)", "Last card of the column"),
    ("J", "scroll_panel(3)", "Scroll the details panel down"),
    ("K", "scroll_panel(-3)", "Scroll the details panel up"),
    ("shift+pagedown", "scroll_panel(20)", "Details panel: a page down"),
    ("shift+pageup", "scroll_panel(-20)", "Details panel: a page up"),
]


# The footer shows the copy and log keys as two groups, so everything fits in 80 columns.
_FOOTER_GROUPS = {
    "Copy": Binding.Group("Copy"),
    "Log": Binding.Group("Log"),
}


def board_bindings() -> list[Binding]:
    # A key with no footer word is in the help screen and the palette, not the footer.
    bindings = [
        Binding(
            key,
            action,
            word or long,
            tooltip=long,
            group=_FOOTER_GROUPS.get(title),
            show=bool(word),
        )
        for title, rows in KEYS
        for key, action, word, long in rows
    ]
    bindings += [Binding(key, action, long, show=False) for key, action, long in MOVE_KEYS]
    bindings.append(Binding("escape", "clear_filter", "Clear the filter", show=False))
    return bindings


class BoardScreen(Screen[None]):
    """The kanban and everything the keys do to it."""

    class CardsLoaded(Message):
        """The first load is on screen (tests and the screenshot script wait for it)."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    BINDINGS: ClassVar[list[BindingType]] = [*board_bindings()]
    AUTO_FOCUS = ""  # keys belong to the board; the filter field takes focus only on /
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares these per instance
        (0, "-tiny"),
        (MIN_WIDTH, "-narrow"),
        (110, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-flat"),
        (MIN_HEIGHT, "-tall"),
    ]

    app: TrackerApp

    def __init__(self, size: tuple[int, int] = (0, 0)) -> None:
        # Starting with the breakpoint classes of the terminal's size spares the whole DOM a
        # second styling pass when the first Resize arrives (a tenth of a second at start-up).
        width, height = size
        classes = {
            self._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS or []).pop(),
            self._get_breakpoint_classes(height, self.VERTICAL_BREAKPOINTS or []).pop(),
        }
        super().__init__(classes=" ".join(sorted(classes)))
        self.deck = Deck(Policy())
        self.loaded = False
        self.stage: Stage | None = None
        self.cursors: dict[Stage, int] = dict.fromkeys(STAGES, 0)
        self.selected_id: int | None = None
        self._version: int | None = None
        self._now = datetime.min
        self._shown: tuple[int, int, datetime] | None = None  # what the panel is showing
        self._panel_pending = False
        self._panel_force = False
        self._reloading = False
        self._seq = 0  # the change journal's position the deck reflects
        self._last_failure = ""
        self.archived = False  # whether archived cards are shown
        self.pending_writes: list[str] = []  # what is still waiting for the database
        self._debrief_offered: set[int] = set()  # cards whose debrief form was shown once
        self._copied_to: dict[int, str] = {}  # whose thank-you note was copied last, by card
        self.ready = asyncio.Event()  # set once the first load is on screen

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        with Container(id="board"):
            with Horizontal(id="columns"):
                for stage in STAGES:
                    with Vertical(classes="lane"):
                        yield Static(stage.title, classes="lane-title", id=f"title-{stage.value}")
                        yield CardColumn(stage, id=f"column-{stage.value}")
            with Vertical(id="details"):
                yield Static("Details", classes="lane-title")
                yield CardPanel(id="panel")
        yield Static(
            Content.assemble(
                ("No applications yet.\n\n", "bold"),
                "Press ",
                ("n", "bold $text-accent"),
                " to add your first interview, or from the shell:\n\n",
                (
                    'tracker add --company Acme --role "Engineer" --interviewed "yesterday 15:00"',
                    "bold",
                ),
                "\n\n",
                ("? shows every key · q quits", "$text-muted"),
            ),
            id="empty",
        )
        yield Static(id="too-small")
        yield Input(
            placeholder="Filter: company, role, contact or notes (Enter keeps it, Esc clears it)",
            id="filter",
        )
        yield BoardFooter(compact=True)

    def on_mount(self) -> None:
        self._now = self.app.clock()
        self.deck = Deck(self.app.config.policy)
        self._refresh_board()
        first = self.app.first_load
        # Waiting here for the cards (a fifth of a second at ten thousand) paints the board once,
        # with them: styling and laying out a "loading…" board first would hold the GIL the
        # load needs, delaying the cards by as much again. A slow disk still gets that board.
        with suppress(TimeoutError):
            first.exception(timeout=FIRST_PAINT_WAIT)
        if first.done():
            self._first_loaded(first)
        else:
            self._wait_for(first)
        self.set_interval(POLL_SECONDS, self._poll_store)
        self.set_interval(TICK_SECONDS, self.tick)

    def on_unmount(self) -> None:
        gc.unfreeze()  # give back what the first load froze (matters when run in-process)

    @work(thread=True, group="reload", exit_on_error=False)
    def _wait_for(self, first: Future[Loaded]) -> None:
        """The app started reading before the screen existed; this waits for it off-screen."""
        first.exception()
        self.app.call_from_thread(self._first_loaded, first)

    def _first_loaded(self, first: Future[Loaded]) -> None:
        try:
            error = first.exception()
            if error is not None:
                self.app.notify(
                    f"Could not read the database: {error}", severity="error", markup=False
                )
                self.ready.set()
                return
            self._swap(first.result())
        finally:
            gc.enable()  # the CLI holds the collector off until the cards are in (and frozen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the terminal is too small to show the board, its keys do nothing: nobody
        should log or copy something they cannot see."""
        return not (self.has_class("-tiny") or self.has_class("-flat"))

    def on_resize(self, event: Resize) -> None:
        # The notice fills the screen whatever it says, so it is repainted, not laid out.
        self.query_one("#too-small", Static).update(
            f"Terminal too small ({event.size.width}×{event.size.height}).\n"
            f"Resize to at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            layout=False,
        )
        if event.size == self.outer_size:
            # Textual hands a starting screen its size several times over; laying out and
            # painting the whole board again for the size it already has costs a frame each
            # (a tenth of a second of start-up), so Screen's own handler is skipped then.
            event.prevent_default()

    # --- reading the state -------------------------------------------------------------------

    @property
    def selected(self) -> Card | None:
        if self.selected_id is None:
            return None
        return self.deck.cards.get(self.selected_id)

    def column(self, stage: Stage) -> CardColumn:
        return self.query_one(f"#column-{stage.value}", CardColumn)

    def _fresh(self, card: Card) -> Advice:
        """The card's advice at this very moment (the deck's may be up to a tick old)."""
        return evaluate(
            card.app, card.events, self.app.config.policy, self.app.clock(), offer=self.deck.offer
        )

    # --- painting ----------------------------------------------------------------------------

    def _refresh_board(self, stages: Iterable[Stage] = STAGES) -> None:
        """Repaints columns (all, or the ones a change touched), counts and header from the
        deck, and puts the selection back."""
        deck = self.deck
        self.set_class(self.loaded and not deck.cards, "-empty")
        filtering = bool(deck.query)
        empty = "no matches" if filtering else "nothing here" if self.loaded else "loading…"
        for stage in stages:
            cards = deck.column(stage)
            column = self.column(stage)
            count = f"{len(cards)}/{deck.total(stage)}" if filtering else str(len(cards))
            self.query_one(f"#title-{stage.value}", Static).update(
                f"{stage.title} ({count})", layout=False
            )
            column.show(cards, self._now, empty)
        self._place_selection()
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        due, overdue = self.deck.due_counts()
        total = due + overdue
        parts: list[str | tuple[str, str]] = [("tracker", "bold $text-primary"), "  "]
        if total:
            style = "bold $text-error" if overdue else "bold $text-warning"
            parts.append((f"{total} action{'s' * (total != 1)} due or overdue today", style))
            if overdue:
                parts.append(f" ({overdue} overdue)")
        else:
            parts.append(("Nothing due or overdue today", "$text-success"))
        parts.append(("  ·  " + fmt_moment(self._now), "$text-muted"))
        if self.deck.query:
            parts.append(("  ·  filter: ", "$text-muted"))
            parts.append((plain(self.deck.query), "bold $text-accent"))
        count = len(self.deck.cards)
        parts.append((f"  ·  {count} application{'s' * (count != 1)}", "$text-muted"))
        self.query_one("#summary", Static).update(Content.assemble(*parts), layout=False)

    def _place_selection(self) -> None:
        """Keeps the selected card selected wherever it now is; else the nearest sensible one."""
        deck = self.deck
        position = deck.position(self.selected_id) if self.selected_id is not None else None
        if position is None:
            stage = self.stage if self.stage and deck.column(self.stage) else None
            stage = stage or next((s for s in STAGES if deck.column(s)), None)
            if stage is None:
                self._select(None, 0)
                return
            index = min(self.cursors[stage], len(deck.column(stage)) - 1)
            position = (stage, index)
        self._select(*position)

    def _select(self, stage: Stage | None, index: int) -> None:
        """Moves the highlight, the remembered cursor and the panel to one card."""
        for other in STAGES:
            column = self.column(other)
            # Only the one-line title changes class: restyling a whole column costs a frame.
            self.query_one(f"#title-{other.value}").set_class(other is stage, "-current")
            if other is not stage and column.cursor is not None:
                column.move_cursor(None)
        card = None
        if stage is not None:
            cards = self.deck.column(stage)
            index = max(0, min(index, len(cards) - 1))
            card = cards[index]
            self.cursors[stage] = index
            self.column(stage).move_cursor(index)
        self.stage = stage
        self.selected_id = card.id if card else None
        self._refresh_panel()

    def _refresh_panel(self, force: bool = False) -> None:
        """Repaints the panel for the selected card, one frame after the highlight moved.

        The highlight is a two-card repaint and shows at once; the panel follows in the next
        frame, and a burst of key presses (a held arrow) costs one panel update, not many.
        """
        self._panel_force = self._panel_force or force
        if not self._panel_pending:
            self._panel_pending = True
            self.call_after_refresh(self._paint_panel)

    def _paint_panel(self) -> None:
        self._panel_pending = False
        card = self.selected
        key = (id(card), id(card.advice) if card else 0, self._now)
        if key == self._shown and not self._panel_force:
            return
        self._shown, self._panel_force = key, False
        config = self.app.config
        self.query_one(CardPanel).show(
            card, self._now, config.policy, config.profile, self.deck.offer
        )

    # --- time and other processes ------------------------------------------------------------

    def tick(self) -> None:
        """Statuses follow the clock: re-evaluates cards whose due or overdue moment passed."""
        now = self.app.clock()
        if now == self._now:
            return
        self._now = now
        self.deck.tick(now)
        self._refresh_board()  # every column: the relative times on the badges moved on
        self._refresh_panel(force=True)

    def _poll_store(self) -> None:
        """Another process (the CLI, another board) committed: read just what it changed in a
        thread, then put those cards in place. The poll itself is one cheap pragma."""
        if not self.loaded or self._reloading:
            return
        try:
            version = self.app.store.data_version()
        except Exception as err:  # said once; the next poll tries again
            self._say_background_failure(f"Could not check the database for changes: {err}")
            return
        if version != self._version:
            self._request_reload(full=False)

    def _request_reload(self, full: bool) -> None:
        self._reloading = True
        self._reload(full)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self, full: bool) -> None:
        app = self.app
        try:
            changed = None if full else changed_since(app.store, self._seq)
            if changed is None:
                loaded = load(
                    app.store, app.config.policy, app.clock, self.deck.query, archived=self.archived
                )
                app.call_from_thread(self._swap, loaded)
            else:
                app.call_from_thread(self._apply, changed)
        except Exception as err:  # said once; polling goes on and the next change still shows
            app.call_from_thread(self._reload_failed, err)

    def _reload_failed(self, error: Exception) -> None:
        self._reloading = False
        self._say_background_failure(f"Could not read the changes: {error}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Background work never fails silently: a failed reload says so once, and the next
        poll tries again; a failed write or copy says what was not done."""
        worker = event.worker
        if event.state is not WorkerState.ERROR:
            return
        error = worker.error
        if worker.group == "reload":
            self._reloading = False
            self._say_background_failure(f"Could not read the changes: {error}")
        elif worker.group != "write":  # writes report their own failures
            self._say_background_failure(f"{worker.name or worker.group} failed: {error}")

    def _say_background_failure(self, message: str) -> None:
        if message != self._last_failure:  # one message per failure, not one per second
            self._last_failure = message
            self.app.notify(message, severity="error", markup=False)

    def _apply(self, changed: Changed) -> None:
        """Puts the cards another process changed in place, leaving every other card as is."""
        touched: set[Stage] = set()
        now = self._now
        for app_id in changed.missing:
            touched |= self.deck.remove(app_id)
        for app, events in changed.found:
            touched |= self.deck.put(app, events, now)
        self._version, self._seq = changed.version, changed.seq
        self._reloading = False
        self._last_failure = ""
        if touched:
            self._refresh_board(touched)
            self._refresh_panel(force=True)

    def _swap(self, loaded: Loaded) -> None:
        if loaded.deck.query != self.deck.query:  # the filter changed while it was loading
            loaded.deck.set_query(self.deck.query)
        first = not self.loaded
        self.deck, self._version, self._now = loaded.deck, loaded.version, loaded.now
        self._seq = loaded.seq
        self.loaded, self._reloading = True, False
        self._last_failure = ""
        if first:
            # The cards live as long as the app: keep the collector from rescanning them, so
            # no key press pays for a full collection over thousands of objects.
            gc.freeze()
            urgent = self.deck.most_urgent()
            if urgent is not None:
                self.selected_id = urgent.id
        self._refresh_board()
        if first:  # no key press is waiting on the highlight: the first frame has the panel too
            self._panel_force = True
            self._paint_panel()
            self._scroll_to_selection()
            self.ready.set()
            self.post_message(self.CardsLoaded(len(self.deck.cards)))
        else:
            self._refresh_panel(force=True)

    # --- moving ------------------------------------------------------------------------------

    def action_move(self, dx: int, dy: int) -> None:
        if self.stage is None:
            return
        if dy:
            self._select(self.stage, self.cursors[self.stage] + dy)
            return
        order = list(STAGES)
        position = order.index(self.stage) + dx
        while 0 <= position < len(order):
            stage = order[position]
            if self.deck.column(stage):
                self._select(stage, self.cursors[stage])
                return
            position += dx

    def action_scroll_panel(self, lines: int) -> None:
        """The panel is read, not navigated: it scrolls while the keys stay with the board."""
        self.query_one(CardPanel).scroll_relative(y=lines, animate=False)

    def action_edge(self, direction: int) -> None:
        if self.stage is not None:
            self._select(self.stage, 0 if direction < 0 else len(self.deck.column(self.stage)))

    @on(CardColumn.CardSelected)
    def _clicked(self, message: CardColumn.CardSelected) -> None:
        self._select(message.stage, message.index)

    # --- filter ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.add_class("-shown")
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.deck.set_query(event.value)
        self._refresh_board()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self) -> None:
        self.query_one("#filter").remove_class("-shown")
        self.set_focus(None)

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.remove_class("-shown")
        self.set_focus(None)
        if field.value:
            field.value = ""  # Input.Changed refilters

    # --- copying -----------------------------------------------------------------------------

    def action_copy_email(self) -> None:
        """The email for the next action; a thank-you goes to the first person still owed one,
        after offering the short debrief form once if nothing was noted about the round."""
        found = self._email_or_say()
        if found is None:
            return
        snapshot, kind = found
        if snapshot.id not in self._debrief_offered and self.app.workflow.needs_debrief(snapshot):
            self._debrief_offered.add(snapshot.id)
            self._offer_debrief(snapshot)
            return
        owed = snapshot.advice.owed
        self._copy_draft(snapshot, kind, to=owed[0] if kind is DraftKind.THANK_YOU and owed else "")

    def _offer_debrief(self, snapshot: Snapshot) -> None:
        from tracker.screens.forms import DebriefAnswer, DebriefForm

        people = [p.name for p in round_of(snapshot).people]
        subject = f"{snapshot.app.company} · {snapshot.app.role}"

        def then_copy(answer: DebriefAnswer | None) -> None:
            if answer is None or not (answer.topics or answer.point or answer.fit):
                self.action_copy_email()  # skipped: the notes are written without it
                return
            self._submit(
                "noting the debrief",
                lambda flow: flow.debrief(snapshot.id, answer.topics, answer.point, answer.fit)[0],
                lambda card: self.action_copy_email(),
            )

        self.app.push_screen(DebriefForm(subject, people), then_copy)

    def action_copy_to(self) -> None:
        """The thank-you note for someone else met in the round: C, then their number."""
        from tracker.screens.pick import PersonPicker

        card = self._card_or_say()
        if card is None:
            return
        snapshot = self._snapshot(card)
        people = [p.name for p in round_of(snapshot).people]
        if not people:
            self.app.notify(
                "Nobody is recorded for the latest round: e or `tracker log ID interview "
                "--with NAME` adds the people you met.",
                severity="warning",
                markup=False,
            )
            return
        subject = f"{card.app.company} · {card.app.role}"

        def copy(name: str | None) -> None:
            if name is not None:
                self._copy_draft(self._snapshot(card), DraftKind.THANK_YOU, to=name)

        self.app.push_screen(PersonPicker(subject, people, snapshot.advice.owed), copy)

    def _email_or_say(self) -> tuple[Snapshot, DraftKind] | None:
        """The selected card and the email its next action calls for, or a toast saying why
        there is none (c and m both start here)."""
        from tracker.drafts import email_kind

        card = self._card_or_say()
        if card is None:
            return None
        snapshot = self._snapshot(card)
        kind = email_kind(snapshot.advice)
        if kind is None:
            why = why_no_draft(snapshot.advice)
            self.app.notify(f"No email for {plain(card.app.company)} now: {why}.", markup=False)
            return None
        return snapshot, kind

    def _snapshot(self, card: Card) -> Snapshot:
        return Snapshot(card.app, tuple(card.events), self._fresh(card))

    def action_copy_phone(self) -> None:
        from tracker.drafts import phone_kind

        card = self._card_or_say()
        if card is None:
            return
        snapshot = self._snapshot(card)
        kind = phone_kind(snapshot.advice)
        if kind is None:
            self.app.notify("This card is closed: there is no call to make.", markup=False)
            return
        self._copy_draft(snapshot, kind)

    def _copy_draft(self, snapshot: Snapshot, kind: DraftKind, to: str = "") -> None:
        try:
            draft = self.app.workflow.draft(snapshot, kind, to=to, on_board=True)
        except InputError as err:
            self.app.notify(str(err), title="No draft", severity="warning", markup=False)
            return
        hint = draft.hint
        if kind is DraftKind.THANK_YOU and draft.recipient:
            self._copied_to[snapshot.id] = draft.recipient
            hint = f"For {draft.recipient}. {hint}".strip()
        self.copy_text(draft.title, draft.text, hint)

    def copy_text(self, title: str, text: str, hint: str = "") -> None:
        """OSC 52 at once (works over SSH and in tmux), and a native tool in a thread."""
        self.app.copy_to_clipboard(text)
        self._copy_natively(title, text, hint)

    @work(thread=True, group="clipboard", exit_on_error=False)
    def _copy_natively(self, title: str, text: str, hint: str) -> None:
        """Asks the clipboard tool (unless the settings say the terminal is enough), then, when
        no tool confirmed, whether anything vouches for the terminal's OSC 52 copy."""
        from tracker.clipboard import terminal_trusted

        mode = self.app.config.clipboard
        way = None
        if mode != "terminal":
            try:
                way = self.app.native_copy(text)
            except Exception:  # a broken clipboard tool must never take the board down
                way = None
        trusted = None if way else terminal_trusted(mode)
        self.app.call_from_thread(self._copied, title, text, hint, way, trusted)

    def _copied(
        self, title: str, text: str, hint: str, way: str | None, trusted: str | None
    ) -> None:
        """A toast when a copy was made; the select-by-hand window only when none is certain."""
        from tracker.screens.draft import DraftScreen

        extra = f" {hint}" if hint else ""
        if way or trusted:
            how = f"{way} and OSC 52" if way else f"OSC 52 ({trusted})"
            self.app.notify(f"Copied {title.lower()} via {how}.{extra}", markup=False)
            return
        self.app.push_screen(
            DraftScreen(
                title,
                text,
                "No clipboard tool confirmed this copy. Your terminal may have it already "
                "(OSC 52 works in most terminals, over SSH, and in tmux with set-clipboard on); "
                'if not, select the text below. If it does, clipboard = "terminal" in the '
                "settings skips this window." + extra,
            )
        )

    def action_mail_draft(self) -> None:
        """Opens the email c would copy (a thank-you: to the first person still owed one) in
        the mail client; the opener runs in a worker."""
        from tracker.mail import address, mailto

        found = self._email_or_say()
        if found is None:
            return
        snapshot, kind = found
        owed = snapshot.advice.owed
        try:
            draft = self.app.workflow.draft(
                snapshot,
                kind,
                to=owed[0] if kind is DraftKind.THANK_YOU and owed else "",
                on_board=True,
            )
        except InputError as err:
            self.app.notify(str(err), title="No draft", severity="warning", markup=False)
            return
        to = address(draft, snapshot.app)
        self._open_mail(draft.title, to, mailto([to], draft.subject, draft.body), draft.hint)

    @work(thread=True, group="mail", exit_on_error=False)
    def _open_mail(self, title: str, to: str, url: str, hint: str) -> None:
        from tracker.mail import MailError, open_url

        try:
            way = open_url(url)
        except MailError as err:
            said = str(err)
            self.app.call_from_thread(
                self.app.notify, f"{said[:1].upper()}{said[1:]}.", severity="error", markup=False
            )
            return
        addressed = f"to {plain(to)}" if to else "with no address (none on file: e adds one)"
        extra = f" {hint}" if hint else ""
        self.app.call_from_thread(
            self.app.notify,
            f"Opened {title.lower()} in your mail client ({way}), {addressed}.{extra}",
            markup=False,
        )

    # --- logging -----------------------------------------------------------------------------

    def action_log_thanks(self) -> None:
        """One key, no form: the note was just sent (u takes it back)."""
        card = self._card_or_say()
        if card is None:
            return
        now = self.app.clock()
        event = Event(EventKind.THANKED, now)
        if self._refused(card, event, now):
            return
        self._save_event(card.id, event)

    def _thanked_whom(self, card: Card, event: Event) -> Event:
        """T1: a thank-you logged from the board is the note for one person: the one whose
        note was copied last, else the first still owed one (with nobody recorded: the one)."""
        owed = self._fresh(card).owed
        if event.kind is not EventKind.THANKED or event.person or not owed:
            return event
        copied = self._copied_to.get(card.id)
        return replace(event, person=copied if copied in owed else owed[0])

    def action_log_thanks_at(self) -> None:
        self._log(EventKind.THANKED)

    def action_log_follow_up(self) -> None:
        self._log(EventKind.FOLLOWED_UP)

    def action_log_reply(self) -> None:
        self._log(EventKind.REPLIED)

    def action_log_decision(self) -> None:
        self._log(EventKind.DECISION)

    def action_log_round(self) -> None:
        self._log(EventKind.INTERVIEW)

    def action_close_card(self) -> None:
        self._log(EventKind.CLOSED)

    def _refused(self, card: Card, event: Event, now: datetime) -> bool:
        """Says at once when a key makes no sense for the card as shown (thanked twice); the
        write checks again against the file itself."""
        try:
            check_event(self._fresh(card), event, now)
        except InputError as err:
            self.app.notify(str(err), title="Not possible here", severity="warning", markup=False)
            return True
        return False

    def _log(self, kind: EventKind) -> None:
        from tracker.screens.forms import EventForm

        card = self._card_or_say()
        if card is None:
            return
        now = self.app.clock()
        advice = self._fresh(card)
        answering = kind is EventKind.CLOSED and advice.outcome is Outcome.OFFER
        if (
            kind not in (EventKind.INTERVIEW, EventKind.DECISION)
            and not answering
            and self._refused(card, Event(kind, now), now)
        ):
            return
        form = EventForm(
            kind,
            f"{card.app.company} · {card.app.role}",
            now,
            check=lambda event: check_event(advice, event, now),
            channel=advice.channel,
            outcome=(
                Outcome.ACCEPTED
                if answering
                else Outcome.NO_RESPONSE
                if advice.action is Action.MOVE_ON
                else None
            ),
        )
        self.app.push_screen(form, partial(self._save_event, card.id))

    def _save_event(self, app_id: int, event: Event | None) -> None:
        if event is None:
            return
        card = self.deck.cards.get(app_id)
        if card is not None:
            event = self._thanked_whom(card, event)
        label = f"{_LOGGED.get(event.kind, event.kind.value)}"
        if event.person:
            label += f" to {event.person}"

        def done(card: Card) -> None:
            words = f"Logged {label} for {card.app.company} (u undoes it)."
            self.call_after_refresh(self.app.notify, words, markup=False)
            if event.kind is EventKind.CLOSED:
                self._offer_closing_note(card)

        self._submit(f"logging {label}", lambda flow: flow.log(app_id, event), done)

    def action_amend(self) -> None:
        """Corrects one of the card's logged events: pick it from the timeline, then edit."""
        from tracker.screens.forms import EventPicker

        card = self._card_or_say()
        if card is None:
            return
        choices = [(e.id or 0, f"{fmt_moment(e.at)}  {event_words(e)}") for e in card.events]
        first = card.events[0].id or 0  # the interview round: what most often needs fixing
        self.app.push_screen(
            EventPicker(f"{card.app.company} · {card.app.role}", choices, first),
            partial(self._amend_picked, card.id),
        )

    def _amend_picked(self, app_id: int, event_id: int | None) -> None:
        from tracker.screens.forms import EventForm

        card = self.deck.cards.get(app_id)
        seen = next((e for e in card.events if e.id == event_id), None) if card else None
        if card is None or seen is None:
            return
        subject = f"{card.app.company} · {card.app.role}"
        form = EventForm(seen.kind, subject, self.app.clock(), initial=seen)

        def save(wanted: Event | None) -> None:
            if wanted is None:
                return
            self._submit(
                f"correcting the {seen.kind.value}",
                lambda flow: flow.amend(seen.id or 0, seen, replace(wanted, id=seen.id)),
                lambda card: self.app.notify(
                    sentence(f"Corrected the {event_words(wanted)} of {card.app.company}"),
                    markup=False,
                ),
            )

        self.app.push_screen(form, save)

    def _offer_closing_note(self, card: Card) -> None:
        from tracker.drafts import email_kind
        from tracker.screens.draft import DraftScreen

        snapshot = self._snapshot(card)
        advice = snapshot.advice
        accepted = advice.outcome is Outcome.ACCEPTED
        try:
            draft = self.app.workflow.draft(snapshot, email_kind(advice), on_board=True)
        except InputError:
            if accepted:
                self._offer_withdrawals(card.id)
            return
        outcome = advice.outcome.value if advice.outcome else "closed"

        def copy_if_asked(copy: bool | None) -> None:
            if copy:
                self.copy_text(draft.title, draft.text, draft.hint)
            if accepted:
                self._offer_withdrawals(card.id)

        self.app.push_screen(
            DraftScreen(
                draft.title,
                draft.text,
                f"Closed as {outcome}. This {draft.title.lower()} is the usual next step; "
                "c copies it.",
                offer_copy=True,
            ),
            copy_if_asked,
        )

    def _offer_withdrawals(self, accepted_id: int) -> None:
        """O1: after accepting an offer, every other open application's withdrawal note, one
        key each."""
        from tracker.screens.pick import WithdrawalsScreen

        others = [
            (c.id, f"{c.app.company} — {c.app.role}")
            for c in self.deck.cards.values()
            if c.id != accepted_id and c.advice.status is not Status.CLOSED
        ]
        if not others:
            return

        def copy(app_id: int) -> None:
            card = self.deck.cards.get(app_id)
            if card is not None:
                self._copy_draft(self._snapshot(card), DraftKind.WITHDRAWAL)

        self.app.push_screen(WithdrawalsScreen(others, copy))

    # --- applications ------------------------------------------------------------------------

    def action_new_application(self) -> None:
        from tracker.screens.forms import NewApplicationForm

        self.app.push_screen(NewApplicationForm(self.app.clock()), self._save_new)

    def _save_new(self, result: NewApplication | None) -> None:
        if result is None:
            return
        self._submit(
            f"adding {result.app.company}",
            lambda flow: flow.add(result.app, result.first_round),
            lambda card: self.app.notify(sentence(f"Added {card.app.company}"), markup=False),
        )

    def action_edit_application(self) -> None:
        from tracker.screens.forms import EditApplicationForm

        card = self._card_or_say()
        if card is None:
            return
        form = EditApplicationForm(card.app, self.app.clock())
        self.app.push_screen(form, partial(self._save_edit, card.id, card.app))

    def _save_edit(self, app_id: int, seen: Application, wanted: Application | None) -> None:
        if wanted is None:
            return
        self._submit(
            f"saving {wanted.company}",
            lambda flow: flow.edit(app_id, seen, wanted),
            lambda card: self.app.notify(sentence(f"Saved {card.app.company}"), markup=False),
        )

    def action_archive(self) -> None:
        card = self._card_or_say()
        if card is None:
            return
        archiving = card.app.archived is None
        word = "Archived" if archiving else "Unarchived"
        hint = " (A shows archived cards)" if archiving else ""
        self._submit(
            f"{'archiving' if archiving else 'unarchiving'} {card.app.company}",
            lambda flow: flow.archive(card.id, archiving),
            lambda done: self.app.notify(
                sentence(f"{word} {done.app.company}") + hint, markup=False
            ),
        )

    def action_toggle_archived(self) -> None:
        """Shows or hides the archived cards (read again from the file)."""
        self.archived = not self.archived
        self.app.notify(
            "Showing archived cards too." if self.archived else "Archived cards hidden.",
            markup=False,
        )
        self._request_reload(full=True)

    def action_delete(self) -> None:
        from tracker.screens.forms import ConfirmScreen

        card = self._card_or_say()
        if card is None:
            return
        question = (
            f"Delete {card.app.company} ({card.app.role}) and its {len(card.events)} logged "
            "events for good? This cannot be undone (a archives it instead)."
        )
        self.app.push_screen(
            ConfirmScreen("Delete this application?", question),
            partial(self._confirmed_delete, card.id),
        )

    def _confirmed_delete(self, app_id: int, yes: bool | None) -> None:
        if not yes:
            return
        self._submit(
            "deleting",
            lambda flow: flow.delete(app_id),
            lambda gone: self.app.notify(sentence(f"Deleted {gone.company}"), markup=False),
            removes=app_id,
        )

    def action_undo(self) -> None:
        from tracker.screens.forms import ConfirmScreen

        card = self._card_or_say()
        if card is None:
            return
        last = card.events[-1]
        if len(card.events) == 1:
            self.app.notify(
                "Nothing to undo: the first interview round stays with the application. "
                "E corrects it; D deletes the application.",
                severity="warning",
                markup=False,
            )
            return
        question = f"Remove the last event logged for {card.app.company} ({card.app.role}): " + (
            f"{event_words(last)} on {fmt_moment(last.at)}?"
        )
        self.app.push_screen(
            ConfirmScreen("Undo the last event?", question),
            partial(self._confirmed_undo, card.id, last),
        )

    def _confirmed_undo(self, app_id: int, last: Event, yes: bool | None) -> None:
        if not yes:
            return
        self._submit(
            "undoing",
            lambda flow: flow.undo(app_id, last.id or 0)[1],
            lambda card: self.app.notify(
                sentence(f"Undone: {event_words(last)} for {card.app.company}"), markup=False
            ),
        )

    # --- writing -----------------------------------------------------------------------------

    def _submit(
        self,
        what: str,
        write: Callable[[Workflow], Any],
        done: Callable[[Any], None],
        *,
        removes: int | None = None,
    ) -> None:
        """Runs one workflow write in a thread, so the board stays live while another program
        holds the lock; then puts the card it returns in place (or drops `removes`)."""
        self.pending_writes.append(what)
        self._write(what, write, done, removes)

    @work(thread=True, group="write", exit_on_error=False)
    def _write(
        self,
        what: str,
        write: Callable[[Workflow], Any],
        done: Callable[[Any], None],
        removes: int | None,
    ) -> None:
        try:
            result = write(self.app.workflow)
        except Exception as err:  # every failure is said; nothing is half-written
            self.app.call_from_thread(self._written, what, None, None, removes, err)
            return
        self.app.call_from_thread(self._written, what, result, done, removes, None)

    def _written(
        self,
        what: str,
        result: Any,
        done: Callable[[Any], None] | None,
        removes: int | None,
        error: Exception | None,
    ) -> None:
        with suppress(ValueError):
            self.pending_writes.remove(what)
        if error is not None:
            title = "Changed elsewhere" if isinstance(error, Conflict) else "Not saved"
            message = str(error) if isinstance(error, UserError) else f"{what}: {error!r}"
            self.app.notify(message, title=title, severity="error", markup=False)
            if isinstance(error, Conflict):  # show the card as it is now
                self._request_reload(full=False)
            return
        if removes is not None:
            touched = self.deck.remove(removes)
            self._refresh_board(touched)
            self._refresh_panel(force=True)
        elif isinstance(result, Snapshot):
            result = self._put(result)
        if done is not None and result is not None:
            done(result)

    def _put(self, snapshot: Snapshot) -> Card | Snapshot:
        touched = self.deck.put(snapshot.app, list(snapshot.events), self._now)
        card = self.deck.cards.get(snapshot.id)
        if card is not None:
            self.selected_id = snapshot.id
        self._refresh_board(touched)
        self._refresh_panel(force=True)
        self._scroll_to_selection()
        return card or snapshot  # archived and hidden: the toast still names it

    def _scroll_to_selection(self) -> None:
        """After a log re-sorts a column, the moved card is scrolled into view once the
        column has its new length."""

        def scroll() -> None:
            if self.stage is not None:
                column = self.column(self.stage)
                column.move_cursor(column.cursor)

        self.call_after_refresh(scroll)

    def _card_or_say(self) -> Card | None:
        card = self.selected
        if card is None:
            self.app.notify("No card selected: press n to add an application.", severity="warning")
        return card

    # --- the command palette -----------------------------------------------------------------

    def commands(self) -> Iterable[SystemCommand]:
        for _, rows in KEYS:
            for key, action, word, long in rows:
                label = "/" if key == "slash" else key
                yield SystemCommand(
                    f"{word or long} ({label})", long, getattr(self, f"action_{action}")
                )
