"""Writes on users."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from kam.users.choices import Department, Role
from kam.users.models import User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: Role = Role.TEAM_MEMBER,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    department: Department | str = "",
    validate: bool = True,
) -> User:
    """Create a user with a role; the password is validated unless ``validate`` is off.

    Administrators get the Django admin with all permissions (staff and superuser).
    """
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        department=department,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password is None:
        user.set_unusable_password()
    else:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def api_token_get(*, user: User) -> str:
    """The user's API token key, created on first use."""
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return str(token.key)


@transaction.atomic
def api_token_rotate(*, user: User) -> str:
    """Replace the user's API token with a new one; the old key stops working at once."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    return str(Token.objects.create(user=user).key)


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    """Delete the user's API token; returns whether there was one."""
    from rest_framework.authtoken.models import Token

    deleted, _counts = Token.objects.filter(user=user).delete()
    return deleted > 0
