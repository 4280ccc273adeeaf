from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """Where a key account plan stands: written, reviewed, in force, replaced."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class ReviewAction(models.TextChoices):
    """One step of the review of a plan."""

    SUBMIT = "submit", _("Submitted for review")
    APPROVE = "approve", _("Approved")
    REQUEST_CHANGES = "request_changes", _("Changes requested")
    COMMENT = "comment", _("Comment")


class SwotKind(models.TextChoices):
    """The four quadrants of a SWOT analysis."""

    STRENGTH = "strength", _("Strength")
    WEAKNESS = "weakness", _("Weakness")
    OPPORTUNITY = "opportunity", _("Opportunity")
    THREAT = "threat", _("Threat")


class WhitespaceStatus(models.TextChoices):
    """What a customer unit does about one of our product lines."""

    BOUGHT = "bought", _("Bought from us")
    NOT_BOUGHT = "not_bought", _("Not bought")
    COMPETITOR = "competitor", _("Bought from a competitor")
    NO_NEED = "no_need", _("No need")


class GoalMetric(models.TextChoices):
    """What a goal measures; the first three are computed from the data."""

    REVENUE = "revenue", _("Revenue")
    PRODUCT_LINE_REVENUE = "product_line_revenue", _("Revenue of a product line")
    SHARE_OF_WALLET = "share_of_wallet", _("Share of wallet (%)")
    NPS = "nps", _("NPS")
    COUNT = "count", _("Count")


# Metrics whose current value is entered by people (NPS until surveys arrive with issue 8).
MANUAL_METRICS = (GoalMetric.NPS, GoalMetric.COUNT)


class MeasureStatus(models.TextChoices):
    """How far a measure of the plan has come."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
