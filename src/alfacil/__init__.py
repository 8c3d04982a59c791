"""alfacil: the facilitator's console for Action Learning Sets."""

__version__ = "0.1.0"
