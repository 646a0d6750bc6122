"""Logging to a rotating file in the log folder. Messages name records by id, never people."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from wiec_desktop.storage.paths import log_dir


def configure_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger("wiec_desktop")
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    handler = RotatingFileHandler(log_dir() / "wiec-desktop.log", maxBytes=1_000_000, backupCount=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
