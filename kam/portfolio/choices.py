from django.db import models
from django.utils.translation import gettext_lazy as _


class AbcClass(models.TextChoices):
    """Share of the period's revenue: A up to 80 %, B up to 95 %, C the rest (defaults)."""

    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class XyzClass(models.TextChoices):
    """Stability of monthly revenue (coefficient of variation): X < 0.5, Y < 1.0, Z otherwise."""

    X = "X", "X"
    Y = "Y", "Y"
    Z = "Z", "Z"


class Basis(models.TextChoices):
    """What the ABC analysis ranks customers by."""

    REVENUE = "revenue", _("Net revenue")
    MARGIN = "margin", _("Margin")


class Level(models.TextChoices):
    """Analyse corporate groups (subsidiaries rolled up to the top parent) or each legal entity."""

    GROUP = "group", _("Corporate group")
    ENTITY = "entity", _("Legal entity")


class Quadrant(models.TextChoices):
    """The four fields of the portfolio matrix (attractiveness × relationship strength)."""

    KEY_ACCOUNT = "key_account", _("Key account")
    DEVELOP = "develop", _("Develop")
    MAINTAIN = "maintain", _("Maintain")
    STANDARD = "standard", _("Standard")


class Criterion(models.TextChoices):
    """The six strategic criteria of the source text; the first two are computed from data."""

    REVENUE = "revenue", _("Revenue share or potential")
    CROSS_UPSELL = "cross_upsell", _("Cross-/upselling potential")
    REFERENCE = "reference", _("Reference value")
    INNOVATION = "innovation", _("Innovation / market leadership")
    KNOW_HOW = "know_how", _("Industry / technology know-how")
    CARE = "care", _("Need for individual care")


COMPUTED_CRITERIA = (Criterion.REVENUE, Criterion.CROSS_UPSELL)
RATED_CRITERIA = (Criterion.REFERENCE, Criterion.INNOVATION, Criterion.KNOW_HOW, Criterion.CARE)


class RunKind(models.TextChoices):
    """A current result (replaced on every refresh) or a yearly snapshot (kept)."""

    CURRENT = "current", _("Current")
    SNAPSHOT = "snapshot", _("Yearly snapshot")


class Direction(models.TextChoices):
    """Whether a candidate's computed tier is above or below its tier."""

    PROMOTE = "promote", _("Promote")
    DEMOTE = "demote", _("Demote")


class NominationDecision(models.TextChoices):
    """What the head of KAM decided about a candidate."""

    NOMINATED = "nominated", _("Nominated")
    DECLINED = "declined", _("Declined")
