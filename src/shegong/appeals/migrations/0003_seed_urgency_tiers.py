from __future__ import annotations

from typing import Any

from django.db import migrations

# R25 defaults (DB11/T 2021—2022 and its draft): dispatch 1h/2h/24h, feedback 2h/24h/7d/15d.
TIERS = [
    ("critical", "特急", 1, 1, 2, "hours", 1),
    ("urgent", "紧急", 2, 2, 24, "hours", 2),
    ("normal", "一般", 24, 24, 7, "days", 3),
    ("complex", "疑难复杂", 24, 24, 15, "days", 4),
]


def seed(apps: Any, schema_editor: Any) -> None:
    UrgencyTier = apps.get_model("appeals", "UrgencyTier")
    for code, name, dispatch, response, amount, unit, sort in TIERS:
        UrgencyTier.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "dispatch_hours": dispatch,
                "response_hours": response,
                "feedback_amount": amount,
                "feedback_unit": unit,
                "sort": sort,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
