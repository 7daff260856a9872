"""Measures what a person feels: the real `tracker`, driven in tmux, at 100, 1,000 and 10,000 apps.

For each size it writes realistic applications through the project's own storage API into a
temporary database, then times, as medians over several runs and against a minimal Textual app
measured in the same run:
  - launch until the board shows its first cards and the side panel (screen polling in tmux),
  - a key press (move the selection; log an event) until the screen repaints,
  - quitting until the process has gone,
  - peak memory (VmHWM) of the board process,
  - `tracker due --json` and `tracker import` of a CSV with that many rows,
  - with --follow, the board's memory (VmRSS) before and after following 100 `tracker log`
    commands run from another shell, and how long the last one took to show.

    python bench/bench.py                 # sizes 100 1000 10000, 5 runs each
    python bench/bench.py --sizes 1000 --runs 3
    python bench/bench.py --sizes 100000 --runs 1 --follow
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 24, 10, 0)
WIDTH, HEIGHT = 120, 35
TITLES = ("Interviewed", "Thanked", "Following up", "Closed")
TIMEOUT = 30.0
# The environment every measured program runs in. Bytecode is written, as an installed package
# has it (pip compiles at install), even where the shell says not to: otherwise each run
# compiles the project's modules again while the minimal app, one small file, pays nothing.
NO_BYTECODE = "PYTHONDONTWRITEBYTECODE"
INSTALLED = {key: value for key, value in os.environ.items() if key != NO_BYTECODE}


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, ready: Callable[[str], bool], start: float) -> tuple[float, str]:
    """Polls the pane until `ready` holds; returns seconds since `start` and the screen."""
    while True:
        text = screen(session)
        if ready(text):
            return time.perf_counter() - start, text
        if time.perf_counter() - start > TIMEOUT:
            raise TimeoutError(f"{session}: screen never became ready:\n{text}")


def settled(session: str, quiet: float = 0.15) -> str:
    """The screen once it has not changed for `quiet` seconds. A key press is timed from a
    still screen: otherwise a late frame of the previous one (the side panel follows the
    highlight) would pass for its repaint, and two keys could land in one frame unseen."""
    text, since = screen(session), time.perf_counter()
    while time.perf_counter() - since < quiet:
        now = screen(session)
        if now != text:
            text, since = now, time.perf_counter()
    return text


def descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found.append(child)
            queue.append(child)
    return found


def python_pid(session: str) -> int:
    pane = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
    for pid in [pane, *descendants(pane)]:
        try:
            if b"python" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            continue
    return pane


def peak_rss_mb(pid: int, field: str = "VmHWM") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class Session:
    """One program in a fresh tmux session of a fixed size, launched from an idle shell."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name = name
        tmux("kill-session", "-t", name)
        exports = [f"{key}={value}" for key, value in env.items()]
        # As INSTALLED: the tmux server may carry the variable from the shell that started it.
        self.command = "exec " + shlex.join(["env", "-u", NO_BYTECODE, *exports, *command])
        tmux("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), "bash", "--norc")
        tmux("set-option", "-t", name, "remain-on-exit", "on")
        wait_for(name, lambda text: "$" in text or "#" in text, time.perf_counter())

    def launch(self, ready: Callable[[str], bool]) -> float:
        start = time.perf_counter()
        tmux("send-keys", "-t", self.name, self.command, "Enter")
        seconds, _ = wait_for(self.name, ready, start)
        self.pid = python_pid(self.name)
        return seconds

    def key(self, key: str, changed: Callable[[str, str], bool] | None = None) -> float:
        before = settled(self.name)
        start = time.perf_counter()
        tmux("send-keys", "-t", self.name, key)
        test = changed or (lambda old, new: old != new)
        seconds, _ = wait_for(self.name, lambda text: test(before, text), start)
        return seconds

    def quit(self) -> float:
        settled(self.name)  # the undo dialog must be gone: inside it, q is just a letter
        start = time.perf_counter()
        tmux("send-keys", "-t", self.name, "q")
        while alive(self.pid):
            if time.perf_counter() - start > TIMEOUT:
                raise TimeoutError(f"{self.name}: did not quit")
        return time.perf_counter() - start

    def close(self) -> None:
        tmux("kill-session", "-t", self.name)


def board_ready(first_company: str) -> Callable[[str], bool]:
    """The board is ready when the four titles, its first card and that card's panel show."""

    probe = first_company[:12]  # cards truncate long names

    def ready(text: str) -> bool:
        return all(title in text for title in TITLES) and text.count(probe) >= 2

    return ready


def minimal_ready(text: str) -> bool:
    return all(title in text for title in TITLES)


def populate(db: Path, count: int) -> str:
    """Writes `count` applications through the storage API; returns the company of the card
    the board selects at launch (the most urgent)."""
    sys.path.insert(0, str(ROOT))
    from tracker.demo import generate
    from tracker.rules import PRESETS
    from tracker.store import Store
    from tracker.widgets.deck import Deck

    store = Store.open(db)
    generate(store, count, NOW, seed=count)
    deck = Deck(PRESETS["standard"])  # the board's own order, ties included
    deck.load(store.load_all(), NOW)
    store.close()
    urgent = deck.most_urgent()
    if urgent is None:
        raise RuntimeError("no open cards generated")
    return urgent.app.company


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env={**INSTALLED, **env}, capture_output=True, check=True)
    return time.perf_counter() - start


def measure(
    count: int, runs: int, tracker: str, python: str, follow: bool = False
) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}

    def add(metric: str, value: float) -> None:
        results.setdefault(metric, []).append(value)

    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        urgent = populate(db, count)
        env = {
            "TRACKER_DB": str(db),
            "TRACKER_NOW": NOW.strftime("%Y-%m-%d %H:%M"),
            "TRACKER_CONFIG": str(Path(tmp) / "none.toml"),
            "TERM": "xterm-256color",
        }
        Path(env["TRACKER_CONFIG"]).write_text("")
        # One untimed launch of each first, so every timed one starts warm (bytecode written,
        # files in the page cache), as a person's second launch of the day does.
        minimal_app = [python, str(ROOT / "bench" / "minimal_app.py")]
        for name, command, ready in (
            (f"bench-warm-min-{count}", minimal_app, minimal_ready),
            (f"bench-warm-board-{count}", [tracker], board_ready(urgent)),
        ):
            warm = Session(name, command, env)
            warm.launch(ready)
            warm.quit()
            warm.close()
        for run in range(runs):
            minimal = Session(f"bench-min-{count}-{run}", minimal_app, env)
            add("launch_minimal", minimal.launch(minimal_ready))
            add("quit_minimal", minimal.quit())
            minimal.close()

            board = Session(f"bench-board-{count}-{run}", [tracker], env)
            add("launch", board.launch(board_ready(urgent)))
            for key in ("h", "h", "h", "Home"):  # start at the first card, as every run does
                board.key(key, lambda old, new: True)
            settled(board.name)
            for key in ("j", "k", "l", "h", "j"):
                add("key_move", board.key(key))
            add("key_log", board.key("t"))  # log the selected card's thank-you as sent
            board.key("u")  # confirm-undo dialog opens …
            board.key("y")  # … and the log is undone, so every run starts the same
            add("rss_mb", peak_rss_mb(board.pid))
            if follow:
                follow_writes(board, tracker, env, count + 100 * run, add)
            add("quit", board.quit())
            board.close()

            add("due_json", timed([tracker, "due", "--json"], env))
        csv_file = Path(tmp) / "export.csv"
        subprocess.run(
            [tracker, "export", "--format", "csv", "-o", str(csv_file)],
            env={**INSTALLED, **env},
            check=True,
            capture_output=True,
        )
        sys.path.insert(0, str(ROOT))
        from tracker.transfer import IMPORT_LIMIT

        exported = count + (100 * runs if follow else 0)
        for run in range(runs if exported <= IMPORT_LIMIT else 0):  # beyond: refused, by design
            fresh = Path(tmp) / f"import-{run}.db"
            add("import_csv", timed([tracker, "--db", str(fresh), "import", str(csv_file)], env))
    return results


def follow_writes(
    board: Session, tracker: str, env: dict[str, str], count: int, add: Callable[..., None]
) -> None:
    """100 applications added from another shell while the board is open: it must follow
    them (its header counts them) without its memory growing with each change."""
    settled(board.name)
    before = peak_rss_mb(board.pid, "VmRSS")
    for n in range(100):
        subprocess.run(
            [
                tracker,
                "add",
                "--company",
                f"Bench {n:03d}",
                "--role",
                "Follower",
                "--interviewed",
                "2026-11-20 10:00",
            ],
            env={**INSTALLED, **env},
            capture_output=True,
            check=True,
        )
    start = time.perf_counter()
    wait_for(board.name, lambda text: f"{count + 100} applications" in text, start)
    add("follow_seconds", time.perf_counter() - start)
    add("follow_rss_growth_mb", peak_rss_mb(board.pid, "VmRSS") - before)


TARGETS = {
    # metric: (label, target description, check(value, minimal_launch) -> bool)
    "launch": ("launch to board", lambda n: "≤2x minimal" if n <= 1000 else "≤3x minimal"),
    "key_move": ("key: move selection", lambda n: "≤50 ms"),
    "key_log": ("key: log an event", lambda n: "≤50 ms"),
    "quit": ("quit", lambda n: "≤0.3 s"),
    "rss_mb": ("peak RSS", lambda n: "<150 MB"),
    "due_json": ("tracker due --json", lambda n: "≤0.5 s"),
    "import_csv": ("tracker import (CSV)", lambda n: "≤3 s"),
}


def verdict(metric: str, count: int, value: float, minimal: float) -> bool:
    if metric == "launch":
        return value <= (2 if count <= 1000 else 3) * minimal
    limits = {
        "key_move": 0.05,
        "key_log": 0.05,
        "quit": 0.3,
        "rss_mb": 150,
        "due_json": 0.5,
        "import_csv": 3.0,
    }
    return value <= limits[metric]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tracker", default=shutil.which("tracker") or "tracker")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--follow", action="store_true", help="also follow 100 CLI writes")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        print("bench: tmux is required", file=sys.stderr)
        return 2

    rows = []
    for count in args.sizes:
        results = measure(count, args.runs, args.tracker, args.python, args.follow)
        minimal = statistics.median(results["launch_minimal"])
        for metric, (label, target) in TARGETS.items():
            if metric not in results:  # e.g. an import beyond the documented limit
                rows.append((f"{count:,}", label, "n/a", "", target(count), ""))
                continue
            value = statistics.median(results[metric])
            if metric == "rss_mb":
                shown, ratio = f"{value:.0f} MB", ""
            elif metric in ("key_move", "key_log"):
                shown, ratio = f"{value * 1000:.0f} ms", ""
            else:
                shown = f"{value:.3f} s"
                ratio = f"{value / minimal:.2f}x" if metric == "launch" else ""
            ok = "yes" if verdict(metric, count, value, minimal) else "NO"
            rows.append((f"{count:,}", label, shown, ratio, target(count), ok))
        if args.follow:
            growth = statistics.median(results["follow_rss_growth_mb"])
            seconds = statistics.median(results["follow_seconds"])
            ok = "yes" if growth < 5 else "NO"
            rows.append(
                (f"{count:,}", "RSS growth over 100 CLI logs", f"{growth:.1f} MB", "", "<5 MB", ok)
            )
            rows.append((f"{count:,}", "last CLI log on screen", f"{seconds:.3f} s", "", "", ""))
        rows.append((f"{count:,}", "minimal app launch", f"{minimal:.3f} s", "1.00x", "", ""))
        quit_minimal = statistics.median(results["quit_minimal"])
        rows.append((f"{count:,}", "minimal app quit", f"{quit_minimal:.3f} s", "", "", ""))

    header = ("apps", "measure", "median", "vs minimal", "target", "met")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    python = sys.version.split()[0]
    print(f"\n{args.runs} runs per size, medians; tmux {WIDTH}x{HEIGHT}; python {python}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
