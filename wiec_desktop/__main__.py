"""Allows ``python -m wiec_desktop``."""

import sys

from wiec_desktop.cli import main

sys.exit(main())
