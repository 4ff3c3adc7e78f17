"""The staff inbox, shared by appeals and petitions: the actor's boxes as tabs, the kinds of case
as a second row of tabs, filters, pages; each row shows the nearest of its own running clocks.

Mounted three times: /inbox/ (every kind), /appeals/ (诉求 first) and /petitions/ (信访 first);
the preset only chooses the kind shown until the user picks another.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from shegong.accounts.models import RoleCode, User
from shegong.appeals.forms import InboxFilterForm
from shegong.appeals.models import AppealStatus, UrgencyTier
from shegong.appeals.procedure import CENTRE, UNIT
from shegong.cases.inbox import InboxRow, inbox_for
from shegong.cases.procedure import get_procedure
from shegong.web.decorators import is_htmx, staff_required

PETITION_ROLES = frozenset({RoleCode.PETITION_STAFF})
SUPERVISORS = frozenset({RoleCode.SUPERVISOR, RoleCode.ADMIN}) | PETITION_ROLES
READERS = frozenset({RoleCode.LEADER, RoleCode.DISPATCHER, RoleCode.SUPERVISOR, RoleCode.ADMIN})
REGISTRARS = frozenset({RoleCode.PETITION_STAFF, RoleCode.ADMIN})
KIND_LABELS = {"": "全部类型", "appeals": "诉求", "petitions": "信访"}
TITLES = {"": "工单箱", "appeals": "诉求工单", "petitions": "信访事项"}


@dataclass(frozen=True)
class Tab:
    """One tab of the inbox: a box of `inbox_for`, maybe a fixed status, and a bulk action.

    A fixed status and the bulk actions belong to appeals: the centre's queue (R24, R27) and
    the unit's 签收; a petition is never ticked for them.
    """

    key: str
    label: str
    box: str
    status: str | None
    roles: frozenset[str]
    bulk: str | None = None

    @property
    def bulk_status(self) -> str:
        """The status a row must have to be ticked for this tab's bulk action."""
        return AppealStatus.RECEIVED if self.bulk == "dispatch" else AppealStatus.DISPATCHED

    def may_tick(self, row: InboxRow) -> bool:
        return bool(self.bulk) and row.procedure == "appeals" and row.status == self.bulk_status


TABS = (
    Tab("dispatch", "待派单", "dispatch", AppealStatus.RECEIVED, CENTRE, bulk="dispatch"),
    Tab("objected", "退单审核", "dispatch", AppealStatus.OBJECTED, CENTRE),
    Tab("unit", "本单位工单", "unit", None, UNIT | PETITION_ROLES, bulk="accept"),
    Tab("overdue", "超期工单", "overdue", None, SUPERVISORS),
    Tab("all", "全部", "all", None, READERS | PETITION_ROLES),
)


def tabs_for(user: User, kind: str = "") -> list[Tab]:
    """The tabs of the actor's roles; the centre's queue only where the kind has one."""
    codes = user.role_codes()
    queued = not kind or bool(get_procedure(kind).queue)
    return [
        t
        for t in TABS
        if (user.is_superuser or codes & t.roles) and (queued or t.box != "dispatch")
    ]


@staff_required
def inbox(request: HttpRequest, user: User, preset: str = "") -> HttpResponse:
    """The actor's boxes as tabs, filtered and paged; overdue rows are marked."""
    params = request.GET.copy()
    params.setdefault("kind", preset)
    filters = InboxFilterForm(params)
    query = filters.filters()
    kind = filters.chosen_kind()
    tabs = tabs_for(user, kind)
    if not tabs:
        raise Http404("页面不存在")
    tab = next((t for t in tabs if t.key == params.get("tab")), tabs[0])
    if tab.status:
        query["status"] = tab.status
    page = inbox_for(user, box=tab.box, **query)
    names = dict(UrgencyTier.objects.values_list("code", "name"))
    items = [
        {"row": row, "urgency": names.get(row.urgency, row.urgency), "tick": tab.may_tick(row)}
        for row in page.items
    ]
    context = {
        "title": TITLES.get(kind, TITLES[""]),
        "tabs": [(t, _url(request, params, tab=t.key, page="")) for t in tabs],
        "tab": tab,
        "kind": kind,
        "kinds": [
            # Another kind has other statuses, and petitions no urgency: those filters reset.
            (key, label, _url(request, params, kind=key, page="", status="", urgency=""))
            for key, label in KIND_LABELS.items()
        ],
        "filters": filters,
        "page": page,
        "rows": items,
        "tickable": any(item["tick"] for item in items),
        "may_register": bool(user.is_superuser or user.role_codes() & REGISTRARS),
        "previous_url": _url(request, params, page=str(page.page - 1)) if page.has_previous else "",
        "next_url": _url(request, params, page=str(page.page + 1)) if page.has_next else "",
    }
    context["htmx"] = is_htmx(request)
    template = "_inbox_results.html" if context["htmx"] else "inbox.html"
    return render(request, f"appeals/staff/{template}", context)


def _url(request: HttpRequest, params: QueryDict, **changes: str) -> str:
    """This page with some parameters changed; an empty value drops it (page 1, no filter)."""
    query = params.copy()
    for key, value in changes.items():
        query[key] = value
        if not value and key != "kind":
            del query[key]
    return f"{request.path}?{query.urlencode()}"
