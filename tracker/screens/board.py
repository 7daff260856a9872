"""The board: four columns, the side panel for the selected card, and every key of the routine.

The screen keeps a `Deck` (all cards evaluated once) and repaints from it. A log re-reads and
re-evaluates only the card it touched; a poll of the store's data version picks up changes made
elsewhere (the CLI) and the clock tick re-evaluates only cards whose deadline just passed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tracker.clock import Clock
from tracker.model import (
    Action,
    Advice,
    Application,
    DraftKind,
    Event,
    EventKind,
    InputError,
    NotFound,
    Outcome,
    Stage,
)
from tracker.rules import Policy, check_event, evaluate, fmt_moment
from tracker.store import Store, StoreError, collector_paused
from tracker.text import plain
from tracker.widgets.column import CardColumn
from tracker.widgets.deck import STAGES, Card, Deck
from tracker.widgets.panel import CardPanel

if TYPE_CHECKING:
    from tracker.app import TrackerApp
    from tracker.screens.forms import NewApplication

MIN_WIDTH, MIN_HEIGHT = 60, 15
FIRST_PAINT_WAIT = 0.5  # seconds the first paint waits for the cards before saying "loading…"
POLL_SECONDS = 1.0
TICK_SECONDS = 30.0

_LOGGED = {
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
            ("m", "mail_draft", "Mail", "Open the email draft in your mail client"),
        ],
    ),
    (
        "Log",
        [
            ("t", "log_thanks", "Thanked", "Log the thank-you note as sent just now"),
            ("f", "log_follow_up", "Followed up", "Log a follow-up by email or phone"),
            ("r", "log_reply", "Reply", "Log a reply from the employer (new date optional)"),
            ("i", "log_round", "Interview", "Log another interview round"),
            ("x", "close_card", "Close", "Close with an outcome and get the matching note"),
        ],
    ),
    (
        "Applications",
        [
            ("n", "new_application", "New", "Add a new application and its interview"),
            ("e", "edit_application", "Edit", "Edit the company, role and contact details"),
            ("u", "undo", "Undo", "Undo the card's last logged event (asks first)"),
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
]


# The footer shows the copy and log keys as two groups, so everything fits in 80 columns.
_FOOTER_GROUPS = {
    "Copy": Binding.Group("Copy"),
    "Log": Binding.Group("Log"),
}


@dataclass(frozen=True, slots=True)
class Loaded:
    """Every card evaluated at `now`, and the store's data version they were read at."""

    deck: Deck
    version: int
    now: datetime


def load(store: Store, policy: Policy, clock: Clock, query: str = "") -> Loaded:
    """Reads and evaluates everything; runs in a thread (the one heavy step of start-up).

    The cyclic garbage collector is paused meanwhile: building tens of thousands of objects
    would otherwise trigger it over and over for nothing (there are no cycles to find).
    """
    version = store.data_version()
    now = clock()
    deck = Deck(policy, query=query)
    with collector_paused():
        deck.load(store.load_all(), now)
    return Loaded(deck, version, now)


def board_bindings() -> list[Binding]:
    bindings = [
        Binding(key, action, word, tooltip=long, group=_FOOTER_GROUPS.get(title))
        for title, rows in KEYS
        for key, action, word, long in rows
    ]
    bindings += [Binding(key, action, long, show=False) for key, action, long in MOVE_KEYS]
    bindings.append(Binding("escape", "clear_filter", "Clear the filter", show=False))
    return bindings


class BoardScreen(Screen[None]):
    """The kanban and everything the keys do to it."""

    BINDINGS: ClassVar[list[BindingType]] = board_bindings()
    AUTO_FOCUS = ""  # keys belong to the board; the filter field takes focus only on /
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-tiny"),
        (MIN_WIDTH, "-narrow"),
        (110, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
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
        yield Footer(compact=True)

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
        error = first.exception()
        if error is not None:
            self.app.notify(f"Could not read the database: {error}", severity="error", markup=False)
            return
        self._swap(first.result())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the terminal is too small to show the board, its keys do nothing: nobody
        should log or copy something they cannot see."""
        return not (self.has_class("-tiny") or self.has_class("-flat"))

    def on_resize(self, event: Resize) -> None:
        self.query_one("#too-small", Static).update(
            f"Terminal too small ({event.size.width}×{event.size.height}).\n"
            f"Resize to at least {MIN_WIDTH}×{MIN_HEIGHT}."
        )

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
        return evaluate(card.app, card.events, self.app.config.policy, self.app.clock())

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
        self.query_one(CardPanel).show(card, self.app.clock(), config.policy, config.profile)

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
        """Another process (the CLI) committed: reload in a thread, then swap the deck in."""
        if not self.loaded or self._reloading:
            return
        try:
            version = self.app.store.data_version()
        except StoreError:
            return
        if version != self._version:
            self._reloading = True
            self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        app = self.app
        try:
            loaded = load(app.store, app.config.policy, app.clock, self.deck.query)
        except StoreError as err:
            app.call_from_thread(self._reload_failed, str(err))
            return
        app.call_from_thread(self._swap, loaded)

    def _reload_failed(self, message: str) -> None:
        self._reloading = False
        self.app.notify(message, severity="error", markup=False)

    def _swap(self, loaded: Loaded) -> None:
        if loaded.deck.query != self.deck.query:  # the filter changed while it was loading
            loaded.deck.set_query(self.deck.query)
        first = not self.loaded
        self.deck, self._version, self._now = loaded.deck, loaded.version, loaded.now
        self.loaded, self._reloading = True, False
        if first:
            # The cards live as long as the app: keep the collector from rescanning them, so
            # no key press pays for a full collection over thousands of objects.
            gc.freeze()
        self._refresh_board()
        if first:  # no key press is waiting on the highlight: the first frame has the panel too
            self._panel_force = True
            self._paint_panel()
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
        from tracker.drafts import email_kind

        card = self._card_or_say()
        if card is None:
            return
        advice = self._fresh(card)
        kind = email_kind(advice)
        if kind is None:
            why = no_email_why(advice)
            self.app.notify(f"No email for {plain(card.app.company)} now: {why}.", markup=False)
            return
        self._copy_draft(card, advice, kind)

    def action_copy_phone(self) -> None:
        from tracker.drafts import phone_kind

        card = self._card_or_say()
        if card is None:
            return
        advice = self._fresh(card)
        kind = phone_kind(advice)
        if kind is None:
            self.app.notify("This card is closed: there is no call to make.", markup=False)
            return
        self._copy_draft(card, advice, kind)

    def _copy_draft(self, card: Card, advice: Advice, kind: DraftKind) -> None:
        from tracker.drafts import render

        config = self.app.config
        draft = render(kind, card.app, card.events, advice, config.profile, self.app.clock())
        self.copy_text(draft.title, draft.text, draft.hint)

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
        """Opens the card's email draft in the mail client; the opener runs in a worker."""
        from tracker.drafts import email_kind, render
        from tracker.mail import address_for, mailto

        card = self._card_or_say()
        if card is None:
            return
        advice = self._fresh(card)
        kind = email_kind(advice)
        if kind is None:
            why = no_email_why(advice)
            self.app.notify(f"No email for {plain(card.app.company)} now: {why}.", markup=False)
            return
        profile = self.app.config.profile
        draft = render(kind, card.app, card.events, advice, profile, self.app.clock())
        to = address_for(card.app, card.events)
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
        addressed = f"to {to}" if to else "with no address (none on file: e adds one)"
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
        try:
            check_event(evaluate(card.app, card.events, self.app.config.policy, now), event, now)
        except InputError as err:
            self.app.notify(str(err), title="Not possible here", severity="warning", markup=False)
            return
        self._save_event(card.id, event)

    def action_log_follow_up(self) -> None:
        self._log(EventKind.FOLLOWED_UP)

    def action_log_reply(self) -> None:
        self._log(EventKind.REPLIED)

    def action_log_round(self) -> None:
        self._log(EventKind.INTERVIEW)

    def action_close_card(self) -> None:
        self._log(EventKind.CLOSED)

    def _log(self, kind: EventKind) -> None:
        from tracker.screens.forms import EventForm

        card = self._card_or_say()
        if card is None:
            return
        now = self.app.clock()
        advice = evaluate(card.app, card.events, self.app.config.policy, now)
        if kind is not EventKind.INTERVIEW:
            try:  # say at once when the key makes no sense here (e.g. thanked twice)
                check_event(advice, Event(kind, now), now)
            except InputError as err:
                self.app.notify(
                    str(err), title="Not possible here", severity="warning", markup=False
                )
                return
        form = EventForm(
            kind,
            f"{card.app.company} · {card.app.role}",
            now,
            check=lambda event: check_event(advice, event, now),
            channel=advice.channel,
            outcome=Outcome.NO_RESPONSE if advice.action is Action.MOVE_ON else None,
        )
        self.app.push_screen(form, partial(self._save_event, card.id))

    def _save_event(self, app_id: int, event: Event | None) -> None:
        if event is None:
            return
        card = self._write(lambda: self.app.store.log(app_id, event), app_id)
        if card is None:
            return
        # The moved card paints first; the toast (a widget of its own) follows a frame later.
        words = f"Logged {_LOGGED[event.kind]} for {card.app.company} (u undoes it)."
        self.call_after_refresh(self.app.notify, words, markup=False)
        if event.kind is EventKind.CLOSED:
            self._offer_closing_note(card)

    def _offer_closing_note(self, card: Card) -> None:
        from tracker.drafts import email_kind, render
        from tracker.screens.draft import DraftScreen

        advice = self._fresh(card)
        kind = email_kind(advice)
        if kind is None:
            return
        config = self.app.config
        draft = render(kind, card.app, card.events, advice, config.profile, self.app.clock())
        outcome = advice.outcome.value if advice.outcome else "closed"

        def copy_if_asked(copy: bool | None) -> None:
            if copy:
                self.copy_text(draft.title, draft.text, draft.hint)

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

    # --- applications ------------------------------------------------------------------------

    def action_new_application(self) -> None:
        from tracker.screens.forms import NewApplicationForm

        self.app.push_screen(NewApplicationForm(self.app.clock()), self._save_new)

    def _save_new(self, result: NewApplication | None) -> None:
        if result is None:
            return
        if self._write(lambda: self.app.store.add_application(result.app, [result.first_round])):
            self.app.notify(f"Added {result.app.company}.", markup=False)

    def action_edit_application(self) -> None:
        from tracker.screens.forms import EditApplicationForm

        card = self._card_or_say()
        if card is None:
            return
        form = EditApplicationForm(card.app, self.app.clock())
        self.app.push_screen(form, partial(self._save_edit, card.id))

    def _save_edit(self, app_id: int, app: Application | None) -> None:
        if app is not None and self._write(lambda: self.app.store.update_application(app), app_id):
            self.app.notify(f"Saved {app.company}.", markup=False)

    def action_undo(self) -> None:
        from tracker.screens.forms import ConfirmScreen

        card = self._card_or_say()
        if card is None:
            return
        last = card.events[-1]
        if len(card.events) == 1:
            self.app.notify(
                "Nothing to undo: the first interview round stays with the application.",
                severity="warning",
            )
            return
        question = f"Remove the last event logged for {card.app.company} ({card.app.role}): " + (
            f"{event_words(last)} on {fmt_moment(last.at)}?"
        )
        self.app.push_screen(
            ConfirmScreen("Undo the last event?", question), partial(self._confirmed_undo, card.id)
        )

    def _confirmed_undo(self, app_id: int, yes: bool | None) -> None:
        if not yes:
            return
        undone: list[Event] = []
        card = self._write(lambda: undone.append(self.app.store.undo(app_id)), app_id)
        if card is not None:
            self.app.notify(
                f"Undone: {event_words(undone[0])} for {card.app.company}.", markup=False
            )

    # --- writing -----------------------------------------------------------------------------

    def _write(self, write: Callable[[], object], app_id: int | None = None) -> Card | None:
        """Runs one store write, then re-evaluates and re-places just that card (the one
        `app_id` names, or the new one whose id the write returns)."""
        store = self.app.store
        before = store.data_version()
        try:
            written = write()
        except (InputError, NotFound, StoreError) as err:
            self.app.notify(str(err), title="Not saved", severity="error", markup=False)
            return None
        after = store.data_version()
        if self._version == before and after == before + 1:
            self._version = after  # only our own write happened: no reload needed
        return self._put(app_id if app_id is not None else int(written))  # type: ignore[arg-type]

    def _put(self, app_id: int) -> Card | None:
        store = self.app.store
        try:
            app, events = store.get_application(app_id), store.events(app_id)
        except (NotFound, StoreError) as err:
            self.app.notify(str(err), severity="error", markup=False)
            return None
        touched = self.deck.put(app, events, self._now)
        self.selected_id = app_id
        self._refresh_board(touched)
        self._refresh_panel(force=True)
        return self.deck.cards[app_id]

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
                yield SystemCommand(f"{word} ({label})", long, getattr(self, f"action_{action}"))


def no_email_why(advice: Advice) -> str:
    """Why a card has no email to copy or open now."""
    if advice.action is Action.PREPARE:
        return "prepare for the interview first"
    if advice.action is Action.MOVE_ON:
        return "time to move on: x closes it"
    return "nothing to send after this outcome"


def event_words(event: Event) -> str:
    """'followed-up by phone', 'closed: rejected', for confirmations and toasts."""
    words = event.kind.value
    if event.channel is not None:
        words += f" by {event.channel.value}"
    if event.outcome is not None:
        words += f": {event.outcome.value}"
    return words
