"""Form fields the public pages share: a phone number as people type it, and the retry token
that makes a double tap on "提交" one record."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

PHONE_CHARS = frozenset("0123456789-+ ")


class PhoneField(forms.CharField):
    """A mobile or landline number: digits, spaces, "-" and "+", at least 7 digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        phone = str(super().clean(value)).strip()
        if phone and (not set(phone) <= PHONE_CHARS or sum(c.isdigit() for c in phone) < 7):
            raise ValidationError("请填写有效的手机号或固定电话")
        return phone


class ClientTokenField(forms.CharField):
    """A UUID from the form as it was served; a mangled one only loses retry protection, never
    the record itself, so it cleans to "" instead of failing."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        token = str(super().clean(value)).strip()
        try:
            return str(uuid.UUID(token)) if token else ""
        except ValueError:
            return ""
