"""The Qt binding itself: a release with a known fatal bug must not be installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(int)


def test_emitting_a_signal_leaves_the_reference_count_of_true_alone() -> None:
    """PySide6 6.12.0 dropped a reference to ``True`` per emit; after ~1,000 emits Python aborts."""
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for value in range(20):
        emitter.fired.emit(value)
    assert received == list(range(20))
    assert sys.getrefcount(True) - before >= 0
