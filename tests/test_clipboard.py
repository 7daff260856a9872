"""The native half of the copy chain: confirmed copies, missing tools, and tools that hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tracker import clipboard


def fake(name: str, action=None):
    """A stand-in for one of pyperclip's copy functions, named like the real one."""

    def copy(text: str) -> None:
        if action is not None:
            action(text)

    copy.__name__ = name
    return copy


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> dict:
    table = dict(clipboard._COMMANDS)
    monkeypatch.setattr(clipboard, "_COMMANDS", table)
    return table


def test_a_tool_that_accepts_the_text_is_named(monkeypatch, commands, tmp_path) -> None:
    target = tmp_path / "clip.txt"
    script = f"import sys; open({str(target)!r}, 'wb').write(sys.stdin.buffer.read())"
    commands["copy_xclip"] = ("xclip", [sys.executable, "-c", script], "utf-8")
    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_xclip"))
    assert clipboard.copy_native("Dear Priya,\nthank you — ü") == "xclip"
    assert target.read_text(encoding="utf-8") == "Dear Priya,\nthank you — ü"


def test_clip_exe_gets_utf16(monkeypatch, commands, tmp_path) -> None:
    target = tmp_path / "clip.bin"
    script = f"import sys; open({str(target)!r}, 'wb').write(sys.stdin.buffer.read())"
    commands["copy_wsl"] = ("clip.exe", [sys.executable, "-c", script], "utf-16le")
    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_wsl"))
    assert clipboard.copy_native("hé") == "clip.exe"
    assert target.read_bytes() == "hé".encode("utf-16le")


def test_a_failing_or_missing_tool_is_not_confirmed(monkeypatch, commands) -> None:
    commands["copy_xsel"] = ("xsel", [sys.executable, "-c", "raise SystemExit(1)"], "utf-8")
    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_xsel"))
    assert clipboard.copy_native("text") is None
    commands["copy_xsel"] = ("xsel", ["/nonexistent/xsel"], "utf-8")
    assert clipboard.copy_native("text") is None


def test_a_hanging_tool_is_killed_after_the_timeout(monkeypatch, commands, tmp_path) -> None:
    pid_file = tmp_path / "pid"
    script = (
        f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(30)"
    )
    commands["copy_wl"] = ("wl-copy", [sys.executable, "-c", script], "utf-8")
    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_wl"))
    started = time.monotonic()
    assert clipboard.copy_native("text", timeout=1.0) is None
    assert time.monotonic() - started < 5
    with pytest.raises(ProcessLookupError):  # killed and reaped: nothing left waiting
        os.kill(int(pid_file.read_text()), 0)


def test_a_tool_that_forks_a_server_does_not_make_us_wait(monkeypatch, commands) -> None:
    # Like xclip: the parent exits at once, a child keeps running with the inherited stdio.
    script = (
        "import os, sys, time\n"
        "sys.stdin.read()\n"
        "if os.fork() == 0:\n"
        "    time.sleep(3)\n"
        "    os._exit(0)\n"
    )
    commands["copy_xclip"] = ("xclip", [sys.executable, "-c", script], "utf-8")
    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_xclip"))
    started = time.monotonic()
    assert clipboard.copy_native("text", timeout=2.5) == "xclip"
    assert time.monotonic() - started < 2


def test_in_process_mechanisms_run_with_a_timeout(monkeypatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_qt", seen.append))
    assert clipboard.copy_native("hello") == "Qt"
    assert seen == ["hello"]

    def hang(text: str) -> None:
        time.sleep(5)

    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_windows", hang))
    started = time.monotonic()
    assert clipboard.copy_native("hello", timeout=0.2) is None
    assert time.monotonic() - started < 2

    def boom(text: str) -> None:
        raise RuntimeError("no clipboard")

    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_osx_pyobjc", boom))
    assert clipboard.copy_native("hello") is None


def test_no_tool_and_empty_text_copy_nothing(monkeypatch) -> None:
    monkeypatch.setattr(clipboard, "_detect", lambda: None)
    assert clipboard.copy_native("hello") is None
    monkeypatch.setattr(clipboard, "_detect", lambda: fake("copy_qt"))
    assert clipboard.copy_native("") is None


def test_detection_never_raises() -> None:
    clipboard._detect.cache_clear()
    try:
        found = clipboard._detect()
        assert found is None or found.__name__ in {*clipboard._COMMANDS, *clipboard._IN_PROCESS}
    finally:
        clipboard._detect.cache_clear()


def test_the_module_stays_free_of_textual() -> None:
    code = "import sys, tracker.clipboard; print('textual' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    assert done.stdout.strip() == "False"


# --- the terminal half: OSC 52, and what vouches for it ----------------------------------


def test_osc52_reaches_the_controlling_terminal_byte_for_byte() -> None:
    import base64

    master, slave = os.openpty()
    try:
        assert clipboard.copy_terminal("Dear Priya,\nthank you — ü", tty=os.ttyname(slave))
        sent = os.read(master, 4096)
    finally:
        os.close(master)
        os.close(slave)
    encoded = base64.b64encode("Dear Priya,\nthank you — ü".encode())
    assert sent == b"\x1b]52;c;" + encoded + b"\x07"


def test_no_terminal_means_no_osc52(tmp_path) -> None:
    assert not clipboard.copy_terminal("text", tty=str(tmp_path / "missing"))
    plain_file = tmp_path / "not-a-tty"
    plain_file.write_bytes(b"")
    assert not clipboard.copy_terminal("text", tty=str(plain_file))
    assert plain_file.read_bytes() == b""


TMUX_ENV = {"TMUX": "/tmp/tmux-1000/default,4242,0"}


def test_tmux_with_set_clipboard_on_vouches_for_the_terminal(fake_program) -> None:
    tmux = fake_program("tmux", stdout="on\n")
    env = {**TMUX_ENV, "PATH": os.environ["PATH"]}
    assert clipboard.terminal_trusted("auto", env) == "tmux set-clipboard on"
    assert tmux.runs() == [["show", "-gv", "set-clipboard"]]


@pytest.mark.parametrize("value", ["external\n", "off\n", ""])
def test_tmux_without_set_clipboard_on_does_not(fake_program, value) -> None:
    fake_program("tmux", stdout=value)
    assert clipboard.terminal_trusted("auto", {**TMUX_ENV, "PATH": os.environ["PATH"]}) is None


def test_tmux_is_only_asked_inside_tmux_and_in_auto_mode(fake_program) -> None:
    tmux = fake_program("tmux", stdout="on\n")
    assert clipboard.terminal_trusted("auto", {"PATH": os.environ["PATH"]}) is None
    assert clipboard.terminal_trusted("native", {**TMUX_ENV, "PATH": os.environ["PATH"]}) is None
    assert tmux.runs() == []


def test_the_terminal_setting_trusts_it_without_asking(fake_program) -> None:
    tmux = fake_program("tmux", stdout="off\n")
    env = {**TMUX_ENV, "PATH": os.environ["PATH"]}
    assert clipboard.terminal_trusted("terminal", env) == 'clipboard = "terminal"'
    assert tmux.runs() == []


def test_a_hanging_or_failing_tmux_vouches_for_nothing(fake_program, tmp_path) -> None:
    fake_program("tmux", stdout="on\n", hang=30)
    env = {**TMUX_ENV, "PATH": os.environ["PATH"]}
    started = time.monotonic()
    assert clipboard.terminal_trusted("auto", env, timeout=0.5) is None
    assert time.monotonic() - started < 5
    fake_program("tmux", stdout="on\n", code=1)
    assert clipboard.terminal_trusted("auto", env) is None
    assert clipboard.terminal_trusted("auto", {**TMUX_ENV, "PATH": str(tmp_path)}) is None
