from django.urls import path

from kam.products import views

app_name = "products"
urlpatterns = [
    path("", views.index, name="list"),
]
