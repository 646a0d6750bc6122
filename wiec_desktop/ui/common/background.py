"""One helper for slow work off the UI thread: run a function on a thread pool and deliver its
result or error on the UI thread, tagged so the caller knows which job it was.

Services open their own session on the worker thread. Tests may swap in ``SynchronousRunner``,
which runs the job at once on the calling thread and delivers the outcome the same way.

At close (``shutdown``) jobs not yet started are cancelled and running ones are waited for; their
results are dropped quietly, as is the result of a job whose runner (page, dialog) is gone.

At start the window ``hold``s the jobs until its first page is painted (``release``): a job such
as the Overzicht's chart figures would otherwise compete with that paint for Python's lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_closing = False
_held: list[tuple[QThreadPool, QRunnable]] | None = None  # jobs waiting for ``release``, while held


class Runner(QObject):
    """Runs jobs on a thread pool; ``finished(tag, result)`` or ``failed(tag, error)`` follow on the
    thread this object lives in. Create it without a parent so it outlives a page with a job left."""

    finished = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self, pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.pool = pool or QThreadPool.globalInstance()

    def run(self, tag: Any, work: Callable[[], Any]) -> None:
        if _closing:
            return
        if _held is not None:
            _held.append((self.pool, _Job(tag, work, self)))
        else:
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
        if _closing:
            return
        try:
            result = self.work()
        except Exception as exc:
            self._deliver(self.runner.failed, exc)
        else:
            self._deliver(self.runner.finished, result)

    def _deliver(self, signal: Any, outcome: Any) -> None:
        """Emit ``outcome`` unless the program is closing or the runner has been deleted."""
        if _closing or not shiboken6.isValid(self.runner):
            return
        with contextlib.suppress(RuntimeError):  # the runner was deleted between check and emit
            signal.emit(self.tag, outcome)


def shutdown(pool: QThreadPool | None = None, msecs: int = 10_000) -> bool:
    """At close: cancel the jobs not yet started, wait up to ``msecs`` for the running ones and
    drop their results. True when nothing runs any more; then new jobs are accepted again (a new
    window in the same process), else (still running) every later result is dropped too."""
    global _closing, _held
    _closing = True
    _held = None  # jobs still held are dropped with the others not yet started
    pool = pool or QThreadPool.globalInstance()
    pool.clear()
    done = pool.waitForDone(msecs)
    if done:
        _closing = False
    return done


def hold() -> None:
    """Keep the jobs asked for from now on waiting until ``release`` (the window's start)."""
    global _held
    if _held is None:
        _held = []


def release() -> None:
    """Start the jobs that waited since ``hold``, in the order they were asked for."""
    global _held
    waiting, _held = _held or [], None
    for pool, job in waiting:
        if not _closing:
            pool.start(job)


def reopen() -> None:
    """Accept jobs again after a ``shutdown`` that timed out."""
    global _closing
    _closing = False
