"""Finding residents' names, addresses, phone numbers, e-mail addresses and postcodes in Dutch free
text that nobody listed — "buurman Piet", "mevrouw Jansen-de Boer", "op nummer 12" — with the
Dutch de-identification library ``deduce`` (rule and lookup based, offline), on top of the exact
``PatternDetector`` of redaction.py.

- ``FreeTextDetector`` maps deduce's annotations to ``FindingKind``s and drops what is not a
  resident's: dates, ages, institutions, ids, professionals, organisations, streets and places the
  database knows, terms the chair kept, and the chair's own words deduce takes for names (the
  rules are in free_text_rules.py).
- ``default_detectors(context)`` is what a document for policymakers uses.
- deduce's lookup tables take about 90 s to build once; ``prepare_lookup`` builds them ahead (at
  install: ``python -m wiec_desktop.services.privacy.deidentify --prepare``, or in the background
  at the first start of the window). ``default_detectors`` never builds them: while they are not
  ready it raises ``LookupNotReady`` (a ``ValidationError`` with a Dutch message), at once — an
  export never hangs on it — unless the caller passes ``wait`` seconds to wait for a preparation
  that is already running. See ``lookup_cache`` for where the tables are kept.

Pure Python, no Qt.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from typing import Any

from wiec_desktop.services.privacy import lookup_cache
from wiec_desktop.services.privacy.free_text_rules import (
    DISABLED,
    Keeper,
    annotation_findings,
    capitalised_runs,
    house_numbers,
    organisation_like,
    relatives,
)
from wiec_desktop.services.privacy.lookup_cache import LookupNotReady
from wiec_desktop.services.privacy.redaction import (
    Detector,
    Finding,
    FindingKind,
    PatternDetector,
    PrivacyContext,
)


def lookup_ready() -> bool:
    """Whether ``default_detectors`` can be made now without building deduce's lookup tables."""
    return lookup_cache.ready()


def prepare_lookup(progress: Callable[[int, int], None] | None = None) -> None:
    """Build (about 90 s, once per machine and deduce version) or load deduce's lookup tables;
    ``progress(done, total)`` is called as it goes. Idempotent and thread-safe."""
    lookup_cache.prepare(progress)


def default_detectors(context: PrivacyContext, *, wait: float = 0.0) -> list[Detector]:
    """The detectors of a document for policymakers: the database's residents and the patterns
    exactly, deduce for the rest. Raises ``LookupNotReady`` when deduce's tables are not built (or
    still being built after ``wait`` seconds); never builds them itself."""
    return [PatternDetector(context), FreeTextDetector(context, wait=wait)]


class FreeTextDetector:
    """Names, addresses, phones, e-mail addresses and postcodes found by deduce in free text, plus
    what deduce misses: house numbers without a street ("op nummer 12"), names with an apostrophe
    ("O'Brien"), surnames after a family word ("de zoon van Baldewsingh") and capitalised words
    inside a sentence that are in none of deduce's lists ("Afspraak met Xhevdet Krasniqi"). Less
    what stays as written: professionals (also by surname: "wijkagent Van Dijk"), organisations,
    streets and places of the database, terms the chair kept, the chair's own words that deduce
    takes for names (roles such as "Wijkagent", holidays, agenda words, shops, "Gras" and "Groen"),
    and runs of capitals that look like an organisation or event. A street or place without a
    house number is not personal and stays. Raises ``LookupNotReady`` when deduce's tables are not
    ready. Safe to share between threads."""

    def __init__(self, context: PrivacyContext, *, wait: float = 0.0, model: Any = None) -> None:
        self.context = context
        self._model = model if model is not None else lookup_cache.model(wait)
        self._keeper = Keeper(context)

    def find(self, text: str) -> list[Finding]:
        if not text or not text.strip():
            return []
        if not self._worth_asking(text):
            found = house_numbers(text, []) if _DIGIT.search(text) else []
            return house_numbers(text, self._keeper.protected(text)) if found else []
        document = self._model.deidentify(text, disabled=set(DISABLED))
        protected = self._keeper.protected(text)
        found: list[Finding] = []
        for annotation in document.annotations:
            for finding in annotation_findings(
                text, annotation.start_char, annotation.end_char, annotation.tag
            ):
                found += self._keeper.filter(text, finding, protected)
        for start, end in relatives(text):
            found += self._keeper.filter(text, Finding(start, end, FindingKind.NAME), protected)
        for start, end in self._unknown_names(text):
            if not _overlaps((start, end), protected):
                found += self._keeper.filter(text, Finding(start, end, FindingKind.NAME), protected)
        found += house_numbers(text, protected)
        return found

    def _worth_asking(self, text: str) -> bool:
        """False for a text in which deduce can find nothing (most action texts, half of its time
        in a long action list): no "@" or phone-like digits, and no capitalised word except at the
        start of a sentence where it is no first name, surname, street or place in deduce's lists
        (deduce finds neither lowercase names nor a lone unknown word that opens a sentence)."""
        if "@" in text or _PHONE_LIKE.search(text):
            return True
        structs = self._model.lookup_structs
        for match in _WORD.finditer(text):
            word = match.group()
            if not word[0].isupper():
                continue
            if not _opens_sentence(text, match.start()):
                return True
            if word in structs["whitelist"]:  # a common word ("Contact"), which deduce never takes for a name
                continue
            for part in _PARTS.split(word):
                if part and any([part] in structs[name] for name in _NAME_LISTS):
                    return True
        return False

    def _unknown_names(self, text: str) -> list[tuple[int, int]]:
        """Capitalised runs inside a sentence that are neither common words, places or streets in
        deduce's lists nor look like an organisation: a name in no list ("Xhevdet Krasniqi")."""
        structs = self._model.lookup_structs
        common, places, streets = structs["whitelist"], structs["placename"], structs["street"]
        spans = []
        for start, end in capitalised_runs(text):
            words = text[start:end].split()
            if any(word in common for word in words) or words in places or words in streets:
                continue
            if organisation_like(words) or any([word] in places for word in words):
                continue
            spans.append((start, end))
        return spans


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PARTS = re.compile(r"[-'’]")
_DIGIT = re.compile(r"\d")
# A Dutch phone number: ten digits from a 0 (06-27254302, 010 123 45 67) or an international "+";
# not a date (8 digits) or a reference (A-2026-0123).
_PHONE_LIKE = re.compile(r"\+\s?\d|(?<!\d)0(?:[\s().-]*\d){9}")
_NAME_LISTS = ("first_name", "surname", "street", "placename")
_SENTENCE_END = frozenset(".!?:;\n")


def _opens_sentence(text: str, start: int) -> bool:
    """True when only spaces, quotes, brackets or a bullet stand between ``start`` and the text's
    start or the end of the previous sentence."""
    position = start - 1
    while position >= 0 and (text[position].isspace() or text[position] in "\"'‘“„([-–•*"):
        if text[position] == "\n":
            return True
        position -= 1
    return position < 0 or text[position] in _SENTENCE_END


def _overlaps(span: tuple[int, int], protected: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in protected)


def _main(argv: Iterable[str]) -> int:
    """``--prepare``: build the lookup tables now, with progress on stderr (install, CI)."""
    args = list(argv)
    if args != ["--prepare"]:
        print("Gebruik: python -m wiec_desktop.services.privacy.deidentify --prepare", file=sys.stderr)
        return 2

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        print(f"\rPrivacyfilter voorbereiden… {percent}%", end="", file=sys.stderr, flush=True)

    prepare_lookup(show)
    print(file=sys.stderr)
    return 0


__all__ = [
    "FreeTextDetector",
    "LookupNotReady",
    "default_detectors",
    "lookup_ready",
    "prepare_lookup",
]

if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
