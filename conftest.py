"""Test set-up shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from kam.users.choices import Role


def pytest_configure(config: pytest.Config) -> None:
    """Tests render templates without a collected static manifest and hash passwords fast."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A German request in one test must not leave German active for the next."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def admin_user(db):  # type: ignore[no-untyped-def]
    from kam.users.tests.factories import UserFactory

    return UserFactory(role=Role.ADMIN, username="admin-user", is_staff=True)


@pytest.fixture
def head_user(db):  # type: ignore[no-untyped-def]
    from kam.users.tests.factories import UserFactory

    return UserFactory(role=Role.HEAD_OF_KAM, username="head-user")


@pytest.fixture
def kam_user(db):  # type: ignore[no-untyped-def]
    from kam.users.tests.factories import UserFactory

    return UserFactory(role=Role.KAM, username="kam-user")


@pytest.fixture
def member_user(db):  # type: ignore[no-untyped-def]
    from kam.users.tests.factories import UserFactory

    return UserFactory(role=Role.TEAM_MEMBER, username="member-user")
