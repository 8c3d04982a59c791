"""Protocols: the ordered phases of a session, as data.

Action Learning is one protocol; Troika consulting, Wise Crowds or intervision are the
same machine with other phases, so nothing here is code per phase: a phase is a
:class:`PhaseSpec` and the engine repeats it once, once per presenter, or once per
member with open commitments (``kind = "updates"``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from alfacil.durations import parse_duration

PhaseKind = Literal[
    "checkin",
    "ground_rules",
    "updates",
    "presenting",
    "questioning",
    "summing_up",
    "evaluation",
    "close",
    "generic",
]

#: A duration as written in a set file: an integer is minutes, a string has units.
#: Python code building specs passes strings ("5m") for the same reason.
Seconds = Annotated[int, BeforeValidator(parse_duration)]


class PhaseSpec(BaseModel):
    """One phase of a protocol. ``warn`` is the remaining time at which it turns amber."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    duration: Seconds
    warn: Seconds = 0
    kind: PhaseKind = "generic"
    per_presenter: bool = False
    auto_advance: bool = False
    rule: str = ""
    guidance: str = ""

    @field_validator("warn")
    @classmethod
    def _warn_fits(cls, warn: int, info: ValidationInfo) -> int:
        # A field validator (not a model one) so the error names ``phases[N].warn``.
        duration = info.data.get("duration")
        if isinstance(duration, int) and warn > duration:
            raise ValueError("warn must not be longer than duration")
        return warn


ACTION_LEARNING: tuple[PhaseSpec, ...] = (
    PhaseSpec(
        id="checkin",
        title="Check-in",
        duration="5m",
        warn="1m",
        kind="checkin",
        rule="Who is here today, and who will present?",
        guidance="Mark attendance and agree today's presenters. A word each on how you arrive.",
    ),
    PhaseSpec(
        id="ground_rules",
        title="Ground rules",
        duration="3m",
        warn="30s",
        kind="ground_rules",
        rule="What is said in the set stays in the set.",
        guidance="The facilitator reminds the set of the rules of engagement.",
    ),
    PhaseSpec(
        id="updates",
        title="Updates on actions",
        duration="3m",
        warn="1m",
        kind="updates",
        rule="What happened with the actions you committed to?",
        guidance="Each member with open actions reports back: done, partly, not yet or dropped.",
    ),
    PhaseSpec(
        id="presenting",
        title="Presenting",
        duration="10m",
        warn="4m",
        kind="presenting",
        per_presenter=True,
        rule="Listen to understand, not to reply.",
        guidance="The presenter speaks for about 6 to 10 minutes. Supporters listen; "
        "questions come later.",
    ),
    PhaseSpec(
        id="questioning",
        title="Questioning",
        duration="25m",
        warn="5m",
        kind="questioning",
        per_presenter=True,
        rule="Open questions, not advice.",
        guidance="Ask questions that help the presenter see a new angle. No solutions, "
        "no stories of your own.",
    ),
    PhaseSpec(
        id="summing_up",
        title="Summing up",
        duration="5m",
        warn="1m",
        kind="summing_up",
        per_presenter=True,
        rule="What have you learned, and what will you do?",
        guidance="The presenter sums up new insights and commits to actions before the "
        "next session.",
    ),
    PhaseSpec(
        id="evaluation",
        title="Evaluation",
        duration="10m",
        warn="2m",
        kind="evaluation",
        rule="How well did today work for you?",
        guidance="Rate the session, fist of five, and share one learning if you wish.",
    ),
    PhaseSpec(
        id="close",
        title="Close",
        duration="2m",
        warn="0m",
        kind="close",
        rule="Thank you. What is said here stays here.",
        guidance="Actions are recorded; the next session opens with your updates.",
    ),
)

BUILTIN_PROTOCOLS: dict[str, tuple[PhaseSpec, ...]] = {"action-learning": ACTION_LEARNING}


def with_timings(phases: tuple[PhaseSpec, ...], timings: dict[str, int]) -> tuple[PhaseSpec, ...]:
    """Apply a set's agreed durations; the warn mark is kept, clamped to the new length."""
    out = []
    for phase in phases:
        if phase.id in timings:
            duration = timings[phase.id]
            phase = phase.model_copy(
                update={"duration": duration, "warn": min(phase.warn, duration)}
            )
        out.append(phase)
    return tuple(out)
