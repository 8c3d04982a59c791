"""Protocols: the ordered phases of a session, as data.

Action Learning is one protocol; Troika consulting, Wise Crowds or intervision are the
same machine with other phases, so nothing here is code per phase: a phase is a
:class:`PhaseSpec` and the engine repeats it once, once per presenter, or once per
member with open commitments (``kind = "updates"``).
"""

from __future__ import annotations

from dataclasses import dataclass
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
from alfacil.i18n import N_, _

PhaseKind = Literal[
    "checkin",
    "ground_rules",
    "updates",
    "presenting",
    "questioning",
    "summing_up",
    "evaluation",
    "close",
    "break",
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
            raise ValueError(_("warn must not be longer than duration"))
        return warn


ACTION_LEARNING: tuple[PhaseSpec, ...] = (
    PhaseSpec(
        id="checkin",
        # Translators: Phase title: the opening round (cofrestru).
        title=N_("Check-in"),
        duration="5m",
        warn="1m",
        kind="checkin",
        rule=N_("Who is here today, and who will present?"),
        guidance=N_("Mark attendance and agree today's presenters. A word each on how you arrive."),
    ),
    PhaseSpec(
        id="ground_rules",
        title=N_("Ground rules"),
        duration="3m",
        warn="30s",
        kind="ground_rules",
        rule=N_("What is said in the set stays in the set."),
        guidance=N_("The facilitator reminds the set of the rules of engagement."),
    ),
    PhaseSpec(
        id="updates",
        title=N_("Updates on actions"),
        duration="3m",
        warn="1m",
        kind="updates",
        rule=N_("What happened with the actions you committed to?"),
        guidance=N_(
            "Each member with open actions reports back: done, partly, not yet or dropped."
        ),
    ),
    PhaseSpec(
        id="presenting",
        # Translators: Phase title: the presenter is speaking now.
        title=N_("Presenting"),
        duration="10m",
        warn="4m",
        kind="presenting",
        per_presenter=True,
        rule=N_("Listen to understand, not to reply."),
        guidance=N_(
            "The presenter speaks for about 6 to 10 minutes. Supporters listen; "
            "questions come later."
        ),
    ),
    PhaseSpec(
        id="questioning",
        title=N_("Questioning"),
        duration="25m",
        warn="5m",
        kind="questioning",
        per_presenter=True,
        rule=N_("Open questions, not advice."),
        guidance=N_(
            "Ask questions that help the presenter see a new angle. No solutions, "
            "no stories of your own."
        ),
    ),
    PhaseSpec(
        id="summing_up",
        title=N_("Summing up"),
        duration="5m",
        warn="1m",
        kind="summing_up",
        per_presenter=True,
        rule=N_("What have you learned, and what will you do?"),
        guidance=N_(
            "The presenter sums up new insights and commits to actions before the next session."
        ),
    ),
    PhaseSpec(
        id="evaluation",
        title=N_("Evaluation"),
        duration="10m",
        warn="2m",
        kind="evaluation",
        rule=N_("How well did today work for you?"),
        # Translators: Fist of five: each member shows 0 to 5 fingers to rate the session.
        guidance=N_("Rate the session, fist of five, and share one learning if you wish."),
    ),
    PhaseSpec(
        id="close",
        # Translators: Phase title: the end of the session, a noun.
        title=N_("Close"),
        duration="2m",
        warn="0m",
        kind="close",
        rule=N_("Thank you. What is said here stays here."),
        guidance=N_("Actions are recorded; the next session opens with your updates."),
    ),
)


def _frame_start(rule: str, guidance: str) -> tuple[PhaseSpec, ...]:
    """Check-in and ground rules: every protocol opens the same way in the room."""
    return (
        PhaseSpec(
            id="checkin",
            title=N_("Check-in"),
            duration="5m",
            warn="1m",
            kind="checkin",
            rule=rule,
            guidance=guidance,
        ),
        PhaseSpec(
            id="ground_rules",
            title=N_("Ground rules"),
            duration="2m",
            warn="30s",
            kind="ground_rules",
            rule=N_("What is said here stays here."),
            guidance=N_("The facilitator reminds the group of the rules of engagement."),
        ),
    )


_UPDATES = PhaseSpec(
    id="updates",
    title=N_("Updates on actions"),
    duration="3m",
    warn="1m",
    kind="updates",
    rule=N_("What happened with what you set out to do?"),
    guidance=N_("Each member with open actions reports back: done, partly, not yet or dropped."),
)


def _frame_end(evaluation: str) -> tuple[PhaseSpec, ...]:
    return (
        PhaseSpec(
            id="evaluation",
            title=N_("Evaluation"),
            duration="5m",
            warn="1m",
            kind="evaluation",
            rule=N_("How well did today work for you?"),
            guidance=evaluation,
        ),
        PhaseSpec(
            id="close",
            title=N_("Close"),
            duration="2m",
            warn="0m",
            kind="close",
            rule=N_("Thank you. What is said here stays here."),
            guidance=N_("Actions are recorded; the next meeting opens with your updates."),
        ),
    )


#: Troika Consulting (Liberating Structures): in groups of three, each member in turn
#: is the client; the other two consult. One turn per member of a trio, so three turns.
TROIKA: tuple[PhaseSpec, ...] = (
    *_frame_start(
        N_("Who is here, and in which trio?"),
        N_("Form groups of three. Each member will have a turn as the client."),
    ),
    _UPDATES,
    PhaseSpec(
        id="challenge",
        title=N_("Client's challenge"),
        duration="2m",
        warn="30s",
        kind="presenting",
        per_presenter=True,
        rule=N_("What is your challenge, and what help do you need?"),
        guidance=N_("The client shares the challenge and asks for help; the consultants listen."),
    ),
    PhaseSpec(
        id="clarifying",
        title=N_("Clarifying questions"),
        duration="3m",
        warn="1m",
        kind="questioning",
        per_presenter=True,
        rule=N_("Clarifying questions only, no advice yet."),
        guidance=N_("The consultants ask questions to understand the challenge better."),
    ),
    PhaseSpec(
        id="consulting",
        title=N_("Consultants discuss"),
        duration="5m",
        warn="1m",
        per_presenter=True,
        rule=N_("Client: turn your back, listen and take notes."),
        guidance=N_(
            "The client turns around; the consultants talk together, generating "
            "ideas, suggestions and coaching advice."
        ),
    ),
    PhaseSpec(
        id="valuable",
        title=N_("What was valuable"),
        duration="2m",
        warn="30s",
        kind="summing_up",
        per_presenter=True,
        rule=N_("Client: what was most valuable to you?"),
        guidance=N_(
            "The client turns back and shares what was valuable, and any action "
            "they will take. Then the next member becomes the client."
        ),
    ),
    *_frame_end(N_("How useful was consulting for you? Rate it, and share one learning.")),
)

#: Wise Crowds (Liberating Structures): the whole group (or groups of four to five)
#: consults one client after another, with a longer consultation than Troika.
WISE_CROWDS: tuple[PhaseSpec, ...] = (
    *_frame_start(
        N_("Who is here, and who will be a client today?"),
        N_("Agree the clients and their order. Everyone else is a consultant."),
    ),
    _UPDATES,
    PhaseSpec(
        id="challenge",
        title=N_("Client's challenge"),
        duration="2m",
        warn="30s",
        kind="presenting",
        per_presenter=True,
        rule=N_("What is your challenge, and what help do you need?"),
        guidance=N_("The client describes the challenge and the kind of help wanted."),
    ),
    PhaseSpec(
        id="clarifying",
        title=N_("Clarifying questions"),
        duration="3m",
        warn="1m",
        kind="questioning",
        per_presenter=True,
        rule=N_("Questions to understand, not advice."),
        guidance=N_("The consultants ask clarifying questions."),
    ),
    PhaseSpec(
        id="consulting",
        title=N_("The crowd consults"),
        duration="8m",
        warn="2m",
        per_presenter=True,
        rule=N_("Client: turn around and listen; do not respond."),
        guidance=N_(
            "The client turns their back. The consultants share questions, "
            "insights, suggestions and advice as the client listens and takes notes."
        ),
    ),
    PhaseSpec(
        id="valuable",
        title=N_("What was valuable"),
        duration="2m",
        warn="30s",
        kind="summing_up",
        per_presenter=True,
        rule=N_("Client: what resonated, and what will you do?"),
        guidance=N_(
            "The client turns back and shares what was valuable and the actions they will take."
        ),
    ),
    *_frame_end(N_("How well did the crowd serve its clients? Rate it, and share one learning.")),
)

#: A Balint group: one case, questions, a discussion with the presenter pushed back,
#: then the presenter's return. No actions: it is about the relationship, not a fix.
BALINT: tuple[PhaseSpec, ...] = (
    *_frame_start(
        N_("Who is here, and who has a case?"),
        N_("The leader asks who has a case that stays with them."),
    ),
    PhaseSpec(
        id="case",
        title=N_("The case"),
        duration="10m",
        warn="2m",
        kind="presenting",
        per_presenter=True,
        rule=N_("Tell the case as you remember it, without notes."),
        guidance=N_(
            "The presenter tells the story of a patient or client relationship "
            "that troubles them. The group listens."
        ),
    ),
    PhaseSpec(
        id="questions",
        title=N_("Factual questions"),
        duration="10m",
        warn="2m",
        kind="questioning",
        per_presenter=True,
        rule=N_("Questions of fact only: no interpretation, no advice."),
        guidance=N_("The group asks for the facts it needs to picture the situation."),
    ),
    PhaseSpec(
        id="discussion",
        title=N_("Group discussion"),
        duration="25m",
        warn="5m",
        per_presenter=True,
        rule=N_("Presenter: sit back and listen; the group works on the case."),
        guidance=N_(
            "The presenter is pushed back and stays silent. The group explores "
            "the feelings, the relationship and what may be going on, not solutions."
        ),
    ),
    PhaseSpec(
        id="return",
        title=N_("The presenter returns"),
        duration="10m",
        warn="2m",
        per_presenter=True,
        rule=N_("Presenter: what struck you as you listened?"),
        guidance=N_(
            "The presenter rejoins and says what they heard; the group may continue together."
        ),
    ),
    *_frame_end(N_("How did the group work today? Rate it, and share one learning.")),
)

#: Peer intervision by the incident method: an incident, clarifying questions, the
#: presenter's key question, an advice round, and the presenter's response.
INTERVISION: tuple[PhaseSpec, ...] = (
    *_frame_start(
        N_("Who is here, and who brings an incident?"),
        N_("Members name a recent incident from their work; the group chooses one or two."),
    ),
    _UPDATES,
    PhaseSpec(
        id="incident",
        title=N_("The incident"),
        duration="5m",
        warn="1m",
        kind="presenting",
        per_presenter=True,
        rule=N_("Describe one concrete incident, briefly."),
        guidance=N_(
            "The presenter describes a short, concrete incident from their own "
            "work in which they had to act."
        ),
    ),
    PhaseSpec(
        id="clarifying",
        title=N_("Clarifying questions"),
        duration="10m",
        warn="2m",
        kind="questioning",
        per_presenter=True,
        rule=N_("Questions for information, not advice."),
        guidance=N_("The group asks informative questions to understand the situation."),
    ),
    PhaseSpec(
        id="key_question",
        title=N_("The key question"),
        duration="5m",
        warn="1m",
        per_presenter=True,
        rule=N_("Presenter: what is your question to the group?"),
        guidance=N_(
            "The presenter states the key question; the group checks it is understood the same way."
        ),
    ),
    PhaseSpec(
        id="advice",
        title=N_("Advice round"),
        duration="15m",
        warn="3m",
        per_presenter=True,
        rule=N_("One by one: what would you do? The presenter listens."),
        guidance=N_(
            "Each member in turn says what they would do in the presenter's "
            "place. The presenter listens without reacting."
        ),
    ),
    PhaseSpec(
        id="response",
        title=N_("Response and actions"),
        duration="10m",
        warn="2m",
        kind="summing_up",
        per_presenter=True,
        rule=N_("Presenter: which advice helps, and what will you do?"),
        guidance=N_("The presenter responds to the advice and commits to actions."),
    ),
    *_frame_end(N_("How useful was the intervision? Rate it, and share one learning.")),
)


@dataclass(frozen=True)
class Protocol:
    """A built-in protocol: its phases and what a set following it starts from."""

    id: str
    title: str
    summary: str
    phases: tuple[PhaseSpec, ...]
    ground_rules: tuple[str, ...]
    prompts: tuple[str, ...]
    presenters_per_session: int
    session_length: str


ACTION_LEARNING_RULES = (
    N_("What is said in the set stays in the set"),
    N_("Listen to understand, not to reply"),
    N_("Questions, not advice"),
    N_("Suspend judgement"),
    N_("Phones away"),
)
ACTION_LEARNING_PROMPTS = (
    N_("What would success look like?"),
    N_("What have you already tried?"),
    N_("Who else has a stake in this?"),
    N_("What is stopping you?"),
    N_("What would you do if you could not fail?"),
)

#: The evaluation questions a starter writes (the set file's defaults are the same).
EVALUATION_QUESTIONS = (
    N_("How useful was today for you?"),
    N_("How well did we keep to the process?"),
)

PROTOCOLS: dict[str, Protocol] = {
    p.id: p
    for p in (
        Protocol(
            id="action-learning",
            title=N_("Action Learning"),
            summary=N_(
                "a presenter speaks, supporters ask open questions, the presenter "
                "commits to actions"
            ),
            phases=ACTION_LEARNING,
            ground_rules=ACTION_LEARNING_RULES,
            prompts=ACTION_LEARNING_PROMPTS,
            presenters_per_session=2,
            session_length="2h",
        ),
        Protocol(
            id="troika",
            # Translators: A Liberating Structures method; keep 'Troika'.
            title=N_("Troika Consulting"),
            summary=N_(
                "in trios, each member in turn is the client of two consultants "
                "(Liberating Structures)"
            ),
            phases=TROIKA,
            ground_rules=(
                N_("What is said here stays here"),
                N_("Clarifying questions first; advice only while the client's back is turned"),
                N_("The client listens without responding"),
                N_("Be generous and specific"),
                N_("Phones away"),
            ),
            prompts=(
                N_("What have you tried so far?"),
                N_("What would a good outcome look like?"),
                N_("Who else is involved?"),
                N_("What kind of help do you want from us?"),
            ),
            presenters_per_session=3,
            session_length="1h",
        ),
        Protocol(
            id="wise-crowds",
            # Translators: The name of a Liberating Structures method.
            title=N_("Wise Crowds"),
            summary=N_("the group consults each client in turn (Liberating Structures)"),
            phases=WISE_CROWDS,
            ground_rules=(
                N_("What is said here stays here"),
                N_("Questions first, then advice while the client listens"),
                N_("The client listens without responding"),
                N_("Build on each other's ideas"),
                N_("Phones away"),
            ),
            prompts=(
                N_("What is at stake for you?"),
                N_("What have you tried so far?"),
                N_("What would success look like?"),
                N_("What kind of help do you want?"),
            ),
            presenters_per_session=3,
            session_length="1h30m",
        ),
        Protocol(
            id="balint",
            # Translators: Named after Michael Balint; keep the name.
            title=N_("Balint group"),
            summary=N_(
                "one case, factual questions, a discussion with the presenter pushed "
                "back, the presenter's return"
            ),
            phases=BALINT,
            ground_rules=(
                N_("What is said in the group stays in the group"),
                N_("Speak about the relationship, not the diagnosis"),
                N_("No judgement of the presenter"),
                N_("Feelings and fantasies are welcome"),
                N_("No advice to fix the case"),
            ),
            prompts=(
                N_("What happened next?"),
                N_("How old is the patient?"),
                N_("Who else was in the room?"),
                N_("How long have you known them?"),
            ),
            presenters_per_session=1,
            session_length="1h15m",
        ),
        Protocol(
            id="intervision",
            title=N_("Peer intervision (the incident method)"),
            summary=N_(
                "an incident, clarifying questions, the key question, an advice "
                "round and the presenter's response"
            ),
            phases=INTERVISION,
            ground_rules=(
                N_("What is said in the group stays in the group"),
                N_("One concrete incident at a time"),
                N_("Questions before advice"),
                N_("The presenter decides what to do with the advice"),
                N_("Phones away"),
            ),
            prompts=(
                N_("What exactly did you do, and what happened then?"),
                N_("What did you want to achieve?"),
                N_("What did you think and feel at that moment?"),
                N_("What have you tried before?"),
            ),
            presenters_per_session=1,
            session_length="1h30m",
        ),
    )
}

ProtocolId = Literal["action-learning", "troika", "wise-crowds", "balint", "intervision"]

BUILTIN_PROTOCOLS: dict[str, tuple[PhaseSpec, ...]] = {k: p.phases for k, p in PROTOCOLS.items()}


#: The break's words, as English msgids: :func:`break_phase` translates them when a
#: break is made, so a record holds them in the language the wall showed.
# Translators: Phase title: a pause in the session (egwyl).
BREAK_TITLE = N_("Break")
BREAK_RULE = N_("Take a break. We start again on time.")
BREAK_GUIDANCE = N_("Stretch, get a drink; the countdown says when the set starts again.")


#: The phase id of a break added on the day with ``b`` is this and a number. A set
#: file may not use it (:mod:`alfacil.config` refuses it), so a record says by its
#: ids alone which breaks were in the plan and which were added to it, and history
#: counts an added one as a change to the day's plan rather than as plan.
ADDED_BREAK_PREFIX = "break-added-"  # i18n: not text (an id)


def is_added_break(phase_id: str, kind: str) -> bool:
    """Whether a step is a break added on the day (not one of the set's plan)."""
    return kind == "break" and phase_id.startswith(ADDED_BREAK_PREFIX)


def break_phase(phase_id: str, seconds: int, title: str = BREAK_TITLE) -> PhaseSpec:
    """A break: its own countdown, turning amber in its last minute.

    ``title`` is the facilitator's own word for it (a set file's ``[[breaks]] title``
    or the break dialog's), shown as written; left at the default it is "Break" in the
    run's language."""
    return PhaseSpec(
        id=phase_id,
        title=_(BREAK_TITLE) if title == BREAK_TITLE else title,
        duration=f"{seconds}s",
        warn=f"{min(60, seconds)}s",
        kind="break",
        rule=_(BREAK_RULE),
        guidance=_(BREAK_GUIDANCE),
    )


def localized(spec: PhaseSpec) -> PhaseSpec:
    """A built-in phase in the run's language: its title, rule and guidance through
    the catalog. Called when the phases are asked for (``SetConfig.resolved_phases``),
    never at import or parse time: the language is chosen after the set file is read.
    Only for the built-in protocols' phases: a set file's own ``[[phases]]`` stay as
    written."""
    return spec.model_copy(
        update={
            "title": _(spec.title),
            "rule": _(spec.rule) if spec.rule else "",
            "guidance": _(spec.guidance) if spec.guidance else "",
        }
    )


def builtin_phases(protocol: str) -> tuple[PhaseSpec, ...]:
    """The phases of built-in ``protocol`` in the run's language (KeyError if unknown)."""
    return tuple(localized(spec) for spec in BUILTIN_PROTOCOLS[protocol])


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
