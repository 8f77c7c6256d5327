"""`python -m knotsession`."""

from knotsession.cli import main

raise SystemExit(main())
