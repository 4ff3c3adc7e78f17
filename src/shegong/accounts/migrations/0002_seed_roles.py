from __future__ import annotations

from typing import Any

from django.db import migrations

ROLE_CODES = [
    "admin", "social_work_staff", "petition_staff", "dispatcher", "handler",
    "supervisor", "leader", "grid_worker", "village_cadre", "resident",
]


def seed_roles(apps: Any, schema_editor: Any) -> None:
    Role = apps.get_model("accounts", "Role")
    for code in ROLE_CODES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed_roles, migrations.RunPython.noop)]
