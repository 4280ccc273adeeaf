"""Forms of the task pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kam.accounts.models import Account
from kam.activities.forms import DATE_WIDGET, DATETIME_WIDGET, account_people
from kam.tasks.models import Task


class TaskForm(forms.ModelForm):  # type: ignore[type-arg]
    """A task on an account: for a person who may see the account, a department, or both."""

    class Meta:
        model = Task
        fields = ["title", "description", "assignee", "department", "due_date", "priority", "remind_at", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": DATE_WIDGET,
            "remind_at": DATETIME_WIDGET,
        }

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = account_people(account)
        self.fields["remind_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]
        if self.instance.pk is None:
            del self.fields["status"]


class CommentForm(forms.Form):
    """A comment on a task."""

    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
