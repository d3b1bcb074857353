"""Take the ticket codes out of the change log: a registration's ticket code is the only key of
its ticket page (and the entry QR code), and the history showed it to every reader of the
event. Registrations no longer log it (``Registration.CHANGELOG_DERIVED``)."""

from django.db import migrations


def forget(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ObjectChange = apps.get_model("core", "ObjectChange")
    ct = ContentType.objects.filter(app_label="events", model="registration").first()
    if ct is None:
        return
    for change in ObjectChange.objects.filter(content_type=ct).iterator():
        changed = False
        for side in ("before", "after"):
            data = getattr(change, side)
            if isinstance(data, dict) and "ticket_code" in data:
                del data["ticket_code"]
                changed = True
        if changed:
            change.save(update_fields=["before", "after"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_daily_run"),
        ("events", "0007_registration_language"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
