from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kam.accounts.models import Account
from kam.activities.choices import ActivityKind
from kam.contacts.models import Contact
from kam.plans.models import AccountPlan


class Activity(models.Model):
    """A contact with the customer: meeting, visit, call, e-mail, note or annual review.

    Records who was there on both sides, what was said and agreed, and the next step. An
    annual review carries its own structure (how the collaboration went, where to improve,
    joint goals) and may link to the account plan it reviewed.
    """

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True, help_text=_("For meetings and visits."))
    location = models.CharField(_("location"), max_length=200, blank=True)
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts present"), blank=True, related_name="activities"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("our participants"), blank=True, related_name="activities"
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    review_collaboration = models.TextField(
        _("how the collaboration went"), blank=True, help_text=_("Annual review only.")
    )
    review_improvements = models.TextField(_("where to improve"), blank=True, help_text=_("Annual review only."))
    review_joint_goals = models.TextField(_("joint goals"), blank=True, help_text=_("Annual review only."))
    plan = models.ForeignKey(
        AccountPlan,
        verbose_name=_("account plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("The account plan an annual review looked at."),
    )
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

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["account", "-start"], name="activity_account_start"),
            models.Index(fields=["kind", "-start"], name="activity_kind_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="activity_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.subject or f"{self.get_kind_display()} {self.start:%Y-%m-%d}"
