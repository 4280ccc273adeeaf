"""Key account plans: the plan of an account for a period and everything it holds."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kam.accounts.models import Account
from kam.plans.choices import (
    GoalMetric,
    MeasureStatus,
    PlanStatus,
    ReviewAction,
    SwotKind,
    WhitespaceStatus,
)
from kam.products.models import ProductLine
from kam.users.choices import Department

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class AccountPlan(models.Model):
    """The key account plan of one account for one period (usually a calendar year).

    Goes draft → in review → active → archived; an approval freezes a :class:`PlanVersion`.
    At most one plan of an account is active, and an account has at most one plan per
    period start that is not archived. The texts describe the customer's situation; goals,
    measures, risks, SWOT items hang on the plan.
    """

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=200, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible key account manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_plans",
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text=_("The earlier plan this one started from."),
    )
    customer_strategy = models.TextField(_("customer's strategy"), blank=True)
    customer_needs = models.TextField(_("customer's needs"), blank=True)
    market_trends = models.TextField(_("market trends"), blank=True)
    competitors = models.TextField(_("competitors"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        ordering = ["-period_start", "account__name", "id"]
        indexes = [
            models.Index(fields=["account", "period_start"], name="plan_account_period"),
            models.Index(fields=["status", "period_start"], name="plan_status_period"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period_ordered"),
            models.UniqueConstraint(
                fields=["account"], condition=Q(status=PlanStatus.ACTIVE), name="plan_one_active_per_account"
            ),
            models.UniqueConstraint(
                fields=["account", "period_start"],
                condition=~Q(status=PlanStatus.ARCHIVED),
                name="plan_one_open_per_account_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.account} {self.period_label}"

    @property
    def period_label(self) -> str:
        """``2026`` for a calendar year, ``2026-07..2027-06`` otherwise."""
        start, end = self.period_start, self.period_end
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return str(start.year)
        return f"{start:%Y-%m}..{end:%Y-%m}"


class PlanReview(models.Model):
    """One step of a plan's review: submitted, approved, changes requested, or a comment."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=16, choices=ReviewAction.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan review step")
        verbose_name_plural = _("plan review steps")
        ordering = ["plan", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.action}"


class SwotItem(models.Model):
    """One strength, weakness, opportunity or threat in a plan's situation analysis."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="swot_items")
    kind = models.CharField(_("kind"), max_length=16, choices=SwotKind.choices)
    text = models.CharField(_("text"), max_length=500)

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["plan", "kind", "id"]

    def __str__(self) -> str:
        return self.text


class WalletEstimate(models.Model):
    """The customer's estimated total spend per year in one of our product lines (entered).

    Kept on the account, not the plan, so that every plan and the share-of-wallet figures
    of any year read the same estimate. Without a product line it is the estimate of the
    customer's whole spend in our categories.
    """

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="wallet_estimates"
    )
    product_line = models.ForeignKey(
        ProductLine,
        verbose_name=_("product line"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="wallet_estimates",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900), MaxValueValidator(2999)])
    estimated_spend = models.DecimalField(
        _("estimated total spend"), validators=[MinValueValidator(0)], max_digits=16, decimal_places=2
    )
    source = models.CharField(_("source of the estimate"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("wallet estimate")
        verbose_name_plural = _("wallet estimates")
        ordering = ["account", "-year", "product_line__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "year", "product_line"],
                condition=Q(product_line__isnull=False),
                name="wallet_one_per_account_year_line",
            ),
            models.UniqueConstraint(
                fields=["account", "year"],
                condition=Q(product_line__isnull=True),
                name="wallet_one_total_per_account_year",
            ),
            models.CheckConstraint(condition=Q(estimated_spend__gte=0), name="wallet_spend_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.year} {self.product_line_id or '*'}: {self.estimated_spend}"


class WhitespaceEntry(models.Model):
    """What people know about one cell of the whitespace grid: customer unit × product line.

    The unit is an account (the planned account itself or one of its subsidiaries). Cells
    without an entry are computed from order lines (bought / not bought); an entry overrides
    that, e.g. "bought from a competitor" with the competitor's name.
    """

    account = models.ForeignKey(
        Account, verbose_name=_("customer unit"), on_delete=models.CASCADE, related_name="whitespace_entries"
    )
    product_line = models.ForeignKey(
        ProductLine, verbose_name=_("product line"), on_delete=models.CASCADE, related_name="whitespace_entries"
    )
    status = models.CharField(_("status"), max_length=16, choices=WhitespaceStatus.choices)
    competitor = models.CharField(_("competitor"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("whitespace entry")
        verbose_name_plural = _("whitespace entries")
        ordering = ["account", "product_line__name"]
        constraints = [
            models.UniqueConstraint(fields=["account", "product_line"], name="whitespace_one_per_unit_line"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} × {self.product_line_id}: {self.status}"


class Goal(models.Model):
    """A measurable goal of a plan: metric, baseline, target, due date.

    Revenue, product-line revenue and share of wallet are measured from the data; NPS and
    counts carry a ``current_value`` entered by people.
    """

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    metric = models.CharField(_("metric"), max_length=32, choices=GoalMetric.choices)
    product_line = models.ForeignKey(
        ProductLine,
        verbose_name=_("product line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Needed for the revenue of a product line; optional for share of wallet."),
    )
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    due_date = models.DateField(_("due date"))
    current_value = models.DecimalField(
        _("current value"),
        null=True,
        blank=True,
        help_text=_("Entered for NPS and counts; the other metrics are measured."),
        max_digits=16,
        decimal_places=2,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(metric=GoalMetric.PRODUCT_LINE_REVENUE) | Q(product_line__isnull=False),
                name="goal_product_line_revenue_has_line",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """Something someone (a user or a department of the account team) does for the plan, by a date."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_measures",
    )
    department = models.CharField(_("department"), max_length=32, choices=Department.choices, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "due_date", "id"]
        indexes = [models.Index(fields=["assignee", "status"], name="measure_assignee_status")]

    def __str__(self) -> str:
        return self.title


class Risk(models.Model):
    """A risk to the plan with its probability and impact (1–5 each), mitigation and owner."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(_("risk"), max_length=500)
    probability = models.PositiveSmallIntegerField(_("probability (1–5)"), validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=ONE_TO_FIVE)
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_risks",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(probability__gte=1, probability__lte=5), name="risk_probability_1_to_5"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_to_5"),
        ]

    def __str__(self) -> str:
        return self.description


class PlanVersion(models.Model):
    """The frozen content of a plan at one approval (numbered 1, 2, … per plan)."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"))

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"
