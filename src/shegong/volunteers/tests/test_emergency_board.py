"""The emergency board shows staff the filled and unfilled places of the demands in their
region; the volunteer confirms or declines on their phone; outsiders get 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from shegong.conftest import VILLAGE, Cast
from shegong.volunteers.actions.emergency import DemandData, do_create_demand
from shegong.volunteers.models import AssignmentStatus, EmergencyAssignment, EmergencyDemand
from shegong.volunteers.tests.steps import START, client_for, volunteer


def demand(cast: Cast, count: int, title: str = "进东社区防汛值守") -> EmergencyDemand:
    data = DemandData(title, VILLAGE, START, START + timedelta(hours=3), count)
    return do_create_demand(data, actor=cast.staff)


def test_staff_match_from_the_board_and_see_filled_and_open_places(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    for n in (1, 2):
        volunteer(n)
    found = demand(cast, 3)
    staff = client_for(cast.staff)
    staff.post(f"/volunteers/emergency/{found.pk}/match")
    first = EmergencyAssignment.objects.order_by("pk").first()
    assert first is not None
    client_for(first.volunteer.user).post(f"/volunteers/emergency/task/{first.pk}/confirm")
    demand(cast, 1, title="第二个需求")
    with django_assert_max_num_queries(12):
        page = staff.get("/volunteers/emergency/").content.decode()
    row = page.split(f'data-testid="demand-{found.pk}"')[1].split("</tr>")[0]
    assert '<td data-testid="confirmed">1</td>' in row
    assert '<td data-testid="offered">1</td>' in row
    assert '<td data-testid="open">1</td>' in row
    assert "未满员" in row
    assert "第二个需求" in page


def test_the_volunteer_confirms_or_declines_on_their_page(cast: Cast) -> None:
    v = volunteer(1)
    found = demand(cast, 1)
    client_for(cast.staff).post(f"/volunteers/emergency/{found.pk}/match")
    task = EmergencyAssignment.objects.get()
    phone = client_for(v.user)
    assert "进东社区防汛值守" in phone.get("/volunteers/emergency/mine").content.decode()
    phone.post(f"/volunteers/emergency/task/{task.pk}/decline")
    task.refresh_from_db()
    assert task.status == AssignmentStatus.DECLINED


def test_outsiders_get_404(cast: Cast) -> None:
    v = volunteer(1)
    found = demand(cast, 1)
    outsider = client_for(cast.outsider)
    assert "进东社区防汛值守" not in outsider.get("/volunteers/emergency/").content.decode()
    assert outsider.get(f"/volunteers/emergency/{found.pk}/").status_code == 404
    assert outsider.post(f"/volunteers/emergency/{found.pk}/match").status_code == 404
    assert client_for(cast.resident).get("/volunteers/emergency/").status_code == 404
    client_for(cast.staff).post(f"/volunteers/emergency/{found.pk}/match")
    task = EmergencyAssignment.objects.get(volunteer=v)
    other = client_for(volunteer(2).user)
    assert other.post(f"/volunteers/emergency/task/{task.pk}/confirm").status_code == 404
