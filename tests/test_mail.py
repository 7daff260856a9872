"""Drafts into the mail client: the mailto: URL byte for byte, and the opener found on PATH."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tracker.drafts import Draft
from tracker.mail import MailError, address, mailto, open_url, opener
from tracker.model import Application, DraftKind

# --- the URL ------------------------------------------------------------------------------


def test_subject_and_body_are_percent_encoded_with_crlf_line_breaks() -> None:
    url = mailto(
        ["dana@acme.example"],
        "Q&A? #2 at 100% — Café",
        "Dear Dana,\nA + B = C; see you?\r\nBest,\rAlex",
    )
    assert url == (
        "mailto:dana@acme.example"
        "?subject=Q%26A%3F%20%232%20at%20100%25%20%E2%80%94%20Caf%C3%A9"
        "&body=Dear%20Dana%2C%0D%0AA%20%2B%20B%20%3D%20C%3B%20see%20you%3F%0D%0ABest%2C%0D%0AAlex"
    )


def test_a_trailing_and_blank_line_survive() -> None:
    assert mailto([], "s", "a\n\nb\n").endswith("&body=a%0D%0A%0D%0Ab%0D%0A")


def test_a_subject_never_spans_lines() -> None:
    assert mailto([], "one\r\ntwo", "") == "mailto:?subject=one%20two&body="


def test_addresses_with_special_characters_stay_data() -> None:
    # RFC 6068's own examples: an '@' inside a quoted local part is encoded, the last is not.
    assert mailto(['"not@me"@example.org'], "", "").startswith("mailto:%22not%40me%22@example.org?")
    assert mailto(['"oh\\\\no"@example.org'], "", "").startswith(
        "mailto:%22oh%5C%5Cno%22@example.org?"
    )
    # What could end the address and start a header (?, &, #, %) or a second address (,).
    assert mailto(["a?b&c#d%e,f+g@x.example"], "", "").startswith(
        "mailto:a%3Fb%26c%23d%25e%2Cf%2Bg@x.example?"
    )
    assert mailto(["josé@bücher.example"], "", "").startswith(
        "mailto:jos%C3%A9@b%C3%BCcher.example?"
    )


def test_several_addresses_or_none() -> None:
    assert mailto([" a@x.example ", "", "b@y.example"], "s", "b").startswith(
        "mailto:a@x.example,b@y.example?"
    )
    assert mailto([""], "Hi", "") == "mailto:?subject=Hi&body="


def test_the_address_is_the_recipients_own_else_the_applications() -> None:
    app = Application("Acme", "Engineer", contact="Dana Lee", email=" dana@acme.example ")
    to_priya = Draft(DraftKind.THANK_YOU, "s", "b", (), "", to="priya@acme.example")
    assert address(to_priya, app) == "priya@acme.example"
    assert address(replace(to_priya, to=""), app) == "dana@acme.example"
    assert address(replace(to_priya, to=""), Application("Acme", "Engineer")) == ""


# --- the opener ---------------------------------------------------------------------------

URL = mailto(["dana@acme.example"], "Thank you & next steps?", "Line one\nLine two #2 100%")


def test_xdg_open_gets_the_url_as_one_argument(fake_program) -> None:
    xdg = fake_program("xdg-open")
    assert open_url(URL, platform="linux") == "xdg-open"
    assert xdg.runs() == [[URL]]


def test_macos_uses_open(fake_program) -> None:
    program = fake_program("open")
    assert open_url(URL, platform="darwin") == "open"
    assert program.runs() == [[URL]]


def test_windows_uses_start_through_cmd_with_its_specials_escaped(fake_program) -> None:
    cmd = fake_program("cmd")
    url = mailto(["a@x.example"], "Q&A (1)", "x")
    assert open_url(url, platform="win32") == "start"
    assert cmd.runs() == [["/c", "start", "", "mailto:a@x.example?subject=Q%26A%20%281%29^&body=x"]]


def test_no_opener_on_path_is_one_line(tmp_path: Path) -> None:
    empty = {"PATH": str(tmp_path)}
    with pytest.raises(MailError, match=r"^cannot open the mail client: no xdg-open on PATH$"):
        open_url(URL, environ=empty, platform="linux")
    with pytest.raises(MailError, match=r"no start \(cmd\) on PATH$"):
        opener(empty, platform="win32")


def test_an_opener_that_fails_says_so(fake_program) -> None:
    fake_program("xdg-open", code=4)
    with pytest.raises(MailError, match=r"^cannot open the mail client: xdg-open exited with "):
        open_url(URL, platform="linux")


def test_an_opener_still_running_is_left_alone(fake_program) -> None:
    # Without a desktop, xdg-open runs the mail client itself: killing it would close the mail.
    xdg = fake_program("xdg-open", hang=30)
    started = time.monotonic()
    assert open_url(URL, platform="linux", timeout=0.5) == "xdg-open"
    assert time.monotonic() - started < 5
    for _ in range(100):
        if xdg.pids():
            break
        time.sleep(0.05)
    (pid,) = xdg.pids()
    os.kill(pid, 0)  # still there
    os.kill(pid, 9)
