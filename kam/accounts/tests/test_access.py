import pytest

from kam.accounts.access import can_edit_account, can_view_account, restrict_to_accounts, visible_accounts
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.models import Contact
from kam.contacts.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(kam_user, member_user):
    owned = AccountFactory(name="Owned", owner=kam_user)
    on_team = AccountFactory(name="OnTeam")
    AccountTeamMemberFactory(account=on_team, user=kam_user)
    member_of = AccountFactory(name="MemberOf")
    AccountTeamMemberFactory(account=member_of, user=member_user)
    other = AccountFactory(name="Other")
    return {"owned": owned, "on_team": on_team, "member_of": member_of, "other": other}


def names(qs):
    return sorted(a.name for a in qs)


def test_kam_sees_owned_and_team_accounts(kam_user, portfolio):
    assert names(visible_accounts(kam_user)) == ["OnTeam", "Owned"]
    assert can_view_account(kam_user, portfolio["owned"])
    assert not can_view_account(kam_user, portfolio["other"])


def test_team_member_sees_only_team_accounts(member_user, portfolio):
    assert names(visible_accounts(member_user)) == ["MemberOf"]
    assert not can_edit_account(member_user, portfolio["member_of"])


def test_team_member_owning_an_account_does_not_see_it(member_user, portfolio):
    portfolio["other"].owner = member_user
    portfolio["other"].save()
    assert names(visible_accounts(member_user)) == ["MemberOf"]


def test_head_and_admin_see_all(head_user, admin_user, portfolio):
    assert len(names(visible_accounts(head_user))) == 4
    assert len(names(visible_accounts(admin_user))) == 4
    assert can_edit_account(head_user, portfolio["other"])


def test_inactive_user_sees_nothing(kam_user, portfolio):
    kam_user.is_active = False
    kam_user.save()
    assert names(visible_accounts(kam_user)) == []


def test_restrict_related_rows(kam_user, portfolio):
    ContactFactory(account=portfolio["owned"], last_name="Visible")
    ContactFactory(account=portfolio["other"], last_name="Hidden")
    qs = restrict_to_accounts(Contact.objects.all(), kam_user)
    assert [c.last_name for c in qs] == ["Visible"]


def test_kam_edits_only_visible_accounts(kam_user, portfolio):
    assert can_edit_account(kam_user, portfolio["on_team"])
    assert not can_edit_account(kam_user, portfolio["other"])
