"""An administrator imports a file in the browser: a bad file is refused with its errors, a good one lands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kam.accounts.models import Account
from kam.users.tests.factories import PASSWORD, UserFactory
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "external_id,name,industry,country,tier\n"


def upload(page, path: Path) -> None:
    page.goto("/imports/")
    page.select_option("select[name=entity]", "accounts")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r"/imports/[0-9a-f-]{36}/$"))


def test_bad_file_is_refused_and_good_file_imported(page, tmp_path):
    UserFactory(username="root-admin", role="admin", is_staff=True)
    login(page, "root-admin", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "C1,Alpha GmbH,automotive,DE,key\nC2,Beta AG,spaceships,DE,standard\n")
    upload(page, bad)
    assert page.get_by_text("The file was refused; nothing was written.").is_visible()
    issues = page.locator("table").first.inner_text()
    assert "3" in issues  # the row of the bad value (header is row 1)
    assert "industry" in issues
    assert "spaceships" in issues
    assert Account.objects.count() == 0
    assert page.get_by_role("button", name="Import now").count() == 0

    good = tmp_path / "good.csv"
    good.write_text(HEADER + "C1,Alpha GmbH,automotive,DE,key\nC2,Beta AG,chemicals,AT,standard\n")
    upload(page, good)
    assert page.locator("[data-count=created]").inner_text() == "2"
    assert Account.objects.count() == 0
    page.get_by_role("button", name="Import now").click()
    page.wait_for_load_state()
    assert sorted(Account.objects.values_list("name", flat=True)) == ["Alpha GmbH", "Beta AG"]

    page.goto("/accounts/")
    assert page.get_by_role("link", name="Beta AG").is_visible()


def test_key_account_manager_is_not_offered_the_import(page):
    """The 403 of /imports/ for non-admins is tested in kam/imports/tests/test_views.py."""
    UserFactory(username="klara", role="kam")
    login(page, "klara", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    assert page.get_by_role("link", name="Accounts").first.is_visible()
    assert page.get_by_role("link", name="Import").count() == 0
