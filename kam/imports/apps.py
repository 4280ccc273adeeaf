from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kam.imports"
    label = "imports"
