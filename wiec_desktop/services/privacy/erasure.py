"""Erasing one resident on request (right to erasure, AVG art. 17).

``find_resident_passages(resident_id)`` reads every free text of the database — cases, involvement
and status notes, actions and their updates, meetings (corrections, closing summary, the approved
minutes kept as a snapshot), agenda items and their minutes, decisions, guests, house visits,
signals, round recommendations, organisation and assignment notes, the chair's term choices — and
returns each ``Passage`` that names the resident: their full name, their surname alone, their phone
number (however it is written), their street with house number, their postcode. It uses the
``PatternDetector`` of ``redaction.py`` with a ``PrivacyContext`` of this one resident, and the
Dutch de-identification of ``deidentify.py`` when that is installed and prepared (a name it finds
counts when it holds the resident's surname).

``erase_resident(resident_id, confirmed)`` then, in one transaction:

- deletes the resident's record (name, phone number, consent, wishes);
- empties the free text of the resident's own house visits and unlinks them (the visits keep
  their address, round, date, outcome, rating and themes, so the figures stay);
- replaces each passage the chair confirmed by ``ERASED_TEXT`` (a passage that changed since it
  was found is refused: search again);
- deletes the chair's term choices (``PrivacyTerm``) that name the resident;
- writes an audit entry (kind ``erase``, the resident's former id and counts only) and an
  ``Erasure`` log entry, and calls the ``ON_ERASE`` hooks; merges the search index so that the
  erased words leave its file too, and forgets the recent searches;

and after the commit compacts the file (``VACUUM`` and an emptied WAL on SQLite; nothing to do on
PostgreSQL) so that the erased bytes are gone from the database file. The address stays: it comes
from the public address list. Copies made earlier outside the database (backups, exported
documents) are not reached by this.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    Address,
    AgendaItem,
    Assignment,
    Attendance,
    Case,
    CaseStatusChange,
    Decision,
    HouseVisit,
    InventoryRound,
    Involvement,
    Meeting,
    Organisation,
    PrivacyTerm,
    Resident,
    Signal,
)
from wiec_desktop.domain.enums import AuditKind, ErasureKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.privacy.redaction import (
    Detector,
    Finding,
    FindingKind,
    PatternDetector,
    PrivacyContext,
)
from wiec_desktop.services.privacy.removal import ErasedRecords, compact_database, log_erasure, notify_erased
from wiec_desktop.services.search.upkeep import after_erasure
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.compaction import Compaction

ERASED_TEXT = "[gewist]"
CHANGED_MESSAGE = "Een gekozen passage is intussen gewijzigd. Zoek de passages opnieuw en kies opnieuw."
SNAPSHOT = "minutes_snapshot"
# Words of a surname that are not a surname alone.
_PARTICLES = frozenset(
    ("van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "la", "le", "du", "da", "el", "al")
)


@dataclass(frozen=True)
class ResidentChoice:
    """A resident the chair can pick for erasure (the chair's own screen only)."""

    id: int
    name: str | None
    address: str
    has_phone: bool

    @property
    def label(self) -> str:
        return f"{self.name or '(zonder naam)'} — {self.address}"


@dataclass(frozen=True)
class Passage:
    """A stretch ``text[start:end]`` of one free-text field that names the resident. ``path`` leads
    to the string inside the JSON of approved minutes (``minutes_snapshot``); empty elsewhere."""

    table: str
    column: str
    row_id: int
    start: int
    end: int
    original: str
    kind: FindingKind
    where: str
    context: str
    path: tuple[str | int, ...] = ()

    @property
    def field_key(self) -> tuple[str, str, int, tuple[str | int, ...]]:
        return (self.table, self.column, self.row_id, self.path)


@dataclass(frozen=True)
class ErasureResult:
    """What ``erase_resident`` did, and whether the file was compacted afterwards."""

    resident_id: int
    visits: int
    passages: int
    terms: int
    compaction: Compaction | None = None


@dataclass(frozen=True)
class _Source:
    """One table with free text: its columns and how the chair recognises a row."""

    table: str
    model: type[Any]
    columns: tuple[str, ...]
    where: Callable[[Any], str]


def _meeting_label(meeting: Meeting | None) -> str:
    return f"overleg {short_date(meeting.date)} ‘{meeting.title}’" if meeting is not None else "overleg"


SOURCES: tuple[_Source, ...] = (
    _Source("case", Case, ("title", "description", "location", "expert_analysis", "outcome"),
            lambda c: f"Casus {c.reference}"),
    _Source("involvement", Involvement, ("activity",), lambda i: f"Casus {i.case.reference}, betrokkenheid"),
    _Source("case_status_change", CaseStatusChange, ("note",),
            lambda s: f"Casus {s.case.reference}, statuswijziging {short_date(s.changed_on)}"),
    _Source("action", Action, ("description",), lambda a: f"Actie {a.reference}"),
    _Source("action_update", ActionUpdate, ("note",),
            lambda u: f"Actie {u.action.reference}, voortgang {short_date(u.updated_on)}"),
    _Source("meeting", Meeting, ("title", "location", "minutes_corrections", "closing_summary"),
            lambda m: _meeting_label(m).capitalize()),
    _Source("agenda_item", AgendaItem, ("title", "presenter", "minutes"),
            lambda i: f"Agendapunt ‘{i.title}’, {_meeting_label(i.meeting)}"),
    _Source("decision", Decision, ("text",),
            lambda d: f"Besluit bij ‘{d.agenda_item.title}’, {_meeting_label(d.agenda_item.meeting)}"),
    _Source("attendance", Attendance, ("guest_name", "guest_organisation"),
            lambda a: f"Gast, {_meeting_label(a.meeting)}"),
    _Source("house_visit", HouseVisit, ("visitors", "experience", "problems", "ideas"),
            lambda v: f"Huisbezoek {v.address.label}, {short_date(v.visited_on)}"),
    _Source("signal", Signal, ("text", "closed_reason"),
            lambda s: f"Signaal van {short_date(s.received_on)}"),
    _Source("inventory_round", InventoryRound, ("recommendations",), lambda r: f"Ronde ‘{r.name}’"),
    _Source("organisation", Organisation, ("notes",), lambda o: f"Organisatie ‘{o.name}’, notities"),
    _Source("assignment", Assignment, ("notes",), lambda a: f"Opdracht ‘{a.title}’, notities"),
)  # fmt: skip
_MODELS = {source.table: source.model for source in SOURCES}


def name_variants(name: str | None) -> frozenset[str]:
    """The ways a chair writes a resident's name: whole, the surname (with its particles), and each
    part of a double surname ("Jansen-de Boer" → "Jansen", "de Boer")."""
    if not name or not name.strip():
        return frozenset()
    words = name.split()
    variants = {" ".join(words)}
    if len(words) > 1:
        surname = " ".join(words[1:])
        variants.add(surname)
        core = [w for w in words[1:] if w.casefold() not in _PARTICLES]
        if core:
            variants.add(" ".join(core))
        for part in re.split(r"\s*-\s*", surname):
            part_words = [w for w in part.split() if w.casefold() not in _PARTICLES]
            if part_words and len("".join(part_words)) >= 3:
                variants.add(part.strip())
                variants.add(" ".join(part_words))
    return frozenset(v for v in variants if len(v.replace(" ", "")) >= 2)


def _words(text: str) -> str:
    """Folded words, a hyphen counting as a space: "Jansen-de Boer" → "jansen de boer"."""
    return " ".join(re.split(r"[\s-]+", text.casefold())).strip()


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


class _ResidentFinder:
    """Finds the passages of one text that name this resident (and nobody else's phone or address)."""

    def __init__(self, resident: Resident) -> None:
        address = resident.address
        self.names = name_variants(resident.name)
        full = " ".join((resident.name or "").split())
        self.surnames = {_words(v) for v in self.names if v != full or " " not in full}
        self.phone = _digits(resident.phone) if resident.phone else ""
        self.street = address.street.casefold()
        self.number = f"{address.number}{address.addition}".replace(" ", "").casefold()
        self.postcode = address.postcode.replace(" ", "").upper()
        context = PrivacyContext(
            residents=self.names,
            resident_phones=frozenset({resident.phone}) if resident.phone else frozenset(),
            streets=frozenset({address.street}),
        )
        self.detectors: list[Detector] = [PatternDetector(context)]
        self.free_text = _free_text_detector(context)

    def find(self, text: str) -> list[Finding]:
        if not text or not text.strip():
            return []
        found = _longest_first(
            f for detector in self.detectors for f in detector.find(text) if self._is_theirs(text, f)
        )
        if self.free_text is None:
            return found
        # A name the library finds that holds the surname may lengthen a found name to the right
        # ("Sitaldin" → "Sitaldin-Ozturk"), never to the left (it takes "Bel Emine Sitaldin" for a
        # name at the start of a sentence); where the patterns found nothing, it counts as it is.
        for extra in self.free_text.find(text):
            if extra.kind is not FindingKind.NAME or not self._names_surname(text[extra.start : extra.end]):
                continue
            overlapping = [n for n, f in enumerate(found) if extra.start < f.end and f.start < extra.end]
            if not overlapping:
                found.append(extra)
            for n in overlapping:
                if extra.end > found[n].end:
                    found[n] = Finding(found[n].start, extra.end, found[n].kind, found[n].street)
        return _longest_first(found)

    def _is_theirs(self, text: str, finding: Finding) -> bool:
        original = text[finding.start : finding.end]
        if finding.kind is FindingKind.NAME:
            return True  # the context knows only this resident's names
        if finding.kind is FindingKind.PHONE:
            return bool(self.phone) and _digits(original) == self.phone
        if finding.kind is FindingKind.ADDRESS:
            rest = original[len(finding.street) :] if finding.street else original
            number = rest.replace(" ", "").replace("-", "").casefold()
            return finding.street.casefold() == self.street and number == self.number.replace("-", "")
        if finding.kind is FindingKind.POSTCODE:
            return original.replace(" ", "").upper() == self.postcode
        return False

    def _names_surname(self, found: str) -> bool:
        """Whether a name the de-identification found holds one of the resident's surnames."""
        words = f" {_words(found)} "
        return any(f" {surname} " in words for surname in self.surnames)


def _free_text_detector(context: PrivacyContext) -> Detector | None:
    """The Dutch de-identification detector when it is installed and its tables are ready (never
    built here: that takes minutes)."""
    try:
        from wiec_desktop.services.privacy import deidentify  # written alongside (issue 12)
    except ImportError:
        return None
    try:
        if not deidentify.lookup_ready():
            return None
        return deidentify.FreeTextDetector(context)  # type: ignore[no-any-return]
    except Exception:  # an optional helper: without it the patterns still find
        return None


def _longest_first(findings: Iterable[Finding]) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in ordered:
        if kept and finding.start < kept[-1].end:
            if finding.end > kept[-1].end:
                kept[-1] = Finding(kept[-1].start, finding.end, kept[-1].kind, kept[-1].street)
            continue
        kept.append(finding)
    return kept


def _around(text: str, start: int, end: int, width: int = 40) -> str:
    lead = "…" if start > width else ""
    tail = "…" if end + width < len(text) else ""
    before, after = text[max(0, start - width) : start], text[end : end + width]
    return " ".join(f"{lead}{before}[{text[start:end]}]{after}{tail}".split())


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string inside decoded JSON, with the path to it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key in sorted(value):
            yield from _strings(value[key], (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _dump_snapshot(value: Any) -> str:
    """As ``services/meetings/minutes_snapshot.dumps`` writes it: ASCII, sorted keys, compact."""
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def _replaced(text: str, passages: list[Passage]) -> str:
    """``text`` with each passage replaced, last first; ``ValidationError`` when one moved."""
    out = text
    for passage in sorted(passages, key=lambda p: p.start, reverse=True):
        if out[passage.start : passage.end] != passage.original:
            raise ValidationError({"passages": CHANGED_MESSAGE})
        out = out[: passage.start] + ERASED_TEXT + out[passage.end :]
    return out


def _column_limit(model: type[Any], column: str) -> int | None:
    kind = model.__table__.c[column].type
    return kind.length if isinstance(kind, String) and kind.length else None


class ErasureService(Service):
    """Erasing one resident: find where they are named, erase after the chair confirms."""

    def residents(self) -> list[ResidentChoice]:
        """Every resident, by street and house number, for the picker."""
        with self.reading() as session:
            rows = session.execute(
                select(Resident, Address)
                .join(Address, Address.id == Resident.address_id)
                .order_by(Address.street, Address.number, Address.addition, Resident.id)
            )
            return [ResidentChoice(r.id, r.name, a.label, bool(r.phone)) for r, a in rows]

    def find_resident_passages(self, resident_id: int) -> list[Passage]:
        """Every passage of free text in the database that names this resident."""
        with self.reading() as session:
            resident = get_or_raise(session, Resident, resident_id, "Bewoner")
            finder = _ResidentFinder(resident)
            return list(self._passages(session, finder))

    def _passages(self, session: Session, finder: _ResidentFinder) -> Iterator[Passage]:
        for source in SOURCES:
            columns = [getattr(source.model, name) for name in source.columns]
            for row in session.execute(select(source.model.id, *columns).order_by(source.model.id)):
                hits = [
                    (name, text, finding)
                    for name, text in zip(source.columns, row[1:], strict=True)
                    if text
                    for finding in finder.find(text)
                ]
                if not hits:
                    continue
                where = source.where(session.get(source.model, row[0]))
                for name, text, finding in hits:
                    yield Passage(
                        source.table, name, row[0], finding.start, finding.end,
                        text[finding.start : finding.end], finding.kind, where,
                        _around(text, finding.start, finding.end),
                    )  # fmt: skip
        snapshots = session.execute(
            select(Meeting.id, Meeting.minutes_snapshot).where(Meeting.minutes_snapshot.is_not(None))
        )
        for meeting_id, snapshot in snapshots:
            try:
                decoded = json.loads(snapshot)
            except ValueError:
                continue
            where = f"Vastgesteld verslag, {_meeting_label(session.get(Meeting, meeting_id))}"
            for path, text in _strings(decoded):
                for finding in finder.find(text):
                    yield Passage(
                        "meeting", SNAPSHOT, meeting_id, finding.start, finding.end,
                        text[finding.start : finding.end], finding.kind, where,
                        _around(text, finding.start, finding.end), path,
                    )  # fmt: skip

    def erase_resident(
        self, resident_id: int, confirmed: Iterable[Passage], *, compact: bool = True
    ) -> ErasureResult:
        """Erase the resident and the confirmed passages (one transaction), then compact the file."""
        chosen = list(dict.fromkeys(confirmed))
        with self.transaction() as session:
            resident = get_or_raise(session, Resident, resident_id, "Bewoner")
            finder = _ResidentFinder(resident)
            changed = self._replace_passages(session, chosen)
            visits = list(session.scalars(select(HouseVisit).where(HouseVisit.resident_id == resident_id)))
            for visit in visits:
                visit.experience = visit.problems = visit.ideas = ""
                visit.resident_id = None
                changed.append(("house_visit", visit.id))
            terms = self._erase_terms(session, finder, chosen)
            session.flush()
            session.delete(resident)
            audit.record(
                session,
                AuditKind.ERASE,
                "resident",
                resident_id,
                f"op verzoek: passages={len(chosen)}, huisbezoeken={len(visits)}, termen={terms}",
            )
            log_erasure(
                session,
                ErasureKind.REQUEST,
                resident_id=resident_id,
                residents=1,
                visits=len(visits),
                passages=len(chosen),
                terms=terms,
            )
            notify_erased(
                session,
                ErasedRecords(
                    ErasureKind.REQUEST,
                    deleted=(("resident", resident_id),),
                    changed=tuple(dict.fromkeys(changed)),
                ),
            )
            after_erasure(session)  # the erased words out of the search index, recent searches gone
        result = ErasureResult(resident_id, len(visits), len(chosen), terms)
        if compact:
            return ErasureResult(
                resident_id, len(visits), len(chosen), terms, compact_database(self.session_factory)
            )
        return result

    def _replace_passages(self, session: Session, passages: list[Passage]) -> list[tuple[str, int]]:
        by_field: dict[tuple[str, str, int, tuple[str | int, ...]], list[Passage]] = defaultdict(list)
        for passage in passages:
            if passage.table not in _MODELS or (passage.column == SNAPSHOT and not passage.path):
                raise ValidationError({"passages": CHANGED_MESSAGE})
            by_field[passage.field_key].append(passage)
        snapshots: dict[int, Any] = {}
        changed: list[tuple[str, int]] = []
        for (table, column, row_id, path), group in by_field.items():
            model = _MODELS[table]
            row = session.get(model, row_id)
            if row is None:
                raise ValidationError({"passages": CHANGED_MESSAGE})
            if column == SNAPSHOT:
                if row_id not in snapshots:
                    try:
                        snapshots[row_id] = json.loads(row.minutes_snapshot or "")
                    except ValueError:
                        raise ValidationError({"passages": CHANGED_MESSAGE}) from None
                _replace_in_json(snapshots[row_id], path, group)
            else:
                if column not in model.__table__.c:
                    raise ValidationError({"passages": CHANGED_MESSAGE})
                new = _replaced(getattr(row, column) or "", group)
                limit = _column_limit(model, column)
                setattr(row, column, new[:limit] if limit else new)
            changed.append((table, row_id))
        for meeting_id, decoded in snapshots.items():
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None
            meeting.minutes_snapshot = _dump_snapshot(decoded)
        return changed

    @staticmethod
    def _erase_terms(session: Session, finder: _ResidentFinder, passages: list[Passage]) -> int:
        """Delete the chair's term choices that name the resident (folded terms)."""
        names = {v.casefold() for v in finder.names} | {p.original.casefold() for p in passages}
        count = 0
        for term in session.scalars(select(PrivacyTerm)):
            folded = term.term.casefold()
            words = f" {folded} "
            phone = bool(finder.phone) and _digits(folded) == finder.phone
            if phone or any(f" {name} " in words or folded == name for name in names):
                session.delete(term)
                count += 1
        return count


def _replace_in_json(decoded: Any, path: tuple[str | int, ...], passages: list[Passage]) -> None:
    """Replace the passages in the string at ``path`` inside decoded JSON."""
    if not path:
        raise ValidationError({"passages": CHANGED_MESSAGE})
    parent = decoded
    try:
        for step in path[:-1]:
            parent = parent[step]
        text = parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        raise ValidationError({"passages": CHANGED_MESSAGE}) from None
    if not isinstance(text, str):
        raise ValidationError({"passages": CHANGED_MESSAGE})
    parent[path[-1]] = _replaced(text, passages)
