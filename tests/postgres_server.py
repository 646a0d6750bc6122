"""A private, throw-away PostgreSQL server for tests (initdb into a temporary folder)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin_dir() -> Path | None:
    """The folder with initdb/pg_ctl, or None when PostgreSQL is not installed."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if candidates:  # Debian: the real binaries (PATH may hold only a wrapper for initdb)
        return candidates[0].parent
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server on 127.0.0.1 and yield an SQLAlchemy URL to an empty database ``wiec``."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed")
    folder = Path(tempfile.mkdtemp(prefix="wiec-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "wiec", "--auth=trust", "-E", "UTF8")
        run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "server.log"),
            "-o", f"-p {port} -k {sockets} -h 127.0.0.1 -F", "start",
        )  # fmt: skip
        try:
            run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "wiec", "wiec")
            yield f"postgresql+psycopg://wiec@127.0.0.1:{port}/wiec"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
