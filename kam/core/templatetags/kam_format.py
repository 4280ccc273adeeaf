"""Number, money and percentage formatting in the active language.

``{{ value|money }}`` shows "1.234.567 €" in German and "€1,234,567" in English;
``{{ value|num }}`` groups thousands ("1.234" / "1,234"), ``{{ value|pct }}`` shows "12,5 %"
or "12.5%". ``USE_THOUSAND_SEPARATOR`` stays off globally (ids, years and form values must
not be grouped), so these filters force grouping where a person reads an amount.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()

NBSP = "\u00a0"
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "PLN": "zł", "SEK": "kr"}
# Languages that write the symbol after the amount, separated by a space ("1.234 €").
SYMBOL_AFTER = {"de", "fr", "es", "it", "nl", "pl", "sv", "cs", "fi", "pt"}


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def currency_symbol(code: str | None = None) -> str:
    """The symbol of ``code`` (default: ``settings.CURRENCY``), or the code itself."""
    code = code or settings.CURRENCY
    return CURRENCY_SYMBOLS.get(code, code)


@functools.lru_cache(maxsize=16)
def _separators(language: str | None) -> dict[int, str] | None:
    """How ``str.translate`` turns Python's "1,234.5" into the language's notation, or None
    when the language does not group by threes (then Django's general formatter is used)."""
    if formats.get_format("NUMBER_GROUPING", language) != 3:
        return None
    thousands = str(formats.get_format("THOUSAND_SEPARATOR", language))
    return {ord(","): thousands, ord("."): str(formats.get_format("DECIMAL_SEPARATOR", language))}


def format_number(value: Any, decimals: int = 0) -> str:
    """``value`` rounded to ``decimals`` places with the active language's separators.

    The same text as ``django.utils.formats.number_format(…, force_grouping=True)``, which
    looks up three formats per call; amounts are formatted by the hundred on some pages, so
    the separators are looked up once per language and Python's own grouping does the rest.
    """
    number = _decimal(value)
    if number is None:
        return ""
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    separators = _separators(get_language())
    if separators is None or len(rounded.as_tuple().digits) > 150:
        return formats.number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if not rounded:
        rounded = Decimal(0)  # no "-0"
    return f"{rounded:,.{decimals}f}".translate(separators)


@functools.lru_cache(maxsize=64)
def _money_formatter(language: str | None, decimals: int, code: str, fallback_language: str) -> Callable[[Any], str]:
    symbol = currency_symbol(code)
    after = (language or fallback_language).split("-")[0] in SYMBOL_AFTER or len(symbol) > 1
    separators = _separators(language)
    exponent = Decimal(1).scaleb(-decimals)

    def money_text(value: Any) -> str:
        number = _decimal(value)
        if number is None:
            return ""
        rounded = abs(number).quantize(exponent, rounding=ROUND_HALF_UP)
        if separators is None or len(rounded.as_tuple().digits) > 150:
            digits = formats.number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
        else:
            digits = f"{rounded:,.{decimals}f}".translate(separators)
        sign = "-" if number < 0 and digits.strip("0.,\u00a0 ") else ""
        return f"{sign}{digits}{NBSP}{symbol}" if after else f"{sign}{symbol}{digits}"

    return money_text


def money_formatter(decimals: int = 0, code: str | None = None) -> Callable[[Any], str]:
    """:func:`format_money` for many amounts: language, separators and symbol looked up once.

    Valid while the active language stays the same (e.g. for the rows of one page).
    """
    language = get_language()
    return _money_formatter(language, decimals, code or settings.CURRENCY, settings.LANGUAGE_CODE)


def format_money(value: Any, decimals: int = 0, code: str | None = None) -> str:
    """An amount with the currency symbol placed as the active language writes it."""
    return money_formatter(decimals, code)(value)


@register.filter
def money(value: Any, decimals: int = 0) -> str:
    """``{{ amount|money }}`` or ``{{ amount|money:2 }}``."""
    return format_money(value, int(decimals))


@register.filter
def num(value: Any, decimals: int = 0) -> str:
    """``{{ count|num }}``: grouped thousands in the active language."""
    return format_number(value, int(decimals))


@register.filter
def pct(value: Any, decimals: int = 1) -> str:
    """``{{ share|pct }}``: a percentage value (12.5 → "12.5%" / "12,5 %")."""
    number = _decimal(value)
    if number is None:
        return ""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    digits = format_number(number, int(decimals))
    return f"{digits}{NBSP}%" if language in SYMBOL_AFTER else f"{digits}%"


@register.simple_tag
def currency() -> str:
    """``{% currency %}``: the symbol of the configured currency."""
    return currency_symbol()


@register.filter
def qty(value: Any) -> str:
    """``{{ quantity|qty }}``: a quantity with only the decimals it has (2.5 → "2.5" / "2,5"; 3.000 → "3")."""
    number = _decimal(value)
    if number is None:
        return ""
    exponent = number.normalize().as_tuple().exponent
    decimals = min(max(-exponent, 0), 3) if isinstance(exponent, int) else 0
    return format_number(number, decimals)
