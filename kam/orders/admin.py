from django.contrib import admin

from kam.orders.models import OrderLine


@admin.register(OrderLine)
class OrderLineAdmin(admin.ModelAdmin):
    list_display = ("external_id", "date", "account", "product", "quantity", "net_revenue", "margin")
    search_fields = ("external_id", "document_number", "account__external_id")
    autocomplete_fields = ("account", "product")
    list_select_related = ("account", "product")
    date_hierarchy = "date"
    show_full_result_count = False
