"""The user's settings file: policy preset, per-knob overrides, holiday country and signature.

Every wrong value is refused with a message naming its key: the tool never runs quietly on a
setting the user did not mean.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path

from tracker.model import Profile, UserError
from tracker.rules import PRESETS, Policy
from tracker.text import LINE_BREAKERS, is_control

APP_NAME = "tracker"

TEMPLATE = """\
# tracker settings. Every key is optional; remove the leading # to use one.

# How long to wait before the first follow-up when they gave no timeline:
# "brisk" (3 days), "standard" (7 days, overdue after 10) or "patient" (14 days).
# policy = "standard"

# Public holidays that don't count as business days, as a country code (e.g. "US", "GB", "DE").
# holidays = "US"

# When a copy counts as made: "auto" (a clipboard tool, or tmux with set-clipboard on),
# "native" (only a clipboard tool) or "terminal" (your terminal takes OSC 52; no window).
# clipboard = "auto"

# When the calendar export's reminders (alarms) go off on the day an action is due, "HH:MM".
# remind_at = "09:00"

# How the drafts greet people: "first" ("Dear Priya,") or "full" ("Dear Priya Natarajan,").
# salutation = "first"

# The second follow-up: "phone" (a call when their number is known) or "email" (keep writing).
# second_attempt = "phone"

[profile]
# Your signature on every draft.
# name = "Your Name"
# email = "you@example.com"
# phone = "+1 555 0100"

[rules]
# Fine-tune any knob of the chosen policy (whole numbers).
# thank_you_hours = 24
# thank_you_limit_hours = 48
# first_follow_up_days = 7
# first_follow_up_overdue_days = 10
# later_follow_up_business_days = 3
# overdue_after_days = 3
# max_attempts = 3
# reply_wait_days = 7
"""


class ConfigError(UserError):
    """A settings problem, said in one line that names the key."""


@dataclass(frozen=True, slots=True)
class Config:
    policy: Policy = field(default_factory=Policy)
    profile: Profile = field(default_factory=Profile)
    path: Path | None = None
    remind_at: time = time(9, 0)  # when a calendar alarm goes off on an action's due day
    clipboard: str = "auto"  # when a copy counts as made: "auto", "native" or "terminal"


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "config.toml"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / "tracker.db"


_KNOB_MINIMUM = {"thank_you_hours": 1, "max_attempts": 1}
_KNOB_MAXIMUM = 365 * 24
# The settings that take a word: (default, the other choices).
_WORD_SETTINGS = {
    "salutation": ("first", "full"),
    "second_attempt": ("phone", "email"),
    "clipboard": ("auto", "native", "terminal"),
}


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Reads the file (absent means defaults, unless the user named it) and the env overrides."""
    env = os.environ if environ is None else environ
    named = path or (Path(env["TRACKER_CONFIG"]) if env.get("TRACKER_CONFIG") else None)
    config_path = named or default_config_path()
    data: dict = {}
    try:
        with open(config_path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        if named is not None:
            raise ConfigError(f"config file {config_path} does not exist") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{config_path}: not valid TOML ({err})") from None
    except RecursionError:
        raise ConfigError(f"{config_path}: {_too_deep(config_path)}") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as err:
        raise ConfigError(f"{config_path}: cannot be read ({err.__class__.__name__})") from None
    return parse_config(data, env, config_path)


def parse_config(data: dict, env: Mapping[str, str], path: Path | None = None) -> Config:
    where = f"{path}: " if path else ""

    def fail(key: str, expected: str, got: object) -> ConfigError:
        return ConfigError(f"{where}{key}: expected {expected} (got {got!r})")

    known = (
        "policy",
        "holidays",
        "salutation",
        "second_attempt",
        "clipboard",
        "profile",
        "rules",
        "remind_at",
    )
    unknown = set(data) - set(known)
    if unknown:
        key = sorted(unknown)[0]
        raise ConfigError(f"{where}{key}: unknown setting (known: {', '.join(known)})")

    preset_name = data.get("policy", "standard")
    if not isinstance(preset_name, str) or preset_name not in PRESETS:
        raise fail("policy", "one of " + ", ".join(PRESETS), preset_name)
    policy = PRESETS[preset_name]

    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise fail("rules", "a table of whole numbers", rules)
    knob_names = set(Policy.KNOBS)
    for key, value in rules.items():
        if key not in knob_names:
            raise ConfigError(f"{where}rules.{key}: unknown setting")
        low = _KNOB_MINIMUM.get(key, 0)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not low <= value <= _KNOB_MAXIMUM
        ):
            raise fail(f"rules.{key}", f"a whole number from {low} to {_KNOB_MAXIMUM}", value)
    policy = replace(policy, **rules)
    words = {}
    for key, choices in _WORD_SETTINGS.items():
        value = data.get(key, choices[0])
        if value not in choices:
            raise fail(key, " or ".join(f'"{c}"' for c in choices), value)
        words[key] = value
    policy = replace(policy, second_attempt=words["second_attempt"])
    if policy.thank_you_limit_hours < policy.thank_you_hours:
        raise fail(
            "rules.thank_you_limit_hours", "at least thank_you_hours", policy.thank_you_limit_hours
        )
    if policy.first_follow_up_overdue_days < policy.first_follow_up_days:
        raise fail(
            "rules.first_follow_up_overdue_days",
            "at least first_follow_up_days",
            policy.first_follow_up_overdue_days,
        )

    country = env.get("TRACKER_HOLIDAYS") or data.get("holidays") or None
    if country is not None:
        key = "TRACKER_HOLIDAYS" if env.get("TRACKER_HOLIDAYS") else "holidays"
        if not isinstance(country, str) or not _known_country(country.upper()):
            raise fail(key, "a country code the holidays package knows, such as US or GB", country)
        policy = replace(policy, holidays=country.upper())

    profile_data = data.get("profile", {})
    if not isinstance(profile_data, dict):
        raise fail("profile", "a table with name, email and phone", profile_data)
    for key, value in profile_data.items():
        if key not in {"name", "email", "phone"}:
            raise ConfigError(f"{where}profile.{key}: unknown setting (known: name, email, phone)")
        if (
            not isinstance(value, str)
            or len(value) > 200
            or any(is_control(c) or c in LINE_BREAKERS for c in value)
        ):
            raise fail(f"profile.{key}", "a single line of printable text", value)
    profile = Profile(
        **{k: v.strip() for k, v in profile_data.items()}, salutation=words["salutation"]
    )
    remind_at = _time_of_day(data.get("remind_at", "09:00"))
    if remind_at is None:
        raise fail("remind_at", 'a time of day "HH:MM" such as "09:00"', data["remind_at"])
    return Config(
        policy=policy,
        profile=profile,
        path=path,
        remind_at=remind_at,
        clipboard=words["clipboard"],
    )


def _time_of_day(value: object) -> time | None:
    """'09:00' (or a TOML time such as 09:00:00) as a time of day; None for anything else."""
    if isinstance(value, time) and value.tzinfo is None:
        return value.replace(second=0, microsecond=0)
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return None
    hours, minutes = value[:2], value[3:]
    if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit()):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))


_MAX_DEPTH = 20  # brackets and braces in one value; settings need two at most


def _too_deep(path: Path) -> str:
    """Names the key whose value nests arrays or tables too deeply for the TOML reader."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        key, equals, value = line.partition("=")
        if equals and sum(value.count(c) for c in "[{") > _MAX_DEPTH:
            return f"{key.strip()}: expected a plain value (got arrays or tables nested too deeply)"
    return "nested too deeply to read (expected plain values)"


def _known_country(code: str) -> bool:
    import holidays  # only when a country is configured

    return code in holidays.list_supported_countries()


def write_template(path: Path) -> bool:
    """Creates a commented settings file (0600, in a 0700 dir); False if one already exists."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as err:
        raise ConfigError(f"cannot write {path}: {err.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(TEMPLATE)
    return True
