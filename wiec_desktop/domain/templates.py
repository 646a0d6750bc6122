"""Agenda templates (agendasjablonen): a named, ordered list of items to start a meeting from."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiec_desktop.domain.base import Base, IdMixin, TimestampMixin, enum_column
from wiec_desktop.domain.enums import AgendaItemKind


class AgendaTemplate(IdMixin, TimestampMixin, Base):
    """A reusable agenda, e.g. the standard Dutch order or the chair's own."""

    __tablename__ = "agenda_template"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    items: Mapped[list[AgendaTemplateItem]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="AgendaTemplateItem.position"
    )

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class AgendaTemplateItem(IdMixin, Base):
    """One item of a template: kind, title, presenter and timebox (never a case)."""

    __tablename__ = "agenda_template_item"

    template_id: Mapped[int] = mapped_column(ForeignKey("agenda_template.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind, "template_item_kind"))
    title: Mapped[str] = mapped_column(String(200))
    presenter: Mapped[str] = mapped_column(String(200), default="")
    timebox_minutes: Mapped[int] = mapped_column(Integer, default=10)

    template: Mapped[AgendaTemplate] = relationship(back_populates="items")

    __table_args__ = (
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint("timebox_minutes >= 0", name="timebox_not_negative"),
        CheckConstraint("kind <> 'case'", name="no_case_items"),
    )
