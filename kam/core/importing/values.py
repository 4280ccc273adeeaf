"""Turning the text of one cell into a value, with a clear message when it cannot be done.

Every parser takes the (trimmed) cell text and returns the value or raises
:class:`CellError`. Numbers accept "." as the decimal separator and, where it cannot
be misread, the German form ("1.234,56", "12,5"); dates accept YYYY-MM-DD and
DD.MM.YYYY; choices accept the stored value or the English or German label.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

Parser = Callable[[str], Any]

MIN_YEAR = 1900
MAX_YEAR = 2999


class CellError(ValueError):
    """The cell's text is not a valid value; the message says why."""


# --- numbers ----------------------------------------------------------------------------

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_GERMAN_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_GERMAN_INTEGER = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
_ENGLISH_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_number(text: str) -> Decimal:
    """A decimal number: 1234.56, 1234,56, 1.234,56 or 1.234.567; never NaN or infinity."""
    if _PLAIN.fullmatch(text):
        return Decimal(text)
    if _DECIMAL_COMMA.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _GERMAN_THOUSANDS.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _ENGLISH_THOUSANDS.fullmatch(text):
        raise CellError(_("Thousands separators are only accepted in the German form 1.234,56; write 1234.56."))
    raise CellError(_("Not a number (write it like 1234.56 or 1.234,56)."))


def check_decimal(value: Decimal, *, max_digits: int, places: int) -> Decimal:
    """``value`` with ``places`` decimals if that loses nothing; refused if it is too large."""
    if not value.is_finite():
        raise CellError(_("Not a number (write it like 1234.56 or 1.234,56)."))
    digits, exponent = value.as_tuple().digits, int(value.as_tuple().exponent)
    if len(digits) + exponent > max_digits - places:
        raise CellError(
            _("The number is too large (at most %(digits)d digits before the decimal point).")
            % {"digits": max_digits - places}
        )
    quantized = value.quantize(Decimal(1).scaleb(-places))
    if quantized != value:
        raise CellError(_("At most %(places)d decimal places are allowed.") % {"places": places})
    return quantized


def decimal_parser(
    *,
    max_digits: int,
    places: int,
    required: bool = False,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
) -> Parser:
    """A parser for a decimal field of the given precision and range."""

    def parse(text: str) -> Decimal | None:
        if not text:
            if required:
                raise CellError(_("A value is required."))
            return None
        try:
            value = check_decimal(parse_number(text), max_digits=max_digits, places=places)
        except InvalidOperation as exc:
            raise CellError(_("Not a number (write it like 1234.56 or 1.234,56).")) from exc
        _check_range(value, min_value, max_value)
        return value

    return parse


def integer_parser(*, required: bool = False, min_value: int | None = None, max_value: int | None = None) -> Parser:
    """A parser for a whole number in a range."""

    def parse(text: str) -> int | None:
        if not text:
            if required:
                raise CellError(_("A value is required."))
            return None
        if _GERMAN_INTEGER.fullmatch(text):
            # In a whole-number field "1.200" can only mean 1200.
            text = text.replace(".", "")
        number = parse_number(text)
        if number != number.to_integral_value():
            raise CellError(_("Not a whole number."))
        value = int(number)
        _check_range(value, min_value, max_value)
        return value

    return parse


def _check_range(value: Decimal | int, low: Decimal | int | None, high: Decimal | int | None) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            message = _("Out of range: allowed are %(low)s to %(high)s.") % {"low": low, "high": high}
        elif low is not None:
            message = _("Out of range: the value must be at least %(low)s.") % {"low": low}
        else:
            message = _("Out of range: the value must be at most %(high)s.") % {"high": high}
        raise CellError(message)


# --- dates ------------------------------------------------------------------------------

_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(text: str) -> datetime.date:
    """A date written YYYY-MM-DD or DD.MM.YYYY, between the years 1900 and 2999."""
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            value = datetime.date.fromisoformat(text)
        elif match := _GERMAN_DATE.fullmatch(text):
            value = datetime.date(int(match[3]), int(match[2]), int(match[1]))
        else:
            raise CellError(_("Not a valid date (write it as YYYY-MM-DD or DD.MM.YYYY)."))
    except ValueError as exc:
        if isinstance(exc, CellError):
            raise
        raise CellError(_("Not a valid date: there is no such day.")) from exc
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise CellError(
            _("Out of range: dates must lie between the years %(min)d and %(max)d.")
            % {
                "min": MIN_YEAR,
                "max": MAX_YEAR,
            }
        )
    return value


def date_parser(*, required: bool = False) -> Parser:
    """A parser for a date field."""

    def parse(text: str) -> datetime.date | None:
        if not text:
            if required:
                raise CellError(_("A value is required."))
            return None
        return parse_date(text)

    return parse


# --- text and choices -------------------------------------------------------------------


def unquote_formula(text: str) -> str:
    """Drop the apostrophe an export puts before text starting with "=" or "@"."""
    return text[1:] if text.startswith(("'=", "'@")) else text


def text_parser(*, max_length: int, required: bool = False) -> Parser:
    """A parser for a text field of at most ``max_length`` characters."""

    def parse(text: str) -> str:
        text = unquote_formula(text)
        if not text and required:
            raise CellError(_("A value is required."))
        if len(text) > max_length:
            raise CellError(_("Too long: at most %(max)d characters are allowed.") % {"max": max_length})
        return text

    return parse


@functools.cache
def choice_lookup(choices: type[Choices]) -> dict[str, str]:
    """Lower-cased stored values and English/German labels, each mapped to the stored value."""
    lookup = {str(value).lower(): str(value) for value in choices.values}
    for language in ("en", "de"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup.setdefault(str(label).strip().lower(), str(value))
    return lookup


def choice_parser(choices: type[Choices], *, default: str = "") -> Parser:
    """A parser for a choice field; an empty cell gives ``default``."""

    def parse(text: str) -> str:
        if not text:
            return default
        value = choice_lookup(choices).get(text.lower())
        if value is None:
            raise CellError(
                _("Unknown value; allowed are: %(values)s.") % {"values": ", ".join(str(v) for v in choices.values)}
            )
        return value

    return parse


_TRUE = {"true", "1", "yes", "y", "ja", "j", "wahr", "x", "active", "aktiv"}
_FALSE = {"false", "0", "no", "n", "nein", "falsch", "inactive", "inaktiv"}


def boolean_parser(*, default: bool) -> Parser:
    """A parser for yes/no: true/false, 1/0, yes/no, ja/nein; empty gives ``default``."""

    def parse(text: str) -> bool:
        if not text:
            return default
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise CellError(_("Not a yes/no value (write true or false)."))

    return parse


def country_parser() -> Parser:
    """A parser for an ISO 3166 alpha-2 country code such as DE or AT."""
    codes: set[str] = set()

    def parse(text: str) -> str:
        if not text:
            return ""
        if not codes:
            codes.update(str(code) for code, _name in countries)
        code = text.upper()
        if code not in codes:
            raise CellError(_("Unknown country: use the two-letter ISO 3166 code, such as DE or AT."))
        return code

    return parse


def email_parser(*, max_length: int) -> Parser:
    """A parser for an e-mail address (may be empty)."""
    validate = EmailValidator()

    def parse(text: str) -> str:
        if not text:
            return ""
        if len(text) > max_length:
            raise CellError(_("Too long: at most %(max)d characters are allowed.") % {"max": max_length})
        try:
            validate(text)
        except ValidationError as exc:
            raise CellError(_("Not a valid e-mail address.")) from exc
        return text

    return parse


def url_parser(*, max_length: int) -> Parser:
    """A parser for a web address; one without a scheme gets ``https://``."""
    validate = URLValidator(schemes=["http", "https"])

    def parse(text: str) -> str:
        if not text:
            return ""
        url = text if "://" in text else f"https://{text}"
        if len(url) > max_length:
            raise CellError(_("Too long: at most %(max)d characters are allowed.") % {"max": max_length})
        try:
            validate(url)
        except ValidationError as exc:
            raise CellError(_("Not a valid web address.")) from exc
        return url

    return parse
