"""The date words people type in forms and on the command line, by GNU `date`'s conventions,
and the words that say back what they resolved to. Tue 24 Nov 2026 is 'today' unless a test
freezes another day."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.dates import (
    describe_day,
    describe_moment,
    parse_day,
    parse_moment,
    parse_reply_within,
)
from tracker.model import InputError

NOW = datetime(2026, 11, 24, 10, 30)  # a Tuesday
WEEK = [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]  # Mon 23 .. Sun 29 Nov
NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SHORT = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# --- weekdays at every boundary ------------------------------------------------------------


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%a}")
@pytest.mark.parametrize("target", range(7), ids=SHORT)
def test_weekday_words_follow_gnu_date_on_every_day_of_the_week(today: date, target: int) -> None:
    now = datetime.combine(today, datetime.min.time()).replace(hour=12)
    for name in (NAMES[target], SHORT[target]):
        plain = parse_day(name, now, "on")
        this = parse_day(f"this {name}", now, "on")
        following = parse_day(f"next {name}", now, "on")
        last = parse_day(f"last {name}", now, "on")
        assert {plain.weekday(), this.weekday(), following.weekday(), last.weekday()} == {target}
        assert plain == this
        assert 0 <= (plain - today).days <= 6  # on or after today
        assert 1 <= (following - today).days <= 7  # strictly after today
        assert 1 <= (today - last).days <= 7  # strictly before today
        # parse_moment resolves the same days, whatever it prefers
        for prefer in ("past", "future"):
            assert parse_moment(f"next {name} 15:00", now, "on", prefer=prefer) == datetime.combine(
                following, datetime.min.time()
            ).replace(hour=15)
            assert parse_moment(f"{name} 15:00", now, "on", prefer=prefer).date() == plain


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        # The issue's examples: Wed 25 Nov and Mon 7 Dec.
        (datetime(2026, 11, 25, 9, 0), "next wednesday", datetime(2026, 12, 2, 9, 0)),
        (datetime(2026, 11, 25, 9, 0), "wednesday 16:00", datetime(2026, 11, 25, 16, 0)),
        (datetime(2026, 11, 25, 9, 0), "this wed 16:00", datetime(2026, 11, 25, 16, 0)),
        (datetime(2026, 11, 25, 9, 0), "last wednesday 16:00", datetime(2026, 11, 18, 16, 0)),
        (datetime(2026, 11, 25, 9, 0), "next thursday 10:00", datetime(2026, 11, 26, 10, 0)),
        (datetime(2026, 12, 7, 9, 0), "friday 15:00", datetime(2026, 12, 11, 15, 0)),
        (datetime(2026, 12, 7, 9, 0), "next friday 15:00", datetime(2026, 12, 11, 15, 0)),
        (datetime(2026, 12, 7, 9, 0), "last friday 15:00", datetime(2026, 12, 4, 15, 0)),
        (datetime(2026, 12, 31, 9, 0), "next fri", datetime(2027, 1, 1, 9, 0)),  # a new year
    ],
)
def test_the_issues_weekday_examples(now: datetime, text: str, expected: datetime) -> None:
    assert parse_moment(text, now, "on") == expected


# --- everything else people type -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 14:00", datetime(2026, 11, 20, 14, 0)),
        ("  2026-11-20   14:00 ", datetime(2026, 11, 20, 14, 0)),
        ("2026-11-20T14:00", datetime(2026, 11, 20, 14, 0)),
        ("2026-11-20", datetime(2026, 11, 20, 23, 59)),  # a past day: its end
        ("2026-11-27", datetime(2026, 11, 27, 9, 0)),  # a future day: the morning
        ("today", NOW),  # today without a time: now
        ("now", NOW),
        ("tuesday", NOW),
        ("today 14:00", datetime(2026, 11, 24, 14, 0)),
        ("tomorrow 8:05", datetime(2026, 11, 25, 8, 5)),
        ("tomorrow", datetime(2026, 11, 25, 9, 0)),
        ("yesterday 15:00", datetime(2026, 11, 23, 15, 0)),
        ("yesterday", datetime(2026, 11, 23, 23, 59)),
        ("fri at 9:15", datetime(2026, 11, 27, 9, 15)),
        ("last fri at 9:15", datetime(2026, 11, 20, 9, 15)),
        ("3 days ago 11:00", datetime(2026, 11, 21, 11, 0)),
        ("2 weeks ago 9am", datetime(2026, 11, 10, 9, 0)),
        ("1 day ago", datetime(2026, 11, 23, 23, 59)),
        ("in 2 days 16:00", datetime(2026, 11, 26, 16, 0)),
        ("in 1 week 10:00", datetime(2026, 12, 1, 10, 0)),
        ("in 0 days", NOW),
        # written dates, with and without a year and a time
        ("Nov 20", datetime(2026, 11, 20, 23, 59)),
        ("Nov 20th", datetime(2026, 11, 20, 23, 59)),
        ("20 Nov 2026", datetime(2026, 11, 20, 23, 59)),
        ("24 November 2026 14:30", datetime(2026, 11, 24, 14, 30)),
        ("November 24, 2026", NOW),
        ("Nov 24, 2026 2:30 PM", datetime(2026, 11, 24, 14, 30)),
        ("Nov 24, 2026, 2:30 PM", datetime(2026, 11, 24, 14, 30)),
        ("dec 11 at 3pm", datetime(2026, 12, 11, 15, 0)),
        ("Fri 11 Dec 15:00", datetime(2026, 12, 11, 15, 0)),  # what the preview says, read back
        ("Sept. 1, 2027", datetime(2027, 9, 1, 9, 0)),
        # times, 24-hour and 12-hour; a time alone is today
        ("14:30", datetime(2026, 11, 24, 14, 30)),
        ("2:30 PM", datetime(2026, 11, 24, 14, 30)),
        ("2:30pm", datetime(2026, 11, 24, 14, 30)),
        ("2pm", datetime(2026, 11, 24, 14, 0)),
        ("2 p.m.", datetime(2026, 11, 24, 14, 0)),
        ("12am", datetime(2026, 11, 24, 0, 0)),
        ("12:15 pm", datetime(2026, 11, 24, 12, 15)),
        ("yesterday 11:59 AM", datetime(2026, 11, 23, 11, 59)),
    ],
)
def test_parse_moment_reads_the_strict_form_and_everyday_words(text, expected):
    assert parse_moment(text, NOW, "interviewed") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-04", date(2026, 12, 4)),
        ("friday", date(2026, 11, 27)),
        ("tuesday", date(2026, 11, 24)),
        ("next tuesday", date(2026, 12, 1)),
        ("tomorrow", date(2026, 11, 25)),
        ("in 3 days", date(2026, 11, 27)),
        ("in 2 weeks", date(2026, 12, 8)),
        ("last monday", date(2026, 11, 23)),
        ("Dec 4", date(2026, 12, 4)),
        ("4 December 2026", date(2026, 12, 4)),
        ("January 8", date(2027, 1, 8)),
    ],
)
def test_parse_day(text, expected):
    assert parse_day(text, NOW, "decision-by") == expected


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        # The nearest such day, leaning the way the caller prefers by up to a year.
        ("Jan 8", "past", date(2027, 1, 8)),  # 45 days ahead: still this season
        ("Jan 8", "future", date(2027, 1, 8)),
        ("Oct 1", "past", date(2026, 10, 1)),
        ("Oct 1", "future", date(2026, 10, 1)),  # 54 days back: a past date, refused later
        ("Jun 1", "past", date(2026, 6, 1)),
        ("Jun 1", "future", date(2027, 6, 1)),
        ("Mar 1", "past", date(2026, 3, 1)),
        ("Mar 1", "future", date(2027, 3, 1)),
        ("Nov 24", "past", date(2026, 11, 24)),
        ("Nov 24", "future", date(2026, 11, 24)),
    ],
)
def test_a_written_date_without_a_year_picks_the_sensible_year(text, prefer, expected):
    assert parse_day(text, NOW, "on", prefer=prefer) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-13-01",
        "2026-11-20 24:00",
        "2026-11-20 10:60",
        "13pm",
        "0:30 am",
        "soon",
        "[bold]x[/]",
        "1999-12-31 10:00",
        "9999-12-31",
        "Nov 24 1999",
        "in 99999 days",
        "2026-11-20 14:00 extra",
        "someday friday",
        "next",
        "next nov 24",
        "24",
        "nov",
        "nov 32",
        "smarch 3",
        "11/24/2026",
    ],
)
def test_parse_moment_refuses_with_the_field_and_the_forms(text):
    with pytest.raises(InputError) as err:
        parse_moment(text, NOW, "interviewed")
    assert err.value.field == "interviewed"
    assert str(err.value).startswith("interviewed: expected ")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("text", "words"), [("25:00", "14:30"), ("13:30 pm", "2:30 PM")])
def test_a_bad_time_says_what_a_time_looks_like(text, words):
    with pytest.raises(InputError, match=f"on: expected a time of day such as .*{words}"):
        parse_moment(f"tomorrow {text}", NOW, "on")


def test_a_weekday_that_contradicts_the_date_is_refused():
    with pytest.raises(InputError, match=r"matches the date \(27 Nov 2026 is a Friday\)"):
        parse_moment("Sat 27 Nov 10:00", NOW, "on")


@pytest.mark.parametrize(("text", "expected"), [("", None), ("0", 0), (" 10 ", 10), ("365", 365)])
def test_parse_reply_within(text, expected):
    assert parse_reply_within(text, "reply-within") == expected


@pytest.mark.parametrize("text", ["-1", "ten", "3.5", "366", "٣"])
def test_parse_reply_within_refuses_negative_and_non_numeric(text):
    with pytest.raises(InputError, match="reply-within: expected a whole number of days"):
        parse_reply_within(text, "reply-within")


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "2026-02-29 10:00", "2026-04-31", "Feb 30 2026", "31 April 2026 9:00", "feb 29"],
)
def test_an_impossible_date_is_called_so(text):
    with pytest.raises(InputError, match="a real calendar date"):
        parse_moment(text, NOW, "on")
    with pytest.raises(InputError, match="a real calendar date"):
        parse_day(text.removesuffix(" 10:00").removesuffix(" 9:00"), NOW, "decision-by")


# --- saying it back ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "now", "words"),
    [
        (datetime(2026, 12, 11, 15, 0), datetime(2026, 12, 7, 9, 0), "Fri 11 Dec 15:00, in 4 days"),
        (datetime(2026, 11, 25, 15, 30), NOW, "Wed 25 Nov 15:30, in 29 hours"),
        (datetime(2026, 11, 26, 10, 29), NOW, "Thu 26 Nov 10:29, in 47 hours"),
        (datetime(2026, 11, 26, 10, 30), NOW, "Thu 26 Nov 10:30, in 2 days"),
        (datetime(2026, 11, 7, 10, 0), NOW, "Sat 7 Nov 10:00, 17 days ago"),
        (datetime(2026, 11, 24, 11, 0), NOW, "Tue 24 Nov 11:00, in 30 minutes"),
        (datetime(2026, 11, 24, 9, 29), NOW, "Tue 24 Nov 09:29, 1 hour ago"),
        (datetime(2026, 11, 24, 10, 29), NOW, "Tue 24 Nov 10:29, 1 minute ago"),
        (NOW, NOW, "Tue 24 Nov 10:30, now"),
        (datetime(2027, 1, 8, 9, 0), NOW, "Fri 8 Jan 2027 09:00, in 45 days"),
        (datetime(2026, 2, 24, 9, 0), NOW, "Tue 24 Feb 09:00, 273 days ago"),
    ],
)
def test_describe_moment_is_exact_enough_to_act_on(moment, now, words):
    assert describe_moment(moment, now) == words


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 11, 24), "Tue 24 Nov, today"),
        (date(2026, 11, 25), "Wed 25 Nov, tomorrow"),
        (date(2026, 11, 23), "Mon 23 Nov, yesterday"),
        (date(2026, 12, 11), "Fri 11 Dec, in 17 days"),
        (date(2025, 11, 24), "Mon 24 Nov 2025, 365 days ago"),
    ],
)
def test_describe_day(day, words):
    assert describe_day(day, NOW.date()) == words


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31, 23, 59)),
    now=st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)),
    prefer=st.sampled_from(["past", "future"]),
)
def test_what_describe_moment_says_reads_back_as_the_same_moment(moment, now, prefer):
    moment = moment.replace(second=0, microsecond=0)
    said = describe_moment(moment, now).split(",")[0]  # "Fri 11 Dec 15:00"
    assert parse_moment(said, now, "on", prefer=prefer) == moment


def test_a_weekday_picks_the_year_of_a_written_date_without_one():
    # Read on Sat 2 Jan 2027: "Fri 11 Dec" is last month's (2026), "Sat 11 Dec" next year's.
    now = datetime(2027, 1, 2, 12, 0)
    assert parse_day("Fri 11 Dec", now, "on") == date(2026, 12, 11)
    assert parse_day("Sat 11 Dec", now, "on") == date(2027, 12, 11)
