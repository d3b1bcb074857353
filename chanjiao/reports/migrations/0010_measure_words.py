"""The indicator catalogue counts in the measure words the rest of the product uses: member
units in 家 (they read 个), events in 场 and agreements in 份 (they read 项), as the home page,
the body page and the annual report's own sentences do. An indicator whose unit a secretariat
has changed keeps it."""

from django.db import migrations, models

#: code: (the unit it had, the unit it has)
MOVED = {
    **{
        code: ("units", "organizations")
        for code in (
            "members_total",
            "members_schools",
            "members_enterprises",
            "members_other",
            "council_units",
            "members_new",
            "members_departed",
        )
    },
    "events_held": ("items", "events"),
    "agreements_signed": ("items", "documents"),
}


def forwards(apps, schema_editor):
    indicator = apps.get_model("reports", "Indicator")
    for code, (old, new) in MOVED.items():
        indicator.objects.filter(code=code, unit=old).update(unit=new)


def backwards(apps, schema_editor):
    indicator = apps.get_model("reports", "Indicator")
    for code, (old, new) in MOVED.items():
        indicator.objects.filter(code=code, unit=new).update(unit=old)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0009_carrier_indicators'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicator',
            name='unit',
            field=models.CharField(choices=[('persons', '人'), ('person_times', '人次'), ('person_months', '人月'), ('person_days', '人日'), ('units', '个'), ('organizations', '家'), ('events', '场'), ('documents', '份'), ('items', '项'), ('courses', '门'), ('books', '部'), ('classes', '班'), ('hours', '课时'), ('wan_yuan', '万元'), ('percent', '%')], max_length=16, verbose_name='单位'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
