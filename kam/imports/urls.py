from django.urls import path

from kam.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_upload, name="upload"),
    path("<uuid:pk>/", views.import_preview, name="preview"),
    path("<uuid:pk>/confirm/", views.import_confirm, name="confirm"),
]
