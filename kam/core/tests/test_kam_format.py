from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from kam.core.templatetags.kam_format import format_money, money, num, pct, qty


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("de", Decimal("1234567.40"), "1.234.567\u00a0€"),
        ("en", Decimal("1234567.40"), "€1,234,567"),
        ("de", Decimal("-2500"), "-2.500\u00a0€"),
        ("en", Decimal("-2500"), "-€2,500"),
        ("en", Decimal("-0.4"), "€0"),
        ("en", 0, "€0"),
        ("de", "12.5", "13\u00a0€"),
    ],
)
def test_money(language, value, expected):
    with translation.override(language):
        assert money(value) == expected


def test_money_with_decimals_and_empty_values():
    with translation.override("de"):
        assert money(Decimal("1999.5"), 2) == "1.999,50\u00a0€"
        assert money(None) == ""
        assert money("not a number") == ""
    with translation.override("en"):
        assert format_money(Decimal("1999.5"), 2, code="USD") == "$1,999.50"
        assert format_money(10, code="CHF") == "10\u00a0CHF"


def test_num_and_pct():
    with translation.override("de"):
        assert num(50000) == "50.000"
        assert pct(Decimal("12.345")) == "12,3\u00a0%"
    with translation.override("en"):
        assert num(50000) == "50,000"
        assert pct(Decimal("12.345")) == "12.3%"
        assert pct(None) == ""


def test_filters_in_templates():
    template = Template("{% load kam_format %}{{ v|money }} {{ v|num }} {% currency %}")
    with translation.override("en"):
        assert template.render(Context({"v": 1234})) == "€1,234 1,234 €"


def test_qty_shows_only_needed_decimals():
    with translation.override("en"):
        assert qty(Decimal("2.500")) == "2.5"
        assert qty(Decimal("3.000")) == "3"
        assert qty(Decimal("12000")) == "12,000"
    with translation.override("de"):
        assert qty(Decimal("1234.125")) == "1.234,125"
