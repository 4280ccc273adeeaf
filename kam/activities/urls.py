from django.urls import path

from kam.activities import views

app_name = "activities"
urlpatterns = [
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_update, name="update"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("accounts/<int:pk>/log/", views.activity_log, name="log"),
    path("accounts/<int:pk>/timeline/", views.account_timeline, name="timeline"),
]
