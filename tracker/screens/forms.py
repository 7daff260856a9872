"""Modal forms for new, edit, log and close.

Each form validates with the same parsers and `.validated()` the store uses, plus an optional
`check` from the caller (the rules' `check_event`), *before* it dismisses: a bad value keeps
the form open with the message under the field and everything typed still there. Under every
date field a line says, as the person types, what the date resolved to (or what is wrong with
it). The form returns a value; the board does the write. Escape dismisses with None and nothing
is written, after asking first when something was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tracker.dates import (
    Prefer,
    describe_day,
    describe_moment,
    parse_day,
    parse_moment,
    parse_reply_within,
)
from tracker.model import Application, Channel, Debrief, Event, EventKind, InputError, Outcome
from tracker.text import plain
from tracker.widgets.choice import Choice

T = TypeVar("T")

WHEN_HINT = "YYYY-MM-DD HH:MM, Dec 11 2:30 PM, or words: now, today 14:00, last fri, in 3 days"
DAY_HINT = "optional: YYYY-MM-DD, Dec 11, friday, next mon, in 2 weeks"
NOTES_HINT = "Enter starts a new line · Ctrl+S saves the form"
# The fields whose text is a date, shown resolved under the field as it is typed.
_DATE_FIELDS = ("on", "decision-by")

# Error fields that belong to another field's box (Event.validated says "decision" for both).
_FIELD_OF = {"decision": "decision-by", "event": ""}


@dataclass(frozen=True, slots=True)
class NewApplication:
    """What the new-application form returns: the application and its first interview round."""

    app: Application
    first_round: Event


class Dialog(VerticalScroll, can_focus=False):
    """The scrolling box of a dialog; focus goes to its fields, not to the box."""


class FormScreen(ModalScreen[T]):
    """A dialog of labelled fields with a message slot under each one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]

    now: datetime  # the moment the form opened: dates are read relative to it
    prefer: Prefer = "past"  # how a date typed in the "on" field leans (see tracker.dates)

    def __init__(self, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.form_title = title
        self.subtitle = subtitle
        self._untouched: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        with Dialog(id="dialog", classes="form"):
            yield Label(Content(plain(self.form_title)), classes="form-title")
            if self.subtitle:
                yield Static(Content(plain(self.subtitle)), classes="form-subtitle")
            yield from self.fields()
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(
                "Enter or Ctrl+S saves · Esc cancels · Tab moves between fields",
                classes="form-hint",
            )

    def fields(self) -> Iterable[Widget]:
        raise NotImplementedError

    def build(self) -> T:
        """Reads and validates every field; raises InputError naming the first bad one."""
        raise NotImplementedError

    # --- building blocks for subclasses ------------------------------------------------------

    @staticmethod
    def field(name: str, label: str, widget: Widget, hint: str = "") -> Vertical:
        """A labelled widget; a date field gets its live preview line, any field a fixed hint."""
        extras: list[Widget] = []
        if name in _DATE_FIELDS:
            extras.append(Static("", id=f"{name}-preview", classes="field-preview"))
        if hint:
            extras.append(Static(Content(hint), classes="field-hint"))
        return Vertical(
            # Labels may carry user text (a person's name): never read as markup.
            Horizontal(Label(Content(label), classes="field-label"), widget, classes="field-row"),
            *extras,
            Static("", id=f"{name}-error", classes="field-error"),
            id=f"field-{name}",
            classes="field",
        )

    def text(self, name: str) -> str:
        widget = self.query_one(f"#{name}")
        return (
            widget.text if isinstance(widget, TextArea) else self.query_one(f"#{name}", Input).value
        )

    def choice(self, name: str) -> str | None:
        return self.query_one(f"#{name}", Choice).value

    def moment(self, name: str) -> datetime:
        """The "on" field's date and time, read the same way for the preview and for saving."""
        return parse_moment(self.text(name), self.now, name, prefer=self.prefer)

    def resolved(self, name: str) -> str:
        """What a date field's text means, in words to check: "Fri 11 Dec 15:00, in 4 days"."""
        if name == "on":
            return describe_moment(self.moment(name), self.now)
        return describe_day(parse_day(self.text(name), self.now, name), self.now.date())

    # --- behaviour ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._untouched = self._values()
        for name in _DATE_FIELDS:
            if self.query(f"#{name}-preview"):
                self._preview(name)

    def _values(self) -> tuple[object, ...]:
        return tuple(
            (widget.id, getattr(widget, "text" if isinstance(widget, TextArea) else "value"))
            for widget in self.query("Input, TextArea, Choice")
        )

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if name in _DATE_FIELDS and self.query(f"#{name}-preview"):
            self.query_one(f"#field-{name}").remove_class("-invalid")  # being fixed: say it live
            self._preview(name)

    def _preview(self, name: str) -> None:
        line = self.query_one(f"#{name}-preview", Static)
        line.set_class(bool(self.text(name).strip()), "-shown")
        if not line.has_class("-shown"):
            line.update("")
            return
        try:
            words = "→ " + self.resolved(name)
        except InputError as err:  # what was typed is just above: say only what would do
            words = f"Expected {err.expected}"
            line.add_class("-error")
        else:
            line.remove_class("-error")
        line.update(Content(words))

    def action_cancel(self) -> None:
        if self._values() == self._untouched:
            self.dismiss(None)
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Discard what you typed?",
                "Close this form without saving? y discards it; n or Esc goes back to it.",
            ),
            discard,
        )

    def action_submit(self) -> None:
        self._clear_errors()
        try:
            value = self.build()
        except InputError as err:
            self.show_error(err)
            return
        self.dismiss(value)

    def show_error(self, err: InputError) -> None:
        """Puts the message under its field (or under the form) and focuses that field."""
        name = _FIELD_OF.get(err.field, err.field)
        message = Content(str(err))
        try:
            box = self.query_one(f"#field-{name}", Vertical) if name else None
        except NoMatches:
            box = None
        if box is None:
            error = self.query_one("#form-error", Static)
            error.update(message)
            error.add_class("-shown")
            return
        box.add_class("-invalid")
        box.query_one(".field-error", Static).update(Content(_under_field(err)))
        self.query_one(f"#{name}").focus()

    def _clear_errors(self) -> None:
        for box in self.query(".field.-invalid"):
            box.remove_class("-invalid")
        self.query_one("#form-error").remove_class("-shown")

    @on(Input.Submitted)
    def _enter_in_input(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def key_enter(self) -> None:
        """Enter on a choice (not an input or a button) saves too."""
        if isinstance(self.focused, Choice):
            self.action_submit()


def _under_field(err: InputError) -> str:
    """Under its own field the message need not name the field: "Expected a date …"."""
    words = str(err).removeprefix(f"{err.field}: ")
    return words[:1].upper() + words[1:]


def _notes_field(notes: str = "") -> Vertical:
    return FormScreen.field(
        "notes", "Notes", TextArea(notes, id="notes", classes="notes", compact=True), NOTES_HINT
    )


def _app_fields(app: Application | None) -> Iterable[Vertical]:
    app = app or Application(company="", role="")
    field = FormScreen.field
    yield field("company", "Company", Input(app.company, id="company", compact=True))
    yield field("role", "Role", Input(app.role, id="role", compact=True))
    yield field(
        "contact",
        "Contact person",
        Input(app.contact, placeholder="optional", id="contact", compact=True),
    )
    yield field(
        "email",
        "Their email",
        Input(app.email, placeholder="optional", id="email", compact=True),
    )
    yield field(
        "phone",
        "Their phone",
        Input(
            app.phone,
            placeholder="optional; with a number, follow-up #2 is a call",
            id="phone",
            compact=True,
        ),
    )
    yield field(
        "via",
        "Arranged by",
        Choice([("email", "email"), ("phone", "phone")], app.via.value, id="via"),
    )


def _read_app(form: FormScreen, original: Application | None, now: datetime) -> Application:
    base = original or Application(company="", role="", created=now)
    return Application(
        company=form.text("company"),
        role=form.text("role"),
        contact=form.text("contact"),
        email=form.text("email"),
        phone=form.text("phone"),
        via=Channel(form.choice("via") or Channel.EMAIL),
        notes=form.text("notes"),
        created=base.created,
        id=base.id,
    ).validated()


def _decision_fields(initial: Event | None = None) -> Iterable[Vertical]:
    by = initial.decision_by.isoformat() if initial and initial.decision_by else ""
    within = str(initial.reply_within) if initial and initial.reply_within is not None else ""
    yield FormScreen.field(
        "decision-by",
        "Decision by",
        Input(by, placeholder=DAY_HINT, id="decision-by", compact=True),
    )
    yield FormScreen.field(
        "reply-within",
        "Or reply within",
        Input(
            within,
            placeholder="optional: days they said they'd reply in",
            id="reply-within",
            compact=True,
        ),
    )


class NewApplicationForm(FormScreen[NewApplication]):
    """`n`: an application and the interview round that puts it on the board."""

    def __init__(self, now: datetime) -> None:
        super().__init__("New application", "The interview you had (or will have) goes first.")
        self.now = now

    def fields(self) -> Iterable[Widget]:
        yield from _app_fields(None)
        yield self.field(
            "on", "Interview ends", Input(placeholder=WHEN_HINT, id="on", compact=True)
        )
        yield from _decision_fields()
        yield _notes_field()

    def build(self) -> NewApplication:
        app = _read_app(self, None, self.now)
        return NewApplication(app, _read_round(self))


class EditApplicationForm(FormScreen[Application]):
    """`e`: the application's own fields; its history is edited by logging and undoing."""

    def __init__(self, app: Application, now: datetime) -> None:
        super().__init__(f"Edit {app.company}")
        self.original = app
        self.now = now

    def fields(self) -> Iterable[Widget]:
        yield from _app_fields(self.original)
        yield _notes_field(self.original.notes)

    def build(self) -> Application:
        return _read_app(self, self.original, self.now)


def _read_round(form: FormScreen) -> Event:
    decision = form.text("decision-by").strip()
    return Event(
        EventKind.INTERVIEW,
        form.moment("on"),
        decision_by=parse_day(decision, form.now, "decision-by") if decision else None,
        reply_within=parse_reply_within(form.text("reply-within"), "reply-within"),
        note=form.text("note") if form.query("#note") else "",
    ).validated()


_EVENT_TITLES = {
    EventKind.THANKED: "Log the thank-you",
    EventKind.DECISION: "Record the timeline they gave",
    EventKind.NOTE: "Log a note",
    EventKind.FOLLOWED_UP: "Log a follow-up",
    EventKind.REPLIED: "Log their reply",
    EventKind.INTERVIEW: "Log another interview round",
    EventKind.CLOSED: "Close this application",
}


# The events whose form asks for the employer's timeline.
_TIMELINE_KINDS = (EventKind.REPLIED, EventKind.INTERVIEW, EventKind.DECISION)


class EventForm(FormScreen[Event]):
    """`T`, `f`, `r`, `d`, `i`, `x`: one event for the selected card, checked against the
    rules; with `initial`, the same form corrects an event already logged (the panel's
    timeline, `E`)."""

    def __init__(
        self,
        kind: EventKind,
        subject: str,
        now: datetime,
        *,
        check: Callable[[Event], None] | None = None,
        channel: Channel = Channel.EMAIL,
        outcome: Outcome | None = None,
        initial: Event | None = None,
    ) -> None:
        title = f"Correct the {kind.value} logged" if initial else _EVENT_TITLES[kind]
        super().__init__(title, subject)
        self.kind = kind
        self.now = now
        self.prefer = "future" if kind is EventKind.INTERVIEW else "past"
        self.check = check
        self.channel = initial.channel if initial and initial.channel else channel
        self.outcome = initial.outcome if initial and initial.outcome else outcome
        self.initial = initial

    def fields(self) -> Iterable[Widget]:
        kind = self.kind
        if kind is EventKind.FOLLOWED_UP:
            yield self.field(
                "via",
                "How (←/→)",
                Choice([("email", "email"), ("phone", "phone call")], self.channel.value, id="via"),
            )
        if kind is EventKind.CLOSED:
            yield self.field(
                "outcome",
                "Outcome (←/→)",
                Choice(
                    [(o.value, o.value) for o in Outcome],
                    self.outcome.value if self.outcome else None,
                    id="outcome",
                ),
            )
        initial = self.initial
        at = f"{initial.at:%Y-%m-%d %H:%M}" if initial else ""
        if kind is EventKind.INTERVIEW:
            yield self.field(
                "on", "Round ends", Input(at, placeholder=WHEN_HINT, id="on", compact=True)
            )
        else:
            yield self.field(
                "on", "When", Input(at or "now", placeholder=WHEN_HINT, id="on", compact=True)
            )
        if kind in _TIMELINE_KINDS:
            yield from _decision_fields(initial)
        note = initial.note if initial else ""
        yield self.field(
            "note", "Note", Input(note, placeholder="optional", id="note", compact=True)
        )

    def build(self) -> Event:
        kind = self.kind
        if kind is EventKind.INTERVIEW:
            event = _read_round(self)
        else:
            at = self.moment("on")
            timeline = kind in _TIMELINE_KINDS
            decision = self.text("decision-by").strip() if timeline else ""
            outcome = self.choice("outcome") if kind is EventKind.CLOSED else None
            channel = self.choice("via") if kind is EventKind.FOLLOWED_UP else None
            event = Event(
                kind,
                at,
                channel=Channel(channel) if channel else None,
                decision_by=parse_day(decision, self.now, "decision-by") if decision else None,
                reply_within=(
                    parse_reply_within(self.text("reply-within"), "reply-within")
                    if timeline
                    else None
                ),
                outcome=Outcome(outcome) if outcome else None,
                note=self.text("note"),
            ).validated()
        if self.check is not None:
            self.check(event)
        return event


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; y or Enter says yes, n or Escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Label(Content(plain(self.title_text)), classes="form-title")
            yield Static(Content(plain(self.question)), classes="question")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", variant="error", id="yes", compact=True)
                yield Button("No (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class EventPicker(ModalScreen[int | None]):
    """`E`: the card's timeline as a list; Enter picks the event to correct."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, subject: str, events: list[tuple[int, str]], selected: int) -> None:
        super().__init__()
        self.subject = subject
        self.events = events
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="picker"):
            yield Label("Correct which event?", classes="form-title")
            yield Static(Content(plain(self.subject)), classes="subtitle")
            yield OptionList(
                *(
                    Option(Content(plain(words)), id=str(event_id))
                    for event_id, words in self.events
                ),
                id="events",
            )
            yield Static("↑/↓ choose · Enter edits it · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one("#events", OptionList)
        options.highlighted = max(0, options.get_option_index(str(self.selected)))
        options.focus()

    def on_option_list_option_selected(self, event) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class DebriefAnswer:
    """What the debrief form returns: each person's topic, the point missed, the fit line."""

    topics: dict[str, str]
    point: str
    fit: str


class DebriefForm(FormScreen[DebriefAnswer]):
    """Offered by `c` before the first thank-you: a minute's notes the notes will carry.
    Esc skips it (the notes are written without)."""

    def __init__(self, subject: str, people: Sequence[str]) -> None:
        super().__init__(
            "What did you talk about?",
            subject + " · the thank-you notes use this; Esc skips it",
        )
        self.people = list(people)

    def fields(self) -> Iterable[Widget]:
        for n, name in enumerate(self.people):
            yield self.field(
                f"topic-{n}",
                f"With {plain(name)}",
                Input(placeholder="what you talked about", id=f"topic-{n}", compact=True),
            )
        yield self.field(
            "point",
            "A point you missed",
            Input(
                placeholder="optional: a story or fact you did not get to make",
                id="point",
                compact=True,
            ),
        )
        yield self.field(
            "fit",
            "How you fit",
            Input(
                placeholder="optional: one line on your skills and the role", id="fit", compact=True
            ),
        )

    def build(self) -> DebriefAnswer:
        topics = {
            name: self.text(f"topic-{n}").strip()
            for n, name in enumerate(self.people)
            if self.text(f"topic-{n}").strip()
        }
        answer = DebriefAnswer(topics, self.text("point").strip(), self.text("fit").strip())
        Debrief(tuple(topics.items()), answer.point, answer.fit).validated()
        return answer
