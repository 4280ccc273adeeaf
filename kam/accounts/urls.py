from django.urls import path

from kam.accounts import exports, views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("lookup/", views.account_lookup, name="lookup"),
    path("export.<str:fmt>", exports.account_export, name="export"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/edit/", views.account_update, name="update"),
    path("<int:pk>/delete/", views.account_delete, name="delete"),
    path("<int:pk>/team/", views.account_team_add, name="team_add"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.account_team_remove, name="team_remove"),
    path("<int:pk>/history/", views.account_history, name="history"),
]
