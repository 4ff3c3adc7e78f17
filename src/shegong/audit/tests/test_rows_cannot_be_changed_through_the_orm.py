from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from shegong.audit.actions import record
from shegong.audit.models import AuditEntry, AuditImmutableError
from shegong.audit.queries import verify_chain
from shegong.conftest import Cast


def test_saving_an_existing_row_is_refused(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.login")
    entry.verb = "accounts.logout"

    with pytest.raises(AuditImmutableError, match="不可修改或删除"):
        entry.save()


def test_saving_only_some_fields_is_refused(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.login")
    copy = AuditEntry.objects.get(pk=entry.pk)
    copy._state.adding = True

    with pytest.raises(AuditImmutableError):
        copy.save(update_fields=["verb"])


def test_a_copy_saved_over_an_existing_id_is_inserted_or_fails_never_updates(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.login")
    copy = AuditEntry.objects.get(pk=entry.pk)
    # To Django an unsaved instance with a preset id would normally mean "UPDATE that row".
    copy._state.adding = True
    copy.verb = "accounts.logout"

    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()

    assert AuditEntry.objects.get(pk=entry.pk).verb == "accounts.login"


def test_deleting_a_row_is_refused(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.login")

    with pytest.raises(AuditImmutableError):
        entry.delete()


def test_queryset_update_is_refused(cast: Cast) -> None:
    record(actor=cast.staff, verb="accounts.login")

    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.filter(verb="accounts.login").update(verb="x")


def test_queryset_delete_is_refused(cast: Cast) -> None:
    record(actor=cast.staff, verb="accounts.login")

    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().delete()


def test_bulk_update_is_refused(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.login")
    entry.verb = "x"

    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.bulk_update([entry], ["verb"])


def test_a_user_with_audit_rows_cannot_be_deleted(cast: Cast) -> None:
    record(actor=cast.staff, verb="accounts.login")

    with pytest.raises(ProtectedError):
        cast.staff.delete()
    assert verify_chain().ok
