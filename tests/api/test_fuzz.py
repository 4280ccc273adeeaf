"""Property-style tests: random and malformed input never makes the API answer 5xx.

Payloads are drawn from the request schemas of the served OpenAPI document: the documented
fields with plausible, wrong-typed, out-of-range, oversized and non-Unicode values, plus
documents that are not objects at all. Runs are derandomized so CI sees the same cases every
time; set KAM_FUZZ_EXAMPLES (and KAM_FUZZ_RANDOM=1) for a longer, random hunt.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
)
from kam.portfolio.choices import Level
from kam.portfolio.tests.factories import PortfolioEntryFactory, PortfolioRunFactory
from kam.tasks.tests.factories import TaskFactory
from kam.users.choices import Role
from kam.users.tests.factories import UserFactory
from tests.api.schema import served_schema, validate_response
from tests.api.support import token_client

EXAMPLES = int(os.environ.get("KAM_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("KAM_FUZZ_RANDOM") != "1",
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

CREATE_PATHS = [
    "/api/v1/accounts/",
    "/api/v1/accounts/{id}/team/",
    "/api/v1/contacts/",
    "/api/v1/products/",
    "/api/v1/product-lines/",
    "/api/v1/order-lines/",
    "/api/v1/portfolio/runs/refresh/",
    "/api/v1/portfolio/runs/snapshot/",
    "/api/v1/portfolio/accounts/{id}/ratings/",
    "/api/v1/portfolio/nominations/",
    "/api/v1/plans/",
    "/api/v1/plans/{id}/submit/",
    "/api/v1/plans/{id}/approve/",
    "/api/v1/plans/{id}/request-changes/",
    "/api/v1/plans/{id}/comment/",
    "/api/v1/plan-goals/",
    "/api/v1/plan-measures/",
    "/api/v1/plan-risks/",
    "/api/v1/plan-swot-items/",
    "/api/v1/plan-wallet-estimates/",
    "/api/v1/plan-whitespace-entries/",
    "/api/v1/activities/",
    "/api/v1/tasks/",
    "/api/v1/tasks/{id}/complete/",
    "/api/v1/task-comments/",
]
UPDATE_PATHS = [
    "/api/v1/accounts/{id}/",
    "/api/v1/contacts/{id}/",
    "/api/v1/products/{id}/",
    "/api/v1/product-lines/{id}/",
    "/api/v1/order-lines/{id}/",
    "/api/v1/plans/{id}/",
    "/api/v1/plan-goals/{id}/",
    "/api/v1/plan-measures/{id}/",
    "/api/v1/plan-risks/{id}/",
    "/api/v1/plan-swot-items/{id}/",
    "/api/v1/activities/{id}/",
    "/api/v1/tasks/{id}/",
]
LIST_PATHS = [
    "/api/v1/accounts/",
    "/api/v1/contacts/",
    "/api/v1/products/",
    "/api/v1/product-lines/",
    "/api/v1/order-lines/",
    "/api/v1/users/",
    "/api/v1/portfolio/runs/",
    "/api/v1/portfolio/entries/",
    "/api/v1/portfolio/candidates/",
    "/api/v1/portfolio/nominations/",
    "/api/v1/plans/",
    "/api/v1/plan-goals/",
    "/api/v1/plan-measures/",
    "/api/v1/plan-risks/",
    "/api/v1/plan-swot-items/",
    "/api/v1/plan-versions/",
    "/api/v1/plan-wallet-estimates/",
    "/api/v1/plan-whitespace-entries/",
    "/api/v1/activities/",
    "/api/v1/tasks/",
    "/api/v1/task-comments/",
]

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
big_int = st.integers(min_value=-(2**80), max_value=2**80)
junk = st.recursive(
    st.none() | st.booleans() | big_int | st.floats(allow_nan=True, allow_infinity=True) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def test_fuzzed_paths_are_all_writable_and_listed_paths():
    paths = served_schema()["paths"]
    assert sorted(p for p, ops in paths.items() if "post" in ops) == sorted(CREATE_PATHS)
    assert sorted(p for p, ops in paths.items() if "patch" in ops) == sorted(UPDATE_PATHS)
    assert sorted(p for p, ops in paths.items() if "get" in ops and "{" not in p and not p.endswith("/me/")) == sorted(
        LIST_PATHS
    )


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = served_schema()["components"]["schemas"][name]
    return schema


def plausible(schema: dict[str, Any], ids: list[int]) -> st.SearchStrategy[Any]:
    """Values that look like what a property wants (and often almost are)."""
    schema = _resolve(schema)
    for key in ("oneOf", "anyOf", "allOf"):
        if key in schema:
            return st.one_of([plausible(option, ids) for option in schema[key]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"]) | st.sampled_from([str(e).upper() + "x" for e in schema["enum"]])
    kind = schema.get("type")
    if kind == "integer":
        return st.sampled_from(ids) | st.integers(min_value=-5, max_value=2**31 + 5)
    if kind == "number":
        return st.decimals(allow_nan=False, places=3).map(str) | st.integers(-(10**16), 10**16)
    if kind == "boolean":
        return st.booleans() | st.sampled_from(["true", "0", "yes"])
    fmt = schema.get("format")
    if fmt == "date":
        return st.dates().map(str) | st.sampled_from(["2025-02-30", "0000-01-01", "20250101"])
    if fmt == "decimal":
        return st.decimals(allow_nan=False, allow_infinity=False).map(str)
    if fmt in ("uri", "email"):
        return st.emails() | st.sampled_from(["https://customer.example", "http://", "@"])
    limit = schema.get("maxLength", 50)
    return st.text(max_size=limit + 2) | st.just("x" * (limit + 1))


def payloads(path: str, method: str, ids: list[int], valid: dict[str, Any]) -> st.SearchStrategy[Any]:
    """JSON documents for one operation.

    A valid document with a few fields changed or dropped (to get past the first check and reach
    the services), objects made of the documented keys, and sometimes anything at all.
    """
    operation = served_schema()["paths"][path][method]
    schema = _resolve(operation["requestBody"]["content"]["application/json"]["schema"])
    properties = schema.get("properties", {})
    fields = {
        name: plausible(prop, ids) | junk for name, prop in properties.items() if not _resolve(prop).get("readOnly")
    }
    changes = st.fixed_dictionaries({}, optional=fields)
    dropped = st.sets(st.sampled_from(sorted(valid) or [""]), max_size=2)
    mutated = st.builds(
        lambda change, drop: {k: v for k, v in {**valid, **change}.items() if k not in drop}, changes, dropped
    )
    return mutated | changes | junk


def valid_documents(objects: dict[str, int], users: dict[str, int]) -> dict[str, dict[str, Any]]:
    """One valid document per create path; external ids and codes vary so that some succeed."""
    return {
        "/api/v1/accounts/": {"name": "Fuzz GmbH", "tier": "key", "country": "FR", "parent": objects["accounts"]},
        "/api/v1/accounts/{id}/team/": {"user": users["member"], "department": "sales"},
        "/api/v1/contacts/": {"account": objects["accounts"], "last_name": "Fuzz", "influence": 2},
        "/api/v1/products/": {
            "sku": "FUZZ-1",
            "name": "Fuzz",
            "product_line": objects["product-lines"],
            "list_price": "1.00",
            "margin_percent": "2.50",
        },
        "/api/v1/product-lines/": {"code": "FUZZ", "name": "Fuzz line"},
        "/api/v1/order-lines/": {
            "external_id": "OL-FUZZ",
            "account": objects["accounts"],
            "product": objects["products"],
            "date": "2025-01-31",
            "quantity": "1",
            "net_revenue": "5",
            "margin": "1",
        },
        "/api/v1/portfolio/runs/refresh/": {
            "level": "entity",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
        },
        "/api/v1/portfolio/runs/snapshot/": {"year": 2024},
        "/api/v1/portfolio/accounts/{id}/ratings/": {"criterion": "care", "score": 3, "comment": "Fuzz"},
        "/api/v1/portfolio/nominations/": {
            "account": objects["accounts"],
            "decision": "declined",
            "proposed_tier": "key",
            "comment": "Fuzz",
        },
        "/api/v1/plans/": {"account": objects["accounts"], "period_start": "2031-01-01", "period_end": "2031-12-31"},
        "/api/v1/plans/{id}/submit/": {"comment": "Fuzz"},
        "/api/v1/plans/{id}/approve/": {"comment": "Fuzz"},
        "/api/v1/plans/{id}/request-changes/": {"comment": "Fuzz"},
        "/api/v1/plans/{id}/comment/": {"comment": "Fuzz"},
        "/api/v1/plan-goals/": {
            "plan": objects["plans"],
            "title": "Fuzz",
            "metric": "count",
            "baseline": "1",
            "target": "2",
            "due_date": "2026-12-31",
        },
        "/api/v1/plan-measures/": {"plan": objects["plans"], "title": "Fuzz", "department": "sales"},
        "/api/v1/plan-risks/": {"plan": objects["plans"], "description": "Fuzz", "probability": 2, "impact": 3},
        "/api/v1/plan-swot-items/": {"plan": objects["plans"], "kind": "strength", "text": "Fuzz"},
        "/api/v1/plan-wallet-estimates/": {
            "account": objects["accounts"],
            "product_line": objects["product-lines"],
            "year": 2025,
            "estimated_spend": "1000",
        },
        "/api/v1/plan-whitespace-entries/": {
            "account": objects["accounts"],
            "product_line": objects["product-lines"],
            "status": "competitor",
            "competitor": "Fuzz AG",
        },
        "/api/v1/activities/": {
            "account": objects["accounts"],
            "kind": "meeting",
            "start": "2026-03-03T10:00:00Z",
            "end": "2026-03-03T11:00:00Z",
            "contacts": [objects["contacts"]],
            "next_step": "Fuzz",
            "follow_up": {"assignee": users["kam"], "priority": "high"},
        },
        "/api/v1/tasks/": {"account": objects["accounts"], "title": "Fuzz", "assignee": users["kam"]},
        "/api/v1/tasks/{id}/complete/": {"comment": "Done"},
        "/api/v1/task-comments/": {"task": objects["tasks"], "text": "Fuzz"},
    }


@pytest.fixture
def world(db):
    """Objects for payloads to refer to, and the clients that send them."""
    admin = UserFactory.create(role=Role.ADMIN)
    kam = UserFactory.create(role=Role.KAM)
    member = UserFactory.create(role=Role.TEAM_MEMBER)
    account = AccountFactory.create(owner=kam)
    AccountTeamMemberFactory.create(account=account)
    hidden = AccountFactory.create()
    contact = ContactFactory.create(account=account)
    line = OrderLineFactory.create(account=account)
    run = PortfolioRunFactory.create(level=Level.GROUP)
    PortfolioEntryFactory.create(run=run, account=account, direction="promote")
    PortfolioEntryFactory.create(run=run, account=hidden)
    plan = GoalFactory.create(plan=AccountPlanFactory.create(account=account)).plan
    version = PlanVersionFactory.create(plan=plan)
    activity = ActivityFactory.create(account=account, kind="meeting")
    task = TaskFactory.create(account=account, assignee=kam, source_activity=activity)
    objects = {
        "activities": activity.pk,
        "tasks": task.pk,
        "plans": plan.pk,
        "plan-goals": plan.goals.get().pk,
        "plan-measures": MeasureFactory.create(plan=plan).pk,
        "plan-risks": RiskFactory.create(plan=plan).pk,
        "plan-swot-items": SwotItemFactory.create(plan=plan).pk,
        "plan-versions": version.pk,
        "accounts": account.pk,
        "contacts": contact.pk,
        "products": line.product_id,
        "product-lines": line.product.product_line_id,
        "order-lines": line.pk,
        "portfolio/accounts": account.pk,
        "portfolio/runs": run.pk,
    }
    ids = sorted({account.pk, hidden.pk, contact.pk, line.pk, line.product_id, kam.pk, admin.pk, run.pk, 0, -1})
    valid = valid_documents(objects, {"member": member.pk, "kam": kam.pk})
    return {"clients": [token_client(admin), token_client(kam)], "objects": objects, "ids": ids, "valid": valid}


def concrete(path: str, objects: dict[str, int]) -> str:
    if "{id}" not in path:
        return path
    parts = path.split("/")
    resource = "/".join(parts[3:5]) if parts[3] == "portfolio" else parts[3]
    return path.replace("{id}", str(objects[resource]))


def check(response: Any, path: str, method: str) -> None:
    assert response.status_code < 500, (method, path, response.status_code, response.content[:500])
    if response.status_code >= 400 and response.status_code != 405:
        body = response.json()
        assert set(body) == {"message", "errors"}, body
        assert body["message"]
    if response.status_code in (200, 201, 400, 403, 404, 409):
        validate_response(path, method, response)


def send(client: Any, method: str, url: str, document: Any) -> Any:
    body = json.dumps(document)  # allow_nan: NaN and Infinity reach the server as bare tokens
    return client.generic(method, url, body, content_type="application/json")


@pytest.mark.parametrize("path", CREATE_PATHS)
def test_random_creates_never_fail_with_5xx(world, path):
    @FUZZ
    @given(
        document=payloads(path, "post", world["ids"], world["valid"][path]), who=st.integers(min_value=0, max_value=1)
    )
    def run(document: Any, who: int) -> None:
        response = send(world["clients"][who], "POST", concrete(path, world["objects"]), document)
        check(response, path, "POST")

    run()


@pytest.mark.parametrize("path", UPDATE_PATHS)
def test_random_updates_never_fail_with_5xx(world, path):
    @FUZZ
    @given(document=payloads(path, "patch", world["ids"], {}), who=st.integers(min_value=0, max_value=1))
    def run(document: Any, who: int) -> None:
        response = send(world["clients"][who], "PATCH", concrete(path, world["objects"]), document)
        check(response, path, "PATCH")

    run()


def query_values() -> st.SearchStrategy[str]:
    return (
        st.text(max_size=40)
        | st.integers(min_value=-(2**70), max_value=2**70).map(str)
        | st.sampled_from(["", "NaN", "-inf", "1e400", "2025-13-01", "true", "key", "-name", "0x10", "1.5", "\x00"])
    )


@pytest.mark.parametrize("path", LIST_PATHS)
def test_random_filters_never_fail_with_5xx(world, path):
    parameters = [p["name"] for p in served_schema()["paths"][path]["get"].get("parameters", [])]
    assert "page" in parameters

    @FUZZ
    @given(
        params=st.dictionaries(st.sampled_from([*parameters, "unknown"]), query_values(), max_size=4),
        who=st.integers(min_value=0, max_value=1),
    )
    def run(params: dict[str, str], who: int) -> None:
        response = world["clients"][who].get(path, params)
        check(response, path, "GET")

    run()


ODD_ID_PATHS = [
    *UPDATE_PATHS,
    "/api/v1/users/{id}/",
    "/api/v1/portfolio/runs/{id}/",
    "/api/v1/portfolio/runs/{id}/compare/",
    "/api/v1/portfolio/accounts/{id}/ratings/",
    "/api/v1/plans/{id}/reviews/",
    "/api/v1/plans/{id}/compare/",
    "/api/v1/plan-versions/{id}/",
    "/api/v1/plan-wallet-estimates/{id}/",
    "/api/v1/plan-whitespace-entries/{id}/",
]


@pytest.mark.parametrize("path", ODD_ID_PATHS)
def test_odd_ids_in_paths_are_404(world, path):
    client = world["clients"][0]
    for odd in ["abc", "-1", "0", "1.5", "9" * 40, "%00", "1e3", "%F0%9F%92%A9"]:
        response = client.get(path.replace("{id}", odd))
        assert response.status_code == 404, (path, odd, response.status_code)
        assert set(response.json()) == {"message", "errors"}
