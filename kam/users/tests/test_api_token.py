from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def status_with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/users/me/").status_code


def test_prints_a_token_that_authenticates(kam_user):
    key = run("kam-user")
    assert len(key) == 40
    assert Token.objects.get(user=kam_user).key == key
    assert status_with(key) == 200
    assert run("kam-user") == key


def test_rotate_replaces_the_key(kam_user):
    old = run("kam-user")
    new = run("kam-user", "--rotate")
    assert new != old
    assert status_with(old) == 401
    assert status_with(new) == 200


def test_revoke_ends_api_access(kam_user):
    key = run("kam-user")
    assert "Revoked" in run("kam-user", "--revoke")
    assert status_with(key) == 401
    assert not Token.objects.filter(user=kam_user).exists()
    assert "no API token" in run("kam-user", "--revoke")


def test_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="No user"):
        run("nobody")


def test_inactive_user_gets_no_token(kam_user):
    kam_user.is_active = False
    kam_user.save()
    with pytest.raises(CommandError, match="inactive"):
        run("kam-user")
    assert not Token.objects.exists()


def test_rotate_and_revoke_exclude_each_other(kam_user):
    with pytest.raises(CommandError):
        run("kam-user", "--rotate", "--revoke")


def test_token_of_a_deactivated_user_stops_working(kam_user):
    key = run("kam-user")
    kam_user.is_active = False
    kam_user.save()
    assert status_with(key) == 401
