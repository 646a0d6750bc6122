"""Background work that outlives its page, or the program's close, ends quietly."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThreadPool

from wiec_desktop.ui.common import background
from wiec_desktop.ui.common.background import Runner


def test_a_job_whose_runner_is_deleted_drops_its_result_quietly(qapp, capfd) -> None:
    gate = threading.Event()
    pool = QThreadPool()
    runner = Runner(pool)
    runner.run("figures", lambda: gate.wait(5) or 1)
    shiboken6.delete(runner)
    gate.set()
    assert pool.waitForDone(5000)
    assert "Signal source has been deleted" not in capfd.readouterr().err


def test_shutdown_cancels_queued_jobs_waits_for_running_ones_and_drops_results(qapp, qtbot) -> None:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    runner = Runner(pool)
    started, gate = threading.Event(), threading.Event()
    ran: list[str] = []
    delivered: list[object] = []
    runner.finished.connect(lambda tag, result: delivered.append(tag))

    def running() -> str:
        started.set()
        gate.wait(5)
        ran.append("running")
        return "ok"

    runner.run("running", running)
    runner.run("queued", lambda: ran.append("queued"))
    assert started.wait(5)
    threading.Timer(0.2, gate.set).start()
    try:
        assert background.shutdown(pool, 5000)
        qtbot.wait(50)  # any queued delivery would arrive now
        assert ran == ["running"]
        assert delivered == []
    finally:
        background.reopen()
    runner.run("again", lambda: "x")  # a new window in the same process (tests) works again
    qtbot.waitUntil(lambda: delivered == ["again"], timeout=2000)
