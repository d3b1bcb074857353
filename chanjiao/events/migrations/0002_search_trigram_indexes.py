"""Trigram indexes for event search on PostgreSQL (a no-op on SQLite).

See registry 0005: ``icontains`` is ``UPPER(col::text) LIKE UPPER('%word%')`` and a GIN index
of the trigrams of ``UPPER(col)`` answers it without reading the whole table.
"""

from django.db import migrations

COLUMNS = [
    ("events_event", "name"),
    ("events_event", "theme"),
    ("events_event", "venue"),
    ("events_event", "city"),
]


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
