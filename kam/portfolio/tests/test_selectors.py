import datetime as dt
from decimal import Decimal
from typing import Any, cast

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from kam.accounts.choices import Tier
from kam.accounts.models import Account
from kam.accounts.services import revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.contacts.choices import BuyingRole
from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.portfolio import selectors
from kam.portfolio.analysis import AccountFacts, FactColumns
from kam.portfolio.choices import AbcClass, Basis, Criterion, Direction, Level, NominationDecision, Quadrant, RunKind
from kam.portfolio.models import Nomination, PortfolioEntry, PortfolioRun, PortfolioSettings
from kam.portfolio.tests.factories import (
    CriterionRatingFactory,
    NominationFactory,
    PortfolioEntryFactory,
    PortfolioRunFactory,
)
from kam.products.models import Product
from kam.products.tests.factories import ProductFactory, ProductLineFactory
from kam.users.models import User
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def line(account: Account, day: str, revenue: str, margin: str, product: Product) -> None:
    OrderLineFactory(
        account=account,
        date=dt.date.fromisoformat(day),
        net_revenue=Decimal(revenue),
        margin=Decimal(margin),
        product=product,
    )


@pytest.fixture
def group() -> dict[str, Any]:
    """A group P ← S ← G, a standalone T with a credit note, U without revenue; three product lines."""
    p1, p2, p3 = (cast(Product, ProductFactory(product_line=ProductLineFactory(code=f"L{i}"))) for i in (1, 2, 3))
    top = cast(Account, AccountFactory(name="P", tier=Tier.KEY, employees=100))
    sub = cast(Account, AccountFactory(name="S", parent=top, employees=50))
    grand = cast(Account, AccountFactory(name="G", parent=sub))
    alone = cast(Account, AccountFactory(name="T"))
    idle = cast(Account, AccountFactory(name="U", tier=Tier.GROWTH))
    line(top, "2025-01-15", "100.00", "30.00", p1)
    line(top, "2025-03-10", "200.00", "50.00", p1)
    line(top, "2024-02-01", "50.00", "5.00", p1)  # one year before
    line(top, "2022-05-05", "10.00", "1.00", p1)  # three years before
    line(top, "2026-01-05", "999.00", "9.00", p1)  # after the period
    line(sub, "2025-03-20", "100.00", "20.00", p2)
    line(sub, "2024-12-31", "40.00", "4.00", p2)
    line(grand, "2025-05-05", "60.00", "10.00", p3)
    line(alone, "2025-06-01", "-30.00", "-10.00", p1)
    line(alone, "2025-06-02", "330.00", "100.00", p2)
    revenue_summary_refresh()
    ContactFactory(account=top, buying_role=BuyingRole.DECISION_MAKER, last_contact_date=dt.date(2025, 12, 1))
    ContactFactory(account=sub, buying_role=BuyingRole.BUYER, last_contact_date=dt.date(2025, 11, 1))
    ContactFactory(account=sub, buying_role="", last_contact_date=None)
    CriterionRatingFactory(account=top, criterion=Criterion.INNOVATION, score=4)
    CriterionRatingFactory(account=sub, criterion=Criterion.INNOVATION, score=2)
    CriterionRatingFactory(account=sub, criterion=Criterion.REFERENCE, score=3)
    CriterionRatingFactory(account=grand, criterion=Criterion.REFERENCE, score=4)
    return {"P": top, "S": sub, "G": grand, "T": alone, "U": idle}


def by_key(facts: FactColumns) -> dict[int, AccountFacts]:
    return {f.key: f for f in facts.as_facts()}


def test_facts_per_legal_entity(group):
    facts = by_key(
        selectors.portfolio_facts(period_start=START, period_end=END, basis=Basis.REVENUE, level=Level.ENTITY)
    )
    assert len(facts) == 5
    top = facts[group["P"].pk]
    assert (top.value, top.revenue, top.margin) == (300.0, 300.0, 80.0)
    assert (top.month_total, top.month_squares) == (300.0, 100.0**2 + 200.0**2)
    assert (top.revenue_previous, top.revenue_3y_ago) == (50.0, 10.0)
    assert (top.lines_bought, top.lines_total, top.tier) == (1, 3, Tier.KEY)
    assert top.ratings == {"innovation": 4}
    assert top.roles_covered == frozenset({"decision_maker"})
    assert top.days_since_contact == 30  # 1 December to 31 December
    sub = facts[group["S"].pk]
    assert (sub.revenue, sub.month_squares, sub.revenue_previous, sub.revenue_3y_ago) == (100.0, 10000.0, 40.0, None)
    assert sub.ratings == {"innovation": 2, "reference": 3}
    assert (sub.roles_covered, sub.days_since_contact) == (frozenset({"buyer"}), 60)
    alone = facts[group["T"].pk]
    # A credit note and a sale in the same month: one month of 300.
    assert (alone.revenue, alone.margin, alone.month_total, alone.month_squares) == (300.0, 90.0, 300.0, 90000.0)
    assert (alone.lines_bought, alone.revenue_previous) == (2, None)
    assert (alone.roles_covered, alone.days_since_contact, alone.ratings) == (frozenset(), None, {})
    idle = facts[group["U"].pk]
    assert (idle.value, idle.month_total, idle.month_squares, idle.lines_bought, idle.tier) == (
        0.0,
        0.0,
        0.0,
        0,
        Tier.GROWTH,
    )


def test_facts_per_group_roll_subsidiaries_up_to_the_top_parent(group):
    facts = by_key(
        selectors.portfolio_facts(period_start=START, period_end=END, basis=Basis.REVENUE, level=Level.GROUP)
    )
    assert set(facts) == {group["P"].pk, group["T"].pk, group["U"].pk}
    top = facts[group["P"].pk]
    assert (top.revenue, top.margin) == (460.0, 110.0)
    # Months: January 100, March 200 + 100 (parent and subsidiary together), May 60.
    assert top.month_total == 460.0
    assert top.month_squares == 100.0**2 + 300.0**2 + 60.0**2
    assert (top.revenue_previous, top.revenue_3y_ago) == (90.0, 10.0)
    assert (top.lines_bought, top.tier) == (3, Tier.KEY)
    # The top parent's own rating counts; unrated at the top: the members' average, rounded.
    assert top.ratings == {"innovation": 4, "reference": 4}  # reference (3 + 4) / 2 = 3.5 → 4
    assert top.roles_covered == frozenset({"decision_maker", "buyer"})
    assert top.days_since_contact == 30


def test_facts_on_margin_basis_take_the_margin_as_value(group):
    facts = by_key(
        selectors.portfolio_facts(period_start=START, period_end=END, basis=Basis.MARGIN, level=Level.ENTITY)
    )
    assert facts[group["P"].pk].value == 80.0
    assert facts[group["T"].pk].value == 90.0


def test_short_period_reads_the_last_twelve_months_for_the_variation():
    product = cast(Product, ProductFactory())
    account = cast(Account, AccountFactory())
    line(account, "2025-01-20", "100.00", "10.00", product)
    line(account, "2025-11-20", "50.00", "5.00", product)
    line(account, "2024-10-02", "20.00", "2.00", product)
    line(account, "2024-09-30", "999.00", "9.00", product)  # before the previous period
    revenue_summary_refresh()
    (facts,) = selectors.portfolio_facts(
        period_start=dt.date(2025, 10, 1), period_end=dt.date(2025, 12, 31), basis=Basis.REVENUE, level=Level.ENTITY
    ).as_facts()
    assert facts.revenue == 50.0
    assert (facts.month_total, facts.month_squares) == (150.0, 100.0**2 + 50.0**2)
    assert facts.revenue_previous == 20.0
    assert facts.lines_bought == 1


def test_contact_recency_counts_to_the_given_day_and_never_below_zero(group):
    facts = by_key(
        selectors.portfolio_facts(
            period_start=START, period_end=END, basis=Basis.REVENUE, level=Level.ENTITY, as_of=dt.date(2025, 11, 15)
        )
    )
    assert facts[group["P"].pk].days_since_contact == 0  # contact after the day counts as today
    assert facts[group["S"].pk].days_since_contact == 14


# -- settings and runs ---------------------------------------------------------------------------


def test_settings_are_one_row_created_on_first_read():
    first = selectors.portfolio_settings_get()
    assert selectors.portfolio_settings_get().pk == first.pk
    assert PortfolioSettings.objects.count() == 1


def test_analysis_parameters_come_from_the_settings():
    settings = selectors.portfolio_settings_get()
    settings.abc_a_percent, settings.abc_b_percent = 70, 90
    settings.xyz_x_below, settings.xyz_y_below = Decimal("0.25"), Decimal("0.75")
    settings.weight_innovation, settings.weight_nps = 3, 0
    settings.recency_full_days, settings.relationship_split = 10, 40
    params = selectors.analysis_parameters(settings)
    assert (params.abc_a, params.abc_b, params.xyz_x, params.xyz_y) == (0.7, 0.9, 0.25, 0.75)
    assert params.criterion_weights["innovation"] == 3
    assert params.relationship_weights == {"share_of_wallet": 1, "coverage": 1, "recency": 1, "nps": 0}
    assert (params.recency_full_days, params.relationship_split) == (10, 40.0)


def test_latest_run_of_kind_basis_and_level_defaults_from_the_settings():
    settings = selectors.portfolio_settings_get()
    settings.default_level = Level.ENTITY
    settings.save()
    old = PortfolioRunFactory(level=Level.ENTITY, computed_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    new = PortfolioRunFactory(level=Level.ENTITY, computed_at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
    PortfolioRunFactory(level=Level.GROUP, computed_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    snapshot = PortfolioRunFactory(level=Level.ENTITY, kind=RunKind.SNAPSHOT, label="2024")
    assert selectors.portfolio_run_latest() == new
    assert selectors.portfolio_run_latest(kind=RunKind.SNAPSHOT) == snapshot
    assert selectors.portfolio_run_latest(basis=Basis.MARGIN) is None
    assert old != new


def test_runs_are_listed_for_signed_in_users_only(kam_user):
    run = cast(PortfolioRun, PortfolioRunFactory())
    assert list(selectors.portfolio_run_list(user=kam_user)) == [run]
    assert selectors.portfolio_run_get(user=kam_user, pk=run.pk) == run
    assert list(selectors.portfolio_run_list(user=AnonymousUser())) == []
    with pytest.raises(Http404):
        selectors.portfolio_run_get(user=AnonymousUser(), pk=run.pk)
    with pytest.raises(Http404):
        selectors.portfolio_run_get(user=kam_user, pk=run.pk + 1)


# -- overview, entries and candidates ------------------------------------------------------------


@pytest.fixture
def run_of_three(kam_user) -> dict[str, Any]:
    """A run with the KAM's two accounts (A 300, B 100) and someone else's (A 600)."""
    run = cast(PortfolioRun, PortfolioRunFactory(summary={"accounts": 3, "stored": True}))
    other = UserFactory(role="kam", username="other-kam")
    entries = {
        "big": PortfolioEntryFactory(
            run=run, account=AccountFactory(owner=other), rank=1, value=Decimal("600"), abc=AbcClass.A
        ),
        "mine_a": PortfolioEntryFactory(
            run=run,
            account=AccountFactory(owner=kam_user, name="Alpha"),
            rank=2,
            value=Decimal("300"),
            abc=AbcClass.A,
            xyz="",
            quadrant=Quadrant.DEVELOP,
            direction=Direction.PROMOTE,
            suggested_tier=Tier.GROWTH,
        ),
        "mine_b": PortfolioEntryFactory(
            run=run,
            account=AccountFactory(owner=kam_user, name="Beta"),
            rank=3,
            value=Decimal("100"),
            abc=AbcClass.B,
            xyz="Z",
            quadrant=Quadrant.STANDARD,
            suggested_tier=Tier.STANDARD,
        ),
    }
    return {"run": run, **entries}


def test_head_sees_the_stored_summary(head_user, run_of_three):
    overview = selectors.portfolio_overview(user=head_user, run=run_of_three["run"])
    assert overview == selectors.Overview(summary={"accounts": 3, "stored": True}, restricted=False)


def test_kam_overview_aggregates_only_their_accounts(kam_user, run_of_three):
    overview = selectors.portfolio_overview(user=kam_user, run=run_of_three["run"])
    summary = overview.summary
    assert overview.restricted
    assert (summary["accounts"], summary["total"], summary["positive_total"]) == (2, 400.0, 400.0)
    assert summary["classes"]["A"] == {"count": 1, "value": 300.0, "share": 0.75, "customer_share": 0.5}
    assert summary["classes"]["B"] == {"count": 1, "value": 100.0, "share": 0.25, "customer_share": 0.5}
    assert summary["classes"]["C"]["count"] == 0
    assert (summary["grid"]["A-"], summary["grid"]["BZ"], summary["grid"]["AX"]) == (1, 1, 0)
    assert summary["quadrants"] == {"key_account": 0, "develop": 1, "maintain": 0, "standard": 1}
    assert summary["candidates"] == {"promote": 1, "demote": 0}
    assert summary["pareto"] == [[0.0, 0.0], [0.5, 0.75], [1.0, 1.0]]


def test_anonymous_overview_is_empty(run_of_three):
    overview = selectors.portfolio_overview(user=AnonymousUser(), run=run_of_three["run"])
    assert overview.restricted
    assert overview.summary["accounts"] == 0


def test_entry_list_shows_a_kam_only_their_accounts(kam_user, head_user, run_of_three):
    run = run_of_three["run"]
    mine = list(selectors.portfolio_entry_list(user=kam_user, run=run))
    assert mine == [run_of_three["mine_a"], run_of_three["mine_b"]]
    assert run_of_three["big"] not in mine  # another KAM's account: denied
    assert len(selectors.portfolio_entry_list(user=head_user, run=run)) == 3


def test_team_member_sees_the_accounts_they_are_on(member_user, run_of_three):
    AccountTeamMemberFactory(account=run_of_three["big"].account, user=member_user)
    assert list(selectors.portfolio_entry_list(user=member_user, run=run_of_three["run"])) == [run_of_three["big"]]


def test_entry_list_filters(head_user, kam_user, run_of_three):
    run = run_of_three["run"]
    assert list(selectors.portfolio_entry_list(user=head_user, run=run, filters={"abc": "B"})) == [
        run_of_three["mine_b"]
    ]
    assert list(
        selectors.portfolio_entry_list(user=head_user, run=run, filters={"owner": kam_user.pk, "q": "alp"})
    ) == [run_of_three["mine_a"]]
    assert len(selectors.portfolio_entry_list(user=head_user, run=run, filters={"abc": "", "xyz": None})) == 3


def test_candidates_hide_nominated_and_declined_ones(head_user):
    run = cast(PortfolioRun, PortfolioRunFactory())

    def candidate(**fields: Any) -> PortfolioEntry:
        account = AccountFactory(tier=fields.pop("account_tier", Tier.STANDARD))
        return cast(
            PortfolioEntry,
            PortfolioEntryFactory(
                run=run, account=account, direction=Direction.PROMOTE, suggested_tier=Tier.KEY, **fields
            ),
        )

    open_one = candidate()
    PortfolioEntryFactory(run=run, direction="", suggested_tier=Tier.STANDARD)  # no candidate
    nominated = candidate(account_tier=Tier.KEY)  # tier set since the refresh
    declined = candidate()
    NominationFactory(account=declined.account, decision=NominationDecision.DECLINED, proposed_tier=Tier.KEY)
    declined_other_change = candidate()
    NominationFactory(
        account=declined_other_change.account, decision=NominationDecision.DECLINED, proposed_tier=Tier.GROWTH
    )
    declined_then_decided_again = candidate()
    NominationFactory(
        account=declined_then_decided_again.account,
        decision=NominationDecision.DECLINED,
        proposed_tier=Tier.KEY,
        decided_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    NominationFactory(
        account=declined_then_decided_again.account,
        decision=NominationDecision.NOMINATED,
        from_tier=Tier.KEY,
        proposed_tier=Tier.STANDARD,
        decided_at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC),
    )
    assert nominated.account.tier == Tier.KEY
    assert set(selectors.portfolio_candidate_list(user=head_user, run=run)) == {
        open_one,
        declined_other_change,
        declined_then_decided_again,
    }


def test_candidates_are_restricted_to_visible_accounts(kam_user, run_of_three):
    assert list(selectors.portfolio_candidate_list(user=kam_user, run=run_of_three["run"])) == [run_of_three["mine_a"]]
    other = cast(User, UserFactory(role="kam", username="third-kam"))
    assert list(selectors.portfolio_candidate_list(user=other, run=run_of_three["run"])) == []


# -- one account ---------------------------------------------------------------------------------


def test_account_entry_prefers_the_entity_run_then_the_group_of_the_top_parent(head_user):
    top = cast(Account, AccountFactory())
    sub = cast(Account, AccountFactory(parent=top))
    group_run = PortfolioRunFactory(level=Level.GROUP)
    group_entry = PortfolioEntryFactory(run=group_run, account=top)
    assert selectors.account_portfolio_entry(user=head_user, account=sub) == group_entry
    entity_run = PortfolioRunFactory(level=Level.ENTITY)
    entity_entry = PortfolioEntryFactory(run=entity_run, account=sub)
    assert selectors.account_portfolio_entry(user=head_user, account=sub) == entity_entry
    assert selectors.account_portfolio_entry(user=head_user, account=top) == group_entry
    assert selectors.account_portfolio_entry(user=head_user, account=cast(Account, AccountFactory())) is None


def test_account_reads_are_denied_for_an_invisible_account(kam_user):
    account = cast(Account, AccountFactory())
    for read in (
        selectors.account_portfolio_entry,
        selectors.account_tier_change_list,
        selectors.account_rating_list,
    ):
        with pytest.raises(Http404):
            read(user=kam_user, account=account)


def test_rating_rows_list_every_rated_criterion(kam_user):
    account = cast(Account, AccountFactory(owner=kam_user))
    rater = cast(User, UserFactory())
    CriterionRatingFactory(account=account, criterion=Criterion.KNOW_HOW, score=5, comment="Patents", rated_by=rater)
    rows = selectors.account_rating_list(user=kam_user, account=account)
    assert [row.criterion for row in rows] == ["reference", "innovation", "know_how", "care"]
    know_how = rows[2]
    assert (know_how.score, know_how.comment, know_how.rated_by, know_how.label) == (
        5,
        "Patents",
        rater,
        "Industry / technology know-how",
    )
    assert know_how.rated_at is not None
    assert (rows[0].score, rows[0].rated_by, rows[0].rated_at) == (None, None, None)


def test_nomination_list_is_restricted(kam_user, head_user):
    mine = cast(Nomination, NominationFactory(account=AccountFactory(owner=kam_user)))
    theirs = cast(Nomination, NominationFactory())
    assert list(selectors.nomination_list(user=kam_user)) == [mine]
    assert set(selectors.nomination_list(user=head_user)) == {mine, theirs}
    assert list(selectors.nomination_list(user=head_user, account=theirs.account)) == [theirs]


# -- comparison ----------------------------------------------------------------------------------


def test_compare_counts_moves_and_lists_the_accounts_that_moved(head_user, kam_user):
    old = cast(PortfolioRun, PortfolioRunFactory(kind=RunKind.SNAPSHOT, label="2024"))
    new = cast(PortfolioRun, PortfolioRunFactory())
    stay, up, gone, new_one = (cast(Account, AccountFactory(owner=kam_user)) for _ in range(4))
    hidden = cast(Account, AccountFactory())
    PortfolioEntryFactory(run=old, account=stay, abc="A", quadrant=Quadrant.KEY_ACCOUNT)
    PortfolioEntryFactory(run=new, account=stay, abc="A", quadrant=Quadrant.KEY_ACCOUNT)
    old_up = PortfolioEntryFactory(run=old, account=up, abc="C", quadrant=Quadrant.STANDARD)
    new_up = PortfolioEntryFactory(run=new, account=up, abc="B", quadrant=Quadrant.STANDARD, rank=1)
    old_gone = PortfolioEntryFactory(run=old, account=gone, abc="B", quadrant=Quadrant.MAINTAIN)
    new_new = PortfolioEntryFactory(run=new, account=new_one, abc="C", quadrant=Quadrant.DEVELOP, rank=2)
    PortfolioEntryFactory(run=old, account=hidden, abc="A", quadrant=Quadrant.KEY_ACCOUNT)
    PortfolioEntryFactory(run=new, account=hidden, abc="C", quadrant=Quadrant.STANDARD)
    comparison = selectors.portfolio_compare(user=kam_user, old=old, new=new)
    assert comparison.abc_moves == {"A→A": 1, "C→B": 1, "B→gone": 1, "new→C": 1}
    assert comparison.quadrant_moves == {
        "key_account→key_account": 1,
        "standard→standard": 1,
        "maintain→gone": 1,
        "new→develop": 1,
    }
    assert comparison.rows == [(up, old_up, new_up), (new_one, None, new_new), (gone, old_gone, None)]
    assert selectors.portfolio_compare(user=head_user, old=old, new=new).abc_moves["A→C"] == 1
