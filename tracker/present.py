"""How a card is put into words and records for people and scripts, defined once: the JSON
record `due`, `list` and `show` print, the timeline lines, and the short event words the
board's toasts and confirmations use.

Textual-free; imported by the command line and the board alike.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tracker.model import Advice, Application, Event, EventKind


def iso(day: date | datetime | None) -> str | None:
    if day is None:
        return None
    if isinstance(day, datetime):
        return day.isoformat(timespec="seconds")
    return day.isoformat()


def urgency(advice: Advice, app_id: int | None) -> tuple:
    """Most urgent first: the order of `tracker due`, and the card the board selects at
    launch. Ties go to the older application."""
    return (advice.sort_key, app_id or 0)


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


def event_words(event: Event) -> str:
    """'followed-up by phone', 'closed: rejected', for confirmations and toasts."""
    words = event.kind.value
    if event.channel is not None and event.kind is not EventKind.INTERVIEW:
        words += f" by {event.channel.value}"
    if event.outcome is not None:
        words += f": {event.outcome.value}"
    return words


def event_details(event: Event) -> list[str]:
    """The facts an event carries beyond its kind and time, for timelines."""
    details = []
    if event.people:
        details.append("with " + "; ".join(str(person) for person in event.people))
    if event.person:
        details.append(f"to {event.person}")
    if event.channel and event.kind is not EventKind.INTERVIEW:
        details.append(f"by {event.channel.value}")
    if event.voicemail:
        details.append("voicemail left")
    if event.expedite:
        details.append("expedite note")
    if event.debrief is not None:
        talked = [f"{name}: {topic}" for name, topic in event.debrief.topics]
        point = [f"point: {event.debrief.point}"] if event.debrief.point else []
        fit = [f"fit: {event.debrief.fit}"] if event.debrief.fit else []
        details.append("; ".join([*talked, *point, *fit]))
    if event.decision_by and event.kind is EventKind.CLOSED:
        details.append(f"answer by {event.decision_by:%a %Y-%m-%d}")
    elif event.decision_by:
        details.append(f"decision by {event.decision_by:%a %Y-%m-%d}")
    if event.reply_within is not None:
        details.append(f"reply within {event.reply_within} days")
    return details


def moment(at: datetime) -> str:
    """A logged moment in full, as the command line prints it."""
    return f"{at:%a %Y-%m-%d %H:%M}"


def timeline_line(event: Event) -> str:
    """One line of `tracker show`'s timeline: when, what, and the details, with its id to amend."""
    word = event.outcome.value if event.outcome else event.kind.value
    line = f"{moment(event.at)}  {word:<12}"
    details = event_details(event)
    tail = ("  " + ", ".join(details)) if details else ""
    ref = f"  [event {event.id}]" if event.id is not None else ""
    return (line + tail).rstrip() + ref
