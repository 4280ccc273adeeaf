from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    """How an account is managed: key accounts get a KAM, a plan and a team."""

    KEY = "key", _("Key account")
    GROWTH = "growth", _("Growth account")
    STANDARD = "standard", _("Standard account")


class LegalForm(models.TextChoices):
    """Common legal forms of the customers' companies."""

    GMBH = "gmbh", "GmbH"
    AG = "ag", "AG"
    SE = "se", "SE"
    KG = "kg", "KG"
    GMBH_CO_KG = "gmbh_co_kg", "GmbH & Co. KG"
    OHG = "ohg", "OHG"
    EK = "ek", "e.K."
    UG = "ug", "UG (haftungsbeschränkt)"
    LTD = "ltd", "Ltd."
    INC = "inc", "Inc."
    SA = "sa", "S.A."
    SAS = "sas", "S.A.S."
    SRL = "srl", "S.r.l."
    BV = "bv", "B.V."
    OTHER = "other", _("Other")


class Industry(models.TextChoices):
    """The customer's industry."""

    AUTOMOTIVE = "automotive", _("Automotive")
    CHEMICALS = "chemicals", _("Chemicals")
    FOOD = "food", _("Food and beverages")
    MEDICAL = "medical", _("Medical technology")
    LOGISTICS = "logistics", _("Logistics")
    MACHINERY = "machinery", _("Machinery")
    ELECTRONICS = "electronics", _("Electronics")
    ENERGY = "energy", _("Energy")
    PHARMA = "pharma", _("Pharmaceuticals")
    PACKAGING = "packaging", _("Packaging")
    OTHER = "other", _("Other")


class TierChangeSource(models.TextChoices):
    """Where a change of an account's tier came from."""

    MANUAL = "manual", _("Edited by hand")
    NOMINATION = "nomination", _("Portfolio nomination")
    IMPORT = "import", _("Import")
