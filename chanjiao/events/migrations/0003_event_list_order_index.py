"""An index in the order of the event list (newest first, then by name).

The list reads its first page by walking this index instead of sorting every event; the
visibility check (EXISTS on the holders) then runs for the rows read, not for the table.
Plain SQL rather than Meta.indexes: NULLS LAST must match the list's ORDER BY exactly.
"""

from django.db import migrations

NAME = "events_event_list_order"


def create(apps, schema_editor):
    # SQLite has no NULLS LAST in an index, and needs none: it sorts NULLs first, so last in
    # a descending order.
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON events_event (starts_on DESC{nulls}, name, id)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("events", "0002_search_trigram_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
