"""Calendar pages: the subscription settings, the personal feed (by secret URL), one meeting as .ics."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kam.calendars import ical, selectors, services
from kam.calendars.models import CalendarFeedToken

ICS_TYPE = "text/calendar; charset=utf-8"


def _settings_context(request: HttpRequest, feed_url: str = "") -> dict[str, object]:
    feed = CalendarFeedToken.objects.filter(user=request.user).first()  # type: ignore[misc]
    return {"feed": feed, "feed_url": feed_url}


@login_required
@require_GET
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Whether the user has a feed, when it was made and last fetched; buttons to make a new one or revoke it."""
    return render(request, "calendars/settings.html", _settings_context(request))


@login_required
@require_POST
def calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    """Make a new secret feed URL and show it this once."""
    token = services.calendar_feed_regenerate(user=request.user)  # type: ignore[arg-type]
    url = request.build_absolute_uri(reverse("calendars:feed", args=[token]))
    messages.success(request, _("Your new calendar URL is ready. An older one no longer works."))
    return render(request, "calendars/settings.html", _settings_context(request, feed_url=url))


@login_required
@require_POST
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    """Revoke the feed URL: calendars subscribed to it get nothing more."""
    if services.calendar_feed_revoke(user=request.user):  # type: ignore[arg-type]
        messages.success(request, _("Your calendar URL is revoked."))
    else:
        messages.info(request, _("You had no calendar URL."))
    return redirect("calendars:settings")


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal iCalendar feed behind a secret URL: 404 for an unknown or revoked secret."""
    feed = selectors.feed_for_token(token=token)
    if feed is None:
        raise Http404("No such calendar.")
    user = feed.user
    codes = {code for code, _name in settings.LANGUAGES}
    with translation.override(user.language if user.language in codes else settings.LANGUAGE_CODE):
        body = ical.feed_calendar(
            name=_("KAM · %(user)s") % {"user": user},
            activities=selectors.feed_activities(user=user),
            tasks=selectors.feed_tasks(user=user),
        )
    services.calendar_feed_touch(feed=feed)
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = 'inline; filename="kam.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting, visit or review the user may see, as an .ics file to add to a calendar."""
    activity = selectors.meeting_get(user=request.user, pk=pk)
    response = HttpResponse(ical.meeting_calendar(activity), content_type=ICS_TYPE)
    name = slugify(f"{activity.start:%Y-%m-%d} {activity.account.name}")[:80] or "meeting"
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response
