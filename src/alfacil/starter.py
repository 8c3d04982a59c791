"""The starter set file written by ``alfacil init``, in the language of the run.

tomli-w writes the values, so the file is valid TOML by construction; the comments a
facilitator needs are laid between the sections it writes. Everything is built when
``init`` runs, not at import, so ``--lang cy`` gives a Welsh starter: comments, the
placeholder names, the default ground rules, example questions and evaluation
questions. Once written they are the set file's own words and stay as written. A
starter written in another language than English says so in ``language``, so that the
set keeps speaking it.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from alfacil import i18n
from alfacil.config import SetConfig
from alfacil.i18n import N_, _
from alfacil.protocol import (
    ACTION_LEARNING_PROMPTS,
    ACTION_LEARNING_RULES,
    EVALUATION_QUESTIONS,
    PROTOCOLS,
    Protocol,
)

_MEMBERS = (
    N_("Member One"),
    N_("Member Two"),
    N_("Member Three"),
    N_("Member Four"),
    N_("Member Five"),
    N_("Member Six"),
)

_GROUP_NAMES = {
    "troika": N_("My Troika Group"),
    "wise-crowds": N_("My Wise Crowds Group"),
    "balint": N_("My Balint Group"),
    "intervision": N_("My Intervision Group"),
}
_PEER_GROUP = N_("My Peer Learning Group")

Section = tuple[str, dict[str, Any]]


def _comment(text: str, blank: bool = True) -> str:
    """``text`` as TOML comment lines, after a blank line unless it opens the file."""
    lines = "".join(f"# {line}\n" for line in text.splitlines())
    return ("\n" if blank else "") + lines


def _translated(items: tuple[str, ...]) -> list[str]:
    return [_(item) for item in items]


def _language() -> dict[str, str]:
    """``language = "cy"`` when the run speaks another language than English.

    Only once the set file knows the key (issue 12's ``language``); before that a
    starter that ``check`` refuses would help nobody."""
    language = i18n.current()
    if language == "en" or "language" not in SetConfig.model_fields:
        return {}
    return {"language": language}  # i18n: not text (a set-file key)


def _members() -> Section:
    """One ``[[members]]`` block per member, as the comment says to add more: an
    inline ``members = [...]`` array would make the block added under it a TOML error
    (the array cannot be extended). tomli-w writes each name, quoted as TOML needs."""
    blocks = "\n".join(
        "[[members]]\n" + tomli_w.dumps({"name": _(name)})  # i18n: not text (TOML)
        for name in _MEMBERS
    )
    return (
        _comment(_("6 to 8 peers is usual; add one [[members]] block per person.")) + blocks,
        {},
    )


def _evaluation() -> Section:
    return (
        _comment(_("Fist of five: each present member rates each question from 0 to `scale`.")),
        {"evaluation": {"questions": _translated(EVALUATION_QUESTIONS), "scale": 5}},
    )


def _action_learning_sections() -> list[Section]:
    return [
        (
            _comment(
                # Translators: comment lines of the set file `alfacil init` writes: keep each
                # line under 86 characters; keep "90s", "8m", "1h30m" and `alfacil check`.
                _(
                    "An Action Learning Set for alfacil. Edit the names, then run `alfacil "
                    "check` on\nthis file. Durations: minutes as a number (10) or text "
                    '("90s", "8m", "1h30m").\nUnknown keys are errors, so a typo never '
                    "passes silently."
                ),
                blank=False,
            ),
            {
                "name": _("My Learning Set"),
                "facilitator": _("Your Name"),
                **_language(),
                "session_length": "2h",
                "presenters_per_session": 2,
            },
        ),
        _members(),
        (
            _comment(_("Shown big at the start of every session.")),
            {"ground_rules": {"items": _translated(ACTION_LEARNING_RULES)}},
        ),
        (
            _comment(
                # Translators: keep the phase ids (checkin, ground_rules, ...) in English.
                _(
                    "Override the protocol's durations: checkin, ground_rules, updates, "
                    "presenting,\nquestioning, summing_up, evaluation, close."
                )
            ),
            {"timings": {"presenting": "10m", "questioning": "25m"}},
        ),
        (
            _comment(_("Example open questions, rotated on screen while supporters ask theirs.")),
            {"questioning": {"prompts": _translated(ACTION_LEARNING_PROMPTS)}},
        ),
        _evaluation(),
    ]


def _protocol_sections(protocol: Protocol) -> list[Section]:
    """The starter of another built-in protocol: its own rules, questions and phases."""
    ids = ", ".join(p.id for p in protocol.phases)
    per_turn = [p for p in protocol.phases if p.per_presenter]
    turn = " -> ".join(f"{_(p.title)} {p.duration // 60}m" for p in per_turn)
    example = (
        '# [[breaks]]\n# after = "'  # i18n: not text (TOML for the set file)
        + per_turn[-1].id
        + '"\n# turn = 1\n# duration = "10m"\n'  # i18n: not text (TOML for the set file)
    )
    return [
        (
            _comment(
                # Translators: comment lines of the set file `alfacil init` writes: keep each
                # line under 86 characters; keep "90s", "8m", "1h30m" and `alfacil check`.
                _(
                    "A peer-learning set for alfacil following {protocol}:\n{summary}.\n"
                    "Each turn: {turn}.\n"
                    "Edit the names, then run `alfacil check` on this file. Durations: "
                    'minutes\nas a number (10) or text ("90s", "8m", "1h30m"). Unknown '
                    "keys are errors."
                ).format(protocol=_(protocol.title), summary=_(protocol.summary), turn=turn),
                blank=False,
            ),
            {
                "name": _(_GROUP_NAMES.get(protocol.id, _PEER_GROUP)),
                "facilitator": _("Your Name"),
                **_language(),
                "protocol": protocol.id,
                "session_length": protocol.session_length,
            },
        ),
        (
            _comment(_("How many turns (clients, cases or incidents) in one meeting.")),
            {"presenters_per_session": protocol.presenters_per_session},
        ),
        _members(),
        (
            _comment(_("Shown big at the start of every meeting.")),
            {"ground_rules": {"items": _translated(protocol.ground_rules)}},
        ),
        (
            _comment(_("Override the protocol's durations by phase id: {ids}.").format(ids=ids)),
            {"timings": {p.id: f"{p.duration // 60}m" for p in per_turn[:2]}},
        ),
        (
            _comment(_("A planned break: after a phase; for a phase of each turn, after turn N."))
            + example,
            {},
        ),
        (
            _comment(_("Example questions, rotated on screen while the group asks theirs.")),
            {"questioning": {"prompts": _translated(protocol.prompts)}},
        ),
        _evaluation(),
    ]


def starter_text(protocol: str = "action-learning") -> str:
    """The commented starter of a built-in protocol (KeyError for an unknown one), in
    the language of the run."""
    chosen = PROTOCOLS[protocol]
    if chosen.id == "action-learning":
        sections = _action_learning_sections()
    else:
        sections = _protocol_sections(chosen)
    parts = []
    for comment, body in sections:
        parts.append(comment)
        if body:
            parts.append(tomli_w.dumps(body, multiline_strings=False))
    return "".join(parts)
