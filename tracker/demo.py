"""Realistic sample data: `tracker demo`'s board, and bulk data for the speed benchmark.

`populate_demo` writes a dozen applications that between them show every column, every next
action and every status. Dates are chosen relative to `now`, and each scenario tries a few
offsets and keeps the first one for which the rules engine says what the scenario is meant to
show, so the board looks right on any day of the week.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from tracker.model import (
    Action,
    Application,
    Channel,
    Debrief,
    Event,
    EventKind,
    Outcome,
    Person,
    Stage,
    Status,
)
from tracker.rules import Policy, evaluate
from tracker.store import Store

_STANDARD = Policy()


@dataclass(frozen=True, slots=True)
class _Want:
    stage: Stage
    action: Action | None
    status: Status | None = None  # None: any
    attempt: int | None = None
    channel: Channel | None = None


def _weekday(day: date, step: int = -1) -> date:
    """Moves off a weekend (backwards by default): interviews and follow-ups happen on weekdays."""
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def _on(now: datetime, days: int, hour: int, minute: int = 0) -> datetime:
    """A weekday moment `days` before now (negative: after), at the given time of day."""
    day = now.date() - timedelta(days=days)
    day = _weekday(day, -1 if days >= 0 else 1)
    return datetime.combine(day, time(hour, minute))


def _hours_ago(now: datetime, hours: int) -> datetime:
    return (now - timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)


def _office_hours_ago(now: datetime, least: int, most: int) -> list[int]:
    """Whole hours ago, most recent first, that fall in a weekday's 09:00-17:00: when a real
    interview would have ended. Empty when none does (e.g. on a Monday before nine)."""
    return [
        hours
        for hours in range(least, most + 1)
        if _hours_ago(now, hours).weekday() < 5 and 9 <= _hours_ago(now, hours).hour <= 17
    ]


def _fit(
    app: Application,
    want: _Want,
    build: Callable[[int], list[Event]],
    tries: Iterable[int],
    now: datetime,
) -> list[Event]:
    """The first candidate history the engine reads as `want`; the first one if none does."""
    first: list[Event] | None = None
    for k in tries:
        events = build(k)
        if first is None:
            first = events
        advice = evaluate(app, events, _STANDARD, now)
        if (
            advice.stage is want.stage
            and advice.action is want.action
            and want.status in (None, advice.status)
            and want.attempt in (None, advice.attempt)
            and want.channel in (None, advice.channel)
        ):
            return events
    assert first is not None
    return first


def _ev(kind: EventKind, at: datetime, **fields) -> Event:
    return Event(kind, at, **fields)


def demo_items(now: datetime) -> list[tuple[Application, list[Event]]]:
    """The demo's applications with their histories, in the order they are added."""
    created = now - timedelta(days=40)
    items: list[tuple[Application, list[Event]]] = []
    interview, thanked, followed, replied, closed, debrief, decision = (
        EventKind.INTERVIEW,
        EventKind.THANKED,
        EventKind.FOLLOWED_UP,
        EventKind.REPLIED,
        EventKind.CLOSED,
        EventKind.DEBRIEF,
        EventKind.DECISION,
    )
    email, phone = Channel.EMAIL, Channel.PHONE

    def add(app: Application, want: _Want, build: Callable[[int], list[Event]], tries) -> None:
        app = replace(app, created=created)
        items.append((app, _fit(app, want, build, tries, now)))

    # Interviewed: prepare (upcoming), thank-you due, thank-you overdue, missed thank-you (T2).
    add(
        Application(
            "Northwind Analytics",
            "Senior Data Engineer",
            "Priya Raman",
            "priya.raman@northwind.example",
            notes="Panel with the platform team.",
        ),
        _Want(Stage.INTERVIEWED, Action.PREPARE, Status.UPCOMING),
        lambda k: [
            _ev(
                interview,
                _on(now, -k, 14, 0),
                people=(
                    Person("Sam Park", "sam.park@northwind.example", "Engineering Manager"),
                    Person("Priya Natarajan", "priya@northwind.example", "Head of Data"),
                ),
            )
        ],
        (2, 1, 3, 4),
    )
    add(
        Application(
            "Lumen Health", "Product Designer", "Marcus Bell", "m.bell@lumenhealth.example"
        ),
        _Want(Stage.INTERVIEWED, Action.THANK_YOU, Status.DUE),
        lambda k: [
            _ev(
                interview,
                _hours_ago(now, k),
                people=(
                    Person("Marcus Bell", "m.bell@lumenhealth.example", "Design Lead"),
                    Person("Ines Duarte", "ines.duarte@lumenhealth.example", "Product Manager"),
                ),
            ),
        ],
        (*_office_hours_ago(now, 1, 23), 4, 2),
    )
    add(
        Application(
            "Brightwave Labs",
            "Frontend Developer",
            "Sofia Alvarez",
            "sofia@brightwave.example",
            "+1 415 555 0134",
        ),
        _Want(Stage.INTERVIEWED, Action.THANK_YOU, Status.OVERDUE),
        lambda k: [
            _ev(
                interview,
                _hours_ago(now, k),
                people=(
                    Person("Sofia Alvarez", "sofia@brightwave.example", "Frontend Lead"),
                    Person("Jonas Weber", title="Staff Engineer"),
                ),
            ),
            _ev(
                debrief,
                _hours_ago(now, k) + timedelta(hours=1),
                debrief=Debrief(
                    topics=(
                        ("Sofia Alvarez", "moving the checkout pages from jQuery to React"),
                        ("Jonas Weber", "how the team reviews and ships code every day"),
                    ),
                    point="my accessibility fixes cut support tickets about the sign-up form "
                    "by half",
                    fit="At my last job I moved a large storefront from jQuery to React, "
                    "page by page and without downtime",
                ),
            ),
            _ev(thanked, _hours_ago(now, k) + timedelta(hours=2), person="Sofia Alvarez"),
        ],
        (*_office_hours_ago(now, 25, 47), 30, 36),
    )
    add(
        Application(
            "Copperleaf Bank", "Business Analyst", "Daniel Okafor", "d.okafor@copperleaf.example"
        ),
        _Want(Stage.INTERVIEWED, Action.FOLLOW_UP, Status.WAITING),
        lambda k: [_ev(interview, _on(now, k, 11, 0))],
        (4, 3, 5, 6),
    )
    # Thanked: first follow-up due, overdue, and waiting on a decision date they gave.
    add(
        Application(
            "Harbor & Finch", "Marketing Manager", "Emily Chen", "emily.chen@harborfinch.example"
        ),
        _Want(Stage.THANKED, Action.FOLLOW_UP, Status.DUE),
        lambda k: [
            _ev(
                interview,
                _on(now, k, 15, 30),
                people=(Person("Emily Chen", "emily.chen@harborfinch.example"),),
            ),
            _ev(thanked, _on(now, k, 15, 30) + timedelta(hours=3)),
        ],
        (8, 7, 9, 10, 11),
    )
    add(
        Application(
            "Quillstone Publishing", "Managing Editor", "Hannah Moore", "hmoore@quillstone.example"
        ),
        _Want(Stage.THANKED, Action.FOLLOW_UP, Status.OVERDUE),
        lambda k: [
            _ev(interview, _on(now, k, 10, 0)),
            _ev(thanked, _on(now, k, 10, 0) + timedelta(hours=20)),
        ],
        (13, 12, 14, 15, 16),
    )
    add(
        Application(
            "Tidewater Logistics",
            "Operations Analyst",
            "Raj Patel",
            "raj.patel@tidewater.example",
            via=phone,
        ),
        _Want(Stage.THANKED, Action.FOLLOW_UP, Status.WAITING),
        lambda k: [
            _ev(interview, _on(now, k, 13, 0)),
            _ev(thanked, _on(now, k, 13, 0) + timedelta(hours=4)),
            _ev(  # the date came later, in a message from the recruiter
                decision,
                _on(now, k, 13, 0) + timedelta(hours=5),
                decision_by=now.date() + timedelta(days=4),
            ),
        ],
        (2, 3, 1),
    )
    add(
        Application(
            "Pinecrest College", "IT Support Specialist", "Laura Kim", "lkim@pinecrest.example"
        ),
        _Want(Stage.THANKED, Action.FOLLOW_UP),
        lambda k: [
            _ev(interview, _on(now, k, 9, 30), reply_within=10),
            _ev(thanked, _on(now, k, 9, 30) + timedelta(hours=5)),
        ],
        (5, 6, 4),
    )
    # Following up: a call as follow-up #2, the final #3, move on after three, and a reply.
    add(
        Application(
            "Meridian Robotics",
            "Embedded Software Engineer",
            "Tom Becker",
            "tom.becker@meridian.example",
            "+44 20 7946 0321",
        ),
        _Want(Stage.FOLLOWING_UP, Action.FOLLOW_UP, Status.DUE, attempt=2, channel=phone),
        lambda k: [
            _ev(interview, _on(now, k + 8, 14, 0)),
            _ev(thanked, _on(now, k + 8, 14, 0) + timedelta(hours=2)),
            _ev(followed, _on(now, k, 9, 15), channel=email),
        ],
        (4, 3, 5, 6, 7),
    )
    add(
        Application(
            "Orchard Systems",
            "QA Lead",
            "Grace Liu",
            "grace.liu@orchard.example",
            "+1 206 555 0188",
        ),
        _Want(Stage.FOLLOWING_UP, Action.FOLLOW_UP, Status.OVERDUE, attempt=3),
        lambda k: [
            _ev(interview, _on(now, k + 16, 11, 0)),
            _ev(thanked, _on(now, k + 16, 11, 0) + timedelta(hours=6)),
            _ev(followed, _on(now, k + 7, 10, 0), channel=email),
            _ev(followed, _on(now, k, 12, 0), channel=phone, voicemail=True),
        ],
        (9, 8, 10, 11, 12),
    )
    add(
        Application(
            "Saltmarsh Games", "Gameplay Programmer", "Oliver Grant", "ogrant@saltmarsh.example"
        ),
        _Want(Stage.FOLLOWING_UP, Action.MOVE_ON),
        lambda k: [
            _ev(interview, _on(now, k + 24, 16, 0)),
            _ev(thanked, _on(now, k + 24, 16, 0) + timedelta(hours=3)),
            _ev(followed, _on(now, k + 14, 9, 0), channel=email),
            _ev(followed, _on(now, k + 8, 10, 30), channel=email),
            _ev(followed, _on(now, k, 9, 45), channel=email),
        ],
        (7, 6, 8, 9, 10),
    )
    add(
        Application(
            "Fernhill Energy",
            "Sustainability Consultant",
            "Nadia Haddad",
            "nadia.haddad@fernhill.example",
        ),
        _Want(Stage.FOLLOWING_UP, Action.FOLLOW_UP, Status.WAITING, attempt=1),
        lambda k: [
            _ev(interview, _on(now, k + 9, 10, 0)),
            _ev(thanked, _on(now, k + 9, 10, 0) + timedelta(hours=4)),
            _ev(followed, _on(now, k + 1, 11, 0), channel=email),
            _ev(
                replied,
                _on(now, k, 15, 0),
                decision_by=now.date() + timedelta(days=3),
                note="Still interviewing; decision by the end of next week.",
            ),
        ],
        (1, 2, 3),
    )
    # Closed: one of each outcome; the offer awaits an answer, so every open card above may
    # send an expedite note (O1).
    for company, role, contact, outcome, k in (
        ("Vellum Studio", "UX Writer", "Chloe Martin", Outcome.OFFER, 2),
        ("Granite Insurance", "Claims Analyst", "Peter Novak", Outcome.REJECTED, 4),
        ("Kestrel Media", "Video Producer", "Aisha Bello", Outcome.WITHDREW, 6),
        ("Driftwood Foods", "Supply Planner", "Ben Carter", Outcome.NO_RESPONSE, 9),
        ("Bluebell Travel, Inc.", "Content Strategist", "Ruth Adler", Outcome.DECLINED, 12),
        ("Alder & Rowe", "Research Analyst", "Kofi Mensah", Outcome.ACCEPTED, 46),
    ):
        slug = company.split()[0].lower()
        first = contact.split()[0].lower()

        met = (Person(contact, f"{first}@{slug}.example"),)

        def history(
            _: int, outcome: Outcome = outcome, k: int = k, met: tuple[Person, ...] = met
        ) -> list[Event]:
            events = [
                _ev(interview, _on(now, k + 12, 11, 0), people=met),
                _ev(thanked, _on(now, k + 12, 11, 0) + timedelta(hours=5)),
                _ev(followed, _on(now, k + 4, 10, 0), channel=email),
            ]
            if outcome in (Outcome.OFFER, Outcome.ACCEPTED, Outcome.DECLINED):
                offered = _on(now, k + 1 if outcome is not Outcome.OFFER else k, 16, 0)
                answer_by = offered.date() + timedelta(days=7)
                events.append(_ev(closed, offered, outcome=Outcome.OFFER, decision_by=answer_by))
                if outcome is Outcome.OFFER:
                    return events
            return [*events, _ev(closed, _on(now, k, 17, 0), outcome=outcome)]

        add(
            Application(company, role, contact, f"{first}@{slug}.example"),
            _Want(Stage.CLOSED, None, Status.CLOSED),
            history,
            (0,),
        )
    # C2: withdrawn with the next round still on the calendar.
    add(
        Application("Ironbark Civil", "Site Engineer", "Mia Rossi", "mia.rossi@ironbark.example"),
        _Want(Stage.CLOSED, None, Status.CLOSED),
        lambda k: [
            _ev(interview, _on(now, k + 8, 10, 0)),
            _ev(thanked, _on(now, k + 8, 10, 0) + timedelta(hours=2)),
            _ev(interview, _on(now, -k, 10, 30)),
            _ev(closed, _on(now, 1, 9, 0), outcome=Outcome.WITHDREW),
        ],
        (3, 4, 5),
    )
    return items


def populate_demo(store: Store, now: datetime) -> None:
    """Fills an empty store with the demo applications (one transaction)."""
    store.import_all(demo_items(now))


# --- bulk data for the speed benchmark ------------------------------------------------------

_PREFIXES = (
    "North",
    "Bright",
    "Copper",
    "Harbor",
    "Quill",
    "Tide",
    "Pine",
    "Meridian",
    "Orchard",
    "Salt",
    "Fern",
    "Vellum",
    "Granite",
    "Kestrel",
    "Drift",
    "Silver",
    "Maple",
    "Cobalt",
    "Summit",
    "Echo",
)
_SUFFIXES = (
    "wind",
    "wave",
    "leaf",
    "stone",
    "water",
    "crest",
    "field",
    "works",
    "light",
    "point",
    "bridge",
    "gate",
    "ridge",
    "brook",
    "line",
    "forge",
)
_KINDS = ("Labs", "Systems", "Health", "Bank", "Media", "Logistics", "Studio", "Group", "Energy")
_ROLES = (
    "Data Engineer",
    "Product Designer",
    "Frontend Developer",
    "Business Analyst",
    "Marketing Manager",
    "Editor",
    "Operations Analyst",
    "QA Lead",
    "Backend Engineer",
    "Project Manager",
    "Data Scientist",
    "Support Specialist",
    "Account Executive",
    "UX Writer",
)
_NAMES = (
    "Priya",
    "Marcus",
    "Sofia",
    "Daniel",
    "Emily",
    "Hannah",
    "Raj",
    "Laura",
    "Tom",
    "Grace",
    "Oliver",
    "Nadia",
    "Chloe",
    "Peter",
    "Aisha",
    "Ben",
)
_SURNAMES = ("Raman", "Bell", "Alvarez", "Okafor", "Chen", "Moore", "Patel", "Kim", "Becker", "Liu")


def generated_items(n: int, now: datetime, seed: int = 0) -> list[tuple[Application, list[Event]]]:
    """`n` varied, valid applications spread over every column (deterministic for a seed)."""
    rng = random.Random(seed)
    items = []
    for number in range(n):
        company = f"{rng.choice(_PREFIXES)}{rng.choice(_SUFFIXES)} {rng.choice(_KINDS)}"
        first, last = rng.choice(_NAMES), rng.choice(_SURNAMES)
        app = Application(
            company=company,
            role=rng.choice(_ROLES),
            contact=f"{first} {last}",
            email=f"{first.lower()}.{last.lower()}@example.com",
            phone=f"+1 555 {rng.randrange(10000):04d}" if rng.random() < 0.4 else "",
            via=Channel.PHONE if rng.random() < 0.2 else Channel.EMAIL,
            notes=f"Application {number + 1}" if rng.random() < 0.3 else "",
            created=now - timedelta(days=90),
        )
        items.append((app, _random_history(rng, now)))
    return items


def _random_history(rng: random.Random, now: datetime) -> list[Event]:
    days = rng.randrange(-5, 60)
    at = _on(now, days, rng.choice((9, 10, 11, 14, 15, 16)), rng.choice((0, 15, 30, 45)))
    events = [Event(EventKind.INTERVIEW, at)]
    if at > now or rng.random() < 0.15:
        return events
    cursor = at + timedelta(hours=rng.randrange(2, 30))
    if cursor < now:
        events.append(Event(EventKind.THANKED, cursor))
    for _ in range(rng.randrange(0, 4)):
        cursor += timedelta(days=rng.randrange(3, 9))
        if cursor >= now:
            break
        kind = EventKind.REPLIED if rng.random() < 0.15 else EventKind.FOLLOWED_UP
        channel = (
            rng.choice((Channel.EMAIL, Channel.PHONE)) if kind is EventKind.FOLLOWED_UP else None
        )
        events.append(Event(kind, cursor, channel=channel))
    if days > 20 and rng.random() < 0.4:
        cursor += timedelta(days=rng.randrange(1, 5))
        if cursor < now:
            events.append(Event(EventKind.CLOSED, cursor, outcome=rng.choice(list(Outcome))))
    return events


def generate(store: Store, n: int, now: datetime, seed: int = 0) -> None:
    """Writes `n` generated applications in one transaction (the benchmark's 100/1,000/10,000)."""
    store.import_all(generated_items(n, now, seed))
