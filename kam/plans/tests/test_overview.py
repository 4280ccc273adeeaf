"""The plans overview at /plans/: plans by status, accounts without an active plan, goals behind, list and export."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.plans import overview
from kam.plans.choices import GoalMetric, PlanStatus
from kam.plans.models import AccountPlan
from kam.plans.tests.factories import AccountPlanFactory, GoalFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("plans:list")


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def export_rows(response):
    assert response.status_code == 200, response.status_code
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def world(kam_user, member_user):
    """Accounts of the KAM (key, growth, standard tier), one of another KAM, plans and goals.

    Today is in the middle of every plan's period, so three quarters of a goal's time have passed.
    """
    today = datetime.date.today()
    start, end = today - datetime.timedelta(days=300), today + datetime.timedelta(days=100)
    key = AccountFactory.create(name="Kappa Key", tier="key", owner=kam_user, external_id="K-1")
    growth = AccountFactory.create(name="Gamma Growth", tier="growth", owner=kam_user)
    standard = AccountFactory.create(name="Alpha Standard", tier="standard", owner=kam_user)
    planned = AccountFactory.create(name="Planned Key", tier="key", owner=kam_user)
    AccountTeamMemberFactory.create(account=planned, user=member_user)
    foreign = AccountFactory.create(name="Foreign Key", tier="key")
    active = AccountPlanFactory.create(
        account=planned, status=PlanStatus.ACTIVE, period_start=start, period_end=end, title="Plan of Planned"
    )
    PlanVersionFactory.create(plan=active, number=1)
    behind = GoalFactory.create(plan=active, title="Ten new users", metric=GoalMetric.COUNT, baseline=Decimal(0),
                                target=Decimal(100), current_value=Decimal(10), due_date=end)  # fmt: skip
    GoalFactory.create(plan=active, title="On track count", metric=GoalMetric.COUNT, baseline=Decimal(0),
                       target=Decimal(100), current_value=Decimal(80), due_date=end)  # fmt: skip
    draft = AccountPlanFactory.create(account=key, status=PlanStatus.DRAFT, period_start=start, period_end=end)
    GoalFactory.create(plan=draft, title="Draft goal behind", metric=GoalMetric.COUNT, baseline=Decimal(0),
                       target=Decimal(100), current_value=Decimal(0), due_date=end)  # fmt: skip
    foreign_plan = AccountPlanFactory.create(account=foreign, status=PlanStatus.ACTIVE, period_start=start,
                                             period_end=end)  # fmt: skip
    GoalFactory.create(plan=foreign_plan, title="Foreign goal behind", metric=GoalMetric.COUNT,
                       baseline=Decimal(0), target=Decimal(100), current_value=Decimal(0), due_date=end)  # fmt: skip
    return {"key": key, "growth": growth, "standard": standard, "planned": planned, "foreign": foreign,
            "active": active, "draft": draft, "foreign_plan": foreign_plan, "behind": behind}  # fmt: skip


def test_anonymous_is_sent_to_login(client, world):
    for url in (LIST, reverse("plans:list_export", args=["csv"])):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_kam_sees_only_their_accounts(client, kam_user, world):
    client.force_login(kam_user)
    page = html(client.get(LIST))
    assert "Plan of Planned" in page
    assert "Foreign" not in page
    assert "Foreign goal behind" not in page


def test_outsider_sees_nothing(client, outsider, world):
    client.force_login(outsider)
    page = html(client.get(LIST))
    for name in ("Kappa Key", "Planned Key", "Foreign Key", "Ten new users"):
        assert name not in page
    assert export_rows(client.get(reverse("plans:list_export", args=["csv"]))) == []
    assert client.get(LIST, {"account": world["planned"].pk}).context["account"] is None


def test_accounts_without_active_plan_key_and_growth_first(kam_user, head_user, world):
    found = overview.accounts_without_active_plan(user=kam_user)
    assert [a.name for a in found.rows] == ["Kappa Key", "Gamma Growth", "Alpha Standard"]
    assert (found.total, found.by_tier) == (3, {"key": 1, "growth": 1, "standard": 1})
    assert found.rows[0].open_plan == world["draft"].pk
    assert found.rows[1].open_plan is None
    everyone = overview.accounts_without_active_plan(user=head_user, limit=2)
    assert [a.name for a in everyone.rows] == ["Kappa Key", "Gamma Growth"]
    assert everyone.total == 3  # Foreign and Planned have an active plan
    assert [a.name for a in overview.accounts_without_active_plan(user=kam_user, tiers=["growth"]).rows] == [
        "Gamma Growth"
    ]


def test_member_sees_only_accounts_they_are_on(member_user, world):
    assert overview.accounts_without_active_plan(user=member_user).total == 0
    assert list(overview.plan_rows(user=member_user)) == [world["active"]]


def test_goals_behind_only_of_active_visible_plans(client, kam_user, head_user, world):
    today = datetime.date.today()
    mine = overview.goals_behind(plans=overview.plan_rows(user=kam_user), today=today)
    assert [m.goal.title for m in mine.goals] == ["Ten new users"]
    assert (mine.plans_measured, mine.plans_total) == (1, 1)
    assert mine.goals[0].progress.percent == 10
    everyone = overview.goals_behind(plans=overview.plan_rows(user=head_user), today=today)
    assert [m.goal.title for m in everyone.goals] == ["Foreign goal behind", "Ten new users"]  # most behind first
    client.force_login(kam_user)
    page = html(client.get(LIST))
    assert "Goals behind schedule" in page
    assert "Ten new users" in page
    assert "On track count" not in page
    assert "Draft goal behind" not in page


def test_status_counts_and_filters(client, kam_user, world):
    client.force_login(kam_user)
    response = client.get(LIST, {"status": "draft"})
    counts = {s["value"]: s["count"] for s in response.context["statuses"]}
    assert counts == {"draft": 1, "in_review": 0, "active": 1, "archived": 0}
    assert [p.pk for p in response.context["page"].object_list] == [world["draft"].pk]
    response = client.get(LIST, {"tier": "key", "q": "kappa"})
    assert [p.pk for p in response.context["page"].object_list] == [world["draft"].pk]
    assert [a.name for a in response.context["without_plan"].rows] == ["Kappa Key"]
    rows = response.context["page"].object_list
    assert (rows[0].goal_count, rows[0].latest_version) == (1, None)
    active_row = client.get(LIST, {"status": "active"}).context["page"].object_list[0]
    assert (active_row.goal_count, active_row.latest_version) == (2, 1)


def test_bad_filter_is_400_not_500(client, kam_user, world):
    client.force_login(kam_user)
    response = client.get(LIST, {"status": "lost", "year": "soon"})
    assert response.status_code == 400
    assert "These filters cannot be applied." in response.content.decode()
    export = client.get(reverse("plans:list_export", args=["csv"]), {"status": "lost"})
    assert export.status_code == 400
    assert "status" in export.content.decode()
    assert client.get(reverse("plans:list_export", args=["pdf"])).status_code == 404


def test_htmx_gets_the_fragment_and_pages(client, head_user, world):
    for n in range(3):
        AccountPlanFactory.create(
            period_start=datetime.date(2020 + n, 1, 1), period_end=datetime.date(2020 + n, 12, 31)
        )
    client.force_login(head_user)
    fragment = client.get(LIST, headers={"HX-Request": "true"})
    assert "<html" not in html(fragment)
    assert "Accounts without an active plan" in html(fragment)
    page = client.get(LIST, {"page_size": 2, "page": 2})
    assert page.status_code == 200
    assert AccountPlan.objects.count() == 6


def test_export_csv_and_xlsx(client, kam_user, world):
    client.force_login(kam_user)
    rows = export_rows(client.get(reverse("plans:list_export", args=["csv"]), {"ordering": "account"}))
    assert [(r["account_name"], r["status"], r["goals"], r["latest_version"]) for r in rows] == [
        ("Kappa Key", "draft", "1", ""),
        ("Planned Key", "active", "2", "1"),
    ]
    assert rows[0]["account_external_id"] == "K-1"
    assert [r["account_name"] for r in export_rows(client.get(reverse("plans:list_export", args=["csv"]),
                                                              {"status": "active"}))] == ["Planned Key"]  # fmt: skip
    xlsx = client.get(reverse("plans:list_export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
