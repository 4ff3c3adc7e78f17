from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from shegong.audit.actions import record
from shegong.conftest import COUNTY, Cast


def test_tail_prints_the_last_rows_oldest_first(cast: Cast) -> None:
    entries = [
        record(actor=cast.staff, verb=f"test.step{n}", obj=cast.county_unit) for n in range(5)
    ]
    stdout = StringIO()

    call_command("audit", "tail", "-n", "2", stdout=stdout)

    lines = stdout.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == [f"#{entries[3].pk}", f"#{entries[4].pk}"]
    assert "林社工（staff）  test.step4  accounts.orgunit:" in lines[1]
    assert lines[1].endswith(COUNTY)


def test_tail_names_the_system_when_there_is_no_actor(cast: Cast) -> None:
    record(actor=None, verb="accounts.login_failed")
    stdout = StringIO()

    call_command("audit", "tail", stdout=stdout)

    assert "系统  accounts.login_failed  -  -" in stdout.getvalue()
