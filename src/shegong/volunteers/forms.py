"""Forms of the volunteer pages. They only parse what was typed; the rules (ID check digit,
consent, capacity, clashes, insurance, hours) live in `volunteers.actions`, whose errors are put
back on the fields with `add_action_errors`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from shegong.volunteers.actions import ActivityData, DemandData, Registration
from shegong.volunteers.models import (
    SLOT_LABELS,
    AwardLevel,
    IdType,
    Organisation,
    Rating,
    ServiceCategory,
    Skill,
)

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=LOCAL_INPUT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def local_datetime_field(label: str, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT]
    )


def date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput())


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an action's ValidationError on the form's fields (or on the form as a whole)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def skill_field() -> forms.ModelMultipleChoiceField[Skill]:
    return forms.ModelMultipleChoiceField(
        label="技能",
        queryset=Skill.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def availability_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label="可服务时段",
        choices=[(int(slot), label) for slot, label in SLOT_LABELS.items()],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RegistrationForm(forms.Form):
    """Self-registration on a phone (R39)."""

    name = forms.CharField(label="姓名", max_length=50)
    id_type = forms.ChoiceField(
        label="证件类型", choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(label="证件号码", max_length=30)
    region_code = forms.CharField(
        label="所在社区（村）区划代码",
        max_length=12,
        help_text="12 位统计用区划代码，可向社区工作人员询问，如 445202001001",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    skills = skill_field()
    availability = availability_field()
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label="我已阅读并同意《志愿者个人信息使用告知书》",
        required=False,
    )

    def registration(self) -> Registration:
        data = self.cleaned_data
        return Registration(
            name=data["name"],
            id_number=data["id_number"],
            region_code=data["region_code"],
            consent=bool(data["consent"]),
            id_type=data["id_type"],
            skills=list(data["skills"]),
            availability=sum(data["availability"] or []),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )


class OrganisationRegistrationForm(RegistrationForm):
    """Registration by an organisation's manager: the phone is typed, the consent was signed."""

    phone = forms.CharField(label="手机号", max_length=20)
    consent = forms.BooleanField(
        label="本人已签署《志愿者个人信息使用告知书》（纸质件由组织留存）", required=False
    )


class ProfileForm(forms.Form):
    region_code = forms.CharField(label="所在社区（村）区划代码", max_length=12)
    skills = skill_field()
    availability = availability_field()


class NearForm(forms.Form):
    """ "Activities near me": a region, and a point from the phone's location."""

    region = forms.CharField(label="区划代码", max_length=12, required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180)
    km = forms.FloatField(required=False, min_value=0.5, max_value=200)


class ActivityForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=200)
    category = forms.ModelChoiceField(
        label="服务类别", queryset=ServiceCategory.objects.filter(is_active=True)
    )
    description = forms.CharField(label="活动内容", widget=forms.Textarea(attrs={"rows": 4}))
    region_code = forms.CharField(label="活动所在区划代码", max_length=12)
    address = forms.CharField(label="活动地点", max_length=200, required=False)
    latitude = forms.FloatField(label="纬度", required=False)
    longitude = forms.FloatField(label="经度", required=False)
    starts_at = local_datetime_field("开始时间")
    ends_at = local_datetime_field("结束时间")
    risky = forms.BooleanField(label="有人身风险（须先登记保险才能开始）", required=False)

    def activity_data(self) -> ActivityData:
        data = self.cleaned_data
        return ActivityData(
            title=data["title"],
            category=data["category"],
            region_code=data["region_code"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            description=data["description"],
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            risky=data["risky"],
        )


class ShiftForm(forms.Form):
    name = forms.CharField(label="岗位名称", max_length=100)
    starts_at = local_datetime_field("开始时间")
    ends_at = local_datetime_field("结束时间")
    capacity = forms.IntegerField(label="招募人数", min_value=1, max_value=100000)
    skills = skill_field()


class InsuranceForm(forms.Form):
    insurer = forms.CharField(label="保险公司", max_length=100)
    policy_number = forms.CharField(label="保单号", max_length=64)
    covers_from = date_field("保障起始日")
    covers_until = date_field("保障截止日")
    insured_count = forms.IntegerField(label="投保人数", min_value=1)
    whole_organisation = forms.BooleanField(
        label="适用于本组织在保障期内的全部活动", required=False
    )


class AttendanceForm(forms.Form):
    """The organiser records someone's service without a QR scan."""

    checked_in_at = local_datetime_field("到岗时间")
    checked_out_at = local_datetime_field("离开时间")


class ConfirmForm(forms.Form):
    checked_out_at = local_datetime_field("离开时间（未签退时填写）", required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label="xlsx 文件")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError("请上传 xlsx 格式的表格")
        if upload.size > 20 * 1024 * 1024:
            raise ValidationError("文件不能超过 20 MB")
        return upload


class _EntryForm(forms.Form):
    """A form that writes into a volunteer's record (R35) for one of the actor's organisations."""

    organisation = forms.ModelChoiceField(label="记录组织", queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations


class TrainingForm(_EntryForm):
    title = forms.CharField(label="培训名称", max_length=200)
    held_on = date_field("培训日期")
    hours = forms.DecimalField(
        label="培训学时", max_digits=5, decimal_places=1, required=False, min_value=0
    )


class AwardForm(_EntryForm):
    title = forms.CharField(label="表彰名称", max_length=200)
    level = forms.ChoiceField(label="级别", choices=AwardLevel.choices)
    issuer = forms.CharField(label="授予单位", max_length=100)
    awarded_on = date_field("授予日期")


class EvaluationForm(_EntryForm):
    period = forms.CharField(label="评价期间", max_length=50, initial=f"{date.today().year}年度")
    rating = forms.ChoiceField(label="评价等次", choices=Rating.choices)
    comment = forms.CharField(label="评语", max_length=500, required=False)


class DemandForm(forms.Form):
    """An emergency demand: what is needed, how many, where (region, address, map point), when.

    `teams` are the emergency teams the user may post for; `team_required` when the user posts
    only as a team manager (not as staff with an organiser role)."""

    title = forms.CharField(label="需求名称", max_length=200)
    organisation = forms.ModelChoiceField(
        label="发布队伍",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="不限队伍（本县全部志愿者）",
        help_text="以应急志愿服务队名义发布时，只在本队已加入的队员中匹配",
    )
    region_code = forms.CharField(
        label="需求所在区划代码",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    address = forms.CharField(label="集合地点", max_length=200, required=False)
    latitude = forms.FloatField(label="纬度", required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label="经度", required=False, min_value=-180, max_value=180)
    starts_at = local_datetime_field("开始时间")
    ends_at = local_datetime_field("结束时间")
    head_count = forms.IntegerField(label="需要人数", min_value=1, max_value=10000)
    skills = skill_field()
    teams_only = forms.BooleanField(label="仅限应急志愿服务队队员", required=False)

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Organisation],
        team_required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teams
        field.required = team_required
        self.fields["skills"].label = "所需技能"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", "经纬度应同时填写")
        return data

    def demand_data(self) -> DemandData:
        data = self.cleaned_data
        return DemandData(
            title=data["title"],
            region_code=data["region_code"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            head_count=data["head_count"],
            skills=list(data["skills"]),
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            teams_only=data["teams_only"],
            organisation=data["organisation"],
        )


def local_input(moment: datetime) -> str:
    """A datetime as the value of a datetime-local input, in Asia/Shanghai time."""
    return timezone.localtime(moment).strftime(LOCAL_INPUT)
