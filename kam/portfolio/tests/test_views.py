"""The portfolio pages: overview, analysed accounts (list, export), matrix, refresh.

Candidates, ratings, the card, comparison and settings: test_views_decisions.py.
Data: the ``pages`` fixture in conftest.py (values 600 / 300 / 100).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.urls import reverse

from kam.portfolio import page_selectors
from kam.portfolio.choices import RunKind
from kam.portfolio.models import PortfolioRun
from kam.portfolio.tests.conftest import last_month_end

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def json_data(page: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no json_script {element_id}"
    return json.loads(match.group(1))


# --- anonymous ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("portfolio:overview", [], "get"),
        ("portfolio:refresh", [], "post"),
        ("portfolio:entries", [], "get"),
        ("portfolio:export", ["csv"], "get"),
        ("portfolio:matrix", [], "get"),
        ("portfolio:candidates", [], "get"),
        ("portfolio:decide", ["pk"], "post"),
        ("portfolio:ratings", ["pk"], "get"),
        ("portfolio:ratings", ["pk"], "post"),
        ("portfolio:card", ["pk"], "get"),
        ("portfolio:compare", [], "get"),
        ("portfolio:snapshot", [], "post"),
        ("portfolio:settings", [], "get"),
    ],
)
def test_anonymous_is_sent_to_login(client, pages, name, args, method):
    url = reverse(name, args=[pages["own"].pk if a == "pk" else a for a in args])
    response = getattr(client, method)(url, {"year": 2024, "basis": "revenue", "level": "group"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert PortfolioRun.objects.count() == 1


# --- overview ----------------------------------------------------------------------------


def test_overview_shows_the_stored_summary_to_the_head(client, head_user, pages):
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:overview")))
    assert re.search(r'data-kpi="accounts">3<', page)
    assert re.search(r'data-kpi="total">€1,000<', page)
    assert "60.0% of value · 33.3% of customers" in page  # class A
    assert "10.0% of value · 33.3% of customers" in page  # class C
    # grid: one account in AX, BY and C without XYZ class (so a "–" column), links to the filtered list
    assert re.search(
        r'data-cell="AX"><a href="/portfolio/accounts/\?basis=revenue&amp;level=group&amp;abc=A&amp;xyz=X"', page
    )
    assert re.search(r'data-cell="C-"><a [^>]*>1</a>', page)
    assert re.search(r'data-cell="AY"><span class="text-body-secondary">0', page)
    pareto = json_data(page, "pareto-data")
    assert pareto["points"][1] == [33.33, 60.0]
    assert (pareto["a"], pareto["b"]) == (80.0, 95.0)
    assert 'data-candidates="promote">▲ 1<' in page
    assert "limited to your accounts" not in page
    assert "Refresh now" in page  # the head may refresh any time
    assert "out of date" not in page


def test_overview_of_a_kam_covers_only_their_accounts(client, kam_user, pages):
    client.force_login(kam_user)
    page = html(client.get(reverse("portfolio:overview")))
    assert "limited to your accounts" in page
    assert re.search(r'data-kpi="accounts">1<', page)
    assert re.search(r'data-kpi="total">€600<', page)
    assert "100.0% of value · 100.0% of customers" in page
    assert "Refresh now" not in page
    assert "€1,000" not in page


def test_overview_without_a_run_says_so_and_offers_a_refresh_to_the_head(client, head_user, kam_user):
    client.force_login(kam_user)
    page = html(client.get(reverse("portfolio:overview")))
    assert "has not been analysed yet" in page
    assert "Refresh now" not in page
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:overview")))
    assert "has not been analysed yet" in page
    assert f'action="{reverse("portfolio:refresh")}"' in page


def test_overview_warns_when_a_month_has_ended_since_the_run(client, head_user, pages):
    run = pages["run"]
    run.period_end = last_month_end() - dt.timedelta(days=40)
    run.save()
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:overview")))
    assert "it is out of date" in page
    assert "btn-warning" in page  # the refresh button of the warning


def test_run_is_outdated_only_for_current_runs_missing_a_month():
    run = PortfolioRun(kind=RunKind.CURRENT, period_end=dt.date(2025, 4, 30))
    assert not page_selectors.run_is_outdated(run, today=dt.date(2025, 5, 31))
    assert page_selectors.run_is_outdated(run, today=dt.date(2025, 6, 1))
    run.kind = RunKind.SNAPSHOT
    assert not page_selectors.run_is_outdated(run, today=dt.date(2026, 6, 1))


def test_overview_htmx_returns_only_the_results(client, head_user, pages, pages_snapshot):
    client.force_login(head_user)
    url = reverse("portfolio:overview") + f"?basis=revenue&level=group&snapshot={pages_snapshot.label}"
    response = client.get(url, HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page
    assert f"Snapshot {pages_snapshot.label}" in page
    assert "Refresh now" not in page  # snapshots are not refreshed
    assert "HX-Request" in response["Vary"]


def test_overview_names_a_missing_snapshot_and_falls_back_on_bad_values(client, head_user, pages):
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:overview") + "?snapshot=1999"))
    assert "Current analysis" in page  # 1999 is no choice: the current run
    page = html(client.get(reverse("portfolio:overview") + "?basis=margin&level=group"))
    assert "has not been analysed yet" in page
    assert '<option value="margin" selected>' in page
    page = html(client.get(reverse("portfolio:overview") + "?basis=bogus"))
    assert re.search(r'data-kpi="accounts">3<', page)


# --- refresh -----------------------------------------------------------------------------


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_only_head_and_admin_refresh(client, pages, role_user, request):
    client.force_login(request.getfixturevalue(role_user))
    response = client.post(reverse("portfolio:refresh"), {"basis": "revenue", "level": "group"})
    assert response.status_code == 403
    assert list(PortfolioRun.objects.values_list("pk", flat=True)) == [pages["run"].pk]


def test_refresh_replaces_the_current_run(client, head_user, pages):
    client.force_login(head_user)
    response = client.post(reverse("portfolio:refresh"), {"basis": "revenue", "level": "group"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:overview") + "?basis=revenue&level=group"
    run = PortfolioRun.objects.get()
    assert run.pk == pages["run"].pk
    assert run.computed_at > pages["run"].computed_at
    assert (run.kind, run.basis, run.level, run.computed_by) == (RunKind.CURRENT, "revenue", "group", head_user)
    assert run.period_end == last_month_end()


def test_refresh_with_an_unknown_basis_changes_nothing(client, admin_user, pages):
    client.force_login(admin_user)
    response = client.post(reverse("portfolio:refresh"), {"basis": "profit", "level": "group"}, follow=True)
    assert "Choose a basis and a level" in html(response)
    assert list(PortfolioRun.objects.values_list("pk", flat=True)) == [pages["run"].pk]


def test_refresh_is_post_only(client, head_user, pages):
    client.force_login(head_user)
    assert client.get(reverse("portfolio:refresh")).status_code == 405


# --- analysed accounts -------------------------------------------------------------------


def test_entry_list_shows_every_row_to_the_head(client, head_user, pages):
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:entries")))
    assert "3 accounts" in page
    names = re.findall(r'<td class="name-cell"><a href="/accounts/\d+/">([^<]+)</a>', page)
    assert names == ["Own Alpha AG", "Other Gamma KG", "Team Beta GmbH"]
    assert "€600" in page
    assert "60.00%" in page
    assert "+18.0%" in page
    assert 'class="pf-class pf-class-a"' in page
    assert 'title="Promote">▲' in page  # Own Alpha: standard, computed key


@pytest.mark.parametrize(("role_user", "visible"), [("kam_user", "Own Alpha AG"), ("member_user", "Team Beta GmbH")])
def test_entry_list_of_others_holds_only_their_accounts(client, pages, role_user, visible, request):
    client.force_login(request.getfixturevalue(role_user))
    page = html(client.get(reverse("portfolio:entries")))
    names = re.findall(r'<td class="name-cell"><a href="/accounts/\d+/">([^<]+)</a>', page)
    assert names == [visible]
    assert "1 account" in page


def test_entry_list_filters_sorts_and_swaps_with_htmx(client, head_user, pages):
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:entries") + "?abc=B&abc=C&ordering=-name", HTTP_HX_REQUEST="true"))
    assert "<html" not in page
    names = re.findall(r'<td class="name-cell"><a href="/accounts/\d+/">([^<]+)</a>', page)
    assert names == ["Team Beta GmbH", "Other Gamma KG"]
    page = html(client.get(reverse("portfolio:entries") + "?xyz=-"))
    assert re.findall(r'<td class="name-cell"><a href="/accounts/\d+/">([^<]+)</a>', page) == ["Team Beta GmbH"]
    page = html(client.get(reverse("portfolio:entries") + "?q=nothing-like-this"))
    assert "No accounts match these filters." in page


def test_entry_export_carries_filters_and_access(client, kam_user, head_user, pages):
    client.force_login(head_user)
    response = client.get(reverse("portfolio:export", args=["csv"]) + "?basis=revenue&level=group&abc=A&abc=B")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["rank", "external_id", "account", "owner", "value"]
    assert [(r[0], r[2], r[9]) for r in rows[1:]] == [("1", "Own Alpha AG", "A"), ("2", "Other Gamma KG", "B")]
    client.force_login(kam_user)
    response = client.get(reverse("portfolio:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == ["Own Alpha AG"]
    response = client.get(reverse("portfolio:export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("portfolio:export", args=["csv"]) + "?abc=Q").status_code == 400
    assert client.get(reverse("portfolio:export", args=["pdf"])).status_code == 404


def test_entry_list_without_run_shows_the_empty_state(client, kam_user):
    client.force_login(kam_user)
    page = html(client.get(reverse("portfolio:entries")))
    assert "has not been analysed yet" in page
    assert "<table" not in page


# --- matrix ------------------------------------------------------------------------------


def test_matrix_plots_the_visible_accounts(client, head_user, kam_user, pages):
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:matrix")))
    chart = json_data(page, "matrix-data")
    assert [p["name"] for p in chart["points"]] == ["Own Alpha AG", "Other Gamma KG", "Team Beta GmbH"]
    own = chart["points"][0]
    assert own == {
        "x": 72.5, "y": 64.0, "revenue": 600.0, "value": 600.0, "name": "Own Alpha AG",
        "url": f"/accounts/{pages['own'].pk}/", "quadrant": "key_account", "cls": "AX",
    }  # fmt: skip
    assert chart["points"][2]["cls"] == "C–"
    assert (chart["split_x"], chart["split_y"]) == (50.0, 50.0)
    assert chart["quadrants"]["develop"] == "Develop"
    assert "3 accounts" in page
    # the table fallback lists each quadrant's accounts
    assert re.search(r'id="q-maintain">.*?Other Gamma KG', page, re.S)
    client.force_login(kam_user)
    page = html(client.get(reverse("portfolio:matrix")))
    assert [p["name"] for p in json_data(page, "matrix-data")["points"]] == ["Own Alpha AG"]
    assert "Other Gamma KG" not in page


def test_matrix_caps_the_bubbles_and_says_so(client, head_user, pages, monkeypatch):
    monkeypatch.setattr(page_selectors, "MATRIX_LIMIT", 2)
    monkeypatch.setattr(page_selectors.matrix_points, "__defaults__", (2,))
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:matrix")))
    assert [p["name"] for p in json_data(page, "matrix-data")["points"]] == ["Own Alpha AG", "Other Gamma KG"]
    assert "The 2 largest of 3 accounts by value" in page


def test_matrix_filters_by_class(client, head_user, pages):
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:matrix") + "?abc=C", HTTP_HX_REQUEST="true"))
    assert "<html" not in page
    assert [p["name"] for p in json_data(page, "matrix-data")["points"]] == ["Team Beta GmbH"]
    page = html(client.get(reverse("portfolio:matrix") + "?abc=B&xyz=X"))
    assert "No accounts to plot" in page
