"""The workflow: every change a person makes, for the command line and the board alike.

Both front ends call these operations and nothing else to write: add, edit, log, amend, undo,
archive, delete, and the draft for a card. Each write says what the person saw and the store
checks it inside the same IMMEDIATE transaction (the newest event for an undo, the old value
of each edited field, "no thank-you yet" for a log), so two windows on one database can never
undo the wrong event, overwrite each other's edits or log one thank-you twice: a mismatch
writes nothing and raises `Conflict`, saying what changed.

Textual-free and clock-free: the time comes from the injected `clock`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from tracker.model import (
    Advice,
    Application,
    Conflict,
    Debrief,
    DraftKind,
    Event,
    EventKind,
    InputError,
    latest_round,
    match_person,
)
from tracker.present import event_words
from tracker.rules import PendingOffer, check_event, evaluate, pending_offer
from tracker.words import fmt_moment

if TYPE_CHECKING:
    from tracker.clock import Clock
    from tracker.config import Config
    from tracker.drafts import Draft
    from tracker.store import CardWrite, Store

# The fields `edit` may change; the id, creation time and archive mark have their own ways.
EDITABLE = ("company", "role", "contact", "email", "phone", "via", "notes")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One application as it was just read, with its events and what the rules say now."""

    app: Application
    events: tuple[Event, ...]
    advice: Advice

    @property
    def id(self) -> int:
        assert self.app.id is not None
        return self.app.id

    @property
    def newest(self) -> Event:
        return self.events[-1]


class Workflow:
    """The one write path: an open store, the settings and the clock."""

    def __init__(self, store: Store, config: Config, clock: Clock) -> None:
        self.store = store
        self.config = config
        self.clock = clock

    # -- reading ------------------------------------------------------------------------------

    def advise(self, app: Application, events: tuple[Event, ...] | list[Event]) -> Advice:
        return evaluate(app, events, self.config.policy, self.clock(), offer=self.pending_offer())

    def pending_offer(self) -> PendingOffer | None:
        """O1: the offer awaiting an answer, which every other open card may cite."""
        ids = self.store.offered_ids()
        return pending_offer(self.store.load_some(ids)[0]) if ids else None

    def card(self, app_id: int) -> Snapshot:
        """The card as stored now; NotFound for an unknown id."""
        return self._snapshot(*self.store.load_one(app_id))

    def _snapshot(self, app: Application, events: list[Event]) -> Snapshot:
        return Snapshot(app, tuple(events), self.advise(app, events))

    def _change(self, app_id: int, decide: Callable[[CardWrite], object]) -> Snapshot:
        """Runs one checked write, then reads the card back as it now stands."""
        self.store.change(app_id, decide)
        return self.card(app_id)

    # -- applications -------------------------------------------------------------------------

    def add(self, app: Application, first_round: Event, *more: Event) -> Snapshot:
        """A new application with its first interview round (and anything else logged)."""
        app = replace(app, created=self.clock(), id=None, archived=None).validated()
        app_id = self.store.add_application(app, [first_round.validated(), *more])
        return self.card(app_id)

    def edit(self, app_id: int, seen: Application, wanted: Application) -> Snapshot:
        """Saves the fields the person changed (`wanted` differs from `seen`), provided each
        still holds the value they saw; fields they did not touch keep whatever is stored."""
        changed = {name for name in EDITABLE if getattr(seen, name) != getattr(wanted, name)}
        if not changed:
            return self.card(app_id)

        def decide(card: CardWrite) -> None:
            clashes = [
                name
                for name in sorted(changed)
                if getattr(card.app, name) not in (getattr(seen, name), getattr(wanted, name))
            ]
            if clashes:
                now_reads = ", ".join(f"{n} is now {getattr(card.app, n)!r}" for n in clashes)
                raise Conflict(
                    f"{card.app.company} changed in another window ({now_reads}); "
                    "nothing was saved",
                    card.app_id,
                )
            updated = replace(card.app, **{name: getattr(wanted, name) for name in changed})
            card.update(updated.validated())

        return self._change(app_id, decide)

    def archive(self, app_id: int, archived: bool) -> Snapshot:
        """Hides a card from the board, `due` and `list` (or brings it back)."""
        now = self.clock()

        def decide(card: CardWrite) -> None:
            if (card.app.archived is not None) == archived:
                state = "archived" if archived else "not archived"
                raise InputError(
                    "ID", f"an application that is not {state} already", card.app.company
                )
            card.update(replace(card.app, archived=now if archived else None))

        return self._change(app_id, decide)

    def delete(self, app_id: int) -> Application:
        """Removes an application and all its events for good."""

        def decide(card: CardWrite) -> Application:
            card.delete()
            return card.app

        return self.store.change(app_id, decide)

    # -- events -------------------------------------------------------------------------------

    def log(self, app_id: int, event: Event) -> Snapshot:
        """Appends an event the rules allow for the card as it is now (not as a window saw it)."""
        event = event.validated()
        now = self.clock()
        offer = self.pending_offer()

        def decide(card: CardWrite) -> None:
            advice = evaluate(card.app, card.events, self.config.policy, now, offer=offer)
            check_event(advice, event, now)
            card.log(event)

        return self._change(app_id, decide)

    def undo(self, app_id: int, event_id: int) -> tuple[Event, Snapshot]:
        """Removes the card's newest event, which must still be the one the person confirmed."""

        def decide(card: CardWrite) -> Event:
            newest = card.events[-1]
            if newest.id != event_id:
                raise Conflict(
                    f"{card.app.company} changed in another window: the newest event is now "
                    f"{event_words(newest)} ({fmt_moment(newest.at)}); nothing was undone",
                    card.app_id,
                )
            if len(card.events) == 1:
                raise InputError(
                    "undo",
                    "something logged after the first interview round; to correct the round, "
                    f"amend it (tracker amend {newest.id} --on WHEN) or delete the application "
                    f"(tracker delete {card.app_id} --yes)",
                    f"interview {newest.at:%Y-%m-%d %H:%M}",
                )
            card.delete_event(event_id)
            return newest

        undone = self.store.change(app_id, decide)
        return undone, self.card(app_id)

    def amend(self, event_id: int, seen: Event, wanted: Event) -> Snapshot:
        """Corrects a logged event in place (its time, timeline, channel or note), provided it
        still reads as the person saw it. It keeps its id, so its place in the log is kept."""
        if wanted.kind is not seen.kind:
            raise InputError("event", f"a {seen.kind.value} (an amendment keeps the kind)")
        wanted = replace(wanted, id=event_id, app_id=seen.app_id).validated()
        now = self.clock()
        app_id = self.store.app_of_event(event_id)
        offer = self.pending_offer()

        def decide(card: CardWrite) -> None:
            index = next((i for i, e in enumerate(card.events) if e.id == event_id), None)
            if index is None:
                raise Conflict(
                    f"{card.app.company} changed in another window: that event was removed; "
                    "nothing was amended",
                    card.app_id,
                )
            current = card.events[index]
            if _fields(current) != _fields(replace(seen, id=current.id, app_id=current.app_id)):
                raise Conflict(
                    f"{card.app.company} changed in another window: the "
                    f"{event_words(current)} now reads differently; nothing was amended",
                    card.app_id,
                )
            before = card.events[:index]
            if before:
                advice = evaluate(card.app, before, self.config.policy, now, offer=offer)
                check_event(advice, wanted, now)
            if wanted.kind is EventKind.INTERVIEW:
                _check_round_precedes(wanted, card.events[index + 1 :])
            card.replace_event(wanted)

        return self._change(app_id, decide)

    def debrief(
        self, app_id: int, topics: Mapping[str, str], point: str | None, fit: str | None
    ) -> tuple[Snapshot, Debrief, bool]:
        """Notes (or updates) the debrief of the latest round: each topic replaces that
        person's, a point or fit given replaces the old one. Returns the card, the debrief as
        it now reads, and whether an earlier one was updated."""
        card = self.card(app_id)
        latest = round_of(card)
        if latest.at > self.clock():
            raise InputError(
                "ID", f"a card whose latest round has taken place (it is {fmt_moment(latest.at)})"
            )
        given = {
            (match_person(latest.people, name, "topic").name if latest.people else name): topic
            for name, topic in topics.items()
        }
        old = next(
            (
                e
                for e in reversed(card.events)
                if e.kind is EventKind.DEBRIEF and e.at >= latest.at and e.debrief is not None
            ),
            None,
        )
        before = old.debrief if old is not None and old.debrief is not None else Debrief()
        wanted = Debrief(
            tuple((dict(before.topics) | given).items()),
            before.point if point is None else point,
            before.fit if fit is None else fit,
        ).validated()
        if old is not None and old.id is not None:
            return self.amend(old.id, old, replace(old, debrief=wanted)), wanted, True
        return (
            self.log(app_id, Event(EventKind.DEBRIEF, self.clock(), debrief=wanted)),
            wanted,
            False,
        )

    def needs_debrief(self, card: Snapshot) -> bool:
        """A thank-you is next and nothing was noted about the round yet: the board offers the
        short debrief form before copying the first note (it can be skipped)."""
        if card.advice.draft is not DraftKind.THANK_YOU:
            return False
        latest = round_of(card)
        return not any(e.kind is EventKind.DEBRIEF and e.at >= latest.at for e in card.events)

    # -- drafts -------------------------------------------------------------------------------

    def draft(
        self,
        card: Snapshot,
        kind: DraftKind | None = None,
        to: str = "",
        *,
        on_board: bool = False,
    ) -> Draft:
        """The draft for the card's next action (or `kind`, to the person `to` names);
        InputError says why there is none. `on_board`: its advice names keys, not options."""
        from tracker.drafts import render

        chosen = kind or card.advice.draft
        if chosen is None:
            kinds = ", ".join(k.value for k in DraftKind)
            raise InputError(
                "kind", f"one of {kinds} ({card.app.company}: {why_no_draft(card.advice)})"
            )
        return render(
            chosen,
            card.app,
            card.events,
            card.advice,
            self.config.profile,
            self.clock(),
            to=to,
            on_board=on_board,
        )


def why_no_draft(advice: Advice) -> str:
    """The words for a card with nothing to send, so both front ends say the same."""
    from tracker.model import Action, Status

    if advice.status is Status.UNREADABLE:
        return "nothing to send while the card is unreadable: " + advice.reason
    if advice.action is Action.PREPARE and advice.due_at is not None:
        notes = "the thank-you note, one for each person met"
        expedite = "; meanwhile --kind expedite can ask to meet sooner" if advice.expedite else ""
        return (
            f"nothing to send before the interview on {fmt_moment(advice.due_at)} (prepare for "
            f"it): from then it offers {notes}{expedite}"
        )
    if advice.action is Action.MOVE_ON:
        return "nothing more to send: it is time to move on (close it as no-response)"
    return "nothing to send after this outcome"


def round_of(card: Snapshot) -> Event:
    """The card's governing round (storage guarantees every card has one)."""
    latest = latest_round(card.events)
    assert latest is not None
    return latest


def _fields(event: Event) -> tuple:
    return tuple(getattr(event, f.name) for f in fields(event))


def _check_round_precedes(round_: Event, later: tuple[Event, ...] | list[Event]) -> None:
    """A round's new time may not fall after what was logged in answer to it."""
    for event in later:
        if event.kind is EventKind.INTERVIEW:
            return
        if event.kind in (EventKind.THANKED, EventKind.FOLLOWED_UP, EventKind.REPLIED) and (
            event.at < round_.at
        ):
            raise InputError(
                "on",
                f"a time before the {event_words(event)} logged after this round "
                f"({fmt_moment(event.at)})",
                fmt_moment(round_.at),
            )
