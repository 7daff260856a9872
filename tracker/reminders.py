"""Reminders where the user already looks: the one-line status for prompts and tmux, the desktop
notifications of `tracker remind`, and the timer files that run it unattended.

Pure: the cards, the clock, PATH and the platform are handed in. Kept light on purpose (no
textual, no rich) because `tracker status` runs in every shell prompt.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tracker.model import Action, Advice, Application, Channel, InputError, Status
from tracker.present import urgency
from tracker.text import plain

Card = tuple[Application, Advice]
Reminder = tuple[int, str, date]  # (application id, action, due day): one announcement

ACTIVE = (Status.DUE, Status.OVERDUE)


def _to_act_on(app: Application, advice: Advice) -> bool:
    return advice.status in ACTIVE and advice.action is not None and app.archived is None


def actionable(cards: Iterable[Card]) -> list[Card]:
    """The cards to act on now (due or overdue, not archived), most urgent first."""
    chosen = [(app, advice) for app, advice in cards if _to_act_on(app, advice)]
    chosen.sort(key=lambda card: urgency(card[1], card[0]))
    return chosen


# --- the status line --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    due: int
    overdue: int
    urgent: Card | None  # the most urgent card, None when nothing is due


def summarize(cards: Iterable[Card]) -> Summary:
    """The counts and the most urgent card, in one pass (no sort: this runs in every prompt)."""
    due = overdue = 0
    urgent: Card | None = None
    best: tuple = ()
    for app, advice in cards:
        if not _to_act_on(app, advice):
            continue
        if advice.status is Status.OVERDUE:
            overdue += 1
        else:
            due += 1
        rank = urgency(advice, app)
        if urgent is None or rank < best:
            urgent, best = (app, advice), rank
    return Summary(due, overdue, urgent)


def action_label(advice: Advice) -> str:
    """'thank-you', 'follow-up #2 (call)', 'move-on'."""
    assert advice.action is not None
    if advice.action is Action.FOLLOW_UP:
        call = " (call)" if advice.channel is Channel.PHONE else ""
        return f"follow-up #{advice.attempt}{call}"
    return advice.action.value


def _span(delta: timedelta) -> str:
    """A short span, rounded up: '40 min', '3 h'."""
    minutes = max(int(-(-delta.total_seconds() // 60)), 1)
    return f"{minutes} min" if minutes < 60 else f"{-(-minutes // 60)} h"


def _days(count: int) -> str:
    return f"{count} day{'s' * (count != 1)}"


def time_left(advice: Advice, now: datetime) -> str:
    """'3 h left' or '2 days left' while due, '2 days overdue' after: the compact words a status
    bar can fit. Day-based deadlines count days as the rules do (the deadline day is the last)."""
    overdue_at = advice.overdue_at
    if overdue_at is None:
        return "due"
    by_day = overdue_at.time() == time.min
    if now < overdue_at:
        if by_day:
            return _days((overdue_at.date() - now.date()).days) + " left"
        return f"{_span(overdue_at - now)} left"
    if by_day:
        return _days((now.date() - overdue_at.date()).days + 1) + " overdue"
    return f"{_span(now - overdue_at)} overdue"


def _name(text: str, limit: int = 24) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def status_line(summary: Summary, now: datetime, fmt: str = "text") -> str:
    """'2 due · 1 overdue · thank-you Globex, 3 h left', or '' when nothing is due; with
    fmt='tmux' the counts are coloured and user text is escaped for tmux's format strings."""
    if summary.urgent is None:
        return ""
    app, advice = summary.urgent
    rest = f"{action_label(advice)} {_name(app.company)}, {time_left(advice, now)}"
    if fmt != "tmux":
        counts = [f"{summary.due} due"] * bool(summary.due)
        counts += [f"{summary.overdue} overdue"] * bool(summary.overdue)
        return " · ".join([*counts, rest])
    parts = []
    if summary.due:
        parts.append(f"#[fg=yellow]{summary.due} due#[default]")
    if summary.overdue:
        parts.append(f"#[fg=red,bold]{summary.overdue} overdue#[default]")
    colour = "red" if advice.status is Status.OVERDUE else "yellow"
    parts.append(f"#[fg={colour}]{rest.replace('#', '##')}#[default]")
    return " · ".join(parts)


# --- notifications ----------------------------------------------------------------------------


def reminder_of(app: Application, advice: Advice) -> Reminder:
    """What an announcement remembers: a moved due day makes it a new reminder."""
    assert app.id is not None and advice.action is not None and advice.due is not None
    return (app.id, advice.action.value, advice.due)


def to_announce(cards: Iterable[Card], announced: set[Reminder]) -> list[Card]:
    """The due or overdue actions not announced yet, most urgent first."""
    return [card for card in actionable(cards) if reminder_of(*card) not in announced]


def notification(app: Application, advice: Advice, now: datetime) -> tuple[str, str]:
    """The title and body of one desktop notification: action, company, reason, draft command."""
    title = f"{action_label(advice)} · {_name(app.company, 60)} ({time_left(advice, now)})"
    body = f"{_name(app.role, 60)}: {plain(advice.reason)}"
    if advice.draft is not None:
        body += f" Draft: tracker draft {app.id}"
    return title, body


NOTIFIERS = ("notify-send", "terminal-notifier", "osascript")

_OSASCRIPT = (
    "on run argv",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "end run",
)


def find_notifier(path: str | None) -> str | None:
    """The first desktop notifier on PATH (`path` is the PATH string to search)."""
    for name in NOTIFIERS:
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


def notifier_argv(notifier: str, title: str, body: str) -> list[str]:
    """The argument list for one notification: the text goes in as arguments, never as code or
    a shell string (osascript receives it through `on run argv`)."""
    name = notifier.rsplit("/", 1)[-1]
    if name == "osascript":
        script = [arg for line in _OSASCRIPT for arg in ("-e", line)]
        return [notifier, *script, title, body]
    if name == "terminal-notifier":
        # A message starting with '-' would be read as an option; a leading space keeps it text.
        return [notifier, "-title", title, "-message", body if body[:1] != "-" else " " + body]
    # notify-send's body is read as simple markup by most desktops: user text stays text.
    body = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [notifier, "--app-name=tracker", "--", title, body]


# --- running unattended -----------------------------------------------------------------------

_EVERY = r"(\d{1,4})\s*(m|min|minutes?|h|hours?)"
EVERY_FORM = "a period such as 15m, 30m, 1h or 2h (minutes that divide an hour, hours a day)"


def parse_every(text: str) -> int:
    """'30m' or '2h' as minutes; only periods cron can say exactly."""
    match = re.fullmatch(_EVERY, text.strip().lower())
    if match is None:
        raise InputError("--every", EVERY_FORM, text)
    count = int(match[1])
    minutes = count * 60 if match[2].startswith("h") else count
    if 0 < minutes < 60 and 60 % minutes == 0:
        return minutes
    if minutes % 60 == 0 and 0 < minutes // 60 <= 24 and 24 % (minutes // 60) == 0:
        return minutes
    raise InputError("--every", EVERY_FORM, text)


def _cron_schedule(minutes: int) -> str:
    if minutes < 60:
        return f"*/{minutes} * * * *" if minutes > 1 else "* * * * *"
    hours = minutes // 60
    return "0 * * * *" if hours == 1 else f"0 */{hours} * * *" if hours < 24 else "0 9 * * *"


def _systemd_quote(arg: str) -> str:
    if arg and not re.search(r"[\s\"'\\$%;]", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


SERVICE = "tracker-remind"
LAUNCHD_LABEL = "org.tracker.remind"


def timer_files(
    minutes: int,
    command: Sequence[str],
    env: Mapping[str, str],
    platform: str,
    uid: int | None = None,
) -> str:
    """The crontab line plus this platform's own timer (a systemd user timer on Linux, a launchd
    agent on macOS) that run `command` every `minutes`; printed, never installed."""
    import shlex
    from xml.sax.saxutils import escape as xml_escape

    period = f"{minutes} minutes" if minutes < 60 else f"{minutes // 60} hour(s)"
    cron_env = dict(env)
    if platform.startswith("linux") and uid is not None:
        # cron has no desktop session: notify-send finds it through the user's bus.
        cron_env.setdefault("DBUS_SESSION_BUS_ADDRESS", f"unix:path=/run/user/{uid}/bus")
    shell = " ".join(shlex.quote(arg) for arg in command)
    prefix = " ".join(f"{key}={shlex.quote(value)}" for key, value in cron_env.items())
    lines = [
        f"# cron (run `crontab -e` and add this line): every {period}",
        f"{_cron_schedule(minutes)} {prefix + ' ' if prefix else ''}{shell}",
        "",
    ]
    if platform == "darwin":
        args = "\n".join(f"    <string>{xml_escape(arg)}</string>" for arg in command)
        variables = "".join(
            f"    <key>{xml_escape(k)}</key><string>{xml_escape(v)}</string>\n"
            for k, v in env.items()
        )
        env_block = (
            f"  <key>EnvironmentVariables</key>\n  <dict>\n{variables}  </dict>\n" if env else ""
        )
        lines += [
            f"# launchd agent: save as ~/Library/LaunchAgents/{LAUNCHD_LABEL}.plist, then run",
            f"#   launchctl load ~/Library/LaunchAgents/{LAUNCHD_LABEL}.plist",
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
            '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
            '<plist version="1.0">',
            "<dict>",
            f"  <key>Label</key><string>{LAUNCHD_LABEL}</string>",
            "  <key>ProgramArguments</key>",
            "  <array>",
            args,
            "  </array>",
            f"{env_block}  <key>StartInterval</key><integer>{minutes * 60}</integer>",
            "  <key>RunAtLoad</key><true/>",
            "</dict>",
            "</plist>",
        ]
    else:
        environment = "".join(f"Environment={_systemd_quote(f'{k}={v}')}\n" for k, v in env.items())
        lines += [
            "# systemd user timer: save the two files below in ~/.config/systemd/user/, then run",
            f"#   systemctl --user daemon-reload && systemctl --user enable --now {SERVICE}.timer",
            f"# --- {SERVICE}.service",
            "[Unit]",
            "Description=tracker: desktop reminders of due thank-yous and follow-ups",
            "",
            "[Service]",
            "Type=oneshot",
            f"{environment}ExecStart={' '.join(_systemd_quote(arg) for arg in command)}",
            "",
            f"# --- {SERVICE}.timer",
            "[Unit]",
            f"Description=Run tracker remind every {period}",
            "",
            "[Timer]",
            "OnBootSec=2min",
            f"OnUnitActiveSec={minutes}min",
            "",
            "[Install]",
            "WantedBy=timers.target",
        ]
    return "\n".join(lines) + "\n"
