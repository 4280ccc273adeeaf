from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kam.contacts.models import Contact


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "account", "function", "buying_role", "attitude", "influence")
    list_filter = ("buying_role", "attitude", "department")
    search_fields = ("last_name", "first_name", "email", "account__name")
    autocomplete_fields = ("account", "reports_to")
    list_select_related = ("account",)
    show_full_result_count = False
