from typing import Any, cast

import pytest
from django.utils import translation

from kam.portfolio import analysis
from kam.portfolio.choices import Basis
from kam.portfolio.models import PortfolioEntry
from kam.portfolio.reasons import WORDS, reason_text, reasons_text
from kam.portfolio.tests.factories import PortfolioEntryFactory, PortfolioRunFactory

EXAMPLES: dict[str, tuple[dict[str, Any], str]] = {
    "top_share": ({"percent": 3}, "top 3 % of customers by revenue"),
    "share": ({"percent": 3.7}, "3.7 % of the total revenue"),
    "no_value": ({"negative": False}, "no revenue in the period"),
    "abc": ({"abc": "A", "xyz": "Y"}, "ABC class A, XYZ class Y"),
    "growth": ({"percent": 18, "years": 3}, "revenue growing 18 % a year over 3 years"),
    "decline": ({"percent": 5, "years": 1}, "revenue falling 5 % against last year"),
    "new": ({}, "new customer: no revenue in the same period one and three years earlier"),
    "whitespace": ({"bought": 2, "total": 9}, "buys 2 of 9 product lines"),
    "rated": ({"score": 5, "criterion": "innovation"}, "rated 5/5 for “Innovation / market leadership”"),
    "unrated": ({"count": 3, "total": 4}, "3 of 4 strategic criteria not rated yet"),
    "attractiveness": ({"score": 56}, "attractiveness 56/100"),
    "relationship": ({"score": 71}, "relationship strength 71/100"),
    "coverage": ({"missing": ["buyer", "user"]}, "no contact in the buying-centre roles Buyer, User"),
    "no_recent_contact": ({"days": 400}, "no contact for 400 days"),
    "never_contacted": ({}, "no contact on record"),
    "share_of_wallet": ({"percent": 40}, "share of wallet 40 %"),
    "nps": ({"score": -20}, "NPS -20"),
    "quadrant": ({"quadrant": "key_account"}, "portfolio matrix: Key account"),
}


def test_every_reason_code_of_the_analysis_has_words():
    assert set(WORDS) == set(analysis.REASON_CODES)
    assert set(EXAMPLES) == set(analysis.REASON_CODES)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_reason_in_english(code):
    params, words = EXAMPLES[code]
    assert reason_text({"code": code, "params": params}) == words


def test_variants_of_the_words():
    assert reason_text({"code": "no_value", "params": {"negative": True}}) == (
        "credit notes outweigh sales in the period"
    )
    assert reason_text({"code": "abc", "params": {"abc": "C", "xyz": ""}}) == (
        "ABC class C, no XYZ class (no revenue in the months of the XYZ analysis)"
    )
    assert reason_text({"code": "growth", "params": {"percent": 12, "years": 1}}) == (
        "revenue growing 12 % over last year"
    )
    assert reason_text({"code": "coverage", "params": {"missing": ["decision_maker"]}}) == (
        "no contact in the buying-centre role Decision maker"
    )
    assert reason_text({"code": "no_recent_contact", "params": {"days": 1}}) == "no contact for 1 day"
    assert reason_text({"code": "share", "params": {"percent": 0.25}}, basis=Basis.MARGIN) == (
        "0.25 % of the total margin"
    )


def test_unknown_code_or_broken_params_show_the_code():
    assert reason_text({"code": "moon_phase", "params": {}}) == "moon_phase"
    assert reason_text({"code": "top_share", "params": {}}) == "top_share"
    assert reason_text({"code": "rated", "params": {"score": 4, "criterion": "luck"}}) == "rated 4/5 for “luck”"
    assert reason_text({}) == ""


def test_reasons_in_german_use_german_numbers_and_labels():
    with translation.override("de"):
        assert reason_text({"code": "share", "params": {"percent": 3.7}}).startswith("3,7 %")
        assert "Einkäufer" in reason_text({"code": "coverage", "params": {"missing": ["buyer"]}})
        assert reason_text({"code": "quadrant", "params": {"quadrant": "key_account"}}).endswith("Key Account")


@pytest.mark.django_db
def test_reasons_of_an_entry_use_the_basis_of_its_run():
    run = PortfolioRunFactory(basis=Basis.MARGIN, accounts_count=100)
    entry = cast(PortfolioEntry, PortfolioEntryFactory(run=run, rank=1, days_since_contact=None))
    loaded = PortfolioEntry.objects.select_related("run").get(pk=entry.pk)
    worded = reasons_text(loaded)
    assert worded[0] == "top 1 % of customers by margin"
    assert "no contact on record" in worded
    bare = PortfolioEntry.objects.get(pk=entry.pk)  # run not loaded yet: revenue wording
    assert reasons_text(bare)[0] == "top 1 % of customers by revenue"
    assert reasons_text(bare, basis=Basis.MARGIN)[0] == "top 1 % of customers by margin"
