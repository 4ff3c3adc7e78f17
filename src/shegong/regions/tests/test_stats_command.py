"""`shegong regions stats` counts the loaded regions per level."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from shegong.regions.loader import LoadReport


def test_stats_count_each_level(jieyang: LoadReport) -> None:
    out = StringIO()

    call_command("regions", "stats", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[:6] == [
        "省级\t         1",
        "地级\t         1",
        "县级\t         5",
        "乡级\t       108",
        "村级\t     1,651",
        "合计\t     1,766",
    ]
