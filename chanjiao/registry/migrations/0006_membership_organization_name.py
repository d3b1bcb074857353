"""Memberships keep their unit's name as the members list's sort key (filled here for existing
rows, then by Membership.save and Organization.save), with partial indexes on a body's current
members by name and by role order then name."""

from django.db import migrations, models


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # One pass over millions of rows; the ORM's correlated subquery would probe per row.
        schema_editor.execute(
            "UPDATE registry_membership m SET organization_name = o.name "
            "FROM registry_organization o WHERE o.id = m.organization_id"
        )
        return
    Membership = apps.get_model("registry", "Membership")
    Organization = apps.get_model("registry", "Organization")
    names = Organization.objects.filter(pk=models.OuterRef("organization_id")).values("name")
    Membership.objects.update(organization_name=models.Subquery(names[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="organization_name",
            field=models.CharField(
                default="", editable=False, max_length=200, verbose_name="单位名称（排序用）"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                models.F("body"),
                models.F("organization_name"),
                models.F("id"),
                condition=models.Q(("until__isnull", True)),
                name="membership_current_by_name",
            ),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                models.F("body"),
                models.Case(
                    models.When(role="initiator", then=models.Value(0)),
                    models.When(role="chair", then=models.Value(1)),
                    models.When(role="vice_chair", then=models.Value(2)),
                    models.When(role="executive_member", then=models.Value(3)),
                    models.When(role="member", then=models.Value(4)),
                    models.When(role="secretariat", then=models.Value(5)),
                    models.When(role="guide", then=models.Value(6)),
                    models.When(role="advisor", then=models.Value(7)),
                    default=models.Value(8),
                    output_field=models.IntegerField(),
                ),
                models.F("organization_name"),
                models.F("id"),
                condition=models.Q(("until__isnull", True)),
                name="membership_current_by_role",
            ),
        ),
    ]
