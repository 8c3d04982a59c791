"""Widgets of the console: values come down as attributes, user actions go up as messages."""
