"""Read-only summaries of one record for the detail panes (title, fields, sections of lines)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DetailSection:
    heading: str
    lines: tuple[str, ...]
    empty_text: str = "—"


@dataclass(frozen=True)
class Detail:
    """What a detail pane shows: a title, label/value pairs and titled sections of lines."""

    title: str
    subtitle: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    sections: tuple[DetailSection, ...] = field(default_factory=tuple)
