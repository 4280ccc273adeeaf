from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from kam.accounts.models import Account, AccountRevenueYear, AccountTeamMember


class AccountTeamMemberInline(admin.TabularInline):
    model = AccountTeamMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ("name", "external_id", "tier", "owner", "industry", "country", "city")
    list_filter = ("tier", "industry", "country")
    search_fields = ("name", "external_id", "city")
    autocomplete_fields = ("parent", "owner")
    list_select_related = ("owner",)
    inlines = (AccountTeamMemberInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_full_result_count = False


@admin.register(AccountRevenueYear)
class AccountRevenueYearAdmin(admin.ModelAdmin):
    """Read-only: the stored aggregate is computed from order lines."""

    list_display = ("account", "year", "net_revenue", "margin", "order_lines")
    list_filter = ("year",)
    search_fields = ("account__name", "account__external_id")
    list_select_related = ("account",)
    show_full_result_count = False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
