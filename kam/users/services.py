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
    """Create a user with a role; the password is validated unless ``validate`` is off."""
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        department=department,
        is_staff=role == Role.ADMIN,
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
