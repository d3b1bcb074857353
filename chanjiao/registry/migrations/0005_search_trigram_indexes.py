"""Trigram indexes for name and alias search on PostgreSQL (a no-op on SQLite).

``?q=`` searches with ``icontains``, which PostgreSQL runs as ``UPPER(col::text) LIKE
UPPER('%word%')``: a B-tree cannot help with a leading wildcard, a GIN index of the trigrams
of ``UPPER(col)`` can (pg_trgm splits Chinese text into trigrams too). One index per searched
column, so a search over several columns is a BitmapOr of index scans.
"""

from django.db import migrations

#: (table, column) pairs searched by the registry's selectors.
COLUMNS = [
    ("registry_organization", "name"),
    ("registry_organization", "short_name"),
    ("registry_organization", "english_name"),
    ("registry_organization", "aliases"),
    ("registry_organization", "credit_code"),
    ("registry_body", "name"),
    ("registry_body", "short_name"),
    ("registry_body", "english_name"),
    ("registry_body", "aliases"),
    ("registry_person", "name"),
    ("registry_person", "english_name"),
    ("registry_position", "title"),
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
    dependencies = [("registry", "0004_private_upload_names")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
