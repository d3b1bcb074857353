"""The 19 categories (专业大类) of the 2021 vocational majors catalogue at the higher-vocational
associate level (高职专科, codes 41–59).

Only what is certain is shipped here; the classes, the majors and the other two levels (中职,
高职本科) are loaded from the catalogue file with ``chanjiao import-majors FILE``.
"""

from django.db import migrations

ASSOCIATE_CATEGORIES = [
    ("41", "农林牧渔大类"),
    ("42", "资源环境与安全大类"),
    ("43", "能源动力与材料大类"),
    ("44", "土木建筑大类"),
    ("45", "水利大类"),
    ("46", "装备制造大类"),
    ("47", "生物与化工大类"),
    ("48", "轻工纺织大类"),
    ("49", "食品药品与粮食大类"),
    ("50", "交通运输大类"),
    ("51", "电子与信息大类"),
    ("52", "医药卫生大类"),
    ("53", "财经商贸大类"),
    ("54", "旅游大类"),
    ("55", "文化艺术大类"),
    ("56", "新闻传播大类"),
    ("57", "教育与体育大类"),
    ("58", "公安与司法大类"),
    ("59", "公共管理与服务大类"),
]


def add_categories(apps, schema_editor):
    MajorCategory = apps.get_model("talent", "MajorCategory")
    for code, name in ASSOCIATE_CATEGORIES:
        MajorCategory.objects.get_or_create(level="associate", code=code, defaults={"name": name})


def remove_categories(apps, schema_editor):
    MajorCategory = apps.get_model("talent", "MajorCategory")
    MajorCategory.objects.filter(
        level="associate",
        code__in=[code for code, _name in ASSOCIATE_CATEGORIES],
        majors__isnull=True,
        classes__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
