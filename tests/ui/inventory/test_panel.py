"""Huisbezoeken per straat by keyboard: three visits on one street, then the database and the lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from wiec_desktop.domain import Address, HouseVisit, InventoryRound, Resident, Signal, Theme
from wiec_desktop.domain.enums import SignalSource, VisitOutcome
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.inventory import InventoryPanel
from wiec_desktop.ui.inventory.models import ID_ROLE
from wiec_desktop.ui.inventory.round_dialog import RoundDialog
from wiec_desktop.ui.settings.preferences import Settings

TODAY = date(2026, 4, 20)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    with db.session_factory.begin() as session:
        themes = [Theme(name="jeugdoverlast"), Theme(name="verkeer"), Theme(name="vervuiling")]
        round_ = InventoryRound(name="voorjaar 2026", start_date=date(2026, 4, 1))
        addresses = [
            Address(street="Dreeflaan", number=n, addition=a, postcode="2548 AA")
            for n, a in ((2, ""), (4, ""), (4, "a"), (10, ""))
        ] + [Address(street="Leyweg", number=1, addition="", postcode="2545 AB")]
        session.add_all([*themes, round_, *addresses])
        session.flush()
        result = {t.name: t.id for t in themes} | {a.label: a.id for a in addresses}
        result["round"] = round_.id
        return result


@pytest.fixture
def panel(qtbot, db: Database, ids: dict[str, int]) -> Iterator[InventoryPanel]:
    context = AppContext.create(db, Settings(), today=lambda: TODAY)
    widget = InventoryPanel(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    yield widget


def _key(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the focus is, as the user would type it."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def _street_text(panel: InventoryPanel, street: str) -> str:
    model = panel.streets_model
    return model.index(model.row_of(street), 1).data()


def test_three_visits_on_one_street_by_keyboard(
    qtbot, panel: InventoryPanel, db: Database, ids: dict[str, int]
) -> None:
    form = panel.form
    assert panel.round_combo.currentData() == ids["round"]
    assert panel.street == "Dreeflaan" and panel.address_id == ids["Dreeflaan 2"]
    assert _street_text(panel, "Dreeflaan") == "0 van 4"
    assert [panel.addresses_model.index(r, 0).data() for r in range(4)] == ["2", "4", "4a", "10"]

    # Visit 1: spoken, rating 7, a theme, a problem; first without an outcome and with an empty consent.
    panel.addresses_view.setFocus()
    qtbot.keyClicks(form.visitors, "Voorzitter en wijkagent")
    form.consent.setFocus()
    _key(qtbot, Qt.Key.Key_Space)
    assert form.consent.isChecked() and form.resident_name.isEnabled()
    _key(qtbot, Qt.Key.Key_Return, CTRL)
    assert "uitkomst" in form.left.error_text("outcome")
    form.consent.setFocus()
    _key(qtbot, Qt.Key.Key_1)  # outcome "gesproken": the rating bar now takes the digit
    assert form.outcome.value() is VisitOutcome.SPOKEN
    assert QApplication.focusWidget() is form.rating
    _key(qtbot, Qt.Key.Key_7)
    assert form.rating.value() == 7 and form.outcome.value() is VisitOutcome.SPOKEN
    _key(qtbot, Qt.Key.Key_Return, CTRL)
    assert "naam of telefoonnummer" in form.right.error_text("resident_name")
    assert form.left.error_text("outcome") == ""
    form.consent.setFocus()
    _key(qtbot, Qt.Key.Key_Space)  # no consent after all: name and phone are off
    assert not form.resident_name.isEnabled()
    form.theme_boxes[ids["verkeer"]].setFocus()
    _key(qtbot, Qt.Key.Key_Space)
    qtbot.keyClicks(form.experience, "Rustig, maar er wordt hard gereden.")
    form.problems.add_button.setFocus()
    _key(qtbot, Qt.Key.Key_Space)  # a problem row; its theme follows the one ticked theme
    qtbot.keyClicks(QApplication.focusWidget(), "Te hard rijden bij de school (30 km)")
    form.wants_to_participate.setFocus()
    _key(qtbot, Qt.Key.Key_Space)
    _key(qtbot, Qt.Key.Key_Return, CTRL)
    assert panel.address_id == ids["Dreeflaan 4"]  # moved on
    assert form.outcome.value() is None and form.rating.value() is None and not form.problems.rows
    assert form.visitors.text() == "Voorzitter en wijkagent"  # remembered
    assert _street_text(panel, "Dreeflaan") == "1 van 4"

    # Visit 2: niet thuis. Visit 3: geweigerd. Keys only.
    _key(qtbot, Qt.Key.Key_2)
    _key(qtbot, Qt.Key.Key_Return, CTRL)
    assert panel.address_id == ids["Dreeflaan 4a"]
    panel.addresses_view.setFocus()  # the keys work from the address list too
    _key(qtbot, Qt.Key.Key_3)
    _key(qtbot, Qt.Key.Key_Return, CTRL)
    assert panel.address_id == ids["Dreeflaan 10"]

    with db.session_factory() as session:
        visits = session.scalars(select(HouseVisit).order_by(HouseVisit.id)).all()
        assert [(v.address_id, v.outcome, v.rating) for v in visits] == [
            (ids["Dreeflaan 2"], VisitOutcome.SPOKEN, 7),
            (ids["Dreeflaan 4"], VisitOutcome.NOT_HOME, None),
            (ids["Dreeflaan 4a"], VisitOutcome.REFUSED, None),
        ]
        assert all(v.round_id == ids["round"] and v.visited_on == TODAY for v in visits)
        assert {v.visitors for v in visits} == {"Voorzitter en wijkagent"}
        first = visits[0]
        assert [t.name for t in first.themes] == ["verkeer"]
        assert first.experience == "Rustig, maar er wordt hard gereden."
        assert first.wants_to_participate and first.resident_id is None
        signals = session.scalars(select(Signal)).all()
        assert [(s.text, s.theme_id, s.address_id, s.house_visit_id, s.source) for s in signals] == [
            (
                "Te hard rijden bij de school (30 km)",
                ids["verkeer"],
                ids["Dreeflaan 2"],
                first.id,
                SignalSource.HOUSE_VISIT,
            )
        ]
        assert session.scalars(select(Resident)).all() == []

    assert _street_text(panel, "Dreeflaan") == "3 van 4"
    assert _street_text(panel, "Leyweg") == "0 van 1"
    states = [panel.addresses_model.index(r, 1).data() for r in range(4)]
    assert states == ["Gesproken", "Niet thuis", "Geweigerd", "Niet bezocht"]
    assert "3 van 5 adressen bezocht, met 1 gesproken" in panel.totals.text()
    panel.hide()
    panel.show()  # back on the tab: reloaded, still on the same street and address
    assert (panel.street, panel.address_id) == ("Dreeflaan", ids["Dreeflaan 10"])


def test_without_a_round_the_form_waits_for_a_new_round(
    qtbot, panel: InventoryPanel, db: Database, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session_factory.begin() as session:
        session.delete(session.get(InventoryRound, ids["round"]))
    panel.round_combo.clear()
    panel.reload()
    assert not panel.form.isEnabled() and "Nieuwe ronde" in panel.empty_hint.text()

    def fill(dialog: RoundDialog) -> int:
        dialog.name.setText("najaar 2026")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RoundDialog, "exec", fill)
    panel.new_round()
    assert panel.round_combo.currentText().startswith("najaar 2026")
    assert panel.form.isEnabled() and panel.address_id is not None
    index = panel.streets_model.index(0, 0)
    assert index.data(ID_ROLE) == "Dreeflaan"
