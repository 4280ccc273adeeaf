import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from kam.orders.tests.factories import OrderLineFactory
from kam.plans.card import account_plan_card
from kam.plans.choices import GoalMetric, MeasureStatus, PlanStatus
from kam.plans.tests.factories import AccountPlanFactory, GoalFactory, MeasureFactory, RiskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 7, 1)


def test_card_counts_goals_measures_and_risks_of_the_plan_in_force(account, plan, kam_user):
    plan.status = PlanStatus.ACTIVE
    plan.period_start, plan.period_end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    plan.save()
    last_year = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    AccountPlanFactory.create(
        account=account, owner=kam_user, created_by=kam_user, status=PlanStatus.ARCHIVED,
        period_start=last_year[0], period_end=last_year[1],
    )  # fmt: skip
    # Revenue 60,000 of the last 12 months against 0 → 120,000 by year end: half way at mid-year.
    OrderLineFactory.create(account=account, date=datetime.date(2026, 3, 1), net_revenue=Decimal("60000.00"))
    GoalFactory.create(
        plan=plan, metric=GoalMetric.REVENUE, baseline=0, target=120000, due_date=datetime.date(2026, 12, 31)
    )
    GoalFactory.create(
        plan=plan, metric=GoalMetric.REVENUE, baseline=0, target=10000, due_date=datetime.date(2026, 12, 31)
    )
    MeasureFactory.create(plan=plan, due_date=datetime.date(2026, 6, 1), status=MeasureStatus.OPEN)  # overdue
    MeasureFactory.create(plan=plan, due_date=datetime.date(2026, 9, 1), status=MeasureStatus.IN_PROGRESS)
    MeasureFactory.create(plan=plan, due_date=datetime.date(2026, 1, 1), status=MeasureStatus.DONE)
    RiskFactory.create(plan=plan, probability=5, impact=5)  # critical
    RiskFactory.create(plan=plan, probability=1, impact=2)  # low
    card = account_plan_card(user=kam_user, account=account, today=TODAY)
    assert card.plan == plan
    assert card.others == 1
    assert card.goals == {"on_track": 1, "achieved": 1}
    assert (card.measures_open, card.measures_overdue, card.serious_risks) == (2, 1, 1)


def test_card_without_a_plan_offers_to_start_one_to_the_owner_only(client, account, kam_user, member_user):
    url = reverse("plans:account_card", args=[account.pk])
    client.force_login(kam_user)
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "No account plan yet" in page
    assert reverse("plans:create") + f"?account={account.pk}" in page
    client.force_login(member_user)
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "No account plan yet" in page
    assert reverse("plans:create") not in page


def test_card_links_the_plan_and_is_denied_to_outsiders(client, account, plan, member_user, outsider):
    url = reverse("plans:account_card", args=[account.pk])
    client.force_login(member_user)
    response = client.get(url)
    assert response.status_code == 200
    assert reverse("plans:detail", args=[plan.pk]) in response.content.decode()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
