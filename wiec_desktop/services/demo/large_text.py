"""The words of the large demo district (Vliethaven): loaded once from
``resources/demo/large_district.json`` and filled into its sentence templates.

Every name, street and organisation in it is made up. Templates carry the slots ``{street}``,
``{place}``, ``{moment}``, ``{org}`` and ``{theme}``; a template ignores the slots it does not use.
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass
from typing import Any

from wiec_desktop.resources import resource_path


@dataclass(frozen=True)
class ThemeWords:
    """What one theme brings: who leads it, who helps, and its sentences."""

    name: str
    leads: tuple[str, ...]
    partners: tuple[str, ...]
    titles: tuple[str, ...]
    descriptions: tuple[str, ...]
    signals: tuple[str, ...]
    problems: tuple[str, ...]
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The whole vocabulary; ``raw`` keeps the parts that are plain lists or dicts of sentences."""

    district: str
    chair: str
    themes: tuple[ThemeWords, ...]
    raw: dict[str, Any]

    def words(self, key: str) -> list[str]:
        """A list of sentences or names by its key in the JSON file."""
        return list(self.raw[key])


def load_large_vocabulary() -> Vocabulary:
    """The vocabulary from ``resources/demo/large_district.json``."""
    raw = json.loads(resource_path("demo", "large_district.json").read_text(encoding="utf-8"))
    themes = tuple(
        ThemeWords(
            name=spec["name"],
            leads=tuple(spec["leads"]),
            partners=tuple(spec["partners"]),
            titles=tuple(spec["titles"]),
            descriptions=tuple(spec["descriptions"]),
            signals=tuple(spec["signals"]),
            problems=tuple(spec["problems"]),
            actions=tuple(spec["actions"]),
        )
        for spec in raw["themes"]
    )
    return Vocabulary(district=raw["district"], chair=raw["chair"], themes=themes, raw=raw)


class Filler:
    """Fills templates with a street, a place, a moment and an organisation, all drawn from ``rng``."""

    def __init__(self, vocabulary: Vocabulary, rng: random.Random) -> None:
        self.rng = rng
        self.places = vocabulary.words("places")
        self.moments = vocabulary.words("moments")

    def fill(self, template: str, street: str, org: str = "", theme: str = "") -> str:
        rng = self.rng
        return template.format(
            street=street,
            place=rng.choice(self.places),
            moment=rng.choice(self.moments),
            org=org,
            theme=theme,
        )

    def pick(
        self, templates: tuple[str, ...] | list[str], street: str, org: str = "", theme: str = ""
    ) -> str:
        return self.fill(self.rng.choice(templates), street, org, theme)


def email_address(name: str, domain: str) -> str:
    """A made-up work address: ``a.devries@domain`` (accents dropped)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    first, *rest = plain.split()
    return f"{first[0]}.{''.join(part for part in rest if part.isalpha())}@{domain}"
