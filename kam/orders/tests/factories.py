import datetime
from decimal import Decimal

import factory

from kam.accounts.tests.factories import AccountFactory
from kam.orders.models import OrderLine
from kam.products.tests.factories import ProductFactory


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    external_id = factory.Sequence(lambda n: f"OL{n:08d}")
    account = factory.SubFactory(AccountFactory)
    product = factory.SubFactory(ProductFactory)
    date = datetime.date(2025, 3, 15)
    quantity = Decimal("1")
    net_revenue = Decimal("100.00")
    margin = Decimal("30.00")
    document_number = factory.Sequence(lambda n: f"INV-{n}")
