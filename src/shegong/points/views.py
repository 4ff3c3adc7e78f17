"""The village points store pages (R50): households, rules, claims, the public board, goods and
redemption, monthly statements and the paper-ledger import.

Every staff page is looked up through `village_for`, which answers 404 outside the actor's
region scope or to staff without a managing role. The posting board (公示栏) is public and shows
only the masked household head (张*).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shegong.accounts.models import User
from shegong.accounts.queries import access_region_code, scoped
from shegong.lib import regioncodes
from shegong.points import queries
from shegong.points.actions import (
    PointsError,
    do_create_good,
    do_create_household,
    do_create_rule,
    do_credit_claim,
    do_object_to_claim,
    do_redeem,
    do_review_claim,
    do_submit_claim,
    may_manage,
)
from shegong.points.exports import statement_xlsx
from shegong.points.forms import (
    ClaimForm,
    GoodForm,
    HouseholdForm,
    ImportForm,
    MonthForm,
    NoteForm,
    RedeemForm,
    RuleForm,
)
from shegong.points.imports import do_import_ledger
from shegong.points.models import Household
from shegong.web.decorators import staff_required

T = "points/"


def village_for(user: User, code: str) -> str:
    """The village code when the actor manages it; 404 otherwise (never 403)."""
    code = access_region_code(user, code)
    if regioncodes.level_of(code) != regioncodes.Level.VILLAGE or not may_manage(user, code):
        raise Http404("未找到该村(社区)")
    return code


def _attempt(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Run one action; a refusal becomes an error message."""
    try:
        action()
    except PointsError as refused:
        messages.error(request, refused.message)
        return False
    messages.success(request, done)
    return True


@staff_required
def home(request: HttpRequest, user: User) -> HttpResponse:
    villages = set(scoped(Household.objects.all(), user).values_list("region_code", flat=True))
    own = user.scope_code
    if own and regioncodes.level_of(own) == regioncodes.Level.VILLAGE:
        villages.add(own)
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("points_households", code=village_for(user, code))
    return render(request, T + "home.html", {"villages": sorted(villages)})


@staff_required
def households(request: HttpRequest, user: User, code: str) -> HttpResponse:
    code = village_for(user, code)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _attempt(
            request,
            lambda: do_create_household(actor=user, region_code=code, **data),
            "农户已登记",
        )
        if created:
            return redirect("points_households", code=code)
    balances = queries.village_balances(code)
    rows = [(h, balances.get(h.pk, 0)) for h in Household.objects.filter(region_code=code)]
    context = {"code": code, "rows": sorted(rows, key=lambda r: r[0].number), "form": form}
    return render(request, T + "households.html", context)


@staff_required
def rules(request: HttpRequest, user: User, code: str) -> HttpResponse:
    code = village_for(user, code)
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request, lambda: do_create_rule(actor=user, region_code=code, **data), "已添加"
        ):
            return redirect("points_rules", code=code)
    found = queries.rules_for(user).filter(region_code=code)
    return render(request, T + "rules.html", {"code": code, "rules": found, "form": form})


@staff_required
def claims(request: HttpRequest, user: User, code: str) -> HttpResponse:
    code = village_for(user, code)
    form = ClaimForm(code, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = data.pop("household")
        if _attempt(
            request, lambda: do_submit_claim(household, actor=user, **data), "申报已提交，待审核"
        ):
            return redirect("points_claims", code=code)
    found = queries.claims_for(user).filter(region_code=code)[:200]
    context = {"code": code, "claims": found, "form": form, "now": timezone.now()}
    return render(request, T + "claims.html", context)


CLAIM_ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "approve": (
        lambda c, u, n: do_review_claim(c, actor=u, approve=True, note=n),
        "已通过，公示中",
    ),
    "reject": (lambda c, u, n: do_review_claim(c, actor=u, approve=False, note=n), "已驳回"),
    "object": (lambda c, u, n: do_object_to_claim(c, actor=u, objection=n), "已记录异议，退回审核"),
    "credit": (lambda c, u, n: do_credit_claim(c, actor=u), "已入账"),
}


@require_POST
@staff_required
def claim_action(request: HttpRequest, user: User, pk: int, verb: str) -> HttpResponse:
    claim = queries.access_claim(user, pk)
    code = village_for(user, claim.region_code)
    if verb not in CLAIM_ACTIONS:
        raise Http404("未知操作")
    action, done = CLAIM_ACTIONS[verb]
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    _attempt(request, lambda: action(claim, user, note), done)
    return redirect("points_claims", code=code)


def board(request: HttpRequest, code: str) -> HttpResponse:
    """R50 公示栏: public, no login; household heads appear masked (张*)."""
    try:
        code = regioncodes.normalize(code)
    except regioncodes.InvalidRegionCodeError as exc:
        raise Http404("区划代码无效") from exc
    context = {"code": code, "claims": queries.posting_board(code)}
    return render(request, T + "board.html", context)


@staff_required
def goods(request: HttpRequest, user: User, code: str) -> HttpResponse:
    code = village_for(user, code)
    form = GoodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request, lambda: do_create_good(actor=user, region_code=code, **data), "已上架"
        ):
            return redirect("points_goods", code=code)
    context = {
        "code": code,
        "goods": queries.goods_for(user).filter(region_code=code),
        "form": form,
        "redeem_form": RedeemForm(code),
    }
    return render(request, T + "goods.html", context)


@require_POST
@staff_required
def redeem(request: HttpRequest, user: User, code: str) -> HttpResponse:
    """R50: redemption in goods only — the form offers nothing but the village's goods."""
    code = village_for(user, code)
    form = RedeemForm(code, request.POST)
    if not form.is_valid():
        messages.error(request, "请选择农户、商品和数量")
        return redirect("points_goods", code=code)
    data = form.cleaned_data
    _attempt(
        request,
        lambda: do_redeem(
            data["household"], actor=user, good=data["good"], quantity=data["quantity"]
        ),
        "兑换成功",
    )
    return redirect("points_goods", code=code)


def _month(request: HttpRequest) -> dt.date:
    form = MonthForm(request.GET)
    chosen = form.cleaned_data.get("month") if form.is_valid() else None
    return chosen or timezone.localdate().replace(day=1)


@staff_required
def statement(request: HttpRequest, user: User, code: str) -> HttpResponse:
    code = village_for(user, code)
    month = _month(request)
    lines = queries.monthly_statement(code, month.year, month.month)
    if request.GET.get("format") == "xlsx":
        return statement_xlsx(code, month, lines)
    context = {"code": code, "month": month, "lines": lines}
    return render(request, T + "statement.html", context)


@staff_required
def import_ledger(request: HttpRequest, user: User, code: str) -> HttpResponse:
    code = village_for(user, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = do_import_ledger(form.cleaned_data["file"], region_code=code, actor=user)
    status = 400 if form.errors or (report and not report.ok) else 200
    context = {"code": code, "form": form, "report": report}
    return render(request, T + "import.html", context, status=status)
