from django.urls import path

from kam.products import exports, views

app_name = "products"
urlpatterns = [
    path("", views.product_list, name="list"),
    path("new/", views.product_create, name="create"),
    path("export.<str:fmt>", exports.product_export, name="export"),
    path("lines/", views.product_line_list, name="line_list"),
    path("<int:pk>/", views.product_detail, name="detail"),
    path("<int:pk>/edit/", views.product_update, name="update"),
]
