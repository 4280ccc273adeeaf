"""Contacts: the buying centre of each customer, with functions, influence and reporting lines."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any, NamedTuple

from kam.demo.generator.accounts import AccountPlan
from kam.demo.generator.calendar import Calendar
from kam.demo.generator.names import DACH, person_name
from kam.demo.generator.places import CALLING_CODES
from kam.demo.generator.randomness import ascii_slug, clamp, pick
from kam.demo.generator.records import ContactRecord


class Position(NamedTuple):
    """A position in a customer's organisation and its usual place in the buying centre."""

    key: str
    male: str
    female: str
    english: str
    department: str
    buying_role: str
    influence: int
    reports_to: str  # key of the superior position ("" = top)


POSITIONS = (
    Position("ceo", "Geschäftsführer", "Geschäftsführerin", "Managing Director", "management", "decision_maker", 5, ""),
    Position("purchasing", "Leiter Einkauf", "Leiterin Einkauf", "Head of Purchasing", "purchasing", "buyer", 4, "ceo"),
    Position("maintenance", "Leiter Instandhaltung", "Leiterin Instandhaltung", "Head of Maintenance", "maintenance",
             "user", 3, "production"),
    Position("production", "Produktionsleiter", "Produktionsleiterin", "Head of Production", "production", "influencer",
             4, "ceo"),
    Position("engineering", "Technischer Leiter", "Technische Leiterin", "Head of Engineering", "engineering",
             "influencer", 4, "ceo"),
    Position("finance", "Kaufmännischer Leiter", "Kaufmännische Leiterin", "CFO", "finance", "decision_maker", 4,
             "ceo"),
    Position("buyer", "Einkäufer", "Einkäuferin", "Buyer", "purchasing", "buyer", 2, "purchasing"),
    Position("quality", "Qualitätsmanager", "Qualitätsmanagerin", "Quality Manager", "quality", "influencer", 3,
             "production"),
    Position("it", "IT-Leiter", "IT-Leiterin", "Head of IT", "it", "influencer", 3, "finance"),
    Position("technician", "Instandhaltungstechniker", "Instandhaltungstechnikerin", "Maintenance Technician",
             "maintenance", "user", 2, "maintenance"),
    Position("assistant", "Assistent der Geschäftsführung", "Assistentin der Geschäftsführung", "Executive Assistant",
             "management", "gatekeeper", 2, "ceo"),
    Position("logistics", "Leiter Logistik", "Leiterin Logistik", "Head of Logistics", "logistics", "user", 3, "ceo"),
    Position("strategic_buyer", "Strategischer Einkäufer", "Strategische Einkäuferin", "Strategic Buyer", "purchasing",
             "buyer", 3, "purchasing"),
    Position("production_engineer", "Fertigungsingenieur", "Fertigungsingenieurin", "Production Engineer",
             "production", "user", 2, "production"),
    Position("project_engineer", "Projektingenieur", "Projektingenieurin", "Project Engineer", "engineering",
             "influencer", 2, "engineering"),
    Position("shift_lead", "Schichtleiter", "Schichtleiterin", "Shift Supervisor", "production", "user", 1,
             "production"),
    Position("controller", "Controller", "Controllerin", "Controller", "finance", "gatekeeper", 2, "finance"),
    Position("energy", "Energiemanager", "Energiemanagerin", "Energy Manager", "other", "influencer", 2, "engineering"),
)  # fmt: skip
_HOLDING_POSITIONS = ("ceo", "finance", "strategic_buyer", "assistant", "it")
_BY_KEY = {position.key: position for position in POSITIONS}
_ATTITUDES = ("supporter", "positive", "neutral", "critical", "opponent")
_ATTITUDE_WEIGHTS = (15, 30, 35, 15, 5)
# Mean days since the last contact, and the share of contacts never contacted, per tier.
_RECENCY = {"key": (25, 0.05), "growth": (70, 0.15), "standard": (220, 0.45)}


def _count(rng: random.Random, plan: AccountPlan) -> int:
    if plan.is_holding:
        return rng.randint(2, 4)
    if plan.tier == "key":
        return rng.randint(8, 16)
    if plan.tier == "growth":
        return rng.randint(4, 9)
    return int(clamp(1 + rng.random() * 2 + plan.size**0.5, 1, 6))


def _positions(rng: random.Random, plan: AccountPlan, count: int) -> list[Position]:
    """The first ``count`` positions in the order a company of this kind fills them."""
    if plan.is_holding:
        keys = list(_HOLDING_POSITIONS[:count])
    else:
        keys = ["ceo"]
        rest = [position.key for position in POSITIONS[1:]]
        weights = [1.0 / (number + 1) for number in range(len(rest))]
        while len(keys) < min(count, len(POSITIONS)):
            key = pick(rng, rest, weights)
            index = rest.index(key)
            del rest[index], weights[index]
            keys.append(key)
    return [_BY_KEY[key] for key in keys]


def _attitude_and_role(rng: random.Random, position: Position) -> tuple[str, str]:
    attitude = pick(rng, _ATTITUDES, _ATTITUDE_WEIGHTS)
    role = position.buying_role
    if position.key != "ceo" and rng.random() < 0.15:
        if attitude in ("supporter", "positive"):
            role, attitude = "champion", "supporter"
        elif attitude in ("critical", "opponent"):
            role = "blocker"
    return attitude, role


def _last_contact(rng: random.Random, plan: AccountPlan, calendar: Calendar, influence: int) -> dt.date | None:
    mean_days, never = _RECENCY.get(plan.tier, _RECENCY["standard"])
    if rng.random() < never:
        return None
    latest = plan.end + 30 if plan.end is not None else calendar.end_ordinal
    days = rng.expovariate(1 / (mean_days * (1.4 - influence / 10)))
    ordinal = max(int(latest - days), plan.start or calendar.start_ordinal - 365)
    return dt.date.fromordinal(calendar.business_day(min(ordinal, calendar.end_ordinal)))


def _phone(rng: random.Random, plan: AccountPlan) -> str:
    code = CALLING_CODES.get(plan.country, "49")
    prefix = plan.city.phone_prefix.lstrip("0")
    return f"+{code} {prefix} {rng.randint(200, 9899) * 10}-{rng.randint(10, 899)}"


def _email(first: str, last: str, domain: str, taken: set[str]) -> str:
    """first.last@domain, numbered if the address is taken at this customer."""
    local = f"{ascii_slug(first, '')}.{ascii_slug(last, '')}"
    email, number = f"{local}@{domain}", 2
    while email in taken:
        email, number = f"{local}{number}@{domain}", number + 1
    taken.add(email)
    return email


def _function(position: Position, plan: AccountPlan, female: bool) -> str:
    """The job title: German in Germany, Austria and Switzerland, English elsewhere."""
    if plan.country not in DACH:
        return position.english
    if position.key == "ceo" and plan.legal_form in ("ag", "se"):
        return "Vorstandsvorsitzende" if female else "Vorstandsvorsitzender"
    return position.female if female else position.male


def account_contacts(
    rng: random.Random, plan: AccountPlan, calendar: Calendar, next_number: int
) -> list[ContactRecord]:
    """The contacts of one customer; superiors come before the people reporting to them."""
    count = _count(rng, plan)
    positions = _positions(rng, plan, count)
    domain = plan.website.removeprefix("https://www.")
    by_position: dict[str, str] = {}
    emails: set[str] = set()
    contacts: list[ContactRecord] = []
    for position in positions:
        first, last, female = person_name(rng, plan.country)
        email = _email(first, last, domain, emails)
        boss = position.reports_to
        while boss and boss not in by_position:
            boss = _BY_KEY[boss].reports_to
        attitude, role = _attitude_and_role(rng, position)
        influence = int(clamp(position.influence + rng.choice((-1, 0, 0, 0, 1)), 1, 5))
        function = _function(position, plan, female)
        external_id = f"P{next_number + len(contacts):07d}"
        by_position.setdefault(position.key, external_id)
        contacts.append(
            ContactRecord(
                external_id=external_id,
                account_external_id=plan.external_id,
                first_name=first,
                last_name=last,
                function=function,
                department=position.department,
                email=email,
                phone=_phone(rng, plan),
                reports_to_external_id=by_position[boss] if boss else "",
                buying_role=role,
                attitude=attitude,
                influence=influence,
                last_contact_date=_last_contact(rng, plan, calendar, influence),
                **_relationship(plan, external_id, role, attitude),
            )
        )
    return contacts


# Roles whose relationship someone on our side owns at key and growth accounts, and how strong it is by attitude.
_OWNED_ROLES = ("decision_maker", "buyer", "influencer", "champion")
_STRENGTH = {"supporter": 5, "positive": 4, "neutral": 3, "critical": 2, "opponent": 1}


def _relationship(plan: AccountPlan, external_id: str, role: str, attitude: str) -> dict[str, Any]:
    """The owning KAM holds about three in four of the buying centre's key relationships at key and
    growth accounts (decided by the contact's number, so the random sequence stays as it was)."""
    if plan.tier == "standard" or not plan.owner or role not in _OWNED_ROLES or int(external_id[1:]) % 4 == 0:
        return {}
    return {"relationship_owner": plan.owner, "relationship_strength": _STRENGTH.get(attitude, 3)}


def generate_contacts(rng: random.Random, plans: list[AccountPlan], calendar: Calendar) -> Iterator[ContactRecord]:
    """All contacts, account by account."""
    number = 1
    for plan in plans:
        contacts = account_contacts(rng, plan, calendar, number)
        number += len(contacts)
        yield from contacts
