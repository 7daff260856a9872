"""Calendars out (the ICS feed, parsed back with icalendar) and in (interview invitations shaped
like Google Calendar's, Outlook's and Calendly's, with a cancellation)."""

import json
import re
import stat
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tracker.calendar import company_from_domain, export_ics, read_invites
from tracker.cli import main
from tracker.config import ConfigError, parse_config
from tracker.model import Application, Channel, Event, EventKind, InputError, Outcome, Person
from tracker.rules import Policy, evaluate
from tracker.store import Store

NOW = datetime(2026, 11, 3, 10, 0)  # a Tuesday
INVITES = Path(__file__).resolve().parent / "fixtures" / "invites"
BERLIN = ZoneInfo("Europe/Berlin")
PROFILE = '[profile]\nname = "Sam Doe"\nemail = "sam@example.com"\n'


def _items():
    """A thank-you due (Globex), a follow-up waiting (Acme) with a round ahead, one closed."""
    globex = Application("Globex", "Analyst", id=7)
    acme = Application("Acme, Inc.", "Platform Engineer; Infra", id=3, via=Channel.PHONE)
    hooli = Application("Hooli", "Designer", id=9)
    people = (Person("Dana Lee", "dana@acme.example", "Engineering Manager"), Person("Lee Park"))
    return [
        (globex, [Event(EventKind.INTERVIEW, datetime(2026, 11, 2, 16), id=20, app_id=7)]),
        (
            acme,
            [
                Event(EventKind.INTERVIEW, datetime(2026, 10, 20, 15), id=10, app_id=3),
                Event(EventKind.THANKED, datetime(2026, 10, 20, 19), id=11, app_id=3),
                Event(
                    EventKind.INTERVIEW, datetime(2026, 11, 9, 11), people=people, id=12, app_id=3
                ),
            ],
        ),
        (
            hooli,
            [
                Event(EventKind.INTERVIEW, datetime(2026, 9, 1, 11), id=30, app_id=9),
                Event(
                    EventKind.CLOSED, datetime(2026, 9, 20), outcome=Outcome.OFFER, id=31, app_id=9
                ),
            ],
        ),
    ]


def _feed(items, now=NOW, remind_at=time(9, 0)):
    advices = [evaluate(app, events, Policy(), now) for app, events in items]
    return export_ics(items, advices, now, remind_at)


def _events(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


# --- calendars out --------------------------------------------------------------------------


def test_export_parses_back_with_an_all_day_event_and_alarm_per_due_action():
    feed = _feed(_items())
    assert (feed.actions, feed.rounds, feed.events) == (1, 1, 2)
    events = _events(feed.text)
    thanks = events["tracker-7-thank-you-0@tracker.local"]
    assert thanks["DTSTART"].dt == date(2026, 11, 2)  # on its due day, all day
    assert thanks["DTEND"].dt == date(2026, 11, 3)
    assert str(thanks["SUMMARY"]) == "Send thank-you: Globex — Analyst"
    description = str(thanks["DESCRIPTION"])
    assert "Due Mon 2 Nov; overdue after Tue 3 Nov 16:00." in description
    assert "Draft it with: tracker draft 7" in description
    (alarm,) = thanks.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(hours=9)  # 09:00 on the due day
    assert alarm["TRIGGER"].params["RELATED"] == "START"


def test_export_words_do_not_go_stale():
    text = _feed(_items()).text
    for description in (str(e["DESCRIPTION"]) for e in _events(text).values()):
        assert not re.search(
            r"\b(today|tomorrow|yesterday|ago|in \d+ (hours?|days?))\b", description
        )


def test_export_rounds_ahead_are_timed_events_with_their_people_as_attendees():
    events = _events(_feed(_items()).text)
    round_ = events["tracker-3-round-12@tracker.local"]
    assert round_["DTEND"].dt == datetime(2026, 11, 9, 11)  # the round's time is when it ends
    assert round_["DTSTART"].dt == datetime(2026, 11, 9, 10)
    assert str(round_["SUMMARY"]) == "Interview (round 2): Acme, Inc. — Platform Engineer; Infra"
    attendee = round_["ATTENDEE"]  # Lee Park has no address: named in the description only
    assert str(attendee) == "mailto:dana@acme.example"
    assert attendee.params["CN"] == "Dana Lee"
    assert "With: Dana Lee (Engineering Manager); Lee Park." in str(round_["DESCRIPTION"])
    assert round_.walk("VALARM")[0]["TRIGGER"].dt == -timedelta(hours=1)
    assert "tracker-3-round-10@tracker.local" not in events  # a round already held


def test_export_uids_are_stable_across_exports_and_remind_at_moves_the_alarm():
    first = _events(_feed(_items()).text)
    later = NOW + timedelta(days=1, hours=3)
    second = _events(_feed(_items(), later, time(7, 30)).text)
    assert set(first) == set(second)
    alarm = second["tracker-7-thank-you-0@tracker.local"].walk("VALARM")[0]
    assert alarm["TRIGGER"].dt == timedelta(hours=7, minutes=30)


def test_export_of_nothing_open_is_an_empty_calendar():
    feed = _feed(_items()[2:])
    calendar = icalendar.Calendar.from_ical(feed.text)
    assert feed.events == 0 and calendar.walk("VEVENT") == []
    assert str(calendar["PRODID"]).startswith("-//tracker//")


def test_remind_at_setting_is_checked():
    assert parse_config({"remind_at": "07:45"}, {}).remind_at == time(7, 45)
    assert parse_config({}, {}).remind_at == time(9, 0)
    for bad in ("25:00", "9:00", "noon", 9):
        with pytest.raises(ConfigError, match=r"remind_at: expected a time of day"):
            parse_config({"remind_at": bad}, {})


# --- the command: export -------------------------------------------------------------------


class Run:
    def __init__(self, tmp_path: Path, capsys) -> None:
        self.db = tmp_path / "tracker.db"
        self.capsys = capsys

    def __call__(self, *args: str, now: str = "2026-11-03 10:00") -> tuple[int, str, str]:
        code = main(["--db", str(self.db), "--now", now, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str, **kw) -> str:
        code, out, err = self(*args, **kw)
        assert code == 0, err
        return out


@pytest.fixture
def run(tmp_path, capsys, monkeypatch) -> Run:
    for name in ("TRACKER_DB", "TRACKER_NOW", "TRACKER_HOLIDAYS"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "config.toml"
    config.write_text(PROFILE)
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    return Run(tmp_path, capsys)


def test_export_command_writes_the_feed_atomically_and_privately(run, tmp_path):
    run.ok("add", "--company", "Globex", "--role", "Analyst", "--interviewed", "2026-11-02 15:00")
    run.ok("add", "--company", "Acme", "--role", "Dev", "--interviewed", "2026-11-06 15:00")
    target = tmp_path / "feed.ics"
    target.write_text("old")
    code, out, err = run("export", "--format", "ics", "-o", str(target))
    assert code == 0 and out == ""
    assert err.strip() == (
        f"Exported 2 events to {target} (ics): 1 due action, 1 interview round ahead."
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".feed")) == []
    assert len(_events(target.read_text())) == 2
    assert _events(run.ok("export", "--format", "ics")) == _events(target.read_text())


# --- calendars in: invitations --------------------------------------------------------------


def _read(name: str, **kw):
    text = (INVITES / name).read_text(encoding="utf-8")
    return read_invites(text, own_email="sam@example.com", local=BERLIN, **kw)


def test_google_invitation_new_york_time_shows_in_berlin_time():
    (invite,), skipped = _read("google.ics")
    assert skipped == []
    assert invite.start == datetime(2026, 11, 10, 16, 0)  # 10:00 in New York
    assert invite.end == datetime(2026, 11, 10, 17, 0)
    assert invite.zone == "America/New_York"
    assert invite.organizer == Person("Dana Lee", "dana.lee@acme-robotics.com")
    # Yourself and the meeting room are left out; a quoted name keeps its comma.
    assert invite.people == (
        Person("Dana Lee", "dana.lee@acme-robotics.com"),
        Person("Park, Lee", "lee.park@acme-robotics.com"),
    )
    assert (invite.company, invite.company_from) == ("Acme Robotics", "the summary")
    assert (invite.role, invite.role_from) == ("Platform Engineer", "the summary")


def test_outlook_invitation_with_a_windows_time_zone():
    (invite,), _ = _read("outlook.ics")
    assert (invite.start, invite.end) == (datetime(2026, 11, 12, 20), datetime(2026, 11, 12, 21))
    assert invite.zone == "Eastern Standard Time"
    assert invite.organizer == Person("Kim, Pat", "pat.kim@globex.com")
    assert [p.name for p in invite.people] == ["Nguyen, Alex", "Jordan Smith"]
    assert invite.company == "Globex" and invite.company_from == "the organizer's domain globex.com"
    assert invite.role == ""  # "second interview" names no job


def test_calendly_invitation_in_utc_with_a_duration():
    (invite,), _ = _read("calendly.ics")
    assert (invite.start, invite.end) == (
        datetime(2026, 11, 13, 16),
        datetime(2026, 11, 13, 16, 45),
    )
    assert invite.zone == "UTC"
    assert invite.location == "https://us02web.zoom.us/j/81234567890?pwd=YWJjZGVm, passcode 123456"
    assert (invite.company, invite.company_from) == ("Initech", "the organizer's domain initech.io")
    assert (invite.role, invite.role_from) == ("Data Engineer", "the summary")


def test_options_win_over_what_the_invitation_says():
    (invite,), _ = _read("calendly.ics", company="Initrode", role="Staff Engineer")
    assert (invite.company, invite.company_from) == ("Initrode", "--company")
    assert (invite.role, invite.role_from) == ("Staff Engineer", "--role")


def test_cancelled_and_repeating_events_are_one_line_each():
    invites, (line,) = _read("google-cancelled.ics")
    assert invites == [] and "was cancelled by the organizer; nothing imported" in line
    invites, (line,) = _read("recurring.ics")
    assert invites == [] and "repeats (RRULE)" in line


def test_a_malformed_invitation_is_refused_in_one_line():
    with pytest.raises(InputError, match=r"^FILE: expected a well-formed DTSTART in event 1"):
        _read("malformed.ics")
    with pytest.raises(InputError, match=r"^FILE: expected an iCalendar"):
        read_invites("hello")


@pytest.mark.parametrize(
    ("domain", "company"),
    [
        ("acme-robotics.com", "Acme Robotics"),
        ("talent.initech.co.uk", "Initech"),
        ("gmail.com", ""),
        ("calendly.com", ""),
    ],
)
def test_company_from_domain(domain, company):
    assert company_from_domain(domain) == company


# --- the command: import --------------------------------------------------------------------


@pytest.fixture
def berlin(monkeypatch):
    """This process in Berlin time, as a user there would be."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    clock.tzset()
    yield
    monkeypatch.undo()
    clock.tzset()


def _card(run: Run, app_id: int) -> dict:
    return json.loads(run.ok("show", str(app_id), "--json"))


def test_import_three_invitations_into_cards_and_rounds(run, berlin):
    run.ok(
        "add", "--company", "Globex", "--role", "Analyst", "--interviewed", "2026-11-02 15:00",
        "--email", "recruiting@globex.com",
    )  # fmt: skip
    out = run.ok("import", str(INVITES / "google.ics"))
    assert out == (
        "Added #2 Acme Robotics — Platform Engineer: interview Tue 2026-11-10 16:00–17:00.\n"
    )
    card = _card(run, 2)
    assert (card["contact"], card["email"]) == ("Dana Lee", "dana.lee@acme-robotics.com")
    (round_,) = card["events"]
    assert round_["at"] == "2026-11-10T17:00:00"  # a round is recorded by when it ended
    out = run.ok("import", str(INVITES / "outlook.ics"))
    assert out.startswith("Added a round to #1 Globex — Analyst: interview Thu 2026-11-12 20:00")
    assert [e["at"] for e in _card(run, 1)["events"] if e["kind"] == "interview"] == [
        "2026-11-02T15:00:00",
        "2026-11-12T21:00:00",
    ]
    assert "Added #3 Initech — Data Engineer" in run.ok("import", str(INVITES / "calendly.ics"))
    again = run.ok("import", str(INVITES / "google.ics"))  # the same invitation twice
    assert again.startswith("already on #2 Acme Robotics")
    assert len(json.loads(run.ok("list", "--json"))) == 3


def test_import_people_met_are_the_attendees_but_you(run, berlin):
    run.ok("import", str(INVITES / "google.ics"))
    with Store.open(run.db) as store:
        (round_,) = store.events(1)
    assert [p.name for p in round_.people] == ["Dana Lee", "Park, Lee"]


def test_import_dry_run_says_where_each_value_came_from_and_writes_nothing(run, berlin):
    run.ok("list")  # the database exists
    before = run.db.read_bytes()
    out = run.ok("import", str(INVITES / "calendly.ics"), "--dry-run")
    assert out.startswith(
        "would add a new application: company 'Initech' from the organizer's domain initech.io, "
        "role 'Data Engineer' from the summary, round Fri 13 Nov 16:00–16:45 local (from UTC)"
    )
    assert run.db.read_bytes() == before
    assert json.loads(run.ok("list", "--json")) == []


def test_import_cancellation_and_bad_files_write_nothing(run, berlin, tmp_path):
    run.ok("list")
    before = run.db.read_bytes()
    out = run.ok("import", str(INVITES / "google-cancelled.ics"))
    assert out.startswith("skipped: event 1 ('Canceled event: Interview: Platform Engineer")
    code, out, err = run("import", str(INVITES / "malformed.ics"))
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("tracker: error: FILE: expected a well-formed DTSTART")
    # A file with a good event and one that names no job: refused whole.
    good = (INVITES / "calendly.ics").read_text()
    second = (INVITES / "outlook.ics").read_text()
    vevent = second[second.index("BEGIN:VEVENT") : second.index("END:VCALENDAR")]
    both = tmp_path / "both.ics"
    both.write_text(
        good.replace("END:VCALENDAR", vevent.replace("globex.com", "gmail.com") + "END:VCALENDAR")
    )
    code, out, err = run("import", str(both))
    assert code == 2 and err.startswith("tracker: error: --role: expected the job title")
    assert run.db.read_bytes() == before


def test_import_options_only_go_with_an_invitation(run, tmp_path):
    sheet = tmp_path / "apps.csv"
    sheet.write_text("company,role,interviewed\nAcme,Dev,2026-11-02 15:00\n")
    code, _, err = run("import", str(sheet), "--company", "Acme")
    assert code == 2 and err.startswith("tracker: error: --company: expected to go with an .ics")


def test_an_invitation_finds_its_card_by_the_organizers_domain():
    from tracker.calendar import place

    (invite,), _ = _read("outlook.ics", company="Globex Corporation")
    open_card = Application("Initrode", "Analyst", email="pat@globex.com", id=4)
    events = [Event(EventKind.INTERVIEW, datetime(2026, 11, 2, 15), id=1, app_id=4)]
    cards = [(open_card, events, evaluate(open_card, events, Policy(), NOW))]
    placement = place(invite, cards)
    assert placement.target == open_card
    assert placement.matched_by == "the organizer's domain globex.com"
    assert not placement.duplicate
    closed = [*events, Event(EventKind.CLOSED, NOW, outcome=Outcome.REJECTED, id=2, app_id=4)]
    cards = [(open_card, closed, evaluate(open_card, closed, Policy(), NOW))]
    assert place(invite, cards).target is None  # a closed card takes no new round


def test_calendars_and_reminders_open_no_socket(run, berlin, tmp_path, monkeypatch):
    import socket

    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is not allowed in tracker")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("PATH", str(tmp_path / "no-notifier"))
    for args in (
        ["import", str(INVITES / "google.ics")],
        ["import", str(INVITES / "outlook.ics"), "--role", "Analyst", "--dry-run"],
        ["export", "--format", "ics", "-o", str(tmp_path / "feed.ics")],
        ["status", "--format", "json"],
        ["remind"],
        ["remind", "--every", "1h"],
    ):
        run.ok(*args, now="2026-11-11 10:00")
    assert attempts == []


def test_two_rounds_in_one_file_make_one_card(run, berlin, tmp_path):
    text = (INVITES / "calendly.ics").read_text()
    vevent = text[text.index("BEGIN:VEVENT") : text.index("END:VCALENDAR")]
    second = vevent.replace("20261113T150000Z", "20261120T150000Z").replace("BBDD1A2B-", "CCEE-")
    both = tmp_path / "two.ics"
    both.write_text(text.replace("END:VCALENDAR", second + "END:VCALENDAR"))
    dry = run.ok("import", str(both), "--dry-run").splitlines()
    assert dry[0].startswith("would add a new application: company 'Initech'")
    assert dry[1].startswith("would add round Fri 20 Nov 16:00–16:45 local (from UTC) to the new")
    assert json.loads(run.ok("list", "--json")) == []
    out = run.ok("import", str(both)).splitlines()
    assert out == [
        "Added #1 Initech — Data Engineer: interview Fri 2026-11-13 16:00–16:45.",
        "Added a round to #1 Initech — Data Engineer: interview Fri 2026-11-20 16:00–16:45.",
    ]
    assert [e["kind"] for e in _card(run, 1)["events"]] == ["interview", "interview"]
