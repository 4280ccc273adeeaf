"""The API against its own schema: the schema is valid OpenAPI 3 and real answers match it."""

import datetime
import re
from decimal import Decimal

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

from kam.accounts.models import AccountRevenueYear
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.activities.tests.factories import ActivityFactory
from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.plans.tests.factories import (
    AccountPlanFactory,
    GoalFactory,
    MeasureFactory,
    PlanVersionFactory,
    RiskFactory,
    SwotItemFactory,
    WalletEstimateFactory,
    WhitespaceEntryFactory,
)
from kam.portfolio.choices import Level, RunKind
from kam.portfolio.tests.factories import (
    CriterionRatingFactory,
    NominationFactory,
    PortfolioEntryFactory,
    PortfolioRunFactory,
)
from kam.products.tests.factories import ProductFactory, ProductLineFactory
from kam.tasks.tests.factories import TaskCommentFactory, TaskFactory
from kam.users.choices import Department, Role
from kam.users.tests.factories import UserFactory
from tests.api.schema import served_schema, validate_response
from tests.api.support import token_client

EXPECTED_PATHS = {
    "/api/v1/accounts/",
    "/api/v1/accounts/{id}/",
    "/api/v1/accounts/{id}/team/",
    "/api/v1/accounts/{id}/team/{user_id}/",
    "/api/v1/contacts/",
    "/api/v1/contacts/{id}/",
    "/api/v1/products/",
    "/api/v1/products/{id}/",
    "/api/v1/product-lines/",
    "/api/v1/product-lines/{id}/",
    "/api/v1/order-lines/",
    "/api/v1/order-lines/{id}/",
    "/api/v1/users/",
    "/api/v1/users/{id}/",
    "/api/v1/users/me/",
    "/api/v1/portfolio/runs/",
    "/api/v1/portfolio/runs/{id}/",
    "/api/v1/portfolio/runs/{id}/compare/",
    "/api/v1/portfolio/runs/refresh/",
    "/api/v1/portfolio/runs/snapshot/",
    "/api/v1/portfolio/entries/",
    "/api/v1/portfolio/candidates/",
    "/api/v1/portfolio/accounts/{id}/ratings/",
    "/api/v1/portfolio/nominations/",
    "/api/v1/plans/",
    "/api/v1/plans/{id}/",
    "/api/v1/plans/{id}/submit/",
    "/api/v1/plans/{id}/approve/",
    "/api/v1/plans/{id}/request-changes/",
    "/api/v1/plans/{id}/comment/",
    "/api/v1/plans/{id}/reviews/",
    "/api/v1/plans/{id}/compare/",
    "/api/v1/plan-goals/",
    "/api/v1/plan-goals/{id}/",
    "/api/v1/plan-measures/",
    "/api/v1/plan-measures/{id}/",
    "/api/v1/plan-risks/",
    "/api/v1/plan-risks/{id}/",
    "/api/v1/plan-swot-items/",
    "/api/v1/plan-swot-items/{id}/",
    "/api/v1/plan-versions/",
    "/api/v1/plan-versions/{id}/",
    "/api/v1/plan-wallet-estimates/",
    "/api/v1/plan-wallet-estimates/{id}/",
    "/api/v1/plan-whitespace-entries/",
    "/api/v1/plan-whitespace-entries/{id}/",
    "/api/v1/activities/",
    "/api/v1/activities/{id}/",
    "/api/v1/tasks/",
    "/api/v1/tasks/{id}/",
    "/api/v1/tasks/{id}/complete/",
    "/api/v1/task-comments/",
    "/api/v1/task-comments/{id}/",
}


def test_served_schema_is_valid_openapi_3():
    spec = served_schema()
    assert spec["openapi"].startswith("3.")
    validate(spec)
    assert set(spec["paths"]) == EXPECTED_PATHS


def test_generated_schema_matches_the_served_one():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    assert set(generated["paths"]) == set(served_schema()["paths"])


def test_schema_documents_token_auth_and_errors():
    spec = served_schema()
    assert spec["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"
    assert set(spec["components"]["schemas"]["Error"]["required"]) == {"message", "errors"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403", "404"} <= set(operation["responses"]), (method, path)
            if method == "delete":
                assert "409" in operation["responses"], path


@pytest.fixture
def data(db):
    """Objects with every optional field filled, and bare ones with every optional field empty."""
    kam = UserFactory.create(role=Role.KAM, department=Department.KEY_ACCOUNT_MANAGEMENT, language="de")
    parent = AccountFactory.create(name="Group", tier="key", owner=kam, legal_form="ag", employees=5000)
    full = AccountFactory.create(
        parent=parent,
        owner=kam,
        legal_form="gmbh",
        employees=12,
        street="Weg 1",
        postal_code="70173",
        website="https://customer.example",
        tier="growth",
    )
    bare = AccountFactory.create(industry="", country="", city="", external_id=None)
    AccountTeamMemberFactory.create(
        account=full, user=UserFactory.create(role=Role.TEAM_MEMBER), department=Department.FINANCE
    )
    AccountRevenueYear.objects.create(
        account=full, year=datetime.date.today().year - 1, net_revenue=Decimal("10.00"), margin=0, order_lines=1
    )
    boss = ContactFactory.create(
        account=full, buying_role="decision_maker", attitude="supporter", department="purchasing"
    )
    ContactFactory.create(
        account=full,
        reports_to=boss,
        influence=3,
        last_contact_date=datetime.date(2025, 1, 1),
        phone="+49 711 1",
        function="Buyer",
        external_id="K-1",
    )
    ContactFactory.create(account=bare, first_name="", email="")
    line = OrderLineFactory.create(account=full, net_revenue=Decimal("-5.00"))
    ProductFactory.create(product_line=line.product.product_line, active=False)
    run, snapshot = portfolio_runs(full, bare)
    plans = account_plans(full, bare, kam)
    return {
        **plans,
        **activities_and_tasks(full, boss, kam, plans["plans"]),
        "accounts": full.pk,
        "contacts": boss.pk,
        "products": line.product_id,
        "product-lines": line.product.product_line_id,
        "order-lines": line.pk,
        "users": kam.pk,
        "portfolio/runs": run.pk,
        "portfolio/accounts": full.pk,
        "snapshot": snapshot.pk,
    }


def portfolio_runs(full, bare):
    """A current group-level run (a candidate with reasons, an entry with every optional value empty) and a
    snapshot; a rating and a nomination of ``full``."""
    run = PortfolioRunFactory.create(level=Level.GROUP, summary={"accounts": 2, "total": 10.0})
    PortfolioEntryFactory.create(
        run=run, account=full, tier="growth", suggested_tier="key", direction="promote", growth=0.18, cagr=0.1,
        revenue_previous=Decimal("8.00"), criterion_scores={"revenue": 5.0, "care": None},
        relationship_parts={"nps": None, "coverage": 50.0},
    )  # fmt: skip
    PortfolioEntryFactory.create(run=run, account=bare, xyz="", variation=None, direction="", suggested_tier="standard")
    snapshot = PortfolioRunFactory.create(kind=RunKind.SNAPSHOT, label="2024", level=Level.GROUP)
    PortfolioEntryFactory.create(run=snapshot, account=full, abc="B", quadrant="develop")
    CriterionRatingFactory.create(account=full, criterion="innovation", comment="Leader")
    NominationFactory.create(account=full, from_tier="standard", proposed_tier="growth", reasons=[{"code": "new"}])
    return run, snapshot


def account_plans(full, bare, kam):
    """An active plan of ``full`` holding one of everything and a version; a draft to submit and two plans
    in review (to approve, to send back), all with every optional field filled."""
    head = UserFactory.create(role=Role.HEAD_OF_KAM)
    day = datetime.date
    active = AccountPlanFactory.create(account=full, owner=kam, status="active", title="Growth", based_on=None)
    goal = GoalFactory.create(plan=active, metric="product_line_revenue", product_line=ProductLineFactory.create())
    GoalFactory.create(plan=active, metric="nps", baseline=10, target=30, current_value=20)
    measure = MeasureFactory.create(plan=active, goal=goal, assignee=kam)
    risk = RiskFactory.create(plan=active, owner=kam)
    swot = SwotItemFactory.create(plan=active)
    version = PlanVersionFactory.create(plan=active, snapshot={"plan": {"title": "Old"}}, approved_by=head)
    wallet = WalletEstimateFactory.create(account=full, product_line=goal.product_line, entered_by=kam)
    WalletEstimateFactory.create(account=full, product_line=None, source="", entered_by=None)
    whitespace = WhitespaceEntryFactory.create(account=full, product_line=goal.product_line, entered_by=kam)
    periods = {"period_start": day(2030, 1, 1), "period_end": day(2030, 12, 31)}
    draft = GoalFactory.create(plan=AccountPlanFactory.create(account=full, based_on=active, **periods)).plan
    to_approve = AccountPlanFactory.create(account=bare, owner=kam, status="in_review", **periods)
    to_send_back = AccountPlanFactory.create(account=bare, owner=kam, status="in_review")
    return {
        "plans": active.pk,
        "plans/submit": draft.pk,
        "plans/approve": to_approve.pk,
        "plans/request-changes": to_send_back.pk,
        "plan-goals": goal.pk,
        "plan-measures": measure.pk,
        "plan-risks": risk.pk,
        "plan-swot-items": swot.pk,
        "plan-versions": version.pk,
        "version": version.pk,
        "plan-wallet-estimates": wallet.pk,
        "plan-whitespace-entries": whitespace.pk,
    }


def activities_and_tasks(full, boss, kam, plan_id):
    """An annual review with every field filled, a call with none, and a task from it with a comment."""
    review = ActivityFactory.create(
        account=full, kind="annual_review", start=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC),
        location="Stuttgart", outcome="Good", next_step="Offer", review_collaboration="Fine",
        review_improvements="Speed", review_joint_goals="Grow", plan_id=plan_id, created_by=kam,
    )  # fmt: skip
    review.contacts.set([boss])
    review.participants.set([kam])
    ActivityFactory.create(account=full, subject="", summary="")
    task = TaskFactory.create(
        account=full, assignee=kam, department="finance", source_activity=review, created_by=kam,
        remind_at=datetime.datetime(2026, 3, 9, 8, tzinfo=datetime.UTC), description="Terms",
    )  # fmt: skip
    TaskFactory.create(account=full, assignee=None, department="sales", due_date=None, status="done")
    return {"activities": review.pk, "tasks": task.pk, "task-comments": TaskCommentFactory.create(task=task).pk}


QUERIES = {
    "/api/v1/portfolio/runs/{id}/compare/": "?old={snapshot}",
    "/api/v1/plans/{id}/compare/": "?old={version}",
}
REVIEW_PLANS = {
    "/api/v1/plans/{id}/submit/": "plans/submit",
    "/api/v1/plans/{id}/approve/": "plans/approve",
    "/api/v1/plans/{id}/request-changes/": "plans/request-changes",
}


def concrete(path, data):
    parts = path.split("/")
    # each review step acts on a plan in the status it needs
    resource = REVIEW_PLANS.get(path) or ("/".join(parts[3:5]) if parts[3] == "portfolio" else parts[3])
    url = path.replace("{id}", str(data[resource])) if "{id}" in path else path
    return url + QUERIES.get(path, "").format(**data)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.KAM])
def test_every_get_answer_matches_the_schema(data, role):
    user = UserFactory.create(role=role)
    if role == Role.KAM:
        AccountTeamMemberFactory.create(account_id=data["accounts"], user=user)
        data = {**data, "users": user.pk}
    client = token_client(user)
    checked = set()
    for path, operations in served_schema()["paths"].items():
        if "get" not in operations:
            continue
        if role == Role.KAM and path == "/api/v1/users/":
            continue
        response = client.get(concrete(path, data))
        assert response.status_code == 200, (path, response.content[:300])
        validate_response(path, "GET", response)
        checked.add(path)
        if "results" in response.json():
            assert response.json()["results"], f"{path} answered with an empty list: nothing was checked"
    expected_gets = {p for p, ops in served_schema()["paths"].items() if "get" in ops}
    if role == Role.KAM:
        expected_gets.discard("/api/v1/users/")
    assert checked == expected_gets


def valid_payloads(data):
    suffix = re.sub(r"\D", "", datetime.datetime.now().isoformat())
    return {
        "/api/v1/accounts/": {"name": "Schema GmbH", "tier": "key", "country": "FR", "parent": data["accounts"]},
        "/api/v1/accounts/{id}/team/": {"user": data["users"], "department": "sales"},
        "/api/v1/contacts/": {"account": data["accounts"], "last_name": "Schema", "influence": 2},
        "/api/v1/products/": {
            "sku": f"S-{suffix}",
            "name": "Schema",
            "product_line": data["product-lines"],
            "list_price": "1.00",
            "margin_percent": "2.50",
        },
        "/api/v1/product-lines/": {"code": f"L{suffix[-8:]}", "name": "Schema line"},
        "/api/v1/order-lines/": {
            "external_id": f"OL-{suffix}",
            "account": data["accounts"],
            "product": data["products"],
            "date": "2025-01-31",
            "quantity": "1",
            "net_revenue": "5",
            "margin": "1",
        },
        "/api/v1/portfolio/runs/refresh/": {"level": "entity"},
        "/api/v1/portfolio/runs/snapshot/": {"year": 2024, "level": "entity"},
        "/api/v1/portfolio/accounts/{id}/ratings/": {"criterion": "reference", "score": 3},
        "/api/v1/portfolio/nominations/": {
            "account": data["accounts"],
            "decision": "nominated",
            "proposed_tier": "key",
        },
        "/api/v1/plans/": {"account": data["accounts"], "period_start": "2031-01-01", "period_end": "2031-12-31"},
        "/api/v1/plans/{id}/submit/": {"comment": "Ready"},
        "/api/v1/plans/{id}/approve/": {"comment": "Good"},
        "/api/v1/plans/{id}/request-changes/": {"comment": "Add the Polish plant"},
        "/api/v1/plans/{id}/comment/": {"comment": "Seen"},
        "/api/v1/plan-goals/": {
            "plan": data["plans"],
            "title": "Schema",
            "metric": "revenue",
            "baseline": "1",
            "target": "2",
            "due_date": "2026-12-31",
        },
        "/api/v1/plan-measures/": {"plan": data["plans"], "title": "Schema", "department": "sales"},
        "/api/v1/plan-risks/": {"plan": data["plans"], "description": "Schema", "probability": 1, "impact": 5},
        "/api/v1/plan-swot-items/": {"plan": data["plans"], "kind": "weakness", "text": "Schema"},
        "/api/v1/plan-wallet-estimates/": {"account": data["accounts"], "year": 2031, "estimated_spend": "9.50"},
        "/api/v1/plan-whitespace-entries/": {
            "account": data["accounts"],
            "product_line": data["product-lines"],
            "status": "no_need",
        },
        "/api/v1/activities/": {
            "account": data["accounts"],
            "kind": "visit",
            "start": "2026-03-03T10:00:00+01:00",
            "contacts": [data["contacts"]],
            "next_step": "Send the offer",
            "follow_up": {"department": "sales", "due_date": "2026-03-10"},
        },
        "/api/v1/tasks/": {"account": data["accounts"], "title": "Schema", "department": "finance"},
        "/api/v1/tasks/{id}/complete/": {"comment": "Done"},
        "/api/v1/task-comments/": {"task": data["tasks"], "text": "Schema"},
    }


# The review steps answer with the plan they changed; everything else posted creates something.
WRITE_STATUS = {
    "/api/v1/plans/{id}/submit/": 200,
    "/api/v1/plans/{id}/approve/": 200,
    "/api/v1/plans/{id}/request-changes/": 200,
    "/api/v1/tasks/{id}/complete/": 200,
}


def test_every_write_answer_matches_the_schema(data):
    client = token_client(UserFactory.create(role=Role.ADMIN))
    payloads = valid_payloads(data)
    posts = {p for p, ops in served_schema()["paths"].items() if "post" in ops}
    assert posts == set(payloads)
    for path, payload in payloads.items():
        response = client.post(concrete(path, data), payload, format="json")
        assert response.status_code == WRITE_STATUS.get(path, 201), (path, response.content[:300])
        validate_response(path, "POST", response)
    for path in [p for p, ops in served_schema()["paths"].items() if "patch" in ops]:
        response = client.patch(concrete(path, data), {}, format="json")
        assert response.status_code == 200, (path, response.content[:300])
        validate_response(path, "PATCH", response)


def test_error_answers_match_the_schema(data):
    admin = token_client(UserFactory.create(role=Role.ADMIN))
    member = token_client(UserFactory.create(role=Role.TEAM_MEMBER))
    cases = [
        (token_client(None), "get", "/api/v1/accounts/", "/api/v1/accounts/", {}),
        (admin, "get", "/api/v1/accounts/{id}/", "/api/v1/accounts/999999/", {}),
        (admin, "get", "/api/v1/order-lines/", "/api/v1/order-lines/?date_from=notadate", {}),
        (admin, "post", "/api/v1/contacts/", "/api/v1/contacts/", {"last_name": ""}),
        (member, "post", "/api/v1/products/", "/api/v1/products/", {}),
        (admin, "delete", "/api/v1/accounts/{id}/", f"/api/v1/accounts/{data['accounts']}/", {}),
        (member, "post", "/api/v1/portfolio/nominations/", "/api/v1/portfolio/nominations/", {"account": 1}),
        (admin, "post", "/api/v1/portfolio/runs/snapshot/", "/api/v1/portfolio/runs/snapshot/", {"year": "x"}),
        (admin, "get", "/api/v1/portfolio/entries/", "/api/v1/portfolio/entries/?run=999999", {}),
        (admin, "post", "/api/v1/plan-risks/", "/api/v1/plan-risks/", {"plan": data["plans"], "probability": 7}),
        (member, "post", "/api/v1/plans/{id}/approve/", f"/api/v1/plans/{data['plans']}/approve/", {"c": 1}),
        (admin, "get", "/api/v1/plans/{id}/compare/", f"/api/v1/plans/{data['plans']}/compare/?old=x", {}),
    ]
    for client, method, path, url, payload in cases:
        response = getattr(client, method)(url, payload, format="json") if payload else getattr(client, method)(url)
        assert response.status_code >= 400, (url, response.status_code)
        validate_response(path, method.upper(), response)


def test_browsable_docs_load_their_script_from_the_same_origin(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts
    assert all(" src=" in tag for tag in scripts), scripts
    assert "style=" not in html
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "javascript" in script["Content-Type"]
    assert "SwaggerUIBundle" in script.content.decode()


def test_schema_generation_has_no_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/accounts/" in target.read_text()
