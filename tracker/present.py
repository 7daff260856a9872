"""How a card is put into words and records for people and scripts, defined once: the JSON
record `due`, `list` and `show` print, the timeline lines, and the short event words the
board's toasts and confirmations use.

Textual-free; imported by the command line and the board alike.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tracker.model import Advice, Application, Event, EventKind
from tracker.words import fmt_day


def iso(day: date | datetime | None) -> str | None:
    if day is None:
        return None
    if isinstance(day, datetime):
        return day.isoformat(timespec="seconds")
    return day.isoformat()


def urgency(advice: Advice, app: Application) -> tuple:
    """Most urgent first: the order of `tracker due`, of each column on the board, and the
    card the board selects at launch. Ties go by company name, then the older application."""
    return (*advice.sort_key, app.company.casefold(), app.id or 0)


def card_record(app: Application, advice: Advice) -> dict[str, Any]:
    """The JSON object of one card: the keys `due --json` promises, then the details."""
    return {
        "id": app.id,
        "company": app.company,
        "role": app.role,
        "stage": advice.stage.value,
        "action": advice.action.value if advice.action else None,
        "channel": advice.channel.value,
        "attempt": advice.attempt,
        "due": iso(advice.due),
        "deadline": iso(advice.deadline),
        "status": advice.status.value,
        "reason": advice.reason,
        "due_at": iso(advice.due_at),
        "overdue_at": iso(advice.overdue_at),
        "rule": advice.rule,
        "draft": advice.draft.value if advice.draft else None,
        "outcome": advice.outcome.value if advice.outcome else None,
        "contact": app.contact,
        "email": app.email,
        "phone": app.phone,
        "via": app.via.value,
        "archived": iso(app.archived),
        "owed": list(advice.owed),  # T1: the people still owed a thank-you note
        "expedite_by": iso(advice.expedite_by),  # O1: an offer elsewhere needs an answer by then
    }


EVENT_WORDS = {
    EventKind.INTERVIEW: "interview round",
    EventKind.THANKED: "thank-you sent",
    EventKind.FOLLOWED_UP: "followed up",
    EventKind.REPLIED: "they replied",
    EventKind.DECISION: "timeline heard",
    EventKind.DEBRIEF: "debrief noted",
    EventKind.CLOSED: "closed",
    EventKind.NOTE: "note",
}


def event_words(event: Event) -> str:
    """What an event was, in words ('followed up by phone, voicemail left', 'closed:
    rejected', 'timeline heard, decision by Tue 1 Dec'): the board's timeline, its toasts and
    confirmations, and `tracker show` all say it this way."""
    words = EVENT_WORDS[event.kind]
    if event.kind is EventKind.FOLLOWED_UP and event.channel is not None:
        words += f" by {event.channel.value}"
        if event.voicemail:
            words += ", voicemail left"
        if event.expedite:
            words += " (expedite note)"
    if event.kind is EventKind.THANKED and event.person:
        words += f" to {event.person}"
    if event.kind is EventKind.CLOSED and event.outcome is not None:
        words += f": {event.outcome.value}"
    if event.people:
        words += " with " + ", ".join(person.name for person in event.people)
    if event.decision_by is not None:
        said = "answer" if event.kind is EventKind.CLOSED else "decision"  # O1: an offer's date
        words += f", {said} by {fmt_day(event.decision_by)}"
    if event.debrief is not None:
        talked = [f"{name}: {topic}" for name, topic in event.debrief.topics]
        point = [f"point: {event.debrief.point}"] if event.debrief.point else []
        fit = [f"fit: {event.debrief.fit}"] if event.debrief.fit else []
        words += " (" + "; ".join([*talked, *point, *fit]) + ")"
    if event.reply_within is not None:
        words += f", reply within {event.reply_within} days"
    return words


def sentence(text: str) -> str:
    """Ends with one full stop, whatever the text ends with ('Beta, Inc.' gets no second)."""
    return text if text.endswith((".", "!", "?")) else text + "."


def moment(at: datetime) -> str:
    """A logged moment in full, as the command line prints it."""
    return f"{at:%a %Y-%m-%d %H:%M}"


def timeline_line(event: Event) -> str:
    """One line of `tracker show`'s timeline, with the id `tracker amend` takes."""
    ref = f"  [event {event.id}]" if event.id is not None else ""
    return f"{moment(event.at)}  {event_words(event)}{ref}"
