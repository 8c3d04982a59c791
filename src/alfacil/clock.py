"""Where time comes from.

The engine never reads a clock: callers pass ``now`` taken from a :class:`Clock`.
Countdowns use a monotonic reading that keeps counting through a laptop suspend
(``CLOCK_BOOTTIME`` where the platform has it), because the room kept talking while
the lid was shut. Wall-clock time is only used for timestamps in records, always as
aware UTC datetimes, so a change of the system clock never moves a countdown.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic seconds and of aware UTC timestamps."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards."""
        ...

    def utcnow(self) -> datetime:
        """The current time as an aware UTC datetime (for records only)."""
        ...


def _boottime() -> float:
    return time.clock_gettime(time.CLOCK_BOOTTIME)


class SystemClock:
    """The real clock: BOOTTIME where it exists, else ``time.monotonic``."""

    def __init__(self) -> None:
        self._mono = _boottime if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic

    def monotonic(self) -> float:
        return self._mono()

    def utcnow(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock the tests move by hand; nothing in a test ever sleeps."""

    def __init__(
        self,
        start: datetime | None = None,
        monotonic_start: float = 1000.0,
    ) -> None:
        self._mono = monotonic_start
        self._wall = start or datetime(2026, 11, 27, 14, 0, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self._mono

    def utcnow(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on both clocks."""
        if seconds < 0:
            bug = "time does not run backwards; use jump_wall for that"  # i18n: not text
            raise ValueError(bug)
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def suspend(self, seconds: float) -> None:
        """A laptop suspend: BOOTTIME and the wall clock both move on."""
        self.advance(seconds)

    def jump_wall(self, seconds: float) -> None:
        """Someone changes the system clock: only the wall clock moves."""
        self._wall += timedelta(seconds=seconds)
