"""The emails and the phone script the tracker puts on the clipboard, in the project's own words.

Each draft carries the facts that ../shared/RULES.md ("Drafts") lists for it. Conventions:

- Plain text, no Rich markup. Anything in [square brackets] is for the user: a note to read and
  delete (e.g. "[Note: send this as a reply ...]") or a slot to fill ("[your phone]").
- User text (company, role, contact, profile) is data: it is only ever interpolated into our own
  literal f-strings, never used as a template, so braces, dollars, percents and brackets in it
  come out exactly as typed.
- Missing profile fields show as the placeholders ``[your name]``, ``[your phone]`` and
  ``[your email]``; ``Draft.missing`` lists them and ``Draft.hint`` says where to fill them in.
  An unknown contact is not a placeholder: the greeting falls back to "Hello,".
- Nothing here reads the clock: `now` is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker.model import (
    Advice,
    Application,
    Channel,
    DraftKind,
    Event,
    EventKind,
    Profile,
)
from tracker.rules import fmt_day

TITLES: dict[DraftKind, str] = {
    DraftKind.THANK_YOU: "Thank-you email",
    DraftKind.FOLLOW_UP: "Follow-up email",
    DraftKind.THANKS_FOLLOW_UP: "Thanks + follow-up email",
    DraftKind.PHONE: "Phone script",
    DraftKind.FINAL: "Final follow-up email",
    DraftKind.WITHDRAWAL: "Withdrawal email",
    DraftKind.REJECTION: "Rejection reply",
}

# The profile fields a draft can need: (key in the [profile] config table, label in `missing`).
_FIELDS = {"name": "your name", "phone": "your phone", "email": "your email"}
_HINT_ORDER = ("name", "email", "phone")


@dataclass(frozen=True, slots=True)
class Draft:
    kind: DraftKind
    subject: str  # "" for the phone script
    body: str
    missing: tuple[str, ...]  # placeholders shown, e.g. ("your phone",)
    hint: str  # "" or one line saying how to fill the placeholders

    @property
    def text(self) -> str:
        """What goes on the clipboard."""
        if self.kind is DraftKind.PHONE:
            return self.body
        return f"Subject: {self.subject}\n\n{self.body}"

    @property
    def title(self) -> str:
        return TITLES[self.kind]


def email_kind(advice: Advice) -> DraftKind | None:
    """The email the "copy email" key produces for the card's next action, or None."""
    if advice.draft is None:
        return None
    if advice.draft is DraftKind.PHONE:
        return DraftKind.THANKS_FOLLOW_UP if advice.folds_thanks else DraftKind.FOLLOW_UP
    return advice.draft


def phone_kind(advice: Advice) -> DraftKind | None:
    """The phone script is on offer on every open card."""
    return DraftKind.PHONE if advice.action is not None else None


def render(
    kind: DraftKind,
    app: Application,
    events: Sequence[Event],
    advice: Advice,
    profile: Profile,
    now: datetime,
) -> Draft:
    """Writes the draft of `kind` for one application at the moment `now`."""
    ctx = _Context(app, events, advice, profile, now)
    subject, lines = _WRITERS[kind](ctx)
    return Draft(
        kind=kind,
        subject=subject,
        body="\n".join(lines),
        missing=ctx.missing(),
        hint=ctx.hint(),
    )


# --- the facts a draft is built from ------------------------------------------------------


class _Context:
    """The facts of one application, with a record of which profile placeholders got used."""

    def __init__(
        self,
        app: Application,
        events: Sequence[Event],
        advice: Advice,
        profile: Profile,
        now: datetime,
    ) -> None:
        self.app = app
        self.events = list(events)
        self.advice = advice
        self.profile = profile
        self.now = now
        self._used: list[str] = []
        self.company = app.company.strip()
        self.contact = app.contact.strip()
        self.round_at = self._latest_round()

    # The user's own details, or a visible placeholder that gets listed in `missing`.
    def me(self, key: str) -> str:
        value = str(getattr(self.profile, key, "") or "").strip()
        if value:
            return value
        if key not in self._used:
            self._used.append(key)
        return f"[{_FIELDS[key]}]"

    def missing(self) -> tuple[str, ...]:
        return tuple(_FIELDS[key] for key in _FIELDS if key in self._used)

    def hint(self) -> str:
        keys = [key for key in _HINT_ORDER if key in self._used]
        if not keys:
            return ""
        return (
            f"Add {_join(keys)} under [profile] in your settings file "
            "(run `tracker config` to create it and see where it is)."
        )

    def _latest_round(self) -> datetime:
        rounds = [e.at for e in self.events if e.kind is EventKind.INTERVIEW]
        if rounds:
            return max(rounds)
        return self.advice.latest_round or self.app.created

    @property
    def has_met(self) -> bool:
        """Whether any interview round has taken place yet (a withdrawal can precede the first)."""
        return any(e.at <= self.now for e in self.events if e.kind is EventKind.INTERVIEW)

    # --- phrases built from the facts ---

    @property
    def role(self) -> str:
        return self.app.role.strip()

    @property
    def role_phrase(self) -> str:
        """'Data Analyst role' (no doubled 'role' when the title already ends with such a word)."""
        role = self.role
        last = role.rsplit(None, 1)[-1].lower() if role else ""
        noun = "" if last in {"role", "position", "job", "post", "vacancy"} else " role"
        return f"{role}{noun}"

    @property
    def the_role(self) -> str:
        """'the Data Analyst role at Acme'."""
        where = f" at {self.company}" if self.company else ""
        return f"the {self.role_phrase}{where}"

    @property
    def interview_day(self) -> str:
        return fmt_day(self.round_at)

    def interview_when(self) -> str:
        """'today', 'yesterday' or 'on Tue 10 Nov', for the thank-you note."""
        days = (self.now.date() - self.round_at.date()).days
        if days == 0:
            return "today"
        if days == 1:
            return "yesterday"
        return f"on {self.interview_day}"

    def greeting(self) -> str:
        return f"Dear {self.contact}," if self.contact else "Hello,"

    def thread_note(self) -> str:
        """The reply-in-thread hint, a bracketed first line the user deletes before sending."""
        if self.app.via == Channel.PHONE:  # the interview was set up by phone: maybe no thread
            who = f" with {self.contact}" if self.contact else ""
            return (
                f"[Note: if you already have an email thread{who}, send this as a reply in it; "
                "otherwise start a new email with the subject below. Delete this note before "
                "sending.]"
            )
        who = f"with {self.contact}" if self.contact else "that set up the interview"
        return (
            f"[Note: send this as a reply in your existing email thread {who}, so it lands in "
            "the same conversation; the subject below is for a fresh email only. Delete this "
            "note before sending.]"
        )

    def decision(self) -> date | None:
        """The decision date they gave: the advice's, else the latest one given since the round.

        The rules attach it to the first follow-up; later attempts still benefit from it, as long
        as no reply since the round replaced it (a reply without a date clears it).
        """
        if self.advice.decision_date is not None:
            return self.advice.decision_date
        said = [
            (e.at, seq, e)
            for seq, e in enumerate(self.events)
            if (e.kind is EventKind.INTERVIEW and e.at == self.round_at)
            or (e.kind is EventKind.REPLIED and e.at >= self.round_at)
        ]
        if not said:
            return None
        _, _, latest = max(said, key=lambda item: (item[0], item[1]))
        if latest.decision_by is not None:
            return latest.decision_by
        if latest.reply_within is not None:
            return latest.at.date() + timedelta(days=latest.reply_within)
        return None

    def last_email(self) -> tuple[str, date] | None:
        """The latest thank-you or follow-up email since the latest round: (what, day)."""
        sent = [
            (e.at, seq, e)
            for seq, e in enumerate(self.events)
            if e.at >= self.round_at
            and (
                e.kind is EventKind.THANKED
                or (
                    e.kind is EventKind.FOLLOWED_UP
                    and (e.channel or Channel.EMAIL) == Channel.EMAIL
                )
            )
        ]
        if not sent:
            return None
        _, _, latest = max(sent, key=lambda item: (item[0], item[1]))
        what = "a thank-you note" if latest.kind is EventKind.THANKED else "a follow-up email"
        return what, latest.at.date()

    def signature(self, sign_off: str = "Best regards,") -> list[str]:
        return [sign_off, self.me("name"), self.me("phone"), self.me("email")]


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# --- the drafts -------------------------------------------------------------------------------

EXTRA_POINT = "[One thing I didn't get to mention: … (a sentence or two, or delete this line)]"


def _thank_you(c: _Context) -> tuple[str, list[str]]:
    subject = f"Thank you: {c.role} interview"
    return subject, [
        c.greeting(),
        "",
        f"Thank you for your time {c.interview_when()} and for our conversation about "
        f"{c.the_role}. I appreciated hearing how the team works and what the job involves.",
        "",
        "I left the interview even more enthusiastic about the role, and I would be glad to "
        "bring my experience to the team.",
        "",
        EXTRA_POINT,
        "",
        "I hope we speak again soon.",
        "",
        *c.signature(),
    ]


def _check_in(c: _Context) -> list[str]:
    """The heart of every follow-up: the decision date, interest, the ask and the offer."""
    decided = c.decision()
    if decided is not None:
        timing = (
            f"You mentioned you expected to have news by {fmt_day(decided)}, so I wanted to "
            "check in."
        )
    else:
        timing = "I wanted to check in on how the process is going."
    return [
        f"{timing} I'm still very interested in the role and keen to contribute to "
        f"{c.company or 'the team'}.",
        "",
        "Could you let me know where things stand, or when you expect to reach a decision? If "
        "it would help, I'm happy to send references, work samples or anything else you need.",
    ]


def _follow_up(c: _Context) -> tuple[str, list[str]]:
    subject = f"Next steps for the {c.role_phrase}"
    return subject, [
        c.thread_note(),
        "",
        c.greeting(),
        "",
        f"Thank you again for meeting with me on {c.interview_day} about {c.the_role}.",
        "",
        *_check_in(c),
        "",
        "Thank you for your time.",
        "",
        *c.signature(),
    ]


def _thanks_follow_up(c: _Context) -> tuple[str, list[str]]:
    subject = f"Thank you, and next steps for the {c.role_phrase}"
    return subject, [
        c.thread_note(),
        "",
        c.greeting(),
        "",
        f"I'd like to thank you for your time on {c.interview_day} and for our conversation "
        f"about {c.the_role}; I should have written sooner. I enjoyed learning about the work, "
        "and I came away enthusiastic about the role.",
        "",
        EXTRA_POINT,
        "",
        *_check_in(c),
        "",
        "Thank you again.",
        "",
        *c.signature(),
    ]


def _final(c: _Context) -> tuple[str, list[str]]:
    subject = f"A last note on the {c.role_phrase}"
    return subject, [
        c.thread_note(),
        "",
        c.greeting(),
        "",
        f"I'm writing one last time about {c.the_role}, which we discussed on "
        f"{c.interview_day}. I know hiring takes time, so I won't keep asking.",
        "",
        "I'm still interested in the role. If the timing changes or a decision comes through, "
        "I'd be glad to hear from you, and I'd welcome being considered for future openings on "
        "the team.",
        "",
        *c.signature("All the best,"),
    ]


def _withdrawal(c: _Context) -> tuple[str, list[str]]:
    subject = f"Withdrawing my application: {c.role}"
    return subject, [
        c.greeting(),
        "",
        f"Thank you for your time and for considering me for {c.the_role}. I'm writing to let "
        "you know that I'm withdrawing my application.",
        "",
        "[Optional, one sentence on why, e.g. that you have taken another job. Or delete this "
        "line.]",
        "",
        (
            "I enjoyed meeting you and learning about the team, and I wish you every success "
            "with the search. I hope our paths cross again."
            if c.has_met
            else "I'm sorry to cancel the interview we had arranged, and I'm grateful for the "
            "time you put into it. I wish you every success with the search."
        ),
        "",
        *c.signature("Kind regards,"),
    ]


def _rejection(c: _Context) -> tuple[str, list[str]]:
    subject = f"Thank you for the update on the {c.role_phrase}"
    return subject, [
        c.greeting(),
        "",
        f"Thank you for letting me know your decision, and for the chance to interview for "
        f"{c.the_role}. I valued the conversations and what I learned about the team.",
        "",
        "If you have a moment, I'd be grateful for any feedback on my interview or application; "
        "it would help me as I keep looking.",
        "",
        f"I remain interested in {c.company or 'your organisation'} and would be glad to be "
        "considered for future roles that suit my background.",
        "",
        *c.signature(),
    ]


def _phone(c: _Context) -> tuple[str, list[str]]:
    number = c.app.phone.strip()
    who = c.contact or "the person running the hiring"
    dial = f"{who} on {number}" if number else f"{who} (their number isn't saved on this card)"
    ask_for = (
        f"May I speak with {c.contact}?"
        if c.contact
        else f"May I speak with whoever is handling the hiring for the {c.role_phrase}?"
    )
    name = c.me("name")
    phone = c.me("phone")

    emailed = c.last_email()
    if emailed is not None:
        what, day = emailed
        email_line = (
            f"I sent {what} on {fmt_day(day)}, and I thought a quick call might be easier "
            "than another message."
        )
        voicemail_email = f"I sent {what} on {fmt_day(day)}, and I'm still very interested; "
    else:
        email_line = (
            "I haven't written since the interview, so I thought a quick call would be the "
            "simplest way to check in."
        )
        voicemail_email = "I'm still very interested, and "

    return "", [
        f"[Call plan, for you only: ring {dial}. Best time to call: late morning or early "
        "afternoon (about 10:30-11:30 or 13:30-15:00 their time), away from the start of the "
        "day and lunch.]",
        "",
        "If they answer:",
        f"Hello, this is {name}. {ask_for}",
        f"I interviewed for {c.the_role} on {c.interview_day}; thank you again for your time "
        "that day.",
        email_line,
        "I'm still very interested in the role. Would you be able to tell me where things "
        "stand, or when you expect to make a decision?",
        "[If there's no news yet: thank them, and ask when it would suit them for you to check "
        "back.]",
        "Thank you, I appreciate your time.",
        "",
        "If you reach voicemail (keep it under 30 seconds):",
        f"Hello, this is {name}, calling about {c.the_role}; I interviewed on "
        f"{c.interview_day}. {voicemail_email}I'd welcome an update whenever you have a "
        f"moment. You can reach me on {phone}; again, that's {phone}.",
    ]


_WRITERS = {
    DraftKind.THANK_YOU: _thank_you,
    DraftKind.FOLLOW_UP: _follow_up,
    DraftKind.THANKS_FOLLOW_UP: _thanks_follow_up,
    DraftKind.PHONE: _phone,
    DraftKind.FINAL: _final,
    DraftKind.WITHDRAWAL: _withdrawal,
    DraftKind.REJECTION: _rejection,
}
