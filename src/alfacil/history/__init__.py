"""``alfacil history``: queries over a set's records, and their tables and formats.

The package is the third face of alfacil beside the core and the console (``tui``):
``queries`` reads records and computes the views (no Rich), ``formats`` turns them
into json, csv and markdown, ``render`` into Rich tables, and ``command`` parses the
command line. Importing the package imports none of them.
"""
