# Uploaded files are stored under random names (chanjiao.core.uploads.PrivateUploadTo).

from django.db import migrations, models

import chanjiao.core.uploads


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0002_major_categories"),
    ]

    operations = [
        migrations.AlterField(
            model_name="talentimport",
            name="file",
            field=models.FileField(
                upload_to=chanjiao.core.uploads.PrivateUploadTo("imports/talent"),
                verbose_name="文件",
            ),
        ),
    ]
