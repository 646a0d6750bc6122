"""The large demo's neighbourhood: addresses, two rounds of house visits a year (the last one
still going on), the few residents who gave consent, and the signals of five years.

Signals older than a month are nearly all triaged: linked to a running case of the same theme
(preferably in the same buurt) or closed with a reason; of the last two weeks most are still new.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from wiec_desktop.domain.enums import AuditKind, SignalSource, SignalStatus, VisitOutcome
from wiec_desktop.services.demo.large_cases import THEME_WEIGHTS
from wiec_desktop.services.demo.large_world import CaseFacts, World, stamp

LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
FLAT_WEIGHT = 3
ROUNDS = 10
ROUND_DAYS = 42
CONSENT_MONTHS_DAYS = 730  # residents' data is kept 24 months after the last contact
SOURCE_WEIGHTS = {
    SignalSource.HOUSE_VISIT: 18,
    SignalSource.RESIDENT_PHONE: 22,
    SignalSource.RESIDENT_EMAIL: 18,
    SignalSource.WALK_IN: 9,
    SignalSource.PARTNER: 20,
    SignalSource.OWN_OBSERVATION: 13,
}


def _shares(total: int, weights: list[int]) -> list[int]:
    """``total`` split by ``weights`` into whole numbers that add up to ``total``."""
    whole = sum(weights)
    shares = [total * weight // whole for weight in weights]
    for index in range(total - sum(shares)):
        shares[index % len(shares)] += 1
    return shares


def _postcode(postcode4: str, street_position: int, number: int) -> str:
    """A made-up postcode: the buurt's four digits, a letter per street and per 25 house numbers."""
    return f"{postcode4} {LETTERS[street_position % len(LETTERS)]}{LETTERS[(number // 25) % len(LETTERS)]}"


def make_addresses(world: World) -> None:
    """Addresses on every street (flats with A–D), imported before the first round."""
    flats = set(world.vocabulary.words("flat_streets"))
    weights = [FLAT_WEIGHT if street in flats else 1 for street, _buurt, _pc in world.streets]
    rows: list[dict[str, Any]] = []
    imported = stamp(world.start - timedelta(days=20), 14)
    positions: dict[int, int] = {}
    for (street, buurt, postcode4), count in zip(
        world.streets, _shares(world.counts.addresses, weights), strict=True
    ):
        position = positions[buurt] = positions.get(buurt, -1) + 1
        additions = ("A", "B", "C", "D") if street in flats else ("",)
        ids: list[int] = []
        for slot in range(count):
            number, addition = slot // len(additions) + 1, additions[slot % len(additions)]
            if not addition:
                number = 2 * slot + 1 if slot * 2 < count else 2 * (slot - (count + 1) // 2) + 2
            address_id = len(rows) + 1
            rows.append(
                {
                    "id": address_id,
                    "street": street,
                    "number": number,
                    "addition": addition,
                    "postcode": _postcode(postcode4, position, number),
                    "area_id": world.buurten[buurt][0],
                    "created_at": imported,
                    "updated_at": imported,
                }
            )
            ids.append(address_id)
            world.address_street.append(street)
        world.addresses_by_street[street] = ids
    world.audit.append(
        (imported, AuditKind.IMPORT.value, "address", None, f"{len(rows)} adressen geïmporteerd")
    )
    world.stage("adressen", world.writer.write("address", rows))


def make_visits(world: World) -> None:
    """Inventory rounds with their house visits, the visits' themes and the consenting residents."""
    rng, vocabulary, today = world.rng, world.vocabulary, world.today
    seasons = vocabulary.words("seasons")
    police = world.org_contacts[world.org_ids["politie"]] + world.org_contacts[world.org_ids["welzijn"]][:1]
    rounds: list[dict[str, Any]] = []
    visits: list[dict[str, Any]] = []
    visit_themes: list[dict[str, Any]] = []
    residents: list[dict[str, Any]] = []
    outcomes = list(VisitOutcome)
    first_names, last_names = vocabulary.words("first_names"), vocabulary.words("last_names")
    experiences, ideas = vocabulary.words("experiences"), vocabulary.words("ideas")
    addresses = len(world.address_street)
    for number, count in enumerate(_shares(world.counts.house_visits, [1] * ROUNDS), start=1):
        start = world.start + timedelta(days=150 + 182 * (number - 1))
        end: date | None = start + timedelta(days=ROUND_DAYS)
        if end is not None and end >= today:
            end = None
        name = f"{seasons[start.month - 1]} {start.year}"
        created = stamp(start - timedelta(days=7), 10)
        rounds.append(
            {
                "id": number,
                "name": name,
                "start_date": start,
                "end_date": end,
                "recommendations": "",
                "created_at": created,
                "updated_at": created,
            }
        )
        last = min(end or today, today - timedelta(days=1))
        chosen = (
            rng.sample(range(1, addresses + 1), count)
            if count <= addresses
            else [rng.randint(1, addresses) for _ in range(count)]
        )
        for address_id in chosen:
            day = world.day(start, last)
            outcome = rng.choices(outcomes, weights=(25, 55, 8, 12))[0]
            visit_id = len(visits) + 1
            row: dict[str, Any] = {
                "id": visit_id,
                "address_id": address_id,
                "round_id": number,
                "resident_id": None,
                "visited_on": day,
                "visitors": f"{vocabulary.chair} en {rng.choice(police)[1]}",
                "outcome": outcome.value,
                "rating": None,
                "experience": "",
                "problems": "",
                "ideas": "",
                "wants_to_participate": False,
                "may_be_contacted": False,
                "version": 1,
                "created_at": stamp(day, 19),
                "updated_at": stamp(day, 19),
            }
            if outcome is VisitOutcome.SPOKEN:
                street = world.address_street[address_id - 1]
                themes = rng.sample(range(len(world.theme_ids)), rng.randint(1, 2))
                row.update(
                    rating=rng.choices(range(1, 11), weights=(1, 1, 2, 4, 7, 10, 12, 9, 4, 2))[0],
                    experience=world.filler.pick(experiences, street),
                    problems=" ".join(
                        world.filler.pick(vocabulary.themes[t].problems, street) for t in themes
                    ),
                    ideas=rng.choice(ideas) if rng.random() < 0.6 else "",
                    wants_to_participate=rng.random() < 0.15,
                )
                row["may_be_contacted"] = row["wants_to_participate"] or rng.random() < 0.2
                for theme in themes:
                    visit_themes.append({"house_visit_id": visit_id, "theme_id": world.theme_ids[theme]})
                world.spoken_visits.append((visit_id, day, address_id, [world.theme_ids[t] for t in themes]))
                if (
                    row["may_be_contacted"]
                    and (today - day).days < CONSENT_MONTHS_DAYS
                    and rng.random() < 0.5
                ):
                    resident_id = len(residents) + 1
                    residents.append(
                        {
                            "id": resident_id,
                            "address_id": address_id,
                            "name": f"{rng.choice(first_names)} {rng.choice(last_names)}",
                            "phone": f"06-{rng.randint(10000000, 99999999)}" if rng.random() < 0.5 else None,
                            "consent_on": day,
                            "wants_to_participate": row["wants_to_participate"],
                            "may_be_contacted": True,
                            "created_at": stamp(day, 19),
                            "updated_at": stamp(day, 19),
                        }
                    )
                    row["resident_id"] = resident_id
            visits.append(row)
    writer = world.writer
    world.stage("inventarisatierondes", writer.write("inventory_round", rounds))
    world.stage("bewoners (met toestemming)", writer.write("resident", residents))
    world.stage("huisbezoeken", writer.write("house_visit", visits))
    writer.write("house_visit_theme", visit_themes)


def make_signals(world: World) -> None:
    """The signals, written in batches as they are made."""
    world.stage("signalen", world.writer.write("signal", _SignalMaker(world).rows()))


class _SignalMaker:
    def __init__(self, world: World) -> None:
        self.world = world
        self.by_theme: dict[int, list[CaseFacts]] = {}
        for case in world.cases:  # already in the order opened
            self.by_theme.setdefault(world.theme_ids[case.theme], []).append(case)
        self.opened = {theme: [case.opened for case in cases] for theme, cases in self.by_theme.items()}
        self.reasons = world.vocabulary.words("closed_reasons")
        self.theme_index = {theme_id: index for index, theme_id in enumerate(world.theme_ids)}

    def rows(self) -> Iterator[dict[str, Any]]:
        world, rng, today = self.world, self.world.rng, self.world.today
        sources, weights = list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values())
        span = (today - world.start).days
        organisations = list(world.org_names)
        for signal_id in range(1, world.counts.signals + 1):
            source = rng.choices(sources, weights=weights)[0]
            visit = (
                rng.choice(world.spoken_visits)
                if source is SignalSource.HOUSE_VISIT and world.spoken_visits
                else None
            )
            if visit is None and source is SignalSource.HOUSE_VISIT:
                source = SignalSource.OWN_OBSERVATION
            if visit is not None:
                visit_id, received, address_id, themes = visit
                theme_id = rng.choice(themes)
                street = world.address_street[address_id - 1]
            else:
                visit_id, address_id = None, None
                received = world.start + timedelta(days=int(span * rng.random() ** 0.85))
                theme_id = world.theme_ids[
                    rng.choices(range(len(world.theme_ids)), weights=THEME_WEIGHTS[: len(world.theme_ids)])[0]
                ]
                street = rng.choice(world.streets)[0]
                on_street = world.addresses_by_street.get(street)
                if on_street and rng.random() < 0.35:
                    address_id = rng.choice(on_street)
            words = world.vocabulary.themes[self.theme_index[theme_id]]
            status, case_id, reason, triaged = self._triage(received, theme_id, street)
            yield {
                "id": signal_id,
                "received_on": received,
                "source": source.value,
                "theme_id": theme_id,
                "address_id": address_id,
                "street": street,
                "text": world.filler.pick(words.signals, street),
                "status": status,
                "case_id": case_id,
                "house_visit_id": visit_id,
                "organisation_id": rng.choice(organisations) if source is SignalSource.PARTNER else None,
                "closed_reason": reason,
                "triaged_on": triaged,
                "version": 1,
                "created_at": stamp(received, 13),
                "updated_at": stamp(triaged or received, 13, 30),
            }

    def _triage(self, received: date, theme_id: int, street: str) -> tuple[str, int | None, str, date | None]:
        rng, today = self.world.rng, self.world.today
        age = (today - received).days
        if (age <= 14 and rng.random() < 0.6) or (14 < age <= 60 and rng.random() < 0.08):
            return SignalStatus.NEW.value, None, "", None
        case = self._case_for(received, theme_id, street) if rng.random() < 0.55 else None
        if case is not None:
            triaged = min(today, max(received, case.opened) + timedelta(days=rng.randint(0, 5)))
            return SignalStatus.LINKED.value, case.id, "", triaged
        triaged = min(today, received + timedelta(days=rng.randint(0, 7)))
        return SignalStatus.CLOSED.value, None, rng.choice(self.reasons), triaged

    def _case_for(self, received: date, theme_id: int, street: str) -> CaseFacts | None:
        """A case of the theme running around ``received`` (opened at most a month later), the
        one on the same street if there is one among a few tries."""
        rng = self.world.rng
        cases = self.by_theme.get(theme_id)
        if not cases:
            return None
        end = bisect_right(self.opened[theme_id], received + timedelta(days=30))
        if end == 0:
            return None
        found: CaseFacts | None = None
        for _try in range(6):
            case = cases[rng.randrange(max(0, end - 150), end)]
            if case.closed is None or case.closed >= received:
                if case.street == street:
                    return case
                found = found or case
        return found
