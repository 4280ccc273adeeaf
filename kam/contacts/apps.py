from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "kam.contacts"
    label = "contacts"
