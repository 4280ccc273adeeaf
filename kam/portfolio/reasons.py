"""The reasons of a portfolio entry in words, in the reader's language.

The analysis stores reasons as ``{"code": ..., "params": {...}}`` (codes listed in
:data:`kam.portfolio.analysis.REASON_CODES`); they are put into words only when shown, so
the same stored run reads in German and in English. Numbers are formatted for the active
language, roles, criteria and quadrants named by their labels. An unknown code (or
parameters that do not fit it) is shown as the code itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kam.contacts.choices import BuyingRole
from kam.portfolio.choices import Basis, Criterion, Quadrant

Params = Mapping[str, Any]


def _number(value: Any) -> str:
    """A number as the active language writes it (3.7 → "3,7" in German)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(number_format(value))


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _basis_word(basis: str | None) -> str:
    return _("margin") if basis == Basis.MARGIN else _("revenue")


def _top_share(p: Params, basis: str | None) -> str:
    return _("top %(percent)s %% of customers by %(basis)s") % {
        "percent": _number(p["percent"]),
        "basis": _basis_word(basis),
    }


def _share(p: Params, basis: str | None) -> str:
    return _("%(percent)s %% of the total %(basis)s") % {"percent": _number(p["percent"]), "basis": _basis_word(basis)}


def _no_value(p: Params, basis: str | None) -> str:
    if p.get("negative"):
        return _("credit notes outweigh sales in the period")
    return _("no %(basis)s in the period") % {"basis": _basis_word(basis)}


def _abc(p: Params, basis: str | None) -> str:
    if not p.get("xyz"):
        return _("ABC class %(abc)s, no XYZ class (no revenue in the months of the XYZ analysis)") % {"abc": p["abc"]}
    return _("ABC class %(abc)s, XYZ class %(xyz)s") % {"abc": p["abc"], "xyz": p["xyz"]}


def _growth(p: Params, basis: str | None) -> str:
    values = {"percent": _number(p["percent"]), "years": _number(p["years"])}
    if int(p["years"]) == 1:
        return _("revenue growing %(percent)s %% over last year") % values
    return _("revenue growing %(percent)s %% a year over %(years)s years") % values


def _decline(p: Params, basis: str | None) -> str:
    values = {"percent": _number(p["percent"]), "years": _number(p["years"])}
    if int(p["years"]) == 1:
        return _("revenue falling %(percent)s %% against last year") % values
    return _("revenue falling %(percent)s %% a year over %(years)s years") % values


def _whitespace(p: Params, basis: str | None) -> str:
    return ngettext(
        "buys %(bought)s of %(total)s product line",
        "buys %(bought)s of %(total)s product lines",
        int(p["total"]),
    ) % {"bought": _number(p["bought"]), "total": _number(p["total"])}


def _rated(p: Params, basis: str | None) -> str:
    return _("rated %(score)s/5 for “%(criterion)s”") % {
        "score": _number(p["score"]),
        "criterion": _label(Criterion, p["criterion"]),
    }


def _unrated(p: Params, basis: str | None) -> str:
    return ngettext(
        "%(count)s of %(total)s strategic criteria not rated yet",
        "%(count)s of %(total)s strategic criteria not rated yet",
        int(p["count"]),
    ) % {"count": _number(p["count"]), "total": _number(p["total"])}


def _coverage(p: Params, basis: str | None) -> str:
    roles = [_label(BuyingRole, role) for role in p["missing"]]
    return ngettext(
        "no contact in the buying-centre role %(roles)s",
        "no contact in the buying-centre roles %(roles)s",
        len(roles),
    ) % {"roles": ", ".join(roles)}


def _no_recent_contact(p: Params, basis: str | None) -> str:
    return ngettext("no contact for %(days)s day", "no contact for %(days)s days", int(p["days"])) % {
        "days": _number(p["days"])
    }


def _simple(text: Callable[[], str]) -> Callable[[Params, str | None], str]:
    return lambda p, basis: text()


def _scored(text: Callable[[], str], name: str = "score") -> Callable[[Params, str | None], str]:
    return lambda p, basis: text() % {name: _number(p[name])}


WORDS: dict[str, Callable[[Params, str | None], str]] = {
    "top_share": _top_share,
    "share": _share,
    "no_value": _no_value,
    "abc": _abc,
    "growth": _growth,
    "decline": _decline,
    "new": _simple(lambda: _("new customer: no revenue in the same period one and three years earlier")),
    "whitespace": _whitespace,
    "rated": _rated,
    "unrated": _unrated,
    "attractiveness": _scored(lambda: _("attractiveness %(score)s/100")),
    "relationship": _scored(lambda: _("relationship strength %(score)s/100")),
    "coverage": _coverage,
    "no_recent_contact": _no_recent_contact,
    "never_contacted": _simple(lambda: _("no contact on record")),
    "share_of_wallet": _scored(lambda: _("share of wallet %(percent)s %%"), "percent"),
    "nps": _scored(lambda: _("NPS %(score)s")),
    "quadrant": lambda p, basis: _("portfolio matrix: %(quadrant)s") % {"quadrant": _label(Quadrant, p["quadrant"])},
}


def reason_text(reason: Mapping[str, Any], *, basis: str | None = None) -> str:
    """One stored reason (``{"code", "params"}``) in words; the code itself when unknown.

    ``basis``: the run's basis, so that shares speak of revenue or margin (default revenue).
    """
    code = str(reason.get("code", ""))
    words = WORDS.get(code)
    if words is None:
        return code
    try:
        return words(reason.get("params") or {}, basis)
    except (KeyError, TypeError, ValueError):
        return code


def reasons_text(entry: Any, *, basis: str | None = None) -> list[str]:
    """All reasons of a portfolio entry (or nomination) in words, most important first.

    The basis is taken from the entry's run when it is loaded already (no extra query).
    """
    if basis is None:
        run = entry._state.fields_cache.get("run") if hasattr(entry, "_state") else None
        basis = getattr(run, "basis", None)
    return [reason_text(reason, basis=basis) for reason in entry.reasons or []]
