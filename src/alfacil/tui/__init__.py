"""The facilitator's console: a thin Textual view over a :class:`alfacil.runner.Runner`."""
