"""One kanban column as a single virtualised widget: cards are painted line by line on demand.

A column with ten thousand cards costs the same to paint as one with ten: `render_line` only
builds the strips that are on screen, straight from the `Card` objects, so nothing is mounted
per card. User text goes into plain `Segment`s, never through markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.model import EventKind, Stage, Status
from tracker.text import cell_width, fit, plain
from tracker.widgets.deck import Card
from tracker.words import badge, fmt_day

CARD_HEIGHT = 5  # company, role, the badge on two lines (what, when), and a blank line


def card_badge(card: Card, now: datetime) -> str:
    """The card's badge; Closed cards also say when they were closed, as they sort by it, and
    an unreadable card says why."""
    text = badge(card.advice, now)
    if card.advice.status is Status.UNREADABLE:
        return f"{text} · {card.app.problem}"
    if card.advice.status is Status.CLOSED:
        closes = [e.at for e in card.events if e.kind is EventKind.CLOSED]
        if closes:
            text = f"{text} · {fmt_day(closes[-1])}"
    return text


def badge_lines(card: Card, now: datetime, width: int = 1000) -> tuple[str, str]:
    """The badge split for a narrow card: what to do ('follow-up #2 · call'), then when
    ('2 days overdue', 'Tue 1 Dec'). When the first line would not fit, its channel moves
    down ('follow-up #2' / 'call · 2 days overdue') so the count and the status both show."""
    head, _, tail = card_badge(card, now).rpartition(" · ")
    if not head:
        return tail, ""
    first, _, rest = head.partition(" · ")
    if rest and cell_width(head) > width:
        return first, f"{rest} · {tail}"
    return head, tail


class CardColumn(ScrollView, can_focus=False):
    """The cards of one stage; the board decides which one is selected and tells the column."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card-column--company",
        "card-column--role",
        "card-column--selected",
        "card-column--marker",
        "card-column--empty",
        "card-column--upcoming",
        "card-column--waiting",
        "card-column--due",
        "card-column--overdue",
        "card-column--closed",
        "card-column--offer",
        "card-column--unreadable",
    }

    class CardSelected(Message):
        """A card was clicked: the board moves the selection to it."""

        def __init__(self, stage: Stage, index: int) -> None:
            super().__init__()
            self.stage = stage
            self.index = index

    def __init__(self, stage: Stage, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stage = stage
        self.cards: Sequence[Card] = ()
        self.cursor: int | None = None
        self.now = datetime.min
        self.empty_text = "nothing here"

    def show(self, cards: Sequence[Card], now: datetime, empty_text: str) -> None:
        """Points the column at a (sorted, filtered) list of cards and repaints it."""
        self.cards = cards
        self.now = now
        self.empty_text = empty_text
        size = Size(0, len(cards) * CARD_HEIGHT)
        if size != self.virtual_size:
            # Only scrolling depends on the column's length, so the scrollbar is updated
            # directly instead of by a layout pass of the whole screen (a third of a key
            # press at 10,000 cards); it still lays out if the scrollbar appears or goes.
            self.set_reactive(CardColumn.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def move_cursor(self, index: int | None) -> None:
        """Highlights a card (None for none), repainting only the two cards involved."""
        old, self.cursor = self.cursor, index
        for changed in {old, index} - {None}:
            self.refresh_lines(changed * CARD_HEIGHT, CARD_HEIGHT)  # type: ignore[operator]
        if index is not None:
            self.scroll_to_region(
                Region(0, index * CARD_HEIGHT, 1, CARD_HEIGHT - 1),
                animate=False,
                immediate=True,
                x_axis=False,
            )

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + self.scroll_offset.y) // CARD_HEIGHT
        if 0 <= index < len(self.cards):
            self.post_message(self.CardSelected(self.stage, index))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        index, row = divmod(line, CARD_HEIGHT)
        base = self.rich_style
        if not self.cards:
            if line == 1:
                style = self.get_visual_style("card-column--empty").rich_style
                return self._strip([(" " + fit(self.empty_text, width - 2), style)], width, base)
            return Strip.blank(width, base)
        if index >= len(self.cards) or row == CARD_HEIGHT - 1:
            return Strip.blank(width, base)
        card = self.cards[index]
        selected = index == self.cursor
        extra = ("card-column--selected",) if selected else ()
        fill = self.get_visual_style(*extra).rich_style if selected else base
        marker = self.get_visual_style("card-column--marker", *extra).rich_style
        if row == 0:
            part = "card-column--company"
            text = plain(card.app.company)
        elif row == 1:
            part = "card-column--role"
            text = plain(card.app.role)
        else:
            part = self._status_class(card)
            head, tail = badge_lines(card, self.now, width - 4)
            text = f"● {head}" if row == 2 else f"  {tail}"
        style = self.get_visual_style(part, *extra).rich_style
        return self._strip(
            [("▌ " if selected else "  ", marker), (fit(text, width - 2), style)],
            width,
            fill,
        )

    @staticmethod
    def _status_class(card: Card) -> str:
        advice = card.advice
        if advice.status is Status.CLOSED and advice.outcome is not None:
            return "card-column--offer" if advice.outcome == "offer" else "card-column--closed"
        return f"card-column--{advice.status.value}"

    @staticmethod
    def _strip(parts: list[tuple[str, Style]], width: int, fill: Style) -> Strip:
        segments = [Segment(text, style) for text, style in parts if text]
        return Strip(segments).adjust_cell_length(width, fill)
