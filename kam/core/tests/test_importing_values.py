"""Cell parsers of the importer: numbers, dates, choices, yes/no, countries, addresses."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from kam.accounts.choices import LegalForm, Tier
from kam.contacts.choices import BuyingRole
from kam.core.importing.values import (
    CellError,
    boolean_parser,
    choice_parser,
    country_parser,
    date_parser,
    decimal_parser,
    email_parser,
    integer_parser,
    parse_date,
    parse_number,
    text_parser,
    url_parser,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("-1234.56", "-1234.56"),
        ("+7", "7"),
        ("1234,56", "1234.56"),
        ("-3,10", "-3.10"),
        ("1.234,56", "1234.56"),
        ("1.234.567", "1234567"),
        ("1.234.567,8", "1234567.8"),
        ("1,234", "1.234"),
        ("0.5", "0.5"),
        (".5", "0.5"),
    ],
)
def test_number_forms(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1e5", "NaN", "Infinity", "1_000", "12.3.4,5,6", "1 234", "€12", "--1"])
def test_not_a_number(text):
    with pytest.raises(CellError, match="Not a number"):
        parse_number(text)


def test_english_thousands_are_refused_with_a_hint():
    with pytest.raises(CellError, match="German form"):
        parse_number("1,234.56")


def test_decimal_places_and_digits():
    parse = decimal_parser(max_digits=5, places=2)
    assert parse("100.50") == Decimal("100.50")
    assert parse("1.500") == Decimal("1.50")  # trailing zeros lose nothing
    with pytest.raises(CellError, match="At most 2 decimal places"):
        parse("1.505")
    with pytest.raises(CellError, match="too large"):
        parse("1000")
    assert parse("") is None


def test_decimal_range_and_required():
    parse = decimal_parser(max_digits=5, places=2, required=True, min_value=Decimal(-100), max_value=Decimal(100))
    with pytest.raises(CellError, match="allowed are -100 to 100"):
        parse("100.01")
    with pytest.raises(CellError, match="required"):
        parse("")


def test_integer_parser():
    parse = integer_parser(min_value=1, max_value=5)
    assert parse("3") == 3
    assert parse("") is None
    with pytest.raises(CellError, match="Out of range"):
        parse("6")
    with pytest.raises(CellError, match="whole number"):
        parse("2.5")
    assert integer_parser()("1.200") == 1200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-15", datetime.date(2025, 3, 15)),
        ("15.03.2025", datetime.date(2025, 3, 15)),
        ("1.3.2025", datetime.date(2025, 3, 1)),
    ],
)
def test_date_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2025/03/15", "15-03-2025", "20250315", "2025-W11-1", "03/15/2025", "tomorrow"])
def test_date_wrong_form(text):
    with pytest.raises(CellError, match=r"YYYY-MM-DD or DD\.MM\.YYYY"):
        parse_date(text)


@pytest.mark.parametrize("text", ["2025-02-30", "31.04.2025", "2025-13-01"])
def test_date_no_such_day(text):
    with pytest.raises(CellError, match="no such day"):
        parse_date(text)


def test_date_out_of_range():
    with pytest.raises(CellError, match="between the years 1900 and 2999"):
        parse_date("1899-12-31")
    with pytest.raises(CellError, match="required"):
        date_parser(required=True)("")


def test_choice_accepts_value_and_label_case_insensitively():
    parse = choice_parser(Tier, default=Tier.STANDARD)
    assert parse("key") == "key"
    assert parse("KEY") == "key"
    assert parse("Key account") == "key"
    assert parse("growth ACCOUNT") == "growth"
    assert parse("") == "standard"
    assert choice_parser(LegalForm)("GmbH & Co. KG") == "gmbh_co_kg"
    assert choice_parser(BuyingRole)("Decision maker") == "decision_maker"


def test_unknown_choice_lists_allowed_values():
    with pytest.raises(CellError, match="allowed are: key, growth, standard"):
        choice_parser(Tier)("premium")


def test_boolean_parser():
    parse = boolean_parser(default=True)
    assert parse("") is True
    assert parse("false") is False
    assert parse("Nein") is False
    assert parse("1") is True
    assert parse("ja") is True
    with pytest.raises(CellError, match="yes/no"):
        parse("maybe")


def test_country_parser():
    parse = country_parser()
    assert parse("de") == "DE"
    assert parse("") == ""
    for bad in ("XX", "DEU", "Germany"):
        with pytest.raises(CellError, match="two-letter ISO 3166"):
            parse(bad)


def test_text_parser():
    parse = text_parser(max_length=5, required=True)
    assert parse("abc") == "abc"
    assert parse("'=1+1") == "=1+1"  # the export's formula guard is removed
    with pytest.raises(CellError, match="at most 5 characters"):
        parse("abcdef")
    with pytest.raises(CellError, match="required"):
        parse("")


def test_url_and_email():
    url = url_parser(max_length=200)
    assert url("www.example.com") == "https://www.example.com"
    assert url("http://example.com/x") == "http://example.com/x"
    with pytest.raises(CellError, match="web address"):
        url("not a url")
    email = email_parser(max_length=254)
    assert email("a@example.com") == "a@example.com"
    with pytest.raises(CellError, match="e-mail"):
        email("a@")
