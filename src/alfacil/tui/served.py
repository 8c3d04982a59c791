"""The web driver of a console (or display) served by ``alfacil serve``.

textual-serve's driver reads the app's input from a pipe that ``alfacil serve``
holds. When serve goes (stopped, killed, crashed) the pipe closes, and Textual's own
driver just stops reading: the console runs on, orphaned, still holding the set's
lock. The pipe is a served app's terminal, so its closing is a hang-up: this driver
sends the app SIGHUP, which the console answers by saving and leaving (as when a
terminal window is closed) and which ends a display.
"""

from __future__ import annotations

import os
import signal

from textual.drivers.web_driver import WebDriver


class ServedDriver(WebDriver):
    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # the pipe closed; nobody asked the app to stop
            os.kill(os.getpid(), signal.SIGHUP)


__all__ = ["ServedDriver"]
