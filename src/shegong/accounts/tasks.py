"""Background work of the accounts app."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from shegong.accounts.models import SmsCode


@db_periodic_task(crontab(minute="17", hour="3"))  # type: ignore[untyped-decorator]
def purge_sms_codes() -> int:
    """Delete login codes a day after they expired: they are useless and only a hash anyway."""
    deleted, _ = SmsCode.objects.filter(expires_at__lt=timezone.now() - timedelta(days=1)).delete()
    return deleted
