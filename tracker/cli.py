"""The command line: `tracker` opens the board; the subcommands script everything the board does.

`main()` is the console-script entry point. It runs the click group without click's own error
printing, so every user error (a bad option, an unknown id, an impossible date, a malformed
import, a file that is not a tracker database) comes out as exactly one line on stderr,

    tracker: error: --interviewed: expected YYYY-MM-DD HH:MM ... (got '2026-02-30 10:00')

with exit status 2 and nothing written: every value is checked before the first write.

Start-up is kept light: textual (the board), the drafts, the transfer formats and the clipboard
are imported inside the commands that use them, so `tracker due` stays fast.
"""

from __future__ import annotations

import atexit
import errno
import functools
import gc
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker import __version__
from tracker.model import (
    LOG_WORDS,
    Action,
    Advice,
    Application,
    Channel,
    DraftKind,
    Event,
    EventKind,
    InputError,
    NotFound,
    Outcome,
    Person,
    Status,
    UserError,
)
from tracker.present import EVENT_WORDS as KIND_WORDS
from tracker.present import card_record, event_words, iso, timeline_line, urgency
from tracker.present import moment as _moment
from tracker.text import CONTROLS, LINE_BREAKERS, cell_width, fit, plain, printable

if TYPE_CHECKING:
    from tracker.calendar import Feed
    from tracker.config import Config
    from tracker.dates import Prefer
    from tracker.rules import PendingOffer
    from tracker.store import Store
    from tracker.workflow import Snapshot, Workflow

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130

# --- values the options take ------------------------------------------------------------------


def _expected(expected: str, got: object | None = None) -> str:
    """The 'expected X (got Y)' half of an InputError's message, for click's own failures."""
    return str(InputError("", expected, got))[2:]


class WordChoice(click.Choice):
    """click.Choice whose refusal reads like every other error: 'expected one of a, b (got c)'."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(_expected("one of " + ", ".join(map(str, self.choices)), value), param, ctx)


class AppId(click.ParamType):
    """An application id: a positive whole number, '#3' accepted too."""

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().removeprefix("#")
        if text.isascii() and text.isdigit() and int(text) > 0:
            return int(text)
        self.fail(_expected("an application id, a whole number such as 3", value), param, ctx)


APP_ID = AppId()
CHANNELS = WordChoice([c.value for c in Channel], case_sensitive=False)
EVENT_WORDS = WordChoice(list(LOG_WORDS), case_sensitive=False)
DRAFT_KINDS = WordChoice([k.value for k in DraftKind], case_sensitive=False)

# What a missing required value should look like, for 'expected ... (missing)'.
EXPECTED_FORMS = {
    "company": "the company's name",
    "role": "the job title",
    "interviewed": "YYYY-MM-DD HH:MM, when the interview ended",
    "app_id": "an application id, a whole number such as 3",
    "event": "one of " + ", ".join(LOG_WORDS),
    "file": "a .json, .csv or .ics file to import",
}

# InputError fields raised below the CLI (model, rules, store), as the options users type.
OPTION_FOR_FIELD = {
    "company": "--company",
    "role": "--role",
    "contact": "--contact",
    "email": "--email",
    "phone": "--phone",
    "via": "--via",
    "notes": "--notes",
    "note": "--note",
    "decision-by": "--decision-by",
    "decision_by": "--decision-by",
    "reply-within": "--reply-within",
    "reply_within": "--reply-within",
    "decision": "--decision-by/--reply-within",
    "on": "--on",
    "at": "--on",
    "event": "EVENT",
    "outcome": "EVENT",
    "kind": "--kind",
    "id": "ID",
    "undo": "ID",
    "interviewed": "--interviewed",
    "to": "--to",
    "with": "--with",
    "answer-by": "--answer-by",
    "expedite": "--expedite",
    "voicemail": "--voicemail",
    "topic": "--topic",
    "point": "--point",
    "fit": "--fit",
}


@contextmanager
def cli_fields(**overrides: str) -> Iterator[None]:
    """Renames the field of an InputError raised inside to the option the user typed."""
    try:
        yield
    except InputError as err:
        names = OPTION_FOR_FIELD | {k.replace("_", "-"): v for k, v in overrides.items()}
        field = names.get(err.field, err.field)
        if field == err.field:
            raise
        raise InputError(field, err.expected, err.got) from None


# --- the shared state of one invocation -------------------------------------------------------


class Session:
    """What every command needs, built lazily: the clock, the settings, the open database."""

    def __init__(
        self,
        db: str | None,
        config_path: str | None,
        now: datetime | None,
        db_label: str = "--db",
    ) -> None:
        self.db_option = db
        self.db_label = db_label
        self.config_path = Path(config_path) if config_path else None
        self.fixed_now = now
        self._now: datetime | None = None
        self._config: Config | None = None
        self._store: Store | None = None
        self._workflow: Workflow | None = None

    @property
    def now(self) -> datetime:
        if self._now is None:
            from tracker.clock import system_now

            self._now = self.fixed_now or system_now()
        return self._now

    def clock(self):
        from tracker.clock import frozen, system_now

        return frozen(self.fixed_now) if self.fixed_now else system_now

    @property
    def config(self) -> Config:
        if self._config is None:
            from tracker.config import load_config

            self._config = load_config(self.config_path, os.environ)
        return self._config

    @property
    def db_path(self) -> Path:
        if self.db_option:
            return Path(self.db_option).expanduser()
        from tracker.config import default_db_path

        return default_db_path()

    def open_store(self, path: Path) -> Store:
        """Opens a database; a refusal names where its path came from (--db, TRACKER_DB)."""
        from tracker.store import Store, StoreError

        try:
            return Store.open(path)
        except StoreError as err:
            label = self.db_label if self.db_option and path == self.db_path else "database"
            raise StoreError(f"{label}: {err}") from None

    def store(self) -> Store:
        if self._store is None:
            self._store = self.open_store(self.db_path)
            click.get_current_context().call_on_close(self._store.close)
        return self._store

    def advise(
        self, app: Application, events: Sequence[Event], offer: PendingOffer | None = None
    ) -> Advice:
        from tracker.rules import evaluate

        return evaluate(app, events, self.config.policy, self.now, offer=offer)

    def workflow(self) -> Workflow:
        """The one write path the board uses too, on this invocation's store, settings, clock."""
        if self._workflow is None:
            from tracker.clock import frozen
            from tracker.workflow import Workflow

            self._workflow = Workflow(self.store(), self.config, frozen(self.now))
        return self._workflow

    def card(self, app_id: int) -> Snapshot:
        try:
            return self.workflow().card(app_id)
        except NotFound:
            raise InputError(
                "ID", "the id of an existing application (see tracker list)", app_id
            ) from None


def pass_session(func):
    """Hands a command the Session, after reading the settings: a broken settings file is said
    before anything is written (and after --help, which never needs them)."""

    @functools.wraps(func)
    def with_session(*args, **kwargs):
        session = click.get_current_context().find_object(Session)
        assert session is not None
        if func.__name__ != "config_command":
            session.config  # noqa: B018
        return func(session, *args, **kwargs)

    return with_session


NOW_FORM = "YYYY-MM-DD HH:MM"


def parse_now(text: str, field: str) -> datetime:
    """The frozen clock: strictly `YYYY-MM-DD HH:MM` (seconds and a T allowed, or a bare day)."""
    from tracker.dates import EARLIEST_YEAR, LATEST_YEAR

    cleaned = text.strip().replace("T", " ")
    for form in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(cleaned, form)
        except ValueError:
            continue
        # The same years as every date typed: the rules add months to it, which near year 9999
        # would leave the calendar.
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise InputError(field, f"{NOW_FORM} from {EARLIEST_YEAR} to {LATEST_YEAR}", text)
        return moment
    raise InputError(field, NOW_FORM, text)


# --- the group --------------------------------------------------------------------------------

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class TrackerGroup(click.Group):
    """Lists the commands in the order a newcomer meets them, not alphabetically."""

    ORDER = (
        "add",
        "log",
        "debrief",
        "due",
        "list",
        "show",
        "draft",
        "undo",
        "edit",
        "amend",
        "archive",
        "unarchive",
        "delete",
        "export",
        "import",
        "board",
        "status",
        "remind",
        "demo",
        "config",
    )

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        ranked = {name: i for i, name in enumerate(self.ORDER)}
        return sorted(names, key=lambda n: (ranked.get(n, len(ranked)), n))


@click.group(
    cls=TrackerGroup,
    invoke_without_command=True,
    context_settings=CONTEXT,
    epilog="Bare `tracker` opens the board. Dates are local: YYYY-MM-DD HH:MM.",
)
@click.version_option(__version__, "--version", prog_name="tracker", message="%(prog)s %(version)s")
@click.option(
    "--db",
    metavar="PATH",
    envvar="TRACKER_DB",
    help="The database file (env TRACKER_DB; default: your user data directory).",
)
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    envvar="TRACKER_CONFIG",
    help="The settings file (env TRACKER_CONFIG).",
)
@click.option(
    "--now",
    "now_text",
    metavar='"YYYY-MM-DD HH:MM"',
    envvar="TRACKER_NOW",
    help="Freeze the clock for every command and the board (env TRACKER_NOW).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None, now_text: str | None) -> None:
    """Track interview follow-ups: when to send the thank-you and each follow-up, and what to say.

    Bare `tracker` opens the keyboard-driven board; the commands below do the same from scripts.
    """
    now = None
    if now_text:
        source = ctx.get_parameter_source("now_text")
        field = "TRACKER_NOW" if source is click.core.ParameterSource.ENVIRONMENT else "--now"
        now = parse_now(now_text, field)
    db_source = ctx.get_parameter_source("db")
    db_label = "TRACKER_DB" if db_source is click.core.ParameterSource.ENVIRONMENT else "--db"
    ctx.obj = Session(db, config_path, now, db_label)
    if ctx.invoked_subcommand is None:
        _run_board(ctx.obj, ctx.obj.db_path)


def _need_terminal() -> None:
    """The board draws on a terminal and reads keys from it: piped, it would hang or fill the
    pipe with escape codes, so it is refused before anything starts."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.UsageError(
            "the board needs a terminal (stdin and stdout); in scripts use a subcommand"
        )


def _run_board(session: Session, db_path: Path) -> None:
    _need_terminal()
    # Start-up makes a few hundred thousand objects that live as long as the board (Textual's
    # classes, the cards): the cyclic collector would walk them again and again for nothing
    # (a tenth of a second). It waits until the board has its cards, which freezes them first
    # (BoardScreen._first_loaded).
    gc.disable()
    config = session.config
    clock = session.clock()
    # The database is opened (a bad one refused here, before the UI) and its cards start
    # loading in a thread before Textual is imported: the two overlap.
    from tracker.widgets.deck import start_loading

    store = session.open_store(db_path)
    first_load = start_loading(store, config.policy, clock)
    from tracker.app import create_app  # textual: only for the board

    # At exit the interpreter's last collections would walk every object the board made: a
    # fifth of a second and more of quitting, for memory the OS takes back anyway. Freezing them
    # first skips that walk; it runs after the store and the terminal were closed.
    atexit.register(gc.freeze)
    app = create_app(db_path, config, clock, store=store, first_load=first_load)
    app.run()
    for what in app.unsaved:
        _fail(f"not saved: {what} (the database was still locked by another program)")
    if app.return_code or app.unsaved:  # a crash or a lost change never exits 0
        raise click.exceptions.Exit(app.return_code or 1)


@cli.command(context_settings=CONTEXT)
@pass_session
def board(session: Session) -> None:
    """Open the board (the same as bare `tracker`)."""
    _run_board(session, session.db_path)


@cli.command(context_settings=CONTEXT, short_help="Open the board on a temporary sample database.")
@pass_session
def demo(session: Session) -> None:
    """Open the board on a temporary database full of sample applications.

    Your own database is not touched; the sample is thrown away when the board closes.
    """
    import tempfile

    from tracker.demo import populate_demo

    _need_terminal()
    _unwind_on_hangup()
    with tempfile.TemporaryDirectory(prefix="tracker-demo-") as folder:
        path = Path(folder) / "demo.db"
        store = session.open_store(path)
        try:
            populate_demo(store, session.now)
        finally:
            store.close()
        click.echo(f"Demo database: {path} (deleted when the board closes)", err=True)
        _run_board(session, path)


def _unwind_on_hangup() -> None:
    """A closed terminal (SIGHUP) or a polite kill (SIGTERM) ends the process like a quit: the
    exception unwinds through the board and every `with`, so temporary files are removed."""
    import signal

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for signum in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, leave)


@cli.command(
    "config", context_settings=CONTEXT, short_help="Create the settings file and print its path."
)
@pass_session
def config_command(session: Session) -> None:
    """Create a commented settings file (if there is none) and print its path."""
    from tracker.config import default_config_path, write_template

    path = session.config_path or default_config_path()
    created = write_template(path)
    _say(str(path))
    if created:
        click.echo(
            "Created a commented settings file: set your name, email and phone there.", err=True
        )
    else:
        session.config  # noqa: B018 - an existing file is checked, so a typo is said now
        click.echo("The settings file already exists; edit it to change your settings.", err=True)


# --- add ----------------------------------------------------------------------------------------


def _decision(
    decision_by: str | None, reply_within: str | None, now: datetime
) -> tuple[date | None, int | None]:
    from tracker.dates import parse_day, parse_reply_within

    if decision_by is not None and reply_within is not None:
        raise InputError(
            "--reply-within", "either --decision-by or --reply-within, not both", reply_within
        )
    day = parse_day(decision_by, now, "--decision-by") if decision_by is not None else None
    window = (
        parse_reply_within(reply_within, "--reply-within") if reply_within is not None else None
    )
    return day, window


def _decision_options(func):
    func = click.option(
        "--reply-within",
        metavar="DAYS",
        help="They said they would reply within DAYS days.",
    )(func)
    return click.option(
        "--decision-by",
        metavar="YYYY-MM-DD",
        help="The date they said they would decide by: 2026-12-11, Dec 11, friday (on or after "
        "today), next fri (after today), in 2 weeks.",
    )(func)


# --- the people met, debriefs and offers: the options add and log share --------------------


def _people(given: Sequence[str]) -> tuple[Person, ...]:
    """`--with` values, each "Name", "Name <email>" or "Name, Title <email>"."""
    return tuple(Person.parse(text, "--with") for text in given)


def _with_option(func):
    return click.option(
        "--with",
        "people",
        multiple=True,
        metavar='"NAME[, TITLE] [<EMAIL>]"',
        help="Someone you met in the round (repeat for each); each is owed a thank-you.",
    )(func)


@dataclass(frozen=True, slots=True)
class LogExtras:
    """What `log` takes beyond the event itself: who a note thanked, the people of a new round,
    a voicemail, an expedite note, an offer's answer-by date."""

    people: tuple[str, ...] = ()
    to: str = ""
    voicemail: bool = False
    expedite: bool = False
    answer_by: str | None = None

    def apply(self, event: Event, card: Snapshot, now: datetime) -> Event:
        """The event with these facts; the model refuses those that do not fit its kind."""
        from tracker.dates import parse_day
        from tracker.model import latest_round, match_person

        if self.answer_by and event.outcome is not Outcome.OFFER:
            raise InputError("--answer-by", "only with offer", self.answer_by)
        person = self.to
        if self.to and event.kind is EventKind.THANKED:  # the model refuses it elsewhere
            latest = latest_round(card.events)
            person = match_person(latest.people if latest else (), self.to, "--to").name
        answer_by = parse_day(self.answer_by, now, "--answer-by") if self.answer_by else None
        return replace(
            event,
            people=_people(self.people),
            person=person,
            voicemail=self.voicemail,
            expedite=self.expedite,
            decision_by=answer_by if answer_by is not None else event.decision_by,
        )


def _log_options(func):
    """The log options of issue 11, gathered into one `extra` argument."""

    @functools.wraps(func)
    def gathered(*args, people, to, voicemail, expedite, answer_by, **kwargs):
        extra = LogExtras(tuple(people), to or "", voicemail, expedite, answer_by)
        return func(*args, extra=extra, **kwargs)

    for option in reversed(
        (
            click.option("--to", metavar="NAME", help="thanked: whose note (default: everyone)."),
            click.option(
                "--voicemail", is_flag=True, help="followed-up by phone: you left a message."
            ),
            click.option(
                "--expedite",
                is_flag=True,
                help="followed-up: it was the expedite note (an offer elsewhere awaits you).",
            ),
            click.option(
                "--answer-by", metavar="YYYY-MM-DD", help="offer: when they need your answer."
            ),
        )
    ):
        gathered = option(gathered)
    return _with_option(gathered)


def _echo_withdrawals(session: Session, accepted_id: int) -> None:
    """After accepting an offer: every other open application, with its withdrawal note."""
    others = [
        (app, advice)
        for app, _, advice in _load(session)
        if app.id != accepted_id and advice.status is not Status.CLOSED
    ]
    if not others:
        return
    click.echo("\nWithdraw from the other open applications (a short note each):")
    for app, _ in others:
        click.echo(
            plain(f"  tracker draft {app.id} --kind withdrawal    # {app.company} — {app.role}")
        )


@cli.command(context_settings=CONTEXT, short_help="Note what you discussed in the latest round.")
@click.argument("app_id", metavar="ID", type=APP_ID)
@click.option(
    "--topic",
    "topics",
    multiple=True,
    metavar='"NAME: TOPIC"',
    help="What one person talked about with you (repeat for each).",
)
@click.option("--point", metavar="TEXT", help="A point or story you did not get to make.")
@click.option("--fit", metavar="TEXT", help="One line on how your skills fit the role.")
@pass_session
def debrief(
    session: Session, app_id: int, topics: tuple[str, ...], point: str | None, fit: str | None
) -> None:
    """Note, right after a round, what each person talked about, the point you missed and how
    you fit; the thank-you notes carry them. Running it again updates the same debrief: each
    --topic replaces that person's, and --point or --fit replace theirs.

    \b
    Example:
      tracker debrief 3 --topic "Priya: the nightly data loads" \\
                        --point "I cut a warehouse bill by a third" \\
                        --fit "I have built the same pipelines for four years"
    """
    with cli_fields(topic="--topic"):
        session.card(app_id)
        given: dict[str, str] = {}
        for text in topics:
            name, sep, topic = text.partition(":")
            if not sep or not name.strip() or not topic.strip():
                raise InputError("--topic", '"NAME: what you discussed"', text)
            given[name.strip()] = topic.strip()
        after, wanted, updated = session.workflow().debrief(app_id, given, point, fit)
    verb = "Updated" if updated else "Noted"
    _say(f"{verb} the debrief of #{app_id} {after.app.company} — {after.app.role}:")
    for name, topic in wanted.topics:
        _say(f"  {name}: {topic}")
    for label, text in (("Point", wanted.point), ("Fit", wanted.fit)):
        if text:
            _say(f"  {label}: {text}")
    if after.advice.draft is DraftKind.THANK_YOU:
        click.echo(f"The thank-you notes now carry it: tracker draft {app_id}")


@cli.command(context_settings=CONTEXT)
@click.option("--company", required=True, help="The company's name.")
@click.option("--role", required=True, help="The job title.")
@click.option(
    "--interviewed",
    required=True,
    metavar='"YYYY-MM-DD HH:MM"',
    help="When the interview ended (may be ahead: then it says prepare): 2026-12-11 15:00, "
    "Dec 11 3pm, friday 15:00 (on or after today), last fri 10:00 (before today), yesterday "
    "14:30, 2 days ago 9:00. See the README for every form.",
)
@click.option("--contact", default="", metavar="NAME", help="Who you spoke with.")
@click.option("--email", default="", metavar="ADDR", help="Their email address.")
@click.option("--phone", default="", metavar="NUM", help="Their phone number.")
@click.option(
    "--via",
    type=CHANNELS,
    default=Channel.EMAIL.value,
    show_default=True,
    help="How the interview was arranged (the first follow-up goes the same way).",
)
@_decision_options
@click.option("--notes", default="", metavar="TEXT", help="Anything to remember.")
@_with_option
@click.option("--json", "as_json", is_flag=True, help="Print the new card as JSON.")
@pass_session
def add(
    session: Session,
    company: str,
    role: str,
    interviewed: str,
    contact: str,
    email: str,
    phone: str,
    via: str,
    decision_by: str | None,
    reply_within: str | None,
    notes: str,
    people: tuple[str, ...],
    as_json: bool,
) -> None:
    """Add an application after (or before) an interview.

    \b
    Example:
      tracker add --company Acme --role "Platform Engineer" \\
                  --interviewed "2026-11-02 15:00" --contact "Dana Lee" --reply-within 5 \\
                  --with "Priya Natarajan, Head of Data <priya@acme.example>"
    """
    from tracker.dates import parse_moment

    now = session.now
    with cli_fields(at="--interviewed"):
        app = Application(
            company=company,
            role=role,
            contact=contact,
            email=email,
            phone=phone,
            via=Channel(via.lower()),
            notes=notes,
            created=now,
        ).validated()
        at = parse_moment(interviewed, now, "--interviewed", prefer="past")
        day, window = _decision(decision_by, reply_within, now)
        first = Event(
            EventKind.INTERVIEW,
            at,
            channel=app.via,
            decision_by=day,
            reply_within=window,
            people=_people(people),
        )
        card = session.workflow().add(app, first)
    if as_json:
        _print_json(card_record(card.app, card.advice))
        return
    _say(
        f"Added #{card.id}: {card.app.company} — {card.app.role}, interview {_moment(at)}"
        f"{_timeline_words(day, window)}."
    )
    _echo_next(card.advice, session.now)


# --- log, undo ----------------------------------------------------------------------------------

# The events that carry a decision date or reply window: an interview round and their reply.
_DECISION_EVENTS = (EventKind.INTERVIEW, EventKind.REPLIED, EventKind.DECISION)


@cli.command(context_settings=CONTEXT, short_help="Record a thank-you, follow-up, reply, outcome.")
@click.argument("app_id", metavar="ID", type=APP_ID)
@click.argument("event", metavar="EVENT", type=EVENT_WORDS)
@click.option(
    "--on",
    metavar='"YYYY-MM-DD[ HH:MM]"',
    help="When it happened (default: now); for an interview round, when it ends, which may be "
    "ahead: 2026-12-11 "
    "15:00, Dec 11 2:30 PM, today 14:00, last fri 10:00 (before today), friday 15:00 (on or "
    "after today), next mon 9:00 (after today), 3 days ago.",
)
@click.option(
    "--via",
    type=CHANNELS,
    help="email or phone (a follow-up defaults to the channel the card suggests).",
)
@_decision_options
@click.option("--note", default="", metavar="TEXT", help="A note kept with the event.")
@_log_options
@click.option("--json", "as_json", is_flag=True, help="Print the card afterwards as JSON.")
@pass_session
def log(
    session: Session,
    app_id: int,
    event: str,
    on: str | None,
    via: str | None,
    decision_by: str | None,
    reply_within: str | None,
    note: str,
    extra: LogExtras,
    as_json: bool,
) -> None:
    """Record what happened: EVENT is one of interview, thanked, followed-up, replied, decision
    (a timeline heard later), offer, accepted, declined, rejected, withdrew, no-response (or
    note, with --note).

    \b
    Examples:
      tracker log 3 thanked
      tracker log 3 followed-up --via phone --on "2026-11-12 11:30"
      tracker log 3 replied --decision-by 2026-11-20
      tracker log 3 interview --on "2026-11-25 14:00"     (invited to another round)
      tracker log 3 thanked --to Priya                    (one note per person met)
      tracker log 3 followed-up --via phone --voicemail
      tracker log 3 offer --answer-by 2026-12-04          (then accepted or declined)
    """
    from tracker.dates import parse_moment

    kind, outcome = LOG_WORDS[event.lower()]
    now = session.now
    with cli_fields():
        card = session.card(app_id)
        prefer: Prefer = "future" if kind is EventKind.INTERVIEW else "past"
        at = parse_moment(on, now, "--on", prefer=prefer) if on is not None else now
        if kind not in _DECISION_EVENTS:
            for option, value in (("--decision-by", decision_by), ("--reply-within", reply_within)):
                if value is not None:
                    raise InputError(
                        option, "to go with an interview, reply or decision, not " + event, value
                    )
        day, window = _decision(decision_by, reply_within, now)
        if kind is EventKind.DECISION and day is None and window is None:
            raise InputError("--decision-by", "a date (or --reply-within DAYS) for decision")
        if kind is EventKind.NOTE and not note.strip():
            raise InputError("--note", "the text of the note")
        if via is not None:
            channel: Channel | None = Channel(via.lower())
        elif kind is EventKind.FOLLOWED_UP:
            channel = card.advice.channel
        else:
            channel = None
        new = Event(
            kind,
            at,
            channel=channel,
            decision_by=day,
            reply_within=window,
            outcome=outcome,
            note=note,
        )
        new = extra.apply(new, card, now)
        after = session.workflow().log(app_id, new)
    if as_json:
        _print_json(card_record(after.app, after.advice))
        return
    how = f" by {channel.value}" if channel and kind is EventKind.FOLLOWED_UP else ""
    how += "".join(
        f" ({words})"
        for flag, words in ((new.expedite, "expedite note"), (new.voicemail, "voicemail"))
        if flag
    )
    _say(
        f"Logged {event.lower()}{how} for #{app_id} {after.app.company} — {after.app.role}, "
        f"{_moment(at)}{_timeline_words(day, window)}."
    )
    _echo_next(after.advice, now)
    if outcome is Outcome.ACCEPTED:
        _echo_withdrawals(session, app_id)


def _timeline_words(day: date | None, window: int | None) -> str:
    """The timeline a command stored, said back so a mistyped date shows at once."""
    if day is not None:
        return f"; decision by {day:%a %Y-%m-%d}"
    if window is not None:
        return f"; reply within {window} days"
    return ""


@cli.command(context_settings=CONTEXT, short_help="Remove a card's latest logged event.")
@click.argument("app_id", metavar="ID", type=APP_ID)
@pass_session
def undo(session: Session, app_id: int) -> None:
    """Remove the latest logged event of an application (never its only interview round)."""
    with cli_fields():
        card = session.card(app_id)
        removed, after = session.workflow().undo(app_id, card.newest.id or 0)
    _say(
        f"Removed the latest event of #{app_id} {after.app.company} — {after.app.role}: "
        f"{event_words(removed)}, {_moment(removed.at)}."
    )
    _echo_next(after.advice, session.now)


# --- edit, amend, archive, delete ---------------------------------------------------------------


@cli.command(context_settings=CONTEXT, short_help="Correct an application's own details.")
@click.argument("app_id", metavar="ID", type=APP_ID)
@click.option("--company", help="The company's name.")
@click.option("--role", help="The job title.")
@click.option("--contact", metavar="NAME", help="Who arranged the interview.")
@click.option("--email", metavar="ADDR", help="Their email address.")
@click.option("--phone", metavar="NUM", help="Their phone number.")
@click.option("--via", type=CHANNELS, help="How the interview was arranged.")
@click.option("--notes", metavar="TEXT", help="Anything to remember (replaces the notes).")
@pass_session
def edit(session: Session, app_id: int, **given: str | None) -> None:
    """Change an application's company, role, contact details or notes; only the options given
    change.

    \b
    Example:
      tracker edit 3 --contact "Dana Lee" --phone "(415) 555-0199"
    """
    changes: dict[str, Any] = {name: value for name, value in given.items() if value is not None}
    if not changes:
        raise InputError("options", "at least one of " + ", ".join(f"--{n}" for n in given))
    with cli_fields():
        card = session.card(app_id)
        wanted = replace(card.app, **changes)
        if "via" in changes:
            wanted = replace(wanted, via=Channel(changes["via"].lower()))
        after = session.workflow().edit(app_id, card.app, wanted)
    said = ", ".join(f"{name} {getattr(after.app, name)!s}" for name in changes if name != "notes")
    said += ", notes" if "notes" in changes and said else "notes" if "notes" in changes else ""
    _say(f"Saved #{app_id} {after.app.company} — {after.app.role}: {said}.")


@cli.command(context_settings=CONTEXT, short_help="Correct a logged event (time, timeline, note).")
@click.argument("event_id", metavar="EVENT_ID", type=APP_ID)
@click.option(
    "--on",
    metavar='"YYYY-MM-DD[ HH:MM]"',
    help="When it really happened: 2026-12-11 15:00, Dec 11 2:30 PM, yesterday 14:00, last fri "
    "10:00 (before today), friday 15:00 (on or after today), 3 days ago 9am.",
)
@_decision_options
@click.option("--via", type=CHANNELS, help="email or phone.")
@click.option("--note", metavar="TEXT", help="The note kept with the event (replaces it).")
@pass_session
def amend(
    session: Session,
    event_id: int,
    on: str | None,
    decision_by: str | None,
    reply_within: str | None,
    via: str | None,
    note: str | None,
) -> None:
    """Correct an event already logged: EVENT_ID is the number `tracker show ID` prints as
    [event N] (or `show ID --json`'s events[].id). Only the options given change.

    \b
    Examples:
      tracker amend 12 --on "2026-11-16 10:00"        (the interview was at ten)
      tracker amend 12 --decision-by 2026-12-01       (they said the first of December)
    """
    from tracker.dates import parse_moment

    if on is None and decision_by is None and reply_within is None and via is None and note is None:
        raise InputError(
            "options", "at least one of --on, --decision-by, --reply-within, --via, --note"
        )
    now = session.now
    with cli_fields():
        flow = session.workflow()
        try:
            app_id = flow.store.app_of_event(event_id)
            card = session.card(app_id)
            seen = next(e for e in card.events if e.id == event_id)
        except (NotFound, StopIteration):
            raise InputError(
                "EVENT_ID", "the id of a logged event (`tracker show ID` prints them)", event_id
            ) from None
        wanted = seen
        if on is not None:
            prefer: Prefer = "future" if seen.kind is EventKind.INTERVIEW else "past"
            wanted = replace(wanted, at=parse_moment(on, now, "--on", prefer=prefer))
        if decision_by is not None or reply_within is not None:
            if seen.kind not in _DECISION_EVENTS:
                raise InputError(
                    "--decision-by", f"an interview, reply or decision event, not {seen.kind}"
                )
            day, window = _decision(decision_by, reply_within, now)
            wanted = replace(wanted, decision_by=day, reply_within=window)
        if via is not None:
            wanted = replace(wanted, channel=Channel(via.lower()))
        if note is not None:
            wanted = replace(wanted, note=note)
        after = flow.amend(event_id, seen, wanted)
    _say(
        f"Amended the {KIND_WORDS[wanted.kind]} of #{app_id} {after.app.company}: "
        f"{_moment(wanted.at)}"
        f"{_timeline_words(wanted.decision_by, wanted.reply_within)}."
    )
    _echo_next(after.advice, now)


@cli.command(context_settings=CONTEXT, short_help="Hide an application from the board and due.")
@click.argument("app_id", metavar="ID", type=APP_ID)
@pass_session
def archive(session: Session, app_id: int) -> None:
    """Hide an application from the board, `due` and `list` (see it with `list --archived`)."""
    with cli_fields():
        session.card(app_id)
        after = session.workflow().archive(app_id, True)
    _say(
        f"Archived #{app_id} {after.app.company} — {after.app.role} "
        f"(tracker unarchive {app_id} brings it back)."
    )


@cli.command(context_settings=CONTEXT, short_help="Bring an archived application back.")
@click.argument("app_id", metavar="ID", type=APP_ID)
@pass_session
def unarchive(session: Session, app_id: int) -> None:
    """Show an archived application on the board, in `due` and `list` again."""
    with cli_fields():
        session.card(app_id)
        after = session.workflow().archive(app_id, False)
    _say(f"Unarchived #{app_id} {after.app.company} — {after.app.role}.")
    _echo_next(after.advice, session.now)


@cli.command(context_settings=CONTEXT, short_help="Remove an application and its events for good.")
@click.argument("app_id", metavar="ID", type=APP_ID)
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@pass_session
def delete(session: Session, app_id: int, yes: bool) -> None:
    """Delete an application and everything logged for it, for good (archive keeps it)."""
    with cli_fields():
        card = session.card(app_id)
        if not yes:
            raise InputError(
                "--yes",
                f"--yes to delete #{app_id} {card.app.company} for good "
                f"(tracker delete {app_id} --yes; or keep it: tracker archive {app_id})",
            )
        gone = session.workflow().delete(app_id)
    _say(f"Deleted #{app_id} {gone.company} — {gone.role} and its events.")


# --- list, due, show ------------------------------------------------------------------------


def _load(
    session: Session, *, archived: bool = False
) -> list[tuple[Application, list[Event], Advice]]:
    """Every card (archived ones only when asked for), evaluated now."""
    from tracker.rules import pending_offer

    items = session.store().load_all()
    offer = pending_offer(items)
    return [
        (app, events, session.advise(app, events, offer))
        for app, events in items
        if archived or app.archived is None
    ]


def _reads_everything(func):
    """For the commands that evaluate every card: the cyclic garbage collector is paused while
    they run, as rescanning thousands of acyclic records for nothing costs a third of the run."""

    @functools.wraps(func)
    def paused(*args, **kwargs):
        from tracker.store import collector_paused

        with collector_paused():
            return func(*args, **kwargs)

    return paused


@cli.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--archived", is_flag=True, help="Include the archived applications.")
@pass_session
@_reads_everything
def list_command(session: Session, as_json: bool, archived: bool) -> None:
    """Every application, open and closed, by id (archived ones with --archived)."""
    cards = sorted(_load(session, archived=archived), key=lambda card: card[0].id or 0)
    if as_json:
        _print_json([card_record(app, advice) for app, _, advice in cards])
        return
    if not cards:
        _say(
            "No applications yet. Add one with: tracker add --company ... --role ... "
            '--interviewed "YYYY-MM-DD HH:MM"'
        )
        return
    from tracker.words import badge

    rows = [("ID", "COMPANY", "ROLE", "COLUMN", "NEXT")]
    for app, _, advice in cards:
        rows.append(
            (
                str(app.id),
                app.company,
                app.role,
                "Archived" if app.archived else advice.stage.title,
                badge(advice, session.now),
            )
        )
    for line in _table(rows, limits=(_ID_WIDTH, 28, 32, 12, 60), right=(0,)):
        _say(line)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, most urgent first.")
@pass_session
@_reads_everything
def due(session: Session, as_json: bool) -> None:
    """The open applications, most urgent first, with what to do and why."""
    cards = [card for card in _load(session) if card[2].status is not Status.CLOSED]
    cards.sort(key=lambda card: urgency(card[2], card[0]))
    if as_json:
        _print_json([card_record(app, advice) for app, _, advice in cards])
        return
    if not cards:
        _say("Nothing open: no follow-ups to send.")
        return
    from tracker.words import badge

    now = session.now
    ids = [f"#{app.id}" for app, _, _ in cards]
    id_width = max(map(len, ids))
    names = [fit(plain(f"{app.company} — {app.role}"), 44) for app, _, _ in cards]
    name_width = max(map(cell_width, names))
    width = _terminal_width()
    indent = " " * (id_width + 2)
    for card_id, name, (_, _, advice) in zip(ids, names, cards, strict=True):
        _say(f"{card_id:>{id_width}}  {_pad(name, name_width)}  {badge(advice, now)}")
        for line in textwrap.wrap(advice.reason, max(width - len(indent), 30)):
            _say(indent + line)
    urgent = sum(1 for _, _, advice in cards if advice.status in (Status.DUE, Status.OVERDUE))
    _say(f"\n{len(cards)} open, {urgent} to act on now. `tracker draft ID` writes the message.")


@cli.command(
    context_settings=CONTEXT, short_help="A card's facts, next action, reasons and timeline."
)
@click.argument("app_id", metavar="ID", type=APP_ID)
@click.option("--json", "as_json", is_flag=True, help="Print the card and its events as JSON.")
@pass_session
def show(session: Session, app_id: int, as_json: bool) -> None:
    """One application: its facts, next action, the reasons behind it and its timeline."""
    with cli_fields():
        card = session.card(app_id)
    app, events, advice = card.app, card.events, card.advice
    now = session.now
    if as_json:
        from tracker.transfer import event_record

        record = card_record(app, advice)
        record |= {
            "notes": app.notes,
            "created": app.created.isoformat(timespec="seconds"),
            "explanation": list(advice.explanation),
            "tip": advice.tip,
            "decision_date": iso(advice.decision_date),
            "events": [event_record(event) for event in events],
        }
        _print_json(record)
        return
    from tracker.words import badge, fmt_day, fmt_moment

    width = _terminal_width()
    _say(f"#{app.id}  {app.company} — {app.role}")
    who = " · ".join(part for part in (app.contact, app.email, app.phone) if part)
    facts = [
        ("Contact", who or "(none recorded)"),
        ("Arranged", f"by {app.via.value}"),
        ("Column", advice.stage.title),
        ("Next", badge(advice, now)),
    ]
    if advice.action is not None and advice.due is not None:
        when = f"due {fmt_day(advice.due)}"
        if advice.action is Action.THANK_YOU and advice.overdue_at is not None:
            when += f", overdue from {fmt_moment(advice.overdue_at)}"  # a moment, not a day
        elif advice.deadline:
            when += f", overdue after {fmt_day(advice.deadline)}"
        facts.append(("When", when))
    facts.append(("Reason", advice.reason))
    if advice.owed:
        facts.append(("Owed", "a thank-you note to " + ", ".join(advice.owed)))
    if advice.expedite:
        facts.append(("Expedite", f"tracker draft {app.id} --kind expedite"))
    if advice.draft is not None:
        facts.append(("Draft", f"tracker draft {app.id}  ({advice.draft.value})"))
    for label, value in facts:
        _echo_wrapped(f"  {label:<9} ", value, width)
    if advice.explanation:
        _say("\nWhy")
        for line in advice.explanation:
            _echo_wrapped("  ", line, width)
    if advice.tip:
        _say("\nTip")
        _echo_wrapped("  ", advice.tip, width)
    _say("\nTimeline")
    for event in events:
        _say("  " + timeline_line(event))
        if event.note:
            for line in event.note.splitlines():
                _echo_wrapped("      ", line, width)
    if app.notes:
        _say("\nNotes")
        for line in app.notes.splitlines():
            _echo_wrapped("  ", line, width)


# --- draft ------------------------------------------------------------------------------------


@cli.command(
    context_settings=CONTEXT,
    short_help="Print (and --copy or --open) the email or call script for a card.",
)
@click.argument("app_id", metavar="ID", type=APP_ID)
@click.option(
    "--kind",
    type=DRAFT_KINDS,
    help="Which draft (default: the one for the next action).",
)
@click.option("--copy", is_flag=True, help="Also put it on the clipboard.")
@click.option(
    "--to", "to", default="", metavar="NAME", help="Who it is for: someone met in the round."
)
@click.option("--open", "open_", is_flag=True, help="Also open it in your mail client.")
@pass_session
def draft(
    session: Session, app_id: int, kind: str | None, copy: bool, to: str, open_: bool
) -> None:
    """Print the email or phone script for the card's next action (or --kind).

    The draft goes to stdout alone, so `tracker draft 3 > mail.txt` keeps just the text; notes
    about it (placeholders to fill, the clipboard, the mail client) go to stderr.
    """
    with cli_fields(to="--to"):
        card = session.card(app_id)
        if kind is None and card.advice.draft is None and card.advice.due_at is not None:
            from tracker.workflow import why_no_draft

            if card.advice.status is Status.UPCOMING:  # say what comes, and when
                why = why_no_draft(card.advice)
                click.echo(f"#{app_id} {card.app.company}: {why[0].upper()}{why[1:]}.", err=True)
                return
        result = session.workflow().draft(card, DraftKind(kind.lower()) if kind else None, to)
    app = card.app
    if open_ and result.kind is DraftKind.PHONE:
        raise InputError("--open", "an email draft (the phone script is not an email)", "phone")
    whom = f" to {result.recipient}" if result.recipient else ""
    click.echo(plain(f"{result.title}{whom} for #{app_id} {app.company} — {app.role}"), err=True)
    if result.hint:
        click.echo(plain(result.hint), err=True)  # it names people: user text
    if copy:
        click.echo(_copy_draft(result.text, session.config.clipboard), err=True)
    _say(result.text)
    if open_:
        from tracker.mail import MailError, address, mailto, open_url

        email = address(result, app)
        try:
            way = open_url(mailto([email], result.subject, result.body))
        except MailError as err:
            _fail(str(err))
            click.get_current_context().exit(1)
        addressed = f"to {email}" if email else "with no address (none on file)"
        click.echo(plain(f"Opened it in your mail client ({way}), {addressed}."), err=True)


def _copy_draft(text: str, mode: str) -> str:
    """Copies through every way there is and says exactly which of them worked."""
    from tracker.clipboard import copy_native, copy_terminal, terminal_trusted

    sent = copy_terminal(text)
    tool = copy_native(text) if mode != "terminal" or not sent else None
    trusted = terminal_trusted(mode) if sent else None
    if tool and trusted:
        return f"Copied to the clipboard via {tool} and OSC 52 ({trusted})."
    if tool:
        osc = "; OSC 52 also went to the terminal" if sent else ""
        return f"Copied to the clipboard via {tool}{osc}."
    if trusted:
        return f"Copied to the clipboard via OSC 52 ({trusted})."
    if sent:
        return (
            "Not confirmed: no clipboard tool answered; OSC 52 went to the terminal, which may "
            "have copied it. The draft is below."
        )
    return (
        "Copying failed: no clipboard tool answered and there is no terminal for OSC 52; "
        "the draft is below."
    )


# --- export, import ---------------------------------------------------------------------------

EXPORT_FORMATS = WordChoice(["json", "csv", "ics"], case_sensitive=False)
IMPORT_FORMATS = WordChoice(["json", "csv", "ics"], case_sensitive=False)


@cli.command("export", context_settings=CONTEXT)
@click.option(
    "--format",
    "fmt",
    type=EXPORT_FORMATS,
    help="json (everything), csv (one row per application) or ics (the due actions and the "
    "interview rounds ahead as calendar events). Default: from the -o file's extension, else "
    "json.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@pass_session
@_reads_everything
def export_command(session: Session, fmt: str | None, output: str | None) -> None:
    """Write every application out, as JSON, CSV or an iCalendar file.

    JSON keeps everything (`tracker import` reads it back); CSV is one row per application for a
    spreadsheet; ICS has an all-day event per open card's next action on its due day, with an
    alarm at the `remind_at` setting, and a timed event per interview round still ahead. Its
    UIDs are stable: a calendar subscribed to the file updates rather than duplicates.
    """
    from tracker import transfer

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("json", "csv", "ics") else "json"
    fmt = fmt.lower()
    path = None if output is None or output == "-" else Path(output).expanduser()
    if path is not None:
        from tracker.files import refuse_database

        refuse_database(path, session.store().path, "--output")
    items = session.store().load_all()
    for app, _ in items:
        if app.problem:
            click.echo(
                f"tracker: warning: #{app.id} left out: unreadable ({app.problem}); "
                f"fix it with tracker edit/amend or delete it",
                err=True,
            )
    now = session.now
    if fmt == "ics":
        feed = _export_calendar(session, items, output)
        if feed is not None:
            click.echo(
                f"Exported {feed.events} event{'s' * (feed.events != 1)} to "
                f"{Path(str(output)).expanduser()} (ics): "
                f"{feed.actions} due action{'s' * (feed.actions != 1)}, "
                f"{feed.rounds} interview round{'s' * (feed.rounds != 1)} ahead.",
                err=True,
            )
        return
    if fmt == "json":
        text = transfer.export_json(items, now=now)
    else:
        advices = [session.advise(app, events) for app, events in items]
        by_id = {app.id: advice for (app, _), advice in zip(items, advices, strict=True)}
        text = transfer.export_csv(items, by_id)  # type: ignore[arg-type]
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from tracker.files import write_private_atomic

    write_private_atomic(path, text)
    count = len(items)
    click.echo(f"Exported {count} application{'s' * (count != 1)} to {path} ({fmt}).", err=True)


def _export_calendar(
    session: Session,
    items: Sequence[tuple[Application, list[Event]]],
    output: str | None,
    option: str = "--output",
) -> Feed | None:
    """The ICS feed (tracker.calendar) to stdout, or written privately and atomically to
    `output`, whose counts are returned: due actions and interview rounds ahead."""
    from tracker.calendar import export_ics
    from tracker.files import refuse_database, write_private_atomic

    advices = [session.advise(app, events) for app, events in items]
    feed = export_ics(items, advices, session.now, session.config.remind_at)
    if output is None or output == "-":
        sys.stdout.write(feed.text)
        sys.stdout.flush()
        return None
    path = Path(output).expanduser()
    refuse_database(path, session.store().path, option)
    write_private_atomic(path, feed.text)
    return feed


DATE_ORDERS = WordChoice(["MDY", "DMY"], case_sensitive=False)


@cli.command(
    "import",
    context_settings=CONTEXT,
    short_help="Import a JSON export, a CSV spreadsheet or an .ics invitation.",
)
@click.argument("file", metavar="FILE")
@click.option(
    "--format",
    "fmt",
    type=IMPORT_FORMATS,
    help="json, csv or ics (default: from the file's extension).",
)
@click.option("--company", help="ics: the company, when the invitation does not say it.")
@click.option("--role", help="ics: the job title, when the invitation does not say it.")
@click.option(
    "--date-order",
    type=DATE_ORDERS,
    help="csv: how slash dates read, MDY (11/24/2026) or DMY (24/11/2026). "
    "Default: what the file shows (a number above 12).",
)
@click.option(
    "--dry-run", is_flag=True, help="Check the file and say what it would add; write nothing."
)
@pass_session
def import_command(
    session: Session,
    file: str,
    fmt: str | None,
    company: str | None,
    role: str | None,
    date_order: str | None,
    dry_run: bool,
) -> None:
    """Add the applications in FILE: a `tracker export` JSON file, a CSV spreadsheet, or an
    interview invitation (.ics from Google Calendar, Outlook, Calendly).

    \b
    CSV: a header row, then one application per row; comma, semicolon or tab separated.
      company, role, interviewed                       required
      contact, email, phone, via (email|phone),
      decision_by, reply_within (days), thanked (a date),
      outcome or status (offer, rejected, declined, withdrew, ghosted, applied...), notes
    Headers may be spelled as spreadsheets do (Company Name, Employer, Job Title, Position,
    Interview Date, Interviewed On, Recruiter, Email, Phone, Status...); unknown columns are
    reported and ignored. Dates: 2026-11-24, Nov 24 2026, 24 November 2026 or 11/24/2026,
    with an optional 14:30 or 2:30 PM.

    All or nothing: every bad cell is reported (line and column) and nothing is written. At most
    100,000 applications in one import. Into an empty database a JSON file keeps its ids;
    otherwise the applications get new ids.

    \b
    ICS: each event becomes a new application with its first round, or a new
    round of the open application of the same company (or of the organizer's
    email domain). Times are shown in local time; the organizer becomes the
    contact, the other attendees the people met. Cancelled and repeating
    events are left out with one line each.
    """
    path = Path(file).expanduser()
    if fmt is None:
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("json", "csv", "ics"):
            raise InputError(
                "FILE", "a .json, .csv or .ics file (or say which with --format)", file
            )
    fmt = fmt.lower()
    if fmt != "ics":
        for option, value in (("--company", company), ("--role", role)):
            if value:
                raise InputError(option, "to go with an .ics invitation", value)
    if fmt != "csv" and date_order:
        raise InputError("--date-order", "to go with a .csv spreadsheet", date_order)
    if fmt == "ics":
        _import_invites(session, _read_text(path, file, limit=None), company, role, dry_run)
        return
    from tracker import transfer

    warnings: list[str] = []
    try:
        if fmt == "json":
            items = transfer.import_json(_read_text(path, file, transfer.JSON_SIZE_LIMIT))
        else:
            with _open_csv(path, file) as lines:
                items = transfer.import_csv(
                    lines,
                    warnings,
                    date_order=date_order.upper() if date_order else None,
                    limit=transfer.IMPORT_LIMIT,
                )
    except transfer.ImportProblems as problems:
        if problems.total == 1:
            raise InputError(problems.field, problems.expected, problems.got) from None
        for problem in problems.problems:
            click.echo(f"tracker: error: {_one_line(str(problem))}", err=True)
        shown = len(problems.problems)
        summary = InputError(file, "")
        summary.args = (
            f"{file}: {problems.total} problems"
            + (f" (the first {shown} above)" if shown < problems.total else " (above)")
            + "; nothing was written",
        )
        raise summary from None
    for warning in warnings:
        click.echo(f"tracker: warning: {warning}", err=True)
    if dry_run:
        _describe_import(items, file)
        return
    store = session.store()
    keep = (
        fmt == "json"
        and store.count() == 0
        and all(
            app.id is not None and all(e.id is not None for e in events) for app, events in items
        )
    )
    if not keep:
        items = [
            (replace(app, id=None), [replace(e, id=None, app_id=None) for e in events])
            for app, events in items
        ]
    with cli_fields():
        ids = store.import_all(items, keep_ids=keep)
    count = len(ids)
    if not ids:
        _say(f"Nothing to import: {file} has no applications.")
        return
    span = f"#{min(ids)}" if count == 1 else f"#{min(ids)}–#{max(ids)}"
    how = "ids kept" if keep else f"as {span}"
    _say(f"Imported {count} application{'s' * (count != 1)} from {file} ({how}).")


def _read_text(path: Path, file: str, limit: int | None) -> str:
    """A whole file as UTF-8 text, refused up front when larger than `limit` bytes."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as err:
        raise InputError("FILE", f"a file that can be read ({err.strerror})", file) from None
    if limit is not None and len(raw) > limit:
        raise InputError("FILE", f"a file of at most {limit >> 20} MB", file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("FILE", "UTF-8 text", file) from None


@contextmanager
def _open_csv(path: Path, file: str) -> Iterator[Iterator[str]]:
    """The CSV's lines, streamed: UTF-8 (a BOM is skipped), or UTF-16 when its BOM says so, as
    Excel's "Unicode text" is."""
    try:
        with open(path, "rb") as probe:
            head = probe.read(2)
        encoding = "utf-16" if head in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
        handle = open(path, encoding=encoding, newline="")  # noqa: SIM115
    except OSError as err:
        raise InputError("FILE", f"a file that can be read ({err.strerror})", file) from None
    with handle:
        yield iter(handle)


def _describe_import(items: Sequence[tuple[Application, Sequence[Event]]], file: str) -> None:
    """What an import would add, one line per application, for --dry-run."""
    for number, (app, events) in enumerate(items, start=1):
        interview = events[0]
        parts = [f"{app.company} — {app.role}", f"interviewed {_moment(interview.at)}"]
        for event in events[1:]:
            if event.kind is EventKind.THANKED:
                parts.append(f"thanked {_moment(event.at)}")
            elif event.kind is EventKind.CLOSED and event.outcome is not None:
                parts.append(f"closed: {event.outcome.value}")
        if interview.decision_by is not None:
            parts.append(f"decision by {interview.decision_by:%a %Y-%m-%d}")
        if interview.reply_within is not None:
            parts.append(f"reply within {interview.reply_within} days")
        click.echo(f"{number:>4}. " + " · ".join(parts))
    count = len(items)
    click.echo(
        f"Would import {count} application{'s' * (count != 1)} from {file} "
        "(dry run: nothing was written)."
    )


def _import_invites(
    session: Session, text: str, company: str | None, role: str | None, dry_run: bool
) -> None:
    """Invitations to rounds (tracker.calendar): everything is read, matched and checked before
    the first write; cancelled and repeating events are said and left out."""
    from tracker.calendar import (
        Placement,
        describe,
        new_application,
        place,
        read_invites,
        round_event,
    )
    from tracker.rules import check_event

    with cli_fields():
        invites, skipped = read_invites(
            text, own_email=session.config.profile.email, company=company, role=role
        )
    for line in skipped:
        _say(f"skipped: {line}")
    cards = _load(session)
    pending: list[tuple[Application, list[Event], Advice]] = []  # new cards planned so far
    plans: list[tuple[Placement, Application | None, Event | None]] = []
    for invite in invites:
        placement = place(invite, [*cards, *pending])  # a file's second round joins its first
        if placement.duplicate:
            plans.append((placement, None, None))
            continue
        with cli_fields():
            app = placement.target or new_application(invite, session.now)
            new = round_event(invite, app.via).validated()
            if placement.target is None:
                pending.append((app, [new], session.advise(app, [new])))
            elif app.id is not None:
                advice = next(adv for a, _, adv in cards if a.id == app.id)
                check_event(advice, new, session.now)
        plans.append((placement, app, new))
    created: dict[Application, int] = {}
    for placement, planned, event in plans:
        if dry_run or planned is None or event is None:
            _say(describe(placement))
            continue
        with cli_fields():
            known = planned.id or created.get(planned)
            if known is None:
                app_id = created[planned] = session.workflow().add(planned, event).id
                what = "Added"
            else:
                app_id = session.workflow().log(known, event).id
                what = "Added a round to"
        _say(
            f"{what} #{app_id} {planned.company} — {planned.role}: interview "
            f"{_moment(placement.invite.start)}–{placement.invite.end:%H:%M}."
        )
    if not invites and not skipped:
        _say("Nothing to import.")


# --- status, remind (tracker.reminders) --------------------------------------------------------

STATUS_FORMATS = WordChoice(["text", "json", "tmux"], case_sensitive=False)


@cli.command(context_settings=CONTEXT, short_help="One short line of what is due, for prompts.")
@click.option(
    "--format",
    "fmt",
    type=STATUS_FORMATS,
    default="text",
    show_default=True,
    help="text, json (counts and the most urgent card) or tmux (with colour markup).",
)
@pass_session
@_reads_everything
def status(session: Session, fmt: str) -> None:
    """How many actions are due and overdue, and the most urgent, in one short line:

    \b
      2 due · 1 overdue · thank-you Globex, 3 h left

    Prints nothing when nothing is due, so a prompt segment disappears. Made for every shell
    prompt: it only reads (the database is opened read-only, never created or upgraded).
    """
    from tracker.reminders import status_line, summarize
    from tracker.store import Store, StoreError

    path = session.db_path
    try:
        store = Store.open_readonly(path)
    except StoreError as err:
        label = session.db_label if session.db_option else "database"
        raise StoreError(f"{label}: {err}") from None
    if store is None:  # no database yet: nothing is due
        summary = summarize([])
    else:
        try:
            items = store.load_all()
        finally:
            store.close()
        from tracker.rules import pending_offer

        offer = pending_offer(items)
        summary = summarize(
            (app, session.advise(app, events, offer))
            for app, events in items
            if app.archived is None
        )
    fmt = fmt.lower()
    if fmt == "json":
        urgent = summary.urgent
        _print_json(
            {
                "due": summary.due,
                "overdue": summary.overdue,
                "urgent": card_record(*urgent) if urgent else None,
            }
        )
        return
    line = status_line(summary, session.now, fmt)
    if line:
        _say(line)


@cli.command(context_settings=CONTEXT, short_help="A desktop notification per newly due action.")
@click.option(
    "--dry-run", is_flag=True, help="Print what would be announced; notify and record nothing."
)
@click.option(
    "--every",
    metavar="PERIOD",
    help="Print a crontab line and this system's timer that run `tracker remind` every PERIOD "
    "(15m, 30m, 1h, ...); installs nothing.",
)
@click.option(
    "--ics",
    metavar="FILE",
    help="Also rewrite the calendar feed FILE (as `export --format ics -o FILE`), so a calendar "
    "subscribed to it stays current.",
)
@pass_session
@_reads_everything
def remind(session: Session, dry_run: bool, every: str | None, ics: str | None) -> None:
    """One desktop notification for each action that became due or overdue since the last run.

    Each action is announced once: the database remembers which action of which card was
    announced for which due day, so an action whose due day moves is announced again. The
    notifier is the first of notify-send, terminal-notifier, osascript found on PATH; with none,
    the notifications are printed instead (one line each).
    """
    from tracker import reminders

    if every is not None:
        minutes = reminders.parse_every(every)
        command, env = _remind_command(session, ics)
        uid = os.getuid() if hasattr(os, "getuid") else None
        click.echo(reminders.timer_files(minutes, command, env, sys.platform, uid), nl=False)
        return
    now = session.now
    loaded = _load(session)
    cards = [(app, advice) for app, _, advice in loaded]
    fresh = reminders.to_announce(cards, session.store().announced())
    notifier = None if dry_run else reminders.find_notifier(os.environ.get("PATH"))
    sent: list[reminders.Reminder] = []
    for app, advice in fresh:
        title, body = reminders.notification(app, advice, now)
        if dry_run:
            _say(f"would notify: {title}: {body}")
            continue
        if notifier is None or not _notify(reminders.notifier_argv(notifier, title, body)):
            _say(f"{title}: {body}")
        sent.append(reminders.reminder_of(app, advice))
    if sent:
        session.store().announce(sent, now)
    if dry_run and not fresh:
        _say("Nothing new to announce.")
    if ics is not None and ics != "-":
        if dry_run:
            _say(f"would rewrite the calendar feed {Path(ics).expanduser()}")
        else:
            _export_calendar(session, [(app, events) for app, events, _ in loaded], ics, "--ics")


def _notify(argv: list[str]) -> bool:
    """Runs the notifier (an argument list, never a shell); False if it failed."""
    import subprocess

    try:
        done = subprocess.run(
            argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=15, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        click.echo(f"tracker: warning: {argv[0]} failed ({err})", err=True)
        return False
    if done.returncode != 0:
        why = _one_line(done.stderr.decode("utf-8", "replace"))[:200] or f"exit {done.returncode}"
        click.echo(f"tracker: warning: {argv[0]} failed ({why})", err=True)
        return False
    return True


def _remind_command(session: Session, ics: str | None) -> tuple[list[str], dict[str, str]]:
    """How a timer runs this very tracker on this database: the `tracker` script beside this
    Python (or on PATH), else `python -m tracker` with the package's folder on PYTHONPATH."""
    env: dict[str, str] = {}
    script = Path(sys.executable).with_name("tracker")
    found = str(script) if script.is_file() else shutil.which("tracker")
    if found:
        command = [found]
    else:
        command = [sys.executable, "-m", "tracker"]
        package_root = Path(__file__).resolve().parent.parent
        if "site-packages" not in package_root.parts:
            env["PYTHONPATH"] = str(package_root)
    command += ["--db", str(session.db_path.expanduser().absolute())]
    if session.config_path is not None:
        command += ["--config", str(session.config_path.expanduser().absolute())]
    command.append("remind")
    if ics is not None:
        command += ["--ics", str(Path(ics).expanduser().absolute())]
    return command, env


# --- backup, restore --------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT, short_help="Copy the database safely into one file.")
@click.argument("target", metavar="PATH")
@pass_session
def backup(session: Session, target: str) -> None:
    """Copy the whole database to PATH: one self-contained file, readable only by you.

    Safe while boards are open (it copies one consistent moment, including changes not yet
    folded into the main file), and all-or-nothing: an existing PATH is replaced only once the
    copy is complete. `tracker restore PATH` puts it back.
    """
    from tracker.store import backup_to

    store = session.store()
    path = Path(target).expanduser()
    backup_to(store, path)
    count = store.count()
    click.echo(f"Backed up {count} application{'s' * (count != 1)} to {path}.", err=True)


@cli.command(context_settings=CONTEXT, short_help="Replace the database with a backup.")
@click.argument("source", metavar="BACKUP")
@pass_session
def restore(session: Session, source: str) -> None:
    """Replace everything in the database with the backup file BACKUP.

    What the database held is first saved beside it (`tracker.db.before-restore.bak`), so a
    restore can itself be undone with another restore. Close open boards first, or they keep
    showing the old cards until they reload.
    """
    from tracker.store import restore_from

    store = session.store()
    saved = restore_from(store, Path(source).expanduser())
    store.close()
    upgraded = session.open_store(store.path)  # a backup from an older tracker is upgraded
    count = upgraded.count()
    upgraded.close()
    click.echo(
        f"Restored {count} application{'s' * (count != 1)} from {source}; "
        f"the previous data is in {saved}.",
        err=True,
    )


# --- output helpers ---------------------------------------------------------------------------


# What json.dumps leaves raw but a terminal could act on, as JSON's \uXXXX escapes.
_JSON_ESCAPES = {
    ord(c): f"\\u{ord(c):04x}" for c in CONTROLS | LINE_BREAKERS if c not in "\n\t" and ord(c) >= 32
}


def _print_json(value: object) -> None:
    """An object indented; an array one compact object per line (the C encoder: 10,000 cards
    in a blink, still readable and line-oriented for grep)."""
    if isinstance(value, list):
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per card
        text = "[\n" + ",\n".join(encode(item) for item in value)
        text += "\n]\n" if value else "]\n"
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.write(text.translate(_JSON_ESCAPES))
    sys.stdout.flush()


def _echo_next(advice: Advice, now: datetime) -> None:
    from tracker.words import badge

    _say(f"Next: {badge(advice, now)}")
    _echo_wrapped("  ", advice.reason, _terminal_width())


def _terminal_width() -> int:
    return max(min(shutil.get_terminal_size((100, 24)).columns, 120), 40)


def _echo_wrapped(prefix: str, text: str, width: int) -> None:
    room = max(width - cell_width(prefix), 30)
    lines = textwrap.wrap(text, room) or [""]
    _say(prefix + lines[0])
    for line in lines[1:]:
        _say(" " * cell_width(prefix) + line)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(width - cell_width(text), 0)
    return gap + text if right else text + gap


_ID_WIDTH = len(str(2**63 - 1))  # ids are never cut: the widest SQLite can hold fits


def _say(text: str = "") -> None:
    """Prints a line of the output: text from the database goes through `printable` first, so
    what another tool stored there can never drive the terminal."""
    click.echo(printable(text))


def _table(
    rows: Sequence[Sequence[str]], limits: Sequence[int], right: Sequence[int] = ()
) -> list[str]:
    fitted = [
        [fit(plain(cell), limit) for cell, limit in zip(row, limits, strict=True)] for row in rows
    ]
    widths = [max(cell_width(row[i]) for row in fitted) for i in range(len(limits))]
    return [
        "  ".join(_pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)).rstrip()
        for row in fitted
    ]


# --- the entry point --------------------------------------------------------------------------


def _hint(param: click.Parameter | None) -> str | None:
    if param is None:
        return None
    if isinstance(param, click.Option):
        longs = [opt for opt in param.opts if opt.startswith("--")]
        return (longs or param.opts)[0]
    return param.human_readable_name


def click_message(err: click.ClickException) -> str:
    """click's refusals in the tracker's one-line form, naming the option and what it takes."""
    if isinstance(err, click.MissingParameter) and err.param is not None:
        form = EXPECTED_FORMS.get(err.param.name or "", "a value")
        return f"{_hint(err.param)}: expected {form} (missing)"
    if isinstance(err, click.BadParameter) and err.param is not None:
        return f"{_hint(err.param)}: {err.message}"
    message = err.format_message()
    ctx = getattr(err, "ctx", None)
    if isinstance(err, click.UsageError) and ctx is not None:
        message = message.rstrip(".") + f" (see `{ctx.command_path} --help`)"
    return message


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _fail(message: str) -> None:
    with suppress(OSError):  # stderr closed: nothing more to say
        click.echo(f"tracker: error: {plain(_one_line(message))}", err=True)


def _tolerate_encoding() -> None:
    """Output to a terminal or pipe that cannot encode some text (PYTHONIOENCODING=ascii, an
    old locale) shows replacement characters instead of failing half way."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            with suppress(Exception):
                stream.reconfigure(errors="replace")


# An OSError naming no file that reaches main() is the output failing: every file the commands
# open is named in their errors, and their own failures are turned into one line where they occur.
_OUTPUT_FAILURES = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def _drop_stdout() -> None:
    """Points standard output at the void, so the interpreter's last flush cannot fail again."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _why(err: OSError) -> str:
    from tracker.files import why

    return why(err)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: runs the command line and turns every user error into one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerate_encoding()
    try:
        result = cli.main(args=args, prog_name="tracker", standalone_mode=False)
    except click.exceptions.Abort as err:
        interrupted = isinstance(err.__cause__ or err.__context__, KeyboardInterrupt)
        if not interrupted:
            _fail("aborted")
        return EXIT_INTERRUPTED if interrupted else 1
    except click.ClickException as err:
        _fail(click_message(err))
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # `tracker due | head`: the reader left; say nothing and do not flush into the void.
        _drop_stdout()
        return 1
    except OSError as err:
        if err.filename is not None or err.errno not in _OUTPUT_FAILURES:
            raise
        # `tracker export > /dev/full`: what is still buffered could never be written either.
        _drop_stdout()
        _fail(f"cannot write the output: {_why(err)}")
        return EXIT_USER_ERROR
    except Exception as err:
        if isinstance(err, UserError):
            _fail(str(err) if not isinstance(err, NotFound) else f"ID: {err}")
            return EXIT_USER_ERROR
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is not None and isinstance(err, sqlite3.Error):
            _fail(f"database: {_one_line(str(err))}")
            return 1
        raise
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
