"""The starter set file written by ``alfacil init``.

tomli-w writes the values, so the file is valid TOML by construction; the comments a
facilitator needs are laid between the sections it writes.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from alfacil.config import DEFAULT_EVALUATION, DEFAULT_GROUND_RULES, DEFAULT_PROMPTS

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


def starter_text() -> str:
    parts = []
    for comment, body in _SECTIONS:
        parts.append(comment)
        parts.append(tomli_w.dumps(body, multiline_strings=False))
    return "".join(parts)
