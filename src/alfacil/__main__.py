"""Allow ``python -m alfacil``."""

from alfacil.cli import main

raise SystemExit(main())
