"""Key descriptions in the run's language, whenever the class was made.

Textual reads a class's ``BINDINGS`` once, when the class is created: at import, which
may be before the language is chosen (``--lang``, the set file), and in the tests,
long before a Welsh run in the same process. So the descriptions in ``BINDINGS`` are
English msgids (from the key table, or marked ``N_``), and each node that has them
calls :func:`speak` as it is made: its own copy of the bindings gets the descriptions
in the language of this run.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from alfacil.i18n import _


def speak(node: DOMNode) -> None:
    """Give ``node``'s bindings their descriptions in the run's language.

    ``_bindings`` is the node's own copy of its class's bindings (Textual copies the
    class's map for each node), so the class and other nodes are left as they are."""
    keys = node._bindings.key_to_bindings  # Textual has no public way to set them
    node._bindings = BindingsMap.from_keys(
        {
            key: [replace(b, description=_(b.description)) if b.description else b for b in found]
            for key, found in keys.items()
        }
    )
