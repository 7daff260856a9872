"""The draft shown as selectable text: when no clipboard way could be confirmed, or when closing
a card offers the matching note (rejection reply, withdrawal)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from tracker.text import plain


class DraftScreen(ModalScreen[bool]):
    """Read-only text to select with the mouse; dismisses True when the user asks to copy it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("c", "copy", "Copy", show=False),
    ]

    def __init__(self, title: str, text: str, note: str = "", *, offer_copy: bool = False) -> None:
        super().__init__()
        self.draft_title = title
        self.text = text
        self.note = note
        self.offer_copy = offer_copy

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="draft"):
            yield Label(self.draft_title, classes="form-title")
            if self.note:
                yield Static(Content(plain(self.note)), classes="form-subtitle")
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="draft-text")
            with Horizontal(classes="buttons"):
                if self.offer_copy:
                    yield Button("Copy (c)", variant="primary", id="copy", compact=True)
                yield Button("Close (Esc)", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#copy" if self.offer_copy else "#draft-text").focus()

    def action_close(self) -> None:
        self.dismiss(False)

    def action_copy(self) -> None:
        if self.offer_copy:
            self.dismiss(True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "copy")
