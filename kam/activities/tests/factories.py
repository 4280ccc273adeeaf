import datetime

import factory

from kam.accounts.tests.factories import AccountFactory
from kam.activities.choices import ActivityKind
from kam.activities.models import Activity

BERLIN = datetime.timezone(datetime.timedelta(hours=1))


class ActivityFactory(factory.django.DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    account = factory.SubFactory(AccountFactory)
    kind = ActivityKind.CALL
    start = factory.Sequence(lambda n: datetime.datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN) + datetime.timedelta(hours=n))
    subject = factory.Sequence(lambda n: f"Call {n}")
    summary = "Discussed the delivery schedule for the next quarter."
