# R30: the three rates of 接诉即办 read one month of dispatches (shegong.appeals.rates).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_seed_categories")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["procedure", "dispatched_at"], name="case_proc_dispatched"),
        ),
    ]
