from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kam.accounts.models import Account
from kam.contacts.choices import Attitude, BuyingRole, ContactDepartment


class Contact(models.Model):
    """A person at a customer account, with their place in the buying centre."""

    external_id = models.CharField(_("external id"), max_length=64, unique=True, null=True, blank=True)
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    function = models.CharField(_("function"), max_length=150, blank=True, help_text=_("Job title"))
    department = models.CharField(_("department"), max_length=32, choices=ContactDepartment.choices, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
    )
    buying_role = models.CharField(_("buying-centre role"), max_length=32, choices=BuyingRole.choices, blank=True)
    attitude = models.CharField(_("attitude"), max_length=16, choices=Attitude.choices, blank=True)
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (low) to 5 (high)"),
    )
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relationship owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_contact_relationships",
        help_text=_("Who of us looks after the relationship with this person."),
    )
    relationship_strength = models.PositiveSmallIntegerField(
        _("relationship strength"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (weak) to 5 (strong)"),
    )
    last_contact_date = models.DateField(_("last contact"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(influence__isnull=True) | models.Q(influence__gte=1, influence__lte=5),
                name="contact_influence_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(relationship_strength__isnull=True)
                | models.Q(relationship_strength__gte=1, relationship_strength__lte=5),
                name="contact_relationship_strength_1_to_5",
            ),
        ]
        # The portfolio analysis reads roles and the latest contact of every account from this
        # index alone (a grouped scan in account order, no table read).
        indexes = [
            models.Index(fields=["account", "buying_role", "last_contact_date"], name="contact_buying_centre"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
