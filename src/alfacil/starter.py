"""The starter set file written by ``alfacil init``.

tomli-w writes the values, so the file is valid TOML by construction; the comments a
facilitator needs are laid between the sections it writes.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from alfacil.config import DEFAULT_EVALUATION, DEFAULT_GROUND_RULES, DEFAULT_PROMPTS
from alfacil.protocol import PROTOCOLS, Protocol

_SECTIONS: list[tuple[str, dict[str, Any]]] = [
    (
        "# An Action Learning Set for alfacil. Edit the names, then run `alfacil check` on\n"
        '# this file. Durations: minutes as a number (10) or text ("90s", "8m", "1h30m").\n'
        "# Unknown keys are errors, so a typo never passes silently.\n",
        {
            "name": "My Learning Set",
            "facilitator": "Your Name",
            "session_length": "2h",
            "presenters_per_session": 2,
        },
    ),
    (
        "\n# 6 to 8 peers is usual; add one [[members]] block per person.\n",
        {
            "members": [
                {"name": n}
                for n in (
                    "Member One",
                    "Member Two",
                    "Member Three",
                    "Member Four",
                    "Member Five",
                    "Member Six",
                )
            ]
        },
    ),
    (
        "\n# Shown big at the start of every session.\n",
        {"ground_rules": {"items": list(DEFAULT_GROUND_RULES)}},
    ),
    (
        "\n# Override the protocol's durations: checkin, ground_rules, updates, presenting,\n"
        "# questioning, summing_up, evaluation, close.\n",
        {"timings": {"presenting": "10m", "questioning": "25m"}},
    ),
    (
        "\n# Example open questions, rotated on screen while supporters ask theirs.\n",
        {"questioning": {"prompts": list(DEFAULT_PROMPTS)}},
    ),
    (
        "\n# Fist of five: each present member rates each question from 0 to `scale`.\n",
        {"evaluation": {"questions": list(DEFAULT_EVALUATION), "scale": 5}},
    ),
]


_GROUP_NAMES = {
    "troika": "My Troika Group",
    "wise-crowds": "My Wise Crowds Group",
    "balint": "My Balint Group",
    "intervision": "My Intervision Group",
}


def _protocol_sections(protocol: Protocol) -> list[tuple[str, dict[str, Any]]]:
    """The starter of another built-in protocol: its own rules, questions and phases."""
    ids = ", ".join(p.id for p in protocol.phases)
    per_turn = [p for p in protocol.phases if p.per_presenter]
    turn = " -> ".join(f"{p.title} {p.duration // 60}m" for p in per_turn)
    return [
        (
            f"# A peer-learning set for alfacil following {protocol.title}:\n"
            f"# {protocol.summary}.\n"
            f"# Each turn: {turn}.\n"
            "# Edit the names, then run `alfacil check` on this file. Durations: minutes\n"
            '# as a number (10) or text ("90s", "8m", "1h30m"). Unknown keys are errors.\n',
            {
                "name": _GROUP_NAMES.get(protocol.id, "My Peer Learning Group"),
                "facilitator": "Your Name",
                "protocol": protocol.id,
                "session_length": protocol.session_length,
            },
        ),
        (
            "\n# How many turns (clients, cases or incidents) in one meeting.\n",
            {"presenters_per_session": protocol.presenters_per_session},
        ),
        _SECTIONS[1],
        (
            "\n# Shown big at the start of every meeting.\n",
            {"ground_rules": {"items": list(protocol.ground_rules)}},
        ),
        (
            f"\n# Override the protocol's durations by phase id: {ids}.\n",
            {"timings": {p.id: f"{p.duration // 60}m" for p in per_turn[:2]}},
        ),
        (
            "\n# A planned break: after a phase; for a phase of each turn, after turn N.\n"
            '# [[breaks]]\n# after = "' + per_turn[-1].id + '"\n# turn = 1\n# duration = "10m"\n',
            {},
        ),
        (
            "\n# Example questions, rotated on screen while the group asks theirs.\n",
            {"questioning": {"prompts": list(protocol.prompts)}},
        ),
        _SECTIONS[-1],
    ]


def starter_text(protocol: str = "action-learning") -> str:
    """The commented starter of a built-in protocol (KeyError for an unknown one)."""
    chosen = PROTOCOLS[protocol]
    sections = _SECTIONS if chosen.id == "action-learning" else _protocol_sections(chosen)
    parts = []
    for comment, body in sections:
        parts.append(comment)
        if body:
            parts.append(tomli_w.dumps(body, multiline_strings=False))
    return "".join(parts)
