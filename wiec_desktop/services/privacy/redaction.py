"""Making a document fit for policymakers: residents' names, phone numbers, e-mail addresses, house
numbers and postcodes are replaced — in fields and in free text — while professionals (contacts of
partner organisations), organisations, streets, areas and themes stay as written.

The parts:

- A ``Detector`` finds candidate ``Finding``s in one text (names, phones, e-mails, addresses,
  postcodes). ``PatternDetector`` knows the patterns and the residents known to the database;
  ``services/privacy/deidentify.py`` adds a Dutch de-identification library for names nobody listed.
- ``PrivacyContext`` is what the database knows: residents' names and phones, the professionals, the
  streets, the chair's earlier choices (a term kept, a term marked as personal).
- A ``Redactor`` serves one document: the same resident is "bewoner 1" everywhere in it, an address
  becomes its street, and it keeps the list of ``Replacement``s for the preview the chair sees.
- ``redact_tree`` redacts every string inside a document's data (frozen dataclasses, lists, tuples,
  dicts), returning a copy, so that a writer never sees the personal text at all.

Pure Python, no Qt, no database access (the context is read by the caller's service).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any, Protocol, TypeVar

from wiec_desktop.services.privacy.marks import INTERNAL_FILE_SUFFIX, INTERNAL_MARK  # re-exported

T = TypeVar("T")


class Audience(Enum):
    """Who a document is for. ``POLICYMAKERS`` is the default of every document and e-mail."""

    POLICYMAKERS = "beleid"
    INTERNAL = "intern"  # full detail, chosen explicitly, marked on every page and in the file name


class FindingKind(Enum):
    NAME = "naam"
    PHONE = "telefoonnummer"
    EMAIL = "e-mailadres"
    ADDRESS = "adres"  # a street with a house number: becomes the street
    POSTCODE = "postcode"


@dataclass(frozen=True)
class Finding:
    """A stretch ``text[start:end]`` that looks personal. ``street`` for an address: what it becomes."""

    start: int
    end: int
    kind: FindingKind
    street: str = ""


class Detector(Protocol):
    """Finds what looks personal in one text (overlapping findings are allowed; the longest wins)."""

    def find(self, text: str) -> list[Finding]: ...


@dataclass(frozen=True)
class PrivacyContext:
    """What the database knows, read once per document by the caller."""

    residents: frozenset[str] = frozenset()  # residents' names (with consent) and guests who are not contacts
    resident_phones: frozenset[str] = frozenset()
    professionals: frozenset[str] = frozenset()  # contacts of partner organisations: keep their names
    organisations: frozenset[str] = frozenset()
    streets: frozenset[str] = frozenset()  # of the addresses and the areas: an address becomes its street
    places: frozenset[str] = frozenset()  # areas, themes and other words that are never a person
    kept: frozenset[str] = frozenset()  # terms the chair said are not personal (a false positive)
    marked: frozenset[str] = frozenset()  # terms the chair said are personal (something missed)

    def keeps(self, term: str) -> bool:
        """Whether ``term`` stays as written: a professional, an organisation, a place, or kept."""
        return _fold(term) in self._kept_folded

    @cached_property
    def _kept_folded(self) -> frozenset[str]:
        """Everything that stays, folded once per context (``keeps`` is asked for every finding)."""
        terms = (*self.professionals, *self.organisations, *self.kept, *self.streets, *self.places)
        return frozenset(_fold(t) for t in terms)


@dataclass(frozen=True)
class Replacement:
    """One replacement the chair can review: the original (shown only to the chair), what it became,
    why, and a few words around it."""

    original: str
    replacement: str
    kind: FindingKind
    context: str


_PHONE = re.compile(
    r"(?<![\w+])(?:\+31[\s-]?|0031[\s-]?|0)(?:6[\s-]?(?:\d[\s-]?){7}\d|[1-9](?:[\s-]?\d){8})(?!\d)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
_HOUSE_NUMBER = r"\s+\d{1,5}(?:\s?[a-zA-Z]\b|\s?-\s?\d{1,4}\b|\b)"


class PatternDetector:
    """Phones, e-mail addresses, postcodes, a known street followed by a house number, and the names
    of residents known to the database (case-insensitive, whole words)."""

    def __init__(self, context: PrivacyContext) -> None:
        self.context = context
        streets = sorted((s for s in context.streets if s.strip()), key=len, reverse=True)
        self._address = (
            re.compile(r"\b(" + "|".join(re.escape(s) for s in streets) + r")" + _HOUSE_NUMBER, re.IGNORECASE)
            if streets
            else None
        )
        names = sorted(
            {n.strip() for n in (*context.residents, *context.marked) if n and n.strip()},
            key=len,
            reverse=True,
        )
        self._names = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
            if names
            else None
        )
        phones = [re.escape(p.strip()) for p in context.resident_phones if p and p.strip()]
        self._known_phones = re.compile("|".join(phones)) if phones else None

    def find(self, text: str) -> list[Finding]:
        found = [Finding(m.start(), m.end(), FindingKind.EMAIL) for m in _EMAIL.finditer(text)]
        found += [Finding(m.start(), m.end(), FindingKind.PHONE) for m in _PHONE.finditer(text)]
        if self._known_phones is not None:
            found += [
                Finding(m.start(), m.end(), FindingKind.PHONE) for m in self._known_phones.finditer(text)
            ]
        found += [Finding(m.start(), m.end(), FindingKind.POSTCODE) for m in _POSTCODE.finditer(text)]
        if self._address is not None:
            for m in self._address.finditer(text):
                found.append(Finding(m.start(), m.end(), FindingKind.ADDRESS, street=m.group(1)))
        if self._names is not None:
            found += [Finding(m.start(), m.end(), FindingKind.NAME) for m in self._names.finditer(text)]
        return found


class Redactor:
    """Redacts the texts of one document consistently (see the module docstring)."""

    def __init__(self, context: PrivacyContext, detectors: Iterable[Detector] | None = None) -> None:
        self.context = context
        self.detectors = list(detectors) if detectors is not None else [PatternDetector(context)]
        self.replacements: list[Replacement] = []
        self._residents: dict[str, int] = {}  # folded name → number within this document
        self._seen: set[tuple[str, str]] = set()

    def text(self, value: str) -> str:
        """``value`` with everything personal replaced (the replacements are remembered)."""
        if not value or not value.strip():
            return value
        findings = _without_overlaps(f for d in self.detectors for f in d.find(value))
        out: list[str] = []
        position = 0
        for finding in findings:
            original = value[finding.start : finding.end]
            if finding.kind is FindingKind.NAME and self.context.keeps(original):
                continue
            if finding.kind is FindingKind.ADDRESS and self.context.keeps(original):
                continue
            replacement = self._replacement(finding, original)
            out.append(value[position : finding.start])
            out.append(replacement)
            position = finding.end
            key = (original, replacement)
            if key not in self._seen:
                self._seen.add(key)
                self.replacements.append(
                    Replacement(
                        original, replacement, finding.kind, _around(value, finding.start, finding.end)
                    )
                )
        out.append(value[position:])
        return "".join(out)

    def _replacement(self, finding: Finding, original: str) -> str:
        if finding.kind is FindingKind.NAME:
            number = self._residents.setdefault(_fold(_core_name(original)), len(self._residents) + 1)
            return f"bewoner {number}"
        if finding.kind is FindingKind.ADDRESS:
            return finding.street or "[adres]"
        return f"[{finding.kind.value}]"


def redact_tree(
    value: T, redactor: Redactor, *, keep_fields: Mapping[type, frozenset[str]] | None = None
) -> T:
    """A copy of ``value`` with every string redacted: frozen dataclasses (``dataclasses.replace``),
    lists, tuples, dicts and sets; other values as they are. ``keep_fields`` names, per dataclass
    type, fields that are never redacted (numbers as text, file names, professionals' names)."""
    keep = keep_fields or {}
    return _redact(value, redactor, keep)  # type: ignore[return-value]


def _redact(value: Any, redactor: Redactor, keep: Mapping[type, frozenset[str]]) -> Any:
    if isinstance(value, str):
        return redactor.text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        skip = keep.get(type(value), frozenset())
        changes = {
            f.name: _redact(getattr(value, f.name), redactor, keep)
            for f in dataclasses.fields(value)
            if f.init and f.name not in skip
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_redact(v, redactor, keep) for v in value]
    if isinstance(value, tuple):
        items = [_redact(v, redactor, keep) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, dict):
        return {k: _redact(v, redactor, keep) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return type(value)(_redact(v, redactor, keep) for v in value)
    return value


def _without_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Left to right; where findings overlap, the longest (then the earliest) wins."""
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in ordered:
        if kept and finding.start < kept[-1].end:
            if finding.end - finding.start > kept[-1].end - kept[-1].start:
                kept[-1] = finding
            continue
        kept.append(finding)
    return kept


_TITLES = re.compile(
    r"^(?:(?:de\s+)?(?:buurman|buurvrouw|mevrouw|meneer|mevr\.?|dhr\.?|mw\.?|heer)\s+)+", re.I
)


def _core_name(name: str) -> str:
    """The name without a title, so "mevrouw Jansen" and "Jansen" are the same bewoner."""
    return _TITLES.sub("", name.strip())


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    lead = "…" if start > width else ""
    tail = "…" if end + width < len(text) else ""
    return f"{lead}{before}[{text[start:end]}]{after}{tail}"


__all__ = [
    "INTERNAL_FILE_SUFFIX",
    "INTERNAL_MARK",
    "Audience",
    "Detector",
    "Finding",
    "FindingKind",
    "PatternDetector",
    "PrivacyContext",
    "Redactor",
    "Replacement",
    "redact_tree",
]
