"""Activity pages: log from the account 360° page, detail, edit, delete, the timeline."""

from __future__ import annotations

import typing

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kam.accounts import selectors as account_selectors
from kam.activities import selectors, services
from kam.activities.access import can_change_activity, can_log_activity
from kam.activities.forms import ActivityForm
from kam.activities.timeline import kind_choices, timeline_page
from kam.core.views import apply_service_errors, is_partial, offset_param

if typing.TYPE_CHECKING:
    from kam.users.models import User


def _timeline_url(account_pk: int) -> str:
    return reverse("accounts:detail", args=[account_pk]) + "#timeline"


@login_required
@require_http_methods(["GET", "POST"])
def activity_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Log an activity on an account (whoever may see it); the form loads into the 360° page with htmx."""
    account = account_selectors.account_get(user=request.user, pk=pk)
    if not can_log_activity(request.user, account):
        raise PermissionDenied(_("You may not log activities on this account."))
    initial = {"start": timezone.localtime().replace(second=0, microsecond=0), "participants": [request.user.pk]}
    form = ActivityForm(request.POST or None, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_log(
                account=account, created_by=typing.cast("User", request.user), **form.service_fields()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Activity logged."))
            return redirect(_timeline_url(account.pk))
    partial = is_partial(request) and request.method == "GET"
    template = "activities/_activity_form.html" if partial else "activities/activity_form.html"
    response = render(request, template, {"form": form, "account": account, "activity": None})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity: who was there, what was said, the next step and the tasks from it."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    context = {
        "activity": activity,
        "account": activity.account,
        "contacts": activity.contacts.select_related("account"),
        "participants": activity.participants.all(),
        "tasks": activity.tasks.select_related("assignee"),
        "can_change": can_change_activity(request.user, activity),
    }
    return render(request, "activities/activity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an activity (who logged it, or who may change the account)."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    if not can_change_activity(request.user, activity):
        raise PermissionDenied(_("You may not change this activity."))
    account = activity.account
    form = ActivityForm(request.POST or None, instance=activity, account=account)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        activity.refresh_from_db()
        try:
            services.activity_update(activity=activity, created_by=typing.cast("User", request.user), **fields)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "account": account, "activity": activity})


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an activity (who may change it); tasks from it stay."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    if not can_change_activity(request.user, activity):
        raise PermissionDenied(_("You may not delete this activity."))
    account_pk = activity.account_id
    if request.method == "POST":
        services.activity_delete(activity=activity)
        messages.success(request, _("Activity deleted."))
        return redirect(_timeline_url(account_pk))
    context = {
        "object": activity,
        "list_url": reverse("accounts:detail", args=[account_pk]),
        "list_label": activity.account.name,
        "cancel_url": reverse("activities:detail", args=[activity.pk]),
        "warning": _("The activity will be deleted; tasks created from it stay. This cannot be undone."),
        "blocked": "",
    }
    return render(request, "core/confirm_delete.html", context)


@login_required
@require_GET
def account_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The 360° page's timeline (htmx): the section, or more entries from ``?offset=``."""
    account = account_selectors.account_get(user=request.user, pk=pk, fields=("pk", "name", "owner"))
    kind = request.GET.get("kind", "")
    if kind not in {value for value, _label in kind_choices()}:
        kind = ""
    offset = offset_param(request)
    page = timeline_page(account, kind=kind, offset=offset)
    context = {
        "account": account,
        "timeline": page,
        "kinds": kind_choices(),
        "can_log": can_log_activity(request.user, account),
        "today": timezone.localdate(),
    }
    more = is_partial(request) and offset > 0
    template = "activities/_timeline_entries.html" if more else "activities/_timeline.html"
    if not is_partial(request):
        template = "activities/account_timeline.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
