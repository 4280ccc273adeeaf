from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BuyingRole(models.TextChoices):
    """A contact's role in the customer's buying centre."""

    DECISION_MAKER = "decision_maker", _("Decision maker")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", pgettext_lazy("buying-centre role", "User")
    BUYER = "buyer", _("Buyer")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    CHAMPION = "champion", _("Champion")
    BLOCKER = "blocker", _("Blocker")


class Attitude(models.TextChoices):
    """How a contact stands towards us."""

    SUPPORTER = "supporter", _("Supporter")
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    CRITICAL = "critical", _("Critical")
    OPPONENT = "opponent", _("Opponent")


class ContactDepartment(models.TextChoices):
    """The department a contact works in at the customer."""

    MANAGEMENT = "management", _("Management")
    PURCHASING = "purchasing", _("Purchasing")
    ENGINEERING = "engineering", _("Engineering / R&D")
    PRODUCTION = "production", _("Production")
    QUALITY = "quality", _("Quality")
    LOGISTICS = "logistics", _("Logistics")
    MAINTENANCE = "maintenance", _("Maintenance")
    FINANCE = "finance", _("Finance")
    IT = "it", _("IT")
    OTHER = "other", _("Other")
