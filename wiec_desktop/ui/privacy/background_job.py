"""Slow privacy work (a removal followed by ``VACUUM``) off the UI thread behind a modal progress
dialog that cannot be cancelled halfway: the removal is one transaction, the rebuild must finish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from wiec_desktop.ui.common.background import Runner


class PrivacyJob(QObject):
    """Runs one job at a time; ``done(result)`` or ``failed(error)`` on the UI thread."""

    def __init__(
        self,
        parent: QWidget,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.runner = runner or Runner()  # no parent: outlives the page while a job still runs
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.done, self.fail = done, failed
        self.progress: QProgressDialog | None = None
        self.tag = ("privacy", id(self))  # a runner may be shared (tests): only our own outcome

    @property
    def running(self) -> bool:
        return self.progress is not None

    def start(self, text: str, work: Callable[[], Any]) -> None:
        progress = self.progress = QProgressDialog(text, "", 0, 0, self.window)
        progress.setWindowTitle(self.tr("Privacy"))
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        self.runner.run(self.tag, work)

    def _end(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _finished(self, tag: object, result: Any) -> None:
        if tag != self.tag:
            return
        self._end()
        self.done(result)

    def _failed(self, tag: object, error: BaseException) -> None:
        if tag != self.tag:
            return
        self._end()
        self.fail(error)
