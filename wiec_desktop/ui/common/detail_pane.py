"""The read-only summary of the selected record, to the right of every list."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from wiec_desktop.services.listing.details import Detail

_WARNING_PREFIXES = ("Let op", "Achterstallig")
_STYLE = """
h2 { margin: 0 0 2px 0; }
p.subtitle { color: #555; margin: 0 0 10px 0; }
p.warning { color: #b42318; font-weight: bold; margin: 0 0 10px 0; }
p.hint { color: #666; }
td.label { color: #555; padding: 2px 14px 2px 0; }
td.value { padding: 2px 0; }
h3 { margin: 14px 0 4px 0; }
p.empty { color: #777; margin: 0; }
ul { margin: 0 0 0 -20px; }
li { margin-bottom: 3px; }
"""


class DetailPane(QWidget):
    """Shows a ``Detail``: title, subtitle, fields and sections; text can be selected and copied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: Detail | None = None
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("detailBrowser")
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultStyleSheet(_STYLE)
        self.browser.document().setDocumentMargin(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.clear()

    @property
    def title(self) -> str:
        """The title now shown ('' when no record is shown)."""
        return self.detail.title if self.detail else ""

    def clear(self, message: str | None = None) -> None:
        self.detail = None
        text = message or self.tr("Kies een regel in de lijst om hier de gegevens te zien.")
        self.browser.setHtml(f'<p class="hint">{escape(text)}</p>')

    def show_detail(self, detail: Detail) -> None:
        self.detail = detail
        self.browser.setHtml(render_html(detail))
        self.browser.verticalScrollBar().setValue(0)


def render_html(detail: Detail) -> str:
    """The detail as simple HTML that QTextBrowser renders well."""
    parts = [f"<h2>{escape(detail.title)}</h2>"]
    if detail.subtitle:
        warning = detail.subtitle.startswith(_WARNING_PREFIXES)
        parts.append(f'<p class="{"warning" if warning else "subtitle"}">{escape(detail.subtitle)}</p>')
    fields = [(label, value) for label, value in detail.fields if value]
    if fields:
        rows = "".join(
            f'<tr><td class="label">{escape(label)}</td><td class="value">{_lines(value)}</td></tr>'
            for label, value in fields
        )
        parts.append(f"<table cellspacing='0'>{rows}</table>")
    for section in detail.sections:
        parts.append(f"<h3>{escape(section.heading)}</h3>")
        if section.lines:
            items = "".join(f"<li>{_lines(line)}</li>" for line in section.lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f'<p class="empty">{escape(section.empty_text)}</p>')
    return "".join(parts)


def _lines(text: str) -> str:
    return "<br>".join(escape(part) for part in text.splitlines())
