"""The who-does-what matrix (``MatrixService.build``) against the bare join producing the same cells.

The baseline is one hand-written query, cases ⋈ involvements ⋈ organisations (with the area and
theme names), on a bare ``sqlite3`` connection, turned into the same rows (in the same order) and
the same ``cells[(case_id, organisation_id)] = role``; before timing, both are compared. The
program does more (activities, columns sorted by name, the lead and overlap flags): that is what
the ratio shows.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from timing import Figure, elapsed_ms, figure_from, timed_pair

from wiec_desktop.services.registry import Services

BARE_JOIN = """
SELECT c.id, c.year, c.number, c.title, c.status, c.location, a.name, t.name,
       i.organisation_id, i.role, o.name, o.kind, o.active
FROM "case" c
LEFT JOIN area a ON a.id = c.area_id
LEFT JOIN theme t ON t.id = c.theme_id
LEFT JOIN involvement i ON i.case_id = c.id
LEFT JOIN organisation o ON o.id = i.organisation_id
WHERE c.status != 'closed'{area}
ORDER BY c.year, c.number
"""


SLOW_MS = 10_000.0


class MatrixMismatch(Exception):
    """The bare join does not give the program's rows and cells."""


def bare_matrix(connection: sqlite3.Connection, area_id: int | None) -> tuple[list[int], dict[Any, str]]:
    """The case ids in order and the cells, from the one hand-written join."""
    sql = BARE_JOIN.format(area=" AND c.area_id = ?" if area_id is not None else "")
    rows: list[int] = []
    cells: dict[tuple[int, int], str] = {}
    for r in connection.execute(sql, (area_id,) if area_id is not None else ()):
        if not rows or rows[-1] != r[0]:
            rows.append(r[0])
        if r[8] is not None:
            cells[(r[0], r[8])] = r[9]
    return rows, cells


def busiest_buurt(connection: sqlite3.Connection) -> tuple[int, int] | None:
    """(area id, open cases) of the buurt without sub-areas that has the most open cases."""
    row = connection.execute(
        """SELECT c.area_id, count(*) FROM "case" c
           WHERE c.status != 'closed' AND c.area_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM area s WHERE s.parent_id = c.area_id)
           GROUP BY c.area_id ORDER BY count(*) DESC LIMIT 1"""
    ).fetchone()
    return (row[0], row[1]) if row else None


def check_matrix(services: Services, connection: sqlite3.Connection, area_id: int | None) -> None:
    """Raise ``MatrixMismatch`` unless the bare join gives the program's rows and cells."""
    matrix = services.matrix.build(area_id=area_id, overlap=False)
    rows, cells = bare_matrix(connection, area_id)
    if [r.case_id for r in matrix.rows] != rows:
        raise MatrixMismatch(f"rows: {len(matrix.rows)} against {len(rows)} by the bare join (or order)")
    theirs = {key: role.value for key, role in matrix.cells.items()}
    if theirs != cells:
        raise MatrixMismatch(f"cells: {len(theirs)} against {len(cells)} by the bare join")


def measure_matrix(services: Services, connection: sqlite3.Connection, repeat: int) -> list[Figure]:
    """The rows and cells the window shows at once (``overlap=False``) for every open case (≤ 3× the
    bare join) and for the busiest buurt (< 150 ms); the complete build of that buurt for information."""
    figures: list[Figure] = []
    first = elapsed_ms(lambda: check_matrix(services, connection, None))
    total = connection.execute("""SELECT count(*) FROM "case" WHERE status != 'closed'""").fetchone()[0]
    slow = first > SLOW_MS  # a build of many seconds: one timed run is enough (the check warmed up)
    if slow:
        ours = [elapsed_ms(lambda: services.matrix.build(overlap=False))]
        theirs = [elapsed_ms(lambda: bare_matrix(connection, None))]
    else:
        ours, theirs = timed_pair(
            lambda: services.matrix.build(overlap=False), lambda: bare_matrix(connection, None), repeat
        )
    figures.append(
        figure_from(
            f"matrix: every open case ({total:,})", ours, theirs, "bare join, same cells", max_ratio=3.0
        )
    )
    if slow:
        figures[-1].note = "one timed run: a build takes over 10 s"
    buurt = busiest_buurt(connection)
    if buurt is None:
        figures.append(Figure("matrix: one buurt", note="not measured: no buurt with open cases", limit=150))
        return figures
    area_id, count = buurt
    check_matrix(services, connection, area_id)
    ours, theirs = timed_pair(
        lambda: services.matrix.build(area_id=area_id, overlap=False),
        lambda: bare_matrix(connection, area_id),
        repeat,
    )
    figures.append(
        figure_from(
            f"matrix: one buurt ({count:,} open cases)", ours, theirs, "bare join, same cells", limit=150
        )
    )
    # The window fills the "Mogelijke overlap" flags afterwards, off the UI thread, in chunks: the
    # complete build with every flag is shown for information (the bare join does no such work).
    complete = [elapsed_ms(lambda: services.matrix.build(area_id=area_id))]
    figures.append(
        figure_from(
            f"matrix: one buurt with every overlap flag (background, {count:,} cases)",
            complete,
            theirs,
            "bare join, same cells",
        )
    )
    return figures
