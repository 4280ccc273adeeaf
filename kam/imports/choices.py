from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportEntity(models.TextChoices):
    """What an import file holds."""

    ACCOUNTS = "accounts", _("Accounts")
    CONTACTS = "contacts", _("Contacts")
    PRODUCTS = "products", _("Products")
    ORDERS = "orders", _("Order lines")


class ImportStatus(models.TextChoices):
    """Where an uploaded import file stands."""

    REFUSED = "refused", _("Refused")
    READY = "ready", _("Ready to import")
    IMPORTED = "imported", _("Imported")
