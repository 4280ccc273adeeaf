"""The plans API: who reads and writes what, the review flow, versions, bad input answers 4xx and changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.plans import services
from kam.plans.choices import PlanStatus, ReviewAction
from kam.plans.models import AccountPlan, Goal, Measure, PlanReview, Risk, SwotItem, WalletEstimate, WhitespaceEntry
from kam.plans.tests.factories import (
    AccountPlanFactory,
    GoalFactory,
    MeasureFactory,
    RiskFactory,
    SwotItemFactory,
)
from kam.products.tests.factories import ProductLineFactory
from tests.api.schema import validate_response
from tests.api.support import assert_error, token_client

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"
PLAN = "/api/v1/plans/{id}/"
ITEMS: dict[str, tuple[str, Any, Any]] = {
    "goal": ("/api/v1/plan-goals/", GoalFactory, Goal),
    "measure": ("/api/v1/plan-measures/", MeasureFactory, Measure),
    "risk": ("/api/v1/plan-risks/", RiskFactory, Risk),
    "swot": ("/api/v1/plan-swot-items/", SwotItemFactory, SwotItem),
}
VALID_ITEMS: dict[str, dict[str, Any]] = {
    "goal": {"title": "Revenue 1.2 M", "metric": "revenue", "baseline": "1000000", "target": "1200000",
             "due_date": "2026-12-31"},
    "measure": {"title": "Visit the plant", "department": "sales", "due_date": "2026-03-31"},
    "risk": {"description": "Price pressure", "probability": 4, "impact": 5, "mitigation": "Value selling"},
    "swot": {"kind": "threat", "text": "New competitor in Poland"},
}  # fmt: skip


def url(template: str, pk: int, suffix: str = "") -> str:
    return template.replace("{id}", str(pk)) + suffix


def ok(response: Any, path: str, method: str = "GET", status: int = 200) -> Any:
    assert response.status_code == status, response.content[:500]
    validate_response(path, method, response)
    return response.json()


@pytest.fixture
def full_plan(plan):
    """The fixture plan with a goal, a measure, a risk and a SWOT item."""
    goal = GoalFactory.create(plan=plan)
    MeasureFactory.create(plan=plan, goal=goal)
    RiskFactory.create(plan=plan)
    SwotItemFactory.create(plan=plan)
    return plan


# --- reading ------------------------------------------------------------------------------------


def test_anonymous_is_401(full_plan):
    client = token_client(None)
    assert_error(client.get(PLANS), 401)
    assert_error(client.post(url(PLAN, full_plan.pk, "submit/"), {}, format="json"), 401)
    for path, _factory, _model in ITEMS.values():
        assert_error(client.get(path), 401)


def test_lists_hold_only_visible_plans(full_plan, kam_user, member_user, outsider, head_user):
    other = AccountPlanFactory.create()
    GoalFactory.create(plan=other)
    for user, expected in [(kam_user, {full_plan.pk}), (member_user, {full_plan.pk}), (outsider, set()),
                           (head_user, {full_plan.pk, other.pk})]:  # fmt: skip
        body = ok(token_client(user).get(PLANS), PLANS)
        assert {row["id"] for row in body["results"]} == expected, user
        goals = ok(token_client(user).get("/api/v1/plan-goals/"), "/api/v1/plan-goals/")
        assert {row["plan"] for row in goals["results"]} == expected, user


def test_outsider_gets_404_on_every_plan_endpoint(full_plan, outsider):
    client = token_client(outsider)
    pk = full_plan.pk
    for suffix in ["", "reviews/", "compare/?old=1"]:
        assert_error(client.get(url(PLAN, pk, suffix)), 404)
    for suffix in ["submit/", "approve/", "request-changes/", "comment/"]:
        assert_error(client.post(url(PLAN, pk, suffix), {"comment": "x"}, format="json"), 404)
    assert_error(client.patch(url(PLAN, pk), {"title": "Mine"}, format="json"), 404)
    assert_error(client.delete(url(PLAN, pk)), 404)
    for kind, (path, _factory, model) in ITEMS.items():
        item = model.objects.get(plan=full_plan)
        assert_error(client.get(f"{path}{item.pk}/"), 404)
        assert_error(client.patch(f"{path}{item.pk}/", {}, format="json"), 404)
        assert_error(client.delete(f"{path}{item.pk}/"), 404)
        # a plan one may not see is a field error, worded like a missing one
        assert_error(client.post(path, {**VALID_ITEMS[kind], "plan": pk}, format="json"), 400, "plan")
    assert_error(client.post(PLANS, {"account": full_plan.account_id, "period_start": "2027-01-01",
                                     "period_end": "2027-12-31"}, format="json"), 400, "account")  # fmt: skip
    full_plan.refresh_from_db()
    assert (full_plan.title, full_plan.status, AccountPlan.objects.count()) == ("", PlanStatus.DRAFT, 1)
    assert Goal.objects.count() == Measure.objects.count() == Risk.objects.count() == SwotItem.objects.count() == 1


def test_unknown_or_odd_ids_are_404(full_plan, head_user):
    client = token_client(head_user)
    for bad in ["999999", "abc", "99999999999999999999"]:
        assert_error(client.get(f"{PLANS}{bad}/"), 404)
        assert_error(client.get(f"/api/v1/plan-goals/{bad}/"), 404)


def test_plan_detail_and_filters(full_plan, head_user):
    client = token_client(head_user)
    body = ok(client.get(url(PLAN, full_plan.pk)), PLAN)
    assert (body["account_name"], body["status"], body["latest_version"]) == (
        "Acme Maschinenbau GmbH", "draft", None,
    )  # fmt: skip
    AccountPlanFactory.create(status=PlanStatus.ACTIVE, period_start=datetime.date(2025, 1, 1),
                              period_end=datetime.date(2025, 12, 31))  # fmt: skip
    assert [r["id"] for r in ok(client.get(PLANS, {"status": "draft"}), PLANS)["results"]] == [full_plan.pk]
    assert [r["id"] for r in ok(client.get(PLANS, {"q": "acme"}), PLANS)["results"]] == [full_plan.pk]
    assert len(ok(client.get(PLANS, {"year": 2025}), PLANS)["results"]) == 1
    assert_error(client.get(PLANS, {"status": "lost"}), 400, "status")
    assert_error(client.get(PLANS, {"year": "soon"}), 400, "year")


# --- writing the strategy ----------------------------------------------------------------------


def test_kam_creates_a_plan_and_fills_it(account, kam_user):
    client = token_client(kam_user)
    body = ok(client.post(PLANS, {"account": account.pk, "period_start": "2026-01-01", "period_end": "2026-12-31",
                                  "customer_strategy": "Grow"}, format="json"), PLANS, "POST", 201)  # fmt: skip
    assert (body["status"], body["owner"], body["created_by"]) == ("draft", kam_user.pk, kam_user.pk)
    for kind, (path, _factory, model) in ITEMS.items():
        item = ok(client.post(path, {**VALID_ITEMS[kind], "plan": body["id"]}, format="json"), path, "POST", 201)
        assert model.objects.get(pk=item["id"]).plan_id == body["id"]
    changed = ok(client.patch(url(PLAN, body["id"]), {"competitors": "Rival AG"}, format="json"), PLAN, "PATCH")
    assert changed["competitors"] == "Rival AG"
    risk = Risk.objects.get()
    assert ok(client.get(f"/api/v1/plan-risks/{risk.pk}/"), "/api/v1/plan-risks/{id}/")["level"] == "critical"


def test_team_member_reads_but_cannot_write(full_plan, member_user):
    client = token_client(member_user)
    pk = full_plan.pk
    assert ok(client.get(url(PLAN, pk)), PLAN)["id"] == pk
    assert_error(client.patch(url(PLAN, pk), {"title": "Mine"}, format="json"), 403)
    assert_error(client.delete(url(PLAN, pk)), 403)
    assert_error(client.post(url(PLAN, pk, "submit/"), {}, format="json"), 403)
    assert_error(client.post(PLANS, {"account": full_plan.account_id, "period_start": "2027-01-01",
                                     "period_end": "2027-12-31"}, format="json"), 403)  # fmt: skip
    for kind, (path, _factory, model) in ITEMS.items():
        item = model.objects.get(plan=full_plan)
        assert ok(client.get(f"{path}{item.pk}/"), f"{path}{{id}}/")["id"] == item.pk
        assert_error(client.post(path, {**VALID_ITEMS[kind], "plan": pk}, format="json"), 403)
        assert_error(client.patch(f"{path}{item.pk}/", {}, format="json"), 403)
        assert_error(client.delete(f"{path}{item.pk}/"), 403)
    # but a team member may comment
    step = ok(client.post(url(PLAN, pk, "comment/"), {"comment": "Add the Polish plant"}, format="json"),
              "/api/v1/plans/{id}/comment/", "POST", 201)  # fmt: skip
    assert step["action"] == ReviewAction.COMMENT
    full_plan.refresh_from_db()
    assert (full_plan.title, full_plan.status) == ("", PlanStatus.DRAFT)
    assert Goal.objects.count() == Measure.objects.count() == Risk.objects.count() == SwotItem.objects.count() == 1


def test_validation_errors_name_the_field_and_write_nothing(plan, kam_user):
    client = token_client(kam_user)
    cases = [
        ("/api/v1/plan-goals/", {**VALID_ITEMS["goal"], "metric": "product_line_revenue"}, "product_line"),
        ("/api/v1/plan-goals/", {**VALID_ITEMS["goal"], "metric": "nps", "baseline": "10", "target": "150"}, "target"),
        ("/api/v1/plan-goals/", {**VALID_ITEMS["goal"], "current_value": "5"}, "current_value"),
        ("/api/v1/plan-goals/", {**VALID_ITEMS["goal"], "due_date": "someday"}, "due_date"),
        ("/api/v1/plan-measures/", {"title": "Nobody does it"}, "assignee"),
        ("/api/v1/plan-risks/", {**VALID_ITEMS["risk"], "probability": 9}, "probability"),
        ("/api/v1/plan-swot-items/", {"kind": "rumour", "text": "x"}, "kind"),
    ]
    for path, payload, field in cases:
        assert_error(client.post(path, {**payload, "plan": plan.pk}, format="json"), 400, field)
    assert_error(client.patch(url(PLAN, plan.pk), {"period_end": "2025-01-01"}, format="json"), 400, "period_end")
    clash = {"account": plan.account_id, "period_start": "2026-01-01", "period_end": "2026-12-31"}
    assert_error(client.post(PLANS, clash, format="json"), 400, "period_start")
    assert_error(client.post(PLANS, [1, 2], format="json"), 400)
    other_goal = GoalFactory.create(plan=AccountPlanFactory.create(account=plan.account, period_start=datetime.date(
        2027, 1, 1), period_end=datetime.date(2027, 12, 31)))  # fmt: skip
    foreign_goal = {**VALID_ITEMS["measure"], "plan": plan.pk, "goal": other_goal.pk}
    assert_error(client.post("/api/v1/plan-measures/", foreign_goal, format="json"), 400, "goal")
    goal = GoalFactory.create(plan=plan)
    moved = client.patch(f"/api/v1/plan-goals/{goal.pk}/", {"plan": other_goal.plan_id}, format="json")
    assert_error(moved, 400, "plan")
    plan.refresh_from_db()
    assert plan.period_end == datetime.date(2026, 12, 31)
    assert list(plan.goals.all()) == [goal]
    assert not Measure.objects.exists()
    assert not Risk.objects.exists()
    assert not SwotItem.objects.exists()


def test_plan_in_review_cannot_be_changed(full_plan, kam_user):
    services.plan_submit(user=kam_user, plan=full_plan)
    client = token_client(kam_user)
    assert_error(client.patch(url(PLAN, full_plan.pk), {"title": "Late"}, format="json"), 403)
    goal = full_plan.goals.get()
    assert_error(client.delete(f"/api/v1/plan-goals/{goal.pk}/"), 403)
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_only_a_draft_never_approved_is_deleted(full_plan, kam_user):
    client = token_client(kam_user)
    response = client.delete(url(PLAN, full_plan.pk))
    assert response.status_code == 204
    assert not AccountPlan.objects.exists()


# --- review -------------------------------------------------------------------------------------


def test_review_flow_kam_submits_head_approves(full_plan, kam_user, head_user):
    kam, head = token_client(kam_user), token_client(head_user)
    pk = full_plan.pk
    body = ok(kam.post(url(PLAN, pk, "submit/"), {"comment": "Ready"}, format="json"),
              "/api/v1/plans/{id}/submit/", "POST")  # fmt: skip
    assert body["status"] == "in_review"
    # a KAM cannot approve (their own plan, and not a reviewer)
    assert_error(kam.post(url(PLAN, pk, "approve/"), {}, format="json"), 403)
    assert_error(kam.post(url(PLAN, pk, "request-changes/"), {"comment": "no"}, format="json"), 403)
    body = ok(head.post(url(PLAN, pk, "approve/"), {"comment": "Good"}, format="json"),
              "/api/v1/plans/{id}/approve/", "POST")  # fmt: skip
    assert (body["status"], body["latest_version"], body["approved_by"]) == ("active", 1, head_user.pk)
    steps = ok(kam.get(url(PLAN, pk, "reviews/")), "/api/v1/plans/{id}/reviews/")
    assert [(s["action"], s["comment"]) for s in steps] == [("submit", "Ready"), ("approve", "Good")]
    # approving twice is refused: the plan is no longer in review
    assert_error(head.post(url(PLAN, pk, "approve/"), {}, format="json"), 400)
    assert full_plan.versions.count() == 1


def test_head_cannot_approve_a_plan_of_their_own(account, head_user):
    plan = AccountPlanFactory.create(account=account, owner=head_user)
    GoalFactory.create(plan=plan)
    client = token_client(head_user)
    ok(client.post(url(PLAN, plan.pk, "submit/"), {}, format="json"), "/api/v1/plans/{id}/submit/", "POST")
    body = assert_error(client.post(url(PLAN, plan.pk, "approve/"), {}, format="json"), 403)
    assert "own plan" in body["message"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    assert not plan.versions.exists()


def test_request_changes_needs_a_comment(full_plan, kam_user, head_user):
    services.plan_submit(user=kam_user, plan=full_plan)
    client = token_client(head_user)
    path = url(PLAN, full_plan.pk, "request-changes/")
    assert_error(client.post(path, {"comment": "  "}, format="json"), 400, "comment")
    assert_error(client.post(path, {"comment": 5 * ["x"]}, format="json"), 400, "comment")
    body = ok(client.post(path, {"comment": "Add the Polish plant"}, format="json"),
              "/api/v1/plans/{id}/request-changes/", "POST")  # fmt: skip
    assert body["status"] == "draft"
    assert PlanReview.objects.filter(action=ReviewAction.REQUEST_CHANGES, comment="Add the Polish plant").exists()


def test_submit_without_goal_is_refused(plan, kam_user):
    body = assert_error(token_client(kam_user).post(url(PLAN, plan.pk, "submit/"), {}, format="json"), 400)
    assert "goal" in body["message"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


# --- versions and comparison ------------------------------------------------------------------


def test_versions_and_compare(full_plan, kam_user, head_user, outsider):
    services.plan_submit(user=kam_user, plan=full_plan)
    version = services.plan_approve(user=head_user, plan=full_plan, today=datetime.date(2026, 3, 1))
    full_plan.refresh_from_db()
    services.plan_update(user=kam_user, plan=full_plan, competitors="Rival AG")
    client = token_client(kam_user)
    rows = ok(client.get("/api/v1/plan-versions/", {"plan": full_plan.pk}), "/api/v1/plan-versions/")["results"]
    assert [(r["id"], r["number"]) for r in rows] == [(version.pk, 1)]
    assert "snapshot" not in rows[0]
    detail = ok(client.get(f"/api/v1/plan-versions/{version.pk}/"), "/api/v1/plan-versions/{id}/")
    assert detail["snapshot"]["plan"]["competitors"] != "Rival AG"
    compare = "/api/v1/plans/{id}/compare/"
    body = ok(client.get(url(PLAN, full_plan.pk, "compare/"), {"old": version.pk}), compare)
    assert (body["old"], body["old_number"], body["new"]) == (version.pk, 1, None)
    assert {"kind": "changed", "section": "plan", "item": "", "field": "competitors", "old": "",
            "new": "Rival AG"} in body["changes"]  # fmt: skip
    body = ok(client.get(url(PLAN, full_plan.pk, "compare/"), {"old": version.pk, "new": version.pk}), compare)
    assert body["changes"] == []
    assert_error(client.get(url(PLAN, full_plan.pk, "compare/")), 400, "old")
    assert_error(client.get(url(PLAN, full_plan.pk, "compare/"), {"old": str(version.pk), "new": "latest"}), 400, "new")
    assert_error(client.get(url(PLAN, full_plan.pk, "compare/"), {"old": 999999}), 404)
    other = AccountPlanFactory.create()
    assert_error(token_client(head_user).get(url(PLAN, other.pk, "compare/"), {"old": version.pk}), 404)
    assert_error(token_client(outsider).get(f"/api/v1/plan-versions/{version.pk}/"), 404)
    assert ok(token_client(outsider).get("/api/v1/plan-versions/"), "/api/v1/plan-versions/")["results"] == []


# --- wallet estimates and whitespace entries ------------------------------------------------------

WALLET = "/api/v1/plan-wallet-estimates/"
WHITESPACE = "/api/v1/plan-whitespace-entries/"


def test_wallet_estimates_set_replace_read_delete(account, kam_user, member_user, outsider):
    line = ProductLineFactory.create()
    client = token_client(kam_user)
    payload = {"account": account.pk, "product_line": line.pk, "year": 2026, "estimated_spend": "500000"}
    first = ok(client.post(WALLET, payload, format="json"), WALLET, "POST", 201)
    again = ok(client.post(WALLET, {**payload, "estimated_spend": "600000"}, format="json"), WALLET, "POST", 200)
    assert first["id"] == again["id"]
    assert again["estimated_spend"] == "600000.00"
    rows = ok(token_client(member_user).get(WALLET, {"account": account.pk}), WALLET)["results"]
    assert [r["id"] for r in rows] == [first["id"]]
    assert ok(token_client(outsider).get(WALLET), WALLET)["results"] == []
    assert_error(token_client(outsider).delete(f"{WALLET}{first['id']}/"), 404)
    assert_error(token_client(member_user).delete(f"{WALLET}{first['id']}/"), 403)
    assert_error(token_client(member_user).post(WALLET, payload, format="json"), 403)
    assert_error(token_client(outsider).post(WALLET, payload, format="json"), 400, "account")
    assert_error(client.post(WALLET, {**payload, "estimated_spend": "-1"}, format="json"), 400, "estimated_spend")
    assert_error(client.post(WALLET, {**payload, "year": 99}, format="json"), 400, "year")
    assert WalletEstimate.objects.get().estimated_spend == Decimal("600000.00")
    assert client.delete(f"{WALLET}{first['id']}/").status_code == 204
    assert not WalletEstimate.objects.exists()


def test_whitespace_entries_for_a_subsidiary(account, kam_user, member_user, outsider):
    unit = AccountFactory.create(parent=account, owner=None, name="Acme Polska")
    AccountTeamMemberFactory.create(account=unit, user=kam_user)
    line = ProductLineFactory.create()
    client = token_client(kam_user)
    payload = {"account": account.pk, "unit": unit.pk, "product_line": line.pk, "status": "competitor"}
    assert_error(client.post(WHITESPACE, payload, format="json"), 400, "competitor")
    body = ok(client.post(WHITESPACE, {**payload, "competitor": "Rival AG"}, format="json"), WHITESPACE, "POST", 201)
    assert (body["unit"], body["competitor"]) == (unit.pk, "Rival AG")
    other = AccountFactory.create(owner=kam_user)
    assert_error(client.post(WHITESPACE, {**payload, "unit": other.pk, "competitor": "x"}, format="json"), 400, "unit")
    member = token_client(member_user)
    assert_error(member.post(WHITESPACE, {**payload, "unit": None, "competitor": "x"}, format="json"), 403)
    assert_error(member.post(WHITESPACE, {**payload, "competitor": "x"}, format="json"), 400, "unit")  # unit unseen
    assert_error(token_client(outsider).delete(f"{WHITESPACE}{body['id']}/"), 404)
    assert WhitespaceEntry.objects.get().competitor == "Rival AG"
    # the KAM plans the parent account, so they may remove the subsidiary's entry
    assert client.delete(f"{WHITESPACE}{body['id']}/").status_code == 204
    assert not WhitespaceEntry.objects.exists()
