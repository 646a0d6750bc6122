"""Allows ``python -m wiec_desktop``."""

import sys

from wiec_desktop.cli.main import main

sys.exit(main())
