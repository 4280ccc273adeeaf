import pytest

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.tests.factories import ContactFactory
from kam.users.choices import Department, Role
from kam.users.tests.factories import UserFactory


@pytest.fixture
def account(kam_user, member_user):
    """An account owned by ``kam_user`` with ``member_user`` on its team (finance)."""
    account = AccountFactory.create(owner=kam_user, name="Acme Maschinenbau GmbH")
    AccountTeamMemberFactory.create(account=account, user=member_user, department=Department.FINANCE)
    return account


@pytest.fixture
def contact(account):
    return ContactFactory.create(account=account, first_name="Eva", last_name="Einkauf")


@pytest.fixture
def outsider(db):
    """A KAM who neither owns the account nor is on its team."""
    return UserFactory.create(role=Role.KAM, username="outsider")
