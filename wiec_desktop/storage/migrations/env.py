"""Alembic environment: always run programmatically with a connection from ``storage.migrate``."""

from __future__ import annotations

from alembic import context

from wiec_desktop.domain import Base
from wiec_desktop.storage.search_index import is_model_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the CLI of alembic itself is not used
    raise RuntimeError("Run migrations through wiec_desktop.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=is_model_object,  # the search index's tables are made by migration 0008 alone
)
with context.begin_transaction():
    context.run_migrations()
