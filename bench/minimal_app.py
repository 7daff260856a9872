"""The yardstick: a minimal Textual app with four labelled columns and nothing else."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Label


class Minimal(App):
    CSS = "Horizontal > Label { width: 1fr; border: round $accent; height: 1fr; }"
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Horizontal():
            for title in ("Interviewed", "Thanked", "Following up", "Closed"):
                yield Label(title)


if __name__ == "__main__":
    Minimal().run()
