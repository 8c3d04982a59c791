"""The programme fixture: a set whose roster changes, made by the engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from history_helpers import ORIGINAL, Plan, run, week


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """Four sessions of a set whose roster changes: Di leaves after the second, Eve
    joins from the third; the third has everyone absent but the facilitator."""
    data = tmp_path / "data"
    run(
        data,
        Plan(
            week(0),
            ORIGINAL,
            apologies=["Di"],
            presenters=["Ann", "Bob"],
            actions=[
                ("Ann", "Call the | ward [bold]sister[/bold]", date(2026, 1, 22)),
                ("Bob", "Draft the rota", None),
            ],
            ratings=[4, 5, 3],
            insights=[("Ann", "It is about trust")],
            overrun=300,
        ),
    )
    run(
        data,
        Plan(
            week(1),
            ORIGINAL,
            presenters=["Cy", "Di"],
            actions=[("Cy", "Ask finance", None), ("Di", "=HYPERLINK(x)", None)],
            updates={"Call the | ward [bold]sister[/bold]": "done", "Draft the rota": "not_yet"},
            ratings=[2, 3, 4, 5],
        ),
    )
    run(data, Plan(week(2), ["Ann", "Bob", "Cy", "Eve"], absent=["Ann", "Bob", "Cy", "Eve"]))
    run(
        data,
        Plan(
            week(3),
            ["Ann", "Bob", "Cy", "Eve"],
            apologies=["Ann"],
            presenters=["Eve"],
            actions=[("Eve", "Map the discharge letters", date(2026, 3, 5))],
            updates={"Draft the rota": "partly", "Ask finance": "dropped"},
            ratings=[5, 5, 4],
        ),
    )
    return data
