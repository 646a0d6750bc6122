"""Compile every ``.ts`` in this folder into the ``.qm`` the program loads (run after editing a .ts):
``python resources/translations/build_qm.py``. The .qm files are kept in the repository so that an
install from source needs no Qt tools."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for source in sorted(HERE.glob("*.ts")):
        subprocess.run([str(lrelease), str(source), "-qm", str(source.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
