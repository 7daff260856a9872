"""The tracker's vocabulary for time and advice: days, moments, relative times, the card's badge
and the etiquette tips, said the same way by the rules' reasons, the board and the command line.

Kept apart from `rules.py` (which decides) and `present.py` (which builds records and event
lines) so both can use it without importing each other. Plain Python, no library: relative
times are exact enough to act on ("in 29 hours", "17 days ago"), never "a month ago".
"""

from __future__ import annotations

from datetime import date, datetime, time

from tracker.model import Action, Advice, Channel, Status

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_day(day: date) -> str:
    """'Fri 20 Nov', by table rather than strftime: it runs tens of thousands of times a load."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"


def fmt_moment(moment: datetime) -> str:
    return f"{fmt_day(moment)} {moment.hour:02d}:{moment.minute:02d}"


def relative_day(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 3 days', '2 days ago'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def relative_moment(moment: datetime, now: datetime) -> str:
    """'in 40 minutes', 'in 29 hours', '17 days ago', 'now': minutes under an hour, hours under
    two days, then calendar days."""
    words = _span(moment, now)
    if words is None:
        return "now"
    return f"in {words}" if moment > now else f"{words} ago"


def _span(moment: datetime, now: datetime) -> str | None:
    """How far apart two moments are, in the unit `relative_moment` uses; None under a minute."""
    seconds = abs((moment - now).total_seconds())
    if seconds < 60:
        return None
    if seconds < 3600:
        count, unit = int(seconds // 60), "minute"
    elif seconds < 48 * 3600:
        count, unit = int(seconds // 3600), "hour"
    else:
        count, unit = abs((moment.date() - now.date()).days), "day"
    return f"{count} {unit}{'s' * (count != 1)}"


def overdue_by(overdue_at: datetime, now: datetime) -> str:
    """'2 days overdue' counts whole days past the deadline day; a thank-you's deadline is a
    moment, so its lateness is said like any relative time ('5 hours overdue')."""
    if overdue_at.time() == time.min:
        days = (now.date() - overdue_at.date()).days + 1
        return f"{days} day{'s' * (days != 1)} overdue"
    return f"{_span(now, overdue_at) or 'just'} overdue"


def badge(advice: Advice, now: datetime) -> str:
    """The short line on a card: 'thank-you · due in 5 hours', 'follow-up #2 · call · 2 days
    overdue', 'waiting · Tue 1 Dec'."""
    if advice.status is Status.CLOSED:
        return advice.outcome.value if advice.outcome else "closed"
    if advice.status is Status.UNREADABLE:
        return "unreadable"
    assert advice.action is not None and advice.due_at is not None
    if advice.status is Status.UPCOMING:
        return f"interview · {relative_moment(advice.due_at, now)}"
    if advice.status is Status.WAITING:
        return f"waiting · {fmt_day(advice.due_at)}"
    parts = [advice.action.value]
    if advice.action is Action.FOLLOW_UP:
        parts[0] = f"follow-up #{advice.attempt}"
        if advice.channel is Channel.PHONE:
            parts.append("call")
    if advice.status is Status.OVERDUE:
        parts.append(overdue_by(advice.overdue_at, now))  # type: ignore[arg-type]
    elif advice.action is Action.THANK_YOU:
        parts.append(f"due {relative_moment(advice.overdue_at, now)}")  # type: ignore[arg-type]
    else:
        parts.append("due today" if advice.due == now.date() else "due")
    return " · ".join(parts)


# --- the tips, in our own words ------------------------------------------------------------

TIPS = {
    "P1": "Before you leave, ask what happens next and when they expect to decide, then record "
    "that date here.",
    "T1": "Keep it brief, don't ask whether you got the job, and use it for the one point you "
    "wish you had made in the room.",
    "T2": "Reply in the thread you used to arrange the interview and say thanks first; name the "
    "role and the interview date so nobody has to look you up.",
    "F1": "Reply in the existing thread, name the role and the interview date, and sign off with "
    "your name, phone and email.",
    "F2-phone": "Call late morning or early afternoon; if it goes to voicemail, keep it under "
    "half a minute and leave your number.",
    "F2-email": "Stay friendly and calm: hiring takes time, and frustration never reads well.",
    "F2-final": "Make this the last message: short, warm, and leaving the door open.",
    "M1": "Silence after three tries is an answer of sorts; close this one and spend the energy "
    "on your other applications.",
    "R1": "Be patient with delays; keep the tone professional and keep searching meanwhile.",
    "waiting": "No gifts or grand gestures; keep applying elsewhere while you wait.",
    "rejected": "Thank them, ask for feedback, and say you would welcome future roles.",
    "withdrew": "A short, kind note closes the loop; you may send it at any time.",
    "offer": "Congratulations. Reply promptly and get the terms in writing.",
    "no-response": "It happens to everyone; the next application deserves the energy.",
    "accepted": "Well done. Send a short, kind withdrawal to every other open application.",
    "declined": "A warm decline keeps a good contact for later.",
}
