from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "kam.users"
    label = "users"
