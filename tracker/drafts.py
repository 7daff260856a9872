"""The emails and the phone script the tracker puts on the clipboard, in the project's own words.

Each draft carries the facts docs/rules.md ("Drafts") lists for it, and reads the way its "How a
draft reads" asks: first names, dates written out, reply windows quoted as given, no brackets
left when the facts are known. Conventions:

- The copied text is only what the recipient reads. Advice to the sender (reply in the thread,
  when to call, what a debrief would add) goes in `Draft.advice`, and with the note on missing
  profile fields in `Draft.hint`, which the panel, the toast and the CLI show beside the draft.
- A missing fact the sender must supply stays a visible placeholder: ``[your name]``,
  ``[your phone]``, ``[your email]``; ``Draft.missing`` lists them.
- User text (company, role, names, debrief) is data: it is only ever interpolated into our own
  literal f-strings, never used as a template, so braces, dollars, percents and brackets in it
  come out exactly as typed. A sentence ending in user text gets its full stop only if the text
  has none ("Beta, Inc." never becomes "Beta, Inc..").
- Nothing here reads the clock: `now` is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker.model import (
    Action,
    Advice,
    Application,
    Channel,
    Debrief,
    DraftKind,
    Event,
    EventKind,
    Outcome,
    Person,
    Profile,
    latest_round,
    match_person,
)

TITLES: dict[DraftKind, str] = {
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

# The profile fields a draft can need: (key in the [profile] config table, label in `missing`).
_FIELDS = {"name": "your name", "phone": "your phone", "email": "your email"}
_HINT_ORDER = ("name", "email", "phone")


@dataclass(frozen=True, slots=True)
class Draft:
    kind: DraftKind
    subject: str  # "" for the phone script
    body: str
    missing: tuple[str, ...]  # placeholders shown, e.g. ("your phone",)
    hint: str  # everything said to the sender beside the draft: `advice`, then how to fill gaps
    advice: str = ""  # advice to the sender alone (reply in the thread, when to call ...)
    to: str = ""  # the recipient's email address, when one is known
    recipient: str = ""  # who it is for (a person met, or the contact), for the toast

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
        return DraftKind.EXPEDITE if advice.expedite else None
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
    *,
    to: str = "",
    on_board: bool = False,
) -> Draft:
    """Writes the draft of `kind` for one application at the moment `now`.

    `to` names its recipient: one of the people met in the latest round (full or first name) or
    the contact. A thank-you without it goes to the first person still owed a note. The advice
    beside the draft names the command line's options, or with `on_board` the board's keys.
    """
    ctx = _Context(app, events, advice, profile, now, kind, to, on_board)
    subject, lines = _WRITERS[kind](ctx)
    said = " ".join(ctx.advice_lines)
    fill = ctx.fill_hint()
    return Draft(
        kind=kind,
        subject=subject,
        body="\n".join(lines),
        missing=ctx.missing(),
        hint=" ".join(part for part in (said, fill) if part),
        advice=said,
        to=ctx.address,
        recipient=ctx.recipient_name,
    )


# --- words for dates and numbers ------------------------------------------------------------

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def long_day(day: date, today: date | None = None) -> str:
    """'Monday, November 16'; the year is added when it is not the current one."""
    text = f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}"
    return text if today is None or day.year == today.year else f"{text}, {day.year}"


def spoken_day(day: date, today: date) -> str:
    """'today', 'yesterday', 'tomorrow' or 'on Monday, November 16', as said in a sentence."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == -1:
        return "yesterday"
    if delta == 1:
        return "tomorrow"
    return f"on {long_day(day, today)}"


def _clock(moment: datetime) -> str:
    """'2:00 pm' reads naturally in a letter; midnight-less, as interviews are in the day."""
    hour = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    return f"{hour}:{moment.minute:02d} {half}"


def days_words(count: int) -> str:
    """'five days', 'one day', '45 days': a reply window as the employer said it."""
    number = _NUMBERS[count] if count < len(_NUMBERS) else str(count)
    return f"{number} day{'s' * (count != 1)}"


def _stop(text: str) -> str:
    """Ends a sentence with a full stop unless the (user) text already ends one."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


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
        kind: DraftKind,
        to: str,
        on_board: bool = False,
    ) -> None:
        self.app = app
        self.on_board = on_board
        self.events = list(events)
        self.advice = advice
        self.profile = profile
        self.now = now
        self.today = now.date()
        self.kind = kind
        self._used: list[str] = []
        self.advice_lines: list[str] = []
        self.company = app.company.strip()
        self.contact = app.contact.strip()
        self.round = self._latest_round()
        self.round_at = self.round.at
        self.person = self._recipient(to)

    # --- who it goes to ---

    def _latest_round(self) -> Event:
        return latest_round(self.events) or Event(
            EventKind.INTERVIEW, self.advice.latest_round or self.app.created
        )

    @property
    def people(self) -> tuple[Person, ...]:
        return self.round.people

    def _recipient(self, to: str) -> Person | None:
        """The person met this draft is for, or None for the application's contact."""
        if to.strip():
            if self.contact and " ".join(to.split()).casefold() == self.contact.casefold():
                return None
            return match_person(self.people, to, "to")
        thanks_call = self.kind is DraftKind.PHONE and self.advice.action is Action.THANK_YOU
        if (self.kind is DraftKind.THANK_YOU or thanks_call) and self.people:
            owed = self.advice.owed
            for person in self.people:
                if not owed or person.name in owed:
                    return person
        return None

    @property
    def recipient_name(self) -> str:
        return self.person.name if self.person else self.contact

    @property
    def address(self) -> str:
        """The person's own address, or the contact's for a draft to the contact."""
        return self.person.email if self.person is not None else self.app.email.strip()

    def greeting(self) -> str:
        full = self.profile.salutation == "full"
        if self.person is not None:
            return f"Dear {self.person.name if full else self.person.first_name},"
        if not self.contact:
            return "Hello,"
        first = Person(self.contact).first_name
        return f"Dear {self.contact if full else first},"

    # --- the user's own details ---

    def me(self, key: str) -> str:
        value = str(getattr(self.profile, key, "") or "").strip()
        if value:
            return value
        if key not in self._used:
            self._used.append(key)
        return f"[{_FIELDS[key]}]"

    def missing(self) -> tuple[str, ...]:
        return tuple(_FIELDS[key] for key in _FIELDS if key in self._used)

    def fill_hint(self) -> str:
        keys = [key for key in _HINT_ORDER if key in self._used]
        if not keys:
            return ""
        return (
            f"Add {_join(keys)} under [profile] in your settings file "
            "(run `tracker config` to create it and see where it is)."
        )

    def signature(self, sign_off: str = "Best regards,") -> list[str]:
        return [sign_off, self.me("name"), self.me("phone"), self.me("email")]

    def say(self, advice: str) -> None:
        """Advice to the sender, shown beside the draft and never copied."""
        self.advice_lines.append(advice)

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
    def the_team(self) -> str:
        return f"the team at {self.company}" if self.company else "the team"

    def day(self, moment: date) -> str:
        return spoken_day(moment if not isinstance(moment, datetime) else moment.date(), self.today)

    @property
    def interview_day(self) -> str:
        """'on Monday, November 16' (or 'yesterday')."""
        return self.day(self.round_at)

    @property
    def has_met(self) -> bool:
        """Whether the latest interview round has taken place."""
        return self.round_at <= self.now

    def debrief(self) -> Debrief | None:
        """The latest debrief written since the latest round."""
        found = [
            e.debrief
            for e in self.events
            if e.kind is EventKind.DEBRIEF and e.debrief is not None and e.at >= self.round_at
        ]
        return found[-1] if found else None

    def topic(self) -> str:
        debrief = self.debrief()
        if debrief is None:
            return ""
        if self.person is not None:
            return debrief.topic_for(self.person.name)
        if self.contact:
            found = debrief.topic_for(self.contact)
            if found:
                return found
        return debrief.topics[0][1] if len(debrief.topics) == 1 and not self.people else ""

    def timeline(self) -> tuple[str, date | None]:
        """The timeline they gave, in their terms, for the sentence that cites it: a decision
        date, or a reply window quoted as said; a later message (DECISION) or reply replaces it.
        Returns (how they said it, the decision day it implies)."""
        base: Event = self.round
        told: Event | None = None
        for event in sorted(self.events, key=lambda e: e.at):
            if event.at < self.round_at:
                continue
            if event.kind is EventKind.REPLIED:
                base, told = event, None
            elif event.kind is EventKind.DECISION:
                told = event
        given = told or base
        if given.decision_by is not None:
            return f"by {long_day(given.decision_by, self.today)}", given.decision_by
        if given.reply_within is not None:
            decided = base.at.date() + timedelta(days=given.reply_within)
            return f"within {days_words(given.reply_within)}", decided
        return "", None

    def attempts(self) -> list[Event]:
        """The follow-ups since the latest round or the latest reply, in time order."""
        found: list[Event] = []
        for event in sorted(self.events, key=lambda e: e.at):
            if event.at < self.round_at:
                continue
            if event.kind is EventKind.REPLIED:
                found = []
            elif event.kind is EventKind.FOLLOWED_UP:
                found.append(event)
        return found

    def last_reply(self) -> Event | None:
        replies = [e for e in self.events if e.kind is EventKind.REPLIED and e.at >= self.round_at]
        return max(replies, key=lambda e: e.at) if replies else None

    def thanked(self) -> Event | None:
        notes = [e for e in self.events if e.kind is EventKind.THANKED and e.at >= self.round_at]
        return min(notes, key=lambda e: e.at) if notes else None

    def previous(self) -> str:
        """The previous attempt and its date, as the next one names it: 'I wrote on Monday,
        November 23', 'I called on Thursday, November 26 and left a voicemail'."""
        attempts = self.attempts()
        if not attempts:
            return ""
        last = attempts[-1]
        when = self.day(last.at)
        if last.channel is Channel.PHONE:
            if last.voicemail:
                return f"I called {when} and left you a voicemail"
            return f"I called {when}"
        return f"I wrote {when}"

    def thread_advice(self) -> None:
        who = f" with {self.recipient_name}" if self.recipient_name else ""
        if self.app.via is Channel.PHONE:
            self.say(
                f"If you already have an email thread{who}, send this as a reply in it; "
                "otherwise start a new email with this subject."
            )
        else:
            self.say(
                f"Send this as a reply in your email thread{who or ' that set up the interview'}"
                ", so it lands in the same conversation; the subject is for a new email only."
            )

    def no_address_advice(self) -> None:
        """A card with no email on file: say so, and point to the phone."""
        if self.address:
            return
        number = self.app.phone.strip()
        if number:
            self.say(
                f"There is no email address on file for {self.recipient_name or 'them'}: "
                f"if you have no thread to reply in, call {number} and say this instead."
            )
        else:
            self.say(
                "There is no email address or phone number on file: reply in the thread you "
                "have, or ask whoever arranged the interview for the right address."
            )


# --- the drafts -------------------------------------------------------------------------------


def _debrief_lines(c: _Context) -> list[str]:
    """The fit line and the point not made, each a paragraph of its own when known."""
    debrief = c.debrief()
    lines: list[str] = []
    if debrief is not None and debrief.fit:
        lines += ["", _stop(_capital(debrief.fit))]
    if debrief is not None and debrief.point:
        lines += ["", f"One thing I did not get to mention: {_stop(debrief.point)}"]
    return lines


def _debrief_advice(c: _Context) -> None:
    if c.debrief() is None and not c.on_board:  # the board offers its debrief form instead
        c.say(
            f"Run `tracker debrief {c.app.id or 'ID'}` to note what each person talked about, "
            "how your skills fit and the point you missed; the note will carry them."
        )


def _thank_you(c: _Context) -> tuple[str, list[str]]:
    subject = f"Thank you: {c.role} interview"
    topic = c.topic()
    with_whom = "talking with me" if c.person is not None else "meeting with me"
    opening = f"Thank you for {with_whom} {c.interview_day} about {_stop(c.the_role)}"
    if topic:
        opening += f" I especially enjoyed our conversation about {_stop(topic)}"
    debrief = c.debrief()
    keen = (
        "The interview left me keen to join the team."
        if debrief is not None and debrief.fit
        else f"I left the interview keen to join {c.the_team} and to put my experience to "
        "work there."
    )
    lines = [c.greeting(), "", opening]
    if debrief is not None and debrief.fit:
        lines += ["", f"{_stop(_capital(debrief.fit))} {keen}"]
    else:
        lines += ["", keen]
    if debrief is not None and debrief.point:
        lines += ["", f"One thing I did not get to mention: {_stop(debrief.point)}"]
    lines += ["", "I hope we speak again soon.", "", *c.signature()]
    if c.person is not None and not c.person.email:
        via = f"ask {c.contact} to pass it on" if c.contact else "ask whoever arranged it"
        c.say(
            f"No email address is saved for {c.person.name}: look in the interview invitation, "
            f"or {via}."
        )
    owed = [name for name in c.advice.owed if c.person is None or name != c.person.name]
    if owed:
        pick = "C picks who" if c.on_board else "`--to NAME` picks who"
        c.say(f"Still owed a note after this one: {_join(owed)} ({pick}).")
    _debrief_advice(c)
    return subject, lines


def _timing(c: _Context) -> str:
    said, _ = c.timeline()
    if said.startswith("by"):
        return f"You mentioned you hoped to decide {said}, so I wanted to check in."
    if said:
        return f"You said you would be in touch {said}, so I wanted to check in."
    return "I'm writing to ask how the process is going."


def _first_ask(c: _Context) -> list[str]:
    """Attempt 1's heart: the timeline they gave, interest, the ask (and whether more rounds are
    planned), the offer of more information."""
    return [
        f"{_timing(c)} I'm still very interested in the role and keen to contribute to "
        f"{_stop(c.the_team)}",
        "",
        "Could you tell me where things stand, and whether further interview rounds are "
        "planned? If it would help, I'm happy to send references, work samples or anything "
        "else you need.",
    ]


def _follow_up(c: _Context) -> tuple[str, list[str]]:
    attempt = len(c.attempts()) + 1
    c.thread_advice()
    c.no_address_advice()
    if attempt >= 2:
        return _second(c)
    reply = c.last_reply()
    if reply is not None:
        opening = f"Thank you for your message {c.day(reply.at)} about {_stop(c.the_role)}"
    else:
        opening = f"Thank you again for meeting with me {c.interview_day} about {_stop(c.the_role)}"
    subject = f"Checking in: {c.role_phrase}"
    return subject, [
        c.greeting(),
        "",
        opening,
        "",
        *_first_ask(c),
        "",
        "Thank you for your time.",
        "",
        *c.signature(),
    ]


def _second(c: _Context) -> tuple[str, list[str]]:
    """Attempt 2 by email: names attempt 1, and shares no sentence with it."""
    said, _ = c.timeline()
    since = f"{_capital(c.previous())} about {c.the_role}, and I wanted to follow up on it."
    if said:
        since += f" I know you had hoped to have news {said}, and delays happen."
    return f"Following up: {c.role_phrase}", [
        c.greeting(),
        "",
        since,
        "",
        f"Since we met {c.interview_day}, my interest in the role has only grown, and I "
        "would still welcome the chance to join you.",
        "",
        "Is there any update on your timeline you could share? I'd be glad to provide "
        "anything that helps with your decision.",
        "",
        *c.signature("Many thanks,"),
    ]


def _thanks_follow_up(c: _Context) -> tuple[str, list[str]]:
    c.thread_advice()
    c.no_address_advice()
    topic = c.topic()
    opening = (
        f"Thank you for your time {c.interview_day} and for our conversation about "
        f"{_stop(c.the_role)} I'm sorry this note comes later than I meant it to."
    )
    if topic:
        opening += f" I especially enjoyed talking about {_stop(topic)}"
    _debrief_advice(c)
    return f"Thank you, and next steps: {c.role_phrase}", [
        c.greeting(),
        "",
        opening,
        *_debrief_lines(c),
        "",
        *_first_ask(c),
        "",
        "Thank you again.",
        "",
        *c.signature(),
    ]


def _last_note(c: _Context) -> str:
    """Why this is the last message, true to what was sent: calls do not fill an inbox."""
    emailed = any(
        e.kind is EventKind.FOLLOWED_UP and e.channel is not Channel.PHONE for e in c.events
    )
    return "I don't want to crowd your inbox" if emailed else "I don't want to keep calling"


def _final(c: _Context) -> tuple[str, list[str]]:
    c.thread_advice()
    c.no_address_advice()
    previous = c.previous()
    lead = f"{_capital(previous)}. " if previous else ""
    return f"A last note on the {c.role_phrase}", [
        c.greeting(),
        "",
        f"{lead}{_last_note(c)}, so this is my last note about {_stop(c.the_role)}",
        "",
        "The role still appeals to me a great deal. If a decision comes through or the timing "
        "changes, I'd be glad to hear from you, and I'd welcome being considered for future "
        "openings on the team.",
        "",
        *c.signature("All the best,"),
    ]


def _withdrawal(c: _Context) -> tuple[str, list[str]]:
    subject = f"Withdrawing my application: {c.role}"
    c.say("You may add one sentence on why (for example, that you have accepted another offer).")
    lines = [
        c.greeting(),
        "",
        f"Thank you for your time and for considering me for {_stop(c.the_role)} I'm writing "
        "to let you know that I'm withdrawing my application.",
        "",
    ]
    if not c.has_met:  # C2: a round is still scheduled
        at = c.round_at
        lines += [
            f"Could you please cancel the interview we had arranged for "
            f"{long_day(at.date(), c.today)} at {_clock(at)}? I'm sorry for the change of plans, "
            "and grateful for the time you set aside. I wish you every success with the search.",
        ]
    else:
        lines += [
            "I enjoyed meeting you and learning about the team, and I wish you every success "
            "with the search. I hope our paths cross again.",
        ]
    return subject, [*lines, "", *c.signature("Kind regards,")]


def _rejection(c: _Context) -> tuple[str, list[str]]:
    subject = f"Thank you for the update on the {c.role_phrase}"
    return subject, [
        c.greeting(),
        "",
        f"Thank you for letting me know your decision, and for the chance to interview for "
        f"{_stop(c.the_role)} I valued the conversations and what I learned about the team.",
        "",
        "If you have a moment, I'd be grateful for any feedback on my interview or application; "
        "it would help me as I keep looking.",
        "",
        f"I remain interested in {c.company or 'your organisation'} and would be glad to be "
        "considered for future roles that suit my background.",
        "",
        *c.signature(),
    ]


def _answer_by(c: _Context) -> date | None:
    """The offer's answer-by date: the advice's, else the latest offer logged."""
    if c.advice.decision_date is not None and c.advice.outcome is not None:
        return c.advice.decision_date
    offers = [e for e in c.events if e.kind is EventKind.CLOSED and e.outcome is Outcome.OFFER]
    return offers[-1].decision_by if offers else None


def _offer(c: _Context) -> tuple[str, list[str]]:
    answer_by = _answer_by(c)
    when = (
        f"I understand you would like my answer by {long_day(answer_by, c.today)}, and I will "
        "reply by then."
        if answer_by
        else "Could you also let me know by when you would like my answer?"
    )
    c.say("Reply promptly; decide once you have the terms in writing.")
    return f"Thank you for the offer: {c.role}", [
        c.greeting(),
        "",
        f"Thank you very much for offering me {_stop(c.the_role)} I'm delighted, and grateful "
        "for the time you and the team gave me during the process.",
        "",
        "Could you send me the full terms in writing, including the salary, the start date and "
        "the benefits, so that I can review them properly?",
        "",
        when,
        "",
        *c.signature(),
    ]


def _accept(c: _Context) -> tuple[str, list[str]]:
    c.say("Then withdraw from your other open applications: `tracker due` lists them.")
    return f"Accepting your offer: {c.role}", [
        c.greeting(),
        "",
        f"I'm very pleased to accept your offer for {_stop(c.the_role)} Thank you for your "
        "confidence in me.",
        "",
        "Please let me know the next steps, such as any paperwork to sign and the start date, "
        "and anything you need from me before then.",
        "",
        "I'm looking forward to joining the team.",
        "",
        *c.signature(),
    ]


def _decline(c: _Context) -> tuple[str, list[str]]:
    return f"Your offer for the {c.role_phrase}", [
        c.greeting(),
        "",
        f"Thank you for offering me {_stop(c.the_role)} I'm grateful for the time you and the "
        "team spent with me during the process.",
        "",
        "After careful thought, I have decided to decline the offer. It was not an easy decision.",
        "",
        "I enjoyed getting to know the team, and I'd be glad to stay in touch; I hope our paths "
        "cross again.",
        "",
        *c.signature("Kind regards,"),
    ]


def _expedite(c: _Context) -> tuple[str, list[str]]:
    by = c.advice.expedite_by
    deadline = f" and need to answer by {long_day(by, c.today)}" if by else ""
    c.say("It counts as a follow-up attempt; there is no need to name the other company.")
    c.no_address_advice()
    if c.has_met:
        again = " again" if c.thanked() is not None else ""
        opening = f"Thank you{again} for our interview {c.interview_day} about {_stop(c.the_role)}"
        ask = "Could you share your timeline for a decision?"
    else:
        at = c.round_at
        opening = (
            f"I'm looking forward to our interview for {c.the_role} on "
            f"{long_day(at.date(), c.today)} at {_clock(at)}."
        )
        ask = "Would it be possible to meet sooner, or could you share your timeline?"
    return f"A question about timing: {c.role_phrase}", [
        c.greeting(),
        "",
        opening,
        "",
        f"I have received an offer from another company{deadline}. The role with "
        f"{c.company or 'you'} remains my preference, so before I reply I wanted to ask "
        "where things stand. " + ask,
        "",
        "I understand if that isn't possible, and I'm grateful for your consideration.",
        "",
        *c.signature(),
    ]


def _phone(c: _Context) -> tuple[str, list[str]]:
    number = c.app.phone.strip()
    who = c.recipient_name or "the person running the hiring"
    c.say(
        f"Call {who}"
        + (f" on {number}" if number else " (no number is saved on this card)")
        + ", late morning or early afternoon, away from the start of the day and lunch."
    )
    ask_for = (
        f"May I speak with {c.recipient_name}?"
        if c.recipient_name
        else f"May I speak with whoever is handling the hiring for the {c.role_phrase}?"
    )
    name, phone = c.me("name"), c.me("phone")
    if c.advice.action is Action.PREPARE:
        return _phone_before(c, name, phone, ask_for)
    if c.advice.action is Action.THANK_YOU:
        return _phone_thanks(c, name, phone, ask_for)
    return _phone_follow_up(c, name, phone, ask_for)


def _voicemail(name: str, phone: str, middle: str) -> list[str]:
    return [
        "",
        "If you reach voicemail (under 30 seconds):",
        f"Hello, this is {name}. {middle} You can reach me on {phone}; again, that's {phone}.",
    ]


def _phone_before(c: _Context, name: str, phone: str, ask_for: str) -> tuple[str, list[str]]:
    at = c.round_at
    slot = f"{long_day(at.date(), c.today)} at {_clock(at)}"
    return "", [
        "If they answer:",
        f"Hello, this is {name}. {ask_for}",
        f"I'm calling to confirm my interview for {c.the_role} on {slot}.",
        "Is there anything I should bring or prepare?",
        "Thank you, I look forward to it.",
        *_voicemail(
            name, phone, f"I'm calling to confirm my interview for {c.the_role} on {slot}."
        ),
    ]


def _phone_thanks(c: _Context, name: str, phone: str, ask_for: str) -> tuple[str, list[str]]:
    topic = c.topic()
    liked = f" I especially enjoyed talking about {_stop(topic)}" if topic else ""
    return "", [
        "If they answer:",
        f"Hello, this is {name}. {ask_for}",
        (
            f"I interviewed with you {c.interview_day} for {c.the_role}, and I wanted to thank "
            f"you for your time.{liked}"
            if c.person is not None
            else f"I interviewed {c.interview_day} for {c.the_role}, and I wanted to thank "
            f"you and the team for the time you gave me.{liked}"
        ),
        "I came away keen on the role. That's all, I won't keep you; thank you again.",
        *_voicemail(
            name,
            phone,
            f"Thank you for the interview {c.interview_day} for {_stop(c.the_role)} I'm "
            "keen on the role and hope we speak again soon.",
        ),
    ]


def _phone_follow_up(c: _Context, name: str, phone: str, ask_for: str) -> tuple[str, list[str]]:
    previous = c.previous()
    thanks = c.thanked()
    reply = c.last_reply()
    attempts = c.attempts()
    if previous and attempts[-1].channel is Channel.PHONE:
        contact_line = f"{_capital(previous)}, so I'm trying you again."
    elif previous:
        contact_line = f"{_capital(previous)}, and I thought a quick call might help."
    elif reply is not None:
        contact_line = f"Thank you for your message {c.day(reply.at)}; I'm calling to follow up."
    elif thanks is not None:
        contact_line = f"I sent a thank-you note {c.day(thanks.at)}, and I'm calling to follow up."
    else:
        contact_line = "I haven't written since the interview, so I thought I'd call instead."
    said, _ = c.timeline()
    if said.startswith("by"):
        when = f" You mentioned you hoped to decide {said}."
    else:
        when = f" You said you'd be in touch {said}." if said else ""
    return "", [
        "If they answer:",
        f"Hello, this is {name}. {ask_for}",
        f"I interviewed for {c.the_role} {c.interview_day}; thank you again for your time that "
        f"day.{when}",
        contact_line,
        "I'm still very interested in the role. Could you tell me where things stand, or when "
        "you expect to decide?",
        "If there is no news yet: thank them, and ask when it would suit them for you to check "
        "back.",
        "Thank you, I appreciate your time.",
        *_voicemail(
            name,
            phone,
            f"I'm calling about {c.the_role}; I interviewed {c.interview_day}. "
            + (f"{_capital(previous)}. " if previous else "")
            + "I'm still very interested and would welcome an update whenever you have a "
            "moment.",
        ),
    ]


_WRITERS = {
    DraftKind.THANK_YOU: _thank_you,
    DraftKind.FOLLOW_UP: _follow_up,
    DraftKind.THANKS_FOLLOW_UP: _thanks_follow_up,
    DraftKind.PHONE: _phone,
    DraftKind.FINAL: _final,
    DraftKind.WITHDRAWAL: _withdrawal,
    DraftKind.REJECTION: _rejection,
    DraftKind.OFFER: _offer,
    DraftKind.ACCEPT: _accept,
    DraftKind.DECLINE: _decline,
    DraftKind.EXPEDITE: _expedite,
}
