"""Every text the window shows can be found by Qt's ``lupdate``: texts written outside widget
classes (column titles, shortcut lists, section names, file filters) are marked with
``QT_TRANSLATE_NOOP``, and no ``tr()`` gets a variable, which lupdate cannot read."""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.test_layers import PACKAGE, modules
from wiec_desktop.services.registry import LIST_NAMES, Services
from wiec_desktop.ui.common.export_job import EXCEL_FILTER, ICS_FILTER, WORD_FILTER
from wiec_desktop.ui.inventory.models import AddressesModel, StreetsModel
from wiec_desktop.ui.meeting_mode.action_list import ActionTableModel
from wiec_desktop.ui.meeting_mode.attendance import AttendanceModel
from wiec_desktop.ui.meeting_mode.shortcuts import OTHER_KEYS, SHORTCUTS
from wiec_desktop.ui.shell.sections import SECTIONS


def test_tr_is_never_given_a_variable() -> None:
    wrong = []
    for module, file in modules():
        if not module.startswith("wiec_desktop.ui"):
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "tr"
                and node.args
                and not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))
            ):
                wrong.append(f"{file.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert wrong == []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """What lupdate finds in the package: source texts per context."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed next to this Python")
    target = tmp_path_factory.mktemp("ts") / "wiec_nl.ts"
    files = [str(file) for _module, file in modules()]
    subprocess.run([str(lupdate), *files, "-ts", str(target)], check=True, capture_output=True, timeout=300)
    found: dict[str, set[str]] = {}
    for context in ET.parse(target).getroot().iter("context"):
        name = context.findtext("name") or ""
        found.setdefault(name, set()).update(m.findtext("source") or "" for m in context.iter("message"))
    return found


def test_lupdate_finds_the_texts_written_outside_widgets(extracted: dict[str, set[str]], db) -> None:
    shortcuts = {text for _n, _k, text, short in SHORTCUTS for text in (text, short)}
    assert shortcuts | {text for _key, text in OTHER_KEYS} <= extracted["MeetingShortcuts"]
    assert {section.source_title for section in SECTIONS} <= extracted["Sections"]
    services = Services(db.session_factory)
    headers = {column.header for name in LIST_NAMES for column in services.list_spec(name).columns}
    tables = (ActionTableModel, AttendanceModel, StreetsModel, AddressesModel)
    assert headers | {title for table in tables for title in table.COLUMNS} <= extracted["Columns"]
    assert {WORD_FILTER, EXCEL_FILTER, ICS_FILTER} <= extracted["FileFilters"]
    assert "Verslag opslaan" in extracted["MeetingExports"]
