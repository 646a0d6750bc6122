"""Opdrachten and Wijken en thema's through the main window's Opdracht menu, on the demo data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import ReportCadence
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.assignments import assignment_dialog, taxonomy_dialog
from wiec_desktop.ui.assignments.assignment_dialog import AssignmentDialog
from wiec_desktop.ui.assignments.taxonomy_dialog import FormDialog, TaxonomyDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import GENERAL
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow


class Answers:
    """Stands in for ``ask``: gives the queued answers in turn and keeps the questions."""

    def __init__(self, *answers: int) -> None:
        self.answers = list(answers)
        self.questions: list[str] = []

    def __call__(self, _parent, _title: str, text: str, _buttons, **_kwargs) -> int:
        self.questions.append(text)
        return self.answers.pop(0)


@pytest.fixture
def window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.context.database.close()


def _open_assignments(qtbot, window: MainWindow) -> AssignmentDialog:
    window.assignments_action.trigger()
    dialog = window.assignment_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_menu_and_status_bar_show_the_current_assignment(window: MainWindow) -> None:
    titles = [action.text() for action in window.menuBar().actions()]
    assert "&Opdracht" in titles
    assert window.assignments_action.text() == "&Opdrachten beheren…"
    assert window.taxonomy_action.text() == "&Wijken en thema's…"
    text = window.assignment_label.text()
    assert text.startswith("Opdracht: Onafhankelijk voorzitter wijkaanpak")
    assert text.endswith("— nog 122 dagen van 363")
    assert window.context.services.dashboard.summary().assignment_days_left == 122


def test_create_an_assignment_make_it_current_and_the_window_follows(qtbot, window: MainWindow) -> None:
    dialog = _open_assignments(qtbot, window)
    assert dialog.list_model.rowCount() == 1
    assert (
        dialog.list_model.item(0)
        .text()
        .startswith("Onafhankelijk voorzitter wijkaanpak Wateringseveld  (huidig)")
    )
    assert dialog.progress.text() == "nog 122 dagen van 363"
    assert dialog.current_label.isVisible() and not dialog.current_button.isEnabled()

    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.heading.text() == "Nieuwe opdracht"
    receivers = dialog.recipients.checked_values()
    assert receivers, "report recipients are ticked for a new assignment"
    qtbot.keyClicks(dialog.title_edit, "Vervolgopdracht Wateringseveld 2027")
    dialog.client.setCurrentIndex(dialog.client.findText("Stadsdeel Escamp"))
    dialog.start_date.setDate(QDate(2027, 3, 13))
    dialog.end_date.setDate(QDate(2028, 3, 11))
    assert dialog.progress.text() == "begint over 123 dagen (365 dagen)"
    dialog.cadence.setCurrentIndex(dialog.cadence.findData(ReportCadence.WEEKLY))
    dialog.areas.model_.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.notes, "Verlenging na evaluatie")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.list_model.rowCount() == 2
    assert dialog.heading.text() == "Vervolgopdracht Wateringseveld 2027"
    new_id = dialog.assignment_id
    saved = window.context.services.assignments.get(new_id)
    assert (saved.client.name, saved.report_cadence, saved.is_current) == (
        "Stadsdeel Escamp",
        "weekly",
        False,
    )
    assert saved.start_date == date(2027, 3, 13) and saved.notes == "Verlenging na evaluatie"
    assert [a.name for a in saved.areas] == ["Wateringseveld"]
    assert sorted(c.id for c in saved.recipients) == sorted(receivers)
    assert window.assignment_label.text().startswith("Opdracht: Onafhankelijk")  # not current yet

    assert dialog.current_button.isEnabled()
    qtbot.mouseClick(dialog.current_button, Qt.MouseButton.LeftButton)
    assert window.context.services.assignments.current().id == new_id
    assert dialog.list_model.item(0).text().startswith("Vervolgopdracht Wateringseveld 2027  (huidig)")
    assert window.assignment_label.text() == (
        "Opdracht: Vervolgopdracht Wateringseveld 2027 — begint over 123 dagen (365 dagen)"
    )
    old_pages = window.built_pages()
    dialog.reject()
    qtbot.waitUntil(lambda: window.assignment_dialog is None)
    assert window.page(0) is not old_pages[0]  # pages rebuilt after the change
    assignment_filter = window.page(1).primary.findChild(QComboBox, "filter_assignment")
    assert assignment_filter.currentData() == new_id  # the case list follows the new current one
    overview = window.page(0)
    overview.refresh()
    assert overview.assignment.text().startswith("Vervolgopdracht Wateringseveld 2027")


def test_inline_errors_unsaved_changes_and_delete_refusal(qtbot, window: MainWindow, monkeypatch) -> None:
    dialog = _open_assignments(qtbot, window)
    dialog.title_edit.clear()
    dialog.end_date.setDate(QDate(2026, 1, 1))
    assert dialog.progress.text() == "einddatum ligt vóór de startdatum"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("title") == "Titel is verplicht."
    assert dialog.form.error_text("end_date") == "De einddatum ligt vóór de startdatum."
    assert dialog.focusWidget() is dialog.title_edit

    answers = Answers(2, 1)  # Annuleren, then Niet opslaan
    monkeypatch.setattr(assignment_dialog, "ask", answers)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.assignment_id is not None and dialog.title_edit.text() == ""  # stayed
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.assignment_id is None and dialog.heading.text() == "Nieuwe opdracht"
    assert answers.questions == ["De opdracht heeft wijzigingen die nog niet zijn opgeslagen."] * 2

    dialog.reload()
    monkeypatch.setattr(assignment_dialog, "ask", Answers(0))  # yes, delete
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    message = dialog.form.error_text(GENERAL)
    assert message.startswith(
        "Opdracht ‘Onafhankelijk voorzitter wijkaanpak Wateringseveld’ wordt nog gebruikt door"
    )
    assert "casussen" in message and "overleggen" in message
    assert dialog.list_model.rowCount() == 1


def test_delete_an_unused_assignment(qtbot, window: MainWindow, monkeypatch) -> None:
    services = window.context.services
    spare = services.assignments.create("Proefperiode", date(2026, 1, 1), date(2026, 2, 28))
    dialog = _open_assignments(qtbot, window)
    dialog.list_view.setCurrentIndex(dialog.list_model.index(dialog.row_of(spare.id), 0))
    assert dialog.assignment_id == spare.id and dialog.progress.text() == "afgelopen (59 dagen)"
    monkeypatch.setattr(assignment_dialog, "ask", Answers(0))
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.list_model.rowCount() == 1
    assert [a.title for a in services.assignments.list()] == [
        "Onafhankelijk voorzitter wijkaanpak Wateringseveld"
    ]


# --- areas and themes ------------------------------------------------------------------------


def _open_taxonomy(qtbot, window: MainWindow) -> TaxonomyDialog:
    window.taxonomy_action.trigger()
    dialog = window.taxonomy_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _row_texts(tab) -> list[tuple[str, ...]]:
    rows = []
    for info in tab.infos():
        index = tab.index_of(info.id)
        rows.append(tuple(index.siblingAtColumn(c).data() for c in range(tab.model.columnCount())))
    return rows


def _editor(qtbot, tab) -> FormDialog:
    qtbot.waitUntil(lambda: tab.editor is not None and tab.editor.isVisible())
    return tab.editor


def test_areas_tab_shows_the_tree_with_usage_and_adds_a_buurt(qtbot, window: MainWindow) -> None:
    dialog = _open_taxonomy(qtbot, window)
    areas = dialog.areas
    rows = _row_texts(areas)
    assert rows[0] == ("Wateringseveld", "Wijk", "1 opdracht, 4 buurten")
    assert rows[1][1] == "Buurt" and "casussen" in rows[1][2] and "adressen" in rows[1][2]
    assert areas.model.rowCount() == 1 and areas.model.item(0).rowCount() == 4  # buurten under the wijk
    assert areas.count_label.text() == "1 wijk, 4 buurten"

    areas.select(areas.infos()[0].id)  # the wijk: a new area becomes a buurt in it
    qtbot.mouseClick(areas.new_button, Qt.MouseButton.LeftButton)
    editor = _editor(qtbot, areas)
    name = editor.form.fields["name"]
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "dreven en gaarden")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.form.error_text("name") == "Er bestaat al een wijk of buurt met deze naam."
    name.clear()
    qtbot.keyClicks(name, "Leyweg-Zuid")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: areas.editor is None)
    assert areas.current().name == "Leyweg-Zuid"
    assert areas.current().parent_name == "Wateringseveld"
    assert areas.count_label.text() == "1 wijk, 5 buurten"


def test_merge_two_themes_through_the_dialog(qtbot, window: MainWindow) -> None:
    services = window.context.services
    dialog = _open_taxonomy(qtbot, window)
    dialog.tabs.setCurrentIndex(1)
    themes = dialog.themes
    by_name = {info.name: info for info in themes.infos()}
    source, target = by_name["drugsoverlast"], by_name["veiligheid"]
    expected = {
        key: source.usage.counts.get(key, 0) + target.usage.counts.get(key, 0) for key in ("cases", "signals")
    }
    themes.select(source.id)
    qtbot.mouseClick(themes.merge_button, Qt.MouseButton.LeftButton)
    editor = _editor(qtbot, themes)
    assert "Alles wat naar ‘drugsoverlast’ verwijst (" in editor.intro.text()
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)  # nothing chosen yet
    assert editor.form.error_text("target") == "Kies het thema waarmee u wilt samenvoegen."
    combo = editor.form.fields["target"]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("veiligheid"))
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: themes.editor is None)

    assert "drugsoverlast" not in [info.name for info in themes.infos()]
    assert themes.current().name == "veiligheid"
    merged = services.taxonomy.theme_usage(target.id)
    assert {key: merged.counts.get(key, 0) for key in expected} == expected
    assert themes.count_label.text() == "7 thema's, 7 actief"
    dialog.reject()
    qtbot.waitUntil(lambda: window.taxonomy_dialog is None)
    cases = window.page(1).primary
    theme_filter = cases.findChild(QComboBox, "filter_theme")
    options = [theme_filter.itemText(n) for n in range(theme_filter.count())]  # rebuilt with the pages
    assert "drugsoverlast" not in options and "veiligheid" in options


def test_deleting_a_theme_in_use_offers_merge_and_an_unused_one_goes(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    dialog = _open_taxonomy(qtbot, window)
    themes = dialog.themes
    first = themes.infos()[0]
    themes.select(first.id)
    answers = Answers(0, 1)  # Verwijderen, then Annuleren: the refusal stays above the list
    monkeypatch.setattr(taxonomy_dialog, "ask", answers)
    qtbot.mouseClick(themes.delete_button, Qt.MouseButton.LeftButton)
    assert answers.questions[0] == "‘drugsoverlast’ verwijderen?"
    assert answers.questions[1].startswith("Thema ‘drugsoverlast’ wordt nog gebruikt door 3 casussen")
    assert "\n\n• 3 casussen\n• 16 signalen\n• 11 huisbezoeken" in answers.questions[1]
    assert dialog.message(themes).startswith("Thema ‘drugsoverlast’ wordt nog gebruikt")
    assert themes.editor is None
    monkeypatch.setattr(taxonomy_dialog, "ask", Answers(0, 0))  # now "Samenvoegen met…"
    qtbot.mouseClick(themes.delete_button, Qt.MouseButton.LeftButton)
    editor = _editor(qtbot, themes)
    assert editor.windowTitle() == "‘drugsoverlast’ samenvoegen"
    editor.reject()
    qtbot.waitUntil(lambda: themes.editor is None)

    qtbot.mouseClick(themes.new_button, Qt.MouseButton.LeftButton)
    editor = _editor(qtbot, themes)
    qtbot.keyClicks(editor.form.fields["name"], "Parkeeroverlast")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: themes.editor is None)
    assert themes.current().name == "Parkeeroverlast"
    assert _row_texts(themes)[themes.infos().index(themes.current())] == (
        "Parkeeroverlast", "actief", "niet in gebruik",
    )  # fmt: skip
    qtbot.mouseClick(themes.active_button, Qt.MouseButton.LeftButton)
    assert themes.current().active is False and themes.active_button.text() == "Actief maken"
    monkeypatch.setattr(taxonomy_dialog, "ask", Answers(0))
    qtbot.mouseClick(themes.delete_button, Qt.MouseButton.LeftButton)
    assert "Parkeeroverlast" not in [info.name for info in themes.infos()]
    assert dialog.message(themes) == ""


def test_rename_an_area_in_use_and_refuse_merging_a_wijk_into_its_buurt(qtbot, window: MainWindow) -> None:
    dialog = _open_taxonomy(qtbot, window)
    areas = dialog.areas
    wijk = areas.infos()[0]
    buurt = areas.infos()[1]
    areas.select(buurt.id)
    qtbot.mouseClick(areas.rename_button, Qt.MouseButton.LeftButton)
    editor = _editor(qtbot, areas)
    name = editor.form.fields["name"]
    name.selectAll()
    qtbot.keyClicks(name, "Dedemsvaart-Oost")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: areas.editor is None)
    assert areas.current().name == "Dedemsvaart-Oost" and areas.current().usage == buurt.usage

    areas.select(wijk.id)
    qtbot.mouseClick(areas.merge_button, Qt.MouseButton.LeftButton)
    editor = _editor(qtbot, areas)
    combo = editor.form.fields["target"]
    combo.setCurrentIndex(combo.findText("Wateringseveld › Dedemsvaart-Oost"))
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert "een van zijn eigen buurten" in editor.form.error_text("target")
    editor.reject()
