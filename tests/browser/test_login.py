"""A user signs in, sees the account list, signs out; a wrong password is refused."""

from __future__ import annotations

import re

import pytest

from kam.accounts.tests.factories import AccountFactory
from kam.users.tests.factories import PASSWORD, UserFactory
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_shows_own_accounts_and_logout(page):
    kam = UserFactory(username="klara", role="kam")
    AccountFactory(name="Müller Automotive AG", owner=kam)
    AccountFactory(name="Hidden Chemie GmbH")
    login(page, "klara", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    assert page.get_by_text("Müller Automotive AG").count() >= 1
    assert page.get_by_text("Hidden Chemie GmbH").count() == 0
    page.locator("button.kam-user-btn").click()  # the user menu holds "Log out"
    page.locator("form[action='/logout/'] button").first.click()
    page.wait_for_url(re.compile(r"/login/"))


def test_wrong_password_is_refused(page):
    UserFactory(username="klara", role="kam")
    login(page, "klara", "wrong-password")
    assert "/login/" in page.url
    assert page.locator("#id_password").count() == 1
