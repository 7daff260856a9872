"""The copy chain: the system clipboard tool pyperclip would pick, and the terminal (OSC 52).

The board sends OSC 52 through Textual; the CLI writes it to the controlling terminal here. A
terminal never says whether it honoured OSC 52, so that copy only counts as made when something
vouches for it: tmux with `set-clipboard on`, or the user's `clipboard = "terminal"` setting.
A native tool *confirms* its copy. Nothing here may freeze the board: the tool pyperclip detects
is run with a timeout (the child is killed when it runs out), and the in-process mechanisms
(Windows API, pyobjc, Qt) run in a daemon thread that is abandoned if it does not answer in
time. Nothing here imports Textual.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Mapping
from functools import cache

NativeCopy = Callable[[str], str | None]

TTY = "/dev/tty"  # the controlling terminal, where the CLI writes OSC 52 (tests use a pty)

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


def osc52(text: str) -> bytes:
    """The escape sequence asking a terminal to put `text` on the system clipboard."""
    return b"\x1b]52;c;" + base64.b64encode(text.encode("utf-8")) + b"\x07"


def copy_terminal(text: str, tty: str | None = None) -> bool:
    """Writes OSC 52 to the controlling terminal (even when stdout is redirected); True when it
    was written, which is not proof the terminal acted on it."""
    try:
        fd = os.open(tty or TTY, os.O_WRONLY | os.O_NOCTTY)
    except OSError:  # no controlling terminal (cron, CI, a pipe from another program)
        return False
    try:
        if not os.isatty(fd):
            return False
        data = memoryview(osc52(text))
        while data:
            data = data[os.write(fd, data) :]
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def terminal_trusted(
    mode: str, environ: Mapping[str, str] | None = None, timeout: float = 1.0
) -> str | None:
    """Why a terminal (OSC 52) copy counts as made, or None when nothing vouches for it.

    `mode` is the `clipboard` setting: "terminal" trusts the terminal, "native" never does, and
    "auto" asks tmux (only inside it) whether it takes OSC 52 from programs.
    """
    if mode == "terminal":
        return 'clipboard = "terminal"'
    if mode == "auto" and _tmux_takes_osc52(environ, timeout):
        return "tmux set-clipboard on"
    return None


def _tmux_takes_osc52(environ: Mapping[str, str] | None, timeout: float) -> bool:
    """`set-clipboard on` is the one value with which tmux copies what a program sends;
    "external" only forwards tmux's own copies, so it does not count."""
    env = os.environ if environ is None else environ
    if not env.get("TMUX"):
        return False
    tmux = shutil.which("tmux", path=env.get("PATH", os.defpath))
    if tmux is None:
        return False
    try:
        done = subprocess.run(
            [tmux, "show", "-gv", "set-clipboard"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=None if environ is None else dict(environ),
        )
    except (OSError, subprocess.SubprocessError):  # gone, or killed after the timeout
        return False
    return done.returncode == 0 and done.stdout.strip() == "on"
