"""Forms of the 接诉即办 staff workbench: one per case action, the hotline operator's form and
the inbox filters.

An action form only parses what a person typed; `payload()` turns it into the fields of the
verb's pydantic schema in `appeals.handlers`, so the page and the API run the same handler and
the same rules (R23–R29 live in `appeals.actions`, not here).
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from shegong.accounts.models import OrgUnit, UnitKind, User
from shegong.accounts.queries import in_scope
from shegong.appeals.actions import catalogue_unit
from shegong.appeals.handlers import dispatchable_units
from shegong.appeals.models import AppealType, Rating, TriageOutcome, UrgencyTier
from shegong.cases.actions import IntakeData
from shegong.cases.inbox import PER_PAGE, TOTAL_CAP, inbox_procedures
from shegong.cases.models import Case, Category, Channel
from shegong.cases.procedure import get_procedure
from shegong.lib import regioncodes

PHONE = re.compile(r"^[0-9+\- ]{5,20}$")
YES_NO_RESOLVED = [("1", "已解决"), ("0", "未解决")]
REVIEW_CHOICES = [("1", "退单成立，收回重新派单"), ("0", "退单不成立，原单位继续办理")]


def _text(label: str, *, required: bool = True, max_length: int = 2000) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _yes(value: str) -> bool:
    return value == "1"


# ModelChoiceField is generic only in the type stubs; at run time it cannot be subscripted.
if TYPE_CHECKING:
    _ModelChoiceField = forms.ModelChoiceField[Any]
else:
    _ModelChoiceField = forms.ModelChoiceField


class TierChoiceField(_ModelChoiceField):
    def label_from_instance(self, obj: UrgencyTier) -> str:
        return f"{obj.name}（反馈时限 {obj.feedback_label}）"


class CategoryChoiceField(_ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.parent.name} / {obj.name}" if obj.parent else obj.name


def tier_field(*, required: bool = True) -> TierChoiceField:
    return TierChoiceField(
        UrgencyTier.objects.all(),
        label="紧急程度",
        to_field_name="code",
        initial="normal",
        required=required,
        empty_label=None if required else "（不变）",
    )


def category_field() -> CategoryChoiceField:
    categories = Category.objects.filter(is_active=True, parent__isnull=False)
    return CategoryChoiceField(
        categories.select_related("parent").order_by("code"),
        label="事项分类",
        to_field_name="code",
        required=False,
        empty_label="（请选择）",
    )


class ActionForm(forms.Form):
    """One action on one case by one actor; `payload()` is the input of the verb's handler."""

    verb: ClassVar[str] = ""
    button: ClassVar[str] = "提交"
    # handler/engine error key → the form field it belongs to, where the names differ
    error_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, case: Case, actor: User, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.verb}_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.case, self.actor = case, actor

    @property
    def label(self) -> str:
        """The action's name in the procedure (派单, 签收 …)."""
        return get_procedure(self.case.procedure).transitions[self.verb].label

    def payload(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def attach_error(self, key: str, message: str) -> None:
        """Show an error from the handler on its field, or above the form."""
        name = self.error_fields.get(key, key)
        self.add_error(name if name in self.fields else None, message)


class TriageForm(ActionForm):
    verb, button = "triage", "确认分流告知"
    outcome = forms.ChoiceField(
        label="分流方式（R23）", choices=TriageOutcome.choices, widget=forms.RadioSelect
    )
    note = _text("告知诉求人的说明", required=False)


class AnswerForm(ActionForm):
    verb, button = "answer", "提交直接答复"
    reply = _text("答复内容", max_length=5000)


class DispatchForm(ActionForm):
    """R24–R26: the catalogue's unit is pre-selected; co-handlers report to the lead unit."""

    verb, button = "dispatch", "确认派单"
    error_fields: ClassVar[dict[str, str]] = {"unit_id": "unit", "co_unit_ids": "co_units"}
    unit = forms.ModelChoiceField(
        OrgUnit.objects.none(), label="主办单位", required=False, empty_label="按派单目录"
    )
    co_units = forms.ModelMultipleChoiceField(
        OrgUnit.objects.none(),
        label="协办单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    urgency = tier_field(required=False)
    note = _text("派单说明", required=False)

    def __init__(self, *args: Any, case: Case, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, case=case, actor=actor, **kwargs)
        units = dispatchable_units(case).order_by("region_code", "name")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["urgency"].initial = case.urgency or "normal"
        self.fields["unit"].initial = suggested_unit(case)

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "unit_id": data["unit"].pk if data["unit"] else None,
            "co_unit_ids": [u.pk for u in data["co_units"]],
            "urgency": data["urgency"].code if data["urgency"] else None,
            "note": data["note"],
        }


def suggested_unit(case: Case) -> int | None:
    """R24: the 派单目录's unit for the case, or None when nothing is configured."""
    try:
        return catalogue_unit(case).pk
    except ValidationError:
        return None


class AcceptForm(ActionForm):
    verb, button = "accept", "确认签收"
    note = _text("签收说明", required=False)


class ObjectForm(ActionForm):
    verb, button = "object", "提交退单申请"
    reason = _text("退单理由（R27：由派单员审核）")


class ReviewObjectionForm(ActionForm):
    verb, button = "review_objection", "提交审核意见"
    error_fields: ClassVar[dict[str, str]] = {"new_unit_id": "new_unit"}
    upheld = forms.TypedChoiceField(
        label="审核结论", choices=REVIEW_CHOICES, coerce=_yes, widget=forms.RadioSelect
    )
    note = _text("审核意见", required=False)
    new_unit = forms.ModelChoiceField(
        OrgUnit.objects.none(),
        label="改派至（退单成立时可选）",
        required=False,
        empty_label="暂不改派",
    )

    def __init__(self, *args: Any, case: Case, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, case=case, actor=actor, **kwargs)
        units = dispatchable_units(case).order_by("region_code", "name")
        self.fields["new_unit"].queryset = units  # type: ignore[attr-defined]

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        unit = data["new_unit"] if data["upheld"] else None
        return {"upheld": data["upheld"], "note": data["note"], "new_unit_id": unit and unit.pk}


class ExtendForm(ActionForm):
    verb, button = "extend", "提交延期申请"
    reason = _text("延期理由（告知中心）")
    explanation = _text("向诉求人的说明（R28）")
    days = forms.IntegerField(label="延长天数", min_value=0, max_value=60, initial=3)
    hours = forms.IntegerField(label="延长小时数", min_value=0, max_value=720, initial=0)


class WhistleForm(ActionForm):
    verb, button = "whistle", "确认吹哨"
    error_fields: ClassVar[dict[str, str]] = {"unit_ids": "units"}
    units = forms.ModelMultipleChoiceField(
        OrgUnit.objects.none(), label="召集部门", widget=forms.CheckboxSelectMultiple
    )
    note = _text("吹哨说明", required=False)

    def __init__(self, *args: Any, case: Case, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, case=case, actor=actor, **kwargs)
        # The summoning township itself and villages are not departments to summon.
        units = dispatchable_units(case).exclude(kind__in=[UnitKind.VILLAGE, UnitKind.TOWNSHIP])
        field = self.fields["units"]
        field.queryset = units.order_by("region_code", "name")  # type: ignore[attr-defined]

    def payload(self) -> dict[str, Any]:
        return {
            "unit_ids": [u.pk for u in self.cleaned_data["units"]],
            "note": self.cleaned_data["note"],
        }


class ReportInForm(ActionForm):
    verb, button = "report_in", "提交反馈"
    note = _text("报到或协办反馈情况")


class ReplyForm(ActionForm):
    verb, button = "reply", "提交答复"
    reply = _text("答复内容（诉求人可见）", max_length=5000)


class FollowUpForm(ActionForm):
    verb, button = "follow_up", "保存回访结果"
    rating = forms.ChoiceField(label="满意度", choices=Rating.choices, widget=forms.RadioSelect)
    resolved = forms.TypedChoiceField(
        label="是否解决", choices=YES_NO_RESOLVED, coerce=_yes, widget=forms.RadioSelect
    )
    note = _text("回访记录", required=False)


class MergeForm(ActionForm):
    verb, button = "merge", "确认合并"
    into = forms.CharField(label="并入工单编号", max_length=20)
    note = _text("合并说明", required=False)

    def clean_into(self) -> str:
        return str(self.cleaned_data["into"]).strip().upper()


class SuperviseForm(ActionForm):
    verb, button = "supervise", "发送督办"
    note = _text("督办意见（不对诉求人公开）")


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.verb: form
    for form in (
        TriageForm,
        AnswerForm,
        DispatchForm,
        AcceptForm,
        ObjectForm,
        ReviewObjectionForm,
        ExtendForm,
        WhistleForm,
        ReportInForm,
        ReplyForm,
        FollowUpForm,
        MergeForm,
        SuperviseForm,
    )
}


class HotlineForm(forms.Form):
    """The hotline operator's intake form (R22: time, matter, contact and type)."""

    phone = forms.CharField(label="来电号码", max_length=20)
    name = forms.CharField(label="来电人姓名", max_length=50, required=False)
    type = forms.ChoiceField(label="诉求类型（R22）", choices=AppealType.choices)
    category = category_field()
    title = forms.CharField(label="标题", max_length=200)
    content = forms.CharField(
        label="诉求内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    region_code = forms.CharField(label="区划代码", max_length=12)
    address = forms.CharField(label="详细地址", max_length=200, required=False)
    urgency = tier_field()
    hide_identity = forms.BooleanField(label="来电人要求对承办单位保密身份", required=False)
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["category"] = category_field()
        self.fields["urgency"] = tier_field()
        self.fields["client_token"].initial = uuid.uuid4().hex
        self.fields["region_code"].initial = actor.scope_code or ""

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data["phone"]).strip()
        if not PHONE.match(phone):
            raise ValidationError("请填写正确的电话号码")
        return phone

    def clean_region_code(self) -> str:
        try:
            code = regioncodes.normalize(str(self.cleaned_data["region_code"]))
        except regioncodes.InvalidRegionCodeError as exc:
            raise ValidationError("区划代码无效") from exc
        if not in_scope(self.actor, code):
            raise ValidationError("该区域不在您的管辖范围内")
        return code

    def intake(self) -> IntakeData:
        data = self.cleaned_data
        return IntakeData(
            title=data["title"],
            content=data["content"],
            region_code=data["region_code"],
            channel=Channel.HOTLINE,
            subtype=data["type"],
            urgency=data["urgency"].code,
            category=data["category"],
            submitter_name=data["name"],
            submitter_phone=data["phone"],
            hide_identity=data["hide_identity"],
            address=data["address"],
        )


MAX_PAGE = TOTAL_CAP // PER_PAGE + 1  # the inbox counts no further than TOTAL_CAP


class InboxFilterForm(forms.Form):
    """The inbox filters; every field is optional and a wrong value is simply ignored.

    `kind` names one procedure (appeals, petitions) or, empty, all of them; the statuses offered
    are those of the chosen procedure, as the same word means different steps in each.
    """

    kind = forms.ChoiceField(label="类型", required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(label="状态", required=False)
    category = forms.ChoiceField(label="分类", required=False)
    urgency = forms.ChoiceField(label="紧急程度", required=False)
    overdue = forms.BooleanField(label="只看已超期", required=False)
    q = forms.CharField(label="编号或标题", required=False, max_length=100)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        kinds = inbox_procedures()
        self.fields["kind"].choices = [("", "全部"), *((k, k) for k in kinds)]  # type: ignore[attr-defined]
        kind = self.data.get("kind", "")
        states = get_procedure(kind).states.choices if kind in kinds else []
        self.fields["status"].choices = [("", "全部状态"), *states]  # type: ignore[attr-defined]
        categories = Category.objects.filter(is_active=True).order_by("code")
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("", "全部分类"),
            *((c.code, ("　" if c.parent_id else "") + c.name) for c in categories),
        ]
        tiers = UrgencyTier.objects.all()
        self.fields["urgency"].choices = [  # type: ignore[attr-defined]
            ("", "全部紧急程度"),
            *((t.code, t.name) for t in tiers),
        ]

    def chosen_kind(self) -> str:
        """The chosen procedure, or "" for every kind."""
        self.is_valid()
        return str(self.cleaned_data.get("kind") or "")

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of `inbox_for`, from whatever part of the input is valid."""
        self.is_valid()  # cleaned_data keeps the fields that were valid
        data = self.cleaned_data
        kind = data.get("kind")
        return {
            "kinds": [kind] if kind else None,
            "status": data.get("status") or None,
            "category": data.get("category") or None,
            "urgency": data.get("urgency") or None,
            "overdue": True if data.get("overdue") else None,
            "q": data.get("q") or None,
            "page": data.get("page") or 1,
        }


class BulkForm(forms.Form):
    """Several cases at once from the inbox: dispatch by the catalogue, or accept."""

    action = forms.ChoiceField(choices=[("dispatch", "按派单目录派单"), ("accept", "批量签收")])
    next = forms.CharField(required=False, max_length=2000)

    def numbers(self) -> list[str]:
        """The ticked case numbers, at most one page of them."""
        getlist = getattr(self.data, "getlist", None)
        posted: list[str] = getlist("numbers") if getlist else []
        return list(dict.fromkeys(n.strip().upper() for n in posted if n.strip()))[:200]
