"""The domain's plain data: applications, their append-only events, and what the rules derive.

Only facts the user logged are stored; every `Advice` is computed from them at read time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum

from tracker.text import LINE_BREAKERS, is_control


class UserError(Exception):
    """Something the person can put right; every front end says it in one line (the CLI exits
    with status 2). The store's, the settings' and the workflow's errors all derive from it."""


class InputError(UserError, ValueError):
    """Bad user input, naming the field and the form expected, so every front end can say it in
    one line."""

    def __init__(self, field: str, expected: str, got: object | None = None) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        shown = "" if got is None else f" (got {_shorten(str(got))!r})"
        super().__init__(f"{field}: expected {expected}{shown}")


class NotFound(UserError, LookupError):
    """An application id that does not exist."""


# The years tracker reads and stores: every way in (typing, the board, imports) is held to them,
# so date arithmetic on a stored value can never leave the calendar.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
# The largest id an import may bring: exact as a JSON number in every reader, and far enough from
# SQLite's 2**63 - 1 that new ids keep counting up instead of turning random.
LARGEST_ID = 2**53 - 1


def check_year(field: str, value: date | None) -> None:
    """Refuses a date (or date and time) outside EARLIEST_YEAR..LATEST_YEAR."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise InputError(
            field, f"a date between {EARLIEST_YEAR} and {LATEST_YEAR}", value.isoformat()
        )


class Conflict(UserError):
    """A write found the card changed since the person looked (another window or the CLI):
    nothing was written, and the message says what changed."""

    def __init__(self, message: str, app_id: int | None = None) -> None:
        super().__init__(message)
        self.app_id = app_id


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"


class EventKind(StrEnum):
    INTERVIEW = "interview"
    THANKED = "thanked"
    FOLLOWED_UP = "followed-up"
    REPLIED = "replied"
    CLOSED = "closed"
    NOTE = "note"
    DECISION = "decision"  # a timeline heard after the round; changes nothing but the timeline
    DEBRIEF = "debrief"  # what was discussed in the latest round, for the thank-you notes


class Outcome(StrEnum):
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDREW = "withdrew"
    NO_RESPONSE = "no-response"
    ACCEPTED = "accepted"  # O1: closes an offer
    DECLINED = "declined"  # O1: closes an offer


# The outcomes that answer an offer: logged only on a card closed with one.
OFFER_ANSWERS = (Outcome.ACCEPTED, Outcome.DECLINED)


class Stage(StrEnum):
    INTERVIEWED = "interviewed"
    THANKED = "thanked"
    FOLLOWING_UP = "following-up"
    CLOSED = "closed"

    @property
    def title(self) -> str:  # type: ignore[override]  # the column's title, not str.title()
        return STAGE_TITLES[self]


STAGE_TITLES = {
    Stage.INTERVIEWED: "Interviewed",
    Stage.THANKED: "Thanked",
    Stage.FOLLOWING_UP: "Following up",
    Stage.CLOSED: "Closed",
}


class Action(StrEnum):
    PREPARE = "prepare"
    THANK_YOU = "thank-you"
    FOLLOW_UP = "follow-up"
    MOVE_ON = "move-on"


class Status(StrEnum):
    UPCOMING = "upcoming"
    WAITING = "waiting"
    DUE = "due"
    OVERDUE = "overdue"
    CLOSED = "closed"
    UNREADABLE = "unreadable"  # the stored card holds a value tracker cannot use


class DraftKind(StrEnum):
    THANK_YOU = "thank-you"
    FOLLOW_UP = "follow-up"
    THANKS_FOLLOW_UP = "thanks-follow-up"
    PHONE = "phone"
    FINAL = "final"
    WITHDRAWAL = "withdrawal"
    REJECTION = "rejection"
    OFFER = "offer"
    ACCEPT = "accept"
    DECLINE = "decline"
    EXPEDITE = "expedite"


# The words a user types on the command line for `tracker log`, mapped to stored events.
LOG_WORDS: dict[str, tuple[EventKind, Outcome | None]] = {
    "interview": (EventKind.INTERVIEW, None),
    "thanked": (EventKind.THANKED, None),
    "followed-up": (EventKind.FOLLOWED_UP, None),
    "replied": (EventKind.REPLIED, None),
    "offer": (EventKind.CLOSED, Outcome.OFFER),
    "rejected": (EventKind.CLOSED, Outcome.REJECTED),
    "withdrew": (EventKind.CLOSED, Outcome.WITHDREW),
    "no-response": (EventKind.CLOSED, Outcome.NO_RESPONSE),
    "accepted": (EventKind.CLOSED, Outcome.ACCEPTED),
    "declined": (EventKind.CLOSED, Outcome.DECLINED),
    "decision": (EventKind.DECISION, None),
    "note": (EventKind.NOTE, None),
}


@dataclass(frozen=True, slots=True)
class Application:
    company: str
    role: str
    contact: str = ""
    email: str = ""
    phone: str = ""
    via: Channel = Channel.EMAIL
    notes: str = ""
    created: datetime = datetime(EARLIEST_YEAR, 1, 1)  # callers set it; a placeholder in range
    id: int | None = None
    archived: datetime | None = None  # hidden from the board, `due` and `list` since then
    # Set only when reading: why a stored card cannot be used (a value another program wrote).
    problem: str = ""

    def validated(self) -> Application:
        """Checks every field a person types; storage and both front ends call it before a write."""
        notes = _unify_newlines(self.notes)
        company = self.company.strip()
        role = self.role.strip()
        if not company:
            raise InputError("company", "a non-empty name")
        if not role:
            raise InputError("role", "a non-empty job title")
        for name, value, limit in (
            ("company", company, 200),
            ("role", role, 200),
            ("contact", self.contact, 200),
            ("email", self.email, 254),
            ("phone", self.phone, 40),
            ("notes", notes, 20_000),
        ):
            if len(value) > limit:
                raise InputError(name, f"at most {limit} characters", f"{len(value)} characters")
            if name == "notes":
                _check_multiline(name, value)
            elif any(_is_control(c) for c in value):
                raise InputError(name, "a single line of printable text", value)
            elif any(c in LINE_BREAKERS for c in value):
                raise InputError(name, _NO_BREAKERS, value)
        email = self.email.strip()
        if email and not EMAIL_RE.fullmatch(email):
            raise InputError("email", "an address such as name@example.com", email)
        phone = self.phone.strip()
        if phone and not is_phone_number(phone):
            raise InputError("phone", PHONE_FORM, phone)
        check_year("created", self.created)
        check_year("archived", self.archived)
        return Application(
            company=company,
            role=role,
            contact=self.contact.strip(),
            email=email,
            phone=phone,
            via=Channel(self.via),
            notes=notes,
            created=self.created,
            id=self.id,
            archived=self.archived,
        )


def _is_control(char: str) -> bool:
    """Terminal controls, and lone surrogates (not text at all: nothing can store or print
    them, and a JSON file can hold them)."""
    return is_control(char) or "\ud800" <= char <= "\udfff"


_NO_BREAKERS = "one line without direction overrides (U+202A-202E, U+2066-2069) or line separators"


def _unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_multiline(field: str, value: str) -> None:
    if any(_is_control(c) and c not in "\n\t" for c in value):
        raise InputError(field, "printable text (line breaks and tabs allowed)", value)


def _check_names(event: Event) -> None:
    """The names an event carries (people met, whose thank-you) are single lines like a
    contact's: no controls, direction overrides or line separators."""
    named = [("person", event.person)]
    for person in event.people:
        named += [("people", person.name), ("people", person.email), ("people", person.title)]
    for name, value in named:
        if any(_is_control(c) for c in value):
            raise InputError(name, "a single line of printable text", value)
        if any(c in LINE_BREAKERS for c in value):
            raise InputError(name, _NO_BREAKERS, value)


EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# As people write them: (415) 555-0199, +44 (0)20 7946 0958, 415.555.0199, +1 415 555 0199 ext. 12.
PHONE_RE = re.compile(
    r"(?P<number>\+?[0-9(][0-9 ()./-]*[0-9])"
    r"(?:\s*,?\s*(?:ext\.?|extension|x)\s*(?P<ext>[0-9]{1,6}))?",
    re.IGNORECASE,
)
PHONE_FORM = (
    "a phone number such as +1 415 555 0199 (5 to 15 digits; spaces, + ( ) . - / allowed; "
    "an optional ext. 12)"
)


def is_phone_number(text: str) -> bool:
    """PHONE_RE plus what a pattern says badly: 5 to 15 digits (E.164's limit, not counting a
    national '(0)'), and brackets that open before they close and never nest."""
    match = PHONE_RE.fullmatch(text)
    if match is None:
        return False
    number = match["number"]
    depth = 0
    for char in number:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth not in (0, 1):
            return False
    digits = sum(c.isdigit() for c in number.replace("(0)", ""))
    return depth == 0 and 5 <= digits <= 15


@dataclass(frozen=True, slots=True)
class Person:
    """Someone met in an interview round: each is owed their own thank-you (T1)."""

    name: str
    email: str = ""
    title: str = ""

    @property
    def first_name(self) -> str:
        """'Priya' of 'Priya Natarajan'; a courtesy title such as 'Dr.' is kept with the name
        after it ('Dr. Chen'), since greeting someone as 'Dear Dr.' reads badly."""
        words = self.name.split()
        if not words:
            return ""
        if len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
            return f"{words[0]} {words[-1]}"
        return words[0]

    @classmethod
    def parse(cls, text: str, field: str = "with") -> Person:
        """Reads 'Name', 'Name <email>', 'Name, Title' or 'Name, Title <email>'."""
        raw = text
        text = text.strip()
        email = ""
        if text.endswith(">") and "<" in text:
            text, _, rest = text.rpartition("<")
            email = rest[:-1].strip()
        name, _, title = (part.strip() for part in text.partition(","))
        if "<" in name or ">" in name or "<" in title or ">" in title:
            raise InputError(field, PERSON_FORM, raw)
        return cls(name, email, title).validated(field)

    def validated(self, field: str = "with") -> Person:
        """The same checks as an application's contact: a name is required."""
        name, email, title = self.name.strip(), self.email.strip(), self.title.strip()
        if not name:
            raise InputError(field, "a name first: " + PERSON_FORM, self.name)
        for value, limit in ((name, 200), (email, 254), (title, 200)):
            if len(value) > limit:
                raise InputError(field, f"at most {limit} characters a part", value)
            if any(_is_control(c) for c in value):
                raise InputError(field, "a single line of printable text", value)
            if any(c in LINE_BREAKERS for c in value):
                raise InputError(field, _NO_BREAKERS, value)
        if email and not EMAIL_RE.fullmatch(email):
            raise InputError(field, "an address such as name@example.com inside <>", email)
        return Person(name, email, title)

    def __str__(self) -> str:
        shown = f"{self.name}, {self.title}" if self.title else self.name
        return f"{shown} <{self.email}>" if self.email else shown


PERSON_FORM = '"Name", "Name <email>" or "Name, Title <email>"'
_HONORIFICS = {"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"}


def latest_round(events: Sequence[Event]) -> Event | None:
    """The round that governs a card (RULES.md): the latest in time; of two at the same time,
    the one logged later. The rules' own single pass reads it the same way."""
    latest: Event | None = None
    for event in events:
        if event.kind is EventKind.INTERVIEW and (latest is None or event.at >= latest.at):
            latest = event
    return latest


def match_person(people: Sequence[Person], text: str, field: str = "to") -> Person:
    """The person met whom `text` names: their full name or an unambiguous first name, in any
    case. Used by every way in that names one of them (log --to, draft --to, the board)."""
    wanted = " ".join(text.split()).casefold()
    exact = [p for p in people if " ".join(p.name.split()).casefold() == wanted]
    if exact:
        return exact[0]
    # Else one unambiguous part of a name: 'Priya', 'Li' or 'Dr. Li' for 'Dr. Bo Li'.
    named = [p for p in people if wanted in _short_names(p)]
    if len(named) == 1:
        return named[0]
    if named:
        fits = " and ".join(p.name for p in named)
        raise InputError(field, f"a fuller name ({text!r} fits {fits})", text)
    if not people:
        raise InputError(field, "no name (nobody is recorded for the latest round)", text)
    names = ", ".join(p.name for p in people)
    raise InputError(field, "one of the people met in the latest round: " + names, text)


def _short_names(person: Person) -> set[str]:
    return {person.first_name.casefold(), *(w.casefold() for w in person.name.split())} - {""}


@dataclass(frozen=True, slots=True)
class Debrief:
    """What the candidate noted right after a round; the thank-you notes draw on it."""

    topics: tuple[tuple[str, str], ...] = ()  # (person's name, what you talked about)
    point: str = ""  # a point or story you did not get to make
    fit: str = ""  # one line on how your skills fit the role

    def validated(self) -> Debrief:
        """Single lines of printable text; a topic needs both a name and what was discussed."""
        topics = []
        for name, topic in self.topics:
            name, topic = name.strip(), topic.strip()
            if not name or not topic:
                raise InputError("topic", '"NAME: what you discussed"', f"{name}: {topic}")
            topics.append((name, topic))
        point, fit = self.point.strip(), self.fit.strip()
        for label, value in (
            ("topic", " ".join(t for _, t in topics)),
            ("point", point),
            ("fit", fit),
        ):
            if len(value) > 2000:
                raise InputError(label, "at most 2000 characters", f"{len(value)} characters")
            if any(_is_control(c) for c in value):
                raise InputError(label, "a single line of printable text", value)
            if any(c in LINE_BREAKERS for c in value):
                raise InputError(label, _NO_BREAKERS, value)
        return Debrief(tuple(topics), point, fit)

    def topic_for(self, name: str) -> str:
        """What `name` talked about: matched on the full name, else on the first name."""
        wanted = " ".join(name.split()).casefold()
        for who, topic in self.topics:
            if " ".join(who.split()).casefold() == wanted:
                return topic
        first = wanted.split()[0] if wanted else ""
        for who, topic in self.topics:
            if who.split() and who.split()[0].casefold() == first:
                return topic
        return ""


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    at: datetime
    channel: Channel | None = None
    decision_by: date | None = None
    reply_within: int | None = None
    outcome: Outcome | None = None
    note: str = ""
    id: int | None = None
    app_id: int | None = None
    people: tuple[Person, ...] = ()  # interview: the people met in the round
    person: str = ""  # thanked: whose thank-you this was ("" means everyone still owed)
    voicemail: bool = False  # followed-up by phone: a message was left
    expedite: bool = False  # followed-up: the O1 expedite note
    debrief: Debrief | None = None  # debrief: what was discussed

    def validated(self) -> Event:
        """Checks the dates' range and the fields that only make sense together (decision date
        vs reply window)."""
        check_year("at", self.at)
        check_year("decision-by", self.decision_by)
        _check_names(self)
        if self.decision_by is not None and self.reply_within is not None:
            raise InputError("decision", "either a decision date or a reply window, not both")
        if self.reply_within is not None and not 0 <= self.reply_within <= 365:
            raise InputError(
                "reply-within", "a whole number of days from 0 to 365", self.reply_within
            )
        if self.decision_by is not None and self.decision_by < self.at.date():
            raise InputError(
                "decision-by",
                f"a date on or after {self.at:%Y-%m-%d} (the {self.kind} it was given with)",
                self.decision_by.isoformat(),
            )
        if (
            self.kind is EventKind.DECISION
            and self.decision_by is None
            and self.reply_within is None
        ):
            raise InputError("decision-by", "the date they will decide by, or a reply window")
        if self.kind is EventKind.CLOSED and self.outcome is None:
            raise InputError("outcome", "one of " + ", ".join(o.value for o in Outcome))
        timed = self.decision_by is not None or self.reply_within is not None
        if self.kind is EventKind.CLOSED and (
            (timed and self.outcome is not Outcome.OFFER) or self.reply_within is not None
        ):
            raise InputError("answer-by", "an answer-by date, and only with an offer")
        if self.kind is EventKind.FOLLOWED_UP and self.channel is None:
            raise InputError("via", "email or phone")
        kind = self.kind
        for name, given, fits, what in (
            ("with", self.people, kind is EventKind.INTERVIEW, "an interview round"),
            ("to", self.person, kind is EventKind.THANKED, "a thank-you"),
            ("voicemail", self.voicemail, self.channel is Channel.PHONE, "a follow-up by phone"),
            ("expedite", self.expedite, kind is EventKind.FOLLOWED_UP, "a follow-up"),
            ("debrief", self.debrief, kind is EventKind.DEBRIEF, "a debrief"),
        ):
            if given and not fits:
                word = self.outcome.value if self.outcome else kind.value
                raise InputError(name, f"only with {what}, not with {word}")
        if len(self.note) > 20_000:
            raise InputError("note", "at most 20000 characters", f"{len(self.note)} characters")
        note = _unify_newlines(self.note)
        _check_multiline("note", note)
        people = tuple(p.validated() for p in self.people)
        if len({" ".join(p.name.split()).casefold() for p in people}) != len(people):
            raise InputError("with", "each person once", ", ".join(p.name for p in people))
        debrief = self.debrief.validated() if self.debrief is not None else None
        if (note, people, debrief) == (self.note, self.people, self.debrief):
            return self
        return replace(self, note=note, people=people, debrief=debrief)


def _seconds(moment: datetime) -> int:
    """A naive moment as a count of seconds, for ordering only: plain arithmetic, where
    `timestamp()` would ask the C library for the local time zone on every card."""
    return moment.toordinal() * 86_400 + moment.hour * 3_600 + moment.minute * 60 + moment.second


_URGENCY = {
    Status.UNREADABLE: 0,
    Status.OVERDUE: 0,
    Status.DUE: 1,
    Status.UPCOMING: 2,
    Status.WAITING: 2,
}


@dataclass(frozen=True, slots=True)
class Advice:
    """What the rules say about one application at one moment: the card's whole story."""

    stage: Stage
    action: Action | None  # None once closed
    status: Status
    channel: Channel
    attempt: int  # number of the follow-up this action is (1-3); 0 for prepare/thank-you/move-on
    due_at: datetime | None  # when the action becomes due
    overdue_at: datetime | None  # first moment it counts as overdue
    rule: str  # e.g. "T1", "F1", "F2", "M1", "R1", "P1", "C1"
    # The words are built on demand: thousands of cards are evaluated at start-up, but only the
    # ones a person looks at are put into words (and `due --json` needs only the reason).
    say_reason: Callable[[], str] = field(compare=False, repr=False)
    say_why: Callable[[], tuple[str, ...]] = field(compare=False, repr=False)
    tip: str = ""
    draft: DraftKind | None = None  # the email (or script) the copy key produces
    folds_thanks: bool = False  # T2: the thank-you was never sent
    decision_date: date | None = None
    decision_source: str = ""  # "they said they'd decide by Fri 20 Nov"
    outcome: Outcome | None = None
    latest_round: datetime | None = None
    closed_at: datetime | None = None
    owed: tuple[str, ...] = ()  # T1: the people of the latest round still owed a note
    thanked_at: datetime | None = None  # the first thank-you logged since the latest round
    expedite: bool = False  # O1: an offer elsewhere awaits an answer; an expedite note may go
    expedite_by: date | None = None  # ... by this day, when the offer named one
    # A sentence said after the reason (O1's expedite option), built on demand like the words.
    say_also: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    def __init__(
        self,
        stage: Stage,
        action: Action | None,
        status: Status,
        channel: Channel,
        attempt: int,
        due_at: datetime | None,
        overdue_at: datetime | None,
        rule: str,
        say_reason: Callable[[], str],
        say_why: Callable[[], tuple[str, ...]],
        tip: str = "",
        draft: DraftKind | None = None,
        folds_thanks: bool = False,
        decision_date: date | None = None,
        decision_source: str = "",
        outcome: Outcome | None = None,
        latest_round: datetime | None = None,
        closed_at: datetime | None = None,
        owed: tuple[str, ...] = (),
        thanked_at: datetime | None = None,
        expedite: bool = False,
        expedite_by: date | None = None,
        say_also: Callable[[], str] | None = None,
    ) -> None:
        """What the frozen dataclass's __init__ does, through the slots' own setters at half
        its cost (it calls object.__setattr__ by name per field), as every card pays it at
        start-up. test_model holds this signature to the declared fields."""
        s = _ADVICE_SETTERS
        s[0](self, stage)
        s[1](self, action)
        s[2](self, status)
        s[3](self, channel)
        s[4](self, attempt)
        s[5](self, due_at)
        s[6](self, overdue_at)
        s[7](self, rule)
        s[8](self, say_reason)
        s[9](self, say_why)
        s[10](self, tip)
        s[11](self, draft)
        s[12](self, folds_thanks)
        s[13](self, decision_date)
        s[14](self, decision_source)
        s[15](self, outcome)
        s[16](self, latest_round)
        s[17](self, closed_at)
        s[18](self, owed)
        s[19](self, thanked_at)
        s[20](self, expedite)
        s[21](self, expedite_by)
        s[22](self, say_also)

    @property
    def reason(self) -> str:
        """One line a person reads on the card's panel and in `tracker due`."""
        if self.say_also is None:
            return self.say_reason()
        return f"{self.say_reason()} {self.say_also()}"

    @property
    def explanation(self) -> tuple[str, ...]:
        """The rule in plain words, the dates it used and where they came from."""
        return self.say_why()

    @property
    def sort_key(self) -> tuple[int, float]:
        """Most urgent first: overdue, then due, then the rest by date; Closed newest first."""
        if self.status is Status.CLOSED:
            return (3, -_seconds(self.closed_at or datetime.min))
        rank = _URGENCY[self.status]
        return (rank, _seconds(self.due_at) if self.due_at else float("-inf"))

    @property
    def due(self) -> date | None:
        return self.due_at.date() if self.due_at else None

    @property
    def deadline(self) -> date | None:
        """The last day (or, for the thank-you, the moment's day) before the action is overdue."""
        if self.overdue_at is None:
            return None
        if self.overdue_at.time() == datetime.min.time():
            return date.fromordinal(self.overdue_at.toordinal() - 1)
        return self.overdue_at.date()


def slot_setters(cls: type, names: tuple[str, ...]) -> list[Callable[[object, object], None]]:
    """The slots' own setters of a frozen dataclass whose fields are exactly `names`, in that
    order, or [] when they are not (or a __post_init__ would be skipped): the hot paths that
    build thousands of records at start-up fill them through these, not object.__setattr__."""
    if tuple(f.name for f in fields(cls)) != names or hasattr(cls, "__post_init__"):
        return []
    setters = [getattr(cls.__dict__.get(name), "__set__", None) for name in names]
    return [] if None in setters else setters  # type: ignore[return-value]


# What Advice.__init__ calls: each field's setter, in declaration order.
_ADVICE_SETTERS = slot_setters(Advice, tuple(f.name for f in fields(Advice)))


@dataclass(frozen=True, slots=True)
class Profile:
    """The user's own signature details, and how their drafts greet people, from the config
    file."""

    name: str = ""
    email: str = ""
    phone: str = ""
    salutation: str = "first"  # "first": "Dear Priya,"; "full": "Dear Priya Natarajan,"
