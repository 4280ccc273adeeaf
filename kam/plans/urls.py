from django.urls import path

from kam.plans import card, list_export, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("export.<str:fmt>", list_export.plan_export, name="list_export"),
    path("new/", views.plan_create, name="create"),
    path("accounts/<int:pk>/card/", card.account_plan_card_view, name="account_card"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_update, name="update"),
    path("<int:pk>/delete/", views.plan_delete, name="delete"),
    path("<int:pk>/next/", views.plan_next, name="next"),
    path("<int:pk>/review/<str:action>/", views.plan_review, name="review"),
    path("<int:pk>/compare/", views.plan_compare, name="compare"),
    path("<int:pk>/export.<str:fmt>", views.plan_export, name="export"),
    path("<int:pk>/wallet/", views.wallet_edit, name="wallet"),
    path("<int:pk>/whitespace/", views.whitespace_edit, name="whitespace"),
    path("<int:pk>/<str:kind>/add/", views.item_edit, name="item_add"),
    path("<int:pk>/<str:kind>/<int:item_pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/<str:kind>/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
]
