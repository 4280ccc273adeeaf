"""Forms of the plan pages; the services validate again and have the last word."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kam.accounts.models import Account
from kam.plans.models import AccountPlan, Goal, Measure, Risk, SwotItem, WalletEstimate, WhitespaceEntry
from kam.users.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _active_users() -> Any:
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class PlanCreateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AccountPlan
        fields = ("period_start", "period_end", "title")
        widgets = {"period_start": DATE, "period_end": DATE}


class SituationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AccountPlan
        fields = (
            "title",
            "period_start",
            "period_end",
            "customer_strategy",
            "customer_needs",
            "market_trends",
            "competitors",
        )
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "customer_strategy": forms.Textarea(attrs={"rows": 4}),
            "customer_needs": forms.Textarea(attrs={"rows": 4}),
            "market_trends": forms.Textarea(attrs={"rows": 3}),
            "competitors": forms.Textarea(attrs={"rows": 3}),
        }


class GoalForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Goal
        fields = ("title", "metric", "product_line", "baseline", "target", "due_date", "current_value")
        widgets = {"due_date": DATE}


class MeasureForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Measure
        fields = ("title", "goal", "assignee", "department", "due_date", "status", "description")
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, plan: AccountPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.order_by("due_date", "pk")  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = _active_users()  # type: ignore[attr-defined]


class RiskForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Risk
        fields = ("description", "probability", "impact", "owner", "mitigation")
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _active_users()  # type: ignore[attr-defined]


class SwotForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SwotItem
        fields = ("kind", "text")


class WalletForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = WalletEstimate
        fields = ("product_line", "year", "estimated_spend", "source")
        help_texts = {"product_line": _("Empty: the customer's whole spend in our categories.")}


class WhitespaceForm(forms.ModelForm):  # type: ignore[type-arg]
    unit = forms.ModelChoiceField(queryset=Account.objects.none(), label=_("customer unit"))
    clear = forms.BooleanField(required=False, label=_("Back to the value computed from order lines"))

    class Meta:
        model = WhitespaceEntry
        fields = ("product_line", "status", "competitor", "note")

    def __init__(self, *args: Any, units: list[Account], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Account.objects.filter(pk__in=[u.pk for u in units])  # type: ignore[attr-defined]
        self.fields["status"].required = False
        self.order_fields(["unit", "product_line", "status", "competitor", "note", "clear"])


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
