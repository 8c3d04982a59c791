"""Screens of the console: the session, and the modals for anything typed."""
