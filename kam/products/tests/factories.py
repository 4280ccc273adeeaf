from decimal import Decimal

import factory

from kam.products.models import Product, ProductLine


class ProductLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductLine
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PL{n}")
    name = factory.Sequence(lambda n: f"Product line {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    product_line = factory.SubFactory(ProductLineFactory)
    list_price = Decimal("100.00")
    margin_percent = Decimal("30.00")
