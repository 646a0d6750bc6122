"""Guard rails for the layers: no Qt below ``ui/``, and no layer importing one above it.

The modules are found by walking the package (``pkgutil``) and their imports read with ``ast``, so
a new module is checked without anyone adding it to a list. The layers, bottom to top:
``domain`` → ``storage`` → ``services`` → ``exports`` → ``cli`` → ``ui``. The top-level helpers
(``wiec_desktop``, ``atomic_file``, ``gc_pause``, ``resources``, ``translation``) sit below all layers;
``__main__`` (the entry point that joins the command line to the window) above them.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import wiec_desktop

PACKAGE = Path(wiec_desktop.__file__).parent
LAYERS = ("domain", "storage", "services", "exports", "cli", "ui")
BASE = -1  # wiec_desktop, atomic_file, gc_pause, resources, translation: used by every layer
BASE_MODULES = ("atomic_file", "gc_pause", "resources", "translation")
ENTRY = len(LAYERS)  # __main__
WITHOUT_QT = ("domain", "storage", "services", "exports", "cli")


def modules(path: Path = PACKAGE, prefix: str = "wiec_desktop") -> Iterator[tuple[str, Path]]:
    """Every module of the package (name and file), without importing any of them."""
    yield prefix, path / "__init__.py"
    for info in pkgutil.iter_modules([str(path)]):
        name = f"{prefix}.{info.name}"
        if info.ispkg:
            yield from modules(path / info.name, name)
        else:
            yield name, path / f"{info.name}.py"


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in BASE_MODULES:
        return BASE
    if parts[1] == "__main__":
        return ENTRY
    return LAYERS.index(parts[1])


def imports(module: str, file: Path) -> Iterator[tuple[str, int]]:
    """The modules ``file`` imports (anywhere in it, also inside functions), with line numbers."""
    tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target, node.lineno
            for alias in node.names:  # "from wiec_desktop.services import audit" imports a module
                yield f"{target}.{alias.name}", node.lineno


def test_the_walk_finds_every_layer() -> None:
    found = {layer(name) for name, _file in modules() if name.startswith("wiec_desktop.")}
    assert found == {BASE, ENTRY, *range(len(LAYERS))}
    assert len(list(modules())) > 150


def test_no_layer_imports_a_layer_above_it() -> None:
    wrong = []
    for module, file in modules():
        if "migrations" in module:
            continue
        for target, line in imports(module, file):
            parts = target.split(".")
            if parts[0] != "wiec_desktop" or len(parts) == 1:
                continue
            if parts[1] not in (*LAYERS, *BASE_MODULES, "__main__"):
                continue  # "from wiec_desktop import __version__"
            if layer(target) > layer(module):
                wrong.append(f"{file.relative_to(PACKAGE.parent)}:{line}: {module} imports {target}")
    assert wrong == []


def test_no_qt_below_the_window() -> None:
    """Read: no module of the lower layers names PySide6. Run: importing all of them (in a fresh
    interpreter, where nothing else loaded Qt) loads no PySide6 module."""
    named = [
        f"{module}:{line}"
        for module, file in modules()
        if module.split(".")[1:2] and module.split(".")[1] in WITHOUT_QT
        for target, line in imports(module, file)
        if target.split(".")[0] in ("PySide6", "shiboken6")
    ]
    assert named == []

    probe = f"""
import importlib, json, sys
names = {json.dumps([m for m, _f in modules() if m.split('.')[1:2] and m.split('.')[1] in WITHOUT_QT])}
for name in names:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def top_level_imports(module: str, file: Path) -> set[str]:
    """The package modules ``file`` imports when it is imported (not inside functions, not under
    ``TYPE_CHECKING``)."""
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def walk(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join([*base, node.module] if node.module else base)
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If | ast.Try):
                walk(node.body)

    walk(ast.parse(file.read_text(encoding="utf-8")).body)
    return found


def test_no_import_circles() -> None:
    """No two modules need each other at import time (an import circle breaks as soon as one of
    them is imported first from somewhere new)."""
    files = dict(modules())
    graph = {m: {d for d in top_level_imports(m, f) if d in files and d != m} for m, f in files.items()}
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert circles == []
