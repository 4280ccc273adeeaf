from django.urls import path

from kam.orders import exports, views

app_name = "orders"
urlpatterns = [
    path("", views.order_line_list, name="list"),
    path("export.<str:fmt>", exports.order_line_export, name="export"),
]
