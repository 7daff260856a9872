"""How times and advice are put into words, and the board's Details panel that says them: exact
relative times, the Decision line, F2's account of the last attempt, the card and the panel
agreeing, and a Next section that states each date once. Every clock here is frozen."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import BOARD_NOW, PROFILE
from tracker.model import Action, Application, Channel, Event, EventKind, Person, Status
from tracker.rules import Policy, evaluate, next_change
from tracker.store import Store
from tracker.widgets.column import card_badge
from tracker.widgets.deck import Card, Deck
from tracker.widgets.panel import describe
from tracker.words import overdue_by, relative_day, relative_moment

NOW = datetime(2026, 11, 25, 12, 0)  # Wednesday
STANDARD = Policy()
_DAY = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}\b")


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (NOW + timedelta(seconds=30), "now"),
        (NOW + timedelta(minutes=40), "in 40 minutes"),
        (NOW - timedelta(minutes=1), "1 minute ago"),
        (NOW - timedelta(minutes=61), "1 hour ago"),
        (NOW + timedelta(hours=29), "in 29 hours"),  # humanize said "in a day"
        (NOW - timedelta(hours=47, minutes=59), "47 hours ago"),
        (NOW - timedelta(days=17), "17 days ago"),
        (NOW - timedelta(days=25, hours=1), "25 days ago"),  # humanize said "a month ago"
        (datetime(2026, 11, 28, 9, 0), "in 3 days"),  # calendar days, as relative_day counts
    ],
)
def test_relative_times_are_exact_enough_to_act_on(moment: datetime, words: str) -> None:
    assert relative_moment(moment, NOW) == words


def test_days_and_lateness_are_counted_the_same_way() -> None:
    assert relative_day(date(2026, 11, 28), NOW.date()) == "in 3 days"
    assert relative_day(date(2026, 11, 26), NOW.date()) == "tomorrow"
    assert overdue_by(datetime(2026, 11, 25, 0, 0), NOW) == "1 day overdue"
    assert overdue_by(NOW - timedelta(hours=5, minutes=10), NOW) == "5 hours overdue"
    assert overdue_by(NOW - timedelta(minutes=25), NOW) == "25 minutes overdue"
    assert overdue_by(NOW, NOW) == "just overdue"


# --- the panel ---------------------------------------------------------------------------


def _card(app: Application, events: list[Event], now: datetime) -> Card:
    return Card(app=app, events=events, advice=evaluate(app, events, STANDARD, now))


def _panel(app: Application, events: list[Event], now: datetime) -> list[str]:
    return [line.text for line in describe(_card(app, events, now), now, STANDARD, PROFILE)]


def _next(lines: list[str]) -> list[str]:
    """The Next section's sentences (after its badge line), up to the next heading."""
    start = lines.index("Next") + 2
    end = next(i for i in range(start, len(lines)) if lines[i] in ("", "Why", "Tip", "Timeline"))
    return lines[start:end]


ACME = Application("Acme", "Data Engineer", phone="+1 415 555 0199", created=datetime(2026, 11, 1))
ROUND = Event(EventKind.INTERVIEW, datetime(2026, 11, 9, 10, 0), decision_by=date(2026, 11, 13))
THANKED = Event(EventKind.THANKED, datetime(2026, 11, 9, 15, 0))
FIRST = Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 16, 10, 0), channel=Channel.EMAIL)
CALL = Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 19, 11, 0), channel=Channel.PHONE)


@pytest.mark.parametrize("attempts", [[FIRST], [FIRST, CALL], [FIRST, CALL, FIRST]])
def test_the_decision_line_keeps_its_date_after_follow_ups(attempts: list[Event]) -> None:
    events = [ROUND, THANKED, *attempts]
    events[-1:] = [Event(EventKind.FOLLOWED_UP, NOW - timedelta(days=1), channel=Channel.EMAIL)]
    advice = evaluate(ACME, events, STANDARD, NOW)
    assert advice.decision_date == date(2026, 11, 13)
    decision = [line for line in _panel(ACME, events, NOW) if line.startswith("Decision:")]
    assert decision == ["Decision: Fri 13 Nov (12 days ago): they said they'd decide"]


def test_a_timeline_heard_later_still_shows_once_a_reply_and_follow_ups_came() -> None:
    reply = Event(EventKind.REPLIED, datetime(2026, 11, 20, 9))
    heard = Event(EventKind.DECISION, datetime(2026, 11, 20, 10), reply_within=5)
    again = Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 24, 9), channel=Channel.EMAIL)
    events = [ROUND, THANKED, FIRST, reply, heard, again]
    advice = evaluate(ACME, events, STANDARD, NOW)
    assert advice.rule == "F2"
    assert advice.decision_date == date(2026, 11, 25)  # the reply + 5 days
    decision = [line for line in _panel(ACME, events, NOW) if line.startswith("Decision:")]
    assert decision[0].startswith("Decision: Wed 25 Nov (today): they said they'd reply within 5")


def test_f2_says_what_the_last_attempt_really_was() -> None:
    after_call = evaluate(ACME, [ROUND, THANKED, FIRST, CALL], STANDARD, NOW)
    assert after_call.rule == "F2"
    assert "Follow-up #2 was a call on Thu 19 Nov, with no reply since" in "".join(
        after_call.explanation
    )
    voicemail = Event(EventKind.FOLLOWED_UP, CALL.at, channel=Channel.PHONE, voicemail=True)
    left = evaluate(ACME, [ROUND, THANKED, FIRST, voicemail], STANDARD, NOW)
    assert "#2 was a call (you left a voicemail) on Thu 19 Nov" in " ".join(left.explanation)
    by_email = evaluate(ACME, [ROUND, THANKED, FIRST], STANDARD, NOW)
    assert "Follow-up #1 was an email on Mon 16 Nov" in " ".join(by_email.explanation)
    assert not any("went" in line for line in (*after_call.explanation, *left.explanation))


def test_the_thank_you_changes_the_instant_after_its_48th_hour() -> None:
    """T1 includes its limit; a card evaluated exactly then must still be re-evaluated after it
    (it stayed 'thank-you · overdue' on the board while the panel said 'waiting')."""
    interview = Event(
        EventKind.INTERVIEW, datetime(2026, 11, 23, 9, 0), people=(Person("Ann"), Person("Bob"))
    )
    partly = [interview, Event(EventKind.THANKED, datetime(2026, 11, 23, 11, 0), person="Ann")]
    limit = interview.at + timedelta(hours=48)
    at_limit = evaluate(ACME, partly, STANDARD, limit)
    assert at_limit.action is Action.THANK_YOU
    change = next_change(at_limit, STANDARD, limit)
    assert change is not None and limit < change <= limit + timedelta(seconds=1)
    assert evaluate(ACME, partly, STANDARD, limit + timedelta(seconds=1)).status is Status.WAITING


def test_the_card_and_the_panel_agree_hour_by_hour_over_the_demo(demo_db: Path) -> None:
    """The board's cards (evaluated once, re-evaluated as the clock passes their boundaries)
    and the panel (evaluated afresh) say the same badge, hour after hour for three weeks."""
    with Store.open(demo_db) as store:
        rows = store.load_all()
    deck = Deck(STANDARD)
    deck.load(rows, BOARD_NOW)
    for hour in range(21 * 24):
        now = BOARD_NOW + timedelta(hours=hour)
        deck.tick(now)
        for card in deck.cards.values():
            fresh = evaluate(card.app, card.events, STANDARD, now, offer=deck.offer)
            advice = card.advice
            said = (card_badge(card, now), advice.due_at, advice.overdue_at, advice.expedite)
            assert said == (
                card_badge(Card(card.app, card.events, fresh), now),
                fresh.due_at,
                fresh.overdue_at,
                fresh.expedite,
            ), f"{card.app.company} at {now}"
    panel = [line.text for line in describe(card, now, STANDARD, PROFILE, deck.offer)]
    assert panel[panel.index("Next") + 1] == "● " + card_badge(card, now)


@pytest.mark.parametrize("hours", [0, 14, 38, 86, 170])
def test_the_next_section_states_each_date_once(demo_db: Path, hours: int) -> None:
    now = BOARD_NOW + timedelta(hours=hours)
    with Store.open(demo_db) as store:
        rows = store.load_all()
    for app, events in rows:
        lines = _panel(app, events, now)
        said = _DAY.findall(" ".join(_next(lines)))
        assert len(said) == len(set(said)), (app.company, _next(lines))
        if lines[lines.index("Next") + 1].startswith("● waiting"):
            assert any("Overdue after" in line for line in _next(lines)), app.company


def test_the_next_section_of_a_waiting_follow_up() -> None:
    events = [ROUND, THANKED]
    lines = _panel(ACME, events, datetime(2026, 11, 12, 9, 0))
    assert lines[lines.index("Next") + 1] == "● waiting · Mon 16 Nov"
    assert _next(lines) == [
        "First follow-up due Mon 16 Nov (in 4 days). They said they'd decide by Fri 13 Nov.",
        "Overdue after Thu 19 Nov (in 7 days).",
    ]


def test_the_thank_you_is_due_by_the_same_moment_on_the_card_and_in_the_panel() -> None:
    events = [Event(EventKind.INTERVIEW, NOW - timedelta(hours=1))]
    card = _card(ACME, events, NOW)
    assert card_badge(card, NOW) == "thank-you · due in 23 hours"
    assert _next(_panel(ACME, events, NOW)) == [
        "Send the thank-you note: the interview ended 1 hour ago; aim for within 24 hours "
        "(Thu 26 Nov 11:00, in 23 hours)."
    ]
