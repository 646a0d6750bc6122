"""Wie doet wat: cases × organisations with each role, the flags, and the export to Excel.

The matrix is built by ``MatrixService`` for the chosen filter (bounded: one row per matching case)
and shown through ``MatrixModel``. Number and title stay in view while the organisations scroll: a
second table on the left shows those two columns of the same model and selection. The detail pane
shows the selected case. The Excel file is written on a worker thread, with a busy bar meanwhile.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.exports import documents
from wiec_desktop.services.partners.matrix import FlagKind, Matrix, MatrixFlag
from wiec_desktop.services.partners.overlap_finder import OverlapFinder
from wiec_desktop.services.validation import NotFound
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.detail_pane import DetailPane
from wiec_desktop.ui.common.errors import known_error_text
from wiec_desktop.ui.common.list_page import SEARCH_DELAY_MS, SearchBox, filter_combo
from wiec_desktop.ui.common.section_page import SectionPage, enum_options
from wiec_desktop.ui.matrix.header import UprightHeader
from wiec_desktop.ui.matrix.model import (
    COL_FLAGS,
    COL_REFERENCE,
    COL_TITLE,
    FIRST_ORGANISATION,
    FLAGS_ROLE,
    MatrixModel,
)
from wiec_desktop.ui.privacy_preview.choice import ExportChoice

FROZEN_COLUMNS = 2  # number and title stay in view
TITLE_WIDTH = 240
FLAGS_WIDTH = 240
WIDTHS_KEY = "matrix"  # the chair's column widths in the settings
DETAIL_HEIGHT = 190
FILE_FILTER = QT_TRANSLATE_NOOP("FileFilters", "Excel-werkmap (*.xlsx)")
SYNC_ROWS = 2000  # a matrix of more cases is built on a worker thread (its first rows shown at once)
FIRST_ROWS = 200  # … those first rows
OVERLAP_NOW = 300  # up to this many cases the overlap check is done with the build, more in chunks:
OVERLAP_CHUNK = 40  # cases checked per background job, those in view first


class MatrixPage(SectionPage):
    """The matrix with its filters; it is its own ``primary`` (shell, smoke check and tests use the
    same ``model``, ``view``, ``detail_pane``, ``count_label``, ``search`` as on list pages)."""

    list_name = "cases"  # the detail pane shows the selected case

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.matrix: Matrix | None = None
        self.loaded = False
        self.building = False
        self.exporting = False
        self.last_export: Path | None = None
        self._selected_id: int | None = None
        self._generation = 0  # the latest build asked for; older results are dropped
        self._arguments: dict[str, Any] = {}  # the filter of the matrix shown
        self._finder: OverlapFinder | None = None  # the shown matrix's overlap check, kept between chunks
        self.checking = False  # the overlap flags are being filled in, a chunk at a time
        self.runner = Runner()  # no parent: outlives the page while a job still runs
        self.runner.finished.connect(self._task_finished)
        self.runner.failed.connect(self._task_failed)

        self.model = MatrixModel(self)
        self._build_header_row()
        self._build_filter_row()
        self._build_views()
        self._build_status_row()

    # --- layout --------------------------------------------------------------------------------

    def _build_header_row(self) -> None:
        self.title_label = QLabel(self.tr("Wie doet wat"), self)
        self.title_label.setObjectName("pageTitle")
        self.search = SearchBox(self)
        self.search.setPlaceholderText(self.tr("Zoek op nummer, titel of locatie…"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.reload())
        self.search.textChanged.connect(self._search_timer.start)
        self.export_button = QPushButton(self.tr("Exporteren naar Excel…"), self)
        self.export_button.setObjectName("exportMatrix")
        self.export_button.setToolTip(self.tr("De matrix zoals getoond opslaan als Excel-werkmap"))
        self.export_button.clicked.connect(self.export_to_excel)
        row = QHBoxLayout()
        row.addWidget(self.title_label)
        row.addStretch(1)
        row.addWidget(self.search)
        row.addWidget(self.export_button)
        self.layout_.addLayout(row)

    def _build_filter_row(self) -> None:
        reference = self.context.services.reference_data
        row = QHBoxLayout()
        row.setSpacing(8)
        self.area_combo = self._combo(
            row, "area", self.tr("Wijk:"), reference.areas(), self.tr("Alle wijken")
        )
        self.theme_combo = self._combo(
            row, "theme", self.tr("Thema:"), reference.themes(), self.tr("Alle thema's")
        )
        self.status_combo = self._combo(
            row, "status", self.tr("Status:"), enum_options(CaseStatus), self.tr("Alle statussen")
        )
        self.closed_check = QCheckBox(self.tr("Ook afgesloten"), self)
        self.closed_check.setObjectName("filter_closed")
        self.closed_check.setToolTip(self.tr("Afgesloten casussen ook tonen (zonder signalering)"))
        self.closed_check.toggled.connect(lambda _on: self.reload())
        self.flagged_check = QCheckBox(self.tr("Alleen met signalering"), self)
        self.flagged_check.setObjectName("filter_flagged")
        self.flagged_check.setToolTip(self.tr("Alleen casussen zonder trekker of met mogelijke overlap"))
        self.flagged_check.toggled.connect(lambda _on: self._show_matrix())
        row.addSpacing(8)
        row.addWidget(self.closed_check)
        row.addWidget(self.flagged_check)
        row.addStretch(1)
        self.layout_.addLayout(row)

    def _combo(self, row: QHBoxLayout, name: str, label: str, options: Any, all_text: str) -> QComboBox:
        combo = filter_combo(self, name, options, all_text)
        combo.currentIndexChanged.connect(lambda _i: self.reload())
        caption = QLabel(label, self)
        caption.setBuddy(combo)
        row.addWidget(caption)
        row.addWidget(combo)
        return combo

    def _build_views(self) -> None:
        self.view = self._table(scrolling=True)
        self.frozen_view = self._table(scrolling=False)
        self.frozen_view.setObjectName("matrixFrozen")
        self.frozen_view.setSelectionModel(self.view.selectionModel())
        self.frozen_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen_view.verticalScrollBar().valueChanged.connect(self.view.verticalScrollBar().setValue)
        self.view.verticalScrollBar().valueChanged.connect(self.frozen_view.verticalScrollBar().setValue)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self._sizing = False
        self._widths_timer = QTimer(self)
        self._widths_timer.setSingleShot(True)
        self._widths_timer.setInterval(400)
        self._widths_timer.timeout.connect(self._save_widths)
        for view in (self.view, self.frozen_view):
            view.horizontalHeader().sectionResized.connect(self._column_dragged)

        tables = QWidget(self)
        box = QHBoxLayout(tables)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.frozen_view)
        box.addWidget(self.view, 1)
        # The matrix needs the width; the selected case is shown below it.
        self.detail_pane = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(tables)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([500, DETAIL_HEIGHT])
        self.layout_.addWidget(self.splitter, 1)

    def _table(self, *, scrolling: bool) -> QTableView:
        view = QTableView(self)
        view.setHorizontalHeader(UprightHeader(view))
        view.setProperty("scrollsSideways", True)  # a column per organisation: may be wider than the window
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        # Both tables keep a horizontal scroll bar so that their rows stay level at the bottom.
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        if not scrolling:
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.horizontalHeader().setStretchLastSection(False)
        return view

    def _build_status_row(self) -> None:
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: the workbook is written in one go
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.export_label = QLabel(self)
        self.export_label.setObjectName("countLabel")
        self.export_label.setMinimumWidth(40)  # a long file name is cut off, not widening the window
        self.open_folder_button = QPushButton(self.tr("Map openen"), self)
        self.open_folder_button.setObjectName("openExportFolder")
        self.open_folder_button.clicked.connect(self.open_export_folder)
        self.open_folder_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addStretch(1)
        row.addWidget(self.progress)
        row.addWidget(self.export_label)
        row.addWidget(self.open_folder_button)
        self.layout_.addLayout(row)

    # --- what the shell, the smoke check and the tests use -------------------------------------

    @property
    def primary(self) -> MatrixPage:  # type: ignore[override]
        return self

    def ensure_loaded(self) -> None:
        """Show a matrix now (the smoke check and tests ask): built here if none is shown yet."""
        if not self.loaded:
            self.reload(wait=True)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # cases and involvements may have changed on other pages

    # --- data ----------------------------------------------------------------------------------

    def reload(self, *, wait: bool = False) -> None:
        """Build the matrix for the current filter and show it; the window never waits for it.

        Up to ``SYNC_ROWS`` cases the rows, cells and trekker flags take milliseconds and are shown
        at once (``wait``: always so). A larger matrix shows its first ``FIRST_ROWS`` at once and
        is built whole on a worker thread meanwhile (the filters stay usable, and only the result
        of the latest filter is shown). The overlap check, the costly part, is done with the build
        up to ``OVERLAP_NOW`` cases; beyond that it is filled in afterwards on the worker thread,
        ``OVERLAP_CHUNK`` cases at a time, those in view first (``checking`` meanwhile).
        """
        status = self.status_combo.currentData()
        arguments: dict[str, Any] = {
            "area_id": self.area_combo.currentData(),
            "theme_id": self.theme_combo.currentData(),
            "status": CaseStatus(status) if status else None,
            "include_closed": self.closed_check.isChecked(),
            "search": self.search.text().strip(),
        }
        matrices = self.context.services.matrix
        self._generation += 1
        self._arguments = arguments
        self._finder = None
        self.checking = False
        count = matrices.count(**arguments)
        if wait or count <= SYNC_ROWS:
            self.building = False
            self._update_progress()
            self._apply(matrices.build(**arguments, overlap=count <= OVERLAP_NOW))
            self._check_overlap()
            return
        self.building = True
        self.export_button.setEnabled(False)
        self._update_progress()
        self._apply(matrices.build(**arguments, overlap=False, limit=FIRST_ROWS))
        self.count_label.setText(self.tr("De matrix wordt opgebouwd…"))
        self.runner.run(("build", self._generation), lambda: matrices.build(**arguments, overlap=False))

    def _check_overlap(self) -> None:
        """Ask the worker thread for the overlap flags of the next chunk of cases (those in view
        first), or stop when every case is checked."""
        matrix = self.matrix
        if matrix is None or matrix.overlap_checked:
            self.checking = False
            self._update_count()
            return
        if not self.checking:
            self.checking = True
            self._update_count()
        case_ids = self._next_to_check(matrix)
        matrices, finder = self.context.services.matrix, self._finder

        def work() -> tuple[OverlapFinder, list[int], dict[int, MatrixFlag]]:
            found_by = finder or matrices.overlap_finder()
            return found_by, case_ids, matrices.find_overlaps(found_by, matrix, case_ids)

        self.runner.run(("overlap", self._generation), work)

    def _next_to_check(self, matrix: Matrix) -> list[int]:
        """Up to ``OVERLAP_CHUNK`` unchecked cases: those in view (and just below) first."""
        unchecked = matrix.overlap_unchecked
        first = max(self.view.rowAt(0), 0)
        model = self.model
        wanted: list[int] = []
        for row in range(first, min(first + 2 * OVERLAP_CHUNK, model.rowCount())):
            case_id = model.record_id(row)
            if case_id in unchecked:
                wanted.append(case_id)
        if len(wanted) < OVERLAP_CHUNK:
            chosen = set(wanted)
            for item in matrix.rows:
                if item.case_id in unchecked and item.case_id not in chosen:
                    wanted.append(item.case_id)
                    if len(wanted) >= OVERLAP_CHUNK:
                        break
        return wanted[:OVERLAP_CHUNK]

    def _overlap_found(
        self, finder: OverlapFinder, case_ids: list[int], found: dict[int, MatrixFlag]
    ) -> None:
        matrix = self.matrix
        assert matrix is not None
        self._finder = finder
        matrix.add_overlaps(case_ids, found)
        if self.flagged_check.isChecked() and found:
            self._show_matrix()  # newly flagged cases join the rows shown
        else:
            self.model.flags_changed(found)
            if self._selected_id in found:
                self._row_changed(self.view.currentIndex(), QModelIndex())
            self._update_count()
        self._check_overlap()

    def _apply(self, matrix: Matrix) -> None:
        self.matrix = matrix
        self.loaded = True
        self._show_matrix()

    def _update_progress(self) -> None:
        self.progress.setVisible(self.building or self.exporting)

    def _show_matrix(self) -> None:
        keep = self._selected_id
        self.model.set_matrix(self.matrix, only_flagged=self.flagged_check.isChecked())
        self._size_columns()
        matrix = self.matrix
        total = self.model.total
        self._update_count()
        self.export_button.setEnabled(
            bool(matrix and matrix.rows) and not self.exporting and not self.building
        )
        if total:
            row = self.model.row_of_id(keep) if keep is not None else None
            self.view.setCurrentIndex(self.model.index(row or 0, COL_FLAGS))
        else:
            self._selected_id = keep
            self.detail_pane.clear(self.tr("Geen casussen gevonden."))

    def _update_count(self) -> None:
        matrix = self.matrix
        total = self.model.total
        flagged = matrix.flagged_count if matrix else 0
        noun = self.tr("casus") if total == 1 else self.tr("casussen")
        if self.checking:
            text = self.tr("{total} {noun} · {flagged} met signalering · overlap wordt nagekeken…")
        else:
            text = self.tr("{total} {noun} · {flagged} met signalering")
        self.count_label.setText(text.format(total=total, noun=noun, flagged=flagged))

    def _size_columns(self) -> None:
        """Number, title and signals at their widths (the chair's, once dragged), the organisation
        columns narrow (their names are written upwards), the first two frozen on the left."""
        metrics = self.view.fontMetrics()
        role_width = max(metrics.horizontalAdvance(text) for text in ("Trekker", "Partner", "Geïnf.")) + 18
        chosen = self.context.settings.column_widths(WIDTHS_KEY)
        widths = {
            COL_REFERENCE: chosen.get("reference", metrics.horizontalAdvance("2026-0000") + 16),
            COL_TITLE: chosen.get("title", TITLE_WIDTH),
            COL_FLAGS: chosen.get("flags", FLAGS_WIDTH),
        }
        organisation_width = chosen.get("organisation", max(role_width, metrics.height() + 12))
        self._sizing = True
        try:
            for view in (self.view, self.frozen_view):
                header = view.horizontalHeader()
                header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
                for column, width in widths.items():
                    header.resizeSection(column, width)
                for column in range(FIRST_ORGANISATION, self.model.columnCount()):
                    header.resizeSection(column, organisation_width)
                header.updateGeometry()
            for column in range(self.model.columnCount()):
                frozen = column < FROZEN_COLUMNS
                self.view.setColumnHidden(column, frozen)
                self.frozen_view.setColumnHidden(column, not frozen)
            self._fit_frozen()
            height = max(self.view.horizontalHeader().sizeHint().height(), 24)
            for view in (self.view, self.frozen_view):
                view.horizontalHeader().setFixedHeight(height)
        finally:
            self._sizing = False

    def _fit_frozen(self) -> None:
        frozen_width = sum(self.frozen_view.columnWidth(c) for c in range(FROZEN_COLUMNS))
        self.frozen_view.setFixedWidth(frozen_width + 2 * self.frozen_view.frameWidth())

    def _column_dragged(self, column: int, old: int, new: int) -> None:
        """The chair dragged a column: kept (one width for all organisation columns)."""
        if self._sizing or old == 0 or new == 0:
            return
        if column < FROZEN_COLUMNS:
            self._fit_frozen()
        if column >= FIRST_ORGANISATION:  # all organisations alike, as they were
            self._sizing = True
            try:
                header = self.view.horizontalHeader()
                for other in range(FIRST_ORGANISATION, self.model.columnCount()):
                    if other != column:
                        header.resizeSection(other, new)
            finally:
                self._sizing = False
        self._widths_timer.start()

    def _save_widths(self) -> None:
        frozen, view = self.frozen_view.horizontalHeader(), self.view.horizontalHeader()
        widths = {
            "reference": frozen.sectionSize(COL_REFERENCE),
            "title": frozen.sectionSize(COL_TITLE),
            "flags": view.sectionSize(COL_FLAGS),
        }
        if self.model.columnCount() > FIRST_ORGANISATION:
            widths["organisation"] = view.sectionSize(FIRST_ORGANISATION)
        self.context.settings.set_column_widths(WIDTHS_KEY, {k: v for k, v in widths.items() if v > 0})

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        case_id = self._selected_id = self.model.record_id(current.row())
        try:
            detail = self.context.services.details.get("cases", case_id)
        except NotFound:
            self.detail_pane.clear(self.tr("Deze casus bestaat niet meer. Ververs de matrix."))
        else:
            self.detail_pane.show_detail(detail)

    def flagged_rows(self, kind: FlagKind) -> list[int]:
        """Model rows whose case has flag ``kind`` (for tests and the count)."""
        return [
            r
            for r in range(self.model.rowCount())
            if kind in self.model.data(self.model.index(r, 0), FLAGS_ROLE)
        ]

    # --- export --------------------------------------------------------------------------------

    def export_to_excel(self) -> None:
        """Show the privacy preview, ask for a file name, then write the matrix as shown on a
        worker thread."""
        if self.matrix is None or self.exporting:
            return
        choice = self.ask_choice()
        if choice is None:
            return
        folder = self.last_export.parent if self.last_export else _documents_folder()
        suggested = documents.variant_target(
            folder / f"wie-doet-wat-{(self.matrix.generated_on or date.today()).isoformat()}.xlsx",
            choice.audience,
        )
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Matrix exporteren"),
            str(suggested),
            QCoreApplication.translate("FileFilters", FILE_FILTER),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self.start_export(documents.variant_target(target, choice.audience), choice)

    def ask_choice(self) -> ExportChoice | None:
        """The privacy preview of the matrix as shown (modal); None when the chair cancels."""
        from wiec_desktop.ui.privacy_preview.dialog import ask_export_choice

        matrix = self.matrix
        services = self.context.services
        return ask_export_choice(
            self.context, self, self.tr("Matrix exporteren"), lambda: documents.replacements(services, matrix)
        )

    def start_export(self, target: Path, choice: ExportChoice | None = None) -> None:
        matrix = self.matrix
        assert matrix is not None
        chosen = choice or ExportChoice()
        self.exporting = True
        self.export_button.setEnabled(False)
        self.open_folder_button.hide()
        self._update_progress()
        self.export_label.setText(self.tr("Bezig met exporteren naar {name}…").format(name=target.name))
        services = self.context.services
        arguments = dict(self._arguments)
        checked = matrix.overlap_checked

        def work() -> Matrix:
            # Still filling in the overlap flags: the file gets them all, from a build of its own.
            whole = matrix if checked else services.matrix.build(**arguments)
            return documents.write_matrix(
                services, whole, target, audience=chosen.audience, password=chosen.password
            )

        self.runner.run(("export", target), work)

    # --- results from the worker thread --------------------------------------------------------

    def _task_finished(self, tag: tuple[str, Any], result: Any) -> None:
        kind, detail = tag
        if kind == "build":
            if detail == self._generation:
                self.building = False
                self._update_progress()
                self._apply(result)
                self._check_overlap()
            return
        if kind == "overlap":
            if detail == self._generation:
                self._overlap_found(*result)
            return
        self._export_done()
        target = Path(detail)
        self.last_export = target
        self.export_label.setText(self.tr("Opgeslagen als {name}").format(name=target.name))
        self.export_label.setToolTip(str(target))
        self.open_folder_button.show()

    def _task_failed(self, tag: tuple[str, Any], error: BaseException) -> None:
        kind, detail = tag
        if kind in ("build", "overlap"):
            if detail == self._generation:
                self.building = self.checking = False
                self._update_progress()
                self.count_label.setText(self.tr("De matrix kon niet worden opgebouwd."))
            raise error  # storage errors become a plain message, anything else the crash dialog
        self._export_done()
        self.export_label.setText(self.tr("Exporteren mislukt."))
        if not isinstance(error, OSError):
            text = known_error_text(error)  # the privacy filter not ready yet, the database gone
            if text is None:
                raise error  # a bug: the crash dialog shows it
            QMessageBox.warning(self, self.tr("Exporteren mislukt"), text)
            return
        QMessageBox.warning(
            self,
            self.tr("Exporteren mislukt"),
            self.tr("Het bestand kon niet worden opgeslagen: {reason}.\n\n"
                    "Is het misschien geopend in Excel? Sluit het en probeer het opnieuw.").format(
                reason=error.strerror or error
            ),
        )  # fmt: skip

    def _export_done(self) -> None:
        self.exporting = False
        self._update_progress()
        self.export_button.setEnabled(bool(self.matrix and self.matrix.rows) and not self.building)

    def open_export_folder(self) -> None:
        if self.last_export is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export.parent)))


def _documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()
