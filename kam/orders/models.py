from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kam.accounts.models import Account
from kam.products.models import Product


class OrderLine(models.Model):
    """One invoiced line from the ERP: the revenue fact every figure is computed from.

    Net revenue may be negative (credit notes); quantity may not.
    """

    # Unique through the constraint in Meta (not ``unique=True``, which on PostgreSQL adds a
    # second, ``varchar_pattern_ops`` index that no query uses). Importers rely on it for
    # ``ON CONFLICT (external_id)``.
    external_id = models.CharField(_("external id"), max_length=64)
    # No single-column indexes on the foreign keys: the (account, date) and (product, date)
    # indexes below serve every lookup by account or product.
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="order_lines", db_index=False
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="order_lines", db_index=False
    )
    date = models.DateField(_("date"))
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    net_revenue = models.DecimalField(_("net revenue"), max_digits=14, decimal_places=2)
    margin = models.DecimalField(_("margin"), max_digits=14, decimal_places=2)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["-date", "id"]
        indexes = [
            models.Index(fields=["account", "date"], name="orderline_account_date"),
            models.Index(fields=["product", "date"], name="orderline_product_date"),
            models.Index(fields=["date"], name="orderline_date"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="orderline_external_id_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="orderline_quantity_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} {self.date} {self.net_revenue}"
