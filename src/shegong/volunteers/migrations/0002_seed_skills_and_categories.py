from __future__ import annotations

from typing import Any

from django.db import migrations

# The skills a registration form offers and a shift may require; admins may add more.
SKILLS = [
    ("first_aid", "医疗急救"),
    ("counselling", "心理疏导"),
    ("legal", "法律咨询"),
    ("driving", "驾驶"),
    ("electrician", "电工维修"),
    ("tutoring", "教育辅导"),
    ("elderly_care", "助老服务"),
    ("environment", "环境保护"),
    ("performance", "文艺演出"),
    ("it", "信息技术"),
    ("translation", "外语翻译"),
    ("moving", "搬运"),
    ("sign_language", "手语"),
    ("photography", "摄影摄像"),
    ("cooking", "烹饪"),
    ("rescue", "应急救援"),
]

# Fields of service, after the usual categories of 志愿服务 platforms.
CATEGORIES = [
    ("community", "社区服务"),
    ("elderly_disabled", "助老助残"),
    ("poverty", "扶贫济困"),
    ("children", "关爱儿童"),
    ("civilisation", "文明实践"),
    ("environment", "生态环保"),
    ("emergency", "应急救援"),
    ("health", "医疗卫生"),
    ("education", "教育培训"),
    ("legal", "法律服务"),
    ("safety", "平安建设"),
    ("culture", "文化体育"),
    ("events", "大型活动"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    for model, rows in (("Skill", SKILLS), ("ServiceCategory", CATEGORIES)):
        table = apps.get_model("volunteers", model)
        for sort, (code, name) in enumerate(rows, start=1):
            table.objects.get_or_create(code=code, defaults={"name": name, "sort": sort})


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
