"""R35: a volunteer's record holds the basic information, the service records, training, awards
and evaluations, each entry saying which organisation recorded it and who."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shegong.accounts.models import User
from shegong.conftest import Cast
from shegong.volunteers.actions import (
    VolunteerError,
    do_apply_membership,
    do_approve_membership,
    do_record_award,
    do_record_evaluation,
    do_record_training,
)
from shegong.volunteers.models import Organisation, Training, Volunteer
from shegong.volunteers.tests.steps import client_for, manager_user, organisation, volunteer


def joined(cast: Cast) -> tuple[Volunteer, Organisation, User]:
    manager = manager_user()
    org = organisation(manager)
    person = volunteer(1, name="陈小红")
    do_approve_membership(do_apply_membership(person, org, actor=person.user), actor=manager)
    return person, org, manager


def test_r35_training_awards_and_evaluations_are_recorded_with_who_recorded_them(
    cast: Cast,
) -> None:
    person, org, manager = joined(cast)
    training = do_record_training(
        person, org, actor=manager, title="应急救护培训", held_on=date(2026, 3, 1), hours=Decimal(8)
    )
    award = do_record_award(
        person,
        org,
        actor=manager,
        title="优秀志愿者",
        level="county",
        issuer="榕城区志愿者协会",
        awarded_on=date(2026, 12, 5),
    )
    evaluation = do_record_evaluation(
        person, org, actor=manager, period="2026年度", rating="excellent", comment="服务热情"
    )
    for entry in (training, award, evaluation):
        assert entry.organisation == org
        assert entry.recorded_by == manager
        assert entry.region_code == org.region_code
    assert person.trainings.get() == training


def test_r35_the_record_page_shows_every_part(cast: Cast) -> None:
    person, org, manager = joined(cast)
    client = client_for(manager)
    base = f"/volunteers/manage/volunteer/{person.pk}/"
    client.post(
        base + "training",
        {"organisation": org.pk, "title": "心理疏导入门", "held_on": "2026-04-02", "hours": "4"},
    )
    client.post(
        base + "award",
        {
            "organisation": org.pk,
            "title": "最美志愿者",
            "level": "city",
            "issuer": "揭阳市文明办",
            "awarded_on": "2026-10-01",
        },
    )
    client.post(
        base + "evaluation", {"organisation": org.pk, "period": "2026年度", "rating": "good"}
    )
    page = client.get(base).content.decode()
    for text in ("基本信息", "服务情况", "心理疏导入门", "最美志愿者", "市级", "2026年度", "良好"):
        assert text in page
    mine = client_for(person.user).get("/volunteers/hours").content.decode()
    for text in ("心理疏导入门", "最美志愿者", "良好"):
        assert text in mine


def test_r35_an_organisation_writes_only_into_records_of_its_own_volunteers(cast: Cast) -> None:
    person, _, _ = joined(cast)
    stranger = organisation(cast.township_cadre, name="榕华街道志愿服务队")
    with pytest.raises(VolunteerError, match="不是本组织成员"):
        do_record_training(
            person, stranger, actor=cast.township_cadre, title="x", held_on=date(2026, 1, 1)
        )
    assert not Training.objects.exists()


def test_r35_an_entry_form_with_a_missing_field_says_so(cast: Cast) -> None:
    person, org, manager = joined(cast)
    response = client_for(manager).post(
        f"/volunteers/manage/volunteer/{person.pk}/award", {"organisation": org.pk, "title": ""}
    )
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
