from django.contrib import admin
from django.http import HttpRequest

from kam.reminders.models import Reminder, ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "key_days", "growth_days", "standard_days", "morning_hour", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ReminderSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: ReminderSettings | None = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("kind", "user", "object_id", "due_at", "notified_at", "mailed_at")
    list_filter = ("kind",)
    search_fields = ("key", "user__username")
    readonly_fields = [f.name for f in Reminder._meta.fields]
    list_select_related = ("user",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
