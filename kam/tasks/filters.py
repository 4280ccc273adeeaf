"""The one task filter, shared by the task pages, the API and the command line."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kam.tasks.choices import OPEN_STATUSES, TaskPriority, TaskStatus
from kam.tasks.deadlines import DUE_SOON_DAYS
from kam.tasks.models import Task
from kam.users.choices import Department

DUE_CHOICES = [("overdue", _("Overdue")), ("soon", _("Due within 3 days")), ("open", _("All open"))]


class TaskFilter(django_filters.FilterSet):
    """Search, status, priority, due state, department and account of tasks."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, label=_("Status"))
    priority = django_filters.MultipleChoiceFilter(choices=TaskPriority.choices, label=_("Priority"))
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="filter_due", label=_("Due"))
    department = django_filters.ChoiceFilter(choices=Department.choices, label=_("Department"))
    account = django_filters.NumberFilter(field_name="account_id", label=_("Account id"))
    assignee = django_filters.NumberFilter(field_name="assignee_id", label=_("Assignee (user id)"))
    ordering = django_filters.OrderingFilter(
        fields=(("due_date", "due_date"), ("priority", "priority"), ("created_at", "created"), ("title", "title")),
        label=_("Sort by"),
    )

    class Meta:
        model = Task
        fields = ["q", "status", "priority", "due", "department", "account", "assignee"]

    def search(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(account__name__icontains=value)
        )

    def filter_due(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        today = timezone.localdate()
        open_tasks = queryset.filter(status__in=OPEN_STATUSES)
        if value == "overdue":
            return open_tasks.filter(due_date__lt=today)
        if value == "soon":
            return open_tasks.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        if value == "open":
            return open_tasks
        return queryset
