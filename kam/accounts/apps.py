from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kam.accounts"
    label = "accounts"
