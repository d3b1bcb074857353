"""On PostgreSQL: no two active bookings of an exclusive resource overlap, as a constraint.

``EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)`` over
the pending and confirmed bookings of exclusive resources; the half-open range lets a booking
end at 17:00 and the next begin at 17:00. ``btree_gist`` gives GiST its ``=`` on the resource
id (creating an extension needs a superuser or a trusted extension: docs/deployment.md).

SQLite has no range types: these operations do nothing there, and the model state is left as
it is (the constraint is not in ``Booking.Meta``), so ``makemigrations --check`` stays clean.
The service's lock on the resource row holds the rule on both databases.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "sharing_booking_no_overlap"

ADD = f"""
ALTER TABLE sharing_booking ADD CONSTRAINT {CONSTRAINT}
EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
WHERE (exclusive AND status IN ('pending', 'confirmed'))
"""
DROP = f"ALTER TABLE sharing_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}"


class PostgresOnlySQL(migrations.RunSQL):
    """SQL that runs on PostgreSQL and is skipped on any other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        PostgresOnlySQL(ADD, DROP),
    ]
