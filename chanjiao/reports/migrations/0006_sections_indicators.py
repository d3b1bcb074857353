"""Two computed indicators for the annual report's 五大要素: 实训基地数 and 专业点数 (the
default catalogue's codes already present are kept)."""

from django.db import migrations

from chanjiao.reports.indicators import install_in_migration


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_industry_chains")]

    operations = [migrations.RunPython(install_in_migration, migrations.RunPython.noop)]
