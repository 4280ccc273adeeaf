"""The Django admin is there for administrators, and only for them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory
from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.users.choices import Role
from kam.users.services import user_create

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:accounts_account_changelist",
    "admin:accounts_accountrevenueyear_changelist",
    "admin:contacts_contact_changelist",
    "admin:products_product_changelist",
    "admin:products_productline_changelist",
    "admin:orders_orderline_changelist",
    "admin:users_user_changelist",
]


@pytest.fixture
def data():
    line = OrderLineFactory(account=AccountFactory(name="Admin Test GmbH"))
    ContactFactory(account=line.account, last_name="Adminsicht")
    return line


@pytest.mark.parametrize("name", PAGES)
def test_administrator_sees_every_admin_list(client, data, name):
    admin = user_create(username="root", password="a-long-admin-password", role=Role.ADMIN)
    client.force_login(admin)
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_administrator_opens_account_with_history(client, data):
    admin = user_create(username="root", password="a-long-admin-password", role=Role.ADMIN)
    client.force_login(admin)
    response = client.get(reverse("admin:accounts_account_change", args=[data.account.pk]))
    assert response.status_code == 200
    assert b"Admin Test GmbH" in response.content
    history = client.get(reverse("admin:accounts_account_history", args=[data.account.pk]))
    assert history.status_code == 200


@pytest.mark.parametrize("role", [Role.HEAD_OF_KAM, Role.KAM, Role.TEAM_MEMBER])
def test_other_roles_are_sent_to_the_admin_login(client, data, role):
    user = user_create(username="someone", password="a-long-user-password", role=role)
    client.force_login(user)
    response = client.get(reverse("admin:accounts_account_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_anonymous_is_sent_to_the_admin_login(client, data):
    response = client.get(reverse("admin:orders_orderline_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
