import datetime as dt
from typing import cast

import pytest
from django.contrib.auth import SESSION_KEY, get_user
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kam.users.backends import KamModelBackend
from kam.users.models import User
from kam.users.sessions import SessionStore
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_get_user_reads_the_same_user_as_the_orm():
    user = cast(User, UserFactory(first_name="Jörg", last_name="Ähm", last_login=timezone.now()))
    loaded = KamModelBackend().get_user(user.pk)
    expected = User.objects.get(pk=user.pk)
    assert loaded is not None
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded._state.adding is False
    assert loaded._state.db == "default"


def test_get_user_refuses_unknown_malformed_and_inactive():
    inactive = cast(User, UserFactory(is_active=False))
    backend = KamModelBackend()
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(999_999) is None
    assert backend.get_user("not a number") is None


def test_session_round_trip_and_expiry():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    key = store.session_key
    assert SessionStore(session_key=key)["answer"] == 42
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(session_key=key)
    assert expired.get("answer") is None
    assert expired.session_key is None  # an expired session is not taken up again
    assert SessionStore(session_key="no-such-session-key-at-all")._get_session_from_db() is None


def test_signed_in_requests_use_both(client: Client):
    user = cast(User, UserFactory(password="secret-Pass-1"))
    response = client.post(reverse("login"), {"username": user.username, "password": "secret-Pass-1"})
    assert response.status_code == 302
    response = client.get(reverse("accounts:list"))
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    session = SessionStore(session_key=client.session.session_key)
    assert int(session[SESSION_KEY]) == user.pk
    request = response.wsgi_request
    assert get_user(request) == user
    client.logout()
    assert client.get(reverse("accounts:list")).status_code == 302
