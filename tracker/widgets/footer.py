"""The board's footer: every footer key whole, at any width from the board's minimum up."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Below this width the footer keeps the copy and log groups, undo, help and quit; the keys it
# drops (new, edit, filter) are still bound, and listed by `?` and the command palette.
WIDE = 80
NARROW_HIDDEN = frozenset({"new_application", "edit_application", "filter"})


class BoardFooter(Footer):
    """A Footer that leaves keys out rather than cut one in half when the terminal is narrow."""

    _narrow: bool | None = None  # the width class the keys were last composed for

    def compose(self) -> ComposeResult:
        narrow = self._narrow = self.app.size.width < WIDE
        for widget in super().compose():
            if narrow and isinstance(widget, FooterKey) and widget.action in NARROW_HIDDEN:
                continue
            yield widget

    def on_resize(self) -> None:
        if (self.app.size.width < WIDE) != self._narrow:  # composed for the other width
            self.call_after_refresh(self.recompose)
