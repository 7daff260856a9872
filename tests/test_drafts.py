"""The drafts carry every fact RULES.md's "Drafts" table asks for, in our own words."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tracker import drafts
from tracker.drafts import Draft, email_kind, phone_kind, render
from tracker.model import (
    Action,
    Application,
    Channel,
    DraftKind,
    Event,
    EventKind,
    Outcome,
    Profile,
)
from tracker.rules import PRESETS, evaluate

POLICY = PRESETS["standard"]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

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
    assert d.hint == ""


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
    }


def test_every_email_subject_names_the_role_and_body_the_company():
    for kind in EMAIL_KINDS:
        d = draft(kind, [ROUND, THANKED], datetime(2026, 11, 20, 12))
        assert "Data Analyst" in d.subject, kind
        assert "the Data Analyst role at Acme Analytics" in d.body, kind
        assert d.body.startswith(("Dear Sam Rivera,", "[Note:")), kind
        assert "\nDear Sam Rivera,\n" in "\n" + d.body, kind


# --- thank-you ------------------------------------------------------------------------------


def test_thank_you_email_carries_its_facts():
    now = datetime(2026, 11, 10, 15, 0)
    advice = evaluate(APP, [ROUND], POLICY, now)
    assert advice.draft is DraftKind.THANK_YOU
    d = render(DraftKind.THANK_YOU, APP, [ROUND], advice, ME, now)
    assert d.subject == "Thank you: Data Analyst interview"
    assert "Thank you for your time today" in d.body  # thanks for their time
    assert "the Data Analyst role at Acme Analytics" in d.body  # the role
    assert "enthusiastic about the role" in d.body  # enthusiasm
    assert "[One thing I didn't get to mention: …" in d.body  # room for one extra point
    assert "decision" not in d.body.lower()  # T1: never asks whether you got the job
    signature_ok(d)


def test_thank_you_names_the_day_relative_to_now():
    yesterday = draft(DraftKind.THANK_YOU, [ROUND], datetime(2026, 11, 11, 9, 0))
    assert "your time yesterday" in yesterday.body
    later = draft(DraftKind.THANK_YOU, [ROUND], datetime(2026, 11, 12, 10, 0))
    assert "your time on Tue 10 Nov" in later.body


# --- follow-up ------------------------------------------------------------------------------


def test_follow_up_email_carries_its_facts():
    now = datetime(2026, 11, 23, 12)
    events = [ROUND_DATED, THANKED]
    advice = evaluate(APP, events, POLICY, now)
    assert advice.draft is DraftKind.FOLLOW_UP
    d = render(DraftKind.FOLLOW_UP, APP, events, advice, ME, now)
    assert d.subject == "Next steps for the Data Analyst role"
    first = d.body.splitlines()[0]
    assert first.startswith(
        "[Note: send this as a reply in your existing email thread with Sam Rivera"
    )
    assert first.endswith("]")
    assert "Thank you again for meeting with me on Tue 10 Nov" in d.body  # thanks, date
    assert "the Data Analyst role at Acme Analytics" in d.body  # role
    assert "news by Fri 20 Nov" in d.body  # the decision date they gave
    assert "still very interested in the role" in d.body  # renewed interest
    assert "where things stand, or when you expect to reach a decision?" in d.body  # the ask
    assert "happy to send references, work samples or anything else" in d.body  # offer
    signature_ok(d)


def test_follow_up_without_a_decision_date_names_none():
    d = draft(DraftKind.FOLLOW_UP, [ROUND, THANKED], datetime(2026, 11, 20, 12))
    assert "news by" not in d.body
    assert "Fri 20 Nov" not in d.body
    assert "I wanted to check in on how the process is going." in d.body


def test_follow_up_decision_from_a_reply_window():
    # reply within 5 days of Tue 10 Nov: Sun 15 Nov
    d = draft(DraftKind.FOLLOW_UP, [ROUND_WITHIN, THANKED], datetime(2026, 11, 16, 12))
    assert "news by Sun 15 Nov" in d.body


def test_later_follow_up_keeps_the_decision_date_unless_a_reply_replaced_it():
    no_phone = Application("Acme Analytics", "Data Analyst", contact="Sam Rivera")
    now = datetime(2026, 11, 27, 12)
    events = [ROUND_DATED, THANKED, EMAIL_1]
    advice = evaluate(no_phone, events, POLICY, now)
    assert (advice.attempt, advice.draft) == (2, DraftKind.FOLLOW_UP)
    d = render(DraftKind.FOLLOW_UP, no_phone, events, advice, ME, now)
    assert "news by Fri 20 Nov" in d.body

    reply = Event(EventKind.REPLIED, datetime(2026, 11, 24, 9, 0))
    later = [*events, reply]
    d = draft(DraftKind.FOLLOW_UP, later, datetime(2026, 12, 2, 12), app=no_phone)
    assert "news by" not in d.body
    redated = Event(EventKind.REPLIED, datetime(2026, 11, 24, 9, 0), decision_by=date(2026, 12, 4))
    d = draft(DraftKind.FOLLOW_UP, [*events, redated], datetime(2026, 12, 7, 12), app=no_phone)
    assert "news by Fri 4 Dec" in d.body
    assert "Fri 20 Nov" not in d.body


def test_interview_date_is_the_latest_round_not_the_last_logged():
    second = Event(EventKind.INTERVIEW, datetime(2026, 11, 17, 14, 0))
    events = [second, ROUND, Event(EventKind.THANKED, datetime(2026, 11, 17, 18, 0))]
    d = draft(DraftKind.FOLLOW_UP, events, datetime(2026, 11, 25, 12))
    assert "meeting with me on Tue 17 Nov" in d.body
    assert "Tue 10 Nov" not in d.body


def test_a_title_ending_in_role_is_not_doubled():
    app = Application("Acme Analytics", "Product Owner position", contact="Sam")
    for kind in DraftKind:
        d = draft(kind, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=app)
        assert "position role" not in d.text, kind
        assert "the Product Owner position at Acme Analytics" in d.body, kind


def test_reply_hint_without_a_contact_and_a_plain_greeting():
    anon = Application("Acme Analytics", "Data Analyst")
    d = draft(DraftKind.FOLLOW_UP, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=anon)
    lines = d.body.splitlines()
    assert lines[0].startswith("[Note: send this as a reply in your existing email thread that")
    assert "Hello," in lines
    assert d.missing == ()


def test_reply_hint_when_the_interview_was_arranged_by_phone():
    by_phone = Application("Acme Analytics", "Data Analyst", contact="Sam", via=Channel.PHONE)
    d = draft(DraftKind.FINAL, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=by_phone)
    first = d.body.splitlines()[0]
    assert first.startswith("[Note: if you already have an email thread with Sam, send this as")
    assert first.endswith("]")


# --- thanks + follow-up ---------------------------------------------------------------------


def test_thanks_follow_up_carries_the_missed_thanks_and_the_follow_up():
    now = datetime(2026, 11, 17, 12)
    events = [ROUND_DATED]
    advice = evaluate(APP, events, POLICY, now)
    assert advice.folds_thanks and advice.draft is DraftKind.THANKS_FOLLOW_UP
    d = render(DraftKind.THANKS_FOLLOW_UP, APP, events, advice, ME, now)
    assert "Data Analyst" in d.subject and d.subject.startswith("Thank you")
    assert d.body.startswith("[Note: send this as a reply in your existing email thread")
    # the thanks that was never sent
    assert "thank you for your time on Tue 10 Nov" in d.body
    assert "enthusiastic about the role" in d.body
    assert "[One thing I didn't get to mention: …" in d.body
    # the follow-up
    assert "the Data Analyst role at Acme Analytics" in d.body
    assert "news by Fri 20 Nov" in d.body
    assert "still very interested in the role" in d.body
    assert "when you expect to reach a decision?" in d.body
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
    body = answered(d)
    assert "late morning or early afternoon" in body  # best time to call
    assert "ring Sam Rivera on +1 555 0100" in body
    assert "this is Alex Doe" in body  # who you are
    assert "I interviewed for the Data Analyst role at Acme Analytics on Tue 10 Nov" in body
    assert "I sent a follow-up email on Mon 23 Nov" in body  # the email and when
    assert "still very interested in the role" in body  # renewed interest
    assert "where things stand, or when you expect to make a decision?" in body  # the ask
    vm = voicemail(d)
    assert "Alex Doe" in vm and "Data Analyst" in vm and "Tue 10 Nov" in vm
    assert "follow-up email on Mon 23 Nov" in vm
    assert "I'm still very interested" in vm
    assert "update" in vm
    assert vm.rstrip().endswith("+1 555 0199.")  # voicemail ends with your number
    assert d.missing == () and d.hint == ""


def test_phone_script_names_the_thank_you_when_no_follow_up_email_went():
    phoned = Application("Acme Analytics", "Data Analyst", phone="555 0100", via=Channel.PHONE)
    events = [ROUND, THANKED]
    now = datetime(2026, 11, 18, 12)
    assert evaluate(phoned, events, POLICY, now).draft is DraftKind.PHONE
    d = draft(DraftKind.PHONE, events, now, app=phoned)
    assert "I sent a thank-you note on Wed 11 Nov" in answered(d)
    assert "I sent a thank-you note on Wed 11 Nov" in voicemail(d)
    assert "May I speak with whoever is handling the hiring for the Data Analyst role?" in d.body


def test_phone_script_ignores_calls_and_earlier_rounds_when_naming_the_email():
    old_thanks = Event(EventKind.THANKED, datetime(2026, 11, 3, 9, 0))
    old_round = Event(EventKind.INTERVIEW, datetime(2026, 11, 2, 10, 0))
    call = Event(EventKind.FOLLOWED_UP, datetime(2026, 11, 23, 10, 0), channel=Channel.PHONE)
    d = draft(DraftKind.PHONE, [old_round, old_thanks, ROUND, call], datetime(2026, 11, 27, 12))
    assert "haven't written since the interview" in answered(d)
    assert "Tue 3 Nov" not in d.body and "Mon 23 Nov" not in d.body
    assert "I sent" not in d.body

    events = [ROUND, THANKED, call]
    d = draft(DraftKind.PHONE, events, datetime(2026, 11, 27, 12))
    assert "I sent a thank-you note on Wed 11 Nov" in d.body
    assert "Mon 23 Nov" not in d.body


def test_phone_script_without_numbers():
    anon = Application("Acme Analytics", "Data Analyst")
    now = datetime(2026, 11, 20, 12)
    d = draft(DraftKind.PHONE, [ROUND, THANKED], now, app=anon, profile=NOBODY)
    assert "their number isn't saved" in d.body
    assert d.body.splitlines()[-1].endswith("[your phone].")
    assert "this is [your name]" in d.body
    assert d.missing == ("your name", "your phone")
    assert "name" in d.hint and "phone" in d.hint and "email" not in d.hint
    assert "[profile]" in d.hint


# --- final, withdrawal, rejection -----------------------------------------------------------


def test_final_follow_up_carries_its_facts():
    now = datetime(2026, 12, 2, 9)
    events = [ROUND, THANKED, EMAIL_1, CALL_2]
    advice = evaluate(APP, events, POLICY, now)
    assert advice.draft is DraftKind.FINAL
    d = render(DraftKind.FINAL, APP, events, advice, ME, now)
    assert "Data Analyst" in d.subject
    assert "one last time about the Data Analyst role at Acme Analytics" in d.body  # last check-in
    assert "Tue 10 Nov" in d.body
    assert "still interested in the role" in d.body  # interest
    assert "considered for future openings" in d.body  # the door stays open
    assert "I'd be glad to hear from you" in d.body
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
    assert "[Optional, one sentence on why" in d.body  # optional reason
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


# --- placeholders ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_empty_profile_shows_placeholders_and_says_how_to_fill_them(kind):
    d = draft(kind, [ROUND, THANKED], datetime(2026, 11, 20, 12), profile=NOBODY)
    assert d.body.splitlines()[-3:] == ["[your name]", "[your phone]", "[your email]"]
    assert d.missing == ("your name", "your phone", "your email")
    assert d.hint == (
        "Add name, email and phone under [profile] in your settings file "
        "(run `tracker config` to create it and see where it is)."
    )


def test_partial_profile_lists_only_what_is_missing():
    d = draft(
        DraftKind.FOLLOW_UP,
        [ROUND, THANKED],
        datetime(2026, 11, 20, 12),
        profile=Profile(name="Alex Doe", email="  "),
    )
    assert d.body.splitlines()[-3:] == ["Alex Doe", "[your phone]", "[your email]"]
    assert d.missing == ("your phone", "your email")
    assert d.hint.startswith("Add email and phone under [profile]")


def test_user_text_that_looks_like_a_placeholder_is_not_reported_missing():
    tricky = Application("[your name]", "[your phone]", contact="[your email]")
    d = draft(DraftKind.FOLLOW_UP, [ROUND, THANKED], datetime(2026, 11, 20, 12), app=tricky)
    assert d.missing == () and d.hint == ""
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
        assert f"Dear {HOSTILE_CONTACT}," in d.body
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
    assert kinds([*base, closed(Outcome.OFFER)], after) == (None, None, None)
    assert kinds([*base, closed(Outcome.NO_RESPONSE)], after) == (None, None, None)


# --- our own words --------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'").replace("‘", "'"))


def _runs(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


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
    ]
    for app in apps:
        for events, now in timelines:
            for profile in (ME, NOBODY):
                for kind in DraftKind:
                    yield draft(kind, events, now, app=app, profile=profile)


def test_no_eight_word_run_of_any_seed_article_appears_in_a_draft():
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5
    seed_runs: set[tuple[str, ...]] = set()
    for path in files:
        seed_runs |= _runs(_words(path.read_text(encoding="utf-8")), 8)
    assert seed_runs
    checked = 0
    for d in _every_draft():
        copied = _runs(_words(d.text + "\n" + d.hint), 8) & seed_runs
        assert not copied, (d.kind, [" ".join(run) for run in copied])
        checked += 1
    assert checked >= 7 * 5


def test_the_checker_would_catch_a_copied_sentence():
    sample = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    seed_runs = _runs(_words(sample), 8)
    first_sentence = sample.split(".")[0]
    assert _runs(_words(first_sentence), 8) & seed_runs


# --- purity ---------------------------------------------------------------------------------


def test_rendering_is_a_pure_function_of_its_inputs():
    source = Path(drafts.__file__).read_text(encoding="utf-8")
    assert ".now(" not in source and "today(" not in source and "time.time" not in source
    assert "textual" not in source and "import rich" not in source and "from rich" not in source
    assert ".format(" not in source and "Template" not in source
    a = draft(DraftKind.PHONE, [ROUND, THANKED, EMAIL_1], datetime(2026, 11, 27, 12))
    b = draft(DraftKind.PHONE, [ROUND, THANKED, EMAIL_1], datetime(2026, 11, 27, 12))
    assert a == b


def test_withdrawing_before_the_first_interview_does_not_claim_a_meeting():
    now = datetime(2026, 11, 20, 10)
    ahead = Event(EventKind.INTERVIEW, now + timedelta(days=3))
    events = [ahead, Event(EventKind.CLOSED, now, outcome=Outcome.WITHDREW)]
    advice = evaluate(APP, events, POLICY, now)
    d = render(DraftKind.WITHDRAWAL, APP, events, advice, ME, now)
    assert "enjoyed meeting you" not in d.body
    assert "cancel the interview we had arranged" in d.body
    assert "I wish you every success" in d.body
    after = render(DraftKind.WITHDRAWAL, APP, events, advice, ME, now + timedelta(days=4))
    assert "enjoyed meeting you" in after.body
