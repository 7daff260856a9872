"""The drafts carry every fact RULES.md's "Drafts" table asks for, in our own words."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.seed_fingerprints import load as load_fingerprints
from tests.seed_fingerprints import shingles
from tests.seed_fingerprints import write as write_fingerprints
from tracker import drafts
from tracker.drafts import Draft, email_kind, phone_kind, render
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
    Profile,
)
from tracker.rules import PRESETS, evaluate, pending_offer

POLICY = PRESETS["standard"]

ME = Profile(name="Alex Doe", email="alex@example.com", phone="+1 555 0199")
NOBODY = Profile()
APP = Application(
    company="Acme Analytics", role="Data Analyst", contact="Sam Rivera", phone="+1 555 0100", id=1
)

# Interview ends Tue 10 Nov 2026, 11:00.
ROUND = Event(EventKind.INTERVIEW, datetime(2026, 11, 10, 11, 0))
ROUND_DATED = Event(
    EventKind.INTERVIEW, datetime(2026, 11, 10, 11, 0), decision_by=date(2026, 11, 20)
)
ROUND_WITHIN = Event(EventKind.INTERVIEW, datetime(2026, 11, 10, 11, 0), reply_within=5)
THANKED = Event(EventKind.THANKED, datetime(2026, 11, 11, 9, 0))
EMAIL_1 = Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 23, 10, 0), channel=Channel.EMAIL)
CALL_2 = Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 26, 11, 0), channel=Channel.PHONE)
EMAIL_3 = Event(EventKind.FOLLOWED_UP, datetime(2026, 12, 2, 10, 0), channel=Channel.EMAIL)

EMAIL_KINDS = [k for k in DraftKind if k is not DraftKind.PHONE]


def closed(outcome: Outcome) -> Event:
    return Event(EventKind.CLOSED, datetime(2026, 11, 20, 9, 0), outcome=outcome)


def draft(
    kind: DraftKind,
    events: list[Event],
    now: datetime,
    app: Application = APP,
    profile: Profile = ME,
) -> Draft:
    advice = evaluate(app, events, POLICY, now)
    return render(kind, app, events, advice, profile, now)


def answered(d: Draft) -> str:
    """The part of the phone script for when they pick up."""
    head, sep, _ = d.body.partition("If you reach voicemail")
    assert sep
    return head


def voicemail(d: Draft) -> str:
    _, sep, tail = d.body.partition("If you reach voicemail")
    assert sep
    return tail


def signature_ok(d: Draft) -> None:
    tail = d.body.splitlines()[-3:]
    assert tail == ["Alex Doe", "+1 555 0199", "alex@example.com"]
    assert d.missing == ()
    assert "[profile]" not in d.hint
    assert "[" not in d.text  # no brackets left when the facts are known


# --- the Draft value ------------------------------------------------------------------------


def test_text_and_title():
    for kind in DraftKind:
        d = draft(kind, [ROUND, THANKED], datetime(2026, 11, 20, 12))
        assert d.kind is kind
        if kind is DraftKind.PHONE:
            assert d.subject == ""
            assert d.text == d.body
        else:
            assert d.subject
            assert d.text == f"Subject: {d.subject}\n\n{d.body}"
    titles = {kind: Draft(kind, "", "", (), "").title for kind in DraftKind}
    assert titles == {
        DraftKind.THANK_YOU: "Thank-you email",
        DraftKind.FOLLOW_UP: "Follow-up email",
        DraftKind.THANKS_FOLLOW_UP: "Thanks + follow-up email",
        DraftKind.PHONE: "Phone script",
        DraftKind.FINAL: "Final follow-up email",
        DraftKind.WITHDRAWAL: "Withdrawal email",
        DraftKind.REJECTION: "Rejection reply",
        DraftKind.OFFER: "Offer reply",
        DraftKind.ACCEPT: "Acceptance email",
        DraftKind.DECLINE: "Decline email",
        DraftKind.EXPEDITE: "Expedite note",
    }


def test_every_email_subject_names_the_role_and_body_the_company():
    for kind in EMAIL_KINDS:
        d = draft(kind, [ROUND, THANKED], datetime(2026, 11, 20, 12))
        assert "Data Analyst" in d.subject, kind
        assert "the Data Analyst role at Acme Analytics" in d.body, kind
        assert d.body.startswith("Dear Sam,\n"), kind  # the first name, no note above it


# --- thank-you ------------------------------------------------------------------------------


def test_thank_you_email_carries_its_facts():
    now = datetime(2026, 11, 10, 15, 0)
    advice = evaluate(APP, [ROUND], POLICY, now)
    assert advice.draft is DraftKind.THANK_YOU
    d = render(DraftKind.THANK_YOU, APP, [ROUND], advice, ME, now)
    assert d.subject == "Thank you: Data Analyst interview"
    assert "Thank you for meeting with me today" in d.body  # thanks for their time
    assert "the Data Analyst role at Acme Analytics" in d.body  # the role
    assert "keen to join the team at Acme Analytics" in d.body  # enthusiasm
    assert "decision" not in d.body.lower()  # T1: never asks whether you got the job
    assert "tracker debrief 1" in d.advice  # no debrief yet: the panel says how to add one
    signature_ok(d)


def test_thank_you_names_the_day_in_words():
    yesterday = draft(DraftKind.THANK_YOU, [ROUND], datetime(2026, 11, 11, 9, 0))
    assert "meeting with me yesterday" in yesterday.body
    later = draft(DraftKind.THANK_YOU, [ROUND], datetime(2026, 11, 12, 10, 0))
    assert "meeting with me on Tuesday, November 10" in later.body
    assert "Tue 10 Nov" not in later.text


PRIYA = Person("Priya Natarajan", "priya@northwind.example", "Head of Data")
SAM_PARK = Person("Sam Park")
PANEL = Event(EventKind.INTERVIEW, datetime(2026, 11, 16, 10, 0), people=(PRIYA, SAM_PARK))
DEBRIEF = Event(
    EventKind.DEBRIEF,
    datetime(2026, 11, 16, 11, 0),
    debrief=Debrief(
        topics=(("Priya", "the nightly data loads"), ("Sam Park", "how on-call works")),
        point="I cut a warehouse bill by a third last year",
        fit="I have built the same kind of pipelines for four years",
    ),
)


def test_one_thank_you_per_person_with_their_topic_the_fit_and_the_point():
    now = datetime(2026, 11, 16, 15, 0)
    events = [PANEL, DEBRIEF]
    advice = evaluate(APP, events, POLICY, now)
    first = render(DraftKind.THANK_YOU, APP, events, advice, ME, now)
    assert first.body.startswith("Dear Priya,\n")
    assert (first.to, first.recipient) == ("priya@northwind.example", "Priya Natarajan")
    assert "our conversation about the nightly data loads." in first.body
    assert "I have built the same kind of pipelines for four years." in first.body
    assert "One thing I did not get to mention: I cut a warehouse bill by a third last year." in (
        first.body
    )
    assert "Still owed a note after this one: Sam Park" in first.advice
    assert "[" not in first.text
    second = render(DraftKind.THANK_YOU, APP, events, advice, ME, now, to="sam")
    assert second.body.startswith("Dear Sam,\n")
    assert "how on-call works" in second.body and "nightly" not in second.body
    assert second.to == ""  # no address on file for Sam
    full = render(
        DraftKind.THANK_YOU, APP, events, advice, Profile(salutation="full"), now, to="Sam Park"
    )
    assert full.body.startswith("Dear Sam Park,\n")
    # after Priya's note is logged, the default note is Sam's
    logged = [*events, Event(EventKind.THANKED, now, person="Priya Natarajan")]
    after = draft(DraftKind.THANK_YOU, logged, now + timedelta(hours=1))
    assert after.recipient == "Sam Park"
    with pytest.raises(InputError, match="to: expected one of the people met"):
        render(DraftKind.THANK_YOU, APP, events, advice, ME, now, to="Lee")


def test_a_company_name_ending_in_a_full_stop_is_not_doubled():
    beta = Application("Beta, Inc.", "Analyst", contact="Ann Lee", email="ann@beta.example")
    for kind in DraftKind:
        d = draft(kind, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=beta)
        assert ".." not in d.text, kind
        assert "Beta, Inc." in d.text, kind


# --- follow-up ------------------------------------------------------------------------------


def test_follow_up_email_carries_its_facts():
    now = datetime(2026, 11, 23, 12)
    events = [ROUND_DATED, THANKED]
    advice = evaluate(APP, events, POLICY, now)
    assert advice.draft is DraftKind.FOLLOW_UP
    d = render(DraftKind.FOLLOW_UP, APP, events, advice, ME, now)
    assert d.subject == "Checking in: Data Analyst role"
    assert d.body.startswith("Dear Sam,")
    assert d.advice.startswith("Send this as a reply in your email thread with Sam Rivera")
    assert "Thank you again for meeting with me on Tuesday, November 10" in d.body
    assert "the Data Analyst role at Acme Analytics" in d.body  # role
    assert "decide by Friday, November 20" in d.body  # the decision date they gave
    assert "still very interested in the role" in d.body  # renewed interest
    assert "where things stand, and whether further interview rounds are planned?" in d.body
    assert "happy to send references, work samples or anything else" in d.body  # offer
    signature_ok(d)


def test_follow_up_without_a_decision_date_names_none():
    d = draft(DraftKind.FOLLOW_UP, [ROUND, THANKED], datetime(2026, 11, 20, 12))
    assert "decide by" not in d.body
    assert "I'm writing to ask how the process is going." in d.body


def test_follow_up_quotes_a_reply_window_as_given():
    d = draft(DraftKind.FOLLOW_UP, [ROUND_WITHIN, THANKED], datetime(2026, 11, 16, 12))
    assert "You said you would be in touch within five days" in d.body
    assert "Sunday" not in d.body


def test_a_timeline_heard_later_is_cited():
    heard = Event(EventKind.DECISION, datetime(2026, 11, 12, 9), decision_by=date(2026, 11, 27))
    d = draft(DraftKind.FOLLOW_UP, [ROUND, THANKED, heard], datetime(2026, 11, 30, 12))
    assert "decide by Friday, November 27" in d.body


def test_follow_up_after_a_reply_uses_its_date():
    no_phone = Application("Acme Analytics", "Data Analyst", contact="Sam Rivera")
    events = [ROUND_DATED, THANKED, EMAIL_1]
    reply = Event(EventKind.REPLIED, datetime(2026, 11, 24, 9, 0), decision_by=date(2026, 12, 4))
    d = draft(DraftKind.FOLLOW_UP, [*events, reply], datetime(2026, 12, 7, 12), app=no_phone)
    assert "Thank you for your message on Tuesday, November 24" in d.body
    assert "decide by Friday, December 4" in d.body
    assert "November 20" not in d.body


def _sentences(d: Draft) -> set[str]:
    """The sentences of a draft's message: greeting and signature are not sentences."""
    lines = d.body.splitlines()[1:-4]
    text = " ".join(line for line in lines if line)
    return {s.strip() for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()}


def test_each_follow_up_builds_on_the_last_and_repeats_none_of_its_sentences():
    no_phone = Application("Acme Analytics", "Data Analyst", contact="Sam Rivera", id=1)
    first = draft(DraftKind.FOLLOW_UP, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=no_phone)
    events = [ROUND, THANKED, EMAIL_1]
    advice = evaluate(no_phone, events, POLICY, datetime(2026, 11, 26, 12))
    assert (advice.attempt, advice.draft) == (2, DraftKind.FOLLOW_UP)
    second = draft(DraftKind.FOLLOW_UP, events, datetime(2026, 11, 26, 12), app=no_phone)
    assert "I wrote on Monday, November 23" in second.body
    assert not _sentences(first) & _sentences(second)
    third_events = [
        *events,
        Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 26, 10), channel=Channel.EMAIL),
    ]
    third = draft(DraftKind.FINAL, third_events, datetime(2026, 12, 1, 12), app=no_phone)
    assert "I wrote on Thursday, November 26" in third.body
    assert not _sentences(second) & _sentences(third)
    # with the thanks folded into attempt 1, too
    folded = draft(DraftKind.THANKS_FOLLOW_UP, [ROUND], datetime(2026, 11, 20, 12), app=no_phone)
    assert not _sentences(folded) & _sentences(second)


def test_a_voicemail_is_named_in_the_next_draft_and_script():
    left = Event(
        EventKind.FOLLOWED_UP, datetime(2026, 11, 26, 11), channel=Channel.PHONE, voicemail=True
    )
    events = [ROUND, THANKED, EMAIL_1, left]
    final = draft(DraftKind.FINAL, events, datetime(2026, 12, 2, 9))
    assert "I called on Thursday, November 26 and left you a voicemail." in final.body
    script = draft(DraftKind.PHONE, events, datetime(2026, 12, 2, 9))
    assert "left you a voicemail, so I'm trying you again." in answered(script)
    assert "left you a voicemail" in voicemail(script)


def test_interview_date_is_the_latest_round_not_the_last_logged():
    second = Event(EventKind.INTERVIEW, datetime(2026, 11, 17, 14, 0))
    events = [second, ROUND, Event(EventKind.THANKED, datetime(2026, 11, 17, 18, 0))]
    d = draft(DraftKind.FOLLOW_UP, events, datetime(2026, 11, 25, 12))
    assert "meeting with me on Tuesday, November 17" in d.body
    assert "November 10" not in d.body


def test_a_title_ending_in_role_is_not_doubled():
    app = Application("Acme Analytics", "Product Owner position", contact="Sam")
    for kind in DraftKind:
        d = draft(kind, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=app)
        assert "position role" not in d.text, kind
        assert "the Product Owner position at Acme Analytics" in d.body, kind


def test_reply_advice_without_a_contact_and_a_plain_greeting():
    anon = Application("Acme Analytics", "Data Analyst")
    d = draft(DraftKind.FOLLOW_UP, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=anon)
    assert d.body.startswith("Hello,\n")
    assert d.advice.startswith("Send this as a reply in your email thread that set up")
    assert d.missing == ()


def test_reply_advice_when_the_interview_was_arranged_by_phone():
    by_phone = Application("Acme Analytics", "Data Analyst", contact="Sam", via=Channel.PHONE)
    d = draft(DraftKind.FINAL, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=by_phone)
    assert d.advice.startswith("If you already have an email thread with Sam, send this as")
    assert "thread" not in d.text


def test_a_final_email_with_no_address_on_file_points_to_the_phone():
    d = draft(DraftKind.FINAL, [ROUND, THANKED, EMAIL_1, CALL_2], datetime(2026, 12, 2, 9))
    assert "no email address on file for Sam Rivera" in d.advice
    assert "call +1 555 0100" in d.advice
    assert "email address" not in d.text
    with_mail = replace(APP, email="sam@acme.example")
    d = draft(
        DraftKind.FINAL, [ROUND, THANKED, EMAIL_1, CALL_2], datetime(2026, 12, 2, 9), app=with_mail
    )
    assert "no email address" not in d.advice and d.to == "sam@acme.example"


# --- thanks + follow-up ---------------------------------------------------------------------


def test_thanks_follow_up_carries_the_missed_thanks_and_the_follow_up():
    now = datetime(2026, 11, 17, 12)
    events = [ROUND_DATED]
    advice = evaluate(APP, events, POLICY, now)
    assert advice.folds_thanks and advice.draft is DraftKind.THANKS_FOLLOW_UP
    d = render(DraftKind.THANKS_FOLLOW_UP, APP, events, advice, ME, now)
    assert "Data Analyst" in d.subject and d.subject.startswith("Thank you")
    assert d.advice.startswith("Send this as a reply in your email thread")
    # the thanks that was never sent
    assert "Thank you for your time on Tuesday, November 10" in d.body
    assert "later than I meant it to" in d.body
    # the follow-up
    assert "the Data Analyst role at Acme Analytics" in d.body
    assert "decide by Friday, November 20" in d.body
    assert "still very interested in the role" in d.body
    assert "whether further interview rounds are planned?" in d.body
    assert "happy to send references" in d.body
    signature_ok(d)


# --- phone ----------------------------------------------------------------------------------


def test_phone_script_carries_its_facts():
    now = datetime(2026, 11, 27, 12)
    events = [ROUND, THANKED, EMAIL_1]
    advice = evaluate(APP, events, POLICY, now)
    assert advice.draft is DraftKind.PHONE and advice.attempt == 2
    d = render(DraftKind.PHONE, APP, events, advice, ME, now)
    assert d.subject == ""
    assert "late morning or early afternoon" in d.advice  # best time to call
    assert "Call Sam Rivera on +1 555 0100" in d.advice
    body = answered(d)
    assert "this is Alex Doe" in body  # who you are
    assert "I interviewed for the Data Analyst role at Acme Analytics on Tuesday, November 10" in (
        body
    )
    assert "I wrote on Monday, November 23" in body  # the email and when
    assert "still very interested in the role" in body  # renewed interest
    assert "where things stand, or when you expect to decide?" in body  # the ask
    vm = voicemail(d)
    assert "Alex Doe" in vm and "Data Analyst" in vm and "Tuesday, November 10" in vm
    assert "I wrote on Monday, November 23" in vm
    assert "update" in vm
    assert vm.rstrip().endswith("+1 555 0199.")  # voicemail ends with your number
    assert "[" not in d.text
    assert d.missing == ()


def test_phone_script_before_the_thank_you_is_a_short_thank_you_call():
    now = datetime(2026, 11, 10, 15)
    d = draft(DraftKind.PHONE, [ROUND], now)
    assert "I wanted to thank you and the team" in answered(d)
    assert "where things stand" not in d.body
    assert "Thank you for the interview today" in voicemail(d)


def test_phone_script_names_the_thank_you_when_no_follow_up_went():
    phoned = Application("Acme Analytics", "Data Analyst", phone="555 0100", via=Channel.PHONE)
    events = [ROUND, THANKED]
    now = datetime(2026, 11, 18, 12)
    assert evaluate(phoned, events, POLICY, now).draft is DraftKind.PHONE
    d = draft(DraftKind.PHONE, events, now, app=phoned)
    assert "I sent a thank-you note on Wednesday, November 11" in answered(d)
    assert "May I speak with whoever is handling the hiring for the Data Analyst role?" in d.body


def test_phone_script_ignores_earlier_rounds():
    old_thanks = Event(EventKind.THANKED, datetime(2026, 11, 3, 9, 0))
    old_round = Event(EventKind.INTERVIEW, datetime(2026, 11, 2, 10, 0))
    d = draft(DraftKind.PHONE, [old_round, old_thanks, ROUND], datetime(2026, 11, 27, 12))
    assert "haven't written since the interview" in answered(d)
    assert "November 3" not in d.body


def test_phone_script_without_numbers():
    anon = Application("Acme Analytics", "Data Analyst")
    now = datetime(2026, 11, 20, 12)
    d = draft(DraftKind.PHONE, [ROUND, THANKED], now, app=anon, profile=NOBODY)
    assert "no number is saved" in d.advice
    assert d.body.splitlines()[-1].endswith("[your phone].")
    assert "this is [your name]" in d.body
    assert d.missing == ("your name", "your phone")
    assert "Add name and phone under [profile]" in d.hint


# --- final, withdrawal, rejection, offers -------------------------------------------------------


def test_final_follow_up_carries_its_facts():
    now = datetime(2026, 12, 2, 9)
    events = [ROUND, THANKED, EMAIL_1, CALL_2]
    advice = evaluate(APP, events, POLICY, now)
    assert advice.draft is DraftKind.FINAL
    d = render(DraftKind.FINAL, APP, events, advice, ME, now)
    assert "Data Analyst" in d.subject
    assert "I called on Thursday, November 26." in d.body  # the previous attempt
    assert "my last note about the Data Analyst role at Acme Analytics" in d.body
    assert "still appeals to me" in d.body  # interest
    assert "considered for future openings" in d.body  # the door stays open
    assert len(d.body.split()) < 120  # brief
    signature_ok(d)


def test_withdrawal_carries_its_facts():
    events = [ROUND, THANKED, closed(Outcome.WITHDREW)]
    now = datetime(2026, 11, 20, 10)
    advice = evaluate(APP, events, POLICY, now)
    assert advice.draft is DraftKind.WITHDRAWAL
    d = render(DraftKind.WITHDRAWAL, APP, events, advice, ME, now)
    assert "Data Analyst" in d.subject and "Withdrawing" in d.subject
    assert "Thank you for your time and for considering me" in d.body  # thanks
    assert "I'm withdrawing my application" in d.body  # withdrawing
    assert "one sentence on why" in d.advice  # the optional reason, as advice
    assert "I wish you every success" in d.body  # goodwill
    signature_ok(d)


def test_rejection_reply_carries_its_facts():
    events = [ROUND, THANKED, closed(Outcome.REJECTED)]
    now = datetime(2026, 11, 20, 10)
    advice = evaluate(APP, events, POLICY, now)
    assert advice.draft is DraftKind.REJECTION
    d = render(DraftKind.REJECTION, APP, events, advice, ME, now)
    assert "Data Analyst" in d.subject
    assert "Thank you for letting me know your decision" in d.body  # thanks for the decision
    assert "for the chance to interview" in d.body  # and the chance
    assert "grateful for any feedback" in d.body  # asks for feedback
    assert "considered for future roles" in d.body  # future roles
    signature_ok(d)


BETA = Application("Beta, Inc.", "Analyst", contact="Ann Lee", email="ann@beta.example", id=2)
ACME = Application(
    "Acme Analytics", "Data Analyst", contact="Sam Rivera", email="s@acme.example", id=3
)
OFFERED = Event(
    EventKind.CLOSED,
    datetime(2026, 11, 20, 16),
    outcome=Outcome.OFFER,
    decision_by=date(2026, 11, 27),
)


def test_offer_then_expedite_then_accept_then_withdrawals():
    now = datetime(2026, 11, 23, 9)
    beta_events = [ROUND, THANKED, OFFERED]
    acme_events = [ROUND, THANKED]
    items = [(BETA, beta_events), (ACME, acme_events)]
    offer = pending_offer(items)
    # the offer reply: thanks, terms in writing, the answer-by date
    advice = evaluate(BETA, beta_events, POLICY, now, offer=offer)
    reply = render(advice.draft, BETA, beta_events, advice, ME, now)
    assert reply.kind is DraftKind.OFFER
    assert "Thank you very much for offering me the Analyst role at Beta, Inc." in reply.body
    assert "terms in writing" in reply.body
    assert "my answer by Friday, November 27" in reply.body
    signature_ok(reply)
    # every other open application may ask to hurry
    other = evaluate(ACME, acme_events, POLICY, now, offer=offer)
    assert other.expedite and other.expedite_by == date(2026, 11, 27)
    note = render(DraftKind.EXPEDITE, ACME, acme_events, other, ME, now)
    assert "I have received an offer from another company and need to answer by Friday, " in (
        note.body
    )
    assert "remains my preference" in note.body
    assert "share your timeline" in note.body
    assert "Beta" not in note.text  # the other company is not named
    signature_ok(note)
    # accept: confirm and ask for the next step; then a withdrawal for the others
    accepted = [*beta_events, Event(EventKind.CLOSED, now, outcome=Outcome.ACCEPTED)]
    advice = evaluate(BETA, accepted, POLICY, now)
    yes = render(advice.draft, BETA, accepted, advice, ME, now)
    assert yes.kind is DraftKind.ACCEPT
    assert "pleased to accept your offer for the Analyst role at Beta, Inc." in yes.body
    assert "next steps" in yes.body
    assert "withdraw" in yes.advice
    taken = pending_offer([(BETA, accepted), (ACME, acme_events)])
    assert taken is not None and taken.accepted  # the others are to be withdrawn
    bye = draft(DraftKind.WITHDRAWAL, acme_events, now, app=ACME)
    assert "I'm withdrawing my application" in bye.body
    signature_ok(bye)


def test_decline_is_gracious():
    events = [
        ROUND,
        THANKED,
        OFFERED,
        Event(EventKind.CLOSED, datetime(2026, 11, 24), outcome=Outcome.DECLINED),
    ]
    advice = evaluate(BETA, events, POLICY, datetime(2026, 11, 24, 12))
    d = render(advice.draft, BETA, events, advice, ME, datetime(2026, 11, 24, 12))
    assert d.kind is DraftKind.DECLINE
    assert "decided to decline the offer" in d.body and "Thank you for offering me" in d.body
    assert "paths cross again" in d.body
    signature_ok(d)


def test_offer_without_an_answer_date_asks_for_one():
    events = [
        ROUND,
        THANKED,
        Event(EventKind.CLOSED, datetime(2026, 11, 20), outcome=Outcome.OFFER),
    ]
    d = draft(DraftKind.OFFER, events, datetime(2026, 11, 21))
    assert "by when you would like my answer?" in d.body


def test_c2_withdrawal_asks_to_cancel_the_round_naming_its_date():
    now = datetime(2026, 11, 20, 10)
    ahead = Event(EventKind.INTERVIEW, datetime(2026, 11, 23, 14, 30))
    events = [ahead, Event(EventKind.CLOSED, now, outcome=Outcome.WITHDREW)]
    d = draft(DraftKind.WITHDRAWAL, events, now)
    assert "cancel the interview we had arranged for Monday, November 23 at 2:30 pm?" in d.body
    assert "enjoyed meeting you" not in d.body
    after = draft(DraftKind.WITHDRAWAL, events, now + timedelta(days=4))
    assert "enjoyed meeting you" in after.body


def test_expedite_before_the_interview_asks_to_meet_sooner():
    now = datetime(2026, 11, 20, 10)
    ahead = Event(EventKind.INTERVIEW, datetime(2026, 11, 24, 9, 0))
    offer = pending_offer([(BETA, [ROUND, THANKED, OFFERED])])
    advice = evaluate(ACME, [ahead], POLICY, now, offer=offer)
    d = render(DraftKind.EXPEDITE, ACME, [ahead], advice, ME, now)
    assert (
        "our interview for the Data Analyst role at Acme Analytics on Tuesday, November 24"
        in d.body
    )
    assert "meet sooner" in d.body


# --- placeholders ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_empty_profile_shows_placeholders_and_says_how_to_fill_them(kind):
    d = draft(kind, [ROUND, THANKED], datetime(2026, 11, 20, 12), profile=NOBODY)
    assert d.body.splitlines()[-3:] == ["[your name]", "[your phone]", "[your email]"]
    assert d.missing == ("your name", "your phone", "your email")
    assert d.hint.endswith(
        "Add name, email and phone under [profile] in your settings file "
        "(run `tracker config` to create it and see where it is)."
    )
    assert "[profile]" not in d.advice


def test_partial_profile_lists_only_what_is_missing():
    d = draft(
        DraftKind.FOLLOW_UP,
        [ROUND, THANKED],
        datetime(2026, 11, 20, 12),
        profile=Profile(name="Alex Doe", email="  "),
    )
    assert d.body.splitlines()[-3:] == ["Alex Doe", "[your phone]", "[your email]"]
    assert d.missing == ("your phone", "your email")
    assert "Add email and phone under [profile]" in d.hint


def test_user_text_that_looks_like_a_placeholder_is_not_reported_missing():
    tricky = Application("[your name]", "[your phone]", contact="[your email]")
    d = draft(DraftKind.FOLLOW_UP, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=tricky)
    assert d.missing == () and "[profile]" not in d.hint
    assert "[your phone]" in d.subject


# --- safety ---------------------------------------------------------------------------------

HOSTILE_COMPANY = "{role} $x %s [bold]Acme[/] {0.__class__}"
HOSTILE_ROLE = "{company} %(role)s $role ${x} [/] {}"
HOSTILE_CONTACT = "[red]Sam{0}[/red] %d $who"
HOSTILE_NAME = "{name} %s [b]Alex[/b]"


@pytest.mark.parametrize("kind", list(DraftKind))
def test_hostile_user_text_renders_literally(kind):
    app = Application(
        HOSTILE_COMPANY, HOSTILE_ROLE, contact=HOSTILE_CONTACT, phone="555 0100", notes="{0} %s"
    )
    events = [
        Event(EventKind.INTERVIEW, datetime(2026, 11, 10, 11), note="{role} $x %s [bold]"),
        Event(EventKind.THANKED, datetime(2026, 11, 11, 9), note="[/]"),
    ]
    profile = Profile(name=HOSTILE_NAME, email="a@b.co", phone="{phone}")
    d = draft(kind, events, datetime(2026, 11, 20, 12), app=app, profile=profile)
    assert HOSTILE_ROLE in d.text
    assert HOSTILE_NAME in d.text
    if kind is not DraftKind.PHONE:
        assert HOSTILE_ROLE in d.subject
        assert HOSTILE_COMPANY in d.body
        assert f"Dear {Person(HOSTILE_CONTACT).first_name}," in d.body
    assert "<class" not in d.text
    assert d.missing == ()


# --- which draft the keys copy --------------------------------------------------------------


def kinds(events: list[Event], now: datetime, app: Application = APP):
    advice = evaluate(app, events, POLICY, now)
    return advice.action, email_kind(advice), phone_kind(advice)


def test_key_mapping_for_every_stage():
    phone = DraftKind.PHONE
    # P1: before the interview: nothing to send, a call is still on offer on an open card
    assert kinds([ROUND], datetime(2026, 11, 9, 12)) == (Action.PREPARE, None, phone)
    # T1
    assert kinds([ROUND], datetime(2026, 11, 10, 15)) == (
        Action.THANK_YOU,
        DraftKind.THANK_YOU,
        phone,
    )
    # T2: thanks folded into the first follow-up
    assert kinds([ROUND], datetime(2026, 11, 13, 12)) == (
        Action.FOLLOW_UP,
        DraftKind.THANKS_FOLLOW_UP,
        phone,
    )
    # T2 where the interview was arranged by phone: the email still folds the thanks
    by_phone = Application("Acme", "Data Analyst", phone="555 0100", via=Channel.PHONE)
    advice = evaluate(by_phone, [ROUND], POLICY, datetime(2026, 11, 13, 12))
    assert advice.draft is DraftKind.PHONE and advice.folds_thanks
    assert email_kind(advice) is DraftKind.THANKS_FOLLOW_UP
    # F1
    assert kinds([ROUND, THANKED], datetime(2026, 11, 20, 12)) == (
        Action.FOLLOW_UP,
        DraftKind.FOLLOW_UP,
        phone,
    )
    # F2 attempt 2 is a call: the email key falls back to a follow-up email
    advice = evaluate(APP, [ROUND, THANKED, EMAIL_1], POLICY, datetime(2026, 11, 27, 12))
    assert advice.draft is DraftKind.PHONE
    assert email_kind(advice) is DraftKind.FOLLOW_UP
    assert phone_kind(advice) is phone
    # F2 attempt 3: the final email
    assert kinds([ROUND, THANKED, EMAIL_1, CALL_2], datetime(2026, 12, 2, 9)) == (
        Action.FOLLOW_UP,
        DraftKind.FINAL,
        phone,
    )
    # M1: nothing more to send
    assert kinds([ROUND, THANKED, EMAIL_1, CALL_2, EMAIL_3], datetime(2026, 12, 8, 12)) == (
        Action.MOVE_ON,
        None,
        phone,
    )
    # C1
    after = datetime(2026, 11, 21, 12)
    base = [ROUND, THANKED]
    assert kinds([*base, closed(Outcome.REJECTED)], after) == (None, DraftKind.REJECTION, None)
    assert kinds([*base, closed(Outcome.WITHDREW)], after) == (None, DraftKind.WITHDRAWAL, None)
    assert kinds([*base, closed(Outcome.OFFER)], after) == (None, DraftKind.OFFER, None)
    assert kinds([*base, closed(Outcome.NO_RESPONSE)], after) == (None, None, None)


# --- our own words --------------------------------------------------------------------------


def _every_draft():
    apps = [
        APP,
        Application("Acme Analytics", "Data Analyst"),
        Application("X", "Y", via=Channel.PHONE),
    ]
    timelines = [
        ([ROUND], datetime(2026, 11, 10, 15)),
        ([ROUND_DATED], datetime(2026, 11, 23, 12)),
        ([ROUND_WITHIN, THANKED], datetime(2026, 11, 18, 12)),
        ([ROUND, THANKED, EMAIL_1], datetime(2026, 11, 27, 12)),
        ([ROUND, THANKED, EMAIL_1, CALL_2], datetime(2026, 12, 2, 9)),
        ([PANEL, DEBRIEF], datetime(2026, 11, 16, 15)),
        ([ROUND, THANKED, OFFERED], datetime(2026, 11, 21, 9)),
        (
            [Event(EventKind.INTERVIEW, datetime(2026, 11, 30, 9)), closed(Outcome.WITHDREW)],
            datetime(2026, 11, 21, 9),
        ),
    ]
    offer = pending_offer([(BETA, [ROUND, THANKED, OFFERED])])
    for app in apps:
        for events, now in timelines:
            advice = evaluate(app, events, POLICY, now, offer=offer)
            for profile in (ME, NOBODY):
                for kind in DraftKind:
                    yield render(kind, app, events, advice, profile, now)


def test_no_eight_word_run_of_any_seed_article_appears_in_a_draft():
    seeds = load_fingerprints()
    assert len(seeds) > 3000  # every 8-word run of the five articles
    checked = 0
    for d in _every_draft():
        copied = shingles(d.text + "\n" + d.hint).keys() & seeds
        assert not copied, (d.kind, [shingles(d.text + "\n" + d.hint)[h] for h in copied])
        checked += 1
    assert checked >= len(DraftKind) * 8


def test_the_fingerprint_check_would_catch_a_copied_run(tmp_path: Path):
    made_up = "Purple otters negotiate salaries with extraordinary patience every single Tuesday."
    path = tmp_path / "shingles.txt"
    assert write_fingerprints([made_up], path) == 3  # 10 words: three runs of eight
    caught = shingles("Note: purple otters negotiate salaries with extraordinary patience every")
    assert caught.keys() & load_fingerprints(path)
    assert not shingles(
        "Purple otters negotiate wages with extraordinary patience each Tuesday."
    ).keys() & load_fingerprints(path)


# --- purity ---------------------------------------------------------------------------------


def test_rendering_is_a_pure_function_of_its_inputs():
    source = Path(drafts.__file__).read_text(encoding="utf-8")
    assert ".now(" not in source and "today(" not in source and "time.time" not in source
    assert "textual" not in source and "import rich" not in source and "from rich" not in source
    assert ".format(" not in source and "Template" not in source
    a = draft(DraftKind.PHONE, [ROUND, THANKED, EMAIL_1], datetime(2026, 11, 27, 12))
    b = draft(DraftKind.PHONE, [ROUND, THANKED, EMAIL_1], datetime(2026, 11, 27, 12))
    assert a == b


def test_the_final_email_after_calls_alone_does_not_claim_a_full_inbox():
    calls = [
        Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 18, 11, 0), channel=Channel.PHONE),
        Event(
            EventKind.FOLLOWED_UP,
            datetime(2026, 11, 23, 11, 0),
            channel=Channel.PHONE,
            voicemail=True,
        ),
    ]
    last = draft(DraftKind.FINAL, [ROUND, THANKED, *calls], datetime(2026, 11, 26, 10, 0))
    assert "crowd your inbox" not in last.body and "keep calling" in last.body
    mixed = [calls[0], replace(calls[1], channel=Channel.EMAIL, voicemail=False)]
    last = draft(DraftKind.FINAL, [ROUND, THANKED, *mixed], datetime(2026, 11, 26, 10, 0))
    assert "crowd your inbox" in last.body


def test_the_advice_beside_a_draft_names_keys_on_the_board_and_options_on_the_cli():
    from tracker.model import Person

    met = replace(ROUND, people=(Person("Priya Natarajan"), Person("Sam Park")))
    now = datetime(2026, 11, 10, 15, 0)
    advice = evaluate(APP, [met], POLICY, now)
    cli = render(DraftKind.THANK_YOU, APP, [met], advice, ME, now)
    board = render(DraftKind.THANK_YOU, APP, [met], advice, ME, now, on_board=True)
    assert "(`--to NAME` picks who)" in cli.hint and "tracker debrief" in cli.hint
    assert "(C picks who)" in board.hint and "tracker debrief" not in board.hint
    assert board.text == cli.text  # only the advice differs, never the draft
