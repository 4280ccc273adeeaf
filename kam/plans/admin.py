"""Admin of account plans: content editable, the review state and versions only shown.

Status changes go through the review services (:mod:`kam.plans.services`), which keep the
review log, freeze versions and archive the plan an approval replaces.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

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


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Shown with the plan, never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PlanReviewInline(ReadOnlyInline):
    model = PlanReview
    fields = ("created_at", "reviewer", "action", "comment")
    readonly_fields = fields


class PlanVersionInline(ReadOnlyInline):
    model = PlanVersion
    fields = ("number", "approved_by", "approved_at")
    readonly_fields = fields


class GoalInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Goal
    extra = 0
    fields = ("title", "metric", "product_line", "baseline", "target", "due_date", "current_value")


class MeasureInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Measure
    extra = 0
    fields = ("title", "goal", "assignee", "department", "due_date", "status")
    autocomplete_fields = ("assignee",)


class RiskInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Risk
    extra = 0
    fields = ("description", "probability", "impact", "mitigation", "owner")
    autocomplete_fields = ("owner",)


class SwotItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SwotItem
    extra = 0


@admin.register(AccountPlan)
class AccountPlanAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "account", "period_start", "period_end", "status", "owner", "approved_at")
    list_filter = ("status", "period_start")
    search_fields = ("title", "account__name", "account__external_id")
    autocomplete_fields = ("account", "owner", "based_on")
    list_select_related = ("account", "owner")
    readonly_fields = ("status", "submitted_at", "approved_at", "approved_by", "created_by", "created_at")
    inlines = (GoalInline, MeasureInline, RiskInline, SwotItemInline, PlanReviewInline, PlanVersionInline)
    show_full_result_count = False


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Frozen at approval: shown only."""

    list_display = ("plan", "number", "approved_by", "approved_at")
    search_fields = ("plan__account__name",)
    list_select_related = ("plan__account", "approved_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WalletEstimate)
class WalletEstimateAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    list_display = ("account", "year", "product_line", "estimated_spend", "entered_by")
    list_filter = ("year", "product_line")
    search_fields = ("account__name", "account__external_id")
    autocomplete_fields = ("account",)
    list_select_related = ("account", "product_line", "entered_by")
    show_full_result_count = False


@admin.register(WhitespaceEntry)
class WhitespaceEntryAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    list_display = ("account", "product_line", "status", "competitor", "entered_by")
    list_filter = ("status", "product_line")
    search_fields = ("account__name", "competitor")
    autocomplete_fields = ("account",)
    list_select_related = ("account", "product_line", "entered_by")
    show_full_result_count = False
