"""Forms of the activity pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kam.accounts.models import Account
from kam.activities.models import Activity
from kam.activities.services import FollowUp, group_account_ids
from kam.contacts.models import Contact
from kam.tasks.choices import TaskPriority
from kam.users.choices import Department, Role
from kam.users.models import User

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def account_people(account: Account) -> QuerySet[User]:
    """Active users who may see ``account``: its KAM, its team, head of KAM and administrators."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk=account.owner_id)
            | Q(account_memberships__account=account)
            | Q(role__in=[Role.HEAD_OF_KAM, Role.ADMIN])
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    """An activity with the optional follow-up task from its next step."""

    create_task = forms.BooleanField(label=_("Create a task from the next step"), required=False)
    task_assignee = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Task for"), required=False)
    task_department = forms.ChoiceField(
        choices=[("", "–"), *Department.choices], label=_("or department"), required=False
    )
    task_due_date = forms.DateField(label=_("Task due"), required=False, widget=DATE_WIDGET)
    task_priority = forms.ChoiceField(choices=TaskPriority.choices, label=_("Priority"), initial=TaskPriority.NORMAL)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "subject",
            "start",
            "end",
            "location",
            "contacts",
            "participants",
            "summary",
            "outcome",
            "next_step",
            "review_collaboration",
            "review_improvements",
            "review_joint_goals",
            "plan",
        ]
        widgets = {
            "start": DATETIME_WIDGET,
            "end": DATETIME_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
            "review_collaboration": forms.Textarea(attrs={"rows": 2}),
            "review_improvements": forms.Textarea(attrs={"rows": 2}),
            "review_joint_goals": forms.Textarea(attrs={"rows": 2}),
            "contacts": forms.SelectMultiple(attrs={"size": 5}),
            "participants": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        fields = self.fields
        contacts = fields["contacts"]
        assert isinstance(contacts, forms.ModelMultipleChoiceField)
        contacts.queryset = Contact.objects.filter(account_id__in=group_account_ids(account)).select_related("account")
        contacts.label_from_instance = self._contact_label  # type: ignore[method-assign,assignment]
        people = account_people(account)
        for name in ("participants", "task_assignee"):
            field = fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people
        plan = fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = account.plans.order_by("-period_start")
        for name in ("start", "end"):
            fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]  # type: ignore[attr-defined]

    def _contact_label(self, contact: Contact) -> str:
        if contact.account_id == self.account.pk:
            return contact.full_name
        return f"{contact.full_name} ({contact.account.name})"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("create_task") and not data.get("task_assignee") and not data.get("task_department"):
            self.add_error("task_assignee", _("Choose who does the task: a person or a department."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned fields as the services take them."""
        data = dict(self.cleaned_data)
        fields: dict[str, Any] = {name: data[name] for name in self.Meta.fields}
        fields["contacts"] = list(fields["contacts"])
        fields["participants"] = list(fields["participants"])
        if data.get("create_task"):
            fields["follow_up"] = FollowUp(
                assignee=data.get("task_assignee"),
                department=data.get("task_department") or "",
                due_date=data.get("task_due_date"),
                priority=data.get("task_priority") or TaskPriority.NORMAL,
            )
        return fields
