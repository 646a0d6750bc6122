"""Finds files in the top-level ``resources/`` folder, wherever the program runs from."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    """The folder holding icons, templates and demo data.

    Looked for, in order: a PyInstaller bundle (``sys._MEIPASS/resources``), an installed wheel
    (``wiec_desktop/_resources``, put there by the build) and a source checkout (``../resources``).
    """
    here = Path(__file__).resolve().parent
    candidates: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "resources")
    candidates += [here / "_resources", here.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("De map 'resources' van WIEC Desktop is niet gevonden.")


def resource_path(*parts: str) -> Path:
    """The path of one resource, e.g. ``resource_path("demo", "wateringseveld.json")``."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Bestand ontbreekt in resources: {'/'.join(parts)}")
    return path
