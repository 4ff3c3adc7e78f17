"""A volunteer applies to join an organisation; one of its managers approves or rejects (with a
reason); a member may leave and apply again."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.conftest import Cast
from shegong.volunteers.actions import (
    VolunteerError,
    do_apply_membership,
    do_approve_membership,
    do_create_team,
    do_leave_organisation,
    do_reject_membership,
)
from shegong.volunteers.models import Membership, MembershipStatus
from shegong.volunteers.tests.steps import client_for, manager_user, organisation, volunteer


def test_a_volunteer_applies_on_the_phone_and_the_manager_approves(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    person = volunteer(1, name="陈小红")
    client_for(person.user).post(f"/volunteers/organisations/{org.pk}/join")
    membership = Membership.objects.get()
    assert membership.status == MembershipStatus.PENDING
    page = client_for(manager).get(f"/volunteers/manage/org/{org.pk}/").content.decode()
    assert "待审核的入会申请" in page
    assert "陈小红" in page

    client_for(manager).post(f"/volunteers/manage/membership/{membership.pk}/approve")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == manager
    assert membership.decided_at is not None
    members = client_for(manager).get(f"/volunteers/manage/org/{org.pk}/members").content
    assert person.number in members.decode()


def test_a_rejection_needs_a_reason(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    person = volunteer(1)
    membership = do_apply_membership(person, org, actor=person.user)
    with pytest.raises(ValidationError):
        do_reject_membership(membership, actor=manager, note=" ")
    do_reject_membership(membership, actor=manager, note="不在本社区居住")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert membership.note == "不在本社区居住"


def test_only_a_manager_decides(cast: Cast) -> None:
    org = organisation(manager_user())
    person = volunteer(1)
    membership = do_apply_membership(person, org, actor=person.user)
    with pytest.raises(PermissionDenied):
        do_approve_membership(membership, actor=cast.outsider)
    response = client_for(cast.outsider).post(
        f"/volunteers/manage/membership/{membership.pk}/approve"
    )
    assert response.status_code == 404


def test_applying_twice_is_refused_and_leaving_allows_a_new_application(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    person = volunteer(1)
    membership = do_apply_membership(person, org, actor=person.user)
    with pytest.raises(VolunteerError, match="等待审核"):
        do_apply_membership(person, org, actor=person.user)
    team = do_create_team(org, actor=manager, name="助老小队")
    do_approve_membership(membership, actor=manager, team=team)
    do_leave_organisation(membership, actor=person.user)
    assert Membership.objects.get().status == MembershipStatus.LEFT
    do_apply_membership(person, org, actor=person.user)
    assert Membership.objects.get().status == MembershipStatus.PENDING
