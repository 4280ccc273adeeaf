import datetime

import pytest
from django.urls import reverse

from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.plans import services
from kam.plans.choices import PlanStatus
from kam.plans.models import AccountPlan, Goal, Risk
from kam.plans.tests.factories import GoalFactory, MeasureFactory, PlanVersionFactory, RiskFactory, SwotItemFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def plan_urls(plan, goal, version):
    """(method, url) of every plan view."""
    pk = plan.pk
    return [
        ("get", reverse("plans:detail", args=[pk])),
        ("get", reverse("plans:update", args=[pk])),
        ("get", reverse("plans:delete", args=[pk])),
        ("post", reverse("plans:next", args=[pk])),
        ("post", reverse("plans:review", args=[pk, "comment"])),
        ("post", reverse("plans:review", args=[pk, "submit"])),
        ("get", reverse("plans:compare", args=[pk]) + f"?old={version.pk}"),
        ("get", reverse("plans:wallet", args=[pk])),
        ("get", reverse("plans:whitespace", args=[pk])),
        ("get", reverse("plans:item_add", args=[pk, "goal"])),
        ("get", reverse("plans:item_edit", args=[pk, "goal", goal.pk])),
        ("post", reverse("plans:item_delete", args=[pk, "goal", goal.pk])),
    ]


def test_outsider_gets_404_from_every_plan_view(client, plan, outsider):
    goal = GoalFactory.create(plan=plan)
    version = PlanVersionFactory.create(plan=plan)
    login(client, outsider)
    for method, url in plan_urls(plan, goal, version):
        response = getattr(client, method)(url, {"comment": "x"} if method == "post" else None)
        assert response.status_code == 404, url
    assert client.get(reverse("plans:create") + f"?account={plan.account_id}").status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert AccountPlan.objects.count() == 1


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_team_member_sees_the_plan_but_every_change_is_refused(client, plan, member_user):
    goal = GoalFactory.create(plan=plan)
    version = PlanVersionFactory.create(plan=plan)
    login(client, member_user)
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    assert page.status_code == 200
    assert "Edit texts" not in page.content.decode()
    readable = {reverse("plans:detail", args=[plan.pk]), reverse("plans:review", args=[plan.pk, "comment"])}
    for method, url in plan_urls(plan, goal, version):
        if url in readable or "/compare/" in url:
            continue
        assert getattr(client, method)(url).status_code == 403, url
    assert client.get(reverse("plans:create") + f"?account={plan.account_id}").status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert AccountPlan.objects.count() == 1
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_plan_page_shows_every_section(client, plan, kam_user):
    boss = ContactFactory.create(account=plan.account, last_name="Boss", buying_role="decision_maker")
    ContactFactory.create(account=plan.account, last_name="Report", reports_to=boss)
    GoalFactory.create(plan=plan, title="Grow presses")
    MeasureFactory.create(plan=plan, title="Visit the plant")
    RiskFactory.create(plan=plan, description="Price pressure", probability=4, impact=5)
    SwotItemFactory.create(plan=plan, text="Service network")
    OrderLineFactory.create(account=plan.account, date=datetime.date.today().replace(day=1))
    login(client, kam_user)
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Stakeholder map",
        "Boss",
        "Report",
        "no relationship owner",
        "Whitespace",
        "Grow presses",
        "Visit the plant",
        "Price pressure",
        "Service network",
        "Forecast",
        "Method",
        "Submit for review",
    ):
        assert text in html, text
    assert 'class="plan-matrix"' in html


def test_kam_adds_a_goal_and_submits_head_approves(client, plan, kam_user, head_user):
    login(client, kam_user)
    url = reverse("plans:item_add", args=[plan.pk, "goal"])
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    response = client.post(
        url,
        {
            "title": "Revenue 1.2 M",
            "metric": "revenue",
            "baseline": "1000000",
            "target": "1200000",
            "due_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    assert plan.goals.get().title == "Revenue 1.2 M"
    client.post(reverse("plans:review", args=[plan.pk, "submit"]), {"comment": "Ready"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    # the KAM cannot approve
    assert client.post(reverse("plans:review", args=[plan.pk, "approve"])).status_code == 403
    client.logout()
    login(client, head_user)
    client.post(reverse("plans:review", args=[plan.pk, "approve"]), {"comment": "Good"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert plan.versions.count() == 1


def test_bad_input_is_a_form_error_not_a_500(client, plan, kam_user):
    login(client, kam_user)
    response = client.post(
        reverse("plans:item_add", args=[plan.pk, "risk"]), {"description": "x", "probability": "9", "impact": "1"}
    )
    assert response.status_code == 200
    assert not Risk.objects.exists()
    response = client.post(reverse("plans:review", args=[plan.pk, "submit"]))
    assert response.status_code == 302  # no goal yet: refused with a message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert "at least one goal" in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert client.get(reverse("plans:item_add", args=[plan.pk, "nonsense"])).status_code == 404
    assert client.post(reverse("plans:review", args=[plan.pk, "nonsense"])).status_code == 404


def test_create_and_next_period(client, account, kam_user):
    login(client, kam_user)
    url = reverse("plans:create") + f"?account={account.pk}"
    response = client.post(url, {"period_start": "2026-01-01", "period_end": "2026-12-31", "title": ""})
    plan = AccountPlan.objects.get()
    assert response.status_code == 302
    GoalFactory.create(plan=plan, title="Carry me over")
    client.post(reverse("plans:next", args=[plan.pk]))
    new = AccountPlan.objects.exclude(pk=plan.pk).get()
    assert (new.period_start, new.period_end, new.based_on) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
        plan,
    )
    assert new.goals.get().title == "Carry me over"


def test_compare_page_lists_changes(client, plan, kam_user, head_user):
    GoalFactory.create(plan=plan)
    services.plan_submit(user=kam_user, plan=plan)
    version = services.plan_approve(user=head_user, plan=plan)
    plan.refresh_from_db()
    services.plan_update(user=kam_user, plan=plan, competitors="Rival AG")
    login(client, kam_user)
    response = client.get(reverse("plans:compare", args=[plan.pk]) + f"?old={version.pk}&new=current")
    assert response.status_code == 200
    assert "Rival AG" in response.content.decode()
    assert client.get(reverse("plans:compare", args=[plan.pk]) + "?old=999999").status_code == 404


def test_list_and_navigation(client, plan, kam_user, outsider):
    login(client, kam_user)
    response = client.get(reverse("plans:list") + f"?account={plan.account_id}")
    assert plan.account.name in response.content.decode()
    assert reverse("plans:list") in response.content.decode()  # the navigation link
    client.logout()
    login(client, outsider)
    assert plan.account.name not in client.get(reverse("plans:list")).content.decode()


def test_many_stakeholder_gaps_show_eight_and_fold_the_rest(client, plan, account, kam_user):
    for n in range(10):  # ten decision makers without an owner on our side: ten gaps (plus coverage ones)
        ContactFactory.create(account=account, last_name=f"Boss{n:02d}", buying_role="decision_maker")
    client.force_login(kam_user)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    gaps = page.split('aria-label="Gaps"', 1)[1].split("</ul>", 1)[0]
    assert gaps.count("<li") == 8
    assert "more gaps</summary>" in page
