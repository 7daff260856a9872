"""Calendars out and in, on the icalendar package.

Out: every open card's next action as an all-day event on its due day, with an alarm at the
`remind_at` setting, and every interview round still ahead as a timed event with its people as
attendees. UIDs are stable, so a calendar subscribed to the file updates its events.

In: interview invitations (.ics from Google Calendar, Outlook, Calendly) read into new
applications or new rounds; every event is checked before anything is written, and what cannot be
imported (a repeating or cancelled event) is said in one line.

Pure: no storage, no clock, no click (the command writes the feed through tracker.files).
icalendar takes ~150 ms to import, so the commands import this module only when they need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

import icalendar

from tracker import __version__
from tracker.model import (
    Action,
    Advice,
    Application,
    Channel,
    Event,
    EventKind,
    InputError,
    Person,
    Status,
)
from tracker.text import plain
from tracker.words import fmt_day, fmt_moment

Item = tuple[Application, list[Event]]

PRODID = f"-//tracker//tracker {__version__}//EN"
ROUND_LENGTH = timedelta(hours=1)  # tracker keeps when a round ends; the start is drawn before
ROUND_ALARM = timedelta(hours=1)  # a round's alarm goes off this long before it starts

# --- calendars out ----------------------------------------------------------------------------

_SUMMARY_WORDS = {
    Action.THANK_YOU: "Send thank-you",
    Action.FOLLOW_UP: "Follow up",
    Action.MOVE_ON: "Move on",
}
_DATED = (Status.WAITING, Status.DUE, Status.OVERDUE)


@dataclass(frozen=True, slots=True)
class Feed:
    """An iCalendar file and how many events of each sort it holds."""

    text: str
    actions: int
    rounds: int

    @property
    def events(self) -> int:
        return self.actions + self.rounds


def action_uid(app_id: int | None, advice: Advice) -> str:
    """Stable per application, action and attempt: a newer export updates the same event."""
    action = advice.action.value if advice.action else "none"
    return f"tracker-{app_id}-{action}-{advice.attempt}@tracker.local"


def round_uid(app_id: int | None, event: Event) -> str:
    return f"tracker-{app_id}-round-{event.id}@tracker.local"


def _action_title(advice: Advice) -> str:
    assert advice.action is not None
    if advice.action is Action.FOLLOW_UP:
        how = "Call to follow up" if advice.channel is Channel.PHONE else "Follow up"
        return f"{how} #{advice.attempt}"
    return _SUMMARY_WORDS[advice.action]


def _what_to_do(app: Application, advice: Advice) -> str:
    """The reason in words that stay true whenever the event is read: dates, never 'tomorrow'."""
    job = f"the {app.role} role at {app.company}"
    if advice.action is Action.THANK_YOU:
        when = f" of {fmt_moment(advice.latest_round)}" if advice.latest_round else ""
        return f"Send the thank-you note for the interview{when} ({job})."
    if advice.action is Action.FOLLOW_UP:
        how = "Call" if advice.channel is Channel.PHONE else "Email"
        return f"{how} to follow up on {job} (attempt {advice.attempt}) and ask for an update."
    return f"All follow-ups on {job} are sent with no reply: close it as no-response, move on."


def _deadline_words(advice: Advice) -> str:
    assert advice.due is not None
    words = f"Due {fmt_day(advice.due)}"
    overdue_at = advice.overdue_at
    if overdue_at is not None and advice.deadline is not None:
        last = fmt_day(advice.deadline)
        if overdue_at.time() != time.min:
            last = fmt_moment(overdue_at)
        words += f"; overdue after {last}"
    return words + "."


def _action_event(app: Application, advice: Advice, stamp: datetime, remind_at: time):
    assert advice.action is not None and advice.due is not None
    title = f"{_action_title(advice)}: {app.company} — {app.role}"
    lines = [_what_to_do(app, advice), _deadline_words(advice)]
    if advice.decision_source:
        source = advice.decision_source
        lines.append(f"{source[0].upper()}{source[1:]}.")
    if advice.draft is not None and app.id is not None:
        lines.append(f"Draft it with: tracker draft {app.id}")
    if app.id is not None:
        lines.append(f"The reasons: tracker show {app.id}")
    if advice.tip:
        lines.append(advice.tip)
    event = icalendar.Event()
    event.add("uid", action_uid(app.id, advice))
    event.add("dtstamp", stamp)
    event.add("dtstart", advice.due)
    event.add("dtend", advice.due + timedelta(days=1))
    event.add("summary", title)
    event.add("description", "\n".join(lines))
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(title, timedelta(hours=remind_at.hour, minutes=remind_at.minute)))
    return event


def _alarm(text: str, trigger: timedelta):
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger, parameters={"RELATED": "START"})
    return alarm


def _round_event(app: Application, event: Event, number: int, stamp: datetime):
    title = f"Interview (round {number}): {app.company} — {app.role}"
    start = event.at - ROUND_LENGTH
    lines = [
        f"Interview round {number} for the {app.role} role at {app.company}, ending "
        f"{fmt_moment(event.at)} (tracker keeps the end; the start shown is an hour before).",
    ]
    if event.people:
        met = "; ".join(
            p.name + (f" ({p.title})" if p.title else "") for p in event.people if p.name
        )
        if met:
            lines.append(f"With: {met}.")
    if app.id is not None:
        lines.append(f"Afterwards: tracker log {app.id} thanked, once the notes are sent.")
    vevent = icalendar.Event()
    vevent.add("uid", round_uid(app.id, event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", start)
    vevent.add("dtend", event.at)
    vevent.add("summary", title)
    vevent.add("description", "\n".join(lines))
    for person in event.people:
        if not person.email:
            continue  # an attendee is an address; the name alone is in the description
        attendee = icalendar.vCalAddress(f"mailto:{person.email}")
        if person.name:
            attendee.params["CN"] = person.name
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        vevent.add("attendee", attendee, encode=False)
    vevent.add_component(_alarm(title, -ROUND_ALARM))
    return vevent


def export_ics(
    items: Iterable[Item], advices: Sequence[Advice], now: datetime, remind_at: time
) -> Feed:
    """The feed: an all-day event per open card's dated next action, on its due day with an
    alarm at `remind_at`, and a timed event per interview round still ahead."""
    stamp = now.astimezone(UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Interview follow-ups")
    actions = rounds = 0
    for (app, events), advice in zip(items, advices, strict=True):
        if app.archived is not None or advice.status is Status.CLOSED:
            continue
        if advice.action not in (None, Action.PREPARE) and advice.status in _DATED and advice.due:
            calendar.add_component(_action_event(app, advice, stamp, remind_at))
            actions += 1
        rounds_in_order = sorted((e for e in events if e.kind is EventKind.INTERVIEW), key=_at)
        for number, event in enumerate(rounds_in_order, 1):
            if event.at > now:
                calendar.add_component(_round_event(app, event, number, stamp))
                rounds += 1
    return Feed(calendar.to_ical().decode("utf-8"), actions, rounds)


def _at(event: Event) -> datetime:
    return event.at


# --- calendars in: interview invitations ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Invite:
    """One invitation event, read and checked, in local time."""

    uid: str
    summary: str
    start: datetime
    end: datetime  # stored as the round's time: a round is recorded by when it ended
    zone: str  # where the times came from: a TZID, 'UTC' or 'floating'
    organizer: Person | None
    people: tuple[Person, ...]
    location: str
    company: str
    company_from: str
    role: str
    role_from: str

    @property
    def domain(self) -> str:
        return _domain(self.organizer.email) if self.organizer else ""


# Mail and scheduling services: their domain says nothing about the employer.
GENERIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "google.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "calendly.com",
        "example.com",
    }
)
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ltd"}

_ROLE_AT_COMPANY = (
    # "Platform Engineer interview at Acme", "Data Analyst - Interview with Globex"
    re.compile(r"(?P<role>.+?)\s*[-–:|]?\s*interview\s+(?:at|with)\s+(?P<company>.+)", re.I),
    # "Interview: Platform Engineer at Acme", "Interview for Analyst @ Globex"
    re.compile(r"interview\s*(?:[-–:|]|for)\s*(?P<role>.+?)\s+(?:at|@)\s+(?P<company>.+)", re.I),
    # "Acme | Platform Engineer interview", "Acme: Analyst - interview"
    re.compile(r"(?P<company>[^:|–]+?)\s*[:|–]\s*(?P<role>.+?)\s*[-–]?\s*interview\b.*", re.I),
)
_COMPANY_ONLY = (
    re.compile(r".*?\binterview\s+(?:at|with)\s+(?P<company>.+)", re.I),  # "Interview at Acme"
    re.compile(r"(?P<company>[^:|–]+?)\s*[:|–].*\binterview\b.*", re.I),  # "Acme: 2nd interview"
)
_ROLE_ONLY = re.compile(r"(?P<role>.+?)\s*[-–:|]?\s*interview\b.*", re.I)
# Words that describe the meeting, not the job: "second interview", "30 min phone interview".
_MEETING_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "first",
        "second",
        "third",
        "final",
        "next",
        "last",
        "follow-up",
        "followup",
        "round",
        "phone",
        "video",
        "call",
        "technical",
        "onsite",
        "on-site",
        "screening",
        "screen",
        "chat",
        "intro",
        "introductory",
        "min",
        "mins",
        "minute",
        "minutes",
        "meeting",
    }
)


def _is_role(text: str) -> bool:
    words = re.split(r"[\s,]+", text.strip(" -–:|").lower())
    return any(word and not word.isdigit() and word not in _MEETING_WORDS for word in words)


def _domain(email: str) -> str:
    return email.rpartition("@")[2].lower().strip()


def company_from_domain(domain: str) -> str:
    """'talent.acme-robotics.co.uk' -> 'Acme Robotics'; '' for mail services and bare hosts."""
    if not domain or domain in GENERIC_DOMAINS:
        return ""
    labels = domain.split(".")[:-1]  # the top-level domain goes
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    if not labels or labels[-1] in _SECOND_LEVEL:
        return ""
    return " ".join(word.capitalize() for word in re.split(r"[-_]+", labels[-1]) if word)


def _clean(text: object, limit: int = 200) -> str:
    return " ".join(plain(str(text)).split())[:limit]


def _person(address: object) -> Person | None:
    """A Person from an ORGANIZER/ATTENDEE value ('mailto:...' with CN=...)."""
    value = str(address).strip()
    email = value[7:] if value.lower().startswith("mailto:") else value
    email = _clean(email, 254)
    params = getattr(address, "params", {})
    name = _clean(params.get("CN", ""))
    if "@" not in email:
        email = ""
    if not name and not email:
        return None
    return Person(name or email.partition("@")[0], email)


def _guess(summary: str, domain: str) -> tuple[str, str, str, str]:
    """(company, where from, role, where from), from the summary and the organizer's domain."""
    for pattern in _ROLE_AT_COMPANY:
        match = pattern.fullmatch(summary)
        if match and _is_role(match["role"]):
            return (
                match["company"].strip(" -–:|"),
                "the summary",
                match["role"].strip(" -–:|"),
                "the summary",
            )
    role, role_from = "", ""
    match = _ROLE_ONLY.fullmatch(summary)
    if match:
        candidate = re.split(r"[:|–]", match["role"])[-1]  # "Globex: second" -> "second"
        if _is_role(candidate):
            role, role_from = candidate.strip(" -–:|"), "the summary"
    company = company_from_domain(domain)
    if company:
        return company, f"the organizer's domain {domain}", role, role_from
    for pattern in _COMPANY_ONLY:
        match = pattern.fullmatch(summary)
        if match:
            return match["company"].strip(" -–:|"), "the summary", role, role_from
    return "", "", role, role_from


def _local(value: datetime, local: tzinfo | None) -> datetime:
    """An aware time in the local zone (or `local`), naive; a floating time stays as it is."""
    if value.tzinfo is None:
        return value.replace(microsecond=0)
    moved = value.astimezone(local) if local is not None else value.astimezone()
    return moved.replace(tzinfo=None, microsecond=0)


def _zone_name(value: datetime, prop: object) -> str:
    tzid = getattr(prop, "params", {}).get("TZID")
    if tzid:
        return str(tzid)
    if value.tzinfo is None:
        return "floating"
    return "UTC" if value.utcoffset() == timedelta(0) else str(value.tzinfo)


def read_invites(
    text: str,
    *,
    own_email: str = "",
    company: str | None = None,
    role: str | None = None,
    local: tzinfo | None = None,
) -> tuple[list[Invite], list[str]]:
    """The importable invitations in an .ics file, and one line for each event left out
    (cancelled or repeating). A malformed file or event raises InputError: nothing is imported.
    `local` is the zone to show times in (default: this machine's)."""
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError) as err:
        raise InputError("FILE", "an iCalendar (.ics) file", _clean(err, 80)) from None
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise InputError("FILE", "an iCalendar file starting with BEGIN:VCALENDAR")
    method = str(calendar.get("METHOD", "")).upper()
    vevents = list(calendar.walk("VEVENT"))
    if not vevents:
        raise InputError("FILE", "an invitation with at least one event (VEVENT)", "no events")
    invites: list[Invite] = []
    skipped: list[str] = []
    for number, vevent in enumerate(vevents, 1):
        summary = _clean(vevent.get("SUMMARY", "")) or "(no title)"
        where = f"event {number} ({summary!r})"
        errors = getattr(vevent, "errors", None)
        if errors:
            prop, why = errors[0] if isinstance(errors[0], tuple) else ("", errors[0])
            raise InputError("FILE", f"a well-formed {prop or 'event'} in {where}", _clean(why, 60))
        start_prop = vevent.get("DTSTART")
        if start_prop is None:
            raise InputError("FILE", f"a start time (DTSTART) in {where}", "none")
        start_raw = start_prop.dt
        if not isinstance(start_raw, datetime):
            raise InputError("FILE", f"a start time of day in {where}", "an all-day event")
        if start_prop.params.get("TZID") and start_raw.tzinfo is None:
            raise InputError(
                "FILE", f"a time zone this computer knows in {where}", start_prop.params["TZID"]
            )
        status = str(vevent.get("STATUS", "")).upper()
        when = fmt_moment(_local(start_raw, local))
        if method == "CANCEL" or status == "CANCELLED":
            skipped.append(
                f"{where} on {when} was cancelled by the organizer; nothing imported "
                "(if you logged that round, `tracker undo ID` removes it)"
            )
            continue
        if "RRULE" in vevent or "RDATE" in vevent:
            skipped.append(
                f"{where} repeats (RRULE); not imported: log each round with "
                "`tracker log ID interview --on ...`"
            )
            continue
        end_raw = _end_of(vevent, start_raw, where)
        start = _local(start_raw, local)
        end = _local(end_raw, local)
        if end < start:
            raise InputError("FILE", f"an end after the start in {where}", fmt_moment(end))
        organizer = _person(vevent["ORGANIZER"]) if "ORGANIZER" in vevent else None
        mine = own_email.strip().lower()
        people: list[Person] = []
        seen: set[str] = set()
        attendees = vevent.get("ATTENDEE", [])
        for address in attendees if isinstance(attendees, list) else [attendees]:
            cutype = str(getattr(address, "params", {}).get("CUTYPE", "")).upper()
            person = _person(address)
            if person is None or cutype in ("ROOM", "RESOURCE"):
                continue
            key = (person.email or person.name).lower()
            if (mine and person.email.lower() == mine) or key in seen:
                continue
            seen.add(key)
            people.append(person)
        guessed = _guess(summary, _domain(organizer.email) if organizer else "")
        invites.append(
            Invite(
                uid=_clean(vevent.get("UID", "")),
                summary=summary,
                start=start,
                end=end,
                zone=_zone_name(start_raw, start_prop),
                organizer=organizer,
                people=tuple(people),
                location=_clean(vevent.get("LOCATION", "")),
                company=_clean(company) if company else guessed[0],
                company_from="--company" if company else guessed[1],
                role=_clean(role) if role else guessed[2],
                role_from="--role" if role else guessed[3],
            )
        )
    return invites, skipped


def _end_of(vevent, start: datetime, where: str) -> datetime:
    if "DTEND" in vevent:
        end = vevent["DTEND"].dt
        if not isinstance(end, datetime):
            raise InputError("FILE", f"an end time of day (DTEND) in {where}", str(end))
        return end
    if "DURATION" in vevent:
        length = vevent["DURATION"].dt
        if not isinstance(length, timedelta):
            raise InputError("FILE", f"a duration such as PT45M in {where}", str(length))
        return start + length
    return start  # RFC 5545: no end and no duration means it ends as it starts


# --- matching invitations to cards ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an invitation goes: a new application, or a new round of `target`."""

    invite: Invite
    target: Application | None
    matched_by: str  # 'the company name', "the organizer's domain acme.com", or ''
    duplicate: bool  # `target` already has a round ending at that moment


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


def place(invite: Invite, cards: Sequence[tuple[Application, list[Event], Advice]]) -> Placement:
    """The open card an invitation belongs to (same company, else the organizer's domain on a
    card's addresses), newest first; none means a new application."""
    open_cards = [
        card for card in cards if card[2].status is not Status.CLOSED and card[0].archived is None
    ]
    open_cards.sort(key=lambda card: card[0].id or 0, reverse=True)
    wanted = _key(invite.company)
    target, how = None, ""
    for app, events, _ in open_cards:
        if wanted and _key(app.company) == wanted:
            target, how = (app, events), "the company name"
            break
    domain = invite.domain
    if target is None and domain and domain not in GENERIC_DOMAINS:
        for app, events, _ in open_cards:
            addresses = [app.email, *(p.email for e in events for p in e.people)]
            if any(_domain(address) == domain for address in addresses if address):
                target, how = (app, events), f"the organizer's domain {domain}"
                break
    if target is None:
        return Placement(invite, None, "", False)
    app, events = target
    duplicate = any(e.kind is EventKind.INTERVIEW and e.at == invite.end for e in events)
    return Placement(invite, app, how, duplicate)


def round_event(invite: Invite, channel: Channel) -> Event:
    """The interview round an invitation becomes: its end time, its people, a short note."""
    note = f"From the invitation {invite.summary!r}, {fmt_moment(invite.start)}–{invite.end:%H:%M}"
    if invite.location:
        note += f", {invite.location}"
    return Event(EventKind.INTERVIEW, invite.end, channel=channel, people=invite.people, note=note)


def new_application(invite: Invite, now: datetime) -> Application:
    """A new card from an invitation; company and role must be known by now."""
    if not invite.company:
        raise InputError(
            "--company",
            f"the company's name: neither the summary {invite.summary!r} nor the organizer's "
            "address says it",
        )
    if not invite.role:
        raise InputError("--role", f"the job title: the summary {invite.summary!r} does not say it")
    organizer = invite.organizer
    return Application(
        company=invite.company,
        role=invite.role,
        contact=organizer.name if organizer else "",
        email=organizer.email if organizer else "",
        created=now,
    ).validated()


def describe(placement: Placement) -> str:
    """One line for --dry-run: what would happen and where each value came from."""
    invite = placement.invite
    span = f"{fmt_moment(invite.start)}–{invite.end:%H:%M} local (from {invite.zone})"
    who = ""
    if invite.organizer:
        who = f"; contact {invite.organizer.name} <{invite.organizer.email}>"
    people = "; ".join(p.name for p in invite.people)
    met = f"; people: {people}" if people else ""
    if placement.target is not None:
        app = placement.target
        card = f"#{app.id} {app.company}" if app.id else f"the new {app.company} card above"
        if placement.duplicate:
            return f"already on {card}: the round ending {fmt_moment(invite.end)}"
        return (
            f"would add round {span} to {card} — {app.role} "
            f"(matched by {placement.matched_by}){met}"
        )
    company = f"company {invite.company!r} from {invite.company_from or '(unknown)'}"
    role = f"role {invite.role!r} from {invite.role_from or '(unknown)'}"
    return f"would add a new application: {company}, {role}, round {span}{who}{met}"


__all__ = [
    "Feed",
    "Invite",
    "Placement",
    "action_uid",
    "company_from_domain",
    "describe",
    "export_ics",
    "new_application",
    "place",
    "read_invites",
    "round_event",
    "round_uid",
]
