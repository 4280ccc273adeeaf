from django.contrib import admin
from django.http import HttpRequest

from kam.calendars.models import CalendarFeedToken


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__username",)
    readonly_fields = ("user", "created_at", "last_used_at")
    exclude = ("token_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
