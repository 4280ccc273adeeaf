"""Admin of the portfolio analysis: its settings, the ratings, and read-only results and decisions.

Runs are written by the refresh and nominations by the head of KAM's decisions (both with
their side effects in :mod:`kam.portfolio.services`), so the admin only shows them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kam.portfolio.models import CriterionRating, Nomination, PortfolioRun, PortfolioSettings


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PortfolioSettings)
class PortfolioSettingsAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    """The one settings row: changed, not added twice nor deleted."""

    list_display = ("__str__", "abc_a_percent", "abc_b_percent", "xyz_x_below", "xyz_y_below", "updated_at")
    fieldsets = (
        (None, {"fields": ("default_basis", "default_level")}),
        (_("ABC / XYZ classes"), {"fields": ("abc_a_percent", "abc_b_percent", "xyz_x_below", "xyz_y_below")}),
        (
            _("Attractiveness"),
            {
                "fields": (
                    "weight_revenue",
                    "weight_cross_upsell",
                    "weight_reference",
                    "weight_innovation",
                    "weight_know_how",
                    "weight_care",
                )
            },
        ),
        (
            _("Relationship strength"),
            {
                "fields": (
                    "weight_share_of_wallet",
                    "weight_coverage",
                    "weight_recency",
                    "weight_nps",
                    "recency_full_days",
                    "recency_zero_days",
                )
            },
        ),
        (_("Portfolio matrix"), {"fields": ("attractiveness_split", "relationship_split")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not PortfolioSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CriterionRating)
class CriterionRatingAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    list_display = ("account", "criterion", "score", "rated_by", "rated_at")
    list_filter = ("criterion", "score")
    search_fields = ("account__name", "account__external_id", "comment")
    autocomplete_fields = ("account", "rated_by")
    list_select_related = ("account", "rated_by")
    show_full_result_count = False


@admin.register(PortfolioRun)
class PortfolioRunAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__", "kind", "label", "basis", "level", "period_start", "period_end", "accounts_count", "computed_at",
        "duration_ms",
    )  # fmt: skip
    list_filter = ("kind", "basis", "level")


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("account", "from_tier", "proposed_tier", "decision", "owner", "decided_by", "decided_at")
    list_filter = ("decision", "proposed_tier")
    search_fields = ("account__name", "account__external_id", "comment")
    list_select_related = ("account", "owner", "decided_by")
    show_full_result_count = False
