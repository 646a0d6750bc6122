"""Adressen importeren in the GUI: the file question (patched), the preview with counts and rejected
rows, Importeren writes, Annuleren writes nothing, file errors and a changed database are shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Address, AuditEvent
from wiec_desktop.domain.enums import AuditKind
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.storage.errors import classify
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.inventory.address_import import AddressImportDialog, RowsModel, dutch_count
from wiec_desktop.ui.settings.preferences import Settings

GOOD_AND_BAD = [
    "Straat;Huisnummer;Toevoeging;Postcode;Buurt",
    "Importlaan;1;;2548 AA;Dedemsvaart",
    "Importlaan;2b;;2548aa;dedemsvaart",
    ";3;;2548 AA;Dedemsvaart",
    "Importlaan;4;;2548;Dedemsvaart",
    "Importlaan;5;;2548 AA;Atlantis",
]


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


@pytest.fixture
def choose(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path | None], list[str]]:
    """Make the file question answer ``path`` (None: cancelled); returns the filters asked with."""
    asked: list[str] = []

    def answer(path: Path | None) -> list[str]:
        def fake(_parent: object, _title: str, _folder: str, file_filter: str) -> tuple[str, str]:
            asked.append(file_filter)
            return (str(path), file_filter) if path is not None else ("", "")

        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
        return asked

    return answer


def _csv(tmp_path: Path, lines: list[str], name: str = "adressen.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _count(database: Database) -> int:
    with database.session_factory() as session:
        return session.scalar(select(func.count(Address.id))) or 0


def _rows(model: RowsModel) -> list[list[str]]:
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _open(qtbot, context: AppContext) -> AddressImportDialog:
    """Show the dialog (it asks for the file at once) and wait until the file was read."""
    dialog = AddressImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.path is not None or not dialog.isVisible())
    _wait_idle(qtbot, dialog)
    return dialog


def _wait_idle(qtbot, dialog: AddressImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.busy is None)
    assert QApplication.overrideCursor() is None


def test_preview_then_import(qtbot, context: AppContext, demo_db: Database, tmp_path: Path, choose) -> None:
    asked = choose(_csv(tmp_path, GOOD_AND_BAD))
    before = _count(demo_db)
    dialog = _open(qtbot, context)

    assert asked == ["Adressen (*.csv *.xlsx)"]
    assert dialog.summary.text() == "2 adressen worden geïmporteerd; 3 regels afgewezen"
    assert [dialog.rejected_model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Regel",
        "Gegevens",
        "Reden",
    ]
    assert _rows(dialog.rejected_model) == [
        ["4", "; 3; ; 2548 AA; Dedemsvaart", "Straat ontbreekt."],
        ["5", "Importlaan; 4; ; 2548; Dedemsvaart", "Postcode '2548' is niet van de vorm 1234 AB."],
        ["6", "Importlaan; 5; ; 2548 AA; Atlantis", "Onbekende buurt of wijk 'Atlantis'."],
    ]
    assert _rows(dialog.sample_model) == [
        ["2", "Importlaan 1", "2548 AA", "Dedemsvaart"],
        ["3", "Importlaan 2b", "2548 AA", "Dedemsvaart"],
    ]
    assert dialog.import_button.isEnabled()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.busy == "import"
    assert dialog.summary.text() == "Bezig met importeren…"
    assert not dialog.cancel_button.isEnabled()
    dialog.reject()  # Esc while importing: the dialog stays
    assert dialog.isVisible()
    _wait_idle(qtbot, dialog)

    assert _count(demo_db) == before + 2
    assert dialog.result_label.text() == "2 adressen geïmporteerd."
    assert dialog.import_button.isHidden()
    assert dialog.cancel_button.text() == "Sluiten"
    with demo_db.session_factory() as session:
        assert session.scalar(select(AuditEvent.detail).where(AuditEvent.kind == AuditKind.IMPORT)) == (
            "2 adressen"
        )
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_cancel_writes_nothing(qtbot, context: AppContext, demo_db: Database, tmp_path: Path, choose) -> None:
    choose(_csv(tmp_path, GOOD_AND_BAD))
    before = _count(demo_db)
    dialog = _open(qtbot, context)
    assert dialog.summary.text().startswith("2 adressen")

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert _count(demo_db) == before


def test_cancelling_the_file_question_closes_the_dialog(qtbot, context: AppContext, choose) -> None:
    choose(None)
    dialog = _open(qtbot, context)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_large_counts_use_dutch_thousands(qtbot, context: AppContext, tmp_path: Path, choose) -> None:
    lines = ["straat,nummer,postcode"]
    lines += [f"Telstraat,{n},2548 AA" for n in range(1, 1235)]
    lines += [f"Telstraat,x{n},2548 AA" for n in range(17)]
    choose(_csv(tmp_path, lines))
    dialog = _open(qtbot, context)

    assert dialog.summary.text() == "1.234 adressen worden geïmporteerd; 17 regels afgewezen"
    assert dialog.rejected_model.rowCount() == 17
    assert dialog.sample_model.rowCount() == 10
    assert dutch_count(1_234_567) == "1.234.567"


def test_file_error_is_shown_and_nothing_can_be_imported(
    qtbot, context: AppContext, tmp_path: Path, choose
) -> None:
    choose(_csv(tmp_path, ["Straat;Plaats", "Importlaan;Den Haag"]))
    dialog = _open(qtbot, context)

    assert dialog.error.text().startswith("De kolommen huisnummer en postcode ontbreken")
    assert not dialog.error.isHidden()
    assert dialog.summary.isHidden()
    assert not dialog.import_button.isEnabled()

    # another file replaces the error with its preview
    choose(_csv(tmp_path, GOOD_AND_BAD, "goed.csv"))
    dialog.choose_file()
    assert dialog.busy == "read"
    assert dialog.summary.text() == "Het bestand wordt gelezen…"
    assert not dialog.import_button.isEnabled()
    _wait_idle(qtbot, dialog)
    assert dialog.error.isHidden()
    assert dialog.summary.text().startswith("2 adressen")
    assert dialog.import_button.isEnabled()


def test_wrong_type_and_nothing_good(qtbot, context: AppContext, tmp_path: Path, choose) -> None:
    text = tmp_path / "adressen.txt"
    text.write_text("Straat;Huisnummer;Postcode\n", encoding="utf-8")
    choose(text)
    dialog = _open(qtbot, context)
    assert dialog.error.text().startswith("Alleen CSV-bestanden (.csv) en Excel-werkmappen (.xlsx)")

    choose(_csv(tmp_path, ["straat;nummer;postcode", ";1;2548 AA"]))
    dialog.choose_file()
    _wait_idle(qtbot, dialog)
    assert dialog.summary.text() == "Er zijn geen adressen om te importeren; 1 regel afgewezen"
    assert not dialog.import_button.isEnabled()


def test_database_changed_after_preview(
    qtbot, context: AppContext, demo_db: Database, tmp_path: Path, choose
) -> None:
    choose(_csv(tmp_path, GOOD_AND_BAD))
    dialog = _open(qtbot, context)
    with demo_db.session_factory.begin() as session:
        session.add(Address(street="Importlaan", number=1, addition="", postcode="2548 AA"))
    before = _count(demo_db)

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)

    assert _count(demo_db) == before
    assert dialog.error.text().startswith("Intussen staat 1 van deze adressen al in de database (regel 2)")
    # the preview was read again: the address added meanwhile is now rejected as a duplicate
    assert dialog.summary.text() == "1 adres wordt geïmporteerd; 4 regels afgewezen"
    assert ["2", "Importlaan; 1; ; 2548 AA; Dedemsvaart", "Dubbel adres: staat al in de database."] in _rows(
        dialog.rejected_model
    )


def test_storage_error_during_import_is_shown_and_can_be_retried(
    qtbot, context: AppContext, demo_db: Database, tmp_path: Path, choose, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose(_csv(tmp_path, GOOD_AND_BAD))
    dialog = _open(qtbot, context)
    before = _count(demo_db)

    def locked(_preview: object) -> int:
        # what the service boundary makes of a locked database (services.base.storage_errors)
        known = classify(OperationalError("INSERT", {}, Exception("database is locked")))
        assert known is not None
        raise known

    monkeypatch.setattr(context.services.address_import, "import_rows", locked)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)

    assert dialog.error.text().startswith("De database is in gebruik door een ander programma.")
    assert dialog.error.text().endswith("Er is niets geïmporteerd.")
    assert dialog.import_button.isEnabled()
    assert dialog.cancel_button.isEnabled()
    assert _count(demo_db) == before


def test_the_file_menu_imports_addresses_and_the_lists_follow(
    qtbot, context: AppContext, demo_db: Database, tmp_path: Path, choose
) -> None:
    from wiec_desktop.ui.shell.main_window import MainWindow

    choose(_csv(tmp_path, GOOD_AND_BAD))
    window = MainWindow(context)
    qtbot.addWidget(window)
    before = _count(demo_db)
    window.import_addresses_action.trigger()
    dialog = window.findChild(AddressImportDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.path is not None)
    _wait_idle(qtbot, dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    assert _count(demo_db) == before + 2
