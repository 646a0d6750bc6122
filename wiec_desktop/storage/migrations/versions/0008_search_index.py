"""the search index over cases, minutes, decisions, actions, signals, visits, organisations, contacts and meetings

Revision ID: 0008_search_index
Revises: 0007_privacy_terms
Create Date: 2026-12-03 08:30:00.000000

SQLite: the FTS5 table ``search_index`` (with the fts5vocab table ``search_terms`` over it) and the
triggers that keep it up to date, filled from the existing rows. PostgreSQL: ``search_document``
with a generated ``tsvector`` (``dutch``, ``unaccent``), a GIN index and PL/pgSQL triggers. Both:
``recent_search``, the chair's last searches.

The statements are those of ``storage/search_index.py`` at this revision, copied here so that this
migration stays what it was when that module changes (a later change of what is indexed comes with
a migration of its own that calls ``search_index.rebuild``). They were written out by
``search_index.create_statements(dialect)`` / ``drop_statements(dialect)``;
tests/storage/test_search_index.py checks that they still agree with the module at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_search_index"
down_revision = "0007_privacy_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recent_search",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("searched_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("text", name=op.f("uq_recent_search_text")),
    )
    bind = op.get_bind()
    for statement in POSTGRES_CREATE if bind.dialect.name == "postgresql" else SQLITE_CREATE:
        bind.exec_driver_sql(statement)


def downgrade() -> None:
    bind = op.get_bind()
    for statement in POSTGRES_DROP if bind.dialect.name == "postgresql" else SQLITE_DROP:
        bind.exec_driver_sql(statement)
    op.drop_table("recent_search")


SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
    "CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_index, 'row')",
    'CREATE TRIGGER search_case_case_insert AFTER INSERT ON "case" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 1 * 1099511627776 + "case".id AS key, coalesce(printf(\'%d-%03d\', year, number) || \' \' || title, \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(location, \'\') || char(10) || coalesce(expert_analysis, \'\') || char(10) || coalesce(outcome, \'\') AS body FROM "case" WHERE "case".id = NEW.id; END',
    'CREATE TRIGGER search_case_case_update AFTER UPDATE OF "year", "number", "title", "description", "location", "expert_analysis", "outcome" ON "case" BEGIN DELETE FROM search_index WHERE rowid = 1 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 1 * 1099511627776 + "case".id AS key, coalesce(printf(\'%d-%03d\', year, number) || \' \' || title, \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(location, \'\') || char(10) || coalesce(expert_analysis, \'\') || char(10) || coalesce(outcome, \'\') AS body FROM "case" WHERE "case".id = NEW.id; END',
    'CREATE TRIGGER search_case_case_delete AFTER DELETE ON "case" BEGIN DELETE FROM search_index WHERE rowid = 1 * 1099511627776 + OLD.id; END',
    'CREATE TRIGGER search_meeting_meeting_insert AFTER INSERT ON "meeting" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 2 * 1099511627776 + "meeting".id AS key, coalesce(title, \'\') AS title, coalesce(location, \'\') || char(10) || coalesce(closing_summary, \'\') AS body FROM "meeting" WHERE "meeting".id = NEW.id; END',
    'CREATE TRIGGER search_meeting_meeting_update AFTER UPDATE OF "title", "location", "closing_summary" ON "meeting" BEGIN DELETE FROM search_index WHERE rowid = 2 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 2 * 1099511627776 + "meeting".id AS key, coalesce(title, \'\') AS title, coalesce(location, \'\') || char(10) || coalesce(closing_summary, \'\') AS body FROM "meeting" WHERE "meeting".id = NEW.id; END',
    'CREATE TRIGGER search_meeting_meeting_delete AFTER DELETE ON "meeting" BEGIN DELETE FROM search_index WHERE rowid = 2 * 1099511627776 + OLD.id; END',
    'CREATE TRIGGER search_minutes_agenda_item_insert AFTER INSERT ON "agenda_item" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 3 * 1099511627776 + "agenda_item".id AS key, coalesce(title, \'\') AS title, coalesce(minutes, \'\') AS body FROM "agenda_item" WHERE "agenda_item".id = NEW.id AND trim(minutes) <> \'\'; END',
    'CREATE TRIGGER search_minutes_agenda_item_update AFTER UPDATE OF "title", "minutes" ON "agenda_item" BEGIN DELETE FROM search_index WHERE rowid = 3 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 3 * 1099511627776 + "agenda_item".id AS key, coalesce(title, \'\') AS title, coalesce(minutes, \'\') AS body FROM "agenda_item" WHERE "agenda_item".id = NEW.id AND trim(minutes) <> \'\'; END',
    'CREATE TRIGGER search_minutes_agenda_item_delete AFTER DELETE ON "agenda_item" BEGIN DELETE FROM search_index WHERE rowid = 3 * 1099511627776 + OLD.id; END',
    'CREATE TRIGGER search_decision_decision_insert AFTER INSERT ON "decision" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 4 * 1099511627776 + "decision".id AS key, coalesce(\'\', \'\') AS title, coalesce(text, \'\') AS body FROM "decision" WHERE "decision".id = NEW.id; END',
    'CREATE TRIGGER search_decision_decision_update AFTER UPDATE OF "text" ON "decision" BEGIN DELETE FROM search_index WHERE rowid = 4 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 4 * 1099511627776 + "decision".id AS key, coalesce(\'\', \'\') AS title, coalesce(text, \'\') AS body FROM "decision" WHERE "decision".id = NEW.id; END',
    'CREATE TRIGGER search_decision_decision_delete AFTER DELETE ON "decision" BEGIN DELETE FROM search_index WHERE rowid = 4 * 1099511627776 + OLD.id; END',
    'CREATE TRIGGER search_action_action_insert AFTER INSERT ON "action" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 5 * 1099511627776 + "action".id AS key, coalesce(printf(\'A-%d-%03d\', year, number), \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(coalesce((SELECT group_concat(note, char(10)) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action" WHERE "action".id = NEW.id; END',
    'CREATE TRIGGER search_action_action_update AFTER UPDATE OF "year", "number", "description" ON "action" BEGIN DELETE FROM search_index WHERE rowid = 5 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 5 * 1099511627776 + "action".id AS key, coalesce(printf(\'A-%d-%03d\', year, number), \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(coalesce((SELECT group_concat(note, char(10)) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action" WHERE "action".id = NEW.id; END',
    'CREATE TRIGGER search_action_action_delete AFTER DELETE ON "action" BEGIN DELETE FROM search_index WHERE rowid = 5 * 1099511627776 + OLD.id; END',
    'CREATE TRIGGER search_action_action_update_insert AFTER INSERT ON "action_update" BEGIN DELETE FROM search_index WHERE rowid = 5 * 1099511627776 + NEW.action_id; INSERT INTO search_index (rowid, title, body) SELECT 5 * 1099511627776 + "action".id AS key, coalesce(printf(\'A-%d-%03d\', year, number), \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(coalesce((SELECT group_concat(note, char(10)) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action" WHERE "action".id = NEW.action_id; END',
    'CREATE TRIGGER search_action_action_update_update AFTER UPDATE OF "action_id", "note" ON "action_update" BEGIN DELETE FROM search_index WHERE rowid = 5 * 1099511627776 + OLD.action_id; INSERT INTO search_index (rowid, title, body) SELECT 5 * 1099511627776 + "action".id AS key, coalesce(printf(\'A-%d-%03d\', year, number), \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(coalesce((SELECT group_concat(note, char(10)) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action" WHERE "action".id = OLD.action_id; DELETE FROM search_index WHERE rowid = 5 * 1099511627776 + NEW.action_id; INSERT INTO search_index (rowid, title, body) SELECT 5 * 1099511627776 + "action".id AS key, coalesce(printf(\'A-%d-%03d\', year, number), \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(coalesce((SELECT group_concat(note, char(10)) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action" WHERE "action".id = NEW.action_id; END',
    'CREATE TRIGGER search_action_action_update_delete AFTER DELETE ON "action_update" BEGIN DELETE FROM search_index WHERE rowid = 5 * 1099511627776 + OLD.action_id; INSERT INTO search_index (rowid, title, body) SELECT 5 * 1099511627776 + "action".id AS key, coalesce(printf(\'A-%d-%03d\', year, number), \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(coalesce((SELECT group_concat(note, char(10)) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action" WHERE "action".id = OLD.action_id; END',
    'CREATE TRIGGER search_signal_signal_insert AFTER INSERT ON "signal" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 6 * 1099511627776 + "signal".id AS key, coalesce(\'\', \'\') AS title, coalesce(text, \'\') || char(10) || coalesce(street, \'\') || char(10) || coalesce(closed_reason, \'\') AS body FROM "signal" WHERE "signal".id = NEW.id; END',
    'CREATE TRIGGER search_signal_signal_update AFTER UPDATE OF "text", "street", "closed_reason" ON "signal" BEGIN DELETE FROM search_index WHERE rowid = 6 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 6 * 1099511627776 + "signal".id AS key, coalesce(\'\', \'\') AS title, coalesce(text, \'\') || char(10) || coalesce(street, \'\') || char(10) || coalesce(closed_reason, \'\') AS body FROM "signal" WHERE "signal".id = NEW.id; END',
    'CREATE TRIGGER search_signal_signal_delete AFTER DELETE ON "signal" BEGIN DELETE FROM search_index WHERE rowid = 6 * 1099511627776 + OLD.id; END',
    'CREATE TRIGGER search_house_visit_house_visit_insert AFTER INSERT ON "house_visit" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 7 * 1099511627776 + "house_visit".id AS key, coalesce(\'\', \'\') AS title, coalesce(experience, \'\') || char(10) || coalesce(problems, \'\') || char(10) || coalesce(ideas, \'\') AS body FROM "house_visit" WHERE "house_visit".id = NEW.id AND trim(experience || problems || ideas) <> \'\'; END',
    'CREATE TRIGGER search_house_visit_house_visit_update AFTER UPDATE OF "experience", "problems", "ideas" ON "house_visit" BEGIN DELETE FROM search_index WHERE rowid = 7 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 7 * 1099511627776 + "house_visit".id AS key, coalesce(\'\', \'\') AS title, coalesce(experience, \'\') || char(10) || coalesce(problems, \'\') || char(10) || coalesce(ideas, \'\') AS body FROM "house_visit" WHERE "house_visit".id = NEW.id AND trim(experience || problems || ideas) <> \'\'; END',
    'CREATE TRIGGER search_house_visit_house_visit_delete AFTER DELETE ON "house_visit" BEGIN DELETE FROM search_index WHERE rowid = 7 * 1099511627776 + OLD.id; END',
    'CREATE TRIGGER search_organisation_organisation_insert AFTER INSERT ON "organisation" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 8 * 1099511627776 + "organisation".id AS key, coalesce(name, \'\') AS title, coalesce(notes, \'\') AS body FROM "organisation" WHERE "organisation".id = NEW.id; END',
    'CREATE TRIGGER search_organisation_organisation_update AFTER UPDATE OF "name", "notes" ON "organisation" BEGIN DELETE FROM search_index WHERE rowid = 8 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 8 * 1099511627776 + "organisation".id AS key, coalesce(name, \'\') AS title, coalesce(notes, \'\') AS body FROM "organisation" WHERE "organisation".id = NEW.id; END',
    'CREATE TRIGGER search_organisation_organisation_delete AFTER DELETE ON "organisation" BEGIN DELETE FROM search_index WHERE rowid = 8 * 1099511627776 + OLD.id; END',
    'CREATE TRIGGER search_contact_contact_insert AFTER INSERT ON "contact" BEGIN INSERT INTO search_index (rowid, title, body) SELECT 9 * 1099511627776 + "contact".id AS key, coalesce(name, \'\') AS title, coalesce(function, \'\') || char(10) || coalesce(email, \'\') AS body FROM "contact" WHERE "contact".id = NEW.id; END',
    'CREATE TRIGGER search_contact_contact_update AFTER UPDATE OF "name", "function", "email" ON "contact" BEGIN DELETE FROM search_index WHERE rowid = 9 * 1099511627776 + OLD.id; INSERT INTO search_index (rowid, title, body) SELECT 9 * 1099511627776 + "contact".id AS key, coalesce(name, \'\') AS title, coalesce(function, \'\') || char(10) || coalesce(email, \'\') AS body FROM "contact" WHERE "contact".id = NEW.id; END',
    'CREATE TRIGGER search_contact_contact_delete AFTER DELETE ON "contact" BEGIN DELETE FROM search_index WHERE rowid = 9 * 1099511627776 + OLD.id; END',
    'INSERT INTO search_index (rowid, title, body) SELECT 1 * 1099511627776 + "case".id AS key, coalesce(printf(\'%d-%03d\', year, number) || \' \' || title, \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(location, \'\') || char(10) || coalesce(expert_analysis, \'\') || char(10) || coalesce(outcome, \'\') AS body FROM "case"',
    'INSERT INTO search_index (rowid, title, body) SELECT 2 * 1099511627776 + "meeting".id AS key, coalesce(title, \'\') AS title, coalesce(location, \'\') || char(10) || coalesce(closing_summary, \'\') AS body FROM "meeting"',
    'INSERT INTO search_index (rowid, title, body) SELECT 3 * 1099511627776 + "agenda_item".id AS key, coalesce(title, \'\') AS title, coalesce(minutes, \'\') AS body FROM "agenda_item" WHERE trim(minutes) <> \'\'',
    'INSERT INTO search_index (rowid, title, body) SELECT 4 * 1099511627776 + "decision".id AS key, coalesce(\'\', \'\') AS title, coalesce(text, \'\') AS body FROM "decision"',
    'INSERT INTO search_index (rowid, title, body) SELECT 5 * 1099511627776 + "action".id AS key, coalesce(printf(\'A-%d-%03d\', year, number), \'\') AS title, coalesce(description, \'\') || char(10) || coalesce(coalesce((SELECT group_concat(note, char(10)) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action"',
    'INSERT INTO search_index (rowid, title, body) SELECT 6 * 1099511627776 + "signal".id AS key, coalesce(\'\', \'\') AS title, coalesce(text, \'\') || char(10) || coalesce(street, \'\') || char(10) || coalesce(closed_reason, \'\') AS body FROM "signal"',
    'INSERT INTO search_index (rowid, title, body) SELECT 7 * 1099511627776 + "house_visit".id AS key, coalesce(\'\', \'\') AS title, coalesce(experience, \'\') || char(10) || coalesce(problems, \'\') || char(10) || coalesce(ideas, \'\') AS body FROM "house_visit" WHERE trim(experience || problems || ideas) <> \'\'',
    'INSERT INTO search_index (rowid, title, body) SELECT 8 * 1099511627776 + "organisation".id AS key, coalesce(name, \'\') AS title, coalesce(notes, \'\') AS body FROM "organisation"',
    'INSERT INTO search_index (rowid, title, body) SELECT 9 * 1099511627776 + "contact".id AS key, coalesce(name, \'\') AS title, coalesce(function, \'\') || char(10) || coalesce(email, \'\') AS body FROM "contact"',
    "INSERT INTO search_index(search_index) VALUES('optimize')",
)  # fmt: skip

SQLITE_DROP = (
    'DROP TRIGGER IF EXISTS search_case_case_insert',
    'DROP TRIGGER IF EXISTS search_case_case_update',
    'DROP TRIGGER IF EXISTS search_case_case_delete',
    'DROP TRIGGER IF EXISTS search_meeting_meeting_insert',
    'DROP TRIGGER IF EXISTS search_meeting_meeting_update',
    'DROP TRIGGER IF EXISTS search_meeting_meeting_delete',
    'DROP TRIGGER IF EXISTS search_minutes_agenda_item_insert',
    'DROP TRIGGER IF EXISTS search_minutes_agenda_item_update',
    'DROP TRIGGER IF EXISTS search_minutes_agenda_item_delete',
    'DROP TRIGGER IF EXISTS search_decision_decision_insert',
    'DROP TRIGGER IF EXISTS search_decision_decision_update',
    'DROP TRIGGER IF EXISTS search_decision_decision_delete',
    'DROP TRIGGER IF EXISTS search_action_action_insert',
    'DROP TRIGGER IF EXISTS search_action_action_update',
    'DROP TRIGGER IF EXISTS search_action_action_delete',
    'DROP TRIGGER IF EXISTS search_action_action_update_insert',
    'DROP TRIGGER IF EXISTS search_action_action_update_update',
    'DROP TRIGGER IF EXISTS search_action_action_update_delete',
    'DROP TRIGGER IF EXISTS search_signal_signal_insert',
    'DROP TRIGGER IF EXISTS search_signal_signal_update',
    'DROP TRIGGER IF EXISTS search_signal_signal_delete',
    'DROP TRIGGER IF EXISTS search_house_visit_house_visit_insert',
    'DROP TRIGGER IF EXISTS search_house_visit_house_visit_update',
    'DROP TRIGGER IF EXISTS search_house_visit_house_visit_delete',
    'DROP TRIGGER IF EXISTS search_organisation_organisation_insert',
    'DROP TRIGGER IF EXISTS search_organisation_organisation_update',
    'DROP TRIGGER IF EXISTS search_organisation_organisation_delete',
    'DROP TRIGGER IF EXISTS search_contact_contact_insert',
    'DROP TRIGGER IF EXISTS search_contact_contact_update',
    'DROP TRIGGER IF EXISTS search_contact_contact_delete',
    'DROP TABLE IF EXISTS search_terms',
    'DROP TABLE IF EXISTS search_index',
)  # fmt: skip

POSTGRES_CREATE = (
    'CREATE EXTENSION IF NOT EXISTS unaccent',
    "CREATE OR REPLACE FUNCTION wiec_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$",
    "CREATE TABLE search_document ( kind smallint NOT NULL, record_id integer NOT NULL, title text NOT NULL, body text NOT NULL, document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('dutch'::regconfig, wiec_unaccent(translate(title, '-', ' '))), 'A') || setweight(to_tsvector('dutch'::regconfig, wiec_unaccent(translate(body, '-', ' '))), 'B')) STORED, CONSTRAINT pk_search_document PRIMARY KEY (kind, record_id))",
    'CREATE INDEX ix_search_document_document ON search_document USING gin (document)',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_case(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 1 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 1 AS kind, "case".id AS record_id, coalesce(year || \'-\' || lpad(number::text, 3, \'0\') || \' \' || title, \'\') AS title, coalesce(description, \'\') || chr(10) || coalesce(location, \'\') || chr(10) || coalesce(expert_analysis, \'\') || chr(10) || coalesce(outcome, \'\') AS body FROM "case" WHERE "case".id = row_id; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_case_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_case(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_case(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_case_case AFTER INSERT OR UPDATE OF "year", "number", "title", "description", "location", "expert_analysis", "outcome" OR DELETE ON "case" FOR EACH ROW EXECUTE FUNCTION wiec_search_case_case()',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_meeting(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 2 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 2 AS kind, "meeting".id AS record_id, coalesce(title, \'\') AS title, coalesce(location, \'\') || chr(10) || coalesce(closing_summary, \'\') AS body FROM "meeting" WHERE "meeting".id = row_id; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_meeting_meeting() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_meeting(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_meeting(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_meeting_meeting AFTER INSERT OR UPDATE OF "title", "location", "closing_summary" OR DELETE ON "meeting" FOR EACH ROW EXECUTE FUNCTION wiec_search_meeting_meeting()',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_minutes(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 3 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 3 AS kind, "agenda_item".id AS record_id, coalesce(title, \'\') AS title, coalesce(minutes, \'\') AS body FROM "agenda_item" WHERE "agenda_item".id = row_id AND trim(minutes) <> \'\'; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_minutes_agenda_item() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_minutes(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_minutes(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_minutes_agenda_item AFTER INSERT OR UPDATE OF "title", "minutes" OR DELETE ON "agenda_item" FOR EACH ROW EXECUTE FUNCTION wiec_search_minutes_agenda_item()',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_decision(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 4 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 4 AS kind, "decision".id AS record_id, coalesce(\'\', \'\') AS title, coalesce(text, \'\') AS body FROM "decision" WHERE "decision".id = row_id; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_decision_decision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_decision(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_decision(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_decision_decision AFTER INSERT OR UPDATE OF "text" OR DELETE ON "decision" FOR EACH ROW EXECUTE FUNCTION wiec_search_decision_decision()',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_action(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 5 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 5 AS kind, "action".id AS record_id, coalesce(\'A-\' || year || \'-\' || lpad(number::text, 3, \'0\'), \'\') AS title, coalesce(description, \'\') || chr(10) || coalesce(coalesce((SELECT string_agg(note, chr(10) ORDER BY action_update.id) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action" WHERE "action".id = row_id; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_action_action() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_action(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_action(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_action_action AFTER INSERT OR UPDATE OF "year", "number", "description" OR DELETE ON "action" FOR EACH ROW EXECUTE FUNCTION wiec_search_action_action()',
    "CREATE OR REPLACE FUNCTION wiec_search_action_action_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_action(OLD.action_id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_action(NEW.action_id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_action_action_update AFTER INSERT OR UPDATE OF "action_id", "note" OR DELETE ON "action_update" FOR EACH ROW EXECUTE FUNCTION wiec_search_action_action_update()',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_signal(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 6 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 6 AS kind, "signal".id AS record_id, coalesce(\'\', \'\') AS title, coalesce(text, \'\') || chr(10) || coalesce(street, \'\') || chr(10) || coalesce(closed_reason, \'\') AS body FROM "signal" WHERE "signal".id = row_id; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_signal_signal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_signal(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_signal(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_signal_signal AFTER INSERT OR UPDATE OF "text", "street", "closed_reason" OR DELETE ON "signal" FOR EACH ROW EXECUTE FUNCTION wiec_search_signal_signal()',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_house_visit(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 7 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 7 AS kind, "house_visit".id AS record_id, coalesce(\'\', \'\') AS title, coalesce(experience, \'\') || chr(10) || coalesce(problems, \'\') || chr(10) || coalesce(ideas, \'\') AS body FROM "house_visit" WHERE "house_visit".id = row_id AND trim(experience || problems || ideas) <> \'\'; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_house_visit_house_visit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_house_visit(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_house_visit(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_house_visit_house_visit AFTER INSERT OR UPDATE OF "experience", "problems", "ideas" OR DELETE ON "house_visit" FOR EACH ROW EXECUTE FUNCTION wiec_search_house_visit_house_visit()',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_organisation(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 8 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 8 AS kind, "organisation".id AS record_id, coalesce(name, \'\') AS title, coalesce(notes, \'\') AS body FROM "organisation" WHERE "organisation".id = row_id; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_organisation_organisation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_organisation(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_organisation(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_organisation_organisation AFTER INSERT OR UPDATE OF "name", "notes" OR DELETE ON "organisation" FOR EACH ROW EXECUTE FUNCTION wiec_search_organisation_organisation()',
    'CREATE OR REPLACE FUNCTION wiec_search_reindex_contact(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM search_document WHERE kind = 9 AND record_id = row_id; INSERT INTO search_document (kind, record_id, title, body) SELECT 9 AS kind, "contact".id AS record_id, coalesce(name, \'\') AS title, coalesce(function, \'\') || chr(10) || coalesce(email, \'\') AS body FROM "contact" WHERE "contact".id = row_id; END $$',
    "CREATE OR REPLACE FUNCTION wiec_search_contact_contact() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM wiec_search_reindex_contact(OLD.id); END IF; IF TG_OP <> 'DELETE' THEN PERFORM wiec_search_reindex_contact(NEW.id); END IF; RETURN NULL; END $$",
    'CREATE TRIGGER search_contact_contact AFTER INSERT OR UPDATE OF "name", "function", "email" OR DELETE ON "contact" FOR EACH ROW EXECUTE FUNCTION wiec_search_contact_contact()',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 1 AS kind, "case".id AS record_id, coalesce(year || \'-\' || lpad(number::text, 3, \'0\') || \' \' || title, \'\') AS title, coalesce(description, \'\') || chr(10) || coalesce(location, \'\') || chr(10) || coalesce(expert_analysis, \'\') || chr(10) || coalesce(outcome, \'\') AS body FROM "case"',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 2 AS kind, "meeting".id AS record_id, coalesce(title, \'\') AS title, coalesce(location, \'\') || chr(10) || coalesce(closing_summary, \'\') AS body FROM "meeting"',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 3 AS kind, "agenda_item".id AS record_id, coalesce(title, \'\') AS title, coalesce(minutes, \'\') AS body FROM "agenda_item" WHERE trim(minutes) <> \'\'',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 4 AS kind, "decision".id AS record_id, coalesce(\'\', \'\') AS title, coalesce(text, \'\') AS body FROM "decision"',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 5 AS kind, "action".id AS record_id, coalesce(\'A-\' || year || \'-\' || lpad(number::text, 3, \'0\'), \'\') AS title, coalesce(description, \'\') || chr(10) || coalesce(coalesce((SELECT string_agg(note, chr(10) ORDER BY action_update.id) FROM action_update WHERE action_update.action_id = action.id AND note <> \'\'), \'\'), \'\') AS body FROM "action"',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 6 AS kind, "signal".id AS record_id, coalesce(\'\', \'\') AS title, coalesce(text, \'\') || chr(10) || coalesce(street, \'\') || chr(10) || coalesce(closed_reason, \'\') AS body FROM "signal"',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 7 AS kind, "house_visit".id AS record_id, coalesce(\'\', \'\') AS title, coalesce(experience, \'\') || chr(10) || coalesce(problems, \'\') || chr(10) || coalesce(ideas, \'\') AS body FROM "house_visit" WHERE trim(experience || problems || ideas) <> \'\'',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 8 AS kind, "organisation".id AS record_id, coalesce(name, \'\') AS title, coalesce(notes, \'\') AS body FROM "organisation"',
    'INSERT INTO search_document (kind, record_id, title, body) SELECT 9 AS kind, "contact".id AS record_id, coalesce(name, \'\') AS title, coalesce(function, \'\') || chr(10) || coalesce(email, \'\') AS body FROM "contact"',
)  # fmt: skip

POSTGRES_DROP = (
    'DROP TRIGGER IF EXISTS search_case_case ON "case"',
    'DROP TRIGGER IF EXISTS search_meeting_meeting ON "meeting"',
    'DROP TRIGGER IF EXISTS search_minutes_agenda_item ON "agenda_item"',
    'DROP TRIGGER IF EXISTS search_decision_decision ON "decision"',
    'DROP TRIGGER IF EXISTS search_action_action ON "action"',
    'DROP TRIGGER IF EXISTS search_action_action_update ON "action_update"',
    'DROP TRIGGER IF EXISTS search_signal_signal ON "signal"',
    'DROP TRIGGER IF EXISTS search_house_visit_house_visit ON "house_visit"',
    'DROP TRIGGER IF EXISTS search_organisation_organisation ON "organisation"',
    'DROP TRIGGER IF EXISTS search_contact_contact ON "contact"',
    'DROP FUNCTION IF EXISTS wiec_search_case_case()',
    'DROP FUNCTION IF EXISTS wiec_search_meeting_meeting()',
    'DROP FUNCTION IF EXISTS wiec_search_minutes_agenda_item()',
    'DROP FUNCTION IF EXISTS wiec_search_decision_decision()',
    'DROP FUNCTION IF EXISTS wiec_search_action_action()',
    'DROP FUNCTION IF EXISTS wiec_search_action_action_update()',
    'DROP FUNCTION IF EXISTS wiec_search_signal_signal()',
    'DROP FUNCTION IF EXISTS wiec_search_house_visit_house_visit()',
    'DROP FUNCTION IF EXISTS wiec_search_organisation_organisation()',
    'DROP FUNCTION IF EXISTS wiec_search_contact_contact()',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_case(integer)',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_meeting(integer)',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_minutes(integer)',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_decision(integer)',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_action(integer)',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_signal(integer)',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_house_visit(integer)',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_organisation(integer)',
    'DROP FUNCTION IF EXISTS wiec_search_reindex_contact(integer)',
    'DROP TABLE IF EXISTS search_document',
    'DROP FUNCTION IF EXISTS wiec_unaccent(text)',
)  # fmt: skip
