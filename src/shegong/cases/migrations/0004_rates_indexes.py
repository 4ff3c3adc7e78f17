# R30: the three rates of 接诉即办 (shegong.appeals.rates) read a month of dispatched cases and
# their late clocks from these two indexes alone (index-only scans on SQLite and PostgreSQL).
# They replace the narrower case_proc_dispatched of 0003.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_proc_dispatched")]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_proc_dispatched"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=[
                    "procedure",
                    "dispatched_at",
                    "region_code",
                    "lead_unit",
                    "response_on_time",
                    "rating",
                    "resolved",
                    "id",
                ],
                name="case_rates_month",
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                fields=[
                    "name",
                    "started_at",
                    "cancelled",
                    "stopped_at",
                    "due_at",
                    "paused_at",
                    "region_code",
                    "case",
                ],
                name="clock_rates_late",
            ),
        ),
    ]
