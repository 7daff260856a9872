"""The follow-up timeline rules (RULES.md) as pure functions of (application, events, policy, now).

Each rule is a small function named after its label in docs/rules.md (P1, T1, T2, F1, F2, M1, R1,
C1, O1, C2), so the place a rule lives is its name. Nothing here reads the clock or touches
storage. O1 is the one rule that looks beyond a single card: `pending_offer` finds the offer
awaiting an answer, and callers pass it to `evaluate` for every other card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from operator import attrgetter

from tracker.model import (
    OFFER_ANSWERS,
    Action,
    Advice,
    Application,
    Channel,
    DraftKind,
    Event,
    EventKind,
    InputError,
    Outcome,
    Stage,
    Status,
)
from tracker.words import TIPS, fmt_day, fmt_moment, overdue_by, relative_day, relative_moment

PRESET_NAMES = ("brisk", "standard", "patient")


@dataclass(frozen=True, slots=True)
class Policy:
    """Every knob of the timeline; the presets differ only in the first follow-up's wait."""

    name: str = "standard"
    thank_you_hours: int = 24  # T1: due window, then overdue
    thank_you_limit_hours: int = 48  # T1/T2: after this the thanks folds into the follow-up
    first_follow_up_days: int = 7  # F1, no timeline given
    first_follow_up_overdue_days: int = 10  # F1/F3: overdue after this day
    later_follow_up_business_days: int = 3  # F2 spacing and the M1 wait
    overdue_after_days: int = 3  # F3 for every other follow-up
    max_attempts: int = 3  # F2 cap
    reply_wait_days: int = 7  # R1 without a new date
    holidays: str | None = None  # country code for public holidays, e.g. "US"
    second_attempt: str = "phone"  # F2: "phone" (when a number is known) or "email"

    KNOBS = (
        "thank_you_hours",
        "thank_you_limit_hours",
        "first_follow_up_days",
        "first_follow_up_overdue_days",
        "later_follow_up_business_days",
        "overdue_after_days",
        "max_attempts",
        "reply_wait_days",
    )


PRESETS: dict[str, Policy] = {
    # [002] wait at least 3 days; overdue keeps standard's 3-day grace.
    "brisk": Policy(name="brisk", first_follow_up_days=3, first_follow_up_overdue_days=6),
    # [000][003] 7 to 10 days.
    "standard": Policy(),
    # [004] one to two weeks.
    "patient": Policy(name="patient", first_follow_up_days=14, first_follow_up_overdue_days=17),
}


# --- business days --------------------------------------------------------------------------


class BusinessCalendar:
    """Monday to Friday less a country's public holidays; `holidays` is imported only if needed."""

    def __init__(self, country: str | None = None) -> None:
        self.country = country or None
        self._holidays: object | None = None
        # Thousands of cards share a handful of dates: each day is rolled once (start-up at
        # ten thousand cards spent a fifth of its evaluation here).
        self._rolled: dict[date, date] = {}

    def _table(self):  # -> holidays.HolidayBase
        if self._holidays is None:
            import holidays  # heavy: kept off the start-up path

            self._holidays = holidays.country_holidays(self.country)
        return self._holidays

    def holiday_name(self, day: date) -> str | None:
        if not self.country:
            return None
        return self._table().get(day)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def roll_forward(self, day: date) -> date:
        rolled = self._rolled.get(day)
        if rolled is None:
            rolled = day
            while not self.is_business_day(rolled):
                rolled += timedelta(days=1)
            self._rolled[day] = rolled
        return rolled

    def next_business_day_after(self, day: date) -> date:
        return self.roll_forward(day + timedelta(days=1))

    def add_business_days(self, day: date, count: int) -> date:
        for _ in range(count):
            day = self.next_business_day_after(day)
        return day

    def why_not(self, day: date) -> str:
        """Why a day is skipped, for explanations: 'a Saturday' or 'Thanksgiving'."""
        name = self.holiday_name(day)
        return name if name else f"a {day:%A}"


@lru_cache(maxsize=8)
def calendar_for(country: str | None) -> BusinessCalendar:
    return BusinessCalendar(country)


# --- the engine -----------------------------------------------------------------------------


Words = Callable[[], tuple[str, ...]]


def _no_words() -> tuple[str, ...]:
    return ()


@dataclass(frozen=True, slots=True)
class _Window:
    """A follow-up's due day and the last day before it is overdue; `because` words them, lazily
    (a board of thousands only ever reads the words of the card in view)."""

    due: date
    deadline: date
    because: Words
    due_at: datetime
    overdue_at: datetime


def _window(due: date, deadline: date, because: Words) -> _Window:
    return _Window(
        due,
        deadline,
        because,
        datetime.combine(due, time.min),
        datetime.combine(deadline + _ONE_DAY, time.min),
    )


_ONE_DAY = timedelta(days=1)


def _status(due_at: datetime, overdue_at: datetime, now: datetime) -> Status:
    if now < due_at:
        return Status.WAITING
    if now < overdue_at:
        return Status.DUE
    return Status.OVERDUE


def _roll_note(cal: BusinessCalendar, day: date, rolled: date, what: str) -> tuple[str, ...]:
    """Says why a day moved, when it did."""
    if rolled == day:
        return ()
    return (
        f"{what} falls on {fmt_day(day)}, {cal.why_not(day)}; rolled forward to {fmt_day(rolled)}.",
    )


def _grace(cal: BusinessCalendar, due: date, policy: Policy) -> tuple[date, Words]:
    """F3: every follow-up but an untimed first one turns overdue N days after its due date."""
    raw = due + timedelta(days=policy.overdue_after_days)
    deadline = cal.roll_forward(raw)

    def words() -> tuple[str, ...]:
        return (
            f"Overdue after {fmt_day(deadline)}, {policy.overdue_after_days} days after it is due.",
            *_roll_note(cal, raw, deadline, "The deadline"),
        )

    return deadline, words


def _after_decision(cal: BusinessCalendar, decision: date, policy: Policy, source: str) -> _Window:
    due = cal.next_business_day_after(decision)
    deadline, why_deadline = _grace(cal, due, policy)

    def words() -> tuple[str, ...]:
        skipped = []
        probe = decision + _ONE_DAY
        while probe < due:
            skipped.append(f"{fmt_day(probe)} is {cal.why_not(probe)}")
            probe += _ONE_DAY
        return (
            f"Decision date: {fmt_day(decision)} ({source}).",
            f"Due the next business day after it: {fmt_day(due)}"
            + (f" ({'; '.join(skipped)})." if skipped else "."),
            *why_deadline(),
        )

    return _window(due, deadline, words)


def _decision_of(event: Event, told: Event | None = None) -> tuple[date | None, str]:
    """The decision date an interview round or a reply carries, and where it came from. A
    timeline heard later (`told`, a DECISION event) counts as if given with it."""
    given = told or event
    later = f" (heard {fmt_day(told.at)})" if told is not None else ""
    if given.decision_by is not None:
        return given.decision_by, f"they said they'd decide by {fmt_day(given.decision_by)}{later}"
    if given.reply_within is not None:
        decided = event.at.date() + timedelta(days=given.reply_within)
        said = "interview" if event.kind is EventKind.INTERVIEW else "reply"
        return decided, (
            f"they said they'd reply within {given.reply_within} days of the {said} on "
            f"{fmt_day(event.at)}{later}"
        )
    return None, ""


def _f1_window(
    cal: BusinessCalendar, round_: Event, policy: Policy, decision: date | None, source: str
) -> _Window:
    """F1: the first follow-up, counted from the latest round."""
    if decision is not None:
        return _after_decision(cal, decision, policy, source)
    start = round_.at.date()
    raw_due = start + timedelta(days=policy.first_follow_up_days)
    raw_deadline = start + timedelta(days=policy.first_follow_up_overdue_days)
    due, deadline = cal.roll_forward(raw_due), cal.roll_forward(raw_deadline)

    def words() -> tuple[str, ...]:
        return (
            f"No timeline was given, so the {policy.name} policy waits "
            f"{policy.first_follow_up_days} days after the interview on {fmt_day(start)}: "
            f"{fmt_day(due)}; overdue after day {policy.first_follow_up_overdue_days} "
            f"({fmt_day(deadline)}).",
            *_roll_note(cal, raw_due, due, "The due day"),
            *_roll_note(cal, raw_deadline, deadline, "The deadline"),
        )

    return _window(due, deadline, words)


def _channel_for(attempt: int, app: Application, policy: Policy) -> Channel:
    """F1 uses the channel that arranged the interview; attempt 2 calls if it can (unless the
    policy keeps writing); 3 is email."""
    if attempt == 1:
        return app.via
    if attempt == 2 and policy.second_attempt == "phone" and app.phone:
        return Channel.PHONE
    return Channel.EMAIL


def _draft_for(attempt: int, channel: Channel, folds_thanks: bool) -> DraftKind:
    if channel is Channel.PHONE:
        return DraftKind.PHONE
    if attempt >= 3:
        return DraftKind.FINAL
    return DraftKind.THANKS_FOLLOW_UP if folds_thanks else DraftKind.FOLLOW_UP


_AT = attrgetter("at")


@dataclass(frozen=True, slots=True)
class PendingOffer:
    """O1: an offer that awaits the candidate's answer, which every other open card may cite."""

    app: Application
    at: datetime  # when the offer was logged (or, once accepted, when it was accepted)
    answer_by: date | None
    accepted: bool = False  # the offer was taken: every other open card is to be withdrawn


def pending_offer(items: Iterable[tuple[Application, Sequence[Event]]]) -> PendingOffer | None:
    """The offer awaiting an answer (the soonest answer-by date first), or the offer accepted,
    which outranks any still pending; None when there is neither.

    A card is closed by the newest close logged after its last round, as `evaluate` reads it;
    archived cards are left out. Cheap enough to run over every card at start-up.
    """
    pending: PendingOffer | None = None
    accepted: PendingOffer | None = None
    for app, events in items:
        if app.archived is not None:
            continue
        for event in reversed(events):
            kind = event.kind
            if kind is EventKind.INTERVIEW:
                break
            if kind is EventKind.CLOSED:
                if event.outcome is Outcome.ACCEPTED and (
                    accepted is None or event.at > accepted.at
                ):
                    accepted = PendingOffer(app, event.at, None, accepted=True)
                elif event.outcome is Outcome.OFFER and (
                    pending is None or _sooner(event.decision_by, pending.answer_by)
                ):
                    pending = PendingOffer(app, event.at, event.decision_by)
                break
    # An offer accepted ends the searches under way then; one pending on a card added since
    # belongs to a new search, and is the one that counts.
    if accepted is not None and (pending is None or pending.app.created <= accepted.at):
        return accepted
    return pending


def _sooner(day: date | None, than: date | None) -> bool:
    return day is not None and (than is None or day < than)


def _same_app(a: Application, b: Application) -> bool:
    return a is b if a.id is None or b.id is None else a.id == b.id


def evaluate(
    app: Application,
    events: Sequence[Event],
    policy: Policy,
    now: datetime,
    calendar: BusinessCalendar | None = None,
    offer: PendingOffer | None = None,
) -> Advice:
    """Derives the card's column, next action and dates; the words explaining them are built
    only when read (`Advice.reason`, `Advice.explanation`).

    `events` must be in the order they were logged (storage returns them so); the timeline itself
    is read chronologically, while closing and reopening follow the logging order. `offer` is
    the O1 offer awaiting an answer elsewhere (see `pending_offer`), if any.
    """
    if app.problem:
        return _unreadable(app)
    cal = calendar or calendar_for(policy.holidays)
    # One pass in logging order: the chronologically latest round (ties: the later logged), and
    # whether the newest close was logged after every round.
    latest: Event | None = None
    round_count = 0
    closed_by: Event | None = None
    offered: Event | None = None
    for event in events:
        kind = event.kind
        if kind is EventKind.INTERVIEW:
            round_count += 1
            closed_by = offered = None
            if latest is None or event.at >= latest.at:
                latest = event
        elif kind is EventKind.CLOSED:
            closed_by = event
            if event.outcome is Outcome.OFFER:
                offered = event
    if latest is None:  # storage never allows this; an empty log reads as interviewed at creation
        latest, round_count = Event(EventKind.INTERVIEW, app.created), 1
    if closed_by is not None:
        return _closed(closed_by, latest, round_count, offered, now)

    # Since the latest round, in time order (sorted() is stable, so ties keep logging order).
    # A reply restarts the attempt count; a timeline heard later (DECISION) stands in for the
    # one the round or the reply came with.
    thanked_at: datetime | None = None
    thanked_all = False
    thanked_names: set[str] = set()
    last_reply: Event | None = None
    told: Event | None = None
    attempts: list[Event] = []
    for event in sorted(events, key=_AT):
        if event.at < latest.at:
            continue
        kind = event.kind
        if kind is EventKind.THANKED:
            if thanked_at is None:
                thanked_at = event.at
            if event.person:
                thanked_names.add(_key(event.person))
            else:
                thanked_all = True
        elif kind is EventKind.REPLIED:
            last_reply, attempts, told = event, [], None
        elif kind is EventKind.FOLLOWED_UP:
            attempts.append(event)
        elif kind is EventKind.DECISION:
            told = event
    owed: tuple[str, ...] = ()
    if not thanked_all and latest.people:
        owed = tuple(p.name for p in latest.people if _key(p.name) not in thanked_names)
    limit = latest.at + timedelta(hours=policy.thank_you_limit_hours)
    if attempts or last_reply:
        stage = Stage.FOLLOWING_UP
    elif thanked_at is not None and (not owed or now > limit):
        stage = Stage.THANKED
    else:
        stage = Stage.INTERVIEWED

    common = {"stage": stage, "latest_round": latest.at, "thanked_at": thanked_at}
    # O1: once an offer is accepted, the searches under way then end (an application added
    # after the acceptance is a new search).
    if (
        offer is not None
        and offer.accepted
        and not _same_app(offer.app, app)
        and app.created <= offer.at
    ):
        return _withdraw(offer, latest, now, common)
    if (
        offer is not None
        and not offer.accepted
        and not _same_app(offer.app, app)
        and (offer.answer_by is None or now.date() <= offer.answer_by)
        and len(attempts) < policy.max_attempts
        and not _expedited(attempts, offer.at)
    ):
        common["expedite"] = True
        common["expedite_by"] = offer.answer_by
        common["say_also"] = _expedite_words(offer, now)
    if latest.at > now:
        return _p1(app, latest, round_count, now, common)
    if stage is Stage.INTERVIEWED:
        if now <= limit:  # T1 includes the 48th hour; T2 is strictly after it
            return _t1(latest, policy, now, common, owed, told)
        return _follow_up(app, cal, latest, policy, now, common, True, told)
    if stage is Stage.THANKED:
        return _follow_up(app, cal, latest, policy, now, common, False, told)
    if not attempts:
        assert last_reply is not None
        return _r1(app, cal, last_reply, policy, now, common, told)
    # F2 and M1 count from the attempts, but the timeline the first one followed still stands.
    decision, source = _decision_of(last_reply or latest, told)
    common |= {"decision_date": decision, "decision_source": source}
    if len(attempts) < policy.max_attempts:
        return _f2(app, cal, attempts, policy, now, common, last_reply)
    return _m1(cal, attempts, policy, now, common)


def _expedited(attempts: list[Event], since: datetime) -> bool:
    return any(event.expedite and event.at >= since for event in attempts)


def _expedite_words(offer: PendingOffer, now: datetime) -> Callable[[], str]:
    """O1: the card keeps its own next action and gains the expedite note as an option."""

    def words() -> str:
        by = (
            f" by {fmt_day(offer.answer_by)} ({relative_day(offer.answer_by, now.date())})"
            if offer.answer_by
            else ""
        )
        return (
            f"An offer from {offer.app.company} needs your answer{by}: an expedite note may go "
            "now (draft kind expedite)."
        )

    return words


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


_CLOSED_REASONS = {
    Outcome.OFFER: "Closed with an offer.",
    Outcome.REJECTED: "Closed: they said no. A gracious reply asking for feedback keeps the "
    "door open.",
    Outcome.WITHDREW: "Closed: you withdrew. A short withdrawal note can go at any time.",
    Outcome.NO_RESPONSE: "Closed: no response after the follow-ups.",
    Outcome.ACCEPTED: "Closed: you accepted their offer. Confirm it, and withdraw from the "
    "other open applications.",
    Outcome.DECLINED: "Closed: you declined their offer. A gracious note keeps the door open.",
}
_CLOSING_DRAFTS = {
    Outcome.REJECTED: DraftKind.REJECTION,
    Outcome.WITHDREW: DraftKind.WITHDRAWAL,
    Outcome.OFFER: DraftKind.OFFER,
    Outcome.ACCEPTED: DraftKind.ACCEPT,
    Outcome.DECLINED: DraftKind.DECLINE,
}


def _closed(
    close: Event, latest: Event, round_count: int, offered: Event | None, now: datetime
) -> Advice:
    outcome = close.outcome or Outcome.NO_RESPONSE
    answer_by = offered.decision_by if offered is not None else None
    ahead = outcome is Outcome.WITHDREW and latest.at > close.at  # C2: a round still scheduled
    rule = (
        "O1" if outcome is Outcome.OFFER or outcome in OFFER_ANSWERS else ("C2" if ahead else "C1")
    )

    def reason() -> str:
        if outcome is Outcome.OFFER:
            by = (
                f" Your answer is due by {fmt_day(answer_by)} "
                f"({relative_day(answer_by, now.date())})."
                if answer_by
                else ""
            )
            return (
                f"Offer received {fmt_day(close.at)}.{by} Thank them, ask for the terms in "
                "writing, then log accepted or declined."
            )
        if ahead:
            return (
                f"Closed: you withdrew before the interview on {fmt_moment(latest.at)}. The "
                "withdrawal note asks them to cancel it."
            )
        return _CLOSED_REASONS[outcome]

    def why() -> tuple[str, ...]:
        rounds = f"{round_count} interview round{'s' * (round_count != 1)}"
        if rule == "O1":
            lines = [
                f"O1 · Offer logged {fmt_day(offered.at if offered else close.at)}"
                + (f", answer by {fmt_day(answer_by)}" if answer_by else "")
                + f", after {rounds}."
            ]
            if outcome is not Outcome.OFFER:
                lines.append(f"Closed on {fmt_day(close.at)} as {outcome.value}.")
            else:
                lines.append(
                    "While it awaits your answer, every other open application may be sent an "
                    "expedite note."
                )
            return tuple(lines)
        if ahead:
            return (
                f"C2 · Withdrew on {fmt_day(close.at)} with the interview of "
                f"{fmt_moment(latest.at)} still ahead: ask them to cancel it.",
            )
        return (f"C1 · Closed on {fmt_day(close.at)} as {outcome.value}, after {rounds}.",)

    return Advice(
        stage=Stage.CLOSED,
        action=None,
        status=Status.CLOSED,
        channel=Channel.EMAIL,
        attempt=0,
        due_at=None,
        overdue_at=None,
        rule=rule,
        say_reason=reason,
        say_why=why,
        tip=TIPS[outcome.value],
        draft=_CLOSING_DRAFTS.get(outcome),
        outcome=outcome,
        latest_round=latest.at,
        closed_at=close.at,
        decision_date=answer_by,
        decision_source=f"answer the offer by {fmt_day(answer_by)}" if answer_by else "",
    )


def _unreadable(app: Application) -> Advice:
    """A stored card holding a value tracker cannot use: shown, first in line, with the reason
    and the ways out, instead of taking everything else down."""
    return Advice(
        stage=Stage.INTERVIEWED,
        action=None,
        status=Status.UNREADABLE,
        channel=Channel.EMAIL,
        attempt=0,
        due_at=None,
        overdue_at=None,
        rule="U1",
        say_reason=lambda: f"Unreadable: {app.problem}.",
        say_why=lambda: (
            "U1 · Another program (or an older tracker) stored a value tracker cannot use, so "
            "this card has no next action.",
            f"Fix the field with `tracker edit {app.id}` or `tracker amend`, or remove the card "
            f"with `tracker delete {app.id} --yes`.",
        ),
    )


def _p1(app: Application, latest: Event, rounds: int, now: datetime, common: dict) -> Advice:
    decision, source = _decision_of(latest)

    def reason() -> str:
        return (
            f"Interview {fmt_moment(latest.at)} ({relative_moment(latest.at, now)}): prepare, "
            "and ask when they expect to decide."
        )

    def why() -> tuple[str, ...]:
        when = relative_moment(latest.at, now)
        facts = [f"Interview round {rounds} on {fmt_moment(latest.at)} ({when})."]
        if decision:
            facts.append(f"Decision date already known: {fmt_day(decision)} ({source}).")
        return (
            "P1 · Before the interview: get ready, and at the end ask about next steps and "
            "when they expect to decide.",
            *facts,
        )

    return Advice(
        **common,
        action=Action.PREPARE,
        status=Status.UPCOMING,
        channel=app.via,
        attempt=0,
        due_at=latest.at,
        overdue_at=latest.at,
        rule="P1",
        say_reason=reason,
        say_why=why,
        tip=TIPS["P1"],
        decision_date=decision,
        decision_source=source,
    )


def _t1(
    latest: Event,
    policy: Policy,
    now: datetime,
    common: dict,
    owed: tuple[str, ...],
    told: Event | None,
) -> Advice:
    overdue_at = latest.at + timedelta(hours=policy.thank_you_hours)
    limit = latest.at + timedelta(hours=policy.thank_you_limit_hours)
    status = Status.DUE if now < overdue_at else Status.OVERDUE
    decision, source = _decision_of(latest, told)
    met = len(latest.people)

    def notes() -> str:
        if not met:
            return "the thank-you note"
        if met == 1:
            return f"the thank-you note to {owed[0]}"
        if len(owed) == met:
            return f"a thank-you note to each person you met ({', '.join(owed)})"
        sent = met - len(owed)
        return (
            f"the thank-you note{'s' * (len(owed) != 1)} still owed to {', '.join(owed)} "
            f"({sent} of {met} sent)"
        )

    def reason() -> str:
        ended = relative_moment(latest.at, now)
        if status is Status.DUE:
            return (
                f"Send {notes()}: the interview ended {ended}; aim for within "
                f"{policy.thank_you_hours} hours ({fmt_moment(overdue_at)}, "
                f"{relative_moment(overdue_at, now)})."
            )
        return (
            f"Late: send {notes()}; the interview ended {ended}. Send before "
            f"{fmt_moment(limit)} ({relative_moment(limit, now)}), the "
            f"{policy.thank_you_limit_hours}-hour limit."
        )

    def why() -> tuple[str, ...]:
        ended = relative_moment(latest.at, now)
        lines = [
            f"T1 · Thank-you note: due as soon as the round ends, best within "
            f"{policy.thank_you_hours} hours, {policy.thank_you_limit_hours} hours at the "
            "outside.",
            f"Interview ended {fmt_moment(latest.at)} ({ended}).",
        ]
        if met:
            lines.append(
                f"One note per person met ({met}); still owed: {', '.join(owed)}. After the "
                f"{policy.thank_you_limit_hours}-hour limit, once one note is logged, the rest "
                "are dropped."
            )
        lines.append(
            f"Overdue from {fmt_moment(overdue_at)}; after {fmt_moment(limit)} the thanks "
            "folds into the first follow-up."
        )
        return tuple(lines)

    return Advice(
        **common,
        action=Action.THANK_YOU,
        status=status,
        channel=Channel.EMAIL,
        attempt=0,
        due_at=latest.at,
        overdue_at=overdue_at,
        rule="T1",
        say_reason=reason,
        say_why=why,
        tip=TIPS["T1"],
        draft=DraftKind.THANK_YOU,
        decision_date=decision,
        decision_source=source,
        owed=owed,
    )


def _follow_up(
    app: Application,
    cal: BusinessCalendar,
    latest: Event,
    policy: Policy,
    now: datetime,
    common: dict,
    folds_thanks: bool,
    told: Event | None,
) -> Advice:
    """F1 (and T2, which is F1 carrying the thanks that was never sent)."""
    decision, source = _decision_of(latest, told)
    window = _f1_window(cal, latest, policy, decision, source)
    channel = _channel_for(1, app, policy)
    status = _status(window.due_at, window.overdue_at, now)

    def reason() -> str:
        what = "Thanks + first follow-up" if folds_thanks else "First follow-up"
        return _due_sentence(what, window, status, now) + (
            f" {source[0].upper()}{source[1:]}." if source else ""
        )

    def why() -> tuple[str, ...]:
        lead = []
        if folds_thanks:
            limit = latest.at + timedelta(hours=policy.thank_you_limit_hours)
            lead.append(
                f"T2 · Missed thank-you: the {policy.thank_you_limit_hours}-hour window closed "
                f"{fmt_moment(limit)}, so the thanks folds into the first follow-up."
            )
        lead.append(
            "F1 · First follow-up, counted from the interview on "
            f"{fmt_moment(latest.at)}, by {channel.value}"
            + (
                " (reply in the thread that arranged the interview)."
                if channel is Channel.EMAIL
                else " (the way the interview was arranged)."
            )
        )
        return (*lead, *window.because())

    return Advice(
        **common,
        action=Action.FOLLOW_UP,
        status=status,
        channel=channel,
        attempt=1,
        due_at=window.due_at,
        overdue_at=window.overdue_at,
        rule="T2" if folds_thanks else "F1",
        say_reason=reason,
        say_why=why,
        tip=TIPS["T2" if folds_thanks else "F1"],
        draft=_draft_for(1, channel, folds_thanks),
        folds_thanks=folds_thanks,
        decision_date=decision,
        decision_source=source,
    )


def _due_sentence(what: str, window: _Window, status: Status, now: datetime) -> str:
    today = now.date()
    if status is Status.WAITING:
        return f"{what} due {fmt_day(window.due)} ({relative_day(window.due, today)})."
    if status is Status.DUE:
        left = relative_day(window.deadline, today)
        return f"{what} is due now; overdue after {fmt_day(window.deadline)} ({left})."
    return (
        f"{what} is {overdue_by(window.overdue_at, now)} (deadline was {fmt_day(window.deadline)})."
    )


def _r1(
    app: Application,
    cal: BusinessCalendar,
    reply: Event,
    policy: Policy,
    now: datetime,
    common: dict,
    told: Event | None,
) -> Advice:
    decision, source = _decision_of(reply, told)
    if decision is not None:
        window = _after_decision(cal, decision, policy, source)
    else:
        raw = reply.at.date() + timedelta(days=policy.reply_wait_days)
        due = cal.roll_forward(raw)
        deadline, why_deadline = _grace(cal, due, policy)

        def because() -> tuple[str, ...]:
            return (
                f"They gave no new date, so wait {policy.reply_wait_days} days after the reply: "
                f"{fmt_day(due)}.",
                *_roll_note(cal, raw, due, "The due day"),
                *why_deadline(),
            )

        window = _window(due, deadline, because)
    channel = _channel_for(1, app, policy)
    status = _status(window.due_at, window.overdue_at, now)

    def reason() -> str:
        return _due_sentence(
            f"They replied {fmt_day(reply.at)}; the next follow-up", window, status, now
        )

    def why() -> tuple[str, ...]:
        return (
            f"R1 · Employer reply on {fmt_moment(reply.at)} resets the attempt count.",
            *window.because(),
        )

    return Advice(
        **common,
        action=Action.FOLLOW_UP,
        status=status,
        channel=channel,
        attempt=1,
        due_at=window.due_at,
        overdue_at=window.overdue_at,
        rule="R1",
        say_reason=reason,
        say_why=why,
        tip=TIPS["R1"],
        draft=_draft_for(1, channel, False),
        decision_date=decision,
        decision_source=source,
    )


def _f2(
    app: Application,
    cal: BusinessCalendar,
    attempts: list[Event],
    policy: Policy,
    now: datetime,
    common: dict,
    last_reply: Event | None,
) -> Advice:
    attempt = len(attempts) + 1
    previous = attempts[-1]
    gap = policy.later_follow_up_business_days
    due = cal.add_business_days(previous.at.date(), gap)
    deadline, why_deadline = _grace(cal, due, policy)
    channel = _channel_for(attempt, app, policy)

    def because() -> tuple[str, ...]:
        return (
            f"Follow-up #{len(attempts)} was {_attempt_words(previous)} on "
            f"{fmt_day(previous.at)}, with no reply since; the next is due {gap} business days "
            f"later: {fmt_day(due)}.",
            *why_deadline(),
        )

    window = _window(due, deadline, because)
    status = _status(window.due_at, window.overdue_at, now)
    final = attempt >= policy.max_attempts
    if final:
        tip = TIPS["F2-final"]
    elif channel is Channel.PHONE:
        tip = TIPS["F2-phone"]
    else:
        tip = TIPS["F2-email"]

    def reason() -> str:
        since = (
            f" Attempts count from their reply on {fmt_day(last_reply.at)}." if last_reply else ""
        )
        label = f"Follow-up #{attempt}" + (" (call)" if channel is Channel.PHONE else "")
        return _due_sentence(label, window, status, now) + since

    def why() -> tuple[str, ...]:
        if final:
            rule_words = (
                f"F2 · Follow-up #{attempt} of {policy.max_attempts}, the last: a short final "
                "email that leaves the door open."
            )
        elif channel is Channel.PHONE:
            rule_words = (
                f"F2 · Follow-up #{attempt} switches channel: a phone call, since a number is "
                "known."
            )
        elif attempt == 2:
            because_email = (
                "no phone number is known"
                if policy.second_attempt == "phone"
                else "your settings keep the second attempt in writing"
            )
            rule_words = f"F2 · Follow-up #{attempt}: {because_email}, so it stays an email."
        else:
            rule_words = f"F2 · Follow-up #{attempt}."
        return (rule_words, *because())

    return Advice(
        **common,
        action=Action.FOLLOW_UP,
        status=status,
        channel=channel,
        attempt=attempt,
        due_at=window.due_at,
        overdue_at=window.overdue_at,
        rule="F2",
        say_reason=reason,
        say_why=why,
        tip=tip,
        draft=_draft_for(attempt, channel, False),
    )


def _attempt_words(event: Event) -> str:
    """What a logged attempt really was: 'a call (you left a voicemail)', 'an email', 'the
    expedite note'."""
    if event.expedite:
        return "the expedite note"
    if event.channel is Channel.PHONE:
        return "a call" + (" (you left a voicemail)" if event.voicemail else "")
    return "an email"


def _m1(
    cal: BusinessCalendar,
    attempts: list[Event],
    policy: Policy,
    now: datetime,
    common: dict,
) -> Advice:
    last = attempts[-1]
    gap = policy.later_follow_up_business_days
    due = cal.add_business_days(last.at.date(), gap)
    deadline, why_deadline = _grace(cal, due, policy)
    window = _window(due, deadline, _no_words)
    status = _status(window.due_at, window.overdue_at, now)

    def reason() -> str:
        if status is Status.WAITING:
            return (
                f"All {len(attempts)} follow-ups sent; if nothing comes by {fmt_day(due)} "
                f"({relative_day(due, now.date())}), move on."
            )
        return (
            f"{len(attempts)} follow-ups and no reply since {fmt_day(last.at)}: time to "
            "move on. Close it as no-response."
        )

    def why() -> tuple[str, ...]:
        return (
            f"M1 · Move on: {len(attempts)} attempts is the most etiquette allows; "
            f"{gap} business days after the last one ({fmt_day(last.at)}) the card is "
            "ready to close as no-response.",
            f"Suggested from {fmt_day(due)}; flagged overdue after {fmt_day(deadline)}.",
            *why_deadline()[1:],
        )

    return Advice(
        **common,
        action=Action.MOVE_ON,
        status=status,
        channel=Channel.EMAIL,
        attempt=len(attempts),
        due_at=window.due_at,
        overdue_at=window.overdue_at,
        rule="M1",
        say_reason=reason,
        say_why=why,
        tip=TIPS["M1"],
    )


def _withdraw(offer: PendingOffer, latest: Event, now: datetime, common: dict) -> Advice:
    """O1: an offer was accepted elsewhere, so this card's follow-ups stop; what is left is a
    short withdrawal note (C2 asks to cancel a round still ahead), then closing it."""
    company = offer.app.company

    def reason() -> str:
        ahead = " and ask them to cancel the interview still ahead" if latest.at > now else ""
        return (
            f"You accepted the offer from {company}: withdraw from this one with a short "
            f"note{ahead}, then close it as withdrew."
        )

    def why() -> tuple[str, ...]:
        return (
            f"O1 · Accepting an offer ({company}, {fmt_day(offer.at)}) ends the other "
            "searches: no more follow-ups here, a withdrawal note instead [000].",
        )

    return Advice(
        **common,
        action=Action.MOVE_ON,
        status=Status.DUE,
        channel=Channel.EMAIL,
        attempt=0,
        due_at=offer.at,
        overdue_at=None,
        rule="O1",
        say_reason=reason,
        say_why=why,
        tip=TIPS["withdrew"],
        draft=DraftKind.WITHDRAWAL,
    )


def next_change(advice: Advice, policy: Policy, now: datetime) -> datetime | None:
    """The first moment after `now` at which the clock alone changes this advice (due, overdue,
    or T1 giving way to the follow-up), so a board re-evaluates a card only then. Between those
    moments only the wording of relative times moves."""
    if advice.status is Status.CLOSED:
        return None
    moments = [advice.due_at, advice.overdue_at]
    if advice.action is Action.THANK_YOU and advice.latest_round is not None:
        # T1 includes its 48th hour; the follow-up takes over the instant after it.
        limit = advice.latest_round + timedelta(hours=policy.thank_you_limit_hours)
        moments.append(limit + _INSTANT)
    if advice.expedite and advice.expedite_by is not None:  # O1: the option ends with its day
        moments.append(datetime.combine(advice.expedite_by + _ONE_DAY, time.min))
    return min((m for m in moments if m is not None and m > now), default=None)


_INSTANT = timedelta(microseconds=1)


def check_event(advice: Advice, event: Event, now: datetime) -> None:
    """Refuses an event that makes no sense for the card as it stands, before any write."""
    kind = event.kind
    answers_offer = kind is EventKind.CLOSED and event.outcome in OFFER_ANSWERS
    if answers_offer and advice.outcome is not Outcome.OFFER:
        raise InputError(
            "event",
            "offer first: accepted and declined answer an offer logged on this card",
            event.outcome.value if event.outcome else kind.value,
        )
    if (
        advice.stage is Stage.CLOSED
        and kind not in (EventKind.INTERVIEW, EventKind.NOTE)
        and not answers_offer
    ):
        outcome = advice.outcome.value if advice.outcome else "closed"
        allowed = (
            "interview, note, accepted or declined" if outcome == "offer" else "interview or note"
        )
        raise InputError(
            "event",
            f"{allowed}, since the card is closed ({outcome}); undo the close to change it",
            kind.value,
        )
    logged_after_the_fact = (
        EventKind.THANKED,
        EventKind.FOLLOWED_UP,
        EventKind.REPLIED,
        EventKind.CLOSED,
        EventKind.DECISION,
    )
    if kind in logged_after_the_fact and event.at > now:
        raise InputError("on", "a time that is not in the future", fmt_moment(event.at))
    if (
        kind in (EventKind.THANKED, EventKind.FOLLOWED_UP, EventKind.REPLIED, EventKind.DECISION)
        and advice.latest_round is not None
        and event.at < advice.latest_round
    ):
        raise InputError(
            "on",
            f"a time after the latest interview round ({fmt_moment(advice.latest_round)})",
            fmt_moment(event.at),
        )
    if kind is EventKind.THANKED:
        _check_thanks(advice, event)
    if kind is EventKind.FOLLOWED_UP and event.expedite and not advice.expedite:
        raise InputError(
            "expedite",
            "an offer elsewhere awaiting your answer, and an attempt left within the cap "
            "(one expedite note per offer)",
        )


def _check_thanks(advice: Advice, event: Event) -> None:
    """T1: one note per person met, while the thank-you is the next action."""
    if advice.stage is Stage.FOLLOWING_UP and advice.thanked_at is None:
        raise InputError(
            "event",
            "nothing more: the thanks already went with your follow-up (the combined thanks "
            "and follow-up), or their reply closed the thank-you window",
            "thanked",
        )
    if advice.action is not Action.THANK_YOU and not advice.folds_thanks:
        logged = fmt_moment(advice.thanked_at) if advice.thanked_at else "earlier"
        raise InputError(
            "event",
            f"no more thank-you notes for this round: the thanks is logged ({logged}) and "
            "the follow-up is next",
            "thanked",
        )
    owed = {_key(name) for name in advice.owed}
    if (
        event.person
        and advice.action is Action.THANK_YOU
        and owed
        and _key(event.person) not in owed
    ):
        raise InputError(
            "to",
            "someone still owed a note: " + ", ".join(advice.owed),
            event.person,
        )
