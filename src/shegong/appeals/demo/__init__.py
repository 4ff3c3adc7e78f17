"""The 接诉即办 demo of 揭阳 (demo data only): a dispatch catalogue, duty lists, QR points, and
about 300 appeals of the last 90 days in every state, with a populated ranking.

Every appeal goes through the real actions (`do_submit_appeal`, `do_dispatch`, `do_accept` …),
the steps of all appeals in the order of their planned times (`runner`). The actions run now;
then `backdate.Backdater` moves what each step wrote for its case (timeline, clocks, shares,
objections, notices, the case's own times) to the step's planned time, keeping the step's own
durations, and each case gets a number of the day it came in. Only demo data is ever
back-dated this way; the audit trail keeps the true time the demo was built. A limit counted in
days is counted again from the planned start, so weekends and holidays fall where they should.
At the end the deadline sweep runs once, as the worker would.

Idempotent: the appeals carry client tokens `demo-appeal-NNN`; once they exist nothing is added.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from shegong.appeals.demo.reference import (
    City,
    ensure_catalogue,
    ensure_duty_lists,
    ensure_qr_points,
)
from shegong.appeals.demo.runner import Runner
from shegong.appeals.demo.stories import TOKEN_PREFIX, Planner
from shegong.cases.models import Case, Notice
from shegong.cases.sweep import do_sweep_clocks
from shegong.lib.sms import DISCARD_BACKEND

__all__ = ["DEFAULT_APPEALS", "City", "build_appeals_demo"]

DEFAULT_APPEALS = 300
H, D = timedelta(hours=1), timedelta(days=1)


def build_appeals_demo(city: City, *, count: int = DEFAULT_APPEALS) -> int:
    """Reference data and `count` appeals; returns how many appeals were created (0 on a re-run).

    One transaction: a failed build leaves nothing half-made. Messages are discarded."""
    city.load_units()
    with override_settings(SMS_BACKEND=DISCARD_BACKEND), transaction.atomic():
        ensure_catalogue(city)
        ensure_duty_lists(city)
        ensure_qr_points(city)
        if count <= 0 or Case.objects.filter(client_token__startswith=TOKEN_PREFIX).exists():
            return 0
        now = timezone.now().replace(second=0, microsecond=0)
        stories = Planner(city, now, count).stories()
        Runner(city, stories).run()
        do_sweep_clocks(timezone.now())
        _read_old_notices(now)
    return len(stories)


def _read_old_notices(now: datetime) -> None:
    """Staff have read what reached them before the last two days (demo data)."""
    Notice.objects.filter(
        case__client_token__startswith=TOKEN_PREFIX,
        read_at__isnull=True,
        created_at__lt=now - 2 * D,
    ).update(read_at=F("created_at") + H)
