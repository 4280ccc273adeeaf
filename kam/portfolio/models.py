"""Portfolio analysis: its settings, people's ratings, stored results and nominations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kam.accounts.choices import Tier
from kam.accounts.models import Account
from kam.portfolio.choices import (
    RATED_CRITERIA,
    AbcClass,
    Basis,
    Criterion,
    Direction,
    Level,
    NominationDecision,
    Quadrant,
    RunKind,
    XyzClass,
)

PERCENT = [MinValueValidator(1), MaxValueValidator(100)]
WEIGHT = [MinValueValidator(0), MaxValueValidator(100)]


class PortfolioSettings(models.Model):
    """The thresholds and weights of the portfolio analysis; one row, edited by admins.

    Defaults follow the product definitions: A up to 80 % of cumulative revenue, B up to
    95 %; X below a coefficient of variation of 0.5, Y below 1.0; equal criterion weights;
    the matrix splits both axes at 50.
    """

    abc_a_percent = models.PositiveSmallIntegerField(
        _("A class up to (percent of revenue)"), default=80, validators=PERCENT
    )
    abc_b_percent = models.PositiveSmallIntegerField(
        _("B class up to (percent of revenue)"), default=95, validators=PERCENT
    )
    xyz_x_below = models.DecimalField(
        _("X below coefficient of variation"), max_digits=4, decimal_places=2, default=0.5
    )
    xyz_y_below = models.DecimalField(
        _("Y below coefficient of variation"), max_digits=4, decimal_places=2, default=1.0
    )
    default_basis = models.CharField(_("default basis"), max_length=16, choices=Basis.choices, default=Basis.REVENUE)
    default_level = models.CharField(_("default level"), max_length=16, choices=Level.choices, default=Level.GROUP)

    weight_revenue = models.PositiveSmallIntegerField(
        _("weight: revenue share or potential"), default=2, validators=WEIGHT
    )
    weight_cross_upsell = models.PositiveSmallIntegerField(
        _("weight: cross-/upselling potential"), default=1, validators=WEIGHT
    )
    weight_reference = models.PositiveSmallIntegerField(_("weight: reference value"), default=1, validators=WEIGHT)
    weight_innovation = models.PositiveSmallIntegerField(
        _("weight: innovation / market leadership"), default=1, validators=WEIGHT
    )
    weight_know_how = models.PositiveSmallIntegerField(
        _("weight: industry / technology know-how"), default=1, validators=WEIGHT
    )
    weight_care = models.PositiveSmallIntegerField(_("weight: need for individual care"), default=1, validators=WEIGHT)

    weight_share_of_wallet = models.PositiveSmallIntegerField(
        _("weight: share of wallet"), default=1, validators=WEIGHT
    )
    weight_coverage = models.PositiveSmallIntegerField(
        _("weight: buying-centre coverage"), default=1, validators=WEIGHT
    )
    weight_recency = models.PositiveSmallIntegerField(_("weight: contact recency"), default=1, validators=WEIGHT)
    weight_nps = models.PositiveSmallIntegerField(_("weight: NPS"), default=1, validators=WEIGHT)
    recency_full_days = models.PositiveSmallIntegerField(_("contact counts fully for (days)"), default=30)
    recency_zero_days = models.PositiveSmallIntegerField(_("contact counts nothing after (days)"), default=365)

    attractiveness_split = models.PositiveSmallIntegerField(
        _("matrix: high attractiveness from"), default=50, validators=PERCENT
    )
    relationship_split = models.PositiveSmallIntegerField(
        _("matrix: strong relationship from"), default=50, validators=PERCENT
    )
    demotion_margin = models.PositiveSmallIntegerField(
        _("demote only when this many points below a split"), default=10, validators=[MaxValueValidator(50)]
    )

    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("portfolio settings")
        verbose_name_plural = _("portfolio settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(abc_a_percent__lt=models.F("abc_b_percent")), name="portfolio_abc_a_below_b"
            ),
            models.CheckConstraint(
                condition=models.Q(xyz_x_below__lt=models.F("xyz_y_below")), name="portfolio_xyz_x_below_y"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Portfolio settings"))

    def criterion_weights(self) -> dict[str, int]:
        """The weight of every strategic criterion, keyed by :class:`Criterion` value."""
        return {c.value: getattr(self, f"weight_{c.value}") for c in Criterion}


class CriterionRating(models.Model):
    """A person's 0–5 rating of one account on one of the rated strategic criteria."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="criterion_ratings")
    criterion = models.CharField(_("criterion"), max_length=16, choices=[(c.value, c.label) for c in RATED_CRITERIA])
    score = models.PositiveSmallIntegerField(_("rating (0–5)"), validators=[MaxValueValidator(5)])
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rated_at = models.DateTimeField(_("rated"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion rating")
        verbose_name_plural = _("criterion ratings")
        constraints = [
            models.UniqueConstraint(fields=["account", "criterion"], name="uniq_criterion_rating"),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="criterion_rating_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.criterion}={self.score}"


class PortfolioRun(models.Model):
    """One stored result of the portfolio analysis for a period, basis and level.

    Pages answer from the latest current run; a refresh replaces it. Yearly snapshots are
    kept so that one year's portfolio can be compared with another's. ``summary`` holds
    what the overview needs without reading every entry (class counts and shares, the
    ABC/XYZ grid, the Pareto curve), ``parameters`` the thresholds and weights used.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=RunKind.choices, default=RunKind.CURRENT)
    label = models.CharField(_("label"), max_length=32, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    computed_at = models.DateTimeField(_("computed"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    accounts_count = models.PositiveIntegerField(_("accounts"), default=0)
    total = models.DecimalField(_("total"), max_digits=18, decimal_places=2, default=0)
    summary = models.JSONField(_("summary"), default=dict)
    parameters = models.JSONField(_("parameters"), default=dict)

    class Meta:
        verbose_name = _("portfolio analysis")
        verbose_name_plural = _("portfolio analyses")
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["label", "basis", "level"],
                condition=models.Q(kind=RunKind.SNAPSHOT),
                name="uniq_portfolio_snapshot",
            )
        ]
        indexes = [models.Index(fields=["kind", "basis", "level", "computed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label or self.period_end} ({self.basis}, {self.level})"


class PortfolioEntry(models.Model):
    """One account's row in a stored portfolio analysis (at group level: one per group).

    ``criterion_scores`` maps each :class:`Criterion` to its 0–5 score (None when not
    rated); ``relationship_parts`` each component of relationship strength to its 0–100
    value (None when no data); ``reasons`` is a list of ``{"code": ..., "params": {...}}``
    turned into words in the reader's language when shown.
    """

    # Written 50,000 at a time by the refresh from existing accounts: no database constraints
    # to check at the commit (deleting a run or an account still deletes its entries: Django
    # cascades), and no index of the run or the account alone (an account's entries are found
    # run by run through the unique index; the runs are few).
    run = models.ForeignKey(
        PortfolioRun, on_delete=models.CASCADE, related_name="entries", db_constraint=False, db_index=False
    )
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="portfolio_entries", db_constraint=False, db_index=False
    )
    rank = models.PositiveIntegerField(_("rank"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    revenue = models.DecimalField(_("net revenue"), max_digits=16, decimal_places=2)
    margin = models.DecimalField(_("margin"), max_digits=16, decimal_places=2)
    share = models.FloatField(_("share"))
    cumulative_share = models.FloatField(_("cumulative share"))
    abc = models.CharField(_("ABC class"), max_length=1, choices=AbcClass.choices)
    xyz = models.CharField(_("XYZ class"), max_length=1, choices=XyzClass.choices, blank=True)
    variation = models.FloatField(_("coefficient of variation"), null=True)
    revenue_previous = models.DecimalField(_("previous period"), max_digits=16, decimal_places=2, null=True)
    growth = models.FloatField(_("growth year over year"), null=True)
    cagr = models.FloatField(_("growth per year over 3 years (CAGR)"), null=True)
    criterion_scores = models.JSONField(_("criterion scores"), default=dict)
    attractiveness = models.FloatField(_("attractiveness"))
    relationship = models.FloatField(_("relationship strength"))
    relationship_parts = models.JSONField(_("relationship components"), default=dict)
    quadrant = models.CharField(_("quadrant"), max_length=16, choices=Quadrant.choices)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    suggested_tier = models.CharField(_("computed tier"), max_length=16, choices=Tier.choices)
    direction = models.CharField(_("candidate"), max_length=16, choices=Direction.choices, blank=True)
    # Facts the reasons are worded from (see :mod:`kam.portfolio.analysis.stored`).
    revenue_3y_ago = models.DecimalField(_("three years earlier"), max_digits=16, decimal_places=2, null=True)
    lines_bought = models.PositiveIntegerField(_("product lines bought"), default=0)
    lines_total = models.PositiveIntegerField(_("product lines"), default=0)
    roles = models.PositiveSmallIntegerField(_("buying-centre roles held (bit mask)"), default=0)
    days_since_contact = models.PositiveIntegerField(_("days since the latest contact"), null=True)

    class Meta:
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio entries")
        ordering = ["run", "rank"]
        constraints = [models.UniqueConstraint(fields=["run", "account"], name="uniq_portfolio_entry")]
        # Few indexes: every one is written 50,000 times per refresh. Lists page through a run by
        # rank (filters on class or quadrant read along it); candidates, a few hundred per run,
        # have a partial index of their own.
        indexes = [
            models.Index(fields=["run", "rank"]),
            models.Index(fields=["run", "rank"], condition=~models.Q(direction=""), name="portfolio_candidates"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.abc}{self.xyz}"

    @property
    def reasons(self) -> list[dict[str, Any]]:
        """The reasons as ``{"code": ..., "params": {...}}``, worded from the stored columns (reads the
        run when not loaded; lists of entries get theirs in one go from
        :func:`kam.portfolio.selectors.portfolio_entry_reasons_attach`)."""
        if "_reasons" not in self.__dict__:
            from kam.portfolio.selectors import portfolio_entry_reasons_attach

            portfolio_entry_reasons_attach([self], run=self.run)
        return self.__dict__["_reasons"]  # type: ignore[no-any-return]


class Nomination(models.Model):
    """The head of KAM's decision on a candidate: nominated to a tier, or declined.

    A declined candidate is not proposed again while the computed tier stays the same.
    The candidate's reasons are copied so the decision stays explainable after refreshes.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="nominations")
    from_tier = models.CharField(_("from tier"), max_length=16, choices=Tier.choices)
    proposed_tier = models.CharField(_("proposed tier"), max_length=16, choices=Tier.choices)
    decision = models.CharField(_("decision"), max_length=16, choices=NominationDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["account", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.from_tier} -> {self.proposed_tier}: {self.decision}"
