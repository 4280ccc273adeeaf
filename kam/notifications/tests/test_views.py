import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kam.notifications.models import Notification
from kam.notifications.services import notification_create
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_list_shows_only_own_notifications_and_the_unread_count(client, kam_user):
    notification_create(user=kam_user, title="Call Müller AG", url="/accounts/1/")
    notification_create(user=UserFactory.create(), title="Someone else's")
    client.force_login(kam_user)
    response = client.get(reverse("notifications:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Call Müller AG" in body
    assert "Someone else" not in body
    assert 'text-bg-danger">1<' in body


def test_mark_one_and_all_read(client, kam_user):
    first = notification_create(user=kam_user, title="one")
    notification_create(user=kam_user, title="two")
    client.force_login(kam_user)
    assert client.post(reverse("notifications:read"), {"id": first.pk}).status_code == 302
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("title", flat=True)) == ["two"]
    client.post(reverse("notifications:read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_open_marks_read_and_follows_the_link(client, kam_user):
    notification = notification_create(user=kam_user, title="one", url="/accounts/7/")
    client.force_login(kam_user)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_never_redirects_off_site(client, kam_user):
    notification = notification_create(user=kam_user, title="one", url="https://evil.example/")
    client.force_login(kam_user)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_denied_another_users_notification(client, kam_user):
    other = notification_create(user=UserFactory.create(), title="theirs")
    client.force_login(kam_user)
    assert client.post(reverse("notifications:open", args=[other.pk])).status_code == 404
    assert client.post(reverse("notifications:read"), {"id": other.pk}).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_bad_id_is_a_400(client, kam_user):
    client.force_login(kam_user)
    assert client.post(reverse("notifications:read"), {"id": "x"}).status_code == 400


def test_anonymous_is_sent_to_login(client):
    for name, method in (("notifications:list", "get"), ("notifications:read", "post")):
        response = getattr(client, method)(reverse(name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_the_navigation_caps_the_unread_count_without_counting(client, kam_user):
    Notification.objects.bulk_create([Notification(user=kam_user, title=f"n{i}") for i in range(101)])
    client.force_login(kam_user)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("calendars:settings")).content.decode()
    assert 'text-bg-danger">99+<' in body
    nav_reads = [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]
    assert not [sql for sql in nav_reads if "COUNT(" in sql.upper()]
    assert any("LIMIT 100" in sql.upper() for sql in nav_reads)
