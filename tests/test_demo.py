"""The demo data shows everything the board can show, on any day; bulk data is valid and varied."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tracker.demo import demo_items, generate, generated_items, populate_demo
from tracker.model import Action, Channel, EventKind, Outcome, Stage, Status
from tracker.rules import Policy, evaluate
from tracker.store import Store

NOW = datetime(2026, 11, 24, 10, 0)

# Every weekday, at night, in the morning, at lunch and in the evening.
MOMENTS = [
    NOW.replace(hour=hour, minute=minute) + timedelta(days=day)
    for day in range(7)
    for hour, minute in ((0, 5), (8, 0), (12, 30), (18, 45))
]


def advices(now: datetime):
    return [(app, events, evaluate(app, events, Policy(), now)) for app, events in demo_items(now)]


@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.strftime("%a-%H%M"))
def test_the_demo_covers_every_column_action_and_status(now: datetime) -> None:
    seen = advices(now)
    assert {a.stage for _, _, a in seen} == set(Stage)
    assert {a.action for _, _, a in seen} == {*Action, None}
    assert {a.status for _, _, a in seen} == set(Status) - {Status.UNREADABLE}
    assert {a.outcome for _, _, a in seen if a.outcome} == set(Outcome)
    follow_ups = {(a.attempt, a.channel) for _, _, a in seen if a.action is Action.FOLLOW_UP}
    assert {(1, Channel.EMAIL), (2, Channel.PHONE), (3, Channel.EMAIL)} <= follow_ups
    assert any(a.folds_thanks for _, _, a in seen), "a missed thank-you (T2)"
    assert any(a.rule == "R1" and a.decision_date for _, _, a in seen), "a reply with a date"
    past_third = [
        events
        for _, events, a in seen
        if a.action is Action.MOVE_ON and sum(e.kind is EventKind.FOLLOWED_UP for e in events) >= 3
    ]
    assert past_third, "a card past its third attempt"
    statuses_by_action = {(a.action, a.status) for _, _, a in seen}
    assert (Action.THANK_YOU, Status.DUE) in statuses_by_action
    assert (Action.THANK_YOU, Status.OVERDUE) in statuses_by_action
    assert (Action.PREPARE, Status.UPCOMING) in statuses_by_action


def test_the_demo_is_realistic_and_valid(tmp_path: Path) -> None:
    items = demo_items(NOW)
    assert 12 <= len(items) <= 20
    companies = [app.company for app, _ in items]
    assert len(set(companies)) == len(companies)
    assert sum(bool(app.phone) for app, _ in items) >= 2
    assert all(app.contact and app.email for app, _ in items)
    for _, events in items:
        assert events[0].kind is EventKind.INTERVIEW
        held = [e.at for e in events if e.at <= NOW]  # a round ahead may be logged before
        assert held == sorted(held)
        assert all(e.at.weekday() < 5 for e in events if e.kind is EventKind.INTERVIEW)
    with Store.open(tmp_path / "demo.db") as store:
        populate_demo(store, NOW)
        assert store.count() == len(items)


def test_generate_writes_valid_varied_applications(tmp_path: Path) -> None:
    with Store.open(tmp_path / "bulk.db") as store:
        generate(store, 300, NOW, seed=7)
        rows = store.load_all()
    assert len(rows) == 300
    stages = Counter(evaluate(app, events, Policy(), NOW).stage for app, events in rows)
    assert set(stages) == set(Stage)
    assert len({app.company for app, _ in rows}) > 50


def test_generated_data_is_deterministic_for_a_seed() -> None:
    assert generated_items(50, NOW, seed=3) == generated_items(50, NOW, seed=3)
    assert generated_items(50, NOW, seed=3) != generated_items(50, NOW, seed=4)


@pytest.mark.parametrize("now", MOMENTS[::5], ids=lambda m: m.strftime("%a-%H%M"))
def test_the_demo_shows_people_debriefs_offers_and_their_notes(now: datetime) -> None:
    from tracker.drafts import render
    from tracker.model import DraftKind, Profile
    from tracker.rules import pending_offer

    items = demo_items(now)
    offer = pending_offer(items)
    assert offer is not None and offer.answer_by is not None, "an offer awaiting an answer"
    seen = [
        (app, events, evaluate(app, events, Policy(), now, offer=offer)) for app, events in items
    ]
    assert {a.outcome for _, _, a in seen if a.outcome} == set(Outcome)
    assert any(a.owed and len(a.owed) < len(ev[0].people) for _, ev, a in seen), "a note still owed"
    assert sum(a.expedite for _, _, a in seen) >= 5, "open cards may expedite"
    assert any(a.rule == "C2" for _, _, a in seen), "a withdrawal with a round ahead"
    assert any(e.voicemail for _, events, _ in seen for e in events)
    assert any(e.kind is EventKind.DECISION for _, events, _ in seen for e in events)
    with_debrief = [
        (app, events, a)
        for app, events, a in seen
        if any(e.kind is EventKind.DEBRIEF for e in events) and a.action is Action.THANK_YOU
    ]
    assert with_debrief
    app, events, advice = with_debrief[0]
    note = render(DraftKind.THANK_YOU, app, events, advice, Profile("A", "a@b.example", "1"), now)
    assert "I especially enjoyed our conversation about" in note.body
    assert "One thing I did not get to mention:" in note.body and "[" not in note.text
