from django.urls import path

from kam.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.index, name="list"),
]
