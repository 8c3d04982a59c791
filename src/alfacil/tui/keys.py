"""Every key of the console, once. Bindings, the help screen, the footer and the
command palette are all derived from :data:`KEYS`, so a key added here appears
everywhere it belongs, and a key not here appears nowhere.

Plain data (no Textual import): the screens turn it into ``Binding`` objects. The
words are English msgids marked with ``N_`` when the table is made (at import); the
functions below and the bindings translate them with ``_`` where they are shown, so
a language chosen after import still reaches them. Each
entry is one action; entries that share a help row (``+`` and ``-``) give their
``shown`` and ``help`` on the first and leave them empty on the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from alfacil.i18n import N_, _

#: Where a key is bound: the session screen, one of its lists, or Textual's own
#: widgets (``builtin``: listed in the help, bound by Textual, not by alfacil).
Where = Literal["screen", "members", "actions", "updates", "questions", "builtin", "app"]


@dataclass(frozen=True)
class Key:
    keys: str  # Textual key names, comma-separated; "" for a palette-only command
    action: str  # the action run, with its arguments: "adjust(60)"
    label: str  # the binding's description
    where: Where = "screen"
    shown: str = ""  # the help screen's key column ("" shares the row above)
    help: str = ""
    footer: tuple[int, str, str] | None = None  # (place, key, label) in the footer
    palette: tuple[str, str] | None = None  # (title, help) in the command palette
    key_display: str | None = None
    show: bool = True  # shown in Textual's own key panel
    when: Literal["always", "questioning", "not-finished", "private"] = "always"


KEYS: tuple[Key, ...] = (
    Key(
        "space",
        "pause",
        N_("Pause/resume"),
        shown="space",
        help=N_("pause or resume the clock"),
        footer=(3, "space", N_("Pause")),
        palette=(N_("Pause or resume"), N_("Stop or restart the clock")),
    ),
    Key(
        "n,right",
        "next",
        N_("Next"),
        shown=N_("n  or  →"),
        help=N_("next step (on the last one: save the record and finish)"),
        footer=(1, "n", N_("Next")),
        palette=(N_("Next step"), N_("Close this step and start the next")),
        key_display="n",
    ),
    Key(
        "p,left",
        "step_back",
        N_("Back"),
        shown=N_("p  or  ←"),
        help=N_("back to the previous step; its clock continues"),
        footer=(2, "p", N_("Back")),
        palette=(N_("Back"), N_("Return to the previous step")),
        key_display="p",
    ),
    Key(
        "plus,equals_sign",
        "adjust(60)",
        N_("+1 min"),
        shown="+  /  -",
        help=N_("one minute more / less for this step"),
        footer=(4, "+ -", N_("1 min")),
        palette=(N_("One minute more"), N_("Lengthen this step")),
        key_display="+",
    ),
    Key(
        "minus",
        "adjust(-60)",
        N_("-1 min"),
        palette=(N_("One minute less"), N_("Shorten this step")),
        key_display="-",
    ),
    Key(
        "a",
        "add_action",
        N_("Action"),
        shown="a",
        help=N_("add an action (owner defaults to the presenter)"),
        footer=(5, "a", N_("Action")),
        palette=(N_("Add an action"), N_("Owner, words, due date")),
        when="private",
    ),
    Key(
        "b",
        "insert_break",
        N_("Break"),
        shown="b",
        help=N_("a 10-minute break after this step; once it runs, + - change it"),
        palette=(
            N_("Insert a break"),
            N_("Ten minutes after this step; once it runs, + and - change it"),
        ),
        when="not-finished",
    ),
    Key(
        "s",
        "reflect",
        N_("Reflect"),
        shown="s",
        help=N_("silent reflection: 2 minutes inside this step; + - change it; s ends it"),
        palette=(
            N_("Silent reflection"),
            N_("Two quiet minutes inside this step; + and - change it, s ends it"),
        ),
        when="not-finished",
    ),
    Key(
        "",
        "rebalance",
        N_("Rebalance"),
        palette=(
            N_("Rebalance the time left"),
            N_("Share the time left among the presenters to come, to end on time"),
        ),
        when="not-finished",
    ),
    Key(
        "1",
        "tally(1)",
        N_("Question"),
        shown="1 … 9",
        help=N_("questioning: count a question for supporter N"),
        key_display="1-9",
        when="questioning",
    ),
    *(
        Key(str(i), f"tally({i})", N_("Question"), show=False, when="questioning")
        for i in range(2, 10)
    ),
    Key(
        "u",
        "take_back",
        N_("Take back"),
        shown="u  1 … 9",
        help=N_("questioning: take back a question counted for supporter N in error"),
        palette=(N_("Take back a question"), N_("Then press the supporter's number")),
        when="questioning",
    ),
    Key(
        "exclamation_mark",
        "advice",
        N_("Advice!"),
        shown="!",
        help=N_("questioning: a gentle reminder, questions not advice"),
        palette=(N_("Advice reminder"), N_("Questions, not advice")),
        key_display="!",
        when="questioning",
    ),
    Key(
        "h",
        "curtain",
        N_("Hide"),
        shown="h",
        help=N_("curtain: hide everything; h again to return"),
        footer=(6, "h", N_("Hide")),
        palette=(N_("Curtain"), N_("Hide everything on the screen")),
    ),
    Key(
        "d",
        "display",
        N_("Members' view"),
        shown="d",
        help=N_("members' view: hide what is private (d again: show)"),
        palette=(N_("Members' view"), N_("Hide attendance, updates, actions, ratings, paths")),
    ),
    Key(
        "w",
        "wall",
        N_("Wall view"),
        shown="w",
        help=N_("wall view: phase, presenter, countdown and rule only"),
        palette=(
            N_("Wall view"),
            N_("Only the phase, presenter, countdown and rule (again: back)"),
        ),
    ),
    Key(
        "t",
        "run_sheet",
        N_("Run sheet"),
        shown="t",
        help=N_("the run sheet (when the side panel has folded away)"),
        palette=(N_("Run sheet"), N_("Done, now and to come, with their timings")),
    ),
    Key(
        "question_mark",
        "help",
        N_("Help"),
        shown="?",
        help=N_("this help"),
        footer=(7, "?", N_("Help")),
        palette=(N_("Keys"), N_("Every key of the console")),
        key_display="?",
    ),
    Key(
        "q",
        "quit",
        N_("Quit"),
        shown="q",
        help=N_("quit (asks first; the session is saved and can be resumed)"),
        footer=(8, "q", N_("Quit")),
        palette=(N_("Quit"), N_("Leave the console; the session can be resumed")),
    ),
    Key(
        "ctrl+p",
        "command_palette",
        N_("Commands"),
        where="builtin",
        shown="ctrl+p",
        help=N_("commands, including rebalance and the high-contrast theme"),
    ),
    Key(
        "",
        "high_contrast",
        N_("High-contrast theme"),
        where="app",
        palette=(N_("High-contrast theme"), N_("For a washed-out projector (again to go back)")),
    ),
    Key(
        "",
        "light_contrast",
        N_("Light high-contrast theme"),
        where="app",
        palette=(
            N_("Light high-contrast theme"),
            N_("Black on white, for a washed-out projector (again to go back)"),
        ),
    ),
    Key("up,down", "cursor", N_("Move"), where="builtin", shown="↑ ↓", help=N_("move in a list")),
    Key(
        "enter",
        "select",
        N_("Select"),
        where="builtin",
        shown="enter",
        help=N_(
            "check-in: attendance · updates: status · summing up: edit an action or "
            "insight · evaluation: rate, or edit a learning"
        ),
    ),
    Key(
        "r",
        "presenter",
        N_("Presenter on/off"),
        "members",
        "r",
        N_("check-in: presenter on or off"),
    ),
    Key(
        "left_square_bracket",
        "move(-1)",
        N_("Earlier"),
        "members",
        "[  ]",
        N_("check-in: present earlier / later"),
        key_display="[",
    ),
    Key("right_square_bracket", "move(1)", N_("Later"), "members", key_display="]"),
    Key(
        "x,delete",
        "remove",
        N_("Remove"),
        "actions",
        "x",
        N_("summing up, evaluation: remove the highlighted action, insight or learning (asks)"),
    ),
    Key("x,delete", "remove", N_("Remove"), "questions"),
    Key("i", "insight", N_("Insight"), "actions", "i", N_("summing up: add an insight")),
    Key("l", "learning", N_("Learning"), "questions", "l", N_("evaluation: add a learning")),
    Key(
        "tab",
        "focus_next",
        N_("Next field"),
        where="builtin",
        shown="tab",
        help=N_("move between fields in a form; esc cancels it"),
    ),
)

#: The footer leaves these out first, in this order, when it is too narrow: the
#: curtain and back keys go before the minute keys and the action key, which a
#: facilitator reaches for in every session (all are in the help, `?`).
FOOTER_DROP = ("h", "p", "+ -", "a", "space")
PALETTE_KEY = ("^p", N_("palette"))


def of(where: Where) -> tuple[Key, ...]:
    """The keys bound in one place (a palette-only command has none)."""
    return tuple(k for k in KEYS if k.where == where and k.keys)


def help_rows() -> list[tuple[str, str]]:
    """The help screen: the session's keys and the palette, a blank line, then the
    keys of the lists and the forms."""
    rows = [(_(k.shown), _(k.help)) for k in KEYS if k.shown]
    split = next(i for i, k in enumerate(k for k in KEYS if k.shown) if k.keys == "ctrl+p")
    return [*rows[: split + 1], ("", ""), *rows[split + 1 :]]


def footer_items() -> list[tuple[str, str]]:
    """The footer's (key, label) pairs, in their places."""
    return [(key, _(label)) for _place, key, label in sorted(k.footer for k in KEYS if k.footer)]


def palette_items() -> list[Key]:
    """The keys the command palette offers (their ``palette`` words untranslated:
    :func:`palette_words` gives them in the run's language)."""
    return [k for k in KEYS if k.palette is not None]


def palette_words(key: Key) -> tuple[str, str]:
    """A palette command's title and help, in the run's language."""
    assert key.palette is not None
    title, help_text = key.palette
    return _(title), _(help_text)


def action_name(key: Key) -> str:
    """``adjust(60)`` -> ``adjust``: the name ``check_action`` is asked about."""
    return key.action.split("(", 1)[0]


def when_of(action: str) -> str:
    for key in KEYS:
        if action_name(key) == action:
            return key.when
    return "always"
