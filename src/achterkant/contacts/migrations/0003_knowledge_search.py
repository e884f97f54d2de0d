"""Full-text search for knowledge articles, one index per database engine.

PostgreSQL: the pg_trgm extension (its word_similarity() is the typo fallback) and a GIN
index on the weighted ``dutch`` tsvector expression that ``contacts.knowledge_search``
queries (the two expressions must stay identical, or the index is not used).

SQLite: an FTS5 table over (question, keywords, answer) with the article table as its
external content, kept in sync by triggers. Note: when a later migration alters
``contacts_knowledgearticle`` on SQLite, Django rebuilds the table and the triggers are
dropped with the old one; such a migration must run ``sqlite_forward`` again (see
docs/knowledge-search.md). The search tests fail if the triggers are missing.

Neither changes the model state, so ``makemigrations --check`` stays clean.
"""

from django.db import migrations

TABLE = "contacts_knowledgearticle"
FTS = "contacts_knowledge_fts"

POSTGRESQL_FORWARD = [
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""CREATE INDEX IF NOT EXISTS contacts_knowledge_search ON {TABLE} USING gin ((
        setweight(to_tsvector('dutch'::regconfig, question), 'A') ||
        setweight(to_tsvector('dutch'::regconfig, keywords), 'B') ||
        setweight(to_tsvector('dutch'::regconfig, answer), 'C')))""",
]
POSTGRESQL_REVERSE = [
    # The extension stays: other apps may use it, and dropping it needs more rights.
    "DROP INDEX IF EXISTS contacts_knowledge_search",
]

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        question, keywords, answer,
        content='{TABLE}', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2", prefix='2 3')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, question, keywords, answer)
        VALUES (new.id, new.question, new.keywords, new.answer);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, question, keywords, answer)
        VALUES ('delete', old.id, old.question, old.keywords, old.answer);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, question, keywords, answer)
        VALUES ('delete', old.id, old.question, old.keywords, old.answer);
        INSERT INTO {FTS}(rowid, question, keywords, answer)
        VALUES (new.id, new.question, new.keywords, new.answer);
    END""",
    # Index the articles that already exist.
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
}


def _run(schema_editor, direction: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        # Search raises a clear error on other engines; the schema itself is fine.
        return
    for statement in STATEMENTS[vendor][direction]:
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor) -> None:
    _run(schema_editor, 0)


def reverse(apps, schema_editor) -> None:
    _run(schema_editor, 1)


def sqlite_forward(schema_editor) -> None:
    """For a later migration that rebuilds the article table on SQLite."""
    if schema_editor.connection.vendor == "sqlite":
        _run(schema_editor, 0)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_initial")]

    operations = [migrations.RunPython(forward, reverse, elidable=False)]
