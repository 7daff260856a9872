"""User text on a terminal: made safe for one line, measured and cut in screen cells.

Shared by the board's widgets and the command line's tables, so both cut a wide character or
an emoji the same way. No Textual here: `rich.cells` is imported only when text is measured.
"""

from __future__ import annotations

_CONTROL = dict.fromkeys(range(32), " ") | {127: " "}


def plain(text: str) -> str:
    """User text made safe for a single terminal line (control characters become spaces)."""
    return text.translate(_CONTROL)


def cell_width(text: str) -> int:
    """How many terminal cells the text takes (wide characters take two)."""
    from rich.cells import cell_len

    return cell_len(text)


def fit(text: str, width: int) -> str:
    """Truncates to `width` cells with an ellipsis; never splits a wide character."""
    from rich.cells import set_cell_size

    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"
