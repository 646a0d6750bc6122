"""The Privacy overview: counts per kind of personal data, what expires when, the last erasures."""

from __future__ import annotations

from datetime import date

from tests.services.privacy.neighbourhood import TODAY, build
from wiec_desktop.domain.enums import ErasureKind
from wiec_desktop.services.privacy.overview import LAST_ERASURES, PrivacyOverviewService
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


def test_an_empty_database_holds_nothing(db: Database) -> None:
    overview = PrivacyOverviewService(db.session_factory, lambda: TODAY).overview()
    assert overview.counts.residents == 0 and overview.expired_total == 0
    assert overview.next_expiry is None and overview.upcoming == () and overview.erasures == ()
    assert overview.retention_months == 24


def test_counts_expiries_and_erasures(db: Database) -> None:
    ids = build(db.session_factory)
    services = Services(db.session_factory, lambda: TODAY)
    overview = services.privacy_overview.overview()
    counts = overview.counts
    assert (counts.residents, counts.residents_with_name, counts.residents_with_phone) == (2, 2, 2)
    assert (counts.consent_given, counts.addresses_with_residents) == (2, 2)
    assert (counts.visits_with_free_text, counts.visits_with_resident) == (2, 2)
    assert (counts.signals_with_text, counts.signals_with_address) == (1, 1)
    assert (overview.expired_residents, overview.expired_visits, overview.expired_signals) == (1, 1, 1)
    # The neighbour was last seen today: his record and visit expire in 24 months.
    assert overview.next_expiry == date(2028, 11, 10)
    assert [(m.month, m.residents, m.visits, m.signals) for m in overview.upcoming] == [
        (date(2028, 11, 1), 1, 1, 0)
    ]

    services.retention.remove_expired(services.retention.expired().selection(), compact=False)
    services.erasure.erase_resident(ids.other_resident, [], compact=False)
    after = services.privacy_overview.overview()
    assert after.counts.residents == 0 and after.expired_total == 0 and after.upcoming == ()
    assert [e.kind for e in after.erasures] == [ErasureKind.REQUEST, ErasureKind.RETENTION]
    assert (after.erasures[1].residents, after.erasures[1].visits, after.erasures[1].signals) == (1, 1, 1)
    assert len(after.erasures) <= LAST_ERASURES


def test_only_the_last_ten_erasures_are_shown(db: Database) -> None:
    services = Services(db.session_factory, lambda: TODAY)
    from wiec_desktop.services.privacy.removal import log_erasure

    with db.session_factory.begin() as session:
        for number in range(12):
            log_erasure(session, ErasureKind.RETENTION, residents=number)
    shown = services.privacy_overview.overview().erasures
    assert [e.residents for e in shown] == list(range(11, 1, -1))
