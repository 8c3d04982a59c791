"""``alfacil serve``: the console (or the members' display) in a browser tab.

textual-serve runs a command for every browser that connects and streams its screen
over a websocket. Here that command is this same alfacil, ``start`` or ``display``, on
the same set and data folder, so what runs in the tab is exactly what runs in a
terminal (the console still takes the set's lock: a second tab is told it is open).

Anyone who can reach the port drives the console and sees the set's records, so it
listens on 127.0.0.1 unless ``--public`` says otherwise, and says who can reach it.
textual-serve is imported only when serving (it is the ``serve`` extra).
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from alfacil.i18n import Language, _

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeRefused(ValueError):
    """The address asked for would open the set to others without ``--public``."""


def is_loopback(host: str) -> bool:
    """True for an address only this computer can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class ServePlan:
    """What ``alfacil serve`` will run, where, and what to tell the facilitator."""

    command: str
    host: str
    port: int
    public_url: str
    notice: str


def plan(
    set_file: Path,
    data_dir: Path,
    *,
    display: bool,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    public: bool = False,
    language: Language | None = None,
) -> ServePlan:
    """The command per browser and the notice; :class:`ServeRefused` for an address
    others could reach without ``public``. ``language``: passed on to the command
    served, so that the browser's console speaks what this command was told to."""
    if display:
        what = _("see the members' screen")
    else:
        what = _("drive the console and see the set's records")
    if not is_loopback(host) and not public:
        raise ServeRefused(
            _(
                "--host {host} would let anyone who can reach this computer {what}; "
                "add --public if that is what you want"
            ).format(host=host, what=what)
        )
    argv = [sys.executable, "-m", "alfacil", "display" if display else "start"]
    argv += [str(set_file.resolve()), "--data-dir", str(data_dir.resolve())]
    if language is not None:  # the served console speaks as this command was told to
        argv += ["--lang", language]
    shown = socket.getfqdn() if is_wildcard(host) else host
    url_host = f"[{shown}]" if ":" in shown else shown
    public_url = f"http://{url_host}:{port}"
    if is_loopback(host):
        notice = _("Serving on {url}: only this computer can open it.").format(url=public_url)
    else:
        if is_wildcard(host):
            who = _("any computer that can reach this one")
        else:
            who = _("anyone who can reach {host}").format(host=host)
        notice = _(
            "PUBLIC: {who} on port {port} can {what} (open {url}). "
            "Stop with ctrl+c when the session is over."
        ).format(who=who, port=port, what=what, url=public_url)
    return ServePlan(shlex.join(argv), host, port, public_url, notice)


def serve(served: ServePlan) -> int:
    """Run the web server until ctrl+c (textual-serve handles SIGINT and SIGTERM)."""
    from textual_serve.server import Server

    server = Server(
        served.command,
        host=served.host,
        port=served.port,
        title="alfacil",
        public_url=served.public_url,
    )
    server.serve()
    return 0


def textual_serve_missing() -> bool:
    import importlib.util

    return importlib.util.find_spec("textual_serve") is None


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "ServePlan",
    "ServeRefused",
    "is_loopback",
    "plan",
    "serve",
]
