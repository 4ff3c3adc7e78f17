from __future__ import annotations

from typing import Any

from django.db import migrations

from shegong.cases.categories import DEFAULT_CATEGORIES


def seed(apps: Any, schema_editor: Any) -> None:
    Category = apps.get_model("cases", "Category")
    by_code: dict[str, Any] = {}
    for code, name, parent, keywords in DEFAULT_CATEGORIES:
        category, _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "parent": by_code.get(parent), "keywords": keywords}
        )
        by_code[code] = category


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
