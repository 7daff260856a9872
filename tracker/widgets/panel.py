"""The side panel: everything about the selected card, and only that card.

It re-evaluates the one selected application at the moment it paints, so relative times ("in 5
hours") are fresh even though the rest of the board was evaluated earlier.

Like the columns it is a Line API widget with its own small word-wrapper: moving the selection
with a key held down must repaint in a few milliseconds, and general-purpose text layout of the
whole story (with its draft preview) costs more than that. User text only ever becomes the
text of a `Segment`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.model import Action, Advice, EventKind, Profile, Status
from tracker.present import event_words
from tracker.rules import PendingOffer, Policy, evaluate
from tracker.text import plain
from tracker.widgets.column import card_badge
from tracker.widgets.deck import Card
from tracker.words import badge, fmt_day, fmt_moment, relative_day, relative_moment

# A piece of a line: its text and the name of its style ("" is the panel's own text style).
Part = tuple[str, str]


class Line:
    """One paragraph of the panel; `indent` is the hanging indent of its wrapped lines."""

    __slots__ = ("indent", "parts")

    def __init__(self, *parts: Part | str, indent: int = 0) -> None:
        self.parts: list[Part] = [(p, "") if isinstance(p, str) else p for p in parts]
        self.indent = indent

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)


STYLES = ("muted", "heading", "bold", "italic", "warning", *(s.value for s in Status))


class CardPanel(ScrollView, can_focus=False):
    """The selected card's story; the mouse wheel scrolls it, the keyboard stays with the board."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"card-panel--{name}" for name in STYLES}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Line] = [Line(("No card selected.", "muted"))]
        self._rows: list[list[Part]] = []
        self._width = -1

    def show(
        self,
        card: Card | None,
        now: datetime,
        policy: Policy,
        profile: Profile,
        offer: PendingOffer | None = None,
    ) -> None:
        if card is None:
            self._lines = [Line(("No card selected.", "muted"))]
        else:
            self._lines = describe(card, now, policy, profile, offer)
        self._width = -1
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    @property
    def text(self) -> str:
        """The panel's plain text, one paragraph a line (for tests and screen readers)."""
        return "\n".join(line.text for line in self._lines)

    def on_resize(self) -> None:
        self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width == self._width:
            return
        self._width = width
        self._rows = [row for line in self._lines for row in wrap(line, width)] if width > 0 else []
        self.virtual_size = Size(width, len(self._rows))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._wrap()
        index = self.scroll_offset.y + y
        base = self.rich_style
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        segments = [
            Segment(text, self.get_visual_style(f"card-panel--{name}").rich_style if name else base)
            for text, name in self._rows[index]
            if text
        ]
        return Strip(segments).adjust_cell_length(width, base)


def wrap(line: Line, width: int) -> list[list[Part]]:
    """Greedy word wrap of one styled paragraph; a word longer than a line is cut."""
    indent = min(line.indent, max(0, width - 10))
    rows: list[list[Part]] = [[]]
    used = 0

    def new_row() -> None:
        nonlocal used
        rows.append([(" " * indent, "")] if indent else [])
        used = indent

    for text, style in line.parts:
        for word in _words(text):
            size = cell_len(word)
            if used + size > width and used > indent:
                if word.isspace():
                    continue  # the line break takes the place of the space
                new_row()
            while size > width - used:
                fits = _fitting(word, width - used)
                rows[-1].append((word[:fits], style))
                word = word[fits:]
                size = cell_len(word)
                new_row()
            if word:
                rows[-1].append((word, style))
                used += size
    return rows


def _fitting(word: str, room: int) -> int:
    """How many characters of `word` fit in `room` cells; at least one, so wrapping ends."""
    total = 0
    for index, char in enumerate(word):
        total += cell_len(char)
        if total > room:
            return max(index, 1)
    return len(word)


def _words(text: str) -> list[str]:
    """Splits into words and the spaces between them, keeping both."""
    words: list[str] = []
    current = ""
    for char in text:
        if (char == " ") != (current[-1:] == " ") and current:
            words.append(current)
            current = ""
        current += char
    if current:
        words.append(current)
    return words


def describe(
    card: Card, now: datetime, policy: Policy, profile: Profile, offer: PendingOffer | None = None
) -> list[Line]:
    """The panel's paragraphs for one card: facts, next action, why, tip, timeline, draft."""
    app, events = card.app, card.events
    advice = evaluate(app, events, policy, now, offer=offer)
    today = now.date()
    lines: list[Line] = []

    def heading(title: str) -> None:
        lines.append(Line())
        lines.append(Line((title, "heading")))

    def fact(label: str, value: str) -> None:
        lines.append(Line((f"{label}: ", "muted"), plain(value), indent=2))

    lines.append(Line((plain(app.company), "bold")))
    lines.append(Line(plain(app.role)))
    lines.append(Line())
    contact = " · ".join(plain(v) for v in (app.contact, app.email, app.phone) if v)
    fact("Contact", contact or "none recorded")
    rounds = sum(1 for e in events if e.kind is EventKind.INTERVIEW)
    if advice.latest_round is not None:
        fact(
            "Interviews",
            f"{rounds} round{'s' * (rounds != 1)}, latest {fmt_moment(advice.latest_round)} "
            f"({relative_moment(advice.latest_round, now)}); arranged by {app.via.value}",
        )
    if advice.decision_date is not None:
        day = fmt_day(advice.decision_date)
        # "they said they'd decide by Fri 27 Nov" would name the day twice on this line
        source = advice.decision_source.replace(f" by {day}", "", 1)
        fact("Decision", f"{day} ({relative_day(advice.decision_date, today)}): {source}")
    elif advice.status not in (Status.CLOSED, Status.UNREADABLE):
        fact("Decision", "no date or reply window given")

    heading("Next")
    label = badge(advice, now) if advice.status is not Status.CLOSED else card_badge(card, now)
    lines.append(Line(("● " + label, advice.status.value)))
    lines.append(Line(advice.reason))
    when = _when(advice, now)
    if when:
        lines.append(Line((when, "muted")))

    if advice.explanation:
        heading("Why")
        lines.extend(Line("• ", sentence, indent=2) for sentence in advice.explanation)
    if advice.tip:
        heading("Tip")
        lines.append(Line(advice.tip))

    heading("Timeline")
    lines.extend(_timeline(card))
    if app.notes:
        heading("Notes")
        lines.extend(Line(plain(text)) for text in app.notes.splitlines())

    lines.extend(_preview(card, advice, profile, now))
    return lines


def _when(advice: Advice, now: datetime) -> str | None:
    """The due day or overdue-after day the reason leaves unsaid, so the Next section states
    each date once. A follow-up's reason names its due day while waiting and its deadline after
    that (move-on only the due day); the thank-you's and the interview's reasons say it all."""
    if advice.action not in (Action.FOLLOW_UP, Action.MOVE_ON) or advice.due is None:
        return None
    today = now.date()
    waiting = advice.status is Status.WAITING
    parts = []
    if not waiting:
        parts.append(f"Due from {fmt_day(advice.due)} ({relative_day(advice.due, today)})")
    if advice.deadline is not None and (waiting or advice.action is Action.MOVE_ON):
        deadline = advice.deadline
        parts.append(f"overdue after {fmt_day(deadline)} ({relative_day(deadline, today)})")
    text = ", ".join(parts)
    return f"{text[0].upper()}{text[1:]}."


def _timeline(card: Card) -> list[Line]:
    lines = []
    for number, event in enumerate(sorted(card.events, key=lambda e: e.at), start=1):
        words = plain(event_words(event))
        lines.append(Line((f"{number:>2}. {fmt_moment(event.at)}  ", "muted"), words, indent=4))
        if event.note:
            lines.append(Line("    ", (plain(event.note), "italic"), indent=4))
    return lines


def _preview(card: Card, advice: Advice, profile: Profile, now: datetime) -> Sequence[Line]:
    """The draft the copy key would copy; drafts are imported here, off the start-up path."""
    from tracker.drafts import email_kind, phone_kind, render

    kind = email_kind(advice)
    can_call = phone_kind(advice) is not None
    lines = [Line()]
    if kind is None:
        lines.append(Line(("Draft", "heading")))
        why = (
            "Nothing to email right now; p copies the phone script."
            if can_call
            else ("Nothing to send.")
        )
        lines.append(Line((why, "muted")))
        return lines
    draft = render(kind, card.app, card.events, advice, profile, now, on_board=True)
    keys = f" · c copies this {draft.title.lower()}" + (", p the phone script" if can_call else "")
    lines.append(Line(("Draft", "heading"), (keys, "muted")))
    if draft.hint:
        lines.append(Line((draft.hint, "warning")))
    lines.extend(Line(plain(text)) for text in draft.text.splitlines())
    return lines
