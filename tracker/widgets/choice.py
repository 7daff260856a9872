"""A one-line picker for a handful of options (email / phone, the four outcomes).

Unlike a RadioSet, the arrow keys change the value directly and Enter is left to the form, so
"f, Enter" logs a follow-up through the suggested channel without touching the mouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

_GAP = "   "


class Choice(Widget, can_focus=True):
    """Pick one of a few values with ←/→ (or h/l, space), or a click."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "step(-1)", "Previous", show=False),
        Binding("right,l,space", "step(1)", "Next", show=False),
    ]

    value: reactive[str | None] = reactive(None)

    class Changed(Message):
        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

    def __init__(
        self, options: Sequence[tuple[str, str]], value: str | None = None, *, id: str
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)  # (value, label)
        self.set_reactive(Choice.value, value)

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        for number, (value, label) in enumerate(self.options):
            if number:
                parts.append(_GAP)
            if value == self.value:
                parts.append(("◉ " + label, "bold $text-accent"))
            else:
                parts.append(("○ " + label, "$text-muted"))
        return Content.assemble(*parts)

    def action_step(self, delta: int) -> None:
        values = [value for value, _ in self.options]
        if self.value in values:
            index = (values.index(self.value) + delta) % len(values)
        else:
            index = 0 if delta > 0 else len(values) - 1
        self.value = values[index]

    def watch_value(self, value: str | None) -> None:
        if value is not None:
            self.post_message(self.Changed(self, value))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x = 0
        for value, label in self.options:
            width = len(label) + 2
            if x <= offset.x < x + width:
                self.value = value
                return
            x += width + len(_GAP)
