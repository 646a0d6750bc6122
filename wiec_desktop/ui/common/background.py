"""One helper for slow work off the UI thread: run a function on a thread pool and deliver its
result or error on the UI thread, tagged so the caller knows which job it was.

Services open their own session on the worker thread. Tests may swap in ``SynchronousRunner``,
which runs the job at once on the calling thread and delivers the outcome the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Runner(QObject):
    """Runs jobs on a thread pool; ``finished(tag, result)`` or ``failed(tag, error)`` follow on the
    thread this object lives in. Create it without a parent so it outlives a page with a job left."""

    finished = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self, pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.pool = pool or QThreadPool.globalInstance()

    def run(self, tag: Any, work: Callable[[], Any]) -> None:
        self.pool.start(_Job(tag, work, self))

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool's jobs are done (closing a window, tests)."""
        return self.pool.waitForDone(msecs)


class SynchronousRunner(Runner):
    """For tests: the job runs immediately on the calling thread."""

    def run(self, tag: Any, work: Callable[[], Any]) -> None:
        _Job(tag, work, self).run()


class _Job(QRunnable):
    def __init__(self, tag: Any, work: Callable[[], Any], runner: Runner) -> None:
        super().__init__()
        self.tag, self.work, self.runner = tag, work, runner

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:
            self.runner.failed.emit(self.tag, exc)
        else:
            self.runner.finished.emit(self.tag, result)
