"""The native half of the copy chain: ask the system clipboard tool pyperclip would pick.

The board always sends OSC 52 as well (that is Textual's job, not this module's), so this side
only has to say whether a native tool *confirmed* the copy. It must never freeze the board: the
tool pyperclip detects is run here with a timeout (the child is killed when it runs out), and the
in-process mechanisms (Windows API, pyobjc, Qt) run in a daemon thread that is abandoned if it
does not answer in time. Nothing here imports Textual.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from functools import cache

NativeCopy = Callable[[str], str | None]

# pyperclip's copy functions, by name, mapped to the command line they run and its encoding.
# We run the command ourselves so that a hung tool is killed instead of waited on forever.
_COMMANDS: dict[str, tuple[str, list[str], str]] = {
    "copy_osx_pbcopy": ("pbcopy", ["pbcopy", "w"], "utf-8"),
    "copy_xclip": ("xclip", ["xclip", "-selection", "c"], "utf-8"),
    "copy_xsel": ("xsel", ["xsel", "-b", "-i"], "utf-8"),
    "copy_wl": ("wl-copy", ["wl-copy"], "utf-8"),
    "copy_wsl": ("clip.exe", ["clip.exe"], "utf-16le"),
}

# Mechanisms pyperclip runs in-process (or through D-Bus); called in a thread with a timeout.
_IN_PROCESS: dict[str, str] = {
    "copy_windows": "the Windows clipboard",
    "copy_osx_pyobjc": "pyobjc",
    "copy_qt": "Qt",
    "copy_klipper": "Klipper",
    "copy_dev_clipboard": "/dev/clipboard",
}


@cache
def _detect() -> Callable[[str], None] | None:
    """pyperclip's choice for this machine, or None; cached since it probes executables."""
    try:
        import pyperclip  # kept off the start-up path: only needed on the first copy

        copy, _paste = pyperclip.determine_clipboard()
    except Exception:  # pyperclip raises assorted errors on odd platforms; no tool, then
        return None
    name = getattr(copy, "__name__", "")
    return copy if name in _COMMANDS or name in _IN_PROCESS else None


def copy_native(text: str, timeout: float = 2.0) -> str | None:
    """Copies through the system tool pyperclip detects; returns its name when it confirmed."""
    copy = _detect()
    if copy is None or not text:
        return None
    name = copy.__name__
    if name in _COMMANDS:
        label, argv, encoding = _COMMANDS[name]
        return label if _run(argv, text.encode(encoding), timeout) else None
    return _IN_PROCESS[name] if _call_with_timeout(copy, text, timeout) else None


def _run(argv: list[str], data: bytes, timeout: float) -> bool:
    """Runs a clipboard tool; output goes to /dev/null because xclip and wl-copy fork a child
    that keeps serving the selection, and an inherited pipe would make us wait for it."""
    try:
        done = subprocess.run(
            argv,
            input=data,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
            close_fds=True,
        )
    except (OSError, subprocess.SubprocessError):  # missing tool, or killed after the timeout
        return False
    return done.returncode == 0


def _call_with_timeout(copy: Callable[[str], None], text: str, timeout: float) -> bool:
    outcome: list[bool] = []

    def attempt() -> None:
        try:
            copy(text)
        except Exception:
            outcome.append(False)
        else:
            outcome.append(True)

    worker = threading.Thread(target=attempt, name="tracker-clipboard", daemon=True)
    worker.start()
    worker.join(timeout)
    return bool(outcome and outcome[0])
