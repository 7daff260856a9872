"""The workflow core both front ends write through: each operation, and what happens when two
windows (two Workflows on one file) act on the same card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tracker.clock import frozen
from tracker.config import Config
from tracker.model import (
    Application,
    Channel,
    Conflict,
    Event,
    EventKind,
    InputError,
    NotFound,
    Stage,
)
from tracker.store import Store
from tracker.workflow import Workflow

ROUND = datetime(2026, 11, 16, 10, 0)  # a Monday
NOW = datetime(2026, 11, 16, 15, 0)


@pytest.fixture
def windows(db_path: Path) -> Iterator[tuple[Workflow, Workflow]]:
    """Two windows on one database: each with its own connection, as two processes have."""
    stores = [Store.open(db_path), Store.open(db_path)]
    yield tuple(Workflow(s, Config(), frozen(NOW)) for s in stores)  # type: ignore[misc]
    for s in stores:
        s.close()


def add(flow: Workflow, company: str = "Globex") -> int:
    app = Application(company, "Engineer", contact="Dana", email="dana@globex.example")
    return flow.add(app, Event(EventKind.INTERVIEW, ROUND)).id


def test_add_then_log_moves_the_card_and_stamps_creation(windows) -> None:
    a, _ = windows
    card = a.card(add(a))
    assert card.app.created == NOW and card.advice.stage is Stage.INTERVIEWED
    after = a.log(card.id, Event(EventKind.THANKED, NOW))
    assert after.advice.stage is Stage.THANKED
    assert [e.kind for e in after.events] == [EventKind.INTERVIEW, EventKind.THANKED]


def test_undo_refuses_when_the_newest_event_is_not_the_one_confirmed(windows) -> None:
    a, b = windows
    app_id = add(a)
    seen = a.log(app_id, Event(EventKind.THANKED, NOW))  # board A shows "thanked" in its dialog
    b.log(app_id, Event(EventKind.REPLIED, NOW, note="they will call Friday"))  # the CLI
    with pytest.raises(Conflict) as err:
        a.undo(app_id, seen.newest.id or 0)
    assert "Globex changed in another window" in str(err.value)
    assert "replied" in str(err.value) and "nothing was undone" in str(err.value)
    kinds = [(e.kind, e.note) for e in a.card(app_id).events]
    assert kinds[-1] == (EventKind.REPLIED, "they will call Friday")
    assert len(kinds) == 3


def test_two_undos_of_the_same_confirmed_event_remove_one(windows) -> None:
    a, b = windows
    app_id = add(a)
    a.log(app_id, Event(EventKind.THANKED, NOW))
    confirmed = a.card(app_id).newest.id or 0
    removed, _ = a.undo(app_id, confirmed)
    assert removed.kind is EventKind.THANKED
    with pytest.raises(Conflict):
        b.undo(app_id, confirmed)
    assert [e.kind for e in b.card(app_id).events] == [EventKind.INTERVIEW]


def test_undo_of_the_only_round_says_what_to_do_instead(windows) -> None:
    a, _ = windows
    app_id = add(a)
    round_id = a.card(app_id).newest.id
    with pytest.raises(InputError) as err:
        a.undo(app_id, round_id or 0)
    assert f"tracker amend {round_id}" in str(err.value)
    assert f"tracker delete {app_id} --yes" in str(err.value)


def test_an_edit_saves_only_the_fields_changed_and_keeps_the_other_windows(windows) -> None:
    a, b = windows
    app_id = add(a)
    seen_by_a = a.card(app_id).app  # A opens its edit form
    seen_by_b = b.card(app_id).app
    b.edit(app_id, seen_by_b, replace(seen_by_b, contact="Priya Natarajan"))
    after = a.edit(app_id, seen_by_a, replace(seen_by_a, role="Staff Engineer"))
    assert after.app.role == "Staff Engineer"
    assert after.app.contact == "Priya Natarajan"  # B's contact survives A's save


def test_an_edit_of_a_field_another_window_changed_is_refused(windows) -> None:
    a, b = windows
    app_id = add(a)
    seen = a.card(app_id).app
    b.edit(app_id, seen, replace(seen, contact="Priya"))
    with pytest.raises(Conflict) as err:
        a.edit(app_id, seen, replace(seen, contact="Sam", role="Lead"))
    assert "contact is now 'Priya'" in str(err.value)
    card = a.card(app_id)
    assert (card.app.contact, card.app.role) == ("Priya", "Engineer")  # nothing of A's saved


def test_an_edit_is_validated(windows) -> None:
    a, _ = windows
    app_id = add(a)
    seen = a.card(app_id).app
    with pytest.raises(InputError) as err:
        a.edit(app_id, seen, replace(seen, email="not an address"))
    assert err.value.field == "email"
    assert a.card(app_id).app == seen


def test_two_windows_logging_the_thank_you_log_one(windows) -> None:
    a, b = windows
    app_id = add(a)
    a.log(app_id, Event(EventKind.THANKED, NOW))
    with pytest.raises(InputError):  # B's snapshot said "thank-you next"; the file says done
        b.log(app_id, Event(EventKind.THANKED, NOW))
    assert [e.kind for e in a.card(app_id).events].count(EventKind.THANKED) == 1


def test_amend_corrects_the_round_time_and_the_schedule_follows(windows) -> None:
    a, _ = windows
    app_id = add(a)
    round_ = a.card(app_id).events[0]
    after = a.amend(round_.id or 0, round_, replace(round_, decision_by=date(2026, 12, 1)))
    assert after.events[0].decision_by == date(2026, 12, 1)
    assert after.events[0].id == round_.id
    moved = a.amend(
        round_.id or 0, after.events[0], replace(after.events[0], at=ROUND - timedelta(hours=2))
    )
    assert moved.events[0].at == ROUND - timedelta(hours=2)


def test_amend_refuses_what_another_window_changed_first(windows) -> None:
    a, b = windows
    app_id = add(a)
    thanked = a.log(app_id, Event(EventKind.THANKED, NOW, note="sent")).newest
    b.amend(thanked.id or 0, thanked, replace(thanked, note="sent to Dana"))
    with pytest.raises(Conflict):
        a.amend(thanked.id or 0, thanked, replace(thanked, at=NOW - timedelta(hours=1)))
    assert a.card(app_id).newest.note == "sent to Dana"


def test_amend_keeps_the_rules(windows) -> None:
    a, _ = windows
    app_id = add(a)
    thanked = a.log(app_id, Event(EventKind.THANKED, NOW)).newest
    with pytest.raises(InputError):  # a thank-you before the interview it thanks for
        a.amend(thanked.id or 0, thanked, replace(thanked, at=ROUND - timedelta(days=1)))
    round_ = a.card(app_id).events[0]
    with pytest.raises(InputError):  # a round moved after the thank-you sent for it
        a.amend(round_.id or 0, round_, replace(round_, at=NOW + timedelta(hours=1)))
    with pytest.raises(InputError):
        a.amend(thanked.id or 0, thanked, replace(thanked, kind=EventKind.REPLIED))


def test_archive_hides_and_delete_removes_for_good(windows) -> None:
    a, b = windows
    app_id = add(a)
    assert a.archive(app_id, True).app.archived == NOW
    with pytest.raises(InputError):
        b.archive(app_id, True)
    assert a.archive(app_id, False).app.archived is None
    gone = b.delete(app_id)
    assert gone.company == "Globex"
    with pytest.raises(NotFound):
        a.card(app_id)


def test_the_change_journal_names_what_changed_since(windows) -> None:
    a, b = windows
    first, second = add(a, "Globex"), add(a, "Initech")
    mark = a.store.journal_position()
    b.log(second, Event(EventKind.THANKED, NOW))
    b.delete(first)
    position, changed = a.store.changes_since(mark)  # type: ignore[misc]
    assert changed == {first, second} and position > mark
    found, missing = a.store.load_some(changed)
    assert [app.id for app, _ in found] == [second] and missing == {first}
    assert a.store.changes_since(position) == (position, set())


def test_the_journal_says_when_it_no_longer_reaches_back(windows, monkeypatch) -> None:
    a, _ = windows
    from tracker import store as store_module

    monkeypatch.setattr(
        store_module,
        "_PRUNE_JOURNAL",
        "DELETE FROM changes WHERE seq < (SELECT max(seq) FROM changes)",
    )
    mark = a.store.journal_position()
    add(a, "One")
    add(a, "Two")
    assert a.store.changes_since(mark) is None


def test_a_draft_or_the_reason_there_is_none(windows) -> None:
    a, _ = windows
    app_id = add(a)
    card = a.card(app_id)
    assert "Engineer" in a.draft(card).text
    ahead = a.add(
        Application("Initech", "Analyst"),
        Event(EventKind.INTERVIEW, NOW + timedelta(days=2), channel=Channel.EMAIL),
    )
    with pytest.raises(InputError) as err:
        a.draft(ahead)
    assert "prepare" in str(err.value)


def test_an_expedite_note_can_be_amended_while_the_offer_waits(tmp_path):
    from datetime import date, datetime

    from tracker.clock import frozen
    from tracker.config import Config
    from tracker.model import Application, Channel, Event, EventKind, Outcome
    from tracker.store import Store
    from tracker.workflow import Workflow

    now = datetime(2026, 11, 20, 12)
    with Store.open(tmp_path / "t.db") as store:
        flow = Workflow(store, Config(), frozen(now))
        round_ = Event(EventKind.INTERVIEW, datetime(2026, 11, 10, 10))
        offered = flow.add(Application("Beta", "Analyst"), round_)
        flow.log(
            offered.id,
            Event(EventKind.CLOSED, now, outcome=Outcome.OFFER, decision_by=date(2026, 11, 30)),
        )
        other = flow.add(Application("Acme", "Engineer"), round_)
        assert other.advice.expedite_by == date(2026, 11, 30)
        note = Event(EventKind.FOLLOWED_UP, now, channel=Channel.EMAIL, expedite=True)
        sent = flow.log(other.id, note).newest
        moved = flow.amend(
            sent.id,
            sent,
            Event(
                EventKind.FOLLOWED_UP,
                datetime(2026, 11, 20, 11),
                channel=Channel.EMAIL,
                expedite=True,
            ),
        )
        assert moved.newest.at == datetime(2026, 11, 20, 11) and moved.newest.expedite
