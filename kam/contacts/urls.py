from django.urls import path

from kam.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.index, name="list"),
]
