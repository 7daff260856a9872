"""User text on a terminal: made safe for one line, measured and cut in screen cells.

Shared by the board's widgets and the command line's tables, so both cut a wide character or
an emoji the same way. No Textual here: `rich.cells` is imported only when text is measured.
"""

from __future__ import annotations

# C0, DEL and C1: the bytes terminal escape sequences are made of (C1 ones too: U+009B is a CSI).
CONTROLS = frozenset(chr(code) for code in (*range(32), *range(127, 160)))
# Direction overrides and isolates, which reorder what follows them on screen, and the Unicode
# line and paragraph separators: never part of a name.
LINE_BREAKERS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")

_ONE_LINE = dict.fromkeys(map(ord, CONTROLS), " ") | dict.fromkeys(map(ord, LINE_BREAKERS), "")
_LINES = {k: v for k, v in _ONE_LINE.items() if chr(k) not in "\n\t"}


def is_control(char: str) -> bool:
    """C0/C1 controls and DEL: the characters that make up terminal escape sequences."""
    return char in CONTROLS


def plain(text: str) -> str:
    """User text made safe for a single terminal line: control characters become spaces and
    direction overrides and line separators are dropped."""
    return text.translate(_ONE_LINE)


def printable(text: str) -> str:
    """Text from the database made safe to print, keeping its line breaks and tabs: every
    print path of the command line goes through here, as another tool may have written it."""
    return text.translate(_LINES)


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
