"""The petitioner's own form for 网上信访 (R1 信息网络) on a phone.

It only parses what was typed; R2's required content, the region and the receiving office are
checked by `do_submit_online_petition`, whose errors are put back next to the fields.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone

from shegong.cases.models import Category
from shegong.petitions.actions import PetitionData
from shegong.petitions.models import Classification
from shegong.web.fields import ClientTokenField, PhoneField

HINTS = {
    Classification.GRIEVANCE: "反映自身合法权益受到侵害，请求解决",
    Classification.SUGGESTION: "对工作提出意见建议",
    Classification.ACCUSATION: "检举、控告工作人员的违法违纪行为，依法为您保密",
}


class OnlinePetitionForm(forms.Form):
    """What a petitioner types. `client_token` makes a double tap one petition."""

    classification = forms.ChoiceField(
        label="信访事项类别",
        choices=Classification.choices,
        widget=forms.RadioSelect,
        initial=Classification.GRIEVANCE,
        error_messages={"required": "请选择信访事项类别", "invalid_choice": "请选择信访事项类别"},
    )
    category = forms.ModelChoiceField(
        label="所属领域（可不选）",
        required=False,
        queryset=Category.objects.filter(is_active=True).order_by("code"),
        empty_label="不清楚，由工作人员判断",
    )
    request = forms.CharField(label="信访请求", max_length=5000, required=False)
    facts = forms.CharField(label="事实", max_length=10000, required=False)
    reasons = forms.CharField(label="理由", max_length=10000, required=False)
    accused_name = forms.CharField(label="被检举控告人（单位）", max_length=100, required=False)
    region_code = forms.CharField(label="区划代码", max_length=12, required=False)
    name = forms.CharField(label="姓名（名称）", max_length=100, required=False)
    address = forms.CharField(label="住址", max_length=200, required=False)
    phone = PhoneField(label="联系电话", required=False)
    id_number = forms.CharField(label="身份证号码（可不填）", max_length=18, required=False)
    client_token = ClientTokenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def petition_data(self) -> PetitionData:
        """The petition as typed; the action fixes the channel and the time of receipt."""
        data = self.cleaned_data
        return PetitionData(
            name=data["name"],
            address=data["address"],
            request=data["request"],
            facts=data["facts"],
            reasons=data["reasons"],
            channel="network",
            classification=data["classification"],
            received_at=timezone.now(),
            region_code=data["region_code"],
            phone=data["phone"],
            id_number=data["id_number"],
            accused_name=data["accused_name"]
            if data["classification"] == Classification.ACCUSATION
            else "",
            category=data["category"],
        )


def fresh_initial(region_code: str) -> dict[str, Any]:
    """A new form: a new client token, the home region preselected."""
    return {"client_token": str(uuid.uuid4()), "region_code": region_code}
