"""Forms of the points store pages: input checks only; the rules live in the actions."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from shegong.points.models import EarningRule, Good, Household, RuleKind


class HouseholdForm(forms.Form):
    number = forms.CharField(label="户号", max_length=32)
    head_name = forms.CharField(label="户主姓名", max_length=50)
    members = forms.IntegerField(label="家庭人数", min_value=1, max_value=99, initial=1)


class RuleForm(forms.Form):
    name = forms.CharField(label="规则名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=RuleKind.choices)
    points = forms.IntegerField(label="每单位积分", min_value=1, max_value=100000)


class GoodForm(forms.Form):
    name = forms.CharField(label="商品名称", max_length=100)
    price = forms.IntegerField(label="所需积分", min_value=1, max_value=1000000)
    stock = forms.IntegerField(label="库存", min_value=0, max_value=1000000)


class ClaimForm(forms.Form):
    household = forms.ModelChoiceField(label="农户", queryset=Household.objects.none())
    rule = forms.ModelChoiceField(label="积分规则", queryset=EarningRule.objects.none())
    quantity = forms.DecimalField(
        label="数量", min_value=Decimal("0.01"), max_digits=8, decimal_places=2, initial=1
    )
    evidence = forms.CharField(label="事由与凭证", max_length=300)

    def __init__(self, region_code: str, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["household"].queryset = Household.objects.filter(  # type: ignore[attr-defined]
            region_code=region_code
        ).order_by("number")
        self.fields["rule"].queryset = EarningRule.objects.filter(  # type: ignore[attr-defined]
            region_code=region_code, active=True
        )


class RedeemForm(forms.Form):
    household = forms.ModelChoiceField(label="农户", queryset=Household.objects.none())
    good = forms.ModelChoiceField(label="商品", queryset=Good.objects.none())
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=1000, initial=1)

    def __init__(self, region_code: str, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["household"].queryset = Household.objects.filter(  # type: ignore[attr-defined]
            region_code=region_code
        ).order_by("number")
        self.fields["good"].queryset = Good.objects.filter(  # type: ignore[attr-defined]
            region_code=region_code, active=True
        )


class NoteForm(forms.Form):
    note = forms.CharField(label="意见/异议", max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="纸质台账（xlsx：户号、户主姓名、日期、摘要、积分）")


class MonthForm(forms.Form):
    month = forms.DateField(label="月份", input_formats=["%Y-%m"], required=False)
