"""The default indicator catalogue (docs/glossary.md: 指标); codes already present are kept."""

from django.db import migrations


def install(apps, schema_editor):
    from chanjiao.reports.indicators import install_catalogue

    install_catalogue(apps.get_model("reports", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
