"""Nothing personal leaves unless chosen: every document for policymakers (minutes, agenda, action
list, matrix, inventory and progress reports, the report e-mail and the .ics) holds none of a set of
residents' names, phones, e-mail addresses, house numbers and postcodes planted in the demo
database — known residents and names only in free text — in any XML part; the intern variant holds
them, is marked "Vertrouwelijk – intern" and says so in its file name; professionals keep their
names in both; metadata names nobody; a password keeps a file closed."""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from tests.services.privacy.deduce_cache import use_test_cache
from wiec_desktop.domain import AgendaItem, Meeting
from wiec_desktop.domain.actions import Action
from wiec_desktop.domain.audit import AuditEvent
from wiec_desktop.domain.cases import Case
from wiec_desktop.domain.enums import ActionStatus, MeetingStatus, TermDecision, VisitOutcome
from wiec_desktop.domain.inventory import Address, HouseVisit, InventoryRound, Resident
from wiec_desktop.domain.meetings import Decision
from wiec_desktop.domain.organisations import Contact, Organisation, Theme
from wiec_desktop.exports import documents
from wiec_desktop.exports.protection import decrypt, is_protected
from wiec_desktop.services.actions.action_list import ActionListScope
from wiec_desktop.services.mail.message import draft_bytes
from wiec_desktop.services.privacy.redaction import INTERNAL_FILE_SUFFIX, INTERNAL_MARK, Audience
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

FREE_TEXT = (
    "Buurman Piet Jansen klaagt over de overlast; Mevrouw Jansen-de Boer bevestigt het en meneer "
    "O'Brien ook. Emine Sitaldin (Ruinenlaan 39, 2573 XK, 06-27254302, emine@example.nl) vraagt om hulp."
)
PLANTED = (
    "Emine",
    "Sitaldin",
    "Piet Jansen",
    "Jansen-de Boer",
    "O'Brien",
    "06-27254302",
    "27254302",
    "emine@example.nl",
    "Ruinenlaan 39",
    "2573 XK",
)
PROFESSIONAL = "Wijkagent Karel Ploeg"  # a contact of a partner organisation: keeps the name
PASSWORD = "zomer-2026-blauw"


@pytest.fixture(scope="module", autouse=True)
def lookup_ready() -> None:
    """deduce's lookup tables from the tests' stable cache (built once per machine)."""
    use_test_cache()


@dataclass(frozen=True)
class Planted:
    held: int
    planned: int
    professional: str


def plant(database: Database) -> Planted:
    """The planted residents and free text in the demo database."""
    with database.session_factory.begin() as session:
        held = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.HELD)).first()
        planned = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.PLANNED)).first()
        assert held is not None and planned is not None
        address = Address(street="Ruinenlaan", number=39, addition="", postcode="2573 XK")
        session.add(address)
        session.flush()
        session.add(
            Resident(address_id=address.id, name="Emine Sitaldin", phone="06-27254302", consent_on=DEMO_TODAY)
        )
        organisation = session.scalars(select(Organisation)).first()
        assert organisation is not None
        contact = Contact(organisation_id=organisation.id, name=PROFESSIONAL, email="k.ploeg@politie.example")
        session.add(contact)
        session.flush()
        item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == held.id)).first()
        assert item is not None
        item.minutes = f"{FREE_TEXT} {PROFESSIONAL} neemt het op."
        session.add(Decision(agenda_item_id=item.id, position=9, text=f"{PROFESSIONAL} belt Emine Sitaldin."))
        session.add(
            Action(
                year=2026,
                number=901,
                description=f"Bezoek aan Emine Sitaldin, Ruinenlaan 39 (06-27254302). {FREE_TEXT}",
                meeting_id=held.id,
                agenda_item_id=item.id,
                owner_organisation_id=organisation.id,
                owner_contact_id=contact.id,
                created_on=held.date,
                due_date=date(2026, 12, 1),
                status=ActionStatus.OPEN,
            )
        )
        planned.location = "Buurthuis, naast Ruinenlaan 39"
        planned_item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == planned.id)).first()
        assert planned_item is not None
        planned_item.title = "Overlast rond Emine Sitaldin en meneer O'Brien"
        planned_item.presenter = PROFESSIONAL
        case = session.scalars(select(Case)).first()
        assert case is not None
        case.location = "Ruinenlaan 39, 2573 XK"
        case.title = "Overlast bij Emine Sitaldin"
        case.description = FREE_TEXT
        latest = session.scalars(select(InventoryRound).order_by(InventoryRound.start_date.desc())).first()
        theme = session.scalars(select(Theme)).first()
        visit = HouseVisit(
            address_id=address.id,
            round_id=latest.id if latest is not None else None,
            visited_on=latest.start_date if latest is not None else DEMO_TODAY,
            outcome=VisitOutcome.SPOKEN,
            rating=4,
            problems=FREE_TEXT,
            ideas="Buurman Piet Jansen wil een buurtbarbecue organiseren.",
        )
        if theme is not None:
            visit.themes.append(theme)
        session.add(visit)
        return Planted(held.id, planned.id, PROFESSIONAL)


@pytest.fixture
def planted(demo_db: Database) -> Iterator[tuple[Services, Planted]]:
    yield Services(demo_db.session_factory, lambda: DEMO_TODAY), plant(demo_db)


def package_text(path: Path, password: str | None = None) -> str:
    """Every XML part of a .docx/.xlsx, entities resolved (decrypted first with ``password``)."""
    data = decrypt(path, password) if password is not None else path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        ]
    return html.unescape("\n".join(parts))


def eml_text(data: bytes) -> str:
    """Subject and every text part of an e-mail, decoded."""
    message = message_from_bytes(data, policy=policy.default)
    texts = [str(message["Subject"])]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            texts.append(part.get_content())
    return "\n".join(texts)


def absent(text: str, what: str) -> None:
    found = [p for p in PLANTED if p.casefold() in text.casefold()]
    assert not found, f"{what}: {found}"


def write_all(services: Services, ids: Planted, folder: Path, audience: Audience) -> dict[str, Path]:
    """Every document of ``audience`` into ``folder``; returns the paths as written."""
    folder.mkdir(exist_ok=True)
    start, end = date(2020, 1, 1), DEMO_TODAY
    chosen = {"audience": audience}
    paths = {
        "minutes": documents.variant_target(folder / "verslag.docx", audience),
        "agenda": documents.variant_target(folder / "agenda.docx", audience),
        "actions": documents.variant_target(folder / "acties.xlsx", audience),
        "matrix": documents.variant_target(folder / "matrix.xlsx", audience),
        "inventory": documents.variant_target(folder / "inventaris.docx", audience),
        "progress": documents.variant_target(folder / "voortgang.docx", audience),
        "ics": documents.variant_target(folder / "uitnodiging.ics", audience),
    }
    documents.write_minutes(services, ids.held, folder / "verslag.docx", **chosen)
    documents.write_agenda(services, ids.planned, folder / "agenda.docx", **chosen)
    documents.write_action_list(services, ActionListScope.all_open(), folder / "acties.xlsx", **chosen)
    documents.write_matrix(
        services, services.matrix.build(include_closed=True), folder / "matrix.xlsx", **chosen
    )
    documents.write_inventory_report(services, None, folder / "inventaris.docx", **chosen)
    documents.write_progress_report(services, start, end, folder / "voortgang.docx", **chosen)
    documents.write_invitation(services, ids.planned, folder / "uitnodiging.ics", **chosen)
    for path in paths.values():
        assert path.is_file(), path
    message = services.mail.compose_report(
        ids.held,
        [paths["minutes"], paths["actions"]],
        subject_template="Verslag {overleg} – Emine Sitaldin",
        audience=audience,
    )
    paths["eml"] = folder / "verslag.eml"
    paths["eml"].write_bytes(draft_bytes(message))
    return paths


def test_no_planted_personal_data_leaves_in_the_documents_for_policymakers(
    planted: tuple[Services, Planted], tmp_path: Path
) -> None:
    services, ids = planted
    paths = write_all(services, ids, tmp_path / "beleid", Audience.POLICYMAKERS)
    for kind, path in paths.items():
        assert INTERNAL_FILE_SUFFIX not in path.name
        if path.suffix in (".docx", ".xlsx"):
            text = package_text(path)
            assert INTERNAL_MARK not in text, kind
        elif path.suffix == ".eml":
            text = eml_text(path.read_bytes())
        else:
            text = path.read_text(encoding="utf-8").replace("\r\n ", "")  # unfold the .ics lines
        absent(text, kind)
    # the report e-mail's attachments are the policymakers' files themselves
    message = message_from_bytes(paths["eml"].read_bytes(), policy=policy.default)
    for part in message.iter_attachments():
        with zipfile.ZipFile(io.BytesIO(part.get_content())) as package:
            absent(
                html.unescape(
                    " ".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xml"))
                ),
                "attachment",
            )


def test_the_intern_variant_has_everything_and_is_marked_on_every_sheet_and_section(
    planted: tuple[Services, Planted], tmp_path: Path
) -> None:
    services, ids = planted
    paths = write_all(services, ids, tmp_path / "intern", Audience.INTERNAL)
    for kind, path in paths.items():
        if kind == "eml":
            continue
        assert path.stem.endswith(INTERNAL_FILE_SUFFIX), path.name
    full = {kind: package_text(p) for kind, p in paths.items() if p.suffix in (".docx", ".xlsx")}
    for kind in ("minutes", "actions"):
        missing = [p for p in PLANTED if p not in full[kind]]
        assert not missing, f"{kind}: {missing}"
    assert "Emine Sitaldin" in full["agenda"] and "O'Brien" in full["agenda"]
    assert "Ruinenlaan 39" in full["matrix"]
    assert "Piet Jansen" in full["inventory"]  # names known to nobody are only hidden for policymakers
    ics = paths["ics"].read_text(encoding="utf-8").replace("\r\n ", "")
    assert "Emine Sitaldin" in ics and "Ruinenlaan 39" in ics and INTERNAL_MARK in ics
    eml = eml_text(paths["eml"].read_bytes())
    assert "Emine Sitaldin" in eml
    # the mark on every page: every header of the Word files, every sheet of the Excel files
    from docx import Document
    from openpyxl import load_workbook

    for kind in ("minutes", "agenda", "inventory", "progress"):
        document = Document(str(paths[kind]))
        for section in document.sections:
            assert INTERNAL_MARK in "\n".join(p.text for p in section.header.paragraphs), kind
            assert INTERNAL_MARK in "\n".join(p.text for p in section.footer.paragraphs), kind
    for kind in ("actions", "matrix"):
        workbook = load_workbook(paths[kind])
        for sheet in workbook.worksheets:
            assert INTERNAL_MARK in (sheet.oddHeader.left.text or ""), (kind, sheet.title)
            assert sheet["A1"].value == INTERNAL_MARK, (kind, sheet.title)


def test_professionals_keep_their_names_in_both_variants(
    planted: tuple[Services, Planted], tmp_path: Path
) -> None:
    services, ids = planted
    for audience in Audience:
        paths = write_all(services, ids, tmp_path / audience.value, audience)
        assert ids.professional in package_text(paths["minutes"]), audience
        assert ids.professional in package_text(paths["agenda"]), audience
        assert "Karel Ploeg" in package_text(paths["actions"]), audience


def test_the_intern_variant_is_recorded_in_the_logboek(
    planted: tuple[Services, Planted], tmp_path: Path
) -> None:
    services, ids = planted
    documents.write_minutes(services, ids.held, tmp_path / "verslag.docx", audience=Audience.INTERNAL)
    documents.write_minutes(services, ids.held, tmp_path / "verslag.docx")
    with services.session_factory() as session:
        details = [e.detail for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    exports = [d for d in details if d.startswith("verslag (Word)")]
    assert exports[-2].endswith(f"verslag-{INTERNAL_FILE_SUFFIX}.docx (intern)")
    assert exports[-1].endswith("verslag.docx (voor beleid)")
    assert not any("Sitaldin" in d for d in details)


def test_metadata_names_nobody_even_from_a_template(
    planted: tuple[Services, Planted], tmp_path: Path
) -> None:
    """A chair's template with an author, a company, comments and a custom property: none survive."""
    from docx import Document

    services, ids = planted
    template = tmp_path / "sjabloon.docx"
    document = Document()
    document.core_properties.author = "Emine Sitaldin"
    document.core_properties.last_modified_by = "Emine Sitaldin"
    document.core_properties.comments = "Emine Sitaldin 06-27254302"
    document.core_properties.keywords = "Sitaldin"
    document.save(str(template))
    _add_custom_and_company(template)
    assert "Sitaldin" in package_text(template)
    for audience in Audience:
        target = documents.variant_target(tmp_path / "verslag.docx", audience)
        documents.write_minutes(services, ids.held, tmp_path / "verslag.docx", template, audience=audience)
        with zipfile.ZipFile(target) as package:
            names = package.namelist()
            core = package.read("docProps/core.xml").decode()
            app = package.read("docProps/app.xml").decode() if "docProps/app.xml" in names else ""
        assert "docProps/custom.xml" not in names
        assert "Sitaldin" not in core and "Sitaldin" not in app and "Buurtbureau Sitaldin" not in app
        assert "<dc:creator>WIEC Desktop</dc:creator>" in core
    for name in ("acties.xlsx", "matrix.xlsx"):
        target = tmp_path / name
        if name == "acties.xlsx":
            documents.write_action_list(services, ActionListScope.all_open(), target)
        else:
            documents.write_matrix(services, services.matrix.build(), target)
        with zipfile.ZipFile(target) as package:
            core = package.read("docProps/core.xml").decode()
            assert "docProps/custom.xml" not in package.namelist()
        assert "WIEC Desktop" in core and "lastModifiedBy" not in core.replace(
            "<cp:lastModifiedBy>WIEC Desktop</cp:lastModifiedBy>", ""
        )


def _add_custom_and_company(template: Path) -> None:
    """Give ``template`` a custom property and a company in docProps/app.xml (as Word would)."""
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Behandelaar">'
        "<vt:lpwstr>Emine Sitaldin</vt:lpwstr></property></Properties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Company>Buurtbureau Sitaldin</Company><Manager>Emine Sitaldin</Manager></Properties>"
    )
    source = zipfile.ZipFile(template)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            if entry.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
                )
            if entry.filename == "docProps/app.xml":
                data = app.encode()
            target.writestr(entry.filename, data)
        target.writestr("docProps/custom.xml", custom)
    source.close()
    template.write_bytes(out.getvalue())


def test_a_password_keeps_the_files_closed(planted: tuple[Services, Planted], tmp_path: Path) -> None:
    from docx import Document
    from msoffcrypto.exceptions import InvalidKeyError
    from openpyxl import load_workbook

    services, ids = planted
    docx_path, xlsx_path = tmp_path / "verslag.docx", tmp_path / "acties.xlsx"
    documents.write_minutes(services, ids.held, docx_path, password=PASSWORD)
    documents.write_action_list(services, ActionListScope.all_open(), xlsx_path, password=PASSWORD)
    for path in (docx_path, xlsx_path):
        assert is_protected(path)
        assert not zipfile.is_zipfile(path)
        with pytest.raises(InvalidKeyError):
            decrypt(path, "fout-wachtwoord")
        assert b"Ruinenlaan" not in path.read_bytes()
        absent(package_text(path, PASSWORD), path.name)
    assert Document(io.BytesIO(decrypt(docx_path, PASSWORD))).paragraphs
    workbook = load_workbook(io.BytesIO(decrypt(xlsx_path, PASSWORD)))
    assert workbook.sheetnames == ["Actielijst", "Per organisatie"]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_the_chairs_choices_are_remembered(planted: tuple[Services, Planted]) -> None:
    services, ids = planted
    data = services.minutes_data.minutes(ids.held)
    found = {r.original for r in documents.replacements(services, data)}
    assert "Emine Sitaldin" in found
    services.privacy_context.remember("Emine Sitaldin", TermDecision.KEPT)
    services.privacy_context.remember("Buurthuis De Regenboog", TermDecision.MARKED)
    with services.session_factory.begin() as session:
        item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == ids.held)).first()
        assert item is not None
        item.minutes += " Overleg in Buurthuis De Regenboog."
    again = documents.replacements(services, services.minutes_data.minutes(ids.held))
    originals = {r.original for r in again}
    assert "Emine Sitaldin" not in originals
    assert "Buurthuis De Regenboog" in originals
    assert services.privacy_context.decisions()["emine sitaldin"] is TermDecision.KEPT
