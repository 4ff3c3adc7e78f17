"""Emergency matching pages: the board of demands (filled and unfilled places) with the match
button, the form that posts a demand, and the volunteer's page to confirm or decline a task.

Staff with an organiser role see and post demands in their region scope; a manager of an
emergency team sees and posts its team's demands. Every lookup answers 404 outside that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shegong.accounts.models import User
from shegong.volunteers import queries
from shegong.volunteers.actions.emergency import (
    do_confirm_assignment,
    do_create_demand,
    do_decline_assignment,
    do_match_demands,
)
from shegong.volunteers.forms import DemandForm, add_action_errors
from shegong.volunteers.models import EmergencyDemand
from shegong.volunteers.views.common import (
    Refusal,
    as_validation,
    organiser_required,
    refusal_text,
    resident_required,
)

T = "volunteers/emergency/"


@dataclass(frozen=True)
class Row:
    demand: EmergencyDemand
    offered: int
    open: int


BOARD_LIMIT = 200


def _row(demand: Any) -> Row:
    """`demand` carries the board's `live_count` and `confirmed_count` annotations."""
    live, confirmed = demand.live_count, demand.confirmed_count
    return Row(demand, live - confirmed, max(demand.head_count - live, 0))


@organiser_required
def board(request: HttpRequest, user: User) -> HttpResponse:
    if not queries.dispatches(user):
        raise Http404("未找到该页面")
    demands = queries.emergency_board(user).order_by("-starts_at", "-pk")[:BOARD_LIMIT]
    rows = [_row(d) for d in demands]
    return render(request, T + "board.html", {"rows": rows})


def _demand_form(request: HttpRequest, user: User) -> DemandForm:
    teams = queries.organisations_for(user).filter(is_emergency=True, is_active=True)
    chosen = teams.filter(pk=request.GET.get("organisation") or 0).first()
    start = user.scope_code if queries.dispatches_in_region(user) else ""
    initial = {"organisation": chosen, "region_code": chosen.region_code if chosen else start}
    return DemandForm(
        request.POST or None,
        initial=initial,
        teams=teams.order_by("name"),
        team_required=not queries.dispatches_in_region(user),
    )


@organiser_required
def new_demand(request: HttpRequest, user: User) -> HttpResponse:
    """Post an emergency demand: skills, head count, place (region, address, map point), time."""
    if not queries.dispatches(user):
        raise Http404("未找到该页面")
    form = _demand_form(request, user)
    if request.method == "POST" and form.is_valid():
        try:
            created = do_create_demand(form.demand_data(), actor=user)
        except Refusal as error:
            add_action_errors(form, as_validation(error))
        else:
            messages.success(request, "应急需求已发布，可立即匹配志愿者")
            return redirect("volunteers_emergency_demand", created.pk)
    status = 400 if form.errors else 200
    return render(request, T + "new.html", {"form": form}, status=status)


@organiser_required
def demand(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_demand(user, pk)
    assignments = list(queries.demand_assignments(found))
    return render(request, T + "demand.html", {"demand": found, "assignments": assignments})


@require_POST
@organiser_required
def match(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_demand(user, pk)
    try:
        report = do_match_demands([found.pk], actor=user)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        short = report.unfilled.get(found.pk, 0)
        text = f"已派单 {len(report.offered)} 人" + (f"，仍缺 {short} 人" if short else "")
        messages.success(request, text)
    return redirect("volunteers_emergency_demand", found.pk)


@resident_required
def mine(request: HttpRequest, user: User) -> HttpResponse:
    volunteer = queries.volunteer_of(user)
    tasks = list(queries.my_assignments(volunteer)[:50]) if volunteer else []
    return render(request, T + "mine.html", {"tasks": tasks})


@require_POST
@resident_required
def answer(request: HttpRequest, user: User, pk: int, verb: str) -> HttpResponse:
    task = queries.access_own_assignment(queries.volunteer_of(user), pk)
    action = {"confirm": do_confirm_assignment, "decline": do_decline_assignment}.get(verb)
    if action is None:
        raise Http404("未找到该页面")
    try:
        action(task, actor=user)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, "已确认参加" if verb == "confirm" else "已谢绝，感谢您的答复")
    return redirect("volunteers_emergency_mine")
