"""Charts for the Word reports: matplotlib (Agg, no display) drawn to PNG bytes in memory.

Every function returns the PNG as ``bytes`` (never a temporary file), sized for 15 cm wide in the
document at 200 dpi, with Dutch labels in DejaVu Sans and the house colours of the template.
matplotlib is imported (and the Agg backend chosen) inside the functions, only when a report is
written: importing this module costs nothing. Charts carry no personal data: the labels are
streets, themes, organisations, months and rounds.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from wiec_desktop.services.formatting import MONTHS

WIDTH_CM = 15.0
DPI = 200
ACCENT = "#1F3B57"  # the template's dark blue
ACCENT_LIGHT = "#7B98B6"
MUTED = "#5A6B7D"
GRID = "#D5DBE3"
GOOD = "#2E7D4F"
WARN = "#C98A1B"
BAD = "#B42318"
NEUTRAL = "#A9B4C2"
FONT = "DejaVu Sans"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _figure(height_cm: float) -> tuple[Any, Any]:
    plt = _pyplot()
    rc = {
        "font.family": FONT,
        "font.size": 9,
        "axes.edgecolor": GRID,
        "axes.labelcolor": MUTED,
        "xtick.color": MUTED,
        "ytick.color": "#222222",
        "axes.titlesize": 10,
        "svg.hashsalt": "wiec",
    }
    with plt.rc_context(rc):
        figure, axes = plt.subplots(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    for name in ("top", "right"):
        axes.spines[name].set_visible(False)
    axes.set_axisbelow(True)
    return figure, axes


def _png(figure: Any) -> bytes:
    plt = _pyplot()
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def _font(size: float = 9) -> dict[str, Any]:
    return {"family": FONT, "size": size}


def _style_ticks(axes: Any) -> None:
    for label in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        label.set_fontfamily(FONT)
        label.set_fontsize(8.5)


def _bar_height(count: int) -> float:
    return max(4.0, min(18.0, 1.6 + 0.75 * count))


def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    xlabel: str,
    value_format: str = "{:.0f}",
    xlim: tuple[float, float] | None = None,
    colors: Sequence[str] | None = None,
) -> bytes:
    """One bar per label (top to bottom in the given order), the value printed at its end."""
    figure, axes = _figure(_bar_height(len(labels)))
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, values, color=list(colors) if colors else ACCENT, height=0.62)
    axes.set_yticks(positions, labels=[_short(label) for label in labels])
    axes.set_xlabel(xlabel, fontdict=_font())
    axes.xaxis.grid(True, color=GRID, linewidth=0.6)
    top = xlim[1] if xlim else max([*values, 1]) * 1.15
    axes.set_xlim(xlim[0] if xlim else 0, top)
    for bar, value in zip(bars, values, strict=True):
        axes.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            value_format.format(value).replace(".", ","),
            va="center",
            fontdict=_font(8),
            color="#222222",
        )
    _style_ticks(axes)
    return _png(figure)


def ratings_per_street(streets: Sequence[tuple[str, float]]) -> bytes:
    """Average rating (1–10) per street; bars coloured by level (lower than 6 red, 6–7 amber)."""
    colors = [BAD if avg < 6 else WARN if avg < 7 else GOOD for _name, avg in streets]
    return horizontal_bars(
        [name for name, _avg in streets],
        [avg for _name, avg in streets],
        xlabel="Gemiddeld rapportcijfer voor wonen in de buurt (1–10)",
        value_format="{:.1f}",
        xlim=(0, 10.8),
        colors=colors,
    )


def response_chart(parts: Sequence[tuple[str, int]]) -> bytes:
    """Addresses by outcome of their latest visit (Gesproken, Niet thuis, …, Niet bezocht)."""
    palette = [ACCENT, ACCENT_LIGHT, BAD, WARN, NEUTRAL]
    return horizontal_bars(
        [label for label, _n in parts],
        [n for _label, n in parts],
        xlabel="Aantal adressen",
        colors=[palette[i % len(palette)] for i in range(len(parts))],
    )


def counts_chart(items: Sequence[tuple[str, int]], xlabel: str) -> bytes:
    """Counts per label, most first (themes named, signals per theme)."""
    return horizontal_bars([label for label, _n in items], [n for _label, n in items], xlabel=xlabel)


def scorecard_chart(rows: Sequence[tuple[str, int, int, int, int]]) -> bytes:
    """Per organisation (name, done on time, done late, open and not overdue, overdue): stacked
    horizontal bars of its actions in the period."""
    figure, axes = _figure(_bar_height(len(rows)) + 1.2)
    positions = list(range(len(rows)))[::-1]
    left = [0.0] * len(rows)
    series = (
        ("Op tijd afgerond", GOOD, 1),
        ("Te laat afgerond", WARN, 2),
        ("Open, op schema", ACCENT_LIGHT, 3),
        ("Open, over de deadline", BAD, 4),
    )
    for label, color, index in series:
        values = [float(row[index]) for row in rows]
        axes.barh(positions, values, left=left, color=color, height=0.62, label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels=[_short(row[0]) for row in rows])
    axes.set_xlabel("Aantal acties", fontdict=_font())
    axes.xaxis.grid(True, color=GRID, linewidth=0.6)
    axes.set_xlim(0, max([*left, 1]) * 1.08)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(
        loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False, prop=_font(8),
    )  # fmt: skip
    _style_ticks(axes)
    return _png(figure)


def line_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    ylabel: str,
    ylim: tuple[float, float],
    value_format: str,
    counts: Sequence[int] | None = None,
    count_label: str = "",
) -> bytes:
    """Values over time (months or rounds) as a line with markers and the values printed;
    ``counts`` (optional) as light bars on a second axis. Missing values leave a gap."""
    figure, axes = _figure(7.0)
    x = list(range(len(labels)))
    if counts is not None:
        twin = axes.twinx()
        twin.bar(x, counts, color=GRID, width=0.55, zorder=0, label=count_label)
        twin.set_ylabel(count_label, fontdict=_font(8), color=MUTED)
        twin.set_ylim(0, max([*counts, 1]) * 2.4)
        twin.spines["top"].set_visible(False)
        twin.spines["right"].set_color(GRID)
        twin.tick_params(colors=MUTED, labelsize=8)
        twin.yaxis.get_major_locator().set_params(integer=True)
        axes.set_zorder(twin.get_zorder() + 1)
        axes.patch.set_visible(False)
    points = [(i, v) for i, v in zip(x, values, strict=True) if v is not None]
    if points:
        axes.plot(
            [p[0] for p in points], [p[1] for p in points], color=ACCENT, marker="o", linewidth=2,
            markersize=5,
        )  # fmt: skip
        span = ylim[1] - ylim[0]
        for i, value in points:
            axes.text(i, value + span * 0.04, value_format.format(value).replace(".", ","), ha="center",
                      fontdict=_font(8), color="#222222")  # fmt: skip
    axes.set_xticks(x, labels=[_short(label, 16) for label in labels])
    axes.set_xlim(-0.5, max(len(labels) - 0.5, 0.5))
    axes.set_ylim(*ylim)
    axes.set_ylabel(ylabel, fontdict=_font())
    axes.yaxis.grid(True, color=GRID, linewidth=0.6)
    if len(labels) > 6:
        for label in axes.get_xticklabels():
            label.set_rotation(35)
            label.set_horizontalalignment("right")
    _style_ticks(axes)
    return _png(figure)


def rating_trend_chart(rounds: Sequence[tuple[str, float | None, int]]) -> bytes:
    """Average rating per inventory round (name, average, visits rated)."""
    return line_chart(
        [name for name, _avg, _n in rounds],
        [avg for _name, avg, _n in rounds],
        ylabel="Gemiddeld rapportcijfer",
        ylim=(0, 10.5),
        value_format="{:.1f}",
        counts=[n for _name, _avg, n in rounds],
        count_label="Aantal cijfers",
    )


def signals_used_chart(months: Sequence[tuple[date, float | None, int]]) -> bytes:
    """Per month: the share of signals benut (line, %) and the number received (bars)."""
    return line_chart(
        [month_label(month) for month, _share, _n in months],
        [None if share is None else 100 * share for _month, share, _n in months],
        ylabel="Signalen benut (%)",
        ylim=(0, 112),
        value_format="{:.0f}%",
        counts=[n for _month, _share, n in months],
        count_label="Signalen ontvangen",
    )


def month_label(month: date) -> str:
    """ "nov 2026" (Dutch month abbreviations)."""
    return f"{MONTHS[month.month - 1][:3]} {month.year}"


def _short(text: str, limit: int = 26) -> str:
    """At most two lines of ``limit`` characters (the second cut off with "…")."""
    import textwrap

    parts = textwrap.wrap(text, limit) or [""]
    if len(parts) == 1:
        return parts[0]
    second = " ".join(parts[1:])
    return parts[0] + "\n" + (second if len(second) <= limit else second[: limit - 1] + "…")


__all__ = [
    "counts_chart",
    "horizontal_bars",
    "line_chart",
    "month_label",
    "rating_trend_chart",
    "ratings_per_street",
    "response_chart",
    "scorecard_chart",
    "signals_used_chart",
]
