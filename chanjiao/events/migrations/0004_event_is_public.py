"""Events store whether they are public (published, held by a published body or by none), so
the public list is an index scan: the flag, filled here for existing events, is kept by
chanjiao.events.visibility; a partial index in the list's order covers the public events."""

from django.db import migrations, models

INDEX = "events_event_public_order"


def fill(apps, schema_editor):
    from chanjiao.events.visibility import public_expression

    Event = apps.get_model("events", "Event")
    Event.objects.update(is_public=public_expression(Event, Event.bodies.through))


def create_index(apps, schema_editor):
    # As events_event_list_order (0003): SQLite allows no NULLS LAST in an index and needs none.
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event (starts_on DESC{nulls}, name, id) "
        "WHERE is_public"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_event_list_order_index"),
        ("registry", "0005_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="is_public",
            field=models.BooleanField(default=False, editable=False, verbose_name="对外可见"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
