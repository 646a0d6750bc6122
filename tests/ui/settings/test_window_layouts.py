"""Settings.window_layout: a window's geometry and dividers, remembered per window and per screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray

from wiec_desktop.ui.settings.preferences import Settings, WindowLayout


def test_layouts_round_trip_per_window_and_screen(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    laptop = WindowLayout(QByteArray(b"\x01\xd9\xd0\xcb geometry"), {"side": 300.0, "content": 0.42})
    Settings(path).set_window_layout("meeting_mode", "eDP-1-1280x800", laptop)
    Settings(path).set_window_layout(
        "meeting_mode", r"\\.\DISPLAY2/1920x1080", WindowLayout(QByteArray(b"b"))
    )

    again = Settings(path)  # read back from the file
    assert again.window_layout("meeting_mode", "eDP-1-1280x800") == laptop
    assert again.window_layout("meeting_mode", r"\\.\DISPLAY2/1920x1080") == WindowLayout(QByteArray(b"b"))
    assert again.window_layout("meeting_mode", "eDP-1-1920x1200") is None  # another size
    assert again.window_layout("agenda_editor", "eDP-1-1280x800") is None  # another window

    smaller = WindowLayout(QByteArray(b"c"), {"side": 280.0})
    again.set_window_layout("meeting_mode", "eDP-1-1280x800", smaller)  # replaced, not merged
    assert Settings(path).window_layout("meeting_mode", "eDP-1-1280x800") == smaller
