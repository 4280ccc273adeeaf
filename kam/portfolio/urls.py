from django.urls import path

from kam.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.portfolio_overview, name="overview"),
    path("refresh/", views.portfolio_refresh, name="refresh"),
    path("accounts/", views.entry_list, name="entries"),
    path("accounts/export.<str:fmt>", views.entry_export, name="export"),
    path("accounts/<int:pk>/ratings/", views.account_ratings, name="ratings"),
    path("accounts/<int:pk>/card/", views.account_card, name="card"),
    path("matrix/", views.entry_matrix, name="matrix"),
    path("candidates/", views.candidate_list, name="candidates"),
    path("candidates/<int:pk>/decide/", views.candidate_decide, name="decide"),
    path("compare/", views.portfolio_compare, name="compare"),
    path("snapshots/", views.snapshot_create, name="snapshot"),
    path("settings/", views.portfolio_settings, name="settings"),
]
