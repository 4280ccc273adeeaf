import factory

from kam.accounts.choices import Industry, Tier
from kam.accounts.models import Account, AccountTeamMember
from kam.users.choices import Department
from kam.users.tests.factories import UserFactory


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    external_id = factory.Sequence(lambda n: f"C{n:06d}")
    name = factory.Sequence(lambda n: f"Customer {n} GmbH")
    industry = Industry.AUTOMOTIVE
    country = "DE"
    city = "Stuttgart"
    tier = Tier.STANDARD
    owner = None


class AccountTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountTeamMember

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory)
    department = Department.SALES
