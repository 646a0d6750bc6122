"""Measuring a piece of work against its baseline in the same run, and the table of the results.

``timed_pair`` runs the program's work and the hand-written baseline alternately (after one
warm-up of each, and short work as many times as fill ``min_seconds``), so both see the same
machine and the same cache; a ``Figure`` is one line of the table: median and worst, the
baseline's median, the ratio, the target and whether it is met.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured line: the program's figure against its baseline, with the target."""

    measure: str
    median: float | None = None
    worst: float | None = None
    baseline: str = ""
    baseline_median: float | None = None
    unit: str = "ms"
    limit: float | None = None  # the median must stay under this (in ``unit``)
    worst_limit: float | None = None  # the worst must stay under this
    max_ratio: float | None = None  # median / baseline median must stay within this
    note: str = ""  # why it was not measured, or what to know about it
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.baseline_median:
            return None
        return self.median / self.baseline_median

    @property
    def target(self) -> str:
        parts = []
        if self.limit is not None:
            parts.append(f"< {self.limit:g} {self.unit}")
        if self.worst_limit is not None:
            parts.append(f"worst < {self.worst_limit:g} {self.unit}")
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}×")
        return ", ".join(parts)

    @property
    def ok(self) -> bool | None:
        """True when every target is met, False when one is missed, None when nothing to judge."""
        if self.median is None or not self.target:
            return None
        checks = []
        if self.limit is not None:
            checks.append(self.median < self.limit)
        if self.worst_limit is not None and self.worst is not None:
            checks.append(self.worst < self.worst_limit)
        if self.max_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        return all(checks)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(ratio=self.ratio, target=self.target, ok=self.ok)
        return data


def elapsed_ms(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def timed_pair(
    work: Callable[[], Any],
    baseline: Callable[[], Any] | None,
    repeat: int,
    min_seconds: float = 0.0,
    max_repeat: int = 2000,
) -> tuple[list[float], list[float]]:
    """Milliseconds of ``repeat`` runs of each, alternating, after one warm-up of each. With
    ``min_seconds``: more runs (at most ``max_repeat``) until all of them took that long, so that
    work of a tenth of a millisecond, whose single runs scatter by half on a shared machine, is timed
    hundreds of times and its median holds still (slow work keeps ``repeat`` runs)."""
    work()
    if baseline is not None:
        baseline()
    ours: list[float] = []
    theirs: list[float] = []
    spent = 0.0
    while len(ours) < repeat or (spent < min_seconds * 1000 and len(ours) < max_repeat):
        ours.append(elapsed_ms(work))
        spent += ours[-1]
        if baseline is not None:
            theirs.append(elapsed_ms(baseline))
            spent += theirs[-1]
    return ours, theirs


def figure_from(
    measure: str, ours: Sequence[float], theirs: Sequence[float], baseline: str, **targets: Any
) -> Figure:
    """A ``Figure`` from the samples of ``timed_pair``."""
    return Figure(
        measure,
        median=statistics.median(ours) if ours else None,
        worst=max(ours) if ours else None,
        baseline=baseline,
        baseline_median=statistics.median(theirs) if theirs else None,
        **targets,
    )


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 1:
        return f"{value:.2f} ms"
    return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"


def markdown_table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table (measure, median, worst, baseline, ratio, target, ok/!)."""
    lines = [
        "| measure | median | worst | baseline | ratio | target | ok |",
        "|---|---:|---:|---|---:|---|:-:|",
    ]
    for f in figures:
        if f.median is None:
            lines.append(f"| {f.measure} | — | — | {f.note or 'not measured'} | — | {f.target} | — |")
            continue
        base = f.baseline
        if f.baseline_median is not None:
            base = f"{base}: {_number(f.baseline_median, f.unit)}"
        ratio = f"{f.ratio:.1f}×" if f.ratio is not None else "—"
        ok = {True: "ok", False: "!", None: ""}[f.ok]
        note = f" ({f.note})" if f.note else ""
        lines.append(
            f"| {f.measure}{note} | {_number(f.median, f.unit)} | {_number(f.worst, f.unit)} | {base} "
            f"| {ratio} | {f.target} | {ok} |"
        )
    return "\n".join(lines)
