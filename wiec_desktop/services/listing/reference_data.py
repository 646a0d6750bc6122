"""Small lookup lists for filters and pick lists: themes, areas, organisations, contacts."""

from __future__ import annotations

from sqlalchemy import select

from wiec_desktop.domain import Area, Assignment, Contact, Organisation, Theme
from wiec_desktop.services.base import Service


class ReferenceDataService(Service):
    def themes(self, *, active_only: bool = True) -> list[tuple[int, str]]:
        stmt = select(Theme.id, Theme.name).order_by(Theme.name)
        if active_only:
            stmt = stmt.where(Theme.active.is_(True))
        with self.reading() as session:
            return [(row.id, row.name) for row in session.execute(stmt)]

    def areas(self) -> list[tuple[int, str]]:
        """Areas with buurten indented under their wijk name (``Wateringseveld › Dreven``)."""
        with self.reading() as session:
            rows = session.execute(select(Area.id, Area.name, Area.parent_id)).all()
        names = {row.id: row.name for row in rows}
        labelled = [
            (row.id, f"{names[row.parent_id]} › {row.name}" if row.parent_id in names else row.name)
            for row in rows
        ]
        return sorted(labelled, key=lambda item: item[1].casefold())

    def organisations(self, *, active_only: bool = True) -> list[tuple[int, str]]:
        stmt = select(Organisation.id, Organisation.name).order_by(Organisation.name)
        if active_only:
            stmt = stmt.where(Organisation.active.is_(True))
        with self.reading() as session:
            return [(row.id, row.name) for row in session.execute(stmt)]

    def contacts(self, organisation_id: int | None = None) -> list[tuple[int, str]]:
        stmt = select(Contact.id, Contact.name).where(Contact.active.is_(True)).order_by(Contact.name)
        if organisation_id is not None:
            stmt = stmt.where(Contact.organisation_id == organisation_id)
        with self.reading() as session:
            return [(row.id, row.name) for row in session.execute(stmt)]

    def assignments(self) -> list[tuple[int, str]]:
        """All assignments, the current one first, then the most recent."""
        stmt = select(Assignment.id, Assignment.title).order_by(
            Assignment.is_current.desc(), Assignment.end_date.desc(), Assignment.id
        )
        with self.reading() as session:
            return [(row.id, row.title) for row in session.execute(stmt)]

    def current_assignment_id(self) -> int | None:
        with self.reading() as session:
            return session.scalars(select(Assignment.id).where(Assignment.is_current.is_(True))).first()
