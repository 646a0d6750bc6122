"""How fast and how good is the de-identification of free text: PatternDetector alone, deduce as it
comes, deduce with the rules on top (``FreeTextDetector``) and both together (``default_detectors``,
what a document for policymakers uses).

Not a test. Uses the fifty sentences (and the held-out twenty) of
``tests/services/privacy/deidentify_cases.py``: first the time to make the lookup tables ready
(loading the cache, or building it when there is none), then per detector the sentences per second
(best of ``--repeat`` passes over all sentences) and the found / missed / false positives per kind.

    .venv/bin/python benchmarks/deidentify_benchmark.py
    .venv/bin/python benchmarks/deidentify_benchmark.py --repeat 20 --misses

The cache is the program's own (``WIEC_PRIVACY_CACHE`` or the user cache folder); pass
``--cache ~/.cache/wiec-desktop-tests/privacy`` to use the tests' one.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.services.privacy.deidentify_cases import CONTEXT, HELD_OUT, SENTENCES, Score, score
from wiec_desktop.services.privacy import lookup_cache
from wiec_desktop.services.privacy.deidentify import (
    FreeTextDetector,
    default_detectors,
    prepare_lookup,
)
from wiec_desktop.services.privacy.redaction import (
    Detector,
    Finding,
    FindingKind,
    PatternDetector,
)

_RAW_KINDS = {
    "persoon": FindingKind.NAME,
    "patient": FindingKind.NAME,
    "locatie": FindingKind.ADDRESS,
    "telefoonnummer": FindingKind.PHONE,
    "emailadres": FindingKind.EMAIL,
}


class RawDeduce:
    """deduce with its base configuration and nothing on top: each annotation of a personal kind
    becomes a finding (dates, ages, institutions and ids ignored)."""

    def __init__(self) -> None:
        self.model = lookup_cache.model()

    def find(self, text: str) -> list[Finding]:
        return [
            Finding(a.start_char, a.end_char, _RAW_KINDS[a.tag])
            for a in self.model.deidentify(text).annotations
            if a.tag in _RAW_KINDS
        ]


def sentences_per_second(detectors: Sequence[Detector], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            for detector in detectors:
                detector.find(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best if best > 0 else float("inf")


def kinds_cell(result: Score, kind: FindingKind) -> str:
    return f"{result.found[kind]}/{result.missed[kind]}/{result.false_positives[kind]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cache", type=Path, help="the cache folder (default: the program's own)")
    parser.add_argument("--misses", action="store_true", help="list what was missed or wrongly replaced")
    args = parser.parse_args(argv)
    if args.cache:
        os.environ[lookup_cache.CACHE_ENV] = str(args.cache.expanduser())

    had_cache = lookup_cache.built_cache() is not None
    started = time.perf_counter()
    prepare_lookup()
    ready = time.perf_counter() - started
    print(f"Lookup tables {'loaded from the cache' if had_cache else 'built and saved'} in {ready:.1f} s")
    print()

    runs = {
        "PatternDetector": [PatternDetector(CONTEXT)],
        "deduce as it comes": [RawDeduce()],
        "FreeTextDetector": [FreeTextDetector(CONTEXT)],
        "combined (default)": default_detectors(CONTEXT),
    }
    kinds = list(FindingKind)
    for title, cases in (("the chair's sentences", SENTENCES), ("held out", HELD_OUT)):
        texts = [text for text, _ in cases]
        print(f"### {title} ({len(cases)}): found/missed/false positives per kind")
        print()
        header = ["detector", "sentences/s", "recall", "precision", *(k.value for k in kinds)]
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        details: list[str] = []
        for name, detectors in runs.items():
            result = score(detectors, cases, CONTEXT)
            speed = sentences_per_second(detectors, texts, args.repeat)
            cells = [name, f"{speed:,.0f}", f"{result.recall:.2f}", f"{result.precision:.2f}"]
            print("| " + " | ".join([*cells, *(kinds_cell(result, k) for k in kinds)]) + " |")
            if args.misses:
                details.append(
                    f"- {name}: missed {result.misses or '—'}; wrongly replaced {result.extras or '—'}"
                )
        print()
        if details:
            print("\n".join(details))
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
