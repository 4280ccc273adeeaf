import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kam.accounts.models import Account, AccountTeamMember
from kam.accounts.services import account_update, revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.services import contact_delete, contact_update
from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.products.tests.factories import ProductFactory, ProductLineFactory
from kam.users.choices import Department
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


@pytest.fixture
def portfolio(kam_user, member_user):
    owned = AccountFactory.create(name="Owned AG", owner=kam_user, tier="key")
    on_team = AccountFactory.create(name="OnTeam GmbH")
    AccountTeamMemberFactory.create(account=on_team, user=kam_user)
    member_of = AccountFactory.create(name="MemberOf SE", owner=kam_user)
    AccountTeamMemberFactory.create(account=member_of, user=member_user, department=Department.FINANCE)
    other = AccountFactory.create(name="Other KG")
    return {"owned": owned, "on_team": on_team, "member_of": member_of, "other": other}


def html(response):
    return response.content.decode()


# --- anonymous -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("accounts:list", [], "get"),
        ("accounts:create", [], "get"),
        ("accounts:lookup", [], "get"),
        ("accounts:detail", ["pk"], "get"),
        ("accounts:update", ["pk"], "get"),
        ("accounts:delete", ["pk"], "post"),
        ("accounts:history", ["pk"], "get"),
        ("accounts:team_add", ["pk"], "post"),
    ],
)
def test_anonymous_is_sent_to_login(client, portfolio, name, args, method):
    pk = portfolio["owned"].pk
    url = reverse(name, args=[pk if a == "pk" else a for a in args])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Account.objects.filter(pk=pk).exists()


# --- list ------------------------------------------------------------------------------


def test_list_shows_only_visible_accounts(client, kam_user, member_user, head_user, portfolio):
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:list")))
    assert "Owned AG" in page
    assert "OnTeam GmbH" in page
    assert "MemberOf SE" in page
    assert "Other KG" not in page
    client.force_login(member_user)
    page = html(client.get(reverse("accounts:list")))
    assert "MemberOf SE" in page
    assert "Owned AG" not in page
    client.force_login(head_user)
    page = html(client.get(reverse("accounts:list")))
    assert all(name in page for name in ("Owned AG", "OnTeam GmbH", "MemberOf SE", "Other KG"))


def test_list_create_button_only_for_who_may_create(client, kam_user, head_user, portfolio):
    client.force_login(kam_user)
    assert reverse("accounts:create") not in html(client.get(reverse("accounts:list")))
    client.force_login(head_user)
    assert reverse("accounts:create") in html(client.get(reverse("accounts:list")))


def test_list_filters_search_and_sorts(client, head_user, portfolio):
    client.force_login(head_user)
    page = html(client.get(reverse("accounts:list"), {"tier": "key"}))
    assert "Owned AG" in page
    assert "Other KG" not in page
    page = html(client.get(reverse("accounts:list"), {"q": "onteam"}))
    assert "OnTeam GmbH" in page
    assert "Owned AG" not in page
    page = html(client.get(reverse("accounts:list"), {"ordering": "-name"}))
    assert page.index("Owned AG") < page.index("MemberOf SE")
    assert 'data-sort="descending"' in page


def test_list_sorts_by_revenue(client, head_user, portfolio):
    OrderLineFactory.create(
        account=portfolio["other"], date=datetime.date(THIS_YEAR - 1, 5, 1), net_revenue=Decimal(900)
    )
    OrderLineFactory.create(
        account=portfolio["owned"], date=datetime.date(THIS_YEAR - 1, 5, 1), net_revenue=Decimal(100)
    )
    revenue_summary_refresh()
    client.force_login(head_user)
    page = html(client.get(reverse("accounts:list"), {"ordering": "-revenue_last_year"}))
    assert page.index("Other KG") < page.index("Owned AG") < page.index("MemberOf SE")


def test_list_paginates_50_and_keeps_filters_in_page_links(client, head_user):
    AccountFactory.create_batch(55, tier="growth")
    AccountFactory.create(name="Standard one")
    client.force_login(head_user)
    response = client.get(reverse("accounts:list"), {"tier": "growth"})
    page = html(response)
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.count == 55
    assert "?tier=growth&amp;page=2" in page
    second = client.get(reverse("accounts:list"), {"tier": "growth", "page": "2"})
    assert len(second.context["page"].object_list) == 5


def test_list_export_links_carry_the_filters(client, head_user, portfolio):
    client.force_login(head_user)
    page = html(client.get(reverse("accounts:list") + "?tier=key&q=Own&page=2"))
    assert reverse("accounts:export", args=["csv"]) + '?tier=key&amp;q=Own"' in page
    assert reverse("accounts:export", args=["xlsx"]) + '?tier=key&amp;q=Own"' in page


def test_list_htmx_request_returns_only_the_table(client, head_user, portfolio):
    client.force_login(head_user)
    response = client.get(reverse("accounts:list"), {"tier": "key"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert '<nav class="navbar' not in page
    assert "<table" in page
    assert "Owned AG" in page
    assert "Other KG" not in page
    assert "HX-Request" in response["Vary"]
    full = html(client.get(reverse("accounts:list"), {"tier": "key"}))
    assert "<html" in full
    assert 'id="results"' in full
    assert 'hx-push-url="true"' in full


def test_list_history_restore_gets_the_full_page(client, head_user, portfolio):
    client.force_login(head_user)
    response = client.get(reverse("accounts:list"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in html(response)


def test_list_empty_state(client, head_user):
    client.force_login(head_user)
    assert "No accounts yet." in html(client.get(reverse("accounts:list")))
    AccountFactory.create(name="Alpha")
    assert "No accounts match these filters." in html(client.get(reverse("accounts:list"), {"q": "zzz"}))


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(client, kam_user, django_assert_max_num_queries):
    owners = UserFactory.create_batch(3)
    parent = AccountFactory.create(name="Parent")
    for i in range(5):
        AccountFactory.create(owner=owners[i % 3], parent=parent)
    client.force_login(kam_user)
    Account.objects.update(owner=kam_user)
    small = _list_queries(client, reverse("accounts:list"))
    for i in range(60):
        account = AccountFactory.create(owner=kam_user, parent=parent)
        OrderLineFactory.create(account=account, date=datetime.date(THIS_YEAR - 1, 1, 1 + i % 28))
    revenue_summary_refresh()
    large = _list_queries(client, reverse("accounts:list") + "?ordering=-revenue_last_year")
    assert large == small
    with django_assert_max_num_queries(8):
        client.get(reverse("accounts:list"), {"tier": "standard", "owner": kam_user.pk, "page": 2})


def test_list_money_in_german_and_english(client, head_user):
    account = AccountFactory.create(name="Big Spender")
    OrderLineFactory.create(account=account, date=datetime.date(THIS_YEAR - 1, 2, 1), net_revenue=Decimal("1234567.40"))
    revenue_summary_refresh()
    client.force_login(head_user)
    german = html(client.get(reverse("accounts:list"), HTTP_ACCEPT_LANGUAGE="de"))
    assert "1.234.567\u00a0€" in german
    english = html(client.get(reverse("accounts:list"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "€1,234,567" in english


def test_list_ignores_invalid_filter_values(client, head_user, portfolio):
    client.force_login(head_user)
    response = client.get(reverse("accounts:list"), {"owner": "999999", "page": "x"})
    assert response.status_code == 200
    assert "Owned AG" in html(response)


# --- 360° page -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "account", "status"),
    [
        ("kam_user", "owned", 200),
        ("kam_user", "on_team", 200),
        ("kam_user", "other", 404),
        ("member_user", "member_of", 200),
        ("member_user", "owned", 404),
        ("head_user", "other", 200),
        ("admin_user", "other", 200),
    ],
)
def test_detail_access(client, request, portfolio, who, account, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("accounts:detail", args=[portfolio[account].pk]))
    assert response.status_code == status


def test_detail_edit_buttons_only_for_who_may(client, kam_user, member_user, head_user, portfolio):
    account = portfolio["member_of"]
    edit, delete = reverse("accounts:update", args=[account.pk]), reverse("accounts:delete", args=[account.pk])
    client.force_login(member_user)
    page = html(client.get(reverse("accounts:detail", args=[account.pk])))
    assert edit not in page
    assert delete not in page
    assert reverse("accounts:team_add", args=[account.pk]) not in page
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:detail", args=[account.pk])))
    assert edit in page
    assert delete not in page
    assert reverse("accounts:team_add", args=[account.pk]) in page
    client.force_login(head_user)
    page = html(client.get(reverse("accounts:detail", args=[account.pk])))
    assert edit in page
    assert delete in page


@pytest.fixture
def group(kam_user):
    """Holding > Account > (Plant A, Plant B > Unit); the KAM owns Account and Plant A only."""
    holding = AccountFactory.create(name="Holding AG")
    account = AccountFactory.create(name="Account GmbH", parent=holding, owner=kam_user, legal_form="gmbh")
    plant_a = AccountFactory.create(name="Plant A", parent=account, owner=kam_user)
    plant_b = AccountFactory.create(name="Plant B", parent=account)
    unit = AccountFactory.create(name="Unit", parent=plant_b, owner=kam_user)
    line = ProductLineFactory.create(name="Hydraulics")
    product = ProductFactory.create(name="Pump 3000", product_line=line)
    OrderLineFactory.create(account=account, product=product, date=datetime.date(THIS_YEAR - 1, 3, 1), net_revenue=1000)
    OrderLineFactory.create(account=plant_a, product=product, date=datetime.date(THIS_YEAR - 1, 3, 1), net_revenue=500)
    OrderLineFactory.create(account=plant_b, product=product, date=datetime.date(THIS_YEAR - 1, 3, 1), net_revenue=250)
    revenue_summary_refresh()
    return {"holding": holding, "account": account, "plant_a": plant_a, "plant_b": plant_b, "unit": unit}


def test_detail_shows_group_structure_and_revenue_roll_up(client, kam_user, group):
    client.force_login(kam_user)
    response = client.get(reverse("accounts:detail", args=[group["account"].pk]))
    page = html(response)
    assert "Holding AG" in page  # the parent chain is the account's own data
    assert reverse("accounts:detail", args=[group["holding"].pk]) not in page  # but not visible to this KAM
    assert reverse("accounts:detail", args=[group["plant_a"].pk]) in page
    assert reverse("accounts:detail", args=[group["unit"].pk]) in page  # hung below the account
    assert "Plant B" not in page
    assert "1 further subsidiary is not shown" in page
    chart = response.context["revenue_chart"]
    assert chart["labels"][-2] == str(THIS_YEAR - 1)
    assert chart["datasets"][0]["data"][-2] == 1000.0
    assert chart["datasets"][1]["data"][-2] == 1750.0  # own + all subsidiaries
    assert response.context["kpi"]["group_last_year"] == Decimal("1750.00")
    assert 'id="revenue-data"' in page
    assert 'data-chart="bar"' in page
    assert "<script>" not in page.replace('<script id="revenue-data" type="application/json">', "")


def test_detail_shows_product_lines_top_products_contacts_team(client, kam_user, member_user, group):
    account = group["account"]
    boss = ContactFactory.create(account=account, first_name="Berta", last_name="Boss", buying_role="decision_maker")
    ContactFactory.create(account=account, first_name="Karl", last_name="Klein", reports_to=boss, attitude="critical")
    AccountTeamMemberFactory.create(account=account, user=member_user, department=Department.FINANCE)
    client.force_login(kam_user)
    response = client.get(reverse("accounts:detail", args=[account.pk]))
    page = html(response)
    assert response.context["pl_table"][0]["line"] == "Hydraulics"
    assert "Pump 3000" in page
    assert "Berta Boss" in page
    assert "Decision maker" in page
    assert "kam-attitude-critical" in page
    assert reverse("contacts:detail", args=[boss.pk]) in page
    assert str(member_user) in page
    assert "Finance" in page
    for title in ("Opportunities", "Contracts", "Feedback", "KPIs & health"):
        assert title in page
    assert page.count("Coming soon") == 4
    assert reverse("activities:timeline", args=[account.pk]) in page  # the timeline follows with htmx
    assert reverse("plans:account_card", args=[account.pk]) in page  # the plan card follows with htmx


def test_list_owner_filter_names_owners_as_everywhere_else(client, head_user):
    named = UserFactory.create(username="kkoch", first_name="Karla", last_name="Koch & Co", role="kam")
    unnamed = UserFactory.create(username="nobody-named", first_name="", last_name="", role="kam")
    UserFactory.create(username="teamonly", role="team_member")
    client.force_login(head_user)
    page = html(client.get(reverse("accounts:list"), {"owner": named.pk}))
    assert f'<option value="{named.pk}" selected>Karla Koch &amp; Co</option>' in page
    assert f'<option value="{unnamed.pk}">nobody-named</option>' in page
    assert "teamonly" not in page
    assert str(named) == "Karla Koch & Co"


def test_detail_product_lines_cover_three_years_and_top_products_the_last_two(client, head_user):
    account = AccountFactory.create(name="Buyer AG")
    pumps, fittings = ProductLineFactory.create(name="Pumps"), ProductLineFactory.create(name="Fittings")
    pump = ProductFactory.create(name="Pump 1", product_line=pumps)
    valve = ProductFactory.create(name="Valve 2", product_line=fittings)
    seal = ProductFactory.create(name="Seal 3", product_line=fittings)
    for year, product, revenue in [
        (THIS_YEAR - 3, pump, 5000),  # too old for both
        (THIS_YEAR - 2, seal, 900),  # in the chart only
        (THIS_YEAR - 1, pump, 100),
        (THIS_YEAR - 1, valve, 60),
        (THIS_YEAR, valve, 70),
        (THIS_YEAR, pump, 20),
    ]:
        OrderLineFactory.create(account=account, product=product, date=datetime.date(year, 2, 1), net_revenue=revenue)
    client.force_login(head_user)
    response = client.get(reverse("accounts:detail", args=[account.pk]))
    table = {row["line"]: row["values"] for row in response.context["pl_table"]}
    assert table == {"Fittings": [Decimal("900"), Decimal("60"), Decimal("70")], "Pumps": [0, Decimal("100"), 20]}
    assert [row["line"] for row in response.context["pl_table"]] == ["Fittings", "Pumps"]  # 1030 before 120
    assert response.context["pl_totals"] == [Decimal("900"), Decimal("160"), Decimal("90")]
    top = [(row["product__name"], row["revenue"]) for row in response.context["top_products"]]
    assert top == [("Valve 2", Decimal("130")), ("Pump 1", Decimal("120"))]
    page = html(response)
    assert page.index("Valve 2") < page.index("Pump 1")
    assert "Seal 3" not in page


def test_detail_empty_states(client, head_user):
    account = AccountFactory.create(name="Fresh")
    client.force_login(head_user)
    page = html(client.get(reverse("accounts:detail", args=[account.pk])))
    assert "No revenue yet" in page
    assert "No contacts yet" in page
    assert "Not part of a group" in page


def _grow(account, kam_user, n):
    for i in range(n):
        contact = ContactFactory.create(account=account, reports_to=None)
        contact_update(contact=contact, function=f"Role {i}")
        AccountTeamMemberFactory.create(account=account)
        OrderLineFactory.create(account=account, date=datetime.date(THIS_YEAR, 1, 1 + i))
        account_update(account=account, owner=UserFactory.create(), city=f"City {i}")
    account_update(account=account, owner=kam_user)
    revenue_summary_refresh()


def _history_section(client, account, **headers):
    """The 360° page's history section as the page loads it (htmx, right after the page)."""
    url = reverse("accounts:history", args=[account.pk])
    return client.get(url, {"part": "latest"}, HTTP_HX_REQUEST="true", **headers)


def test_detail_query_count_does_not_grow(client, kam_user, group, django_assert_max_num_queries):
    account = group["account"]
    client.force_login(kam_user)
    url = reverse("accounts:detail", args=[account.pk])
    _grow(account, kam_user, 2)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    with CaptureQueriesContext(connection) as small_history:
        _history_section(client, account)
    _grow(account, kam_user, 15)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    with CaptureQueriesContext(connection) as large_history:
        history = _history_section(client, account)
    assert len(response.context["contacts"]) == 17
    assert history.context["history"].has_more
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_history.captured_queries) == len(small_history.captured_queries)
    with django_assert_max_num_queries(14):
        client.get(url)
    with django_assert_max_num_queries(10):
        _history_section(client, account)


def test_detail_loads_its_history_section_after_the_page(client, kam_user, group):
    """The page has no history entries of its own: htmx fetches the section on load; without
    JavaScript the card links to the history page."""
    account = group["account"]
    account_update(account=account, city="Bremen")
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:detail", args=[account.pk])))
    history_url = reverse("accounts:history", args=[account.pk])
    assert f'hx-get="{history_url}?part=latest" hx-trigger="load"' in page
    assert f'<a href="{history_url}">Show the change history</a>' in page
    assert "kam-history-item" not in page
    section = _history_section(client, account)
    assert "<html" not in html(section)
    assert 'id="history-list"' in html(section)
    assert html(section).count("kam-history-item") == 2  # the creation and the change
    assert "Stuttgart</del> → <ins>Bremen</ins>" in html(section)
    assert "HX-Request" in section["Vary"]


def test_history_section_of_an_account_without_changes_says_so(client, head_user):
    account = AccountFactory.create(name="Quiet AG")
    Account.history.filter(id=account.pk).delete()  # e.g. created before the history was kept
    client.force_login(head_user)
    section = html(_history_section(client, account))
    assert "No changes recorded yet" in section
    assert "history-list" not in section


def test_history_section_shows_ten_entries_and_more_on_demand(client, kam_user, group):
    account = group["account"]
    for i in range(12):
        account_update(account=account, employees=200 + i)
    client.force_login(kam_user)
    section = html(_history_section(client, account))
    assert section.count("kam-history-item") == 10
    assert "211</ins>" in section  # the latest change first
    assert "?offset=10" in section


def test_history_section_needs_access(client, member_user, group):
    client.force_login(member_user)
    assert _history_section(client, group["account"]).status_code == 404


def test_detail_history_shows_who_changed_what(client, kam_user, group):
    account = group["account"]
    client.force_login(kam_user)
    client.post(
        reverse("accounts:update", args=[account.pk]),
        {**_form_data(account), "city": "Bremen", "tier": "growth"},
    )
    contact = ContactFactory.create(account=account, first_name="Eva", last_name="Ernst")
    contact_update(contact=contact, function="Head of purchasing")
    page = html(_history_section(client, account))
    assert "Stuttgart</del> → <ins>Bremen</ins>" in page
    assert "Growth account</ins>" in page
    assert str(kam_user) in page
    assert "Eva Ernst" in page
    assert "Head of purchasing</ins>" in page


def test_detail_history_links_only_contacts_still_on_the_account(client, kam_user, group):
    account = group["account"]
    client.force_login(kam_user)
    kept = ContactFactory.create(account=account, first_name="Kai", last_name="Kept")
    contact_update(contact=kept, function="Buyer")
    gone = ContactFactory.create(account=account, first_name="Gina", last_name="Gone")
    contact_update(contact=gone, function="Engineer")
    gone_pk = gone.pk
    contact_delete(contact=gone)
    response = _history_section(client, account)
    entries = {e.object_label: e for e in response.context["history"].entries}
    assert entries["Kai Kept"].url == reverse("contacts:detail", args=[kept.pk])
    assert entries["Gina Gone"].url == ""
    page = html(response)
    assert reverse("contacts:detail", args=[kept.pk]) in page
    assert reverse("contacts:detail", args=[gone_pk]) not in page


def test_history_partial_pages_with_show_more(client, kam_user, group):
    account = group["account"]
    for i in range(25):
        account_update(account=account, employees=100 + i)
    client.force_login(kam_user)
    url = reverse("accounts:history", args=[account.pk])
    first = client.get(url, HTTP_HX_REQUEST="true")
    page = html(first)
    assert "<html" not in page
    assert page.count("kam-history-item") == 20
    assert "?offset=20" in page
    assert "124</ins>" in page
    rest = html(client.get(url, {"offset": 20}, HTTP_HX_REQUEST="true"))
    assert rest.count("kam-history-item") == 6  # 5 changes + the creation
    assert "?offset=40" not in rest
    assert "<html" in html(client.get(url))


def test_history_needs_access(client, member_user, group):
    client.force_login(member_user)
    assert client.get(reverse("accounts:history", args=[group["account"].pk])).status_code == 404


# --- create / update / delete -----------------------------------------------------------


def _form_data(account, **changes):
    data = {
        "external_id": account.external_id or "",
        "name": account.name,
        "legal_form": account.legal_form,
        "parent": account.parent_id or "",
        "industry": account.industry,
        "employees": account.employees or "",
        "street": account.street,
        "postal_code": account.postal_code,
        "city": account.city,
        "country": account.country.code if account.country else "",
        "website": account.website,
        "tier": account.tier,
        "owner": account.owner_id or "",
    }
    data.update(changes)
    return data


def test_create_by_head(client, head_user, kam_user):
    client.force_login(head_user)
    assert client.get(reverse("accounts:create")).status_code == 200
    response = client.post(
        reverse("accounts:create"),
        {"name": "Neu GmbH", "tier": "key", "owner": kam_user.pk, "country": "DE", "external_id": ""},
    )
    account = Account.objects.get(name="Neu GmbH")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:detail", args=[account.pk])
    assert account.owner == kam_user
    assert account.external_id is None
    assert account.history.first().history_user == head_user


def test_create_shows_inline_errors(client, head_user):
    client.force_login(head_user)
    response = client.post(reverse("accounts:create"), {"name": "", "tier": "nonsense"})
    page = html(response)
    assert response.status_code == 200
    assert "Nothing was saved: please correct the marked fields." in page
    assert "is-invalid" in page
    assert "This field is required." in page
    assert not Account.objects.exists()


@pytest.mark.parametrize("who", ["kam_user", "member_user"])
def test_create_denied(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:create")).status_code == 403
    assert client.post(reverse("accounts:create"), {"name": "X", "tier": "key"}).status_code == 403
    assert not Account.objects.exists()


def test_update_by_owner(client, kam_user, portfolio):
    account = portfolio["owned"]
    client.force_login(kam_user)
    assert client.get(reverse("accounts:update", args=[account.pk])).status_code == 200
    response = client.post(reverse("accounts:update", args=[account.pk]), _form_data(account, city="Köln"))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.city == "Köln"


@pytest.mark.parametrize(("who", "account", "status"), [("kam_user", "other", 404), ("member_user", "member_of", 403)])
def test_update_denied(client, request, portfolio, who, account, status):
    target = portfolio[account]
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:update", args=[target.pk])).status_code == status
    assert client.post(reverse("accounts:update", args=[target.pk]), _form_data(target, city="X")).status_code == status
    target.refresh_from_db()
    assert target.city == "Stuttgart"


def test_update_parent_cycle_is_a_form_error(client, head_user, group):
    holding = group["holding"]
    client.force_login(head_user)
    response = client.post(reverse("accounts:update", args=[holding.pk]), _form_data(holding, parent=group["unit"].pk))
    assert response.status_code == 200
    assert "cannot be its own parent or ancestor" in html(response)
    holding.refresh_from_db()
    assert holding.parent_id is None


def test_update_keeps_a_parent_the_kam_cannot_see(client, kam_user, group):
    account = group["account"]
    client.force_login(kam_user)
    form = client.get(reverse("accounts:update", args=[account.pk])).context["form"]
    assert group["holding"] in form.fields["parent"].queryset
    client.post(reverse("accounts:update", args=[account.pk]), _form_data(account, city="Kiel"))
    account.refresh_from_db()
    assert account.parent_id == group["holding"].pk
    assert account.city == "Kiel"


def test_parent_select_becomes_a_lookup_for_many_accounts(client, head_user, monkeypatch):
    monkeypatch.setattr("kam.accounts.forms.LOOKUP_THRESHOLD", 3)
    AccountFactory.create_batch(5)
    client.force_login(head_user)
    page = html(client.get(reverse("accounts:create")))
    assert reverse("accounts:lookup") in page
    assert "data-lookup" in page
    parent_select = re.search(r'<select name="parent".*?</select>', page, re.S)
    assert parent_select is not None
    assert parent_select.group(0).count("<option") == 1


def test_delete_by_head(client, head_user, portfolio):
    account = portfolio["other"]
    client.force_login(head_user)
    assert "Yes, delete" in html(client.get(reverse("accounts:delete", args=[account.pk])))
    response = client.post(reverse("accounts:delete", args=[account.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:list")
    assert not Account.objects.filter(pk=account.pk).exists()


def test_delete_account_with_order_lines_explains_instead_of_failing(client, head_user, portfolio):
    account = portfolio["other"]
    OrderLineFactory.create(account=account)
    client.force_login(head_user)
    assert "cannot be deleted because it has order lines" in html(
        client.get(reverse("accounts:delete", args=[account.pk]))
    )
    response = client.post(reverse("accounts:delete", args=[account.pk]), follow=True)
    assert response.status_code == 200
    assert "cannot be deleted because it has order lines" in html(response)
    assert Account.objects.filter(pk=account.pk).exists()


@pytest.mark.parametrize(("who", "account", "status"), [("kam_user", "owned", 403), ("kam_user", "other", 404)])
def test_delete_denied(client, request, portfolio, who, account, status):
    target = portfolio[account]
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("accounts:delete", args=[target.pk])).status_code == status
    assert Account.objects.filter(pk=target.pk).exists()


def test_delete_denied_for_team_member(client, member_user, portfolio):
    client.force_login(member_user)
    assert client.post(reverse("accounts:delete", args=[portfolio["member_of"].pk])).status_code == 403


# --- team ------------------------------------------------------------------------------


def test_team_add_and_remove_by_owner(client, kam_user, portfolio):
    account = portfolio["owned"]
    colleague = UserFactory.create(username="colleague")
    client.force_login(kam_user)
    response = client.post(
        reverse("accounts:team_add", args=[account.pk]), {"user": colleague.pk, "department": "customer_service"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#team")
    member = AccountTeamMember.objects.get(account=account, user=colleague)
    assert member.department == "customer_service"
    response = client.post(reverse("accounts:team_remove", args=[account.pk, member.pk]))
    assert response.status_code == 302
    assert not AccountTeamMember.objects.filter(pk=member.pk).exists()


def test_team_add_form_is_loaded_on_demand(client, kam_user, portfolio):
    account = portfolio["owned"]
    colleague = UserFactory.create(username="colleague", first_name="Carla", last_name="Colleague")
    url = reverse("accounts:team_add", args=[account.pk])
    client.force_login(kam_user)
    detail = html(client.get(reverse("accounts:detail", args=[account.pk])))
    assert f'hx-get="{url}"' in detail
    assert f'value="{colleague.pk}"' not in detail  # no user options on the 360° page itself
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in html(fragment)
    assert re.search(rf'<option value="{colleague.pk}">[^<]*Colleague', html(fragment))
    assert f'<option value="{kam_user.pk}"' in html(fragment)
    page = client.get(url)  # without JavaScript: a page of its own
    assert "<html" in html(page)
    assert f'action="{url}"' in html(page)
    assert re.search(rf'<option value="{colleague.pk}">', html(page))


def test_team_add_form_leaves_out_current_members(client, kam_user, member_user, portfolio):
    client.force_login(kam_user)
    fragment = html(client.get(reverse("accounts:team_add", args=[portfolio["member_of"].pk]), HTTP_HX_REQUEST="true"))
    assert f'<option value="{member_user.pk}"' not in fragment
    assert f'<option value="{kam_user.pk}"' in fragment


def test_team_add_form_denied(client, kam_user, member_user, portfolio):
    client.force_login(member_user)
    assert client.get(reverse("accounts:team_add", args=[portfolio["member_of"].pk])).status_code == 403
    client.force_login(kam_user)
    assert client.get(reverse("accounts:team_add", args=[portfolio["other"].pk])).status_code == 404
    client.logout()
    response = client.get(reverse("accounts:team_add", args=[portfolio["owned"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_team_add_invalid_says_why(client, kam_user, portfolio):
    client.force_login(kam_user)
    response = client.post(reverse("accounts:team_add", args=[portfolio["owned"].pk]), {"department": "x"}, follow=True)
    assert "Nobody was added" in html(response)
    assert not AccountTeamMember.objects.filter(account=portfolio["owned"]).exists()


def test_team_changes_denied(client, kam_user, member_user, portfolio):
    colleague = UserFactory.create(username="colleague")
    client.force_login(member_user)
    account = portfolio["member_of"]
    assert (
        client.post(reverse("accounts:team_add", args=[account.pk]), {"user": colleague.pk, "department": "sales"})
    ).status_code == 403
    member = AccountTeamMember.objects.get(account=account, user=member_user)
    assert client.post(reverse("accounts:team_remove", args=[account.pk, member.pk])).status_code == 403
    client.force_login(kam_user)
    other = portfolio["other"]
    assert (
        client.post(reverse("accounts:team_add", args=[other.pk]), {"user": colleague.pk, "department": "sales"})
    ).status_code == 404
    # GET only shows the form, even with the fields in the query string
    url = reverse("accounts:team_add", args=[portfolio["owned"].pk])
    assert client.get(url, {"user": colleague.pk, "department": "sales"}).status_code == 200
    assert client.put(url, {"user": colleague.pk, "department": "sales"}).status_code == 405
    assert AccountTeamMember.objects.filter(pk=member.pk).exists()
    assert not AccountTeamMember.objects.filter(user=colleague).exists()


def test_team_remove_of_another_accounts_member_is_404(client, kam_user, portfolio):
    member = AccountTeamMember.objects.get(account=portfolio["member_of"])
    client.force_login(kam_user)
    response = client.post(reverse("accounts:team_remove", args=[portfolio["owned"].pk, member.pk]))
    assert response.status_code == 404
    assert AccountTeamMember.objects.filter(pk=member.pk).exists()


# --- lookup ----------------------------------------------------------------------------


def test_lookup_offers_only_visible_or_editable_accounts(client, kam_user, member_user, portfolio):
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:lookup"), {"q": "G"}))
    assert "OnTeam GmbH" in page
    assert "Owned AG" in page
    assert "Other KG" not in page
    client.force_login(member_user)
    assert "MemberOf SE" in html(client.get(reverse("accounts:lookup"), {"lookup_q": "SE"}))
    assert "MemberOf SE" not in html(client.get(reverse("accounts:lookup"), {"q": "SE", "editable": "1"}))


def test_german_page_uses_german_formats(client, head_user, portfolio):
    client.force_login(head_user)
    with translation.override("de"):
        response = client.get(reverse("accounts:detail", args=[portfolio["owned"].pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="de">' in html(response)


def test_detail_loads_the_portfolio_card_after_the_page(client, kam_user, portfolio):
    account = portfolio["owned"]
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:detail", args=[account.pk])))
    card_url = reverse("portfolio:card", args=[account.pk])
    assert f'hx-get="{card_url}"' in page
    card = client.get(card_url, headers={"HX-Request": "true"})
    assert card.status_code == 200
    assert "portfolio-title" in card.content.decode()
