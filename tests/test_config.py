"""Settings: presets, knob overrides, holidays and the profile; every bad value names its key."""

import os
import stat
from pathlib import Path

import pytest

from tracker.config import ConfigError, load_config, write_template
from tracker.model import Profile


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_default_file_means_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    cfg = load_config(None, environ={})
    assert cfg.path == tmp_path / "tracker" / "config.toml"
    assert cfg.policy.name == "standard"
    assert cfg.profile == Profile()


def test_preset_overrides_profile_and_holidays(tmp_path):
    path = write(
        tmp_path,
        'policy = "patient"\nholidays = "us"\n[rules]\nmax_attempts = 2\n'
        '[profile]\nname = "Ada Lovelace"\nphone = "+44 20 0000"\n',
    )
    cfg = load_config(path, environ={})
    assert cfg.policy.first_follow_up_days == 14
    assert cfg.policy.max_attempts == 2
    assert cfg.policy.holidays == "US"
    assert cfg.profile == Profile(name="Ada Lovelace", phone="+44 20 0000")


def test_env_overrides_the_path_and_the_country(tmp_path):
    path = write(tmp_path, 'holidays = "US"\n')
    cfg = load_config(None, environ={"TRACKER_CONFIG": str(path), "TRACKER_HOLIDAYS": "GB"})
    assert cfg.policy.holidays == "GB"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("policy = [", "not valid TOML"),
        ('policy = "hasty"', "policy: expected one of brisk, standard, patient"),
        (
            "[rules]\nfirst_follow_up_days = -1",
            "rules.first_follow_up_days: expected a whole number",
        ),
        ('[rules]\nmax_attempts = "3"', "rules.max_attempts"),
        ("[rules]\nmax_attempts = 0", "rules.max_attempts"),
        ("[rules]\nspeed = 3", "rules.speed: unknown setting"),
        ('holidays = "XX"', "holidays: expected a country code"),
        ("colour = 1", "colour: unknown setting"),
        ("[profile]\nnickname = 'x'", "profile.nickname: unknown setting"),
        ("[rules]\nfirst_follow_up_days = 12", "rules.first_follow_up_overdue_days"),
    ],
)
def test_bad_settings_name_their_key(tmp_path, text, key):
    with pytest.raises(ConfigError, match=key.replace("[", r"\[")):
        load_config(write(tmp_path, text), environ={})


def test_a_named_config_file_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", environ={})


def test_template_is_private_and_loads_as_defaults(tmp_path):
    path = tmp_path / "cfg" / "config.toml"
    assert write_template(path)
    assert not write_template(path)  # never overwrites
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert load_config(path, environ={}).policy.name == "standard"


def test_salutation_and_second_attempt_take_their_words(tmp_path):
    cfg = load_config(write(tmp_path, 'salutation = "full"\nsecond_attempt = "email"\n'), {})
    assert cfg.profile.salutation == "full"
    assert cfg.policy.second_attempt == "email"
    defaults = load_config(write(tmp_path, ""), {})
    assert (defaults.profile.salutation, defaults.policy.second_attempt) == ("first", "phone")
    with pytest.raises(ConfigError, match=r'salutation: expected "first" or "full"'):
        load_config(write(tmp_path, 'salutation = "formal"\n'), {})
    with pytest.raises(ConfigError, match=r'second_attempt: expected "phone" or "email"'):
        load_config(write(tmp_path, "second_attempt = 2\n"), {})


@pytest.mark.parametrize("mode", ["auto", "native", "terminal"])
def test_the_clipboard_setting_takes_its_three_modes(tmp_path, mode):
    assert load_config(write(tmp_path, f'clipboard = "{mode}"\n'), environ={}).clipboard == mode
    assert load_config(write(tmp_path, ""), environ={}).clipboard == "auto"


@pytest.mark.parametrize("value", ['"tmux"', '"Terminal"', "1", '["auto"]'])
def test_a_wrong_clipboard_setting_names_the_key_and_the_choices(tmp_path, value):
    with pytest.raises(ConfigError, match=r'clipboard: expected "auto" or "native" or "terminal"'):
        load_config(write(tmp_path, f"clipboard = {value}\n"), environ={})
