"""What the apps ask of Python's garbage collector once they are up.

A console idles for hours redrawing one digit a second, and each redraw leaves some
cyclic garbage (Textual's strips, messages and timers), which the collector's young
generations sweep cheaply. Now and then, though, it runs a full collection, which
walks every object in the process: at start-up some 80,000 (Textual's and Rich's
modules and classes, the parsed stylesheet, alfacil's own), nearly all of which
live as long as the process. Measured in the real console at 160x48, that one
collection took 40 ms, as much CPU as five seconds of ticks, and it fell on the
step after the check-in, which then used twice the CPU of any other step.

Freezing the heap as it stands once the app has started moves those objects out of
the collector's sight (``gc.freeze``), so a full collection walks only what was
made since: the screen's widgets and what the session adds (a quarter as many, 9 ms
measured). Nothing is garbage at that moment (a collection there finds none), so
nothing is kept that would have been freed.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_once() -> None:
    """Freeze the heap the first time an app of this process is mounted.

    Once per process: the pilot tests mount hundreds of apps in one interpreter, and
    freezing at each would keep every earlier test's leftovers for good."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.freeze()
