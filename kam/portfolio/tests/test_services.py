import datetime as dt
import io
from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kam.accounts.choices import Tier, TierChangeSource
from kam.accounts.models import Account, TierChange
from kam.accounts.services import revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory
from kam.orders.importers import import_order_lines
from kam.orders.tests.factories import OrderLineFactory
from kam.portfolio import services
from kam.portfolio.choices import Basis, Criterion, Level, NominationDecision, RunKind
from kam.portfolio.models import CriterionRating, Nomination, PortfolioEntry, PortfolioRun, PortfolioSettings
from kam.portfolio.tests.factories import PortfolioEntryFactory, PortfolioRunFactory
from kam.products.tests.factories import ProductFactory
from kam.users.models import User
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def three() -> dict[str, Account]:
    """Revenue 2025: big 600, mid 300, small 100 (shares 60 %, 30 %, 10 %)."""
    accounts = {}
    for name, revenue in (("big", "600.00"), ("mid", "300.00"), ("small", "100.00")):
        account = cast(Account, AccountFactory(name=name))
        OrderLineFactory(account=account, date=dt.date(2025, 5, 5), net_revenue=Decimal(revenue), margin=Decimal("1"))
        accounts[name] = account
    revenue_summary_refresh()
    return accounts


def entries(run: PortfolioRun) -> dict[int, PortfolioEntry]:
    return {e.account_id: e for e in run.entries.all()}


def test_default_period_is_the_last_twelve_complete_months():
    assert services.default_period(dt.date(2026, 11, 27)) == (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert services.default_period(dt.date(2026, 1, 1)) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_refresh_stores_a_run_with_one_entry_per_account(three, head_user):
    run = services.portfolio_refresh(period_start=START, period_end=END, level=Level.ENTITY, user=head_user)
    assert (run.kind, run.basis, run.level, run.computed_by) == (
        RunKind.CURRENT,
        Basis.REVENUE,
        Level.ENTITY,
        head_user,
    )
    assert (run.period_start, run.period_end, run.accounts_count, run.total) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        3,
        Decimal("1000.00"),
    )
    stored = entries(run)
    big, mid, small = (stored[three[name].pk] for name in ("big", "mid", "small"))
    assert [(e.rank, e.value, e.revenue, e.abc) for e in (big, mid, small)] == [
        (1, Decimal("600.00"), Decimal("600.00"), "A"),
        (2, Decimal("300.00"), Decimal("300.00"), "A"),  # 60 % before it: below 80 %
        (3, Decimal("100.00"), Decimal("100.00"), "B"),  # 90 % before it: below 95 %
    ]
    assert (big.share, mid.cumulative_share) == pytest.approx((0.6, 0.9))
    assert big.margin == Decimal("1.00")
    assert big.revenue_previous is None
    assert big.xyz == "Z"  # one month of twelve: CV = √11 ≈ 3.3
    assert big.variation == pytest.approx(11**0.5)
    assert big.tier == Tier.STANDARD
    assert isinstance(big.reasons, list)
    assert big.reasons[0]["code"] == "top_share"
    assert set(big.criterion_scores) == {c.value for c in Criterion}
    assert run.summary["accounts"] == 3
    assert run.summary["classes"]["A"]["count"] == 2
    assert run.parameters["abc_a"] == 0.8


def test_refresh_on_margin_and_per_group(three):
    three["mid"].parent = three["big"]
    three["mid"].save()
    run = services.portfolio_refresh(period_start=START, period_end=END, basis=Basis.MARGIN, level=Level.GROUP)
    stored = entries(run)
    assert set(stored) == {three["big"].pk, three["small"].pk}
    assert stored[three["big"].pk].value == Decimal("2.00")  # margin of the group
    assert stored[three["big"].pk].revenue == Decimal("900.00")


def test_refresh_replaces_older_current_runs_but_keeps_snapshots_and_other_levels(three):
    snapshot = services.portfolio_snapshot_create(year=2025, level=Level.ENTITY)
    first = services.portfolio_refresh(period_start=START, period_end=END, level=Level.ENTITY)
    group = services.portfolio_refresh(period_start=START, period_end=END, level=Level.GROUP)
    second = services.portfolio_refresh(period_start=START, period_end=END, level=Level.ENTITY)
    assert set(PortfolioRun.objects.all()) == {snapshot, group, second}
    assert second.pk == first.pk  # the current run keeps its row (and id); its entries are replaced
    assert PortfolioEntry.objects.filter(run_id=second.pk).count() == 3
    assert snapshot.entries.count() == 3


def test_snapshot_covers_the_calendar_year_and_replaces_the_same_label(three):
    old = services.portfolio_snapshot_create(year=2025, level=Level.ENTITY)
    new = services.portfolio_snapshot_create(year=2025, level=Level.ENTITY)
    other = services.portfolio_snapshot_create(year=2024, level=Level.ENTITY)
    assert (new.kind, new.label, new.period_start, new.period_end) == (
        RunKind.SNAPSHOT,
        "2025",
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert set(PortfolioRun.objects.all()) == {new, other}
    assert new.pk == old.pk
    assert new.entries.count() == 3
    assert other.accounts_count == 3
    assert other.total == Decimal("0.00")


def test_refresh_takes_whole_months():
    run = services.portfolio_refresh(period_start=dt.date(2025, 3, 15), period_end=dt.date(2025, 5, 2))
    assert (run.period_start, run.period_end) == (dt.date(2025, 3, 1), dt.date(2025, 5, 31))
    run = services.portfolio_refresh(period_start=dt.date(2024, 7, 9))
    assert (run.period_start, run.period_end) == (dt.date(2024, 7, 1), dt.date(2025, 6, 30))


def test_refresh_refuses_bad_input_and_writes_nothing():
    with pytest.raises(ValidationError) as info:
        services.portfolio_refresh(period_start=dt.date(2025, 5, 1), period_end=dt.date(2025, 3, 31))
    assert "period_end" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.portfolio_refresh(basis="profit")
    assert "basis" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.portfolio_snapshot_create(year=1066)
    assert not PortfolioRun.objects.exists()


def test_refresh_and_snapshot_are_for_the_head_of_kam(kam_user, member_user):
    for user in (kam_user, member_user):
        with pytest.raises(PermissionDenied):
            services.portfolio_refresh(user=user)
        with pytest.raises(PermissionDenied):
            services.portfolio_snapshot_create(year=2025, user=user)
    assert not PortfolioRun.objects.exists()


def test_refresh_all_reruns_every_current_basis_and_level(three):
    assert [(r.basis, r.level) for r in services.portfolio_refresh_all()] == [(Basis.REVENUE, Level.GROUP)]
    services.portfolio_refresh(basis=Basis.MARGIN, level=Level.ENTITY)
    services.portfolio_snapshot_create(year=2024, basis=Basis.REVENUE, level=Level.ENTITY)
    runs = services.portfolio_refresh_all()
    assert sorted((r.basis, r.level) for r in runs) == [(Basis.MARGIN, Level.ENTITY), (Basis.REVENUE, Level.GROUP)]
    assert PortfolioRun.objects.filter(kind=RunKind.CURRENT).count() == 2


def test_order_line_import_refreshes_the_portfolio():
    account = cast(Account, AccountFactory(external_id="K1"))
    ProductFactory(sku="P1")
    last_month = services.default_period()[1]
    csv = (
        "external_id,account_external_id,product_sku,date,quantity,net_revenue,margin\n"
        f"L1,K1,P1,{last_month.isoformat()},1,250.00,50.00\n"
    )
    import_order_lines(io.BytesIO(csv.encode()))
    run = PortfolioRun.objects.get(kind=RunKind.CURRENT)
    assert entries(run)[account.pk].revenue == Decimal("250.00")


def test_dry_run_import_leaves_the_portfolio_alone():
    AccountFactory(external_id="K1")
    ProductFactory(sku="P1")
    csv = "external_id,account_external_id,product_sku,date,quantity,net_revenue,margin\nL1,K1,P1,2025-01-02,1,1,1\n"
    import_order_lines(io.BytesIO(csv.encode()), dry_run=True)
    assert not PortfolioRun.objects.exists()


# -- nominations -----------------------------------------------------------------------------------


@pytest.fixture
def candidate() -> dict[str, Any]:
    account = cast(Account, AccountFactory(tier=Tier.STANDARD))
    run = PortfolioRunFactory(level=Level.GROUP, accounts_count=100)
    entry = PortfolioEntryFactory(run=run, account=account, rank=3, suggested_tier=Tier.KEY, direction="promote")
    reasons = cast(PortfolioEntry, entry).reasons
    assert reasons[0] == {"code": "top_share", "params": {"percent": 3}}
    return {"account": account, "reasons": reasons}


def test_nomination_sets_tier_owner_and_logs_the_change(candidate, head_user, kam_user):
    account = candidate["account"]
    nomination = services.nomination_decide(
        account=account,
        user=head_user,
        decision=NominationDecision.NOMINATED,
        proposed_tier=Tier.KEY,
        comment="  Strategic partner ",
        owner=kam_user,
    )
    account.refresh_from_db()
    assert (account.tier, account.owner) == (Tier.KEY, kam_user)
    assert (nomination.from_tier, nomination.proposed_tier, nomination.decided_by, nomination.owner) == (
        Tier.STANDARD,
        Tier.KEY,
        head_user,
        kam_user,
    )
    assert nomination.comment == "Strategic partner"
    assert nomination.reasons == candidate["reasons"]
    change = TierChange.objects.get(account=account)
    assert (change.old_tier, change.new_tier, change.source, change.changed_by, change.comment) == (
        Tier.STANDARD,
        Tier.KEY,
        TierChangeSource.NOMINATION,
        head_user,
        "Strategic partner",
    )


def test_declining_keeps_the_tier_and_needs_a_comment(candidate, admin_user):
    account = candidate["account"]
    with pytest.raises(ValidationError) as info:
        services.nomination_decide(
            account=account, user=admin_user, decision=NominationDecision.DECLINED, proposed_tier=Tier.KEY, comment=" "
        )
    assert "comment" in info.value.message_dict
    assert not Nomination.objects.exists()
    nomination = services.nomination_decide(
        account=account,
        user=admin_user,
        decision=NominationDecision.DECLINED,
        proposed_tier=Tier.KEY,
        comment="Too early",
    )
    account.refresh_from_db()
    assert account.tier == Tier.STANDARD
    assert nomination.decision == NominationDecision.DECLINED
    assert not TierChange.objects.exists()


def test_a_kam_may_not_nominate(candidate, kam_user):
    account = candidate["account"]
    account.owner = kam_user
    account.save()
    with pytest.raises(PermissionDenied):
        services.nomination_decide(
            account=account, user=kam_user, decision=NominationDecision.NOMINATED, proposed_tier=Tier.KEY
        )
    account.refresh_from_db()
    assert account.tier == Tier.STANDARD
    assert not Nomination.objects.exists()


def test_nomination_refuses_unknown_values(candidate, head_user):
    with pytest.raises(ValidationError):
        services.nomination_decide(
            account=candidate["account"], user=head_user, decision="maybe", proposed_tier=Tier.KEY
        )
    with pytest.raises(ValidationError):
        services.nomination_decide(
            account=candidate["account"], user=head_user, decision=NominationDecision.NOMINATED, proposed_tier="gold"
        )
    inactive = cast(User, UserFactory(is_active=False))
    with pytest.raises(ValidationError):
        services.nomination_decide(
            account=candidate["account"],
            user=head_user,
            decision=NominationDecision.NOMINATED,
            proposed_tier=Tier.KEY,
            owner=inactive,
        )
    assert not Nomination.objects.exists()


# -- ratings and settings --------------------------------------------------------------------------


def test_rating_is_set_and_replaced_by_who_may_edit(kam_user):
    account = cast(Account, AccountFactory(owner=kam_user))
    first = services.criterion_rating_set(account=account, criterion=Criterion.INNOVATION, score=3, user=kam_user)
    second = services.criterion_rating_set(
        account=account, criterion=Criterion.INNOVATION, score=5, user=kam_user, comment="Patents"
    )
    assert first.pk == second.pk
    rating = CriterionRating.objects.get(account=account)
    assert (rating.score, rating.comment, rating.rated_by) == (5, "Patents", kam_user)


def test_rating_refused_for_members_computed_criteria_and_bad_scores(kam_user, member_user):
    account = cast(Account, AccountFactory(owner=kam_user))
    with pytest.raises(PermissionDenied):
        services.criterion_rating_set(account=account, criterion=Criterion.CARE, score=3, user=member_user)
    with pytest.raises(ValidationError):
        services.criterion_rating_set(account=account, criterion=Criterion.REVENUE, score=3, user=kam_user)
    with pytest.raises(ValidationError):
        services.criterion_rating_set(account=account, criterion=Criterion.CARE, score=6, user=kam_user)
    other = cast(Account, AccountFactory())
    with pytest.raises(PermissionDenied):
        services.criterion_rating_set(account=other, criterion=Criterion.CARE, score=3, user=kam_user)
    assert not CriterionRating.objects.exists()


def test_settings_are_changed_by_admins_only(admin_user, head_user):
    settings = services.portfolio_settings_update(user=admin_user, abc_a_percent=70, weight_nps=0)
    assert (settings.abc_a_percent, settings.weight_nps) == (70, 0)
    with pytest.raises(PermissionDenied):
        services.portfolio_settings_update(user=head_user, abc_a_percent=60)
    with pytest.raises(ValidationError):
        services.portfolio_settings_update(user=admin_user, abc_a_percent=96)  # not below B's 95
    with pytest.raises(ValidationError):
        services.portfolio_settings_update(user=admin_user, colour="blue")
    stored = PortfolioSettings.objects.get()
    assert (stored.abc_a_percent, stored.weight_nps) == (70, 0)


def test_refresh_keeps_the_newest_of_several_current_runs_and_drops_the_others(three):
    older = cast(PortfolioRun, PortfolioRunFactory(level=Level.ENTITY))
    newer = cast(PortfolioRun, PortfolioRunFactory(level=Level.ENTITY))
    PortfolioEntryFactory(run=older, account=three["big"])
    run = services.portfolio_refresh(period_start=START, period_end=END, level=Level.ENTITY)
    assert run.pk == newer.pk
    assert not PortfolioRun.objects.filter(pk=older.pk).exists()
    assert not PortfolioEntry.objects.filter(run_id=older.pk).exists()
    assert run.entries.count() == 3
