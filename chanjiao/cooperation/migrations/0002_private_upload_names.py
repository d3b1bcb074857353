# Uploaded files are stored under random names (chanjiao.core.uploads.PrivateUploadTo).

from django.db import migrations, models

import chanjiao.core.uploads


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreement",
            name="document",
            field=models.FileField(
                blank=True,
                upload_to=chanjiao.core.uploads.PrivateUploadTo("agreements"),
                verbose_name="文本",
            ),
        ),
    ]
