"""The date words people type in forms and on the command line. Tue 24 Nov 2026 is 'today'."""

from datetime import date, datetime

import pytest

from tracker.dates import parse_day, parse_moment, parse_reply_within
from tracker.model import InputError

NOW = datetime(2026, 11, 24, 10, 30)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 14:00", datetime(2026, 11, 20, 14, 0)),
        ("  2026-11-20   14:00 ", datetime(2026, 11, 20, 14, 0)),
        ("2026-11-20", datetime(2026, 11, 20, 23, 59)),  # a past day: its end
        ("2026-11-27", datetime(2026, 11, 27, 9, 0)),  # a future day: the morning
        ("today", NOW),
        ("now", NOW),
        ("yesterday 15:00", datetime(2026, 11, 23, 15, 0)),
        ("Friday 14:00", datetime(2026, 11, 20, 14, 0)),  # past by default
        ("fri at 9:15", datetime(2026, 11, 20, 9, 15)),
        ("next friday 14:00", datetime(2026, 11, 27, 14, 0)),
        ("tuesday 08:00", datetime(2026, 11, 24, 8, 0)),
        ("3 days ago 11:00", datetime(2026, 11, 21, 11, 0)),
        ("in 2 days 16:00", datetime(2026, 11, 26, 16, 0)),
        ("in 1 week 10:00", datetime(2026, 12, 1, 10, 0)),
    ],
)
def test_parse_moment_reads_the_strict_form_and_everyday_words(text, expected):
    assert parse_moment(text, NOW, "interviewed") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-04", date(2026, 12, 4)),
        ("friday", date(2026, 11, 27)),  # future by default
        ("tomorrow", date(2026, 11, 25)),
        ("in 3 days", date(2026, 11, 27)),
        ("last monday", date(2026, 11, 23)),
    ],
)
def test_parse_day(text, expected):
    assert parse_day(text, NOW, "decision-by") == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-02-30",
        "2026-13-01",
        "2026-11-20 24:00",
        "2026-11-20 10:60",
        "soon",
        "[bold]x[/]",
        "1999-12-31 10:00",
        "9999-12-31",
        "in 99999 days",
        "2026-11-20 14:00 extra",
        "someday friday",
    ],
)
def test_parse_moment_refuses_with_the_field_and_the_forms(text):
    with pytest.raises(InputError) as err:
        parse_moment(text, NOW, "interviewed")
    assert err.value.field == "interviewed"
    assert str(err.value).startswith("interviewed: expected ")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("text", "expected"), [("", None), ("0", 0), (" 10 ", 10), ("365", 365)])
def test_parse_reply_within(text, expected):
    assert parse_reply_within(text, "reply-within") == expected


@pytest.mark.parametrize("text", ["-1", "ten", "3.5", "366", "٣"])
def test_parse_reply_within_refuses_negative_and_non_numeric(text):
    with pytest.raises(InputError, match="reply-within: expected a whole number of days"):
        parse_reply_within(text, "reply-within")


@pytest.mark.parametrize("text", ["2026-02-30", "2026-02-29 10:00", "2026-04-31"])
def test_an_impossible_date_is_called_so(text):
    with pytest.raises(InputError, match="a real calendar date"):
        parse_moment(text, NOW, "on")
    with pytest.raises(InputError, match="a real calendar date"):
        parse_day(text.split()[0], NOW, "decision-by")
