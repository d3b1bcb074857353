"""Four computed indicators fed by the carriers' yearly figures (载体年度数据): 载体在校生数,
载体开设课程数, 载体教师数 and 载体设备总值 (the default catalogue's codes already present are
kept)."""

from django.db import migrations

from chanjiao.reports.indicators import install_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_approvals"),
    ]

    operations = [migrations.RunPython(install_in_migration, migrations.RunPython.noop)]
