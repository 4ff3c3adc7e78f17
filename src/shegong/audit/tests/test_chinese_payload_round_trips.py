from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from shegong.audit.actions import record
from shegong.audit.models import AuditEntry
from shegong.audit.queries import verify_chain
from shegong.conftest import Cast


def test_chinese_text_reads_back_unchanged(cast: Cast) -> None:
    payload = {
        "内容": "小区路灯不亮，请尽快维修。",
        "地址": "榕城区进东社区",
        "标签": ["路灯", "夜间"],
    }

    entry = record(actor=cast.staff, verb="appeals.submitted", payload=payload)

    assert AuditEntry.objects.get(pk=entry.pk).payload == payload
    assert verify_chain().ok


def test_dates_decimals_and_uuids_are_stored_as_they_were_hashed(cast: Cast) -> None:
    token = uuid.UUID("12345678-1234-5678-1234-567812345678")
    payload = {
        "due": date(2026, 3, 2),
        "at": datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
        "amount": Decimal("12.50"),
        "token": token,
        "whole": 1e20,
        "ratio": 0.1,
        "tiny": 1.5e-07,
    }

    record(actor=cast.staff, verb="funds.granted", payload=payload)

    stored = AuditEntry.objects.get().payload
    assert stored["due"] == "2026-03-02"
    assert stored["amount"] == "12.50"
    assert stored["token"] == str(token)
    # A whole float is kept as an int, the form PostgreSQL's jsonb would give back anyway.
    assert stored["whole"] == 10**20
    assert stored["ratio"] == 0.1
    assert stored["tiny"] == 1.5e-07
    assert verify_chain().ok
