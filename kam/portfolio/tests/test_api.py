"""The portfolio API: who reads what, who may compute and decide, bad input answers 400 and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

import pytest

from kam.accounts.models import Account, TierChange
from kam.portfolio.choices import Level, RunKind
from kam.portfolio.models import CriterionRating, Nomination, PortfolioEntry, PortfolioRun
from kam.portfolio.tests.factories import (
    CriterionRatingFactory,
    NominationFactory,
    PortfolioEntryFactory,
    PortfolioRunFactory,
)
from kam.users.models import User
from kam.users.tests.factories import UserFactory
from tests.api.schema import validate_response
from tests.api.support import assert_error, make_portfolio, token_client

pytestmark = pytest.mark.django_db

RUNS = "/api/v1/portfolio/runs/"
ENTRIES = "/api/v1/portfolio/entries/"
CANDIDATES = "/api/v1/portfolio/candidates/"
NOMINATIONS = "/api/v1/portfolio/nominations/"
REFRESH = "/api/v1/portfolio/runs/refresh/"
SNAPSHOT = "/api/v1/portfolio/runs/snapshot/"
RATINGS = "/api/v1/portfolio/accounts/{id}/ratings/"
GROWTH_REASON = {"code": "growth", "params": {"percent": 18, "years": 1}}


def ratings_url(account: Account) -> str:
    return RATINGS.replace("{id}", str(account.pk))


@pytest.fixture
def world(kam_user, member_user) -> dict[str, Any]:
    """The four accounts of make_portfolio in an entity-level run; "Other" and "Owned" are candidates.

    Values 400, 300, 200, 100 (total 1,000): Other, Owned, OnTeam, MemberOf in rank order.
    """
    accounts = make_portfolio(kam_user, member_user)
    run = cast(PortfolioRun, PortfolioRunFactory(level=Level.ENTITY, accounts_count=4, total=Decimal("1000.00")))
    run.summary = {"accounts": 4, "total": 1000.0, "classes": {"A": {"count": 2, "value": 700.0, "share": 0.7,
                   "customer_share": 0.5}}, "grid": {"AX": 2}, "quadrants": {"key_account": 4},
                   "pareto": [[0.0, 0.0], [1.0, 1.0]], "candidates": {"promote": 2}}  # fmt: skip
    run.save()
    specs = [
        ("other", 400, "A", "promote", [GROWTH_REASON]),
        ("owned", 300, "A", "promote", [{"code": "abc", "params": {"abc": "A", "xyz": "X"}}]),
        ("on_team", 200, "B", "", []),
        ("member_of", 100, "C", "", []),
    ]
    cumulative = 0
    entries = {}
    for rank, (name, value, abc, direction, reasons) in enumerate(specs, 1):
        cumulative += value
        entries[name] = PortfolioEntryFactory(
            run=run, account=accounts[name], rank=rank, value=Decimal(value), revenue=Decimal(value),
            share=value / 1000, cumulative_share=cumulative / 1000, abc=abc, direction=direction,
            suggested_tier="key" if direction else "standard", growth=0.18 if reasons else None,
        )  # fmt: skip
    return {**accounts, "run": run, "entries": entries}


def results(response: Any, path: str) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content[:500]
    validate_response(path, "GET", response)
    return response.json()["results"]


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [row["account_name"] for row in rows]


# --- anonymous -------------------------------------------------------------------------------


def test_anonymous_is_401_everywhere(world):
    client = token_client(None)
    for url in [RUNS, f"{RUNS}{world['run'].pk}/", ENTRIES, CANDIDATES, NOMINATIONS, ratings_url(world["owned"])]:
        assert_error(client.get(url), 401)
    for url in [REFRESH, SNAPSHOT, NOMINATIONS, ratings_url(world["owned"])]:
        assert_error(client.post(url, {}, format="json"), 401)
    assert PortfolioRun.objects.count() == 1


# --- runs --------------------------------------------------------------------------------------


def test_runs_list_for_every_signed_in_user(world, member_user):
    snapshot = PortfolioRunFactory.create(kind=RunKind.SNAPSHOT, label="2024")
    rows = results(token_client(member_user).get(RUNS), RUNS)
    assert [row["id"] for row in rows] == [snapshot.pk, world["run"].pk]
    rows = results(token_client(member_user).get(RUNS, {"kind": "snapshot"}), RUNS)
    assert [row["label"] for row in rows] == ["2024"]
    assert_error(token_client(member_user).get(RUNS, {"kind": "weekly"}), 400, "kind")


def test_run_detail_head_gets_stored_summary(world, head_user):
    path = "/api/v1/portfolio/runs/{id}/"
    response = token_client(head_user).get(f"{RUNS}{world['run'].pk}/")
    assert response.status_code == 200
    validate_response(path, "GET", response)
    body = response.json()
    assert body["restricted"] is False
    assert body["summary"]["accounts"] == 4
    assert body["summary"]["classes"]["A"] == {"count": 2, "value": 700.0, "share": 0.7, "customer_share": 0.5}


def test_run_detail_kam_gets_summary_over_own_accounts(world, kam_user):
    response = token_client(kam_user).get(f"{RUNS}{world['run'].pk}/")
    validate_response("/api/v1/portfolio/runs/{id}/", "GET", response)
    summary = response.json()["summary"]
    assert response.json()["restricted"] is True
    # Owned (300, A) and OnTeam (200, B): 2 accounts, 500 in total, A holds 300 of it.
    assert summary["accounts"] == 2
    assert summary["total"] == 500.0
    assert summary["classes"]["A"]["count"] == 1
    assert summary["classes"]["A"]["share"] == pytest.approx(0.6)
    assert summary["candidates"]["promote"] == 1
    assert summary["candidates"].get("demote", 0) == 0


def test_unknown_run_is_404(world, head_user):
    assert_error(token_client(head_user).get(f"{RUNS}999999/"), 404)
    assert_error(token_client(head_user).get(f"{RUNS}abc/"), 404)


# --- entries and candidates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role_user", "expected"),
    [
        ("head_user", ["Other", "Owned", "OnTeam", "MemberOf"]),
        ("admin_user", ["Other", "Owned", "OnTeam", "MemberOf"]),
        ("kam_user", ["Owned", "OnTeam"]),
        ("member_user", ["MemberOf"]),
    ],
)
def test_entries_only_of_visible_accounts_in_rank_order(request, world, role_user, expected):
    user = request.getfixturevalue(role_user)
    rows = results(token_client(user).get(ENTRIES, {"run": world["run"].pk}), ENTRIES)
    assert names(rows) == expected


def test_entry_fields_and_reasons_in_words(world, head_user):
    rows = results(token_client(head_user).get(ENTRIES, {"run": world["run"].pk}), ENTRIES)
    first = rows[0]
    assert first["account"] == world["other"].pk
    assert (first["rank"], first["value"], first["share"], first["cumulative_share"]) == (1, "400.00", 0.4, 0.4)
    assert (first["tier"], first["suggested_tier"], first["direction"]) == ("standard", "key", "promote")
    growth = next(reason for reason in first["reasons"] if reason["code"] == "growth")
    assert growth["params"] == {"percent": 18, "years": 1}
    assert "18" in growth["text"]
    assert growth["text"] != "growth"
    assert first["reasons"][0] == {
        "code": "top_share", "params": {"percent": 25}, "text": first["reasons"][0]["text"]
    }  # fmt: skip


def test_entries_default_to_the_latest_current_run_of_basis_and_level(world, head_user):
    client = token_client(head_user)
    rows = results(client.get(ENTRIES, {"level": "entity"}), ENTRIES)
    assert len(rows) == 4
    # The settings default to the group level, where nothing is stored yet.
    body = assert_error(client.get(ENTRIES), 404)
    assert "refresh" in body["message"]
    group = PortfolioRunFactory(level=Level.GROUP)
    PortfolioEntryFactory(run=group, account=world["other"], rank=1)
    assert names(results(client.get(ENTRIES), ENTRIES)) == ["Other"]


def test_entries_take_the_shared_filters(world, head_user, kam_user):
    client = token_client(head_user)
    run = world["run"].pk
    assert names(results(client.get(ENTRIES, {"run": run, "abc": "A"}), ENTRIES)) == ["Other", "Owned"]
    assert names(results(client.get(ENTRIES, {"run": run, "q": "member"}), ENTRIES)) == ["MemberOf"]
    assert names(results(client.get(ENTRIES, {"run": run, "ordering": "value"}), ENTRIES))[0] == "MemberOf"
    kam_rows = results(token_client(kam_user).get(ENTRIES, {"run": run, "abc": "A"}), ENTRIES)
    assert names(kam_rows) == ["Owned"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"abc": "Q"}, "abc"),
        ({"run": "abc"}, "run"),
        ({"run": "1", "level": "entity"}, "run"),
        ({"level": "x"}, "level"),
    ],
)
def test_bad_entry_parameters_are_400(world, head_user, params, field):
    if field == "abc":
        params = {**params, "run": world["run"].pk}
    response = token_client(head_user).get(ENTRIES, params)
    assert_error(response, 400, field)
    validate_response(ENTRIES, "GET", response)


def test_unknown_run_of_entries_is_404(world, head_user):
    assert_error(token_client(head_user).get(ENTRIES, {"run": 999999}), 404)


def test_candidates_only_visible_and_not_declined(world, head_user, kam_user, member_user):
    run = world["run"].pk
    assert names(results(token_client(head_user).get(CANDIDATES, {"run": run}), CANDIDATES)) == ["Other", "Owned"]
    assert names(results(token_client(kam_user).get(CANDIDATES, {"run": run}), CANDIDATES)) == ["Owned"]
    assert results(token_client(member_user).get(CANDIDATES, {"run": run}), CANDIDATES) == []
    NominationFactory(account=world["other"], from_tier="standard", proposed_tier="key", decision="declined")
    assert names(results(token_client(head_user).get(CANDIDATES, {"run": run}), CANDIDATES)) == ["Owned"]


# --- ratings -----------------------------------------------------------------------------------


def test_ratings_list_every_rated_criterion(world, member_user):
    rater = cast(User, UserFactory())
    CriterionRatingFactory(account=world["member_of"], criterion="innovation", score=4, rated_by=rater)
    response = token_client(member_user).get(ratings_url(world["member_of"]))
    assert response.status_code == 200
    validate_response(RATINGS, "GET", response)
    rows = {row["criterion"]: row for row in response.json()}
    assert set(rows) == {"reference", "innovation", "know_how", "care"}
    assert (rows["innovation"]["score"], rows["innovation"]["rated_by"]) == (4, rater.pk)
    assert rows["reference"]["score"] is None
    assert rows["reference"]["rated_at"] is None


def test_ratings_of_an_invisible_account_are_404(world, kam_user):
    client = token_client(kam_user)
    assert_error(client.get(ratings_url(world["other"])), 404)
    assert_error(client.post(ratings_url(world["other"]), {"criterion": "care", "score": 3}, format="json"), 404)
    assert not CriterionRating.objects.exists()


def test_kam_rates_own_account_201_then_200(world, kam_user):
    client = token_client(kam_user)
    url = ratings_url(world["owned"])
    response = client.post(url, {"criterion": "reference", "score": 5, "comment": "Lighthouse"}, format="json")
    assert response.status_code == 201, response.content
    validate_response(RATINGS, "POST", response)
    assert (response.json()["score"], response.json()["rated_by"]) == (5, kam_user.pk)
    response = client.post(url, {"criterion": "reference", "score": 2}, format="json")
    assert response.status_code == 200
    rating = CriterionRating.objects.get(account=world["owned"], criterion="reference")
    assert (rating.score, rating.rated_by_id) == (2, kam_user.pk)


def test_team_member_may_not_rate(world, member_user):
    response = token_client(member_user).post(
        ratings_url(world["member_of"]), {"criterion": "care", "score": 3}, format="json"
    )
    assert_error(response, 403)
    validate_response(RATINGS, "POST", response)
    assert not CriterionRating.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"criterion": "care", "score": 6}, "score"),
        ({"criterion": "care", "score": -1}, "score"),
        ({"criterion": "revenue", "score": 3}, "criterion"),
        ({"score": 3}, "criterion"),
        ({"criterion": "care", "score": 3, "comment": "x" * 501}, "comment"),
    ],
)
def test_bad_rating_is_400_and_changes_nothing(world, kam_user, payload, field):
    CriterionRatingFactory(account=world["owned"], criterion="care", score=1)
    response = token_client(kam_user).post(ratings_url(world["owned"]), payload, format="json")
    assert_error(response, 400, field)
    validate_response(RATINGS, "POST", response)
    assert list(CriterionRating.objects.values_list("criterion", "score")) == [("care", 1)]


# --- nominations -------------------------------------------------------------------------------


def test_head_nominates_with_owner(world, head_user, kam_user):
    payload = {"account": world["other"].pk, "decision": "nominated", "proposed_tier": "key", "owner": kam_user.pk}
    response = token_client(head_user).post(NOMINATIONS, payload, format="json")
    assert response.status_code == 201, response.content
    validate_response(NOMINATIONS, "POST", response)
    body = response.json()
    assert (body["from_tier"], body["proposed_tier"], body["decided_by"]) == ("standard", "key", head_user.pk)
    assert "growth" in [reason["code"] for reason in body["reasons"]]
    account = Account.objects.get(pk=world["other"].pk)
    assert (account.tier, account.owner_id) == ("key", kam_user.pk)
    change = TierChange.objects.get(account=account)
    assert (change.old_tier, change.new_tier, change.source) == ("standard", "key", "nomination")


def test_head_declines_with_comment(world, admin_user):
    payload = {"account": world["owned"].pk, "decision": "declined", "proposed_tier": "key", "comment": "Too small"}
    response = token_client(admin_user).post(NOMINATIONS, payload, format="json")
    assert response.status_code == 201, response.content
    assert Account.objects.get(pk=world["owned"].pk).tier == "standard"
    assert Nomination.objects.get().comment == "Too small"


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_kam_and_member_may_not_nominate(request, world, role_user):
    user = request.getfixturevalue(role_user)
    account = world["owned"] if role_user == "kam_user" else world["member_of"]
    payload = {"account": account.pk, "decision": "nominated", "proposed_tier": "key"}
    response = token_client(user).post(NOMINATIONS, payload, format="json")
    body = assert_error(response, 403)
    validate_response(NOMINATIONS, "POST", response)
    assert "head of key account management" in body["message"]
    assert not Nomination.objects.exists()
    assert Account.objects.get(pk=account.pk).tier == "standard"
    assert not TierChange.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"decision": "declined", "comment": "  "}, "comment"),
        ({"decision": "maybe"}, "decision"),
        ({"proposed_tier": "platinum"}, "proposed_tier"),
        ({"account": 999999}, "account"),
        ({"account": None}, "account"),
        ({"owner": 999999}, "owner"),
        ({"decision": "declined", "comment": "No", "owner": "OWNER"}, "owner"),
    ],
)
def test_bad_nomination_is_400_and_changes_nothing(world, head_user, kam_user, change, field):
    payload = {"account": world["other"].pk, "decision": "nominated", "proposed_tier": "key", **change}
    if payload.get("owner") == "OWNER":
        payload["owner"] = kam_user.pk
    response = token_client(head_user).post(NOMINATIONS, payload, format="json")
    body = assert_error(response, 400, field)
    validate_response(NOMINATIONS, "POST", response)
    assert field in body["message"]
    assert not Nomination.objects.exists()
    assert Account.objects.get(pk=world["other"].pk).tier == "standard"


def test_declining_explains_the_missing_comment(world, head_user):
    payload = {"account": world["other"].pk, "decision": "declined", "proposed_tier": "key"}
    body = assert_error(token_client(head_user).post(NOMINATIONS, payload, format="json"), 400, "comment")
    assert "declined" in body["message"]


def test_nomination_list_only_visible_accounts(world, head_user, kam_user):
    NominationFactory(account=world["owned"])
    NominationFactory(account=world["other"], decision="declined")
    assert len(results(token_client(head_user).get(NOMINATIONS), NOMINATIONS)) == 2
    rows = results(token_client(kam_user).get(NOMINATIONS), NOMINATIONS)
    assert [row["account"] for row in rows] == [world["owned"].pk]
    rows = results(token_client(head_user).get(NOMINATIONS, {"decision": "declined"}), NOMINATIONS)
    assert [row["account"] for row in rows] == [world["other"].pk]


# --- refresh and snapshot ---------------------------------------------------------------------


def test_head_refreshes_for_a_period(world, head_user):
    payload = {"level": "entity", "period_start": "2024-07-01", "period_end": "2025-06-30"}
    response = token_client(head_user).post(REFRESH, payload, format="json")
    assert response.status_code == 201, response.content
    validate_response(REFRESH, "POST", response)
    body = response.json()
    assert (body["period_start"], body["period_end"], body["level"]) == ("2024-07-01", "2025-06-30", "entity")
    assert body["computed_by"] == head_user.pk
    # The new current run replaced the old one of the same basis and level.
    assert list(PortfolioRun.objects.values_list("pk", flat=True)) == [body["id"]]
    assert PortfolioEntry.objects.filter(run_id=body["id"]).count() == Account.objects.count()


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_kam_and_member_may_not_refresh_or_snapshot(request, world, role_user):
    client = token_client(request.getfixturevalue(role_user))
    assert_error(client.post(REFRESH, {}, format="json"), 403)
    response = client.post(SNAPSHOT, {"year": 2024}, format="json")
    assert_error(response, 403)
    validate_response(SNAPSHOT, "POST", response)
    assert list(PortfolioRun.objects.values_list("pk", flat=True)) == [world["run"].pk]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"period_start": "2025-07-01", "period_end": "2025-06-30"}, "period_end"),
        ({"period_start": "2025-07-01"}, "period_end"),
        ({"period_end": "2025-07-01"}, "period_start"),
        ({"period_start": "0001-01-01", "period_end": "2025-06-30"}, "period_start"),
        ({"period_start": "2010-01-01", "period_end": "2025-06-30"}, "period_end"),
        ({"period_start": "2025-02-30", "period_end": "2025-06-30"}, "period_start"),
        ({"basis": "profit"}, "basis"),
    ],
)
def test_bad_refresh_is_400_and_computes_nothing(world, head_user, payload, field):
    response = token_client(head_user).post(REFRESH, payload, format="json")
    assert_error(response, 400, field)
    validate_response(REFRESH, "POST", response)
    assert list(PortfolioRun.objects.values_list("pk", flat=True)) == [world["run"].pk]


def test_head_takes_a_snapshot_and_compares(world, head_user, kam_user):
    client = token_client(head_user)
    response = client.post(SNAPSHOT, {"year": 2024, "level": "entity"}, format="json")
    assert response.status_code == 201, response.content
    validate_response(SNAPSHOT, "POST", response)
    body = response.json()
    assert (body["kind"], body["label"], body["period_start"], body["period_end"]) == (
        "snapshot", "2024", "2024-01-01", "2024-12-31",
    )  # fmt: skip
    # Without order lines every account has no value: all are C in the snapshot.
    url = f"{RUNS}{world['run'].pk}/compare/"
    response = client.get(url, {"old": body["id"]})
    assert response.status_code == 200, response.content
    validate_response("/api/v1/portfolio/runs/{id}/compare/", "GET", response)
    moves = response.json()
    assert moves["abc_moves"] == {"C→A": 2, "C→B": 1, "C→C": 1}
    assert moves["quadrant_moves"] == {"standard→key_account": 4}
    assert [row["account_name"] for row in moves["rows"]] == ["Other", "Owned", "OnTeam", "MemberOf"]
    assert moves["rows"][0] == {
        "account": world["other"].pk, "account_name": "Other", "old_abc": "C", "new_abc": "A",
        "old_quadrant": "standard", "new_quadrant": "key_account",
    }  # fmt: skip
    kam_moves = token_client(kam_user).get(url, {"old": body["id"]}).json()
    assert kam_moves["abc_moves"] == {"C→A": 1, "C→B": 1}
    assert [row["account_name"] for row in kam_moves["rows"]] == ["Owned", "OnTeam"]


@pytest.mark.parametrize(("payload", "field"), [({"year": 1850}, "year"), ({"year": 3000}, "year"), ({}, "year")])
def test_bad_snapshot_is_400(world, head_user, payload, field):
    response = token_client(head_user).post(SNAPSHOT, payload, format="json")
    assert_error(response, 400, field)
    validate_response(SNAPSHOT, "POST", response)
    assert not PortfolioRun.objects.filter(kind=RunKind.SNAPSHOT).exists()


def test_compare_needs_a_known_old_run(world, head_user):
    url = f"{RUNS}{world['run'].pk}/compare/"
    assert_error(token_client(head_user).get(url), 400, "old")
    assert_error(token_client(head_user).get(url, {"old": "x"}), 400, "old")
    assert_error(token_client(head_user).get(url, {"old": 999999}), 404)


def test_refresh_as_a_head_uses_the_current_year_period_by_default(world, head_user):
    response = token_client(head_user).post(REFRESH, {"level": "entity"}, format="json")
    assert response.status_code == 201
    end = dt.date.fromisoformat(response.json()["period_end"])
    today = dt.date.today()
    assert end == today.replace(day=1) - dt.timedelta(days=1)
