# Every index on cases_case, cases_action and cases_clock is written by every intake, so each must
# serve a query that needs it. These served none that another index does not serve as well
# (EXPLAIN of the inbox boxes, the rates, duplicate hints and case lookups on SQLite and
# PostgreSQL, bench/bench_appeals.py):
#
# - status: every query filters it together with procedure or lead_unit, which case_proc_status
#   and case_lead_status lead with;
# - category, lead_unit: case_category_region and case_lead_status lead with them, which also
#   serves the PROTECT check when a category or unit is deleted;
# - phone_hash: nothing looks cases up by it;
# - submitter, merged_into: almost always empty; now partial indexes of the rows that have one
#   (case_submitter also orders a resident's own appeals);
# - cases_action.case, cases_clock.case: action_case_at and clock_case_name lead with them;
# - PostgreSQL's varchar_pattern_ops twins ("…_like") of number, client_token, status and
#   phone_hash: they serve only LIKE 'prefix%', and these columns are only ever compared whole.
#
# Only the indexes are dropped: the state changes as Django's AlterField would, while SQLite is
# spared the table rebuild that AlterField does there for an index change.

from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# Django's own names for the single-column indexes (the same on both databases).
PLAIN = {
    "cases_case_status_95787cb3": ("cases_case", "status"),
    "cases_case_category_id_c6dc5a5a": ("cases_case", "category_id"),
    "cases_case_lead_unit_id_fb1941ea": ("cases_case", "lead_unit_id"),
    "cases_case_phone_hash_adf477c1": ("cases_case", "phone_hash"),
    "cases_case_submitter_id_a929911c": ("cases_case", "submitter_id"),
    "cases_case_merged_into_id_1b4320d8": ("cases_case", "merged_into_id"),
    "cases_action_case_id_ff9ad67d": ("cases_action", "case_id"),
    "cases_clock_case_id_bf0c46ff": ("cases_clock", "case_id"),
}
PATTERN = {  # PostgreSQL only
    "cases_case_status_95787cb3_like": ("cases_case", "status"),
    "cases_case_phone_hash_adf477c1_like": ("cases_case", "phone_hash"),
    "cases_case_number_980c9551_like": ("cases_case", "number"),
    "cases_case_client_token_bebf0465_like": ("cases_case", "client_token"),
}


def _names(schema_editor: BaseDatabaseSchemaEditor) -> dict[str, tuple[str, str]]:
    on_postgres = schema_editor.connection.vendor == "postgresql"
    return {**PLAIN, **(PATTERN if on_postgres else {})}


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for name in _names(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def restore(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    quote = schema_editor.quote_name
    for name, (table, column) in _names(schema_editor).items():
        ops = " varchar_pattern_ops" if name in PATTERN else ""
        target = f"{quote(table)} ({quote(column)}{ops})"
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {target}")


def _fk(to: str, verbose_name: str, related_name: str | None = None) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        db_index=False,
        null=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        to=to,
        verbose_name=verbose_name,
    )


def _case(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        on_delete=models.PROTECT,
        related_name=related_name,
        to="cases.case",
        verbose_name="工单",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_seed_roles"),
        ("cases", "0005_inbox_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField("case", "category", _fk("cases.category", "分类")),
                migrations.AlterField(
                    "case", "lead_unit", _fk("accounts.orgunit", "主办单位", "lead_cases")
                ),
                migrations.AlterField(
                    "case", "merged_into", _fk("cases.case", "并入工单", "merged_cases")
                ),
                migrations.AlterField(
                    "case",
                    "submitter",
                    _fk(settings.AUTH_USER_MODEL, "提交人账号", "submitted_cases"),
                ),
                migrations.AlterField(
                    "case",
                    "phone_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="电话索引"),
                ),
                migrations.AlterField(
                    "case", "status", models.CharField(max_length=32, verbose_name="状态")
                ),
                migrations.AlterField("action", "case", _case("actions")),
                migrations.AlterField("clock", "case", _case("clocks")),
            ],
            database_operations=[migrations.RunPython(drop, restore)],
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("submitter__isnull", False)),
                fields=["submitter", "received_at"],
                name="case_submitter",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)),
                fields=["merged_into"],
                name="case_merged_into",
            ),
        ),
    ]
