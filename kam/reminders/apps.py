from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "kam.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from kam.reminders import handlers

        handlers.register()
