"""python -m askdocker."""

from askdocker.cli import main

raise SystemExit(main())
