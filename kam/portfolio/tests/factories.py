import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from kam.accounts.choices import Tier
from kam.accounts.tests.factories import AccountFactory
from kam.portfolio.choices import AbcClass, Basis, Criterion, Level, NominationDecision, Quadrant, RunKind, XyzClass
from kam.portfolio.models import CriterionRating, Nomination, PortfolioEntry, PortfolioRun
from kam.users.tests.factories import UserFactory


class PortfolioRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioRun

    kind = RunKind.CURRENT
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 12, 31)
    basis = Basis.REVENUE
    level = Level.ENTITY
    computed_at = factory.LazyFunction(timezone.now)


class PortfolioEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioEntry

    run = factory.SubFactory(PortfolioRunFactory)
    account = factory.SubFactory(AccountFactory)
    rank = factory.Sequence(lambda n: n + 1)
    value = Decimal("100000.00")
    revenue = Decimal("100000.00")
    margin = Decimal("25000.00")
    share = 0.1
    cumulative_share = 0.5
    abc = AbcClass.A
    xyz = XyzClass.X
    variation = 0.3
    attractiveness = 60.0
    relationship = 60.0
    quadrant = Quadrant.KEY_ACCOUNT
    tier = Tier.STANDARD
    suggested_tier = Tier.KEY
    direction = ""
    lines_bought = 3
    lines_total = 8
    roles = 15  # decision maker, influencer, user, buyer
    days_since_contact = 10


class CriterionRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionRating

    account = factory.SubFactory(AccountFactory)
    criterion = Criterion.INNOVATION
    score = 4
    rated_by = factory.SubFactory(UserFactory)
    rated_at = factory.LazyFunction(timezone.now)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    account = factory.SubFactory(AccountFactory)
    from_tier = Tier.STANDARD
    proposed_tier = Tier.KEY
    decision = NominationDecision.NOMINATED
    decided_by = factory.SubFactory(UserFactory)
    decided_at = factory.LazyFunction(timezone.now)
