"""A document's data made fit for its audience, before any writer sees it.

``prepare(context, data, audience)`` returns the data as the document will show it and the list of
``Replacement``s for the chair's preview: for policymakers every string of the frozen dataclasses
the services return passes one ``Redactor`` (so "bewoner 1" is the same resident everywhere in the
document); the intern variant is the data unchanged with no replacements. ``summary`` counts the
replacements per kind for the command line ("12 vervangingen: 5 namen, 3 telefoonnummers"), never
showing an original.

The detectors come from ``services/privacy/deidentify.py`` (the pattern detector plus a Dutch
de-identification library for names nobody listed); the text of a document is never logged. No Qt.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time
from enum import Enum
from typing import Any, TypeVar

from wiec_desktop.services.privacy.redaction import (
    Audience,
    Detector,
    Finding,
    FindingKind,
    PrivacyContext,
    Redactor,
    Replacement,
    _core_name,
)

T = TypeVar("T")

# Fields that are references, codes or file names, never personal, skipped for speed and so that
# a reference such as "A-2026-0012" is never taken for a phone number.
_KEEP_BY_NAME: dict[str, frozenset[str]] = {
    "ActionListRow": frozenset({"reference", "case_reference", "owner_organisation", "contact"}),
    "ActionLine": frozenset({"reference", "organisation", "contact"}),
    "MinutesItem": frozenset({"case_reference"}),
    "AgendaLine": frozenset({"case_reference"}),
    "MatrixRow": frozenset({"reference", "area", "theme"}),
    "MatrixColumn": frozenset({"name"}),
    "OrganisationCount": frozenset({"organisation"}),
    "ScoreLine": frozenset({"organisation"}),
}

_PLURALS = {
    FindingKind.NAME: ("naam", "namen"),
    FindingKind.PHONE: ("telefoonnummer", "telefoonnummers"),
    FindingKind.EMAIL: ("e-mailadres", "e-mailadressen"),
    FindingKind.ADDRESS: ("adres", "adressen"),
    FindingKind.POSTCODE: ("postcode", "postcodes"),
}


def detectors(context: PrivacyContext) -> list[Detector]:
    """The detectors of a document: ``deidentify.default_detectors`` (which raises when its lookup
    tables are not prepared yet: an export never waits 90 s for them)."""
    from wiec_desktop.services.privacy.deidentify import default_detectors

    return list(default_detectors(context))


_SENTENCE_START_BEWONER = re.compile(r"(^|[.!?]\s+|\n)bewoner (\d+)")
# "mevrouw Sitaldin": the title goes with the name (and "bewoner 1" replaces both).
_TITLE = r"(?:(?i:(?:de\s+)?(?:buurman|buurvrouw|mevrouw|meneer|mevr\.?|dhr\.?|mw\.?|heer))\s+)?"


class SurnameDetector:
    """The surname of a resident the database knows, alone ("Sitaldin belt terug"): whole words,
    as capitalised, and only a surname that no professional, organisation, street or place shares."""

    def __init__(self, context: PrivacyContext) -> None:
        self.surnames = known_surnames(context)
        self._pattern = (
            re.compile(
                r"(?<![\w-])"
                + _TITLE
                + "("
                + "|".join(re.escape(n) for n in sorted(self.surnames, key=len, reverse=True))
                + r")(?![\w-])"
            )
            if self.surnames
            else None
        )

    def find(self, text: str) -> list[Finding]:
        if self._pattern is None:
            return []
        return [Finding(m.start(), m.end(), FindingKind.NAME) for m in self._pattern.finditer(text)]


def known_surnames(context: PrivacyContext) -> dict[str, str]:
    """Surname (as written) → the full name of the one resident who has it."""
    shared = {
        _fold(word)
        for text in (*context.professionals, *context.organisations, *context.streets, *context.places)
        for word in text.split()
    }
    found: dict[str, str] = {}
    doubles: set[str] = set()
    for name in context.residents:
        words = name.split()
        if len(words) < 2:
            continue
        surname = words[-1].strip(".,;:()")
        if len(surname) < 4 or not surname[:1].isupper() or _fold(surname) in shared:
            continue
        if surname in found and found[surname] != name:
            doubles.add(surname)
        found[surname] = name
    return {k: v for k, v in found.items() if k not in doubles and _fold(k) not in _fold_all(context.kept)}


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _fold_all(texts: Iterable[str]) -> set[str]:
    return {_fold(t) for t in texts}


class _KeptFilter:
    """A detector without the findings the chair said are not personal (any kind: the redactor
    itself only keeps names and addresses, but "meldpunt 0800-1234567" is no resident's)."""

    def __init__(self, detector: Detector, kept: set[str]) -> None:
        self.detector = detector
        self.kept = kept

    def find(self, text: str) -> list[Finding]:
        return [f for f in self.detector.find(text) if _fold(text[f.start : f.end]) not in self.kept]


class DocumentRedactor(Redactor):
    """A ``Redactor`` that also finds a known resident's surname alone and numbers "mevrouw
    Sitaldin" as the same bewoner as "Emine Sitaldin", leaves enum members alone (a ``StrEnum``
    status is a string, but not text to redact) and redacts a text that repeats in the document
    (an organisation, a status note in a 50,000-row list) once."""

    def __init__(self, context: PrivacyContext, detectors: Iterable[Detector] | None = None) -> None:
        surnames = SurnameDetector(context)
        found_by: list[Detector] = [*(detectors if detectors is not None else []), surnames]
        if context.kept:  # a phone number or e-mail address the chair kept stays too
            found_by = [_KeptFilter(d, _fold_all(context.kept)) for d in found_by]
        super().__init__(context, found_by)
        self._done: dict[str, str] = {}
        self._full_names = {_fold(k): _fold(v) for k, v in surnames.surnames.items()}

    def _replacement(self, finding: Finding, original: str) -> str:
        if finding.kind is FindingKind.NAME:
            core = _fold(_core_name(original))
            key = self._full_names.get(core, core)
            number = self._residents.setdefault(key, len(self._residents) + 1)
            return f"bewoner {number}"
        return super()._replacement(finding, original)

    def text(self, value: str) -> str:
        if isinstance(value, Enum):
            return value
        done = self._done.get(value)
        if done is None:
            done = super().text(value)
            if done is not value and "bewoner " in done:  # "Bewoner 1 belde." at a sentence's start
                done = _SENTENCE_START_BEWONER.sub(r"\1Bewoner \2", done)
            self._done[value] = done
        return value if done == value else done  # unchanged: the caller's own object (no copy made)


def keep_fields_for(data: object) -> Mapping[type, frozenset[str]]:
    """The never-redacted fields of the dataclass types met in ``data`` (by class name, so this
    module needs no import of every service)."""
    found: dict[type, frozenset[str]] = {}
    _collect_types(data, found, set(), depth=0)
    return found


def _collect_types(value: object, found: dict[type, frozenset[str]], seen: set[type], depth: int) -> None:
    if depth > 6:
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        if kind in seen:
            return
        seen.add(kind)
        for klass in kind.__mro__:
            keep = _KEEP_BY_NAME.get(klass.__name__)
            if keep is not None:
                found[kind] = keep
        for f in dataclasses.fields(value):
            _collect_types(getattr(value, f.name), found, seen, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value[:1] if len(value) > 50 else value:
            _collect_types(item, found, seen, depth + 1)
    elif isinstance(value, dict):
        for item in list(value.values())[:1]:
            _collect_types(item, found, seen, depth + 1)


def prepare(
    context: PrivacyContext,
    data: T,
    audience: Audience = Audience.POLICYMAKERS,
    *,
    found_by: Sequence[Detector] | None = None,
) -> tuple[T, list[Replacement]]:
    """``data`` for ``audience`` and the replacements made (none for the intern variant).
    ``found_by``: the detectors (default: ``detectors(context)``)."""
    if audience is Audience.INTERNAL:
        return data, []
    redactor = DocumentRedactor(context, found_by if found_by is not None else detectors(context))
    redacted = _Walker(redactor, keep_fields_for(data)).redact(data)
    return redacted, list(redactor.replacements)


class _Walker:
    """``redaction.redact_tree`` for a document of 50,000 rows: the same copy (frozen dataclasses,
    lists, tuples, named tuples, dicts, sets; ``keep`` fields as they are), with the fields of each
    dataclass type looked up once and an unchanged object kept instead of copied."""

    def __init__(self, redactor: Redactor, keep: Mapping[type, frozenset[str]]) -> None:
        self.text = redactor.text
        self.keep = keep
        self._fields: dict[type, tuple[str, ...]] = {}

    def fields(self, kind: type) -> tuple[str, ...]:
        names = self._fields.get(kind)
        if names is None:
            skip = self.keep.get(kind, frozenset())
            names = tuple(f.name for f in dataclasses.fields(kind) if f.init and f.name not in skip)
            self._fields[kind] = names
        return names

    def redact(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, _SCALARS) or value is None:
            return value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for name in self.fields(type(value)):
                old = getattr(value, name)
                new = self.redact(old)
                if new is not old:
                    changes[name] = new
            return dataclasses.replace(value, **changes) if changes else value
        if isinstance(value, list):
            return [self.redact(v) for v in value]
        if isinstance(value, tuple):
            items = [self.redact(v) for v in value]
            if all(new is old for new, old in zip(items, value, strict=True)):
                return value
            return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
        if isinstance(value, dict):
            return {k: self.redact(v) for k, v in value.items()}
        if isinstance(value, frozenset | set):
            return type(value)(self.redact(v) for v in value)
        return value


_SCALARS = (int, float, bool, date, time, Enum)


def redactor_for(context: PrivacyContext, found_by: Sequence[Detector] | None = None) -> DocumentRedactor:
    """One redactor for texts that belong together (the report e-mail's subject, body and .ics)."""
    return DocumentRedactor(context, found_by if found_by is not None else detectors(context))


def summary(replacements: Sequence[Replacement]) -> str:
    """ "12 vervangingen: 5 namen, 3 telefoonnummers, …" (kinds only, never an original)."""
    if not replacements:
        return "Geen vervangingen."
    counts = Counter(r.kind for r in replacements)
    parts = []
    for kind in FindingKind:
        number = counts.get(kind, 0)
        if number:
            one, many = _PLURALS[kind]
            parts.append(f"{number} {one if number == 1 else many}")
    total = len(replacements)
    return f"{total} {'vervanging' if total == 1 else 'vervangingen'}: " + ", ".join(parts)


__all__ = [
    "DocumentRedactor",
    "SurnameDetector",
    "detectors",
    "keep_fields_for",
    "known_surnames",
    "prepare",
    "redactor_for",
    "summary",
]
