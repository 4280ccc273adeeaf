from django.urls import path

from kam.contacts import exports, vcards, views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_create, name="create"),
    path("contacts.vcf", vcards.contact_vcards, name="vcards"),
    path("export.<str:fmt>", exports.contact_export, name="export"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/vcard.vcf", vcards.contact_vcard, name="vcard"),
    path("<int:pk>/edit/", views.contact_update, name="update"),
    path("<int:pk>/delete/", views.contact_delete, name="delete"),
]
