import pytest

from kam.users.choices import Role
from kam.users.tests.factories import UserFactory
from tests.api.support import assert_error, token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/users/"
ME = "/api/v1/users/me/"


@pytest.mark.parametrize("role_user", ["admin_user", "head_user", "kam_user", "member_user"])
def test_everyone_reads_themselves(request, role_user):
    user = request.getfixturevalue(role_user)
    body = token_client(user).get(ME).json()
    assert body["id"] == user.pk
    assert body["username"] == user.username
    assert body["role"] == user.role
    assert body["full_name"] == str(user)
    assert "password" not in body


def test_anonymous_has_no_me(db):
    assert_error(token_client(None).get(ME), 401)
    assert_error(token_client(None).get(LIST), 401)


@pytest.mark.parametrize("role_user", ["admin_user", "head_user"])
def test_head_and_admin_list_and_read_users(request, role_user, kam_user, member_user):
    client = token_client(request.getfixturevalue(role_user))
    body = client.get(LIST).json()
    assert {row["username"] for row in body["results"]} >= {"kam-user", "member-user"}
    assert client.get(f"{LIST}{member_user.pk}/").json()["username"] == "member-user"


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_kam_and_member_may_not_list_users(request, role_user, head_user):
    user = request.getfixturevalue(role_user)
    client = token_client(user)
    assert_error(client.get(LIST), 403)
    assert_error(client.get(f"{LIST}{head_user.pk}/"), 404)
    assert client.get(f"{LIST}{user.pk}/").json()["id"] == user.pk


def test_user_filters(head_user, kam_user, member_user):
    UserFactory.create(username="gone", role=Role.KAM, is_active=False)
    client = token_client(head_user)

    def usernames(params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return sorted(row["username"] for row in response.json()["results"])

    assert usernames({"role": "kam"}) == ["gone", "kam-user"]
    assert usernames({"role": "kam", "is_active": "true"}) == ["kam-user"]
    assert usernames({"q": "member"}) == ["member-user"]
    assert_error(client.get(LIST, {"role": "boss"}), 400, "role")
    assert_error(client.get(LIST, {"ordering": "password"}), 400, "ordering")


def test_users_api_is_read_only(head_user, kam_user):
    client = token_client(head_user)
    assert_error(client.post(LIST, {"username": "new"}), 405)
    assert_error(client.patch(f"{LIST}{kam_user.pk}/", {"role": "admin"}), 405)
    assert_error(client.delete(f"{LIST}{kam_user.pk}/"), 405)
    kam_user.refresh_from_db()
    assert kam_user.role == Role.KAM
