import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kam.accounts.models import Account
from kam.accounts.services import account_update
from kam.accounts.tests.factories import AccountFactory
from kam.core.history import history_page
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_history_lists_field_changes_with_readable_values():
    owner = UserFactory.create(first_name="Olga", last_name="Owner")
    account = AccountFactory.create(name="Acme", tier="standard", city="Ulm")
    account_update(account=account, tier="key", owner=owner, city="Bonn")
    page = history_page([(Account.history.filter(id=account.pk), lambda r: r.name)])
    assert [e.action for e in page.entries] == ["~", "+"]
    changes = {c.label: (c.old, c.new) for c in page.entries[0].changes}
    assert changes == {
        "city": ("Ulm", "Bonn"),
        "tier": ("Standard account", "Key account"),
        "key account manager": ("–", "Olga Owner"),
    }
    assert page.entries[0].object_label == "Acme"
    assert not page.has_more


def test_history_pages_with_a_fixed_number_of_queries():
    account = AccountFactory.create()
    for i in range(30):
        account_update(account=account, employees=i + 1, owner=UserFactory.create())
    source = [(Account.history.filter(id=account.pk), lambda r: r.name)]
    with CaptureQueriesContext(connection) as ctx:
        page = history_page(source, offset=5, limit=10)
    assert len(page.entries) == 10
    assert page.has_more
    assert page.next_offset == 15
    assert page.entries[0].changes[0].new == "25"
    assert len(ctx.captured_queries) <= 3
