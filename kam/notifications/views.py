"""Notification pages: the list, mark read, open one (marks it read and follows its link)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kam.core.pagination import paginate
from kam.notifications import selectors, services


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first; ``?unread=1`` shows only unread ones."""
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, selectors.notification_list(user=request.user, unread_only=unread_only))
    context = {"page": page, "unread_only": unread_only, "unread": selectors.unread_count(user=request.user)}
    return render(request, "notifications/notification_list.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or all of them (no ``id``) read."""
    raw = request.POST.get("id", "")
    if raw and not raw.isdigit():
        return HttpResponseBadRequest(_("The notification id must be a number."))
    ids = [int(raw)] if raw else None
    count = services.notification_mark_read(
        user=request.user,  # type: ignore[arg-type]
        notification_ids=ids,
    )
    if ids is None:
        messages.success(request, _("All notifications are marked read."))
    elif count == 0 and not selectors.notification_list(user=request.user).filter(pk=ids[0]).exists():
        raise Http404("No such notification.")
    return redirect("notifications:list")


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    notification = selectors.notification_list(user=request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    services.notification_mark_read(
        user=request.user,  # type: ignore[arg-type]
        notification_ids=[pk],
    )
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(target)
