from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may see and do in KAM."""

    ADMIN = "admin", _("Administrator")
    HEAD_OF_KAM = "head_of_kam", _("Head of key account management")
    KAM = "kam", _("Key account manager")
    TEAM_MEMBER = "team_member", _("Account team member")


class Department(models.TextChoices):
    """The internal departments that work on key accounts (the account team roles)."""

    SALES = "sales", _("Sales")
    PRODUCT_DEVELOPMENT = "product_development", _("Product development")
    ACCOUNT_BASED_MARKETING = "account_based_marketing", _("Account-based marketing")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    FINANCE = "finance", _("Finance")
    EXTERNAL_PARTNER = "external_partner", _("External partner")
    KEY_ACCOUNT_MANAGEMENT = "key_account_management", _("Key account management")
