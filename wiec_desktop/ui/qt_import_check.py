"""A cheaper "does this module use PySide6?" for PySide6's import hook.

Once PySide6 is imported, it looks at every module imported after it to learn whether the module
uses PySide6 (for its opt-in ``from __feature__ import snake_case, true_property``): it reads the
module's whole source file (``inspect.getsource``) and searches it for the word "PySide6". At
start-up that is some 350 modules — SQLAlchemy, the models, the services — and 0.1–0.2 s before the
first page's data, for a question whose answer WIEC never uses: it selects no ``__feature__``.

``install`` puts in an answer from the module's namespace instead (something in it comes from
PySide6 or shiboken6), which is the same answer for every module of this program and costs
microseconds. Where a PySide6 version has no such hook the program runs as it did.
"""

from __future__ import annotations

import sys
from types import ModuleType

QT_PACKAGES = ("PySide6", "shiboken6")
FEATURE_MODULE = "PySide6.support.feature"


def uses_pyside(module: ModuleType) -> bool:
    """Whether anything in ``module``'s namespace is a PySide6 module or comes from one."""
    try:
        values = list(vars(module).values())
    except TypeError:
        return False
    for value in values:
        try:
            name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        except Exception:  # an object whose attributes misbehave tells nothing
            continue
        if isinstance(name, str) and name.startswith(QT_PACKAGES):
            return True
    return False


def install() -> bool:
    """Use ``uses_pyside`` in PySide6's import hook; False when this PySide6 has none."""
    import PySide6.QtCore  # noqa: F401  (the hook and its module exist once Qt is imported)

    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside
    return True
