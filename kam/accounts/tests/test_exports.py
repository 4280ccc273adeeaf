"""Account export: the access rule, the list filters, CSV and Excel in the import layout."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from kam.accounts.importers import ACCOUNT_COLUMNS
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.core.importing.table import column_names

pytestmark = pytest.mark.django_db

URL = reverse("accounts:export", args=["csv"])


@pytest.fixture
def portfolio(kam_user, member_user):
    group = AccountFactory(external_id="G1", name="Group", tier="key")
    owned = AccountFactory(external_id="A1", name="Owned", owner=kam_user, parent=group, tier="key", employees=10)
    team = AccountFactory(external_id="A2", name="Team", tier="growth")
    AccountTeamMemberFactory(account=team, user=member_user)
    AccountFactory(external_id="A3", name="Other", tier="key")
    return {"group": group, "owned": owned, "team": team}


def rows(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_anonymous_is_sent_to_login(client, portfolio):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_unknown_format_is_404(client, head_user, portfolio):
    client.force_login(head_user)
    assert client.get(reverse("accounts:export", args=["pdf"])).status_code == 404


def test_kam_exports_only_their_accounts(client, kam_user, portfolio):
    client.force_login(kam_user)
    response = client.get(URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="accounts-' in response["Content-Disposition"]
    data = rows(response)
    assert [r["external_id"] for r in data] == ["A1"]
    assert data[0] == {
        **dict.fromkeys(column_names(ACCOUNT_COLUMNS), ""),
        "external_id": "A1",
        "name": "Owned",
        "parent_external_id": "G1",
        "industry": "automotive",
        "employees": "10",
        "city": "Stuttgart",
        "country": "DE",
        "tier": "key",
        "owner_username": "kam-user",
    }


def test_team_member_exports_only_their_accounts(client, member_user, portfolio):
    client.force_login(member_user)
    assert [r["external_id"] for r in rows(client.get(URL))] == ["A2"]


def test_head_exports_all_with_filters(client, head_user, portfolio):
    client.force_login(head_user)
    assert sorted(r["external_id"] for r in rows(client.get(URL))) == ["A1", "A2", "A3", "G1"]
    assert sorted(r["external_id"] for r in rows(client.get(URL, {"tier": "key"}))) == ["A1", "A3", "G1"]
    assert [r["external_id"] for r in rows(client.get(URL, {"q": "owned"}))] == ["A1"]
    assert [r["external_id"] for r in rows(client.get(URL, {"tier": ["key"], "ordering": "name", "q": "o"}))] == [
        "G1",
        "A3",
        "A1",
    ]


def test_filters_narrow_the_kams_export_too(client, kam_user, portfolio):
    client.force_login(kam_user)
    assert rows(client.get(URL, {"tier": "growth"})) == []


def test_invalid_filter_is_400_with_message(client, head_user, portfolio):
    client.force_login(head_user)
    response = client.get(URL, {"tier": "premium"})
    assert response.status_code == 400
    assert "tier" in response.content.decode()


def test_xlsx_export(client, kam_user, portfolio):
    client.force_login(kam_user)
    response = client.get(reverse("accounts:export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    values = list(sheet.values)
    assert list(values[0]) == column_names(ACCOUNT_COLUMNS)
    assert [v[0] for v in values[1:]] == ["A1"]
