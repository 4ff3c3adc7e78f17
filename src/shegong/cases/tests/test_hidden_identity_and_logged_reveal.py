"""A submitter may ask that their name be hidden from the handling unit; staff who need it still
see it, and a full reveal of name and phone is logged in the audit trail."""

from __future__ import annotations

from shegong.appeals.actions import do_rate
from shegong.audit.models import AuditEntry
from shegong.cases.models import Case
from shegong.cases.tests.steps import PHONE, client_for, dispatched, fresh, replied
from shegong.conftest import Cast

HIDDEN = "（诉求人要求对承办单位保密）"


def hidden_case(cast: Cast) -> Case:
    return dispatched(cast, hide_identity=True)


def test_the_handling_unit_does_not_see_a_hidden_submitter(cast: Cast) -> None:
    case = hidden_case(cast)
    shown = client_for(cast.handler).get(f"/api/v1/cases/{case.number}").json()
    assert shown["submitter"] == {"name": HIDDEN, "phone": "", "hidden": True}
    assert "张三" not in str(shown)
    assert "张群众" not in str(shown)
    assert PHONE[-4:] not in str(shown)


def test_the_dispatcher_still_sees_the_submitter_masked(cast: Cast) -> None:
    case = hidden_case(cast)
    shown = client_for(cast.dispatcher).get(f"/api/v1/cases/{case.number}").json()
    assert shown["submitter"] == {"name": "张三", "phone": "139****5678", "hidden": False}


def test_a_reveal_shows_the_full_phone_and_is_logged(cast: Cast) -> None:
    case = hidden_case(cast)
    response = client_for(cast.dispatcher).post(f"/api/v1/cases/{case.number}/reveal")
    assert response.status_code == 200
    assert response.json() == {"name": "张三", "phone": PHONE}
    entry = AuditEntry.objects.filter(verb="read", object_id=str(case.pk)).get()
    assert entry.actor == cast.dispatcher
    assert entry.object_type == "cases.case"
    assert entry.payload == {"fields": ["submitter_name", "submitter_phone"]}


def test_the_handling_unit_cannot_reveal_a_hidden_submitter(cast: Cast) -> None:
    case = hidden_case(cast)
    response = client_for(cast.handler).post(f"/api/v1/cases/{case.number}/reveal")
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(verb="read").exists()


def test_someone_outside_the_region_cannot_reveal(cast: Cast) -> None:
    case = dispatched(cast)
    response = client_for(cast.outsider).post(f"/api/v1/cases/{case.number}/reveal")
    assert response.status_code == 404


def test_an_unhidden_submitter_is_shown_to_the_handling_unit(cast: Cast) -> None:
    case = dispatched(cast)
    shown = client_for(cast.handler).get(f"/api/v1/cases/{case.number}").json()
    assert shown["submitter"] == {"name": "张三", "phone": "139****5678", "hidden": False}


def test_the_timeline_does_not_name_a_hidden_submitter(cast: Cast) -> None:
    # The resident's own account submitted and rated: the unit sees only "诉求人".
    case = replied(cast, hide_identity=True)
    do_rate(case, actor=cast.resident, rating="satisfied", resolved=True)
    shown = client_for(cast.handler).get(f"/api/v1/cases/{case.number}").json()
    actors = {a["verb"]: a["actor"] for a in shown["timeline"]}
    assert actors["intake"] == "诉求人"
    assert actors["rate"] == "诉求人"
    assert "张群众" not in str(shown)
    # The audit trail still knows who it was.
    assert AuditEntry.objects.filter(actor=cast.resident, object_id=str(case.pk)).exists()
    assert fresh(case).status == "closed"
