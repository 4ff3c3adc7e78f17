"""A case's timeline is append-only: every step adds an Action; none is ever changed or removed
(DESIGN: the case engine; the audit trail holds the same steps)."""

from __future__ import annotations

import pytest

from shegong.audit.models import AuditEntry
from shegong.cases.models import Action
from shegong.cases.tests.steps import replied
from shegong.conftest import Cast


def test_every_step_appends_to_the_timeline_and_the_audit_trail(cast: Cast) -> None:
    case = replied(cast)
    steps = list(case.actions.values_list("verb", "from_status", "to_status"))
    assert steps == [
        ("intake", "", "received"),
        ("dispatch", "received", "dispatched"),
        ("accept", "dispatched", "processing"),
        ("reply", "processing", "replied"),
    ]
    audited = AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
    assert list(audited.values_list("verb", flat=True)) == [
        "appeals.intake",
        "appeals.dispatch",
        "appeals.accept",
        "appeals.reply",
    ]


def test_a_written_action_cannot_be_changed(cast: Cast) -> None:
    action = replied(cast).actions.get(verb="reply")
    action.note = "改写的答复"
    with pytest.raises(ValueError, match="只能追加"):
        action.save()
    with pytest.raises(ValueError, match="只能追加"):
        Action.objects.filter(pk=action.pk).update(note="改写的答复")
    assert Action.objects.get(pk=action.pk).note == "已修好。"


def test_a_written_action_cannot_be_deleted(cast: Cast) -> None:
    case = replied(cast)
    action = case.actions.get(verb="dispatch")
    with pytest.raises(ValueError, match="只能追加"):
        action.delete()
    with pytest.raises(ValueError, match="只能追加"):
        case.actions.all().delete()
    assert case.actions.count() == 4


def test_every_transition_bumps_the_case_version(cast: Cast) -> None:
    case = replied(cast)
    case.refresh_from_db()
    assert case.version == 3  # dispatch, accept, reply
