import pytest

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.plans.tests.factories import AccountPlanFactory
from kam.users.choices import Role
from kam.users.tests.factories import UserFactory


@pytest.fixture
def account(kam_user, member_user):
    """An account owned by ``kam_user`` with ``member_user`` on its team."""
    account = AccountFactory.create(owner=kam_user, name="Acme Maschinenbau GmbH")
    AccountTeamMemberFactory.create(account=account, user=member_user)
    return account


@pytest.fixture
def plan(account, kam_user):
    return AccountPlanFactory.create(account=account, owner=kam_user, created_by=kam_user)


@pytest.fixture
def outsider(db):
    """A KAM who neither owns the account nor is on its team."""
    return UserFactory.create(role=Role.KAM, username="outsider")


@pytest.fixture
def second_head(db):
    return UserFactory.create(role=Role.HEAD_OF_KAM, username="second-head")
