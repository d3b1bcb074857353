"""A username is unique in any case: a unique index on ``lower(username)`` of ``auth_user``.

The sign-up service refuses ``Wang`` when ``wang`` exists, but two sign-ups at the same instant
both passed that check; the index makes the database refuse the second
(:func:`chanjiao.accounts.services.invitation_accept` turns the refusal into 「该用户名已被使用」).
Django's ``auth.User`` cannot take a constraint from this app, so the index is plain SQL that
SQLite and PostgreSQL both read. Existing names that differ only in case stop the migration
with a message naming them: rename one of each pair first (the admin site, or ``chanjiao
shell``), then migrate again.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower

INDEX = "auth_user_username_lower_uniq"


def refuse_case_duplicates(apps, schema_editor):
    User = apps.get_model("auth", "User")
    clashes = (
        User.objects.using(schema_editor.connection.alias)
        .annotate(lowered=Lower("username"))
        .values("lowered")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("lowered", flat=True)
    )
    groups = []
    for lowered in clashes:
        names = User.objects.using(schema_editor.connection.alias).filter(username__iexact=lowered)
        groups.append(" / ".join(sorted(names.values_list("username", flat=True))))
    if groups:
        raise RuntimeError(
            "Usernames that differ only in case exist: "
            + "; ".join(groups)
            + ". A username must be unique in any case: rename one account of each group "
            "(e.g. in the admin site), then run the migration again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_verbose_names"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop, elidable=False),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {INDEX} ON auth_user (LOWER(username));",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX};",
            elidable=False,
        ),
    ]
