"""The staff forms of 信访: registration, and one form per action built from a field list.

The action forms only collect fields; the handler schema (petitions.handlers) validates them and
the `do_*` action enforces the law, so the page and the API refuse the same things.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.cases.models import Case, Category
from shegong.lib import regioncodes
from shegong.petitions.actions.registration import PETITION_CHANNELS
from shegong.petitions.actions.review import is_next_level_up
from shegong.petitions.actions.routing import required_kind
from shegong.petitions.models import (
    Adoption,
    Classification,
    DeclineReason,
    Outcome,
)
from shegong.regions.scope import subtree_q

Choices = list[tuple[Any, Any]]


class RegisterForm(forms.Form):
    """R1, R2, R7, R9: what a 信访 clerk enters for a letter, a visit, a call, a fax or a post."""

    channel = forms.ChoiceField(
        label="信访渠道", choices=[(c.value, c.label) for c in PETITION_CHANNELS]
    )
    received_at = forms.DateTimeField(
        label="收到时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="来信以收到之日为准，可早于登记时间",
    )
    classification = forms.ChoiceField(label="事项类别", choices=Classification.choices)
    category = forms.ModelChoiceField(
        label="事项分类",
        required=False,
        queryset=Category.objects.filter(is_active=True).order_by("code"),
        empty_label="（未分类）",
        help_text="所属领域，用于年度报告的领域统计",
    )
    law_related = forms.BooleanField(label="涉法涉诉", required=False)
    name = forms.CharField(label="信访人姓名(名称)", max_length=100, required=False)
    address = forms.CharField(label="住址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False)
    contact_unclear = forms.BooleanField(label="姓名或住址不清", required=False)
    request = forms.CharField(
        label="信访请求", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    facts = forms.CharField(label="事实", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reasons = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    oral = forms.BooleanField(label="口头提出", required=False)
    oral_record = forms.CharField(
        label="口头信访笔录(原话)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    headcount = forms.IntegerField(label="来访人数", min_value=1, initial=1)
    representatives = forms.CharField(
        label="代表人(每行一人，至多 5 人)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    accused_name = forms.CharField(label="被检举控告人", max_length=100, required=False)
    accused_unit = forms.ModelChoiceField(
        label="被检举控告单位", required=False, queryset=OrgUnit.objects.none()
    )
    respondent_unit = forms.ModelChoiceField(
        label="被反映单位", required=False, queryset=OrgUnit.objects.none()
    )
    major = forms.BooleanField(label="重大、紧急", required=False)
    client_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        units = units_near(actor)
        self.fields["accused_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["respondent_unit"].queryset = units  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["received_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def units_near(actor: User) -> QuerySet[OrgUnit]:
    """Units in the actor's region and the ones above it (the organs a matter may concern)."""
    units = OrgUnit.objects.filter(is_active=True)
    if actor.unit is None:
        return units.order_by("region_code", "name")
    region = actor.unit.region_code
    return units.filter(subtree_q(region) | _above(region)).order_by("region_code", "name")


def _above(code: str) -> Q:
    return Q(region_code__in=regioncodes.lineage(code, include_self=False))


# ---------------------------------------------------------------- action forms


@dataclass(frozen=True)
class Spec:
    name: str
    label: str
    kind: str  # text, textarea, lines, date, int, choice, or one of DYNAMIC
    choices: Choices | None = None
    required: bool = True


OPINION = [
    Spec("request", "投诉请求", "textarea", required=False),
    Spec("facts_and_reasons", "事实和理由", "textarea", required=False),
    Spec("opinion", "处理意见", "textarea"),
    Spec("legal_basis", "法律法规依据", "textarea", required=False),
    Spec("outcome", "处理结果", "choice", [("", "—"), *Outcome.choices], required=False),
    Spec(
        "adoption", "采纳情况(建议意见)", "choice", [("", "—"), *Adoption.choices], required=False
    ),
]
REQUEST = [
    Spec("unit", "复查/复核机关(上一级)", "review_unit"),
    Spec("received_on", "收到请求日期", "date"),
]

SPECS: dict[str, list[Spec]] = {
    "classify": [
        Spec("classification", "事项类别", "choice", Classification.choices),
        Spec("law_related", "涉法涉诉", "choice", [("false", "否"), ("true", "是")]),
        Spec("accused_unit", "被检举控告单位(检举控告)", "any_unit", required=False),
        Spec("accused_name", "被检举控告人(检举控告)", "text", required=False),
    ],
    "forward": [Spec("unit", "转送至", "unit"), Spec("note", "说明", "textarea", required=False)],
    "assign": [
        Spec("unit", "交办至", "unit"),
        Spec("due_on", "办结期限", "date"),
        Spec("note", "交办要求", "textarea", required=False),
    ],
    "accept": [Spec("note", "说明", "textarea", required=False)],
    "object": [Spec("reason", "异议理由", "textarea")],
    "decline": [
        Spec("reason", "不予受理理由", "choice", DeclineReason.choices),
        Spec("related", "原信访事项编号(同一事项时)", "text", required=False),
        Spec("note", "说明", "textarea", required=False),
    ],
    "extend": [
        Spec("days", "延长天数(不超过 30 日)", "int"),
        Spec("reason", "延期理由", "textarea"),
        Spec("approver", "批准的负责人", "leader"),
    ],
    "mediate": [
        Spec("kind", "方式", "choice", [("mediation", "调解"), ("settlement", "和解")]),
        Spec("parties", "当事人(每行一方)", "lines"),
        Spec("agreement", "协议内容", "textarea"),
    ],
    "conclude": [
        *OPINION,
        Spec("completion_report", "办结报告(交办事项)", "textarea", required=False),
    ],
    "request_review": REQUEST,
    "conclude_review": OPINION,
    "request_re_review": REQUEST,
    "hearing": [
        Spec(
            "action",
            "听证",
            "choice",
            [("start", "开始听证(暂停计时)"), ("end", "结束听证(恢复计时)")],
        ),
        Spec("note", "说明", "textarea", required=False),
    ],
    "conclude_re_review": OPINION,
    "recuse": [Spec("user", "回避人员", "colleague"), Spec("reason", "回避理由", "textarea")],
    "report_major": [Spec("note", "报告内容", "textarea")],
    "supervise": [Spec("note", "督办意见", "textarea")],
}


def routable_units(case: Case, actor: User) -> Choices:
    """R9: an accusation is offered only 纪检监察 organs, a 涉法涉诉 matter only 政法 organs."""
    units = units_near(actor).exclude(kind=UnitKind.PETITION)
    kind = required_kind(case.petition)
    units = units.filter(kind=kind) if kind else units
    if actor.unit is not None:
        units = units.exclude(pk=actor.unit.pk)
    return [(u.pk, f"{u.name}（{u.get_kind_display()}）") for u in units[:300]]


def review_units(case: Case, actor: User) -> Choices:
    """Organs one level above the unit that answered, over its region (R12, R13)."""
    handler = getattr(getattr(case, "petition", None), "handling_unit", None)
    if handler is None:
        return []
    above = regioncodes.lineage(handler.region_code, include_self=False)
    units = OrgUnit.objects.filter(region_code__in=above, is_active=True)
    units = units.exclude(kind=UnitKind.PETITION).order_by("name")
    return [(u.pk, u.name) for u in units if is_next_level_up(u, handler)]


def leaders(case: Case, actor: User) -> Choices:
    people = User.objects.filter(unit=actor.unit, roles__code=RoleCode.LEADER, is_active=True)
    return [(u.pk, u.display_name) for u in people]


def colleagues(case: Case, actor: User) -> Choices:
    people = User.objects.filter(unit=actor.unit, is_active=True).order_by("name")
    return [(u.pk, u.display_name) for u in people]


def any_unit(case: Case, actor: User) -> Choices:
    return [(u.pk, f"{u.name}（{u.get_kind_display()}）") for u in units_near(actor)[:300]]


DYNAMIC: dict[str, Callable[[Case, User], Choices]] = {
    "any_unit": any_unit,
    "unit": routable_units,
    "review_unit": review_units,
    "leader": leaders,
    "colleague": colleagues,
}


def _field(spec: Spec, case: Case, actor: User) -> forms.Field:
    required = spec.required
    if spec.kind in DYNAMIC:
        return forms.TypedChoiceField(
            label=spec.label,
            coerce=int,
            required=required,
            choices=[("", "请选择"), *DYNAMIC[spec.kind](case, actor)],
        )
    if spec.kind == "choice":
        return forms.ChoiceField(label=spec.label, choices=spec.choices or [], required=required)
    if spec.kind == "date":
        return forms.DateField(
            label=spec.label, required=required, widget=forms.DateInput(attrs={"type": "date"})
        )
    if spec.kind == "int":
        return forms.IntegerField(label=spec.label, required=required)
    if spec.kind in ("textarea", "lines"):
        return forms.CharField(
            label=spec.label, required=required, widget=forms.Textarea(attrs={"rows": 3})
        )
    return forms.CharField(label=spec.label, required=required)


class ActionForm(forms.Form):
    verb: str = ""
    label: str = ""

    def payload(self) -> dict[str, Any]:
        """The cleaned fields as the handler schema takes them (lines become a list)."""
        data = dict(self.cleaned_data)
        for spec in SPECS.get(self.verb, []):
            if spec.kind == "lines":
                data[spec.name] = [
                    x.strip() for x in str(data.get(spec.name, "")).splitlines() if x.strip()
                ]
            elif data.get(spec.name) is None:
                data.pop(spec.name, None)
        return data


def _current_classification(case: Case) -> dict[str, Any]:
    petition = case.petition
    return {
        "classification": petition.classification,
        "law_related": "true" if petition.law_related else "false",
        "accused_unit": petition.accused_unit_id,
        "accused_name": petition.accused_name,
    }


INITIAL: dict[str, Callable[[Case], dict[str, Any]]] = {"classify": _current_classification}


def action_form(verb: str, label: str, case: Case, actor: User, data: Any = None) -> ActionForm:
    initial = INITIAL[verb](case) if verb in INITIAL and data is None else None
    form = ActionForm(data, prefix=verb, label_suffix="", initial=initial)
    form.verb, form.label = verb, label
    for spec in SPECS.get(verb, []):
        form.fields[spec.name] = _field(spec, case, actor)
    return form
