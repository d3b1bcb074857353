# Uploaded files are stored under random names (chanjiao.core.uploads.PrivateUploadTo).

from django.db import migrations, models

import chanjiao.core.uploads


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_organization_registered_by_body"),
    ]

    operations = [
        migrations.AlterField(
            model_name="charter",
            name="file",
            field=models.FileField(
                blank=True,
                upload_to=chanjiao.core.uploads.PrivateUploadTo("charters"),
                verbose_name="文件",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="file",
            field=models.FileField(
                upload_to=chanjiao.core.uploads.PrivateUploadTo("imports"), verbose_name="文件"
            ),
        ),
    ]
