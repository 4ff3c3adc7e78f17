"""Forms of the resident's pages: the appeal form and the rating form.

They only parse what was typed; the rules (required matter, region code, photo types and sizes,
R22's five types) are checked by the actions, whose errors are put back next to the fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from shegong.accounts.models import User
from shegong.appeals.models import AppealType, QrPoint, Rating
from shegong.cases.actions import IntakeData
from shegong.cases.models import Category, Channel
from shegong.web.fields import ClientTokenField, PhoneField

# Engine error keys → the form field that shows them.
ENGINE_FIELDS = {"attachments": "photos", "type": "type", "latitude": "address"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; type and size are the engine's to check."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def category_choices() -> list[tuple[str, Any]]:
    """Active categories grouped under their parent, for a <select> with <optgroup>s."""
    rows = list(Category.objects.filter(is_active=True).select_related("parent"))
    groups: dict[str, list[tuple[str, str]]] = {}
    for category in rows:
        if category.parent is not None:
            groups.setdefault(category.parent.name, []).append((category.code, category.name))
    leaves = [(c.code, c.name) for c in rows if c.parent is None and c.name not in groups]
    return [("", "不清楚，由工作人员判断"), *groups.items(), *leaves]


class AppealForm(forms.Form):
    """What a resident types on the phone. `client_token` makes a double tap one case."""

    type = forms.ChoiceField(
        label="诉求类型",
        choices=AppealType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择诉求类型", "invalid_choice": "请选择诉求类型"},
    )
    category = forms.ChoiceField(label="事项分类", required=False)
    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "请填写标题"})
    content = forms.CharField(
        label="具体情况",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请把情况说清楚"},
    )
    photos = MultipleFileField(label="照片", required=False)
    region_code = forms.CharField(label="区划代码", max_length=12, required=False)
    address = forms.CharField(label="详细地址", max_length=200, required=False)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = PhoneField(label="联系电话", required=False)
    hide_identity = forms.BooleanField(label="对承办单位隐藏我的姓名和电话", required=False)
    client_token = ClientTokenField()
    qr = forms.CharField(max_length=16, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = category_choices()
        self.fields["title"].error_messages["max_length"] = "标题最多 200 个字"
        self.fields["content"].error_messages["max_length"] = "内容最多 5000 个字"

    def add_engine_errors(self, error: ValidationError) -> None:
        """Put an action's ValidationError next to the field it is about."""
        messages: Mapping[str, list[str]] = (
            error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        )
        for key, texts in messages.items():
            field = ENGINE_FIELDS.get(key, key)
            for text in texts:
                self.add_error(field if field in self.fields else None, text)

    def intake_data(self, user: User | None, point: QrPoint | None) -> IntakeData:
        data = self.cleaned_data
        return IntakeData(
            title=data["title"],
            content=data["content"],
            region_code=data["region_code"],
            channel=point.channel if point else Channel.WEB,
            subtype=data["type"],
            category=Category.objects.filter(code=data["category"], is_active=True).first()
            if data["category"]
            else None,
            submitter=user,
            submitter_name=data["name"],
            submitter_phone=data["phone"],
            hide_identity=data["hide_identity"],
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
        )


def initial_for(user: User | None, point: QrPoint | None, home_region: str) -> dict[str, Any]:
    """A fresh form: a new client token, the QR point's presets, the logged-in resident's name."""
    initial: dict[str, Any] = {"client_token": str(uuid.uuid4()), "region_code": home_region}
    if point is not None:
        initial.update(qr=point.slug, region_code=point.region_code)
        if point.category is not None and point.category.is_active:
            initial["category"] = point.category.code
    if user is not None:
        initial.update(name=user.name, phone=user.phone)
    return initial


class RatingForm(forms.Form):
    """R29: 满意/基本满意/不满意, 已解决/未解决, and an optional comment."""

    rating = forms.ChoiceField(
        label="您对办理结果满意吗",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择满意程度", "invalid_choice": "请选择满意程度"},
    )
    resolved = forms.TypedChoiceField(
        label="问题解决了吗",
        choices=[("yes", "已解决"), ("no", "未解决")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择是否解决", "invalid_choice": "请选择是否解决"},
    )
    note = forms.CharField(
        label="意见（可不填）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
