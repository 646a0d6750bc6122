"""The database underneath the services: engines from a path or URL, opening and migrating
(Alembic), paths, and the storage errors the chair can act on."""
