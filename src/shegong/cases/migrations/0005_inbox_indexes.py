# The staff inbox of 接诉即办 (shegong.appeals.inbox) reads one page of the newest cases of a box
# without sorting the archive: with a million cases in one county every box answers from these
# indexes in a few milliseconds on SQLite and PostgreSQL (bench/bench_appeals.py).
#
# - case_proc_received: the `all` box, walked newest first until a page is full;
# - case_open_received: the work boxes (dispatch, unit, overdue) hold open cases only;
# - case_proc_category: the category filter, newest first within one category;
# - assignment_unit_live: a unit's live shares read from the index alone (replaces
#   assignment_unit_state, whose assigned_at column nothing reads);
# - clock_running_case: "has this case a running clock past due?" from the index alone.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_rates_indexes")]

    operations = [
        migrations.RemoveIndex(model_name="assignment", name="assignment_unit_state"),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["unit", "state", "case"], name="assignment_unit_live"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["procedure", "received_at"], name="case_proc_received"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["procedure", "received_at"],
                name="case_open_received",
                condition=models.Q(closed_at__isnull=True),
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["procedure", "category", "received_at"], name="case_proc_category"
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                fields=["case", "due_at", "paused_at", "cancelled"],
                name="clock_running_case",
                condition=models.Q(stopped_at__isnull=True),
            ),
        ),
    ]
