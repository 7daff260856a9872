"""Every rule of RULES.md on fixed dates. Nov 2026: Mon 16, Fri 20, Thu 26 = Thanksgiving (US)."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from tracker.model import (
    Action,
    Application,
    Channel,
    Debrief,
    DraftKind,
    Event,
    EventKind,
    InputError,
    Outcome,
    Person,
    Stage,
    Status,
)
from tracker.rules import (
    PRESETS,
    BusinessCalendar,
    Policy,
    check_event,
    evaluate,
    pending_offer,
)
from tracker.words import badge

STANDARD = PRESETS["standard"]
US = Policy(holidays="US")
MON = datetime(2026, 11, 16, 14, 0)  # interview: Monday 16 Nov, 14:00
APP = Application("Acme", "Data Engineer", contact="Sam Lee", created=MON - timedelta(days=3))
APP_PHONE = Application("Acme", "Data Engineer", phone="+1 555 0100", created=MON)


def interview(at=MON, **kw) -> Event:
    return Event(EventKind.INTERVIEW, at, **kw)


def thanked(at=MON + timedelta(hours=4)) -> Event:
    return Event(EventKind.THANKED, at)


def followed(at: datetime, channel=Channel.EMAIL) -> Event:
    return Event(EventKind.FOLLOWED_UP, at, channel=channel)


def day(d: int, month: int = 11) -> date:
    return date(2026, month, d)


# --- business days -------------------------------------------------------------------------


def test_weekends_are_not_business_days_and_roll_forward_to_monday():
    cal = BusinessCalendar()
    assert not cal.is_business_day(day(21)) and not cal.is_business_day(day(22))
    assert cal.roll_forward(day(21)) == day(23)
    assert cal.next_business_day_after(day(20)) == day(23)
    assert cal.add_business_days(day(19), 3) == day(24)


def test_us_thanksgiving_is_skipped_only_when_the_country_is_configured():
    assert BusinessCalendar().is_business_day(day(26))
    us = BusinessCalendar("US")
    assert not us.is_business_day(day(26))
    assert us.roll_forward(day(26)) == day(27)
    assert "Thanksgiving" in us.why_not(day(26))


# --- P1 and T1 -----------------------------------------------------------------------------


def test_p1_a_future_round_is_upcoming_with_prepare():
    advice = evaluate(APP, [interview()], STANDARD, MON - timedelta(hours=5))
    assert (advice.stage, advice.action, advice.status) == (
        Stage.INTERVIEWED,
        Action.PREPARE,
        Status.UPCOMING,
    )
    assert advice.rule == "P1"
    assert "decide" in advice.tip


@pytest.mark.parametrize(
    ("hours_after", "status"),
    [
        (0, Status.DUE),
        (23.98, Status.DUE),
        (24, Status.OVERDUE),
        (47.98, Status.OVERDUE),
        (48, Status.OVERDUE),  # up to and including the 48th hour
    ],
)
def test_t1_thank_you_is_due_for_24_hours_then_overdue_until_48(hours_after, status):
    now = MON + timedelta(hours=hours_after)
    advice = evaluate(APP, [interview()], STANDARD, now)
    assert advice.action is Action.THANK_YOU
    assert advice.status is status
    assert advice.draft is DraftKind.THANK_YOU
    assert advice.due_at == MON
    assert advice.overdue_at == MON + timedelta(hours=24)


def test_t1_explains_itself_with_relative_times():
    advice = evaluate(APP, [interview()], STANDARD, MON + timedelta(hours=19))
    assert "19 hours ago" in advice.reason
    assert badge(advice, MON + timedelta(hours=19)) == "thank-you · due in 5 hours"
    assert advice.explanation[0].startswith("T1")


def test_t2_after_48_hours_the_thanks_folds_into_the_first_follow_up():
    now = MON + timedelta(hours=48, minutes=1)
    advice = evaluate(APP, [interview()], STANDARD, now)
    assert advice.stage is Stage.INTERVIEWED  # stays until something is logged
    assert (advice.action, advice.attempt, advice.rule) == (Action.FOLLOW_UP, 1, "T2")
    assert advice.folds_thanks
    assert advice.draft is DraftKind.THANKS_FOLLOW_UP
    assert advice.due == day(23)  # F1 date: 7 days after the interview
    assert advice.status is Status.WAITING
    assert any(line.startswith("T2") for line in advice.explanation)


# --- F1 ------------------------------------------------------------------------------------


def test_f1_no_timeline_is_due_after_7_days_and_overdue_after_10():
    events = [interview(), thanked()]
    advice = evaluate(APP, events, STANDARD, datetime(2026, 11, 20, 9))
    assert advice.stage is Stage.THANKED
    assert (advice.action, advice.attempt, advice.channel) == (Action.FOLLOW_UP, 1, Channel.EMAIL)
    assert (advice.due, advice.deadline) == (day(23), day(26))
    assert advice.status is Status.WAITING
    assert evaluate(APP, events, STANDARD, datetime(2026, 11, 23, 0)).status is Status.DUE
    assert evaluate(APP, events, STANDARD, datetime(2026, 11, 26, 23, 59)).status is Status.DUE
    assert evaluate(APP, events, STANDARD, datetime(2026, 11, 27, 0)).status is Status.OVERDUE


def test_f1_deadline_on_thanksgiving_rolls_forward_with_us_holidays():
    advice = evaluate(APP, [interview(), thanked()], US, datetime(2026, 11, 20, 9))
    assert (advice.due, advice.deadline) == (day(23), day(27))
    assert any("Thanksgiving" in line for line in advice.explanation)


def test_f1_due_day_on_a_weekend_rolls_to_monday():
    # Wednesday interview under brisk: +3 days is Saturday.
    wed = datetime(2026, 11, 18, 11, 0)
    advice = evaluate(
        APP,
        [interview(wed), thanked(wed + timedelta(hours=2))],
        PRESETS["brisk"],
        wed + timedelta(days=1),
    )
    assert advice.due == day(23)
    assert any("Saturday" in line for line in advice.explanation)


@pytest.mark.parametrize(
    ("preset", "due", "deadline"),
    [("brisk", day(19), day(23)), ("standard", day(23), day(26)), ("patient", day(30), day(3, 12))],
)
def test_f1_no_timeline_under_each_preset(preset, due, deadline):
    advice = evaluate(APP, [interview(), thanked()], PRESETS[preset], MON + timedelta(days=1))
    assert (advice.due, advice.deadline) == (due, deadline)


@pytest.mark.parametrize("preset", ["brisk", "standard", "patient"])
def test_f1_decision_date_wins_over_the_preset(preset):
    events = [interview(decision_by=day(20)), thanked()]
    advice = evaluate(APP, events, PRESETS[preset], MON + timedelta(days=1))
    # Friday's decision date: the next business day after it is Monday 23.
    assert advice.due == day(23)
    assert advice.deadline == day(26)
    assert advice.decision_date == day(20)
    assert "they said they'd decide by Fri 20 Nov" in advice.decision_source
    assert any("Fri 20 Nov" in line for line in advice.explanation)


@pytest.mark.parametrize("preset", ["brisk", "standard", "patient"])
def test_f1_reply_window_counts_from_the_interview(preset):
    events = [interview(reply_within=5), thanked()]
    advice = evaluate(APP, events, PRESETS[preset], MON + timedelta(days=1))
    # 16 Nov + 5 days = Sat 21: the next business day after it is Mon 23.
    assert advice.decision_date == day(21)
    assert advice.due == day(23)
    assert "within 5 days" in advice.decision_source


def test_f1_decision_date_next_business_day_skips_thanksgiving():
    events = [interview(decision_by=day(25)), thanked()]
    assert evaluate(APP, events, STANDARD, MON).due == day(26)
    assert evaluate(APP, events, US, MON + timedelta(days=1)).due == day(27)


def test_f1_channel_is_the_one_that_arranged_the_interview():
    by_phone = Application("Acme", "Data Engineer", phone="555 0100", via=Channel.PHONE)
    advice = evaluate(by_phone, [interview(), thanked()], STANDARD, MON + timedelta(days=8))
    assert advice.channel is Channel.PHONE
    assert advice.draft is DraftKind.PHONE


# --- F2, F3, M1 ----------------------------------------------------------------------------


def test_f2_second_attempt_is_a_call_3_business_days_later_when_a_phone_is_known():
    events = [interview(), thanked(), followed(datetime(2026, 11, 23, 10))]
    now = datetime(2026, 11, 24, 9)
    advice = evaluate(APP_PHONE, events, STANDARD, now)
    assert advice.stage is Stage.FOLLOWING_UP
    assert (advice.attempt, advice.channel, advice.draft) == (2, Channel.PHONE, DraftKind.PHONE)
    assert advice.due == day(26)
    assert advice.deadline == day(30)  # 26 + 3 = Sunday 29, rolled forward
    assert "late morning" in advice.tip
    # Without a phone number it stays an email.
    assert evaluate(APP, events, STANDARD, now).channel is Channel.EMAIL
    # With US holidays Thanksgiving is skipped: Tue 24, Wed 25, Fri 27.
    assert evaluate(APP_PHONE, events, US, now).due == day(27)


def test_f3_overdue_three_days_after_due_shows_on_the_badge():
    events = [interview(), thanked(), followed(datetime(2026, 11, 23, 10))]
    now = datetime(2026, 12, 2, 9)  # deadline Mon 30 Nov passed: overdue from Tue 1 Dec
    advice = evaluate(APP_PHONE, events, STANDARD, now)
    assert advice.status is Status.OVERDUE
    assert badge(advice, now) == "follow-up #2 · call · 2 days overdue"


def test_f2_third_attempt_is_a_final_email():
    events = [
        interview(),
        thanked(),
        followed(datetime(2026, 11, 23, 10)),
        followed(datetime(2026, 11, 26, 11), Channel.PHONE),
    ]
    advice = evaluate(APP_PHONE, events, STANDARD, datetime(2026, 11, 26, 12))
    assert (advice.attempt, advice.channel, advice.draft) == (3, Channel.EMAIL, DraftKind.FINAL)
    assert advice.due == day(1, 12)  # Fri 27, Mon 30, Tue 1 Dec
    assert advice.status is Status.WAITING
    assert badge(advice, datetime(2026, 11, 26, 12)) == "waiting · Tue 1 Dec"


def test_m1_after_three_attempts_and_3_business_days_move_on():
    events = [
        interview(),
        thanked(),
        followed(datetime(2026, 11, 23, 10)),
        followed(datetime(2026, 11, 26, 11), Channel.PHONE),
        followed(datetime(2026, 12, 1, 10)),
    ]
    waiting = evaluate(APP_PHONE, events, STANDARD, datetime(2026, 12, 3, 9))
    assert (waiting.action, waiting.status, waiting.attempt) == (
        Action.MOVE_ON,
        Status.WAITING,
        3,
    )
    assert waiting.due == day(4, 12)
    ready = evaluate(APP_PHONE, events, STANDARD, datetime(2026, 12, 4, 9))
    assert (ready.action, ready.status, ready.rule) == (Action.MOVE_ON, Status.DUE, "M1")
    assert "no-response" in ready.reason
    assert ready.draft is None


def test_r1_a_reply_resets_the_attempt_count():
    events = [
        interview(),
        thanked(),
        followed(datetime(2026, 11, 23, 10)),
        followed(datetime(2026, 11, 26, 11), Channel.PHONE),
        Event(EventKind.REPLIED, datetime(2026, 11, 27, 15)),
    ]
    advice = evaluate(APP_PHONE, events, STANDARD, datetime(2026, 11, 28, 9))
    assert (advice.rule, advice.attempt, advice.channel) == ("R1", 1, Channel.EMAIL)
    assert advice.due == day(4, 12)  # 27 Nov + 7 = Fri 4 Dec
    after = [*events, followed(datetime(2026, 12, 4, 10))]
    again = evaluate(APP_PHONE, after, STANDARD, datetime(2026, 12, 4, 11))
    assert (again.attempt, again.channel) == (2, Channel.PHONE)


def test_r1_a_reply_with_a_new_decision_date():
    events = [
        interview(),
        thanked(),
        followed(datetime(2026, 11, 23, 10)),
        Event(EventKind.REPLIED, datetime(2026, 11, 24, 9), decision_by=day(4, 12)),
    ]
    advice = evaluate(APP, events, STANDARD, datetime(2026, 11, 24, 10))
    assert advice.due == day(7, 12)  # the business day after Fri 4 Dec
    assert advice.decision_date == day(4, 12)
    assert advice.stage is Stage.FOLLOWING_UP


def test_a_reply_while_thanked_moves_the_card_to_following_up():
    events = [interview(), thanked(), Event(EventKind.REPLIED, datetime(2026, 11, 18, 9))]
    advice = evaluate(APP, events, STANDARD, datetime(2026, 11, 18, 10))
    assert advice.stage is Stage.FOLLOWING_UP
    assert advice.rule == "R1"


def test_a_new_round_goes_back_to_interviewed_and_restarts_the_timeline():
    events = [
        interview(),
        thanked(),
        followed(datetime(2026, 11, 23, 10)),
        Event(EventKind.REPLIED, datetime(2026, 11, 24, 9)),
        interview(datetime(2026, 11, 30, 10)),
    ]
    before = evaluate(APP, events, STANDARD, datetime(2026, 11, 27, 9))
    assert (before.stage, before.action) == (Stage.INTERVIEWED, Action.PREPARE)
    after = evaluate(APP, events, STANDARD, datetime(2026, 11, 30, 12))
    assert (after.stage, after.action, after.status) == (
        Stage.INTERVIEWED,
        Action.THANK_YOU,
        Status.DUE,
    )


# --- C1 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "draft"),
    [
        (Outcome.REJECTED, DraftKind.REJECTION),
        (Outcome.WITHDREW, DraftKind.WITHDRAWAL),
        (Outcome.OFFER, DraftKind.OFFER),
        (Outcome.NO_RESPONSE, None),
    ],
)
def test_c1_closing_offers_the_matching_draft(outcome, draft):
    events = [
        interview(),
        thanked(),
        Event(EventKind.CLOSED, MON + timedelta(days=2), outcome=outcome),
    ]
    advice = evaluate(APP, events, STANDARD, MON + timedelta(days=3))
    assert (advice.stage, advice.status, advice.action) == (Stage.CLOSED, Status.CLOSED, None)
    assert advice.outcome is outcome
    assert advice.draft is draft
    assert badge(advice, MON) == outcome.value


def test_withdrawing_before_a_future_round_closes_the_card():
    future = MON + timedelta(days=5)
    events = [interview(future), Event(EventKind.CLOSED, MON, outcome=Outcome.WITHDREW)]
    assert evaluate(APP, events, STANDARD, MON + timedelta(hours=1)).stage is Stage.CLOSED


def test_a_round_logged_after_a_close_reopens_the_card():
    events = [
        interview(),
        Event(EventKind.CLOSED, MON + timedelta(days=1), outcome=Outcome.REJECTED),
        interview(MON + timedelta(days=10)),
    ]
    advice = evaluate(APP, events, STANDARD, MON + timedelta(days=10, hours=1))
    assert (advice.stage, advice.action) == (Stage.INTERVIEWED, Action.THANK_YOU)


# --- ordering and the checks on new events ------------------------------------------------


def test_sort_key_puts_overdue_then_due_then_waiting_then_closed():
    now = datetime(2026, 11, 27, 9)
    overdue = evaluate(APP, [interview(MON - timedelta(days=20))], STANDARD, now)
    due = evaluate(APP, [interview(), thanked()], STANDARD, datetime(2026, 11, 24, 9))
    waiting = evaluate(
        APP,
        [interview(datetime(2026, 11, 25, 9)), thanked(datetime(2026, 11, 25, 12))],
        STANDARD,
        now,
    )
    closed = evaluate(
        APP, [interview(), Event(EventKind.CLOSED, MON, outcome=Outcome.OFFER)], STANDARD, now
    )
    statuses = [a.status for a in sorted([closed, waiting, due, overdue], key=lambda a: a.sort_key)]
    assert statuses == [Status.OVERDUE, Status.DUE, Status.WAITING, Status.CLOSED]


def test_check_event_refuses_a_thank_you_on_a_closed_card():
    events = [interview(), Event(EventKind.CLOSED, MON + timedelta(days=1), outcome=Outcome.OFFER)]
    advice = evaluate(APP, events, STANDARD, MON + timedelta(days=2))
    with pytest.raises(InputError) as err:
        check_event(advice, thanked(MON + timedelta(days=2)), MON + timedelta(days=2))
    assert err.value.field == "event"
    check_event(advice, interview(MON + timedelta(days=9)), MON + timedelta(days=2))  # reopening


def test_check_event_refuses_future_logs_logs_before_the_round_and_a_second_thanks():
    now = MON + timedelta(hours=5)
    advice = evaluate(APP, [interview()], STANDARD, now)
    with pytest.raises(InputError, match="not in the future"):
        check_event(advice, thanked(now + timedelta(hours=1)), now)
    with pytest.raises(InputError, match="after the latest interview round"):
        check_event(advice, thanked(MON - timedelta(hours=1)), now)
    check_event(advice, thanked(now), now)
    thanked_advice = evaluate(APP, [interview(), thanked(now)], STANDARD, now)
    with pytest.raises(InputError, match="the thanks is logged"):
        check_event(thanked_advice, thanked(now), now)


# --- T1 per person, decisions, F2 knob, O1, C2 -------------------------------------------------

PRIYA = Person("Priya Natarajan", "priya@northwind.example")
SAM = Person("Sam Park", title="Head of Data")
LEE = Person("Lee Chen")


def note_to(name: str, at=MON + timedelta(hours=3)) -> Event:
    return Event(EventKind.THANKED, at, person=name)


def test_t1_one_note_per_person_met_until_all_are_logged():
    met = interview(people=(PRIYA, SAM, LEE))
    now = MON + timedelta(hours=5)
    advice = evaluate(APP, [met], STANDARD, now)
    assert advice.owed == ("Priya Natarajan", "Sam Park", "Lee Chen")
    assert "a thank-you note to each person you met" in advice.reason
    advice = evaluate(APP, [met, note_to("Sam Park")], STANDARD, now)
    assert (advice.stage, advice.action, advice.rule) == (Stage.INTERVIEWED, Action.THANK_YOU, "T1")
    assert advice.owed == ("Priya Natarajan", "Lee Chen")
    assert "notes still owed to Priya Natarajan, Lee Chen (1 of 3 sent)" in advice.reason
    assert advice.thanked_at == MON + timedelta(hours=3)
    # names match whatever the case and spacing
    done = evaluate(
        APP,
        [met, note_to("sam  park"), note_to("PRIYA NATARAJAN"), note_to("Lee Chen")],
        STANDARD,
        now,
    )
    assert (done.stage, done.action, done.owed) == (Stage.THANKED, Action.FOLLOW_UP, ())
    # `thanked` without a person thanks everyone still owed
    assert (
        evaluate(APP, [met, note_to("Sam Park"), thanked()], STANDARD, now).stage is Stage.THANKED
    )


def test_t1_after_48_hours_one_note_is_enough_and_the_rest_drop():
    met = interview(people=(PRIYA, SAM))
    events = [met, note_to("Sam Park")]
    at_limit = evaluate(APP, events, STANDARD, MON + timedelta(hours=48))
    assert (at_limit.stage, at_limit.action, at_limit.status) == (
        Stage.INTERVIEWED,
        Action.THANK_YOU,
        Status.OVERDUE,
    )
    after = evaluate(APP, events, STANDARD, MON + timedelta(hours=48, minutes=1))
    assert (after.stage, after.action, after.rule, after.owed) == (
        Stage.THANKED,
        Action.FOLLOW_UP,
        "F1",
        (),
    )


def test_t1_a_round_without_people_needs_one_note():
    advice = evaluate(APP, [interview()], STANDARD, MON + timedelta(hours=2))
    assert advice.owed == () and advice.action is Action.THANK_YOU
    assert evaluate(APP, [interview(), thanked()], STANDARD, MON + timedelta(hours=5)).stage is (
        Stage.THANKED
    )


def test_check_event_thanks_per_person():
    met = interview(people=(PRIYA, SAM))
    now = MON + timedelta(hours=5)
    advice = evaluate(APP, [met, note_to("Sam Park")], STANDARD, now)
    with pytest.raises(InputError, match="still owed a note: Priya Natarajan"):
        check_event(advice, note_to("Sam Park", now), now)
    check_event(advice, note_to("Priya Natarajan", now), now)


def test_thanks_after_the_combined_thanks_and_follow_up_is_refused_plainly():
    events = [interview(), followed(MON + timedelta(days=7))]
    now = MON + timedelta(days=8)
    advice = evaluate(APP, events, STANDARD, now)
    with pytest.raises(InputError, match="the thanks already went with your follow-up"):
        check_event(advice, thanked(now), now)


def test_a_timeline_heard_after_the_round_counts_as_if_given_with_it():
    mon = datetime(2026, 11, 16, 10, 0)
    events = [
        interview(mon),
        thanked(mon + timedelta(hours=5)),
        Event(EventKind.DECISION, mon + timedelta(days=2), decision_by=day(1, 12)),
    ]
    advice = evaluate(APP, events, STANDARD, mon + timedelta(days=3))
    assert (advice.stage, advice.action, advice.due) == (
        Stage.THANKED,
        Action.FOLLOW_UP,
        day(2, 12),
    )
    assert advice.decision_date == day(1, 12)
    window = [interview(mon), Event(EventKind.DECISION, mon + timedelta(days=1), reply_within=10)]
    advice = evaluate(APP, window, STANDARD, mon + timedelta(days=3))
    assert advice.decision_date == day(26)  # counted from the interview, not from the message


def test_debrief_events_change_nothing_in_the_schedule():
    debrief = Event(EventKind.DEBRIEF, MON + timedelta(hours=1), debrief=Debrief(point="x"))
    now = MON + timedelta(hours=30)
    plain = evaluate(APP, [interview()], STANDARD, now)
    noted = evaluate(APP, [interview(), debrief], STANDARD, now)
    assert (plain.stage, plain.action, plain.status, plain.due_at) == (
        noted.stage,
        noted.action,
        noted.status,
        noted.due_at,
    )


def test_f2_second_attempt_knob_keeps_writing():
    events = [interview(), thanked(), followed(datetime(2026, 11, 23, 10))]
    now = datetime(2026, 11, 27, 12)
    assert evaluate(APP_PHONE, events, STANDARD, now).channel is Channel.PHONE
    written = Policy(second_attempt="email")
    advice = evaluate(APP_PHONE, events, written, now)
    assert (advice.attempt, advice.channel, advice.draft) == (2, Channel.EMAIL, DraftKind.FOLLOW_UP)
    assert "settings keep the second attempt in writing" in advice.explanation[0]


def test_a_voicemail_is_named_in_the_explanation():
    call = Event(
        EventKind.FOLLOWED_UP, datetime(2026, 11, 23, 11), channel=Channel.PHONE, voicemail=True
    )
    advice = evaluate(
        APP_PHONE, [interview(), thanked(), call], STANDARD, datetime(2026, 11, 27, 12)
    )
    assert any("left a voicemail" in line for line in advice.explanation)


OFFER_APP = Application("Beta, Inc.", "Analyst", id=7, created=MON)
OTHER = Application("Acme", "Data Engineer", id=8, created=MON)


def offer_events(answer_by: date = date(2026, 12, 4)):
    return [
        interview(),
        thanked(),
        Event(
            EventKind.CLOSED, MON + timedelta(days=8), outcome=Outcome.OFFER, decision_by=answer_by
        ),
    ]


def test_o1_offer_awaiting_an_answer_and_expedite_elsewhere():
    items = [(OFFER_APP, offer_events()), (OTHER, [interview(), thanked()])]
    offer = pending_offer(items)
    assert offer is not None and offer.app.id == 7 and offer.answer_by == day(4, 12)
    now = MON + timedelta(days=9)
    own = evaluate(OFFER_APP, offer_events(), STANDARD, now, offer=offer)
    assert (own.rule, own.draft, own.decision_date, own.expedite) == (
        "O1",
        DraftKind.OFFER,
        day(4, 12),
        False,
    )
    assert "answer is due by Fri 4 Dec" in own.reason
    other = evaluate(OTHER, items[1][1], STANDARD, now, offer=offer)
    assert (other.expedite, other.expedite_by) == (True, day(4, 12))
    assert other.action is Action.FOLLOW_UP  # its own next action stays
    assert "needs your answer by Fri 4 Dec" in other.reason
    # the expedite note counts as an attempt, and is offered once
    sent = Event(EventKind.FOLLOWED_UP, now, channel=Channel.EMAIL, expedite=True)
    after = evaluate(OTHER, [*items[1][1], sent], STANDARD, now, offer=offer)
    assert (after.stage, after.attempt, after.expedite) == (Stage.FOLLOWING_UP, 2, False)
    check_event(other, sent, now)
    with pytest.raises(InputError, match="expedite"):
        check_event(after, sent, now)


def test_o1_expedite_never_beyond_the_cap():
    items = [(OFFER_APP, offer_events())]
    offer = pending_offer(items)
    three = [
        interview(),
        thanked(),
        followed(datetime(2026, 11, 23, 10)),
        followed(datetime(2026, 11, 24, 10)),
        followed(datetime(2026, 11, 25, 10)),
    ]
    advice = evaluate(OTHER, three, STANDARD, datetime(2026, 11, 26, 10), offer=offer)
    assert advice.action is Action.MOVE_ON and not advice.expedite


def test_o1_accepting_or_declining_ends_the_offer():
    accepted = [
        *offer_events(),
        Event(EventKind.CLOSED, MON + timedelta(days=10), outcome=Outcome.ACCEPTED),
    ]
    taken = pending_offer([(OFFER_APP, accepted)])
    assert taken is not None and taken.accepted and taken.answer_by is None  # no longer pending
    advice = evaluate(OFFER_APP, accepted, STANDARD, MON + timedelta(days=11))
    assert (advice.outcome, advice.draft, advice.rule) == (Outcome.ACCEPTED, DraftKind.ACCEPT, "O1")
    declined = [
        *offer_events(),
        Event(EventKind.CLOSED, MON + timedelta(days=10), outcome=Outcome.DECLINED),
    ]
    assert (
        evaluate(OFFER_APP, declined, STANDARD, MON + timedelta(days=11)).draft is DraftKind.DECLINE
    )
    # accepted and declined only answer an offer
    open_card = evaluate(OTHER, [interview(), thanked()], STANDARD, MON + timedelta(days=2))
    with pytest.raises(InputError, match="offer first"):
        check_event(
            open_card,
            Event(EventKind.CLOSED, MON + timedelta(days=2), outcome=Outcome.ACCEPTED),
            MON + timedelta(days=2),
        )
    offered = evaluate(OFFER_APP, offer_events(), STANDARD, MON + timedelta(days=9))
    check_event(
        offered,
        Event(EventKind.CLOSED, MON + timedelta(days=9), outcome=Outcome.ACCEPTED),
        MON + timedelta(days=9),
    )
    with pytest.raises(InputError, match="accepted or declined"):
        check_event(offered, thanked(MON + timedelta(days=9)), MON + timedelta(days=9))


def test_o1_the_soonest_answer_wins_and_archived_cards_do_not_count():
    later = Application("Gamma", "Analyst", id=9, created=MON)
    items = [(later, offer_events(day(10, 12))), (OFFER_APP, offer_events(day(4, 12)))]
    assert pending_offer(items).app.id == 7
    archived = Application("Beta", "Analyst", id=7, created=MON, archived=MON)
    assert pending_offer([(archived, offer_events())]) is None
    reopened = [*offer_events(), interview(MON + timedelta(days=12))]
    assert pending_offer([(OFFER_APP, reopened)]) is None


def test_c2_withdrawing_with_a_round_ahead():
    future = MON + timedelta(days=5)
    events = [interview(future), Event(EventKind.CLOSED, MON, outcome=Outcome.WITHDREW)]
    advice = evaluate(APP, events, STANDARD, MON + timedelta(hours=1))
    assert (advice.rule, advice.draft) == ("C2", DraftKind.WITHDRAWAL)
    assert "cancel" in advice.reason and "Sat 21 Nov 14:00" in advice.reason


def test_o1_once_an_offer_is_accepted_the_other_searches_end_in_a_withdrawal():
    accepted = [
        *offer_events(),
        Event(EventKind.CLOSED, MON + timedelta(days=10), outcome=Outcome.ACCEPTED),
    ]
    taken = pending_offer([(OFFER_APP, accepted)])
    now = MON + timedelta(days=11)
    round_ = Event(EventKind.INTERVIEW, MON + timedelta(days=2))
    before = replace(OTHER, created=MON)
    advice = evaluate(before, [round_], STANDARD, now, offer=taken)
    assert (advice.action, advice.draft, advice.rule, advice.status) == (
        Action.MOVE_ON,
        DraftKind.WITHDRAWAL,
        "O1",
        Status.DUE,
    )
    assert "withdraw" in advice.reason and OFFER_APP.company in advice.reason
    later = replace(OTHER, created=MON + timedelta(days=10, hours=1))  # a new search since
    assert evaluate(later, [round_], STANDARD, now, offer=taken).draft is not DraftKind.WITHDRAWAL
