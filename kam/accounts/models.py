from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from kam.accounts.choices import Industry, LegalForm, Tier, TierChangeSource
from kam.users.choices import Department


class Account(models.Model):
    """A customer company; a parent account groups subsidiaries into a corporate group."""

    external_id = models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The customer number in the ERP; imports match on it."),
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    legal_form = models.CharField(_("legal form"), max_length=16, choices=LegalForm.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
    )
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True, db_index=True)
    website = models.URLField(_("website"), blank=True)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.STANDARD, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("key account manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_accounts",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "tier"]), models.Index(fields=["industry"])]

    def __str__(self) -> str:
        return self.name


class AccountTeamMember(models.Model):
    """A user working on an account, in the role of their department."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account_memberships",
    )
    department = models.CharField(_("role in the team"), max_length=32, choices=Department.choices)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("account team member")
        verbose_name_plural = _("account team")
        constraints = [models.UniqueConstraint(fields=["account", "user"], name="uniq_account_team_user")]
        ordering = ["department", "user__last_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_department_display()})"


class AccountRevenueYear(models.Model):
    """Revenue of one account in one calendar year, summed from its order lines.

    A stored aggregate so that lists and pages never scan order lines; refreshed by
    ``revenue_summary_refresh`` after every import.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="revenue_years")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1900)])
    net_revenue = models.DecimalField(max_digits=16, decimal_places=2)
    margin = models.DecimalField(max_digits=16, decimal_places=2)
    order_lines = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "year"], name="uniq_account_revenue_year")]
        indexes = [models.Index(fields=["year", "net_revenue"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.year}: {self.net_revenue}"


class AccountRevenueMonth(models.Model):
    """Revenue of one account in one calendar month, summed from its order lines.

    ``month`` is the first day of the month. The stored aggregate the portfolio analysis
    reads (period revenue, monthly variation, earlier periods) instead of the order lines;
    the yearly table is summed from it. Refreshed by ``revenue_summary_refresh``.

    Rebuilt by the million after a large import, so it is kept lean: the primary key is
    (account, month) itself (one index, no surrogate id), and the account reference has
    no database constraint (the order lines it is summed from keep theirs; deleting an
    account still deletes its months, Django cascades). SQLite also gets an index by
    month covering the sums (migration 0003), so that a range of months is read from the
    index alone; PostgreSQL reads the months in one pass without it.
    """

    pk = models.CompositePrimaryKey("account", "month")
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="revenue_months", db_index=False, db_constraint=False
    )
    month = models.DateField()
    net_revenue = models.DecimalField(max_digits=16, decimal_places=2)
    margin = models.DecimalField(max_digits=16, decimal_places=2)
    order_lines = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m}: {self.net_revenue}"


class AccountRevenueSeries(models.Model):
    """One account's monthly revenue, margin and product lines bought, packed for the portfolio analysis.

    Layout in :mod:`kam.accounts.series`: float64 per month from ``first_month`` on, and
    (product line, month) pairs. Rebuilt with the monthly revenue by
    ``revenue_summary_refresh`` (and after product lines of products change), so the
    analysis reads one row per account instead of one per account and month or per order
    line. Like the months, the account reference has no database constraint.
    """

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, primary_key=True, related_name="revenue_series", db_constraint=False
    )
    first_month = models.DateField()
    revenue = models.BinaryField()
    margin = models.BinaryField()
    lines = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.account_id} from {self.first_month:%Y-%m}"


class TierChange(models.Model):
    """One change of an account's tier: from what, to what, by whom, when and why.

    Kept for every account so that the tier history (manual edits and portfolio
    nominations alike) can be shown and audited.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="tier_changes")
    old_tier = models.CharField(_("old tier"), max_length=16, choices=Tier.choices, blank=True)
    new_tier = models.CharField(_("new tier"), max_length=16, choices=Tier.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=16, choices=TierChangeSource.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["account", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.old_tier} -> {self.new_tier}"
