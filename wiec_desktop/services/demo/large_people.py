"""The large demo's partners and setting: organisations with their contacts, the wijk with its
eight buurten, the themes, and the three assignments that together cover the five years."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import Any

from wiec_desktop.domain.enums import AreaKind, ReportCadence
from wiec_desktop.services.demo.large_text import email_address
from wiec_desktop.services.demo.large_world import World, stamp


def _domain(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in plain if c.isalnum())[:40] + ".example.nl"


def make_organisations(world: World) -> None:
    """Every organisation of the vocabulary with made-up contacts (a name, a function, a work address)."""
    rng, vocabulary = world.rng, world.vocabulary
    first, last = vocabulary.words("first_names"), vocabulary.words("last_names")
    created = stamp(world.start - timedelta(days=30))
    organisations: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    used: set[str] = {vocabulary.chair}
    for org_id, spec in enumerate(vocabulary.raw["organisations"], start=1):
        world.org_ids[spec["key"]] = org_id
        world.org_names[org_id] = spec["name"]
        world.org_contacts[org_id] = []
        organisations.append(
            {
                "id": org_id,
                "name": spec["name"],
                "kind": spec["kind"],
                "notes": spec["notes"],
                "active": True,
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
        for function, reports in spec["contacts"]:
            name = rng.choice(first) + " " + rng.choice(last)
            while name in used:
                name = rng.choice(first) + " " + rng.choice(last)
            used.add(name)
            contact_id = len(contacts) + 1
            world.org_contacts[org_id].append((contact_id, name))
            contacts.append(
                {
                    "id": contact_id,
                    "organisation_id": org_id,
                    "name": name,
                    "function": function,
                    "email": email_address(name, _domain(spec["name"])),
                    "phone": f"088-{rng.randint(1000000, 9999999)}",
                    "receives_reports": reports,
                    "active": True,
                    "version": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    world.stage("organisaties", world.writer.write("organisation", organisations))
    world.stage("contactpersonen", world.writer.write("contact", contacts))
    world.recipients = [row["id"] for row in contacts if row["receives_reports"]]


def make_areas_and_themes(world: World) -> None:
    """The wijk, its eight buurten (with their streets) and the themes."""
    created = stamp(world.start - timedelta(days=30))
    vocabulary = world.vocabulary
    world.district_id = 1
    areas = [{"id": 1, "name": vocabulary.district, "kind": AreaKind.DISTRICT.value, "parent_id": None}]
    for index, spec in enumerate(vocabulary.raw["neighbourhoods"]):
        area_id = index + 2
        areas.append(
            {"id": area_id, "name": spec["name"], "kind": AreaKind.NEIGHBOURHOOD.value, "parent_id": 1}
        )
        world.buurten.append((area_id, spec["name"]))
        for street in spec["streets"]:
            world.streets.append((street, index, spec["postcode"]))
    for row in areas:
        row.update(created_at=created, updated_at=created)
    themes = [
        {"id": number, "name": theme.name, "active": True, "created_at": created, "updated_at": created}
        for number, theme in enumerate(vocabulary.themes, start=1)
    ]
    world.theme_ids = [row["id"] for row in themes]
    world.stage("wijk en buurten", world.writer.write("area", areas))
    world.stage("thema's", world.writer.write("theme", themes))


def make_assignments(world: World) -> None:
    """Three assignments one after the other; the last one is current and runs for half a year more."""
    vocabulary, today = world.vocabulary, world.today
    bounds = [
        (world.start, world.start + timedelta(days=730)),
        (world.start + timedelta(days=731), world.start + timedelta(days=1460)),
        (world.start + timedelta(days=1461), today + timedelta(days=182)),
    ]
    rows = []
    for number, (start, end) in enumerate(bounds, start=1):
        created = stamp(start - timedelta(days=14))
        rows.append(
            {
                "id": number,
                "title": f"{vocabulary.raw['assignment_title']} {start.year}–{end.year}",
                "client_organisation_id": world.org_ids["stadsdeel"],
                "start_date": start,
                "end_date": end,
                "report_cadence": ReportCadence.MONTHLY.value,
                "notes": vocabulary.raw["assignment_notes"],
                "is_current": number == len(bounds),
                "retention_months": 24,
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
        world.assignments.append((number, start, end))
    writer = world.writer
    world.stage("opdrachten", writer.write("assignment", rows))
    area_ids = [world.district_id] + [area_id for area_id, _name in world.buurten]
    assignment_ids = [assignment_id for assignment_id, _start, _end in world.assignments]
    writer.write(
        "assignment_area", [{"assignment_id": a, "area_id": b} for a in assignment_ids for b in area_ids]
    )
    writer.write(
        "assignment_recipient",
        [{"assignment_id": a, "contact_id": c} for a in assignment_ids for c in world.recipients],
    )
