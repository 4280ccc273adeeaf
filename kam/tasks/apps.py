from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "kam.tasks"
    label = "tasks"
