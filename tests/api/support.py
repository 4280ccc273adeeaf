"""Helpers for API tests: clients that authenticate like an integration does."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.users.models import User


def token_client(user: User | None) -> APIClient:
    """An API client sending ``Authorization: Token <key>`` for ``user`` (anonymous for None)."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def make_portfolio(kam_user: User, member_user: User) -> dict[str, Any]:
    """Four accounts: owned by the KAM, KAM on the team, member on the team, unrelated."""
    owned = AccountFactory.create(name="Owned", owner=kam_user)
    on_team = AccountFactory.create(name="OnTeam")
    AccountTeamMemberFactory.create(account=on_team, user=kam_user)
    member_of = AccountFactory.create(name="MemberOf")
    AccountTeamMemberFactory.create(account=member_of, user=member_user)
    other = AccountFactory.create(name="Other")
    return {"owned": owned, "on_team": on_team, "member_of": member_of, "other": other}


def assert_error(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """The response is a JSON error of ``status`` (naming ``field`` when given); returns the body."""
    assert response.status_code == status, (response.status_code, getattr(response, "content", b"")[:500])
    body = response.json()
    assert set(body) == {"message", "errors"}, body
    assert isinstance(body["message"], str)
    assert body["message"]
    if field is not None:
        assert field in body["errors"], body
    return body
