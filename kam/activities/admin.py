from django.contrib import admin

from kam.activities.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("start", "kind", "account", "subject", "created_by")
    list_filter = ("kind",)
    search_fields = ("subject", "summary", "account__name")
    date_hierarchy = "start"
    autocomplete_fields = ("account", "contacts", "participants", "plan")
    list_select_related = ("account", "created_by")
    readonly_fields = ("created_by", "created_at", "updated_at")
    show_full_result_count = False
