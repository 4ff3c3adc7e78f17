from __future__ import annotations

import pytest
from django.db import transaction

from shegong.audit.actions import record
from shegong.audit.models import AuditEntry
from shegong.audit.queries import verify_chain
from shegong.conftest import Cast


class ActionFailedError(Exception):
    pass


def _rename_unit_then_fail(cast: Cast) -> None:
    """An action that writes its audit row and then fails before committing."""
    with transaction.atomic():
        cast.village_unit.name = "改名"
        cast.village_unit.save()
        record(actor=cast.staff, verb="accounts.unit_renamed", obj=cast.village_unit)
        raise ActionFailedError


def test_an_action_that_rolls_back_takes_its_audit_row_with_it(cast: Cast) -> None:
    record(actor=cast.staff, verb="accounts.login")

    with pytest.raises(ActionFailedError):
        _rename_unit_then_fail(cast)

    assert list(AuditEntry.objects.values_list("verb", flat=True)) == ["accounts.login"]
    cast.village_unit.refresh_from_db()
    assert cast.village_unit.name == "进东社区居民委员会"
    # The next row links to the last committed one, so the chain stays whole.
    record(actor=cast.staff, verb="accounts.logout")
    assert verify_chain().ok
