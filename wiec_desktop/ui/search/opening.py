"""Opening a search hit in the window: the section of its kind, then the page reveals the record."""

from __future__ import annotations

from typing import Protocol

from wiec_desktop.services.search.model import SearchHit, SearchKind

SECTION_OF_KIND: dict[SearchKind, str] = {
    SearchKind.CASE: "cases",
    SearchKind.MEETING: "meetings",
    SearchKind.MINUTES: "meetings",
    SearchKind.DECISION: "meetings",
    SearchKind.ACTION: "actions",
    SearchKind.SIGNAL: "signals",
    SearchKind.HOUSE_VISIT: "signals",
    SearchKind.ORGANISATION: "partners",
    SearchKind.CONTACT: "partners",
}


class Shell(Protocol):
    """What opening needs of the main window (only these two calls: its pages are built lazily)."""

    def show_section(self, number: int) -> None: ...

    def current_page(self) -> object: ...


def section_number(kind: SearchKind) -> int:
    """The sidebar position of the section that shows records of ``kind``."""
    from wiec_desktop.ui.shell.sections import SECTIONS

    key = SECTION_OF_KIND[kind]
    return next(number for number, section in enumerate(SECTIONS) if section.key == key)


def open_hit(window: Shell, hit: SearchHit) -> bool:
    """Show ``hit`` in its page: the record selected with its details (a meeting's item for minutes
    and decisions). True when the page cleared filters that hid it."""
    window.show_section(section_number(hit.kind))
    page = window.current_page()
    return bool(page.reveal(hit.kind, hit.record_id, hit))  # type: ignore[attr-defined]
