from django.contrib import admin

from kam.products.models import Product, ProductLine


@admin.register(ProductLine)
class ProductLineAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("sku", "name", "product_line", "list_price", "margin_percent", "active")
    list_filter = ("product_line", "active")
    search_fields = ("sku", "name")
    list_select_related = ("product_line",)
