"""Serializers of the plans API: plans, what they hold, review steps, versions and their differences.

Writes go through :mod:`kam.plans.services` and :mod:`kam.plans.children`, which check who
may write (PermissionDenied → 403) and validate (ValidationError → 400, nothing written).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kam.accounts.access import restrict_to_accounts
from kam.accounts.api import VisibleAccountField
from kam.accounts.models import Account
from kam.plans import children, services
from kam.plans.analysis import risk_level
from kam.plans.choices import WhitespaceStatus
from kam.plans.models import (
    AccountPlan,
    Goal,
    Measure,
    PlanReview,
    PlanVersion,
    Risk,
    SwotItem,
    WalletEstimate,
    WhitespaceEntry,
)
from kam.plans.selectors import plans_for_user
from kam.products.models import ProductLine
from kam.users.models import User


def _user(serializer: Any) -> Any:
    request = serializer.context.get("request")
    return request.user if request is not None else AnonymousUser()


def _active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


class VisiblePlanField(serializers.PrimaryKeyRelatedField):
    """A plan id, valid only for plans of accounts the requesting user may see."""

    def get_queryset(self) -> QuerySet[AccountPlan]:
        return plans_for_user(user=_user(self))


class VisibleGoalField(serializers.PrimaryKeyRelatedField):
    """A goal id, valid only for goals of plans the requesting user may see."""

    def get_queryset(self) -> QuerySet[Goal]:
        return restrict_to_accounts(Goal.objects.all(), _user(self), "plan__account")


class PlanSerializer(serializers.ModelSerializer[AccountPlan]):
    """A key account plan: account, period, status, responsible KAM and the situation texts."""

    account: serializers.PrimaryKeyRelatedField[Account] = serializers.PrimaryKeyRelatedField(read_only=True)
    account_name = serializers.CharField(source="account.name", read_only=True)
    period_label = serializers.CharField(read_only=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=_active_users(),
        allow_null=True,
        required=False,
        help_text=gettext_lazy("The responsible key account manager: an active user who can see the account."),
    )
    based_on: serializers.PrimaryKeyRelatedField[AccountPlan] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    latest_version = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=gettext_lazy("Number of the last approved version, if any.")
    )

    class Meta:
        model = AccountPlan
        fields = [
            "id",
            "account",
            "account_name",
            "title",
            "period_start",
            "period_end",
            "period_label",
            "status",
            "owner",
            "based_on",
            "customer_strategy",
            "customer_needs",
            "market_trends",
            "competitors",
            "latest_version",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "approved_by",
        ]
        read_only_fields = [
            "status",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "approved_by",
        ]
        validators: list[Any] = []  # the services check the period and say which field is wrong

    def update(self, instance: AccountPlan, validated_data: dict[str, Any]) -> AccountPlan:
        return services.plan_update(user=_user(self), plan=instance, **validated_data)


class PlanCreateSerializer(PlanSerializer):
    """A new draft plan of an account; with ``based_on``, started from an earlier plan of the account."""

    account = VisibleAccountField(help_text=gettext_lazy("An account you may see."))  # type: ignore[assignment]
    based_on = VisiblePlanField(  # type: ignore[assignment]
        allow_null=True,
        required=False,
        help_text=gettext_lazy(
            "An earlier plan of the same account whose goals, open measures, risks and SWOT are copied."
        ),
    )

    def create(self, validated_data: dict[str, Any]) -> AccountPlan:
        return services.plan_create(user=_user(self), **validated_data)


class CommentSerializer(serializers.Serializer):
    """A review step's comment (required to request changes)."""

    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class PlanReviewSerializer(serializers.ModelSerializer[PlanReview]):
    """One step of a plan's review."""

    class Meta:
        model = PlanReview
        fields = ["id", "plan", "reviewer", "action", "comment", "created_at"]
        read_only_fields = fields


class _PlanItemSerializer(serializers.ModelSerializer[Any]):
    """Common ground of goals, measures, risks and SWOT items: the plan, written through the services."""

    plan = VisiblePlanField(help_text=gettext_lazy("A plan you may see."))

    def create(self, validated_data: dict[str, Any]) -> Any:
        plan = validated_data.pop("plan")
        return children.plan_item_create(user=_user(self), plan=plan, model=self.Meta.model, **validated_data)

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        plan = validated_data.pop("plan", None)
        if plan is not None and plan.pk != instance.plan_id:
            raise serializers.ValidationError({"plan": [_("An item cannot move to another plan.")]})
        return children.plan_item_update(user=_user(self), item=instance, **validated_data)


class GoalSerializer(_PlanItemSerializer):
    """A measurable goal of a plan: metric, baseline, target, due date (current value only for NPS and counts)."""

    class Meta:
        model = Goal
        fields = ["id", "plan", *children.GOAL_FIELDS, "created_at", "updated_at"]


class MeasureSerializer(_PlanItemSerializer):
    """Something a person or a department does for the plan, by a date, maybe towards a goal."""

    goal = VisibleGoalField(allow_null=True, required=False, help_text=gettext_lazy("A goal of the same plan."))
    assignee = serializers.PrimaryKeyRelatedField(queryset=_active_users(), allow_null=True, required=False)

    class Meta:
        model = Measure
        fields = ["id", "plan", *children.MEASURE_FIELDS, "created_at", "updated_at"]


class RiskSerializer(_PlanItemSerializer):
    """A risk with probability and impact (1–5 each), mitigation and owner."""

    owner = serializers.PrimaryKeyRelatedField(queryset=_active_users(), allow_null=True, required=False)
    level = serializers.SerializerMethodField()

    class Meta:
        model = Risk
        fields = ["id", "plan", *children.RISK_FIELDS, "level", "created_at", "updated_at"]

    def get_level(self, risk: Risk) -> str:
        """low, medium, high or critical (probability × impact)."""
        return risk_level(risk.probability, risk.impact)


class SwotItemSerializer(_PlanItemSerializer):
    """A strength, weakness, opportunity or threat."""

    class Meta:
        model = SwotItem
        fields = ["id", "plan", *children.SWOT_FIELDS]


class PlanVersionSerializer(serializers.ModelSerializer[PlanVersion]):
    """An approved, frozen version of a plan (without its content)."""

    class Meta:
        model = PlanVersion
        fields = ["id", "plan", "number", "approved_by", "approved_at"]
        read_only_fields = fields


class PlanVersionDetailSerializer(PlanVersionSerializer):
    """An approved version with its frozen content (see docs/plans.md)."""

    snapshot = serializers.DictField(child=serializers.JSONField(), read_only=True)

    class Meta(PlanVersionSerializer.Meta):
        fields = [*PlanVersionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class PlanCompareQuerySerializer(serializers.Serializer):
    """``old``: a version id; ``new``: a version id or ``current`` (this plan as it is now)."""

    old = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    new = serializers.RegexField(r"^(current|[1-9][0-9]{0,9})$", required=False, default="current")


class PlanChangeSerializer(serializers.Serializer):
    """One difference: added or removed item, or a changed field."""

    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    section = serializers.CharField()
    item = serializers.CharField(help_text=gettext_lazy("The item's label; empty for a section of fields."))
    field = serializers.CharField(help_text=gettext_lazy("The changed field; empty for a whole item."))
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class PlanComparisonSerializer(serializers.Serializer):
    """The differences from version ``old`` to version ``new`` (null: the plan as it is now)."""

    old = serializers.IntegerField(help_text=gettext_lazy("Id of the older version."))
    old_number = serializers.IntegerField(help_text=gettext_lazy("Its number within its plan."))
    new = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Id of the newer version; null: the plan as it is now.")
    )
    new_number = serializers.IntegerField(allow_null=True)
    changes = PlanChangeSerializer(many=True)


class WalletEstimateSerializer(serializers.ModelSerializer[WalletEstimate]):
    """The customer's estimated spend of a year in a product line (none: in total), kept on the account."""

    class Meta:
        model = WalletEstimate
        fields = ["id", "account", "product_line", "year", "estimated_spend", "source", "entered_by", "updated_at"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class AccountIdField(VisibleAccountField):
    """An account id (an account the user may see) in a serializer without a model."""


class WalletEstimateWriteSerializer(serializers.Serializer):
    """Enter or replace the estimate of one account, year and product line."""

    account = AccountIdField(help_text=gettext_lazy("An account you may see."))
    product_line = serializers.PrimaryKeyRelatedField(
        queryset=ProductLine.objects.all(), allow_null=True, required=False, default=None
    )
    year = serializers.IntegerField(min_value=1900, max_value=2999)
    estimated_spend = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal(0))
    source = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")  # type: ignore[assignment]


class WhitespaceEntrySerializer(serializers.ModelSerializer[WhitespaceEntry]):
    """What one customer unit does about one product line, overriding the cell computed from order lines."""

    unit: serializers.PrimaryKeyRelatedField[Account] = serializers.PrimaryKeyRelatedField(
        source="account", read_only=True
    )

    class Meta:
        model = WhitespaceEntry
        fields = ["id", "unit", "product_line", "status", "competitor", "note", "entered_by", "updated_at"]
        read_only_fields = fields


class WhitespaceEntryWriteSerializer(serializers.Serializer):
    """Record a whitespace cell of ``account``'s plans: ``unit`` (the account or a subsidiary) × product line."""

    account = AccountIdField(help_text=gettext_lazy("The planned account (an account you may see)."))
    unit: AccountIdField = AccountIdField(
        required=False, default=None, allow_null=True, help_text=gettext_lazy("The account or one of its subsidiaries.")
    )
    product_line = serializers.PrimaryKeyRelatedField(queryset=ProductLine.objects.all())
    status = serializers.ChoiceField(choices=WhitespaceStatus.choices)
    competitor = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
