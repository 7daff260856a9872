"""A draft into the mail client: a `mailto:` URL (RFC 6068) handed to the platform's opener.

Everything a person typed (an address, a company in the subject, the body) is percent-encoded,
so no character of it can end one field and start another. The opener is found on PATH and run
with an argument list, never through a shell string. Nothing here imports Textual.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from tracker.drafts import Draft
    from tracker.model import Application

OPEN_TIMEOUT = 3.0  # seconds to wait for the opener's verdict

# The opener each platform has: (program on PATH, the words before the URL).
_OPENERS: dict[str, tuple[str, list[str]]] = {
    "win32": ("cmd", ["/c", "start", ""]),
    "darwin": ("open", []),
}
_DEFAULT_OPENER: tuple[str, list[str]] = ("xdg-open", [])
# What cmd.exe would act on in its command line; a caret makes each one literal.
_CMD_SPECIAL = "^&|<>()"


class MailError(Exception):
    """The draft could not be handed to a mail client, said in one line."""


def mailto(to: Sequence[str], subject: str, body: str) -> str:
    """The RFC 6068 URL for a new message; every byte outside the unreserved set is encoded.

    Line breaks in the body become %0D%0A, as the RFC requires; the subject is kept to one line.
    '+' is encoded too, since some clients read a bare one as a space.
    """
    address = ",".join(_address(item) for item in to if item.strip())
    one_line = " ".join(subject.splitlines())
    crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return f"mailto:{address}?subject={quote(one_line, safe='')}&body={quote(crlf, safe='')}"


def _address(address: str) -> str:
    """Local part and domain are encoded apart, so an '@' inside a quoted local part stays
    data (%40) and only the last one separates them."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return quote(domain, safe="")
    return f"{quote(local, safe='')}@{quote(domain, safe='')}"


def address(draft: Draft, app: Application) -> str:
    """Where a draft goes: its recipient's own address when one is known, else the
    application's (the contact who arranged the interview)."""
    return draft.to or app.email.strip()


def opener(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> list[str]:
    """The argv that opens a URL on this platform, up to the URL itself; MailError when the
    program is not on PATH."""
    env = os.environ if environ is None else environ
    program, words = _OPENERS.get(platform, _DEFAULT_OPENER)
    found = shutil.which(program, path=env.get("PATH", os.defpath))
    if found is None:
        shown = "start (cmd)" if program == "cmd" else program
        raise MailError(f"cannot open the mail client: no {shown} on PATH")
    return [found, *words]


def open_url(
    url: str,
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    timeout: float = OPEN_TIMEOUT,
) -> str:
    """Hands `url` to the opener; returns the opener's name, or raises MailError.

    The opener's exit status is awaited for `timeout` seconds. One still running then is left
    alone: some openers (xdg-open without a desktop) run the mail client itself, and killing it
    would close the very window the user asked for.
    """
    argv = opener(environ, platform)
    if platform == "win32":  # cmd re-parses its command line: '&' would end the command
        url = "".join(f"^{char}" if char in _CMD_SPECIAL else char for char in url)
    name = "start" if platform == "win32" else os.path.basename(argv[0])
    try:
        child = subprocess.Popen(
            [*argv, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=platform != "win32",
            env=None if environ is None else dict(environ),
        )
    except OSError as err:
        raise MailError(f"cannot open the mail client: {name} failed ({err.strerror})") from None
    try:
        code = child.wait(timeout)
    except subprocess.TimeoutExpired:  # reaped in the background whenever it ends
        threading.Thread(target=child.wait, name="tracker-mail-opener", daemon=True).start()
        return name
    if code != 0:
        raise MailError(f"cannot open the mail client: {name} exited with status {code}")
    return name
