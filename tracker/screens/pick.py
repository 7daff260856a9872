"""Small choosers: whom a thank-you is for, and the withdrawal notes after accepting an offer.

Each row is numbered, so a choice is one digit (or the arrows and Enter); the caller does the
copying.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tracker.text import plain


def _options(rows: Sequence[str]) -> list[Option]:
    return [
        Option(Content(f"{n}  " if n < 10 else "   ") + Content(plain(row)), id=str(n - 1))
        for n, row in enumerate(rows, start=1)
    ]


class PersonPicker(ModalScreen[str | None]):
    """`C`: whom the thank-you note is for; a digit picks at once."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, subject: str, names: Sequence[str], owed: Sequence[str]) -> None:
        super().__init__()
        self.subject = subject
        self.names = list(names)
        self.owed = set(owed)

    def compose(self) -> ComposeResult:
        rows = [f"{name}{'' if name in self.owed else '  (thanked)'}" for name in self.names]
        with Vertical(id="dialog", classes="picker"):
            yield Label("Copy the thank-you note for…", classes="form-title")
            yield Static(Content(plain(self.subject)), classes="subtitle")
            yield OptionList(*_options(rows), id="choices")
            yield Static("1–9 or Enter copies · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.names):
                event.stop()
                self.dismiss(self.names[index])

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)


class WithdrawalsScreen(ModalScreen[None]):
    """After accepting an offer: every other open application, its withdrawal note one key
    away. The list stays open while notes are copied; Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, cards: Sequence[tuple[int, str]], copy: Callable[[int], None]) -> None:
        super().__init__()
        self.cards = list(cards)
        self.copy = copy
        self.copied: set[int] = set()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="picker"):
            yield Label("Withdraw from the other applications", classes="form-title")
            yield Static(
                "Congratulations! A short note to each keeps the door open.", classes="subtitle"
            )
            yield OptionList(*_options([words for _, words in self.cards]), id="choices")
            yield Static("1–9 or Enter copies that note · Esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.cards):
                event.stop()
                self._take(index)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._take(int(event.option.id or 0))

    def _take(self, index: int) -> None:
        app_id, words = self.cards[index]
        self.copy(app_id)
        self.copied.add(app_id)
        options = self.query_one("#choices", OptionList)
        options.replace_option_prompt_at_index(
            index, Content(f"{index + 1}  " if index < 9 else "   ") + Content(plain(words + "  ✓"))
        )

    def action_close(self) -> None:
        self.dismiss(None)
