"""The inventory report (inventarisatierapport) of a round of house visits as a Word document.

Written on the shipped template (or a chair's own ``.docx``) with ``DocumentWriter``: its styles,
never direct formatting. Sections (Heading 1, in this order): Methode, Respons, Waardering per
straat, Meest genoemde thema's en problemen, Ideeën van bewoners, Bereidheid om mee te doen, and
Aanbevelingen only when the chair wrote some; charts (matplotlib PNGs from memory) 15 cm wide with
a Dutch alt text; the footer with "Pagina X van Y". The data (``InventoryReportData``) holds no
resident names, phone numbers or house numbers, and nothing here adds any: streets, themes and
counts only, and no average over fewer than ``min_ratings`` ratings (the report says so).

The themes chart counts conversations (a theme ticked in a conversation counts once), the problems
table counts problems noted (a signal made at the door, or a conversation's problems text); the
caption and the text above each say which. Column widths hold every header word on one line at the
template's table font (``exports/docx/fit``), so that no header breaks inside a word.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject

from wiec_desktop.exports.docx.fit import TableMetrics, table_metrics
from wiec_desktop.exports.docx.writer import (
    DocumentWriter,
    Note,
    atomic_save,
    mark_internal,
    set_core_properties,
)
from wiec_desktop.services.formatting import counted, decimal, join_dutch, long_date, percent, period
from wiec_desktop.services.reports.report_data import InventoryReportData

HEADINGS = (
    "Methode",
    "Respons",
    "Waardering per straat",
    "Meest genoemde thema's en problemen",
    "Ideeën van bewoners",
    "Bereidheid om mee te doen",
    "Aanbevelingen",
)
DETAIL_WIDTHS_CM = (4.2, 12.4)
RESPONSE_HEADERS = ("Uitkomst (laatste bezoek per adres)", "Adressen", "Aandeel")
RESPONSE_WIDTHS_CM = (9.6, 3.5, 3.5)
# The street's buurt is the street cell's second line: seven columns left the five numbers too
# narrow for their headers ("Adresse/n", "Gemiddel/d").
STREET_HEADERS = ("Straat (buurt)", "Adressen", "Bezocht", "Gesproken", "Cijfers", "Gemiddeld")
STREET_WIDTHS_CM = (5.0, 2.2, 2.5, 2.4, 2.0, 2.5)
VISITED_SAMPLE = "000 (100%)"  # the widest "Bezocht" cell
PROBLEM_HEADERS = ("Thema", "Problemen", "Wat bewoners zeggen (geanonimiseerd)")
PROBLEM_WIDTHS_CM = (3.4, 2.4, 10.8)
WILLING_HEADERS = ("Bereidheid", "Bewoners", "Van de gesprekken")
WILLING_WIDTHS_CM = (9.6, 3.5, 3.5)


# --- the inventory report ---------------------------------------------------------------------------


def build_inventory_document(data: InventoryReportData, template: Path | str | None = None) -> DocumentObject:
    """The inventory report as a python-docx Document (not saved). ``TemplateError`` for an
    unusable template."""
    writer = DocumentWriter(template)
    area = join_dutch(data.areas)
    writer.paragraph("Inventarisatierapport", writer.title)
    subtitle = " · ".join(part for part in (data.round_name, area) if part)
    writer.paragraph(subtitle or "Huisbezoeken in de wijk", writer.subtitle)
    response = data.response
    metrics = table_metrics(writer.document, writer.table_style)
    writer.details(
        DETAIL_WIDTHS_CM,
        [
            ("Ronde", data.round_name or "Alle huisbezoeken"),
            ("Periode", period(data.round_start, data.round_end) if data.round_name else "—"),
            ("Gebied", area or "—"),
            (
                "Huisbezoeken",
                f"{counted(data.visits, 'bezoek', 'bezoeken')} op {counted(data.visit_days, 'dag', 'dagen')}",
            ),
            ("Respons", f"{response.visited} van {response.addresses} adressen bezocht "
                        f"({percent(response.share(response.visited))}), {response.spoken} gesprekken"),
            ("Gemiddeld cijfer", _average_text(data.average_rating, data.ratings)),
            ("Stand per", long_date(data.as_of)),
        ],
    )  # fmt: skip

    _method(writer, data)
    _response(writer, data, metrics)
    _streets(writer, data, metrics)
    _themes(writer, data, metrics)
    _ideas(writer, data)
    _willingness(writer, data, metrics)
    if data.recommendations.strip():  # no placeholder: without recommendations the section is left out
        writer.paragraph(HEADINGS[6], writer.heading1)
        writer.text_block(data.recommendations)

    title = data.title
    writer.decorate([title], concept=False)
    set_core_properties(writer.document, title, f"Inventarisatie {area}".strip())
    return writer.document


def write_inventory_docx(
    data: InventoryReportData,
    target: Path | str,
    template: Path | str | None = None,
    *,
    internal: bool = False,
    password: str | None = None,
) -> Path:
    """Write the inventory report to ``target`` (.docx), replacing it only with a complete file.
    ``template``: a chair's own .docx (None: the shipped house style); ``internal``: the intern
    variant, marked on every page; ``password``: encrypt the file with it."""
    document = build_inventory_document(data, template)
    if internal:
        mark_internal(document)
    target = Path(target)
    atomic_save(document, target, password)
    return target


def _method(writer: DocumentWriter, data: InventoryReportData) -> None:
    writer.paragraph(HEADINGS[0], writer.heading1)
    when = period(data.first_visit, data.last_visit) if data.first_visit else "deze ronde"
    writer.paragraph(
        "De onafhankelijk voorzitter heeft, samen met partners uit de wijk zoals de wijkagent, "
        f"bewoners aan de deur bezocht: {data.visits} huisbezoeken op {data.visit_days} dagen, van "
        f"{when}. Elk adres in het gebied kan worden bezocht; wie niet thuis is of later terug wil "
        "komen, krijgt een nieuw bezoek."
    )
    writer.paragraph(
        "In een gesprek geven bewoners een rapportcijfer van 1 tot 10 voor het wonen in de buurt, "
        "noemen zij de thema's die spelen, de problemen die zij ervaren en hun ideeën, en geven zij "
        "aan of zij willen meedoen. Problemen worden als signaal vastgelegd en opgepakt in het "
        "casuïstiekoverleg."
    )
    writer.note(
        "Privacy: dit rapport bevat geen namen, telefoonnummers of huisnummers van bewoners. "
        "Citaten zijn geanonimiseerd; weggelaten gegevens staan als […]. Cijfers per straat "
        "zijn gemiddelden over alle gesprekken in die straat. "
        f"{min_ratings_note(data.min_ratings)}"
    )


def min_ratings_note(minimum: int) -> str:
    """The sentence that says averages are left out below ``minimum`` ratings, and why."""
    return (
        f"Gemiddelden alleen bij ten minste {minimum} beoordelingen: een gemiddelde over minder "
        "cijfers kan het cijfer van één bewoner zijn en staat er daarom niet (—)."
    )


def _average_text(average: float | None, ratings: int) -> str:
    """ "6,2 (27 cijfers)", or "— (3 cijfers)" when the average is left out."""
    return f"{decimal(average)} ({counted(ratings, 'cijfer', 'cijfers')})"


def _response(writer: DocumentWriter, data: InventoryReportData, metrics: TableMetrics) -> None:
    writer.paragraph(HEADINGS[1], writer.heading1)
    r = data.response
    if not r.addresses:
        writer.paragraph("Er zijn nog geen adressen vastgelegd.")
        return
    writer.paragraph(
        f"Van de {r.addresses} adressen in het gebied zijn er {r.visited} bezocht "
        f"({percent(r.share(r.visited))}). Met de bewoners van {r.spoken} adressen is gesproken "
        f"({percent(r.share(r.spoken, r.visited))} van de bezochte adressen); {r.not_home} keer was "
        f"niemand thuis, {r.refused} keer wilde men niet meedoen en {r.come_back} keer is "
        "afgesproken later terug te komen."
    )
    parts = [
        ("Gesproken", r.spoken),
        ("Niet thuis", r.not_home),
        ("Geweigerd", r.refused),
        ("Terugkomen", r.come_back),
        ("Niet bezocht", r.not_visited),
    ]
    writer.keep_with_next(writer.note("Adressen naar de uitkomst van hun laatste bezoek in deze ronde."))
    table = writer.table(
        metrics.fitted(RESPONSE_WIDTHS_CM, RESPONSE_HEADERS),
        RESPONSE_HEADERS,
        [*((label, str(n), percent(r.share(n))) for label, n in parts), ("Totaal", str(r.addresses), "100%")],
    )
    writer.bold_last_row(table)
    from wiec_desktop.exports.docx import charts as report_charts

    writer.chart(
        lambda: report_charts.response_chart(parts),
        "Staafdiagram: aantal adressen per uitkomst van het huisbezoek.",
        "Figuur 1. Respons: adressen naar uitkomst van het laatste bezoek.",
    )


def _streets(writer: DocumentWriter, data: InventoryReportData, metrics: TableMetrics) -> None:
    writer.paragraph(HEADINGS[2], writer.heading1)
    if not data.streets:
        writer.paragraph("Er zijn nog geen straten met adressen.")
        return
    if data.average_rating is not None:
        overall = (
            f"Over alle gesprekken samen is het gemiddelde {decimal(data.average_rating)} "
            f"({counted(data.ratings, 'cijfer', 'cijfers')})."
        )
    else:
        overall = f"Over alle gesprekken samen zijn {counted(data.ratings, 'cijfer', 'cijfers')} gegeven."
    writer.paragraph(
        "Per straat (met de buurt eronder): hoeveel adressen er zijn, hoeveel daarvan bezocht zijn, "
        "met hoeveel bewoners is gesproken, hoeveel van hen een rapportcijfer gaven voor het wonen "
        f"in de buurt en het gemiddelde daarvan. {overall}"
    )
    writer.keep_with_next(writer.note(min_ratings_note(data.min_ratings)))
    rows = [
        (
            [s.street, Note(s.area or "—")],
            str(s.addresses),
            f"{s.visited} ({round(s.percent_visited)}%)",
            str(s.spoken),
            str(s.ratings),
            decimal(s.average),
        )
        for s in data.streets
    ]
    widths = metrics.fitted(STREET_WIDTHS_CM, STREET_HEADERS, texts=[(), (), (VISITED_SAMPLE,)])
    writer.table(widths, STREET_HEADERS, rows)  # type: ignore[arg-type]
    rated = [(s.street, s.average) for s in data.streets if s.average is not None]
    if rated:
        from wiec_desktop.exports.docx import charts as report_charts

        writer.chart(
            lambda: report_charts.ratings_per_street(rated),  # type: ignore[arg-type]
            "Staafdiagram: gemiddeld rapportcijfer per straat, van 1 tot 10.",
            f"Figuur 2. Gemiddeld rapportcijfer per straat met ten minste {data.min_ratings} cijfers "
            "(rood: lager dan 6, oranje: 6 tot 7).",
        )


def _themes(writer: DocumentWriter, data: InventoryReportData, metrics: TableMetrics) -> None:
    writer.paragraph(HEADINGS[3], writer.heading1)
    if data.themes:
        top = join_dutch([name for name, _n in data.themes[:3]])
        writer.keep_with_next(writer.paragraph(f"De thema's die bewoners het vaakst noemden: {top}."))
        from wiec_desktop.exports.docx import charts as report_charts

        writer.chart(
            lambda: report_charts.counts_chart(
                list(data.themes), "Aantal gesprekken waarin het thema werd genoemd"
            ),
            "Staafdiagram: in hoeveel gesprekken elk thema werd genoemd.",
            "Figuur 3. Meest genoemde thema's: het aantal gesprekken aan de deur waarin het thema is "
            "aangekruist (een gesprek telt per thema één keer).",
        )
    else:
        writer.paragraph("In de gesprekken zijn (nog) geen thema's aangekruist.")
    writer.paragraph("Problemen", writer.heading2)
    if not data.problems:
        writer.paragraph("Er zijn geen problemen genoteerd.")
        return
    writer.paragraph(
        "De problemen die bewoners noemden, naar thema, met enkele uitspraken in hun eigen woorden. "
        "Deze tabel telt problemen, niet gesprekken zoals figuur 3: elke melding die uit een "
        "huisbezoek is gemaakt telt één keer onder het thema van die melding, en een probleem dat in "
        "een gesprek zonder melding is genoteerd telt onder elk thema dat in dat gesprek is "
        "aangekruist (zonder thema onder “Geen thema”)."
    )
    rows = [
        (p.theme, str(p.count), [Note(f"“{quote}”") for quote in p.quotes] or [Note("—")])
        for p in data.problems
    ]
    widths = metrics.fitted(PROBLEM_WIDTHS_CM, PROBLEM_HEADERS, flexible=2)
    writer.table(widths, PROBLEM_HEADERS, rows)  # type: ignore[arg-type]


def _ideas(writer: DocumentWriter, data: InventoryReportData) -> None:
    writer.paragraph(HEADINGS[4], writer.heading1)
    if not data.ideas:
        writer.paragraph("Er zijn geen ideeën genoteerd.")
        return
    writer.paragraph(
        "Wat bewoners zelf voorstellen (geanonimiseerd; tussen haakjes hoe vaak het werd genoemd):"
    )
    writer.bullets(f"{idea.text} ({idea.count}×)" if idea.count > 1 else idea.text for idea in data.ideas)


def _willingness(writer: DocumentWriter, data: InventoryReportData, metrics: TableMetrics) -> None:
    writer.paragraph(HEADINGS[5], writer.heading1)
    w = data.willingness
    if not w.spoken:
        writer.paragraph("Er zijn nog geen gesprekken gevoerd.")
        return
    writer.paragraph(
        f"Van de {w.spoken} bewoners met wie is gesproken, willen er {w.wants_to_participate} "
        f"meedoen aan activiteiten of overleg in de buurt en mogen er {w.may_be_contacted} "
        "opnieuw worden benaderd."
    )

    def share(n: int) -> str:
        return percent(n / w.spoken)

    writer.table(
        metrics.fitted(WILLING_WIDTHS_CM, WILLING_HEADERS),
        WILLING_HEADERS,
        [
            ("Gesprekken", str(w.spoken), "100%"),
            ("Wil meedoen", str(w.wants_to_participate), share(w.wants_to_participate)),
            ("Mag opnieuw worden benaderd", str(w.may_be_contacted), share(w.may_be_contacted)),
        ],
    )
    writer.note(
        "Namen en contactgegevens van deze bewoners staan alleen in WIEC Desktop, met hun "
        "toestemming, en niet in dit rapport."
    )


__all__ = [
    "DETAIL_WIDTHS_CM",
    "HEADINGS",
    "PROBLEM_HEADERS",
    "STREET_HEADERS",
    "build_inventory_document",
    "min_ratings_note",
    "write_inventory_docx",
]
