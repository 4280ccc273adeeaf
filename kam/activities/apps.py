from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "kam.activities"
    label = "activities"
