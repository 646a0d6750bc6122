"""A service write on a database whose disk is full: the known ``DiskFull`` (not a raw
OperationalError), nothing half-written, the database whole, and the same write works once there
is room again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DEMO_TODAY
from tests.fault_disk.conftest import SmallDisk, integrity
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import open_database
from wiec_desktop.storage.errors import DiskFull


@pytest.fixture
def database_on_small_disk(small_disk: SmallDisk, demo_template: Path) -> Path:
    path = small_disk.mount / "wiec.sqlite"
    shutil.copyfile(demo_template, path)
    return path


def test_a_service_write_on_a_full_disk_is_disk_full_and_the_database_stays_whole(
    small_disk: SmallDisk, database_on_small_disk: Path
) -> None:
    database = open_database(database_on_small_disk)
    try:
        services = Services(database.session_factory, today=lambda: DEMO_TODAY)
        small_disk.fill()
        long_text = "Bewoners melden overlast in het trappenhuis. " * 2000  # ~90 KB: more than is left
        with pytest.raises(DiskFull) as raised:
            services.cases.create_case("Overlast trappenhuis", description=long_text[:20000])
        assert "schijf" in raised.value.message
        small_disk.make_room()
        created = services.cases.create_case("Overlast trappenhuis", description=long_text[:20000])
        assert services.cases.get_case(created.id).title == "Overlast trappenhuis"
    finally:
        database.close()
    assert integrity(database_on_small_disk) == "ok"


def test_an_update_on_a_full_disk_changes_nothing(
    small_disk: SmallDisk, database_on_small_disk: Path
) -> None:
    database = open_database(database_on_small_disk)
    try:
        services = Services(database.session_factory, today=lambda: DEMO_TODAY)
        organisation = services.organisations.create_organisation("Stichting Buurtwerk Test")
        small_disk.fill()
        with pytest.raises(DiskFull):
            services.organisations.update_organisation(
                organisation.id, notes="Afspraken over de inloop. " * 400
            )
        assert services.organisations.get_organisation(organisation.id).notes == ""
    finally:
        database.close()
    small_disk.make_room()
    assert integrity(database_on_small_disk) == "ok"
