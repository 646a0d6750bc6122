"""Where the program keeps its files. Every path can be overridden (tests, portable use)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

DATA_DIR_ENV = "WIEC_DESKTOP_DATA_DIR"


def data_dir() -> Path:
    """The user-data folder: ``$WIEC_DESKTOP_DATA_DIR`` or the platform's (created on demand)."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(user_data_dir("WIEC Desktop", "WIEC"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) / "logs" if override else Path(user_log_dir("WIEC Desktop", "WIEC"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "wiec.sqlite"


def demo_database_path() -> Path:
    return data_dir() / "wiec-demo.sqlite"


def default_backup_dir() -> Path:
    """Where backups go unless the chair chose a folder (an external disk, a synced folder)."""
    return data_dir() / "back-ups"
