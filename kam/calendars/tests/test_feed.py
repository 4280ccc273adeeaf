import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.activities.choices import ActivityKind
from kam.activities.tests.factories import ActivityFactory
from kam.calendars.tests.strict_ics import check_calendar, unescape
from kam.tasks.choices import TaskStatus
from kam.tasks.tests.factories import TaskFactory
from kam.users.choices import Department, Role
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
SOON = datetime.datetime.now(tz=BERLIN).replace(microsecond=0) + datetime.timedelta(days=7)


def _feed_url(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("calendars:regenerate"))
    assert response.status_code == 200
    match = re.search(r'value="(https?://[^"]+\.ics)"', response.content.decode())
    assert match
    client.logout()
    return match[1].split("testserver", 1)[1]


@pytest.fixture
def setting(kam_user, member_user):
    """An account of ``kam_user`` with ``member_user`` on its team (finance) and one it is not on."""
    member_user.department = Department.FINANCE
    member_user.save()
    mine = AccountFactory.create(owner=kam_user, name="Acme; Berlin, GmbH")
    AccountTeamMemberFactory.create(account=mine, user=member_user, department=Department.FINANCE)
    other = AccountFactory.create(name="Elsewhere AG")
    return mine, other


def _meeting(account, user, **kwargs):
    activity = ActivityFactory.create(account=account, kind=ActivityKind.MEETING, **kwargs)
    activity.participants.add(user)
    return activity


def test_feed_holds_own_meetings_and_due_tasks_strictly_valid(client, setting, member_user):
    mine, other = setting
    meeting = _meeting(
        mine,
        member_user,
        start=SOON,
        end=SOON + datetime.timedelta(hours=2),
        subject="Jahresgespräch",
        location="Werk 2",
    )
    _meeting(mine, UserFactory.create(), start=SOON)  # not a participant
    _meeting(other, member_user, start=SOON)  # an account the user may not see
    ActivityFactory.create(account=mine, kind=ActivityKind.CALL, start=SOON).participants.add(member_user)
    own = TaskFactory.create(account=mine, assignee=member_user, due_date=SOON.date())
    department = TaskFactory.create(account=mine, assignee=None, department=Department.FINANCE, due_date=SOON.date())
    TaskFactory.create(account=other, assignee=None, department=Department.FINANCE, due_date=SOON.date())
    TaskFactory.create(account=mine, assignee=member_user, due_date=SOON.date(), status=TaskStatus.DONE)
    url = _feed_url(client, member_user)

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = check_calendar(response.content)
    events = cal.walk("VEVENT")
    uids = sorted(e.need("UID").value.split("@")[0] for e in events)
    assert uids == sorted([f"kam-activity-{meeting.pk}", f"kam-task-{own.pk}", f"kam-task-{department.pk}"])
    event = next(e for e in events if "activity" in e.need("UID").value)
    assert event.need("DTSTART").params["TZID"] == "Europe/Berlin"
    assert event.need("DTSTART").value == SOON.strftime("%Y%m%dT%H%M%S")
    assert event.need("DTEND").value == (SOON + datetime.timedelta(hours=2)).strftime("%Y%m%dT%H%M%S")
    assert unescape(event.need("SUMMARY").value) == "Jahresgespräch · Acme; Berlin, GmbH"
    assert unescape(event.need("LOCATION").value) == "Werk 2"
    task_event = next(e for e in events if e.need("UID").value.startswith(f"kam-task-{own.pk}@"))
    assert task_event.need("DTSTART").value == SOON.strftime("%Y%m%d")
    assert task_event.need("DTEND").value == (SOON + datetime.timedelta(days=1)).strftime("%Y%m%d")


def test_a_meeting_without_end_lasts_an_hour(client, setting, kam_user):
    mine, _other = setting
    _meeting(mine, kam_user, start=SOON)
    cal = check_calendar(client.get(_feed_url(client, kam_user)).content)
    (event,) = cal.walk("VEVENT")
    assert event.need("DTEND").value == (SOON + datetime.timedelta(hours=1)).strftime("%Y%m%dT%H%M%S")


def test_a_new_url_replaces_the_old_and_revoking_ends_it(client, kam_user):
    first = _feed_url(client, kam_user)
    assert client.get(first).status_code == 200
    second = _feed_url(client, kam_user)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.force_login(kam_user)
    assert client.post(reverse("calendars:revoke")).status_code == 302
    client.logout()
    assert client.get(second).status_code == 404


def test_unknown_token_and_inactive_user_are_404(client, kam_user):
    assert client.get(reverse("calendars:feed", args=["x" * 43])).status_code == 404
    url = _feed_url(client, kam_user)
    kam_user.is_active = False
    kam_user.save()
    assert client.get(url).status_code == 404


def test_settings_page_never_shows_the_secret_again(client, kam_user):
    url = _feed_url(client, kam_user)
    client.force_login(kam_user)
    page = client.get(reverse("calendars:settings")).content.decode()
    assert url.rsplit("/", 1)[1] not in page
    assert "You have a calendar URL since" in page


def test_meeting_ics_for_whoever_may_see_it(client, setting, kam_user):
    mine, _other = setting
    meeting = _meeting(mine, UserFactory.create(), start=SOON, end=SOON + datetime.timedelta(minutes=30))
    client.force_login(kam_user)
    response = client.get(reverse("calendars:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    cal = check_calendar(response.content)
    assert len(cal.walk("VEVENT")) == 1
    assert {tz.need("TZID").value for tz in cal.walk("VTIMEZONE")} == {"Europe/Berlin"}


def test_meeting_ics_denied(client, setting, kam_user):
    mine, other = setting
    hidden = _meeting(other, UserFactory.create(), start=SOON)
    call = ActivityFactory.create(account=mine, kind=ActivityKind.CALL, start=SOON)
    outsider = UserFactory.create(role=Role.KAM)
    client.force_login(outsider)
    assert client.get(reverse("calendars:meeting", args=[hidden.pk])).status_code == 404
    client.force_login(kam_user)
    assert client.get(reverse("calendars:meeting", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("calendars:meeting", args=[call.pk])).status_code == 404


def test_anonymous_cannot_manage_feeds_or_download_meetings(client, setting, kam_user):
    mine, _other = setting
    meeting = _meeting(mine, kam_user, start=SOON)
    for name, method, args in (
        ("calendars:settings", "get", []),
        ("calendars:regenerate", "post", []),
        ("calendars:revoke", "post", []),
        ("calendars:meeting", "get", [meeting.pk]),
    ):
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_activity_page_offers_the_ics_for_meetings_only(client, setting, kam_user):
    mine, _other = setting
    meeting = _meeting(mine, kam_user, start=SOON)
    call = ActivityFactory.create(account=mine, kind=ActivityKind.CALL, start=SOON)
    client.force_login(kam_user)
    ics = reverse("calendars:meeting", args=[meeting.pk])
    assert ics in client.get(reverse("activities:detail", args=[meeting.pk])).content.decode()
    page = client.get(reverse("activities:detail", args=[call.pk])).content.decode()
    assert reverse("calendars:meeting", args=[call.pk]) not in page
