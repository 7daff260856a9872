"""The board's cards in memory: every application evaluated once, grouped and sorted by column.

This is plain Python (no widgets) so the board can hold thousands of applications and still
answer a key press in a few milliseconds: after a log only the one application is re-evaluated
and re-placed, and the clock only re-evaluates cards whose status boundary has passed.
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import TYPE_CHECKING

from tracker.model import Advice, Application, Event, EventKind, Outcome, Stage, Status
from tracker.present import urgency
from tracker.rules import PendingOffer, Policy, evaluate, next_change, pending_offer
from tracker.store import collector_paused

if TYPE_CHECKING:
    from tracker.clock import Clock
    from tracker.store import Store

STAGES: tuple[Stage, ...] = (Stage.INTERVIEWED, Stage.THANKED, Stage.FOLLOWING_UP, Stage.CLOSED)
_NEVER = datetime.max


@dataclass(eq=False, slots=True)
class Card:
    """One application with its events and what the rules say about it right now."""

    app: Application
    events: list[Event]
    advice: Advice
    order: tuple = ()
    next_change: datetime = _NEVER  # when the status (or the rule) changes with the clock
    _haystack: str | None = None

    @property
    def id(self) -> int:
        assert self.app.id is not None
        return self.app.id

    @property
    def haystack(self) -> str:
        """The lower-cased text the filter searches, built on the first search only."""
        if self._haystack is None:
            app = self.app
            self._haystack = "\n".join(
                (app.company, app.role, app.contact, app.email, app.notes)
            ).casefold()
        return self._haystack


def _card(
    app: Application,
    events: list[Event],
    policy: Policy,
    now: datetime,
    offer: PendingOffer | None = None,
) -> Card:
    advice = evaluate(app, events, policy, now, offer=offer)
    return Card(
        app=app,
        events=events,
        advice=advice,
        order=urgency(advice, app),
        next_change=next_change(advice, policy, now) or _NEVER,
    )


@dataclass
class Deck:
    """All cards by id, each column's cards sorted most urgent first, and the filtered view."""

    policy: Policy
    cards: dict[int, Card] = field(default_factory=dict)
    query: str = ""
    show_archived: bool = False
    offer: PendingOffer | None = None  # O1: an offer awaiting an answer, cited by every card
    _sorted: dict[Stage, list[Card]] = field(default_factory=lambda: {s: [] for s in STAGES})
    _shown: dict[Stage, list[Card]] = field(default_factory=lambda: {s: [] for s in STAGES})
    _statuses: Counter[Status] = field(default_factory=Counter)  # kept as cards come and go

    def load(self, rows: Iterable[tuple[Application, list[Event]]], now: datetime) -> None:
        """Replaces everything: used at start and when another process changed the database."""
        rows = list(rows)
        self.offer = pending_offer(rows)
        cards: dict[int, Card] = {}
        columns: dict[Stage, list[Card]] = {s: [] for s in STAGES}
        policy, offer, archived = self.policy, self.offer, self.show_archived
        for app, events in rows:
            if app.archived is not None and not archived:
                continue
            card = _card(app, events, policy, now, offer)
            cards[card.id] = card
            columns[card.advice.stage].append(card)
        self.cards = cards
        self._statuses = Counter(card.advice.status for card in cards.values())
        for column in columns.values():
            column.sort(key=_order)
        self._sorted = columns
        self._refilter(STAGES)

    def put(self, app: Application, events: list[Event], now: datetime) -> set[Stage]:
        """Re-evaluates one application and moves its card to its new place; returns the
        columns that changed. An offer logged, answered or undone changes every other card's
        advice (O1), so then every card is evaluated again."""
        assert app.id is not None
        old = self.cards.get(app.id)
        touched = {self._drop(app.id)} - {None}
        if _about_an_offer(events) or (old is not None and _about_an_offer(old.events)):
            rows = [(c.app, c.events) for c in self.cards.values()]
            if app.archived is None or self.show_archived:
                rows.append((app, events))
            if pending_offer(rows) != self.offer:
                self.load(rows, now)
                return set(STAGES)
        if app.archived is not None and not self.show_archived:
            self._refilter(touched)  # type: ignore[arg-type]
            return touched  # type: ignore[return-value]
        card = _card(app, events, self.policy, now, self.offer)
        self.cards[card.id] = card
        self._statuses[card.advice.status] += 1
        bisect.insort(self._sorted[card.advice.stage], card, key=_order)
        touched.add(card.advice.stage)
        self._refilter(touched)  # type: ignore[arg-type]
        return touched  # type: ignore[return-value]

    def tick(self, now: datetime) -> set[Stage]:
        """Re-evaluates only the cards whose due or overdue moment has passed since last time;
        returns the columns that changed."""
        touched: set[Stage] = set()
        for card in [c for c in self.cards.values() if c.next_change <= now]:
            touched |= self.put(card.app, card.events, now)
        return touched

    def remove(self, app_id: int) -> set[Stage]:
        """Takes a deleted application's card away; returns the column that changed."""
        stage = self._drop(app_id)
        if stage is None:
            return set()
        self._refilter((stage,))
        return {stage}

    def most_urgent(self) -> Card | None:
        """The first row of `tracker due`: the open card that needs action soonest."""
        open_cards = [c for c in self.cards.values() if c.advice.status is not Status.CLOSED]
        return min(open_cards, key=_order, default=None)

    def set_query(self, text: str) -> None:
        self.query = text.strip().casefold()
        self._refilter(STAGES)

    def column(self, stage: Stage) -> list[Card]:
        """The cards shown in a column, after the filter."""
        return self._shown[stage]

    def total(self, stage: Stage) -> int:
        return len(self._sorted[stage])

    def position(self, app_id: int) -> tuple[Stage, int] | None:
        """Where a card is shown, or None when it is gone or filtered out."""
        card = self.cards.get(app_id)
        if card is None:
            return None
        shown = self._shown[card.advice.stage]
        index = bisect.bisect_left(shown, _order(card), key=_order)
        if index < len(shown) and shown[index] is card:
            return card.advice.stage, index
        return None

    def due_counts(self) -> tuple[int, int]:
        """(due, overdue) actions right now, across every column."""
        return self._statuses[Status.DUE], self._statuses[Status.OVERDUE]

    def _drop(self, app_id: int) -> Stage | None:
        old = self.cards.pop(app_id, None)
        if old is None:
            return None
        self._statuses[old.advice.status] -= 1
        column = self._sorted[old.advice.stage]
        index = bisect.bisect_left(column, _order(old), key=_order)
        if index < len(column) and column[index] is old:
            del column[index]
        else:  # order keys are unique (they end with the id), so this is only a safety net
            column.remove(old)
        return old.advice.stage

    def _refilter(self, stages: Iterable[Stage]) -> None:
        for stage in stages:
            cards = self._sorted[stage]
            query = self.query
            self._shown[stage] = [c for c in cards if query in c.haystack] if query else cards


_OFFER_OUTCOMES = (Outcome.OFFER, Outcome.ACCEPTED, Outcome.DECLINED)


def _about_an_offer(events: list[Event]) -> bool:
    """Whether a card's history holds an offer or its answer (it may be the pending one)."""
    return any(e.outcome in _OFFER_OUTCOMES for e in events if e.kind is EventKind.CLOSED)


_order = attrgetter("order")  # a card's place in its column (C-level, for sorts and bisects)


# --- reading the deck from the store (in a thread; Textual-free, so the CLI can start it) ---


@dataclass(frozen=True, slots=True)
class Loaded:
    """Every card evaluated at `now`, with the store's data version and change-journal
    position they were read at."""

    deck: Deck
    version: int
    seq: int
    now: datetime


@dataclass(frozen=True, slots=True)
class Changed:
    """The applications another window or the CLI wrote since the journal position `seq`."""

    found: list[tuple[Application, list[Event]]]
    missing: set[int]
    version: int
    seq: int


def load(
    store: Store, policy: Policy, clock: Clock, query: str = "", *, archived: bool = False
) -> Loaded:
    """Reads and evaluates everything; runs in a thread (the one heavy step of start-up).

    The cyclic garbage collector is paused meanwhile: building tens of thousands of objects
    would otherwise trigger it over and over for nothing (there are no cycles to find).
    The journal position is read first, so a write landing during the load is read again.
    """
    version = store.data_version()
    seq = store.journal_position()
    now = clock()
    deck = Deck(policy, query=query, show_archived=archived)
    with collector_paused():
        deck.load(store.load_all(), now)
    return Loaded(deck, version, seq, now)


# Beyond this many changed applications, reading everything again is as cheap.
PARTIAL_RELOAD_LIMIT = 2_000


def changed_since(store: Store, seq: int) -> Changed | None:
    """What changed since `seq`, or None when the whole deck must be read again."""
    version = store.data_version()
    since = store.changes_since(seq)
    if since is None or len(since[1]) > PARTIAL_RELOAD_LIMIT:
        return None
    position, ids = since
    found, missing = store.load_some(ids) if ids else ([], set())
    return Changed(found, missing, version, position)


def start_loading(store: Store, policy: Policy, clock: Clock) -> Future[Loaded]:
    """Starts the first load in a thread at once: the CLI calls it before importing Textual,
    so reading the file (SQLite lets go of the GIL meanwhile) overlaps the UI's own start."""
    first: Future[Loaded] = Future()

    def run() -> None:
        try:
            first.set_result(load(store, policy, clock))
        except Exception as error:  # handed to the board, which says so on screen
            first.set_exception(error)

    threading.Thread(target=run, name="tracker-first-load", daemon=True).start()
    return first
