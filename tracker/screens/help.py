"""`?`: every key with what it does, and what the colours mean. Built from the live bindings so
it can never disagree with the footer or the command palette."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tracker.model import Status

STATUS_STYLE = {
    Status.OVERDUE: "bold $text-error",
    Status.DUE: "bold $text-warning",
    Status.WAITING: "$text-muted",
    Status.UPCOMING: "$text-primary",
    Status.CLOSED: "$text-success",
}
_STATUS_WORDS = {
    Status.OVERDUE: "past its deadline: do it today",
    Status.DUE: "due now",
    Status.WAITING: "nothing to do until the date shown",
    Status.UPCOMING: "the interview is still ahead: prepare",
    Status.CLOSED: "finished, with its outcome",
}

KEY_NAMES = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "ctrl+p": "Ctrl+P",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
}


def key_label(keys: str) -> str:
    return " ".join(KEY_NAMES.get(key, key) for key in keys.split(","))


RULES_DOC = "docs/rules.md"


class HelpScreen(ModalScreen[None]):
    """A scrollable sheet of keys; any of Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, sections: Sequence[tuple[str, Sequence[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help"):
            yield Label("tracker: keys", classes="form-title")
            yield Static("Esc closes · ↑/↓ scroll", classes="form-subtitle")
            yield Static(self._sheet(), id="help-text")

    def _sheet(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        for title, bindings in self.sections:
            parts.append((title + "\n", "bold $text-primary"))
            for binding in bindings:
                parts.append((f"  {key_label(binding.key):<15} ", "bold $text-accent"))
                parts.append(binding.description + "\n")
            parts.append("\n")
        parts.append(("Colours\n", "bold $text-primary"))
        for status, words in _STATUS_WORDS.items():
            parts.append((f"  ● {status.value:<10}", STATUS_STYLE[status]))
            parts.append(words + "\n")
        parts.append(
            (
                "\nThe command palette (Ctrl+P) lists every action too. Dates in forms take "
                "YYYY-MM-DD HH:MM or words such as today, yesterday, friday, in 3 days.",
                "$text-muted",
            )
        )
        parts.append(("\n\nThe rules\n", "bold $text-primary"))
        parts.append(
            "  Every date and reason on the board comes from a rule (P1, T1, F1 …) named on the "
            "card's panel. The rules, in full and with the articles they come from: "
        )
        parts.append((RULES_DOC, "bold $text-accent"))
        parts.append(" in tracker's repository.")
        return Content.assemble(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
