"""The progress report (voortgangsrapportage) of a period as a Word document.

On the shipped template (or a chair's own ``.docx``), in its styles. Sections (Heading 1, in this
order): Casussen, Acties per organisatie (the partner scorecard: open, overdue, done and the share
done on time per organisation, with a totals row), Aandacht van management nodig (the escalated open
actions with their deadline history; only when there are any), Signalen (per theme), Signalen benut (share
per month), Waardering door de tijd (average rating per inventory round); charts 15 cm wide; the
footer with "Pagina X van Y". Organisations, themes, months and rounds only: no personal data.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject

from wiec_desktop.exports.docx.inventory import DETAIL_WIDTHS_CM
from wiec_desktop.exports.docx.writer import DocumentWriter, atomic_save, mark_internal, set_core_properties
from wiec_desktop.services.formatting import (
    counted,
    decimal,
    join_dutch,
    long_date,
    percent,
    period,
    short_date,
)
from wiec_desktop.services.reports.report_data import ProgressReportData, ScoreLine

HEADINGS = (
    "Casussen",
    "Acties per organisatie",
    "Signalen",
    "Signalen benut",
    "Waardering door de tijd",
)
CASE_HEADERS = ("In de periode", "Casussen")
CASE_WIDTHS_CM = (12.6, 4.0)
STATUS_HEADERS = ("Status (vandaag)", "Casussen")
SCORE_HEADERS = ("Organisatie", "Open", "Waarvan te laat", "Afgerond", "Op tijd", "% op tijd", "Vervallen")
SCORE_WIDTHS_CM = (4.6, 1.6, 2.2, 2.1, 1.8, 2.0, 2.3)  # "Afgerond", "Vervallen" on one line
THEME_HEADERS = ("Thema", "Signalen", "Aandeel")
THEME_WIDTHS_CM = (10.0, 3.3, 3.3)
USE_HEADERS = ("Maand", "Ontvangen", "Gekoppeld", "Gesloten met reden", "Nog open", "Benut")
USE_WIDTHS_CM = (3.0, 2.5, 2.4, 3.5, 2.6, 2.6)  # "Ontvangen" on one line
# issue 15: after "Acties per organisatie", only when there are escalated actions
ATTENTION_HEADING = "Aandacht van management nodig"
ATTENTION_HEADERS = ("Actie", "Organisatie", "Omschrijving", "Reden", "Deadlines")
ATTENTION_WIDTHS_CM = (2.4, 3.8, 4.4, 3.3, 2.7)  # "Bewonersvereniging" on one line (F6)
TREND_HEADERS = ("Ronde", "Start", "Bezoeken", "Cijfers", "Gemiddeld")
TREND_WIDTHS_CM = (5.6, 2.9, 2.7, 2.7, 2.7)


def build_progress_document(data: ProgressReportData, template: Path | str | None = None) -> DocumentObject:
    """The progress report as a python-docx Document (not saved). ``TemplateError`` for an
    unusable template."""
    writer = DocumentWriter(template)
    when = period(data.start, data.end)
    writer.paragraph("Voortgangsrapportage", writer.title)
    writer.paragraph(" · ".join(part for part in (data.assignment, when) if part), writer.subtitle)
    rows = [("Periode", when)]
    if data.assignment:
        rows.append(("Opdracht", data.assignment))
    if data.client:
        rows.append(("Opdrachtgever", data.client))
    if data.areas:
        rows.append(("Gebied", join_dutch(data.areas)))
    rows += [
        ("Kort", _summary(data)),
        ("Stand per", long_date(data.as_of)),
    ]
    writer.details(DETAIL_WIDTHS_CM, rows)

    _cases(writer, data)
    _scorecard(writer, data)
    _attention(writer, data)
    _signals(writer, data)
    _signals_used(writer, data)
    _trend(writer, data)

    title = f"Voortgangsrapportage {short_date(data.start)} t/m {short_date(data.end)}"
    writer.decorate([title], concept=False)
    set_core_properties(writer.document, title, data.assignment or "Voortgangsrapportage")
    return writer.document


def write_progress_docx(
    data: ProgressReportData,
    target: Path | str,
    template: Path | str | None = None,
    *,
    internal: bool = False,
    password: str | None = None,
) -> Path:
    """Write the progress report to ``target`` (.docx), replacing it only with a complete file.
    ``template``: a chair's own .docx (None: the shipped house style); ``internal``: the intern
    variant, marked on every page; ``password``: encrypt the file with it."""
    document = build_progress_document(data, template)
    if internal:
        mark_internal(document)
    target = Path(target)
    atomic_save(document, target, password)
    return target


def _summary(data: ProgressReportData) -> str:
    total = data.actions_total
    return (
        f"{counted(data.cases.opened, 'casus', 'casussen')} geopend, {data.cases.closed} afgesloten; "
        f"{counted(total.done, 'actie', 'acties')} afgerond ({percent(total.share_on_time)} op tijd), "
        f"{total.overdue} over de deadline; {counted(data.signals_received, 'signaal', 'signalen')}, "
        f"{percent(data.signal_use.share)} benut"
    )


def _cases(writer: DocumentWriter, data: ProgressReportData) -> None:
    writer.paragraph(HEADINGS[0], writer.heading1)
    c = data.cases
    writer.paragraph(
        f"In deze periode {'is' if c.opened == 1 else 'zijn'} {counted(c.opened, 'casus', 'casussen')} "
        f"geopend en {c.closed} afgesloten; aan het eind "
        f"van de periode liepen er {c.running}."
    )
    writer.table(
        CASE_WIDTHS_CM,
        CASE_HEADERS,
        [
            ("Geopend", str(c.opened)),
            ("Afgesloten", str(c.closed)),
            ("Lopend aan het eind van de periode", str(c.running)),
        ],
    )
    if data.cases_by_status:
        writer.paragraph("Alle casussen naar status", writer.heading2)
        table = writer.table(
            CASE_WIDTHS_CM,
            STATUS_HEADERS,
            [*((label, str(n)) for label, n in data.cases_by_status),
             ("Totaal", str(sum(n for _label, n in data.cases_by_status)))],
        )  # fmt: skip
        writer.bold_last_row(table)


def _score_row(line: ScoreLine) -> tuple[str, ...]:
    return (
        line.organisation,
        str(line.open),
        str(line.overdue),
        str(line.done),
        str(line.done_on_time),
        percent(line.share_on_time),
        str(line.cancelled),
    )


def _scorecard(writer: DocumentWriter, data: ProgressReportData) -> None:
    writer.paragraph(HEADINGS[1], writer.heading1)
    if not data.scorecard:
        writer.paragraph("In deze periode zijn geen acties gemaakt.")
        return
    total = data.actions_total
    writer.paragraph(
        f"De acties die in deze periode zijn afgesproken, per organisatie die ze uitvoert: {total.done} "
        f"zijn afgerond, waarvan {total.done_on_time} op tijd ({percent(total.share_on_time)}); "
        f"{total.open} staan nog open, waarvan {total.overdue} over de deadline."
    )
    writer.keep_with_next(
        writer.note(
            "Op tijd: afgerond op of voor de deadline (of zonder deadline). % op tijd: het aandeel "
            "van de afgeronde acties dat op tijd was. Open: nog open of in behandeling."
        )
    )
    table = writer.table(
        SCORE_WIDTHS_CM, SCORE_HEADERS, [*(_score_row(line) for line in data.scorecard), _score_row(total)]
    )
    writer.bold_last_row(table)
    from wiec_desktop.exports.docx import charts as report_charts

    bars = [
        (x.organisation, x.done_on_time, x.done - x.done_on_time, x.open - x.overdue, x.overdue)
        for x in data.scorecard
        if x.open or x.done
    ]
    if bars:
        writer.chart(
            lambda: report_charts.scorecard_chart(bars),
            "Gestapeld staafdiagram: per organisatie de acties op tijd afgerond, te laat afgerond, "
            "open op schema en open over de deadline.",
            "Figuur 1. Acties per organisatie in deze periode.",
        )


def _attention(writer: DocumentWriter, data: ProgressReportData) -> None:
    """The open actions that keep slipping, with the deadlines they had; left out when none."""
    if not data.attention:
        return
    writer.paragraph(ATTENTION_HEADING, writer.heading1)
    moves, weeks = data.escalate_after
    writer.paragraph(
        f"{counted(len(data.attention), 'open actie vraagt', 'open acties vragen')} aandacht van het "
        f"management: de deadline is {moves} keer of vaker verschoven, of de actie is meer dan "
        f"{counted(weeks, 'week', 'weken')} over de deadline (stand per {long_date(data.as_of)})."
    )
    writer.keep_with_next(
        writer.note("Deadlines: de deadlines die de actie achtereenvolgens had, de huidige onderaan.")
    )
    writer.table(
        ATTENTION_WIDTHS_CM,
        ATTENTION_HEADERS,
        [
            (
                line.reference,
                line.organisation,
                line.description,
                line.reason,
                [short_date(day) for day in line.history] or "—",
            )
            for line in data.attention
        ],
    )


def _signals(writer: DocumentWriter, data: ProgressReportData) -> None:
    writer.paragraph(HEADINGS[2], writer.heading1)
    if not data.signals_by_theme:
        writer.paragraph("In deze periode zijn geen signalen binnengekomen.")
        return
    total = sum(n for _theme, n in data.signals_by_theme)
    top = join_dutch([theme for theme, _n in data.signals_by_theme[:3]])
    came = "kwam" if total == 1 else "kwamen"
    writer.paragraph(
        f"In deze periode {came} {counted(total, 'signaal', 'signalen')} uit de wijk binnen, "
        f"het meest over {top}."
    )
    table = writer.table(
        THEME_WIDTHS_CM,
        THEME_HEADERS,
        [
            *((theme, str(n), percent(n / total)) for theme, n in data.signals_by_theme),
            ("Totaal", str(total), "100%"),
        ],
    )
    writer.bold_last_row(table)
    from wiec_desktop.exports.docx import charts as report_charts

    writer.chart(
        lambda: report_charts.counts_chart(list(data.signals_by_theme), "Aantal signalen"),
        "Staafdiagram: aantal signalen per thema in deze periode.",
        "Figuur 2. Signalen per thema.",
    )


def _signals_used(writer: DocumentWriter, data: ProgressReportData) -> None:
    writer.paragraph(HEADINGS[3], writer.heading1)
    u = data.signal_use
    writer.paragraph(
        f"Van de {u.received} signalen uit deze periode leidden er {u.linked} tot (een bijdrage aan) "
        f"een casus en zijn er {u.closed_with_reason} met een reden afgesloten: {percent(u.share)} is "
        f"benut. {u.untriaged} signalen zijn nog niet beoordeeld"
        + (f", waarvan {u.stale} langer dan 14 dagen." if u.stale else ".")
    )
    months = [m for m in data.signal_use_per_month if m.use.received]
    if not months:
        return
    writer.keep_with_next(writer.note("Benut: gekoppeld aan een casus of met een reden afgesloten."))
    writer.table(
        USE_WIDTHS_CM,
        USE_HEADERS,
        [
            (
                _month(m.month),
                str(m.use.received),
                str(m.use.linked),
                str(m.use.closed_with_reason),
                str(m.use.untriaged),
                percent(m.use.share),
            )
            for m in months
        ],
    )
    from wiec_desktop.exports.docx import charts as report_charts

    points = [(m.month, m.use.share, m.use.received) for m in data.signal_use_per_month]
    writer.chart(
        lambda: report_charts.signals_used_chart(points),
        "Lijndiagram: het percentage benutte signalen per maand, met het aantal ontvangen "
        "signalen als staven.",
        "Figuur 3. Signalen benut per maand (lijn) en signalen ontvangen (staven).",
    )


def _trend(writer: DocumentWriter, data: ProgressReportData) -> None:
    writer.paragraph(HEADINGS[4], writer.heading1)
    rounds = data.rating_trend
    if not rounds:
        writer.paragraph("Er zijn nog geen inventarisatierondes met rapportcijfers.")
        return
    rated = [r for r in rounds if r.average is not None]
    if len(rated) >= 2:
        first, last = rated[0], rated[-1]
        change = round(last.average, 1) - round(first.average, 1)  # type: ignore[arg-type]
        direction = "gestegen" if change > 0.05 else "gedaald" if change < -0.05 else "gelijk gebleven"
        writer.paragraph(
            f"Het gemiddelde rapportcijfer dat bewoners geven voor het wonen in de buurt is van "
            f"{decimal(first.average)} ({first.name}) naar {decimal(last.average)} ({last.name}) {direction}."
        )
    else:
        writer.paragraph(
            "Het gemiddelde rapportcijfer dat bewoners geven voor het wonen in de buurt, per ronde."
        )
    writer.table(
        TREND_WIDTHS_CM,
        TREND_HEADERS,
        [(r.name, short_date(r.start_date), str(r.visits), str(r.rated), decimal(r.average)) for r in rounds],
    )
    from wiec_desktop.exports.docx import charts as report_charts

    points = [(r.name, r.average, r.rated) for r in rounds]
    writer.chart(
        lambda: report_charts.rating_trend_chart(points),
        "Lijndiagram: gemiddeld rapportcijfer per inventarisatieronde.",
        "Figuur 4. Gemiddeld rapportcijfer per ronde.",
    )


def _month(month: object) -> str:
    from wiec_desktop.services.formatting import MONTHS

    return f"{MONTHS[month.month - 1]} {month.year}"  # type: ignore[attr-defined]


__all__ = ["ATTENTION_HEADING", "HEADINGS", "build_progress_document", "write_progress_docx"]
