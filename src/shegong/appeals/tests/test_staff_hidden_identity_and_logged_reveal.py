"""A resident who asked to be hidden from the handling unit stays hidden on its case page; the
centre still sees them, and showing the full phone number is written to the audit trail."""

from __future__ import annotations

from shegong.audit.models import AuditEntry
from shegong.cases.present import HIDDEN
from shegong.cases.tests.steps import PHONE, client_for, dispatched
from shegong.conftest import Cast


def test_the_handling_unit_does_not_see_a_hidden_submitter(cast: Cast) -> None:
    case = dispatched(cast, hide_identity=True)
    body = client_for(cast.handler).get(f"/appeals/{case.number}/").content.decode()
    assert HIDDEN in body
    assert "张三" not in body
    assert "5678" not in body
    assert "显示完整联系方式" not in body


def test_the_handling_unit_cannot_reveal_a_hidden_submitter(cast: Cast) -> None:
    case = dispatched(cast, hide_identity=True)
    response = client_for(cast.handler).post(f"/appeals/{case.number}/reveal/")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(verb="read", actor=cast.handler).count() == 0


def test_the_dispatcher_sees_the_masked_phone_and_reveals_it_on_the_record(cast: Cast) -> None:
    case = dispatched(cast, hide_identity=True)
    dispatcher = client_for(cast.dispatcher)
    body = dispatcher.get(f"/appeals/{case.number}/").content.decode()
    assert "张三" in body
    assert "139****5678" in body
    assert PHONE not in body
    body = dispatcher.post(f"/appeals/{case.number}/reveal/").content.decode()
    assert PHONE in body
    assert "本次查看已记入审计日志" in body
    entry = AuditEntry.objects.filter(verb="read", actor=cast.dispatcher).get()
    assert entry.payload["fields"] == ["submitter_name", "submitter_phone"]
    assert (entry.object_type, entry.object_id) == ("cases.case", str(case.pk))


def test_the_reveal_answers_htmx_with_the_contact_card_only(cast: Cast) -> None:
    case = dispatched(cast, hide_identity=True)
    response = client_for(cast.supervisor).post(
        f"/appeals/{case.number}/reveal/", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" id="submitter"')
    assert PHONE in body


def test_staff_of_another_county_cannot_reveal(cast: Cast) -> None:
    case = dispatched(cast)
    assert client_for(cast.outsider).post(f"/appeals/{case.number}/reveal/").status_code == 404
    assert client_for(cast.resident).post(f"/appeals/{case.number}/reveal/").status_code == 404


def test_the_timeline_does_not_name_a_hidden_submitters_account(cast: Cast) -> None:
    # The resident was logged in when submitting, so the intake step is theirs.
    case = dispatched(cast, hide_identity=True)
    body = client_for(cast.handler).get(f"/appeals/{case.number}/").content.decode()
    assert cast.resident.name not in body
    assert "诉求人" in body
    api = client_for(cast.handler).get(f"/api/v1/cases/{case.number}").json()
    assert api["timeline"][0]["actor"] == "诉求人"
