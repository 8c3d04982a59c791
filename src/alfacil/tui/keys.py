"""Every key of the console, once. Bindings, the help screen, the footer and the
command palette are all derived from :data:`KEYS`, so a key added here appears
everywhere it belongs, and a key not here appears nowhere.

Plain data (no Textual import): the screens turn it into ``Binding`` objects. Each
entry is one action; entries that share a help row (``+`` and ``-``) give their
``shown`` and ``help`` on the first and leave them empty on the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from alfacil.i18n import N_

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
        "Pause/resume",
        shown="space",
        help="pause or resume the clock",
        footer=(3, "space", "Pause"),
        palette=("Pause or resume", "Stop or restart the clock"),
    ),
    Key(
        "n,right",
        "next",
        "Next",
        shown="n  or  →",
        help="next step (on the last one: save the record and finish)",
        footer=(1, "n", "Next"),
        palette=("Next step", "Close this step and start the next"),
        key_display="n",
    ),
    Key(
        "p,left",
        "step_back",
        "Back",
        shown="p  or  ←",
        help="back to the previous step; its clock continues",
        footer=(2, "p", "Back"),
        palette=("Back", "Return to the previous step"),
        key_display="p",
    ),
    Key(
        "plus,equals_sign",
        "adjust(60)",
        "+1 min",
        shown="+  /  -",
        help="one minute more / less for this step",
        footer=(4, "+ -", "1 min"),
        palette=("One minute more", "Lengthen this step"),
        key_display="+",
    ),
    Key(
        "minus",
        "adjust(-60)",
        "-1 min",
        palette=("One minute less", "Shorten this step"),
        key_display="-",
    ),
    Key(
        "a",
        "add_action",
        "Action",
        shown="a",
        help="add an action (owner defaults to the presenter)",
        footer=(5, "a", "Action"),
        palette=("Add an action", "Owner, words, due date"),
        when="private",
    ),
    Key(
        "b",
        "insert_break",
        "Break",
        shown="b",
        help="a 10-minute break after this step; + - change it",
        palette=("Insert a break", "Ten minutes after this step; + and - change it"),
        when="not-finished",
    ),
    Key(
        "1",
        "tally(1)",
        "Question",
        shown="1 … 9",
        help="questioning: count a question for supporter N",
        key_display="1-9",
        when="questioning",
    ),
    *(
        Key(str(i), f"tally({i})", f"Question {i}", show=False, when="questioning")
        for i in range(2, 10)
    ),
    Key(
        "exclamation_mark",
        "advice",
        "Advice!",
        shown="!",
        help="questioning: a gentle reminder, questions not advice",
        palette=("Advice reminder", "Questions, not advice"),
        key_display="!",
        when="questioning",
    ),
    Key(
        "h",
        "curtain",
        "Hide",
        shown="h",
        help="curtain: hide everything; h again to return",
        footer=(6, "h", "Hide"),
        palette=("Curtain", "Hide everything on the screen"),
    ),
    Key(
        "d",
        "display",
        "Members' view",
        shown="d",
        help="members' view: hide what is private (d again: show)",
        palette=("Members' view", "Hide attendance, updates, actions, ratings, paths"),
    ),
    Key(
        "w",
        "wall",
        "Wall view",
        shown="w",
        help="wall view: phase, presenter, countdown and rule only",
        palette=("Wall view", "Only the phase, presenter, countdown and rule (again: back)"),
    ),
    Key(
        "s",
        "run_sheet",
        N_("Run sheet"),
        shown="s",
        help=N_("the run sheet (when the side panel has folded away)"),
        palette=(N_("Run sheet"), N_("Done, now and to come, with their timings")),
    ),
    Key(
        "question_mark",
        "help",
        "Help",
        shown="?",
        help="this help",
        footer=(7, "?", "Help"),
        palette=("Keys", "Every key of the console"),
        key_display="?",
    ),
    Key(
        "q",
        "quit",
        "Quit",
        shown="q",
        help="quit (asks first; the session is saved and can be resumed)",
        footer=(8, "q", "Quit"),
        palette=("Quit", "Leave the console; the session can be resumed"),
    ),
    Key(
        "ctrl+p",
        "command_palette",
        "Commands",
        where="builtin",
        shown="ctrl+p",
        help="commands, including the high-contrast theme",
    ),
    Key(
        "",
        "high_contrast",
        "High-contrast theme",
        where="app",
        palette=("High-contrast theme", "For a washed-out projector (again to go back)"),
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
    Key("up,down", "cursor", "Move", where="builtin", shown="↑ ↓", help="move in a list"),
    Key(
        "enter",
        "select",
        "Select",
        where="builtin",
        shown="enter",
        help="check-in: attendance · updates: status · actions: edit · evaluation: rate",
    ),
    Key("r", "presenter", "Presenter on/off", "members", "r", "check-in: presenter on or off"),
    Key(
        "left_square_bracket",
        "move(-1)",
        "Earlier",
        "members",
        "[  ]",
        "check-in: present earlier / later",
        key_display="[",
    ),
    Key("right_square_bracket", "move(1)", "Later", "members", key_display="]"),
    Key(
        "x,delete",
        "remove",
        "Remove",
        "actions",
        "x",
        "summing up: remove the highlighted action",
    ),
    Key("i", "insight", "Insight", "actions", "i", "summing up: add an insight"),
    Key("l", "learning", "Learning", "questions", "l", "evaluation: add a learning"),
    Key(
        "tab",
        "focus_next",
        "Next field",
        where="builtin",
        shown="tab",
        help="move between fields in a form; esc cancels it",
    ),
)

#: The footer leaves these out first, in this order, when it is too narrow.
FOOTER_DROP = ("+ -", "a", "h", "p", "space")
PALETTE_KEY = ("^p", "palette")


def of(where: Where) -> tuple[Key, ...]:
    return tuple(k for k in KEYS if k.where == where)


def help_rows() -> list[tuple[str, str]]:
    """The help screen: the session's keys and the palette, a blank line, then the
    keys of the lists and the forms."""
    rows = [(k.shown, k.help) for k in KEYS if k.shown]
    split = next(i for i, k in enumerate(k for k in KEYS if k.shown) if k.keys == "ctrl+p")
    return [*rows[: split + 1], ("", ""), *rows[split + 1 :]]


def footer_items() -> list[tuple[str, str]]:
    """The footer's (key, label) pairs, in their places."""
    return [(key, label) for _, key, label in sorted(k.footer for k in KEYS if k.footer)]


def palette_items() -> list[Key]:
    return [k for k in KEYS if k.palette is not None]


def action_name(key: Key) -> str:
    """``adjust(60)`` -> ``adjust``: the name ``check_action`` is asked about."""
    return key.action.split("(", 1)[0]


def when_of(action: str) -> str:
    for key in KEYS:
        if action_name(key) == action:
            return key.when
    return "always"
