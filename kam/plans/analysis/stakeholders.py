"""Gaps in the buying centre of an account, as codes with parameters.

Each rule looks at the account's contacts (:class:`Stakeholder`) and reports a :class:`Gap`;
the caller words it (see :data:`GAP_CODES`). Rules, most serious first:

* ``no_contacts`` — the account has no contacts at all (the other rules are then skipped);
* ``no_decision_maker`` — nobody in the role decision maker;
* ``no_purchasing`` — nobody in the role buyer nor in the purchasing department;
* ``decision_maker_without_owner`` — a decision maker without a relationship owner on our side;
* ``influential_opponent`` — a blocker, or an opponent or critic, with influence ≥ 4;
* ``weak_key_relationship`` — a decision maker or a contact with influence ≥ 4 whose
  relationship strength is ≤ 2;
* ``decision_maker_not_contacted`` — a decision maker not contacted for more than
  ``stale_days`` days (default 180), or never;
* ``no_champion`` — nobody in the role champion and no supporter;
* ``unknown_roles`` — contacts without a buying-centre role.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# Values of kam.contacts.choices, repeated as plain strings (a test checks that they agree).
DECISION_MAKER, BUYER, CHAMPION, BLOCKER = "decision_maker", "buyer", "champion", "blocker"
SUPPORTER, CRITICAL, OPPONENT = "supporter", "critical", "opponent"
PURCHASING = "purchasing"

HIGH, MEDIUM, LOW = "high", "medium", "low"
#: Influence (1–5) from which a contact counts as influential.
HIGH_INFLUENCE = 4
#: Relationship strength (1–5) up to which a relationship counts as weak.
WEAK_RELATIONSHIP = 2
#: Days without contact after which a decision maker counts as not contacted.
DEFAULT_STALE_DAYS = 180

#: Every gap code with its parameters (for wording and translations).
GAP_CODES: dict[str, str] = {
    "no_contacts": "no contacts recorded for the account",
    "no_decision_maker": "no contact in the role decision maker",
    "no_purchasing": "no contact in purchasing (role buyer or purchasing department)",
    "decision_maker_without_owner": "decision maker {name} has no relationship owner",
    "influential_opponent": "{name} ({role}, {attitude}) has influence {influence}",
    "weak_key_relationship": "relationship with {name} (influence {influence}) has strength {strength}",
    "decision_maker_not_contacted": "decision maker {name} last contacted {days} days ago (None: never)",
    "no_champion": "no champion or supporter",
    "unknown_roles": "{count} contact(s) without a buying-centre role",
}


@dataclass(frozen=True)
class Stakeholder:
    """What the rules need to know of one contact."""

    id: int
    name: str
    buying_role: str = ""
    attitude: str = ""
    influence: int | None = None
    department: str = ""
    relationship_owner_id: int | None = None
    relationship_strength: int | None = None
    last_contact_date: datetime.date | None = None


@dataclass(frozen=True)
class Gap:
    """One gap: its code, how serious, its parameters and the contact it is about (if any)."""

    code: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict)
    contact_id: int | None = None


def _coverage_gaps(people: Sequence[Stakeholder]) -> list[Gap]:
    gaps = []
    if not any(p.buying_role == DECISION_MAKER for p in people):
        gaps.append(Gap("no_decision_maker", HIGH))
    if not any(p.buying_role == BUYER or p.department == PURCHASING for p in people):
        gaps.append(Gap("no_purchasing", HIGH))
    return gaps


def _person_gaps(person: Stakeholder, today: datetime.date, stale_days: int) -> list[Gap]:
    gaps = []
    influential = (person.influence or 0) >= HIGH_INFLUENCE
    if person.buying_role == DECISION_MAKER and person.relationship_owner_id is None:
        gaps.append(Gap("decision_maker_without_owner", HIGH, {"name": person.name}, person.id))
    against = person.buying_role == BLOCKER or person.attitude in (OPPONENT, CRITICAL)
    if against and influential:
        params = {
            "name": person.name,
            "role": person.buying_role,
            "attitude": person.attitude,
            "influence": person.influence,
        }
        gaps.append(Gap("influential_opponent", HIGH, params, person.id))
    key_person = person.buying_role == DECISION_MAKER or influential
    strength = person.relationship_strength
    if key_person and strength is not None and strength <= WEAK_RELATIONSHIP:
        params = {"name": person.name, "influence": person.influence, "strength": strength}
        gaps.append(Gap("weak_key_relationship", MEDIUM, params, person.id))
    if person.buying_role == DECISION_MAKER:
        days = None if person.last_contact_date is None else (today - person.last_contact_date).days
        if days is None or days > stale_days:
            gaps.append(Gap("decision_maker_not_contacted", MEDIUM, {"name": person.name, "days": days}, person.id))
    return gaps


def stakeholder_gaps(
    people: Sequence[Stakeholder], *, today: datetime.date, stale_days: int = DEFAULT_STALE_DAYS
) -> list[Gap]:
    """The gaps of a buying centre, high severity first, in the order of the rules above."""
    if not people:
        return [Gap("no_contacts", HIGH)]
    gaps = _coverage_gaps(people)
    for person in people:
        gaps.extend(_person_gaps(person, today, stale_days))
    if not any(p.buying_role == CHAMPION or p.attitude == SUPPORTER for p in people):
        gaps.append(Gap("no_champion", LOW))
    unknown = sum(1 for p in people if not p.buying_role)
    if unknown:
        gaps.append(Gap("unknown_roles", LOW, {"count": unknown}))
    order = {HIGH: 0, MEDIUM: 1, LOW: 2}
    return sorted(gaps, key=lambda gap: order[gap.severity])
