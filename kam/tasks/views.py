"""Task pages: my tasks, my department's tasks, one task, create, edit, complete, comment."""

from __future__ import annotations

import typing
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kam.accounts import selectors as account_selectors
from kam.core.pagination import paginate
from kam.core.views import apply_service_errors, is_partial, render_list
from kam.tasks import deadlines, selectors, services
from kam.tasks.access import can_create_task, can_work_on_task
from kam.tasks.choices import OPEN_STATUSES
from kam.tasks.filters import TaskFilter
from kam.tasks.forms import CommentForm, TaskForm
from kam.tasks.models import Task

if typing.TYPE_CHECKING:
    from kam.users.models import User

LIST_FIELDS = "q status priority due"


def mark_due_states(tasks: list[Task]) -> list[Task]:
    """Annotate ``due_state`` and ``days_overdue`` (the pure rules, in the user's local date)."""
    today = timezone.localdate()
    for task in tasks:
        is_open = task.status in OPEN_STATUSES
        task.due_state = deadlines.due_state(task.due_date, is_open, today)  # type: ignore[attr-defined]
        task.days_overdue = deadlines.days_overdue(task.due_date, is_open, today)  # type: ignore[attr-defined]
    return tasks


def _task_list_page(request: HttpRequest, tasks: QuerySet[Task], scope: str) -> HttpResponse:
    data = request.GET.copy()
    if "due" not in data and "status" not in data:
        data["due"] = "open"  # open tasks unless the user asks for others
    filterset = TaskFilter(data, queryset=tasks, request=request)
    page = paginate(request, filterset.qs)
    rows = mark_due_states(list(page.object_list))
    context = {
        "filter": filterset,
        "filter_fields": LIST_FIELDS,
        "page": page,
        "tasks": rows,
        "scope": scope,
        "ordering": request.GET.get("ordering", ""),
    }
    return render_list(request, "tasks/task_list.html", "tasks/_task_results.html", context)


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Tasks assigned to me, open ones first by due date; overdue ones stand out."""
    return _task_list_page(request, selectors.my_tasks(user=request.user), "mine")


@login_required
@require_GET
def department_tasks(request: HttpRequest) -> HttpResponse:
    """Tasks for my department on the accounts I may see."""
    return _task_list_page(request, selectors.department_tasks(user=request.user), "department")


def _detail_context(request: HttpRequest, task: Task, comment_form: CommentForm | None = None) -> dict[str, Any]:
    mark_due_states([task])
    return {
        "task": task,
        "account": task.account,
        "comments": selectors.task_comments(task=task),
        "comment_form": comment_form or CommentForm(),
        "can_work": can_work_on_task(request.user, task),
    }


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One task with its comments."""
    task = selectors.task_get(user=request.user, pk=pk)
    return render(request, "tasks/task_detail.html", _detail_context(request, task))


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new task on an account (whoever may see it)."""
    account = account_selectors.account_get(user=request.user, pk=pk)
    if not can_create_task(request.user, account):
        raise PermissionDenied(_("You may not create tasks on this account."))
    form = TaskForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(
                account=account, created_by=typing.cast("User", request.user), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Task “%(title)s” created.") % {"title": task.title})
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "account": account, "task": None})


@login_required
@require_http_methods(["GET", "POST"])
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a task (who may work on it)."""
    task = selectors.task_get(user=request.user, pk=pk)
    if not can_work_on_task(request.user, task):
        raise PermissionDenied(_("You may not change this task."))
    form = TaskForm(request.POST or None, instance=task, account=task.account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        task.refresh_from_db()
        try:
            services.task_update(task=task, changed_by=typing.cast("User", request.user), **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Task saved."))
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "account": task.account, "task": task})


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a task done; htmx gets the task's row (or card) back, others the task page."""
    task = selectors.task_get(user=request.user, pk=pk)
    if not can_work_on_task(request.user, task):
        raise PermissionDenied(_("You may not complete this task."))
    error = ""
    try:
        services.task_complete(task=task, user=typing.cast("User", request.user))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if is_partial(request):
        mark_due_states([task])
        return render(request, "tasks/_task_row.html", {"task": task, "error": error}, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Task “%(title)s” done.") % {"title": task.title})
    return redirect("tasks:detail", pk=task.pk)


@login_required
@require_POST
def task_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comment; htmx gets the comment list back."""
    task = selectors.task_get(user=request.user, pk=pk)
    if not can_work_on_task(request.user, task):
        raise PermissionDenied(_("You may not comment on this task."))
    form = CommentForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.task_comment_add(
                task=task, author=typing.cast("User", request.user), text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error("text", exc.messages)
            status = 400
        else:
            form = CommentForm()
    else:
        status = 400
    if is_partial(request):
        return render(request, "tasks/_comments.html", _detail_context(request, task, form), status=status)
    if status == 200:
        messages.success(request, _("Comment added."))
        return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/task_detail.html", _detail_context(request, task, form), status=status)
