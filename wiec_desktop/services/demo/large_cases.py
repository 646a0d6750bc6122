"""The large demo's cases over five years, their status history and who is involved in them.

Cases open a little more often as the years go by; how far a case got depends on its age (most
cases older than a year are closed, the newest are still aangemeld or in analyse). Each case has a
lead from its theme's usual leads and one to three partners; a few have no lead or two leads, so
that the who-does-what matrix has something to flag.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from wiec_desktop.domain import case_reference
from wiec_desktop.domain.enums import CaseStatus, InvolvementRole, Priority
from wiec_desktop.services.demo.large_world import CaseFacts, World, stamp

THEME_WEIGHTS = (14, 8, 14, 9, 10, 10, 6, 7, 6, 7, 5, 4)
PATH = [status.value for status in CaseStatus]
# (age in days from, statuses, weights): the older, the more likely closed.
STATUS_BY_AGE: tuple[tuple[int, tuple[str, ...], tuple[int, ...]], ...] = (
    (540, ("closed", "monitoring", "in_progress"), (95, 3, 2)),
    (365, ("closed", "monitoring", "in_progress"), (85, 8, 7)),
    (180, ("closed", "monitoring", "in_progress", "in_analysis"), (60, 18, 20, 2)),
    (60, ("closed", "monitoring", "in_progress", "in_analysis", "reported"), (25, 20, 43, 10, 2)),
    (14, ("closed", "in_progress", "in_analysis", "reported"), (5, 40, 35, 20)),
    (0, ("in_analysis", "reported"), (40, 60)),
)
NO_LEAD = 0.04
TWO_LEADS = 0.02


def _status(world: World, age: int) -> str:
    for threshold, statuses, weights in STATUS_BY_AGE:
        if age >= threshold:
            return world.rng.choices(statuses, weights=weights)[0]
    return CaseStatus.REPORTED.value


def make_cases(world: World) -> None:
    """The cases, numbered per year in the order they were opened, with their status changes."""
    rng, vocabulary, today = world.rng, world.vocabulary, world.today
    span = (today - world.start).days - 4
    opened_days = sorted(
        world.start + timedelta(days=3 + int(span * rng.random() ** 0.85)) for _ in range(world.counts.cases)
    )
    numbers: dict[int, int] = {}
    cases: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    analyses, outcomes = vocabulary.words("analyses"), vocabulary.words("outcomes")
    notes = vocabulary.raw["case_notes"]
    themes = vocabulary.themes
    for case_id, opened in enumerate(opened_days, start=1):
        age = (today - opened).days
        status = _status(world, age)
        street, buurt, _postcode = rng.choice(world.streets)
        theme = rng.choices(range(len(themes)), weights=THEME_WEIGHTS[: len(themes)])[0]
        words = themes[theme]
        numbers[opened.year] = numbers.get(opened.year, 0) + 1
        end = min(age, rng.randint(20, 420)) if status == "closed" else age
        steps = PATH[: PATH.index(status) + 1]
        offsets = [0, *sorted(rng.randint(min(1, end), end) for _ in steps[1:])]
        previous: str | None = None
        for step, offset in zip(steps, offsets, strict=True):
            day = opened + timedelta(days=offset)
            changes.append(
                {
                    "id": len(changes) + 1,
                    "case_id": case_id,
                    "from_status": previous,
                    "to_status": step,
                    "changed_on": day,
                    "changed_at": stamp(day, 9, rng.randint(0, 59)),
                    "note": notes[step],
                }
            )
            previous = step
        closed = day if status == "closed" else None
        title = world.filler.pick(words.titles, street)
        facts = CaseFacts(
            id=case_id,
            reference=case_reference(opened.year, numbers[opened.year]),
            title=title,
            street=street,
            area=buurt,
            theme=theme,
            opened=opened,
            closed=closed,
            status=status,
        )
        cases.append(
            {
                "id": case_id,
                "year": opened.year,
                "number": numbers[opened.year],
                "title": title,
                "description": world.filler.pick(words.descriptions, street),
                "assignment_id": world.assignment_on(opened),
                "area_id": world.buurten[buurt][0],
                "theme_id": world.theme_ids[theme],
                "location": f"{street} {rng.randint(1, 180)}" if rng.random() < 0.3 else street,
                "status": status,
                "priority": rng.choices([p.value for p in Priority], weights=(20, 55, 20, 5))[0],
                "expert_analysis": "" if status == "reported" else world.filler.pick(analyses, street),
                "outcome": rng.choice(outcomes) if closed else "",
                "opened_on": opened,
                "closed_on": closed,
                "version": len(steps),
                "created_at": stamp(opened, 9),
                "updated_at": stamp(day, 9, 30),
            }
        )
        world.cases.append(facts)
    world.stage("casussen", world.writer.write("case", cases))
    world.stage("statuswijzigingen", world.writer.write("case_status_change", changes))


def make_involvements(world: World) -> None:
    """Lead, partners and sometimes the stadsdeel as informed, with what each of them does."""
    rng, vocabulary = world.rng, world.vocabulary
    activities = vocabulary.raw["activities"]
    kinds = {number: spec["kind"] for number, spec in enumerate(vocabulary.raw["organisations"], start=1)}
    stadsdeel = world.org_ids["stadsdeel"]
    rows: list[dict[str, Any]] = []
    for case in world.cases:
        words = vocabulary.themes[case.theme]
        leads = [world.org_ids[rng.choice(words.leads)]]
        others = [world.org_ids[key] for key in dict.fromkeys(words.partners + words.leads)]
        others = [org for org in others if org not in leads]
        partners = rng.sample(others, rng.randint(1, min(3, len(others))))
        roll = rng.random()
        if roll < NO_LEAD:
            leads, partners = [], leads + partners
        elif roll < NO_LEAD + TWO_LEADS and partners:
            leads.append(partners.pop(0))
        informed = [stadsdeel] if stadsdeel not in leads + partners and rng.random() < 0.4 else []
        case.leads, case.involved = leads, leads + partners
        created = stamp(case.opened, 10)
        for role, orgs in (
            (InvolvementRole.LEAD, leads),
            (InvolvementRole.PARTNER, partners),
            (InvolvementRole.INFORMED, informed),
        ):
            for org in orgs:
                contact = rng.choice(world.org_contacts[org])[0] if rng.random() < 0.9 else None
                activity = (
                    activities[kinds[org]] if role is InvolvementRole.PARTNER else activities[role.value]
                )
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "case_id": case.id,
                        "organisation_id": org,
                        "contact_id": contact,
                        "role": role.value,
                        "activity": activity,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
    world.stage("betrokkenheden", world.writer.write("involvement", rows))
