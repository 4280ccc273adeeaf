"""Customers: standalone companies and corporate groups, their size, fate, tier and owner."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from kam.demo.generator.calendar import Calendar
from kam.demo.generator.names import company_base_name
from kam.demo.generator.places import COUNTRIES, COUNTRY_BY_CODE, GERMAN_CITIES, City, Country, legal_suffix
from kam.demo.generator.randomness import ascii_slug, clamp, geometric, pick
from kam.demo.generator.records import AccountRecord, TeamMemberRecord, UserRecord

INDUSTRIES = (
    ("automotive", 22), ("chemicals", 12), ("food", 14), ("medical", 11), ("logistics", 11), ("machinery", 9),
    ("electronics", 6), ("energy", 4), ("pharma", 4), ("packaging", 5), ("other", 2),
)  # fmt: skip
GROUP_SHARE = 0.045  # share of entities that are corporate groups
KEY_SHARE = 0.03
GROWTH_SHARE = 0.08
NEW_CUSTOMER_SHARE = 0.14
LOST_CUSTOMER_SHARE = 0.11


@dataclass(slots=True)
class AccountPlan:
    """Everything the generator decides about one customer (the record is what gets exported)."""

    index: int
    name: str
    legal_form: str
    industry: str
    country: str
    city: City
    street: str
    website: str
    size: float  # relative purchasing power, median 1, heavy-tailed
    parent: int | None = None
    root: int = 0  # index of the group's top account (itself for standalone companies)
    is_holding: bool = False  # holdings buy nothing themselves
    employees: int = 0
    growth: float = 0.0  # the customer's own yearly trend
    start: int | None = None  # first day it may buy (new customers), as an ordinal
    end: int | None = None  # last day it buys (lost customers), as an ordinal
    tier: str = "standard"
    owner: str = ""
    members: list[int] = field(default_factory=list)  # for a group's top account: all its accounts

    @property
    def external_id(self) -> str:
        return f"C{self.index + 1:06d}"

    def record(self, plans: list[AccountPlan]) -> AccountRecord:
        """The exported account."""
        return AccountRecord(
            external_id=self.external_id,
            name=self.name,
            legal_form=self.legal_form,
            parent_external_id=plans[self.parent].external_id if self.parent is not None else "",
            industry=self.industry,
            employees=self.employees,
            street=self.street,
            postal_code=self.city.postal_code,
            city=self.city.name,
            country=self.country,
            website=self.website,
            tier=self.tier,
            owner_username=self.owner,
        )


def _industry(rng: random.Random) -> str:
    return pick(rng, [name for name, _ in INDUSTRIES], [weight for _, weight in INDUSTRIES])


def _country(rng: random.Random) -> Country:
    return pick(rng, COUNTRIES, [country.share for country in COUNTRIES])


def _city(rng: random.Random, country: Country, industry: str) -> City:
    if country.code != "DE":
        return rng.choice(country.cities)
    weights = [4.0 if industry in city.industries else 1.0 for city in GERMAN_CITIES]
    return pick(rng, GERMAN_CITIES, weights)


def _legal_form(rng: random.Random, country: Country, size: float) -> str:
    form = pick(rng, [form for form, _ in country.legal_forms], [weight for _, weight in country.legal_forms])
    if size > 6 and form in ("ek", "ug", "ohg", "kg"):
        return "gmbh" if country.code != "CH" else "ag"
    if size < 0.3 and form in ("ag", "se"):
        return "gmbh"
    return form


def _employees(rng: random.Random, size: float) -> int:
    employees = 80 * size**0.8 * rng.lognormvariate(0, 0.35)
    if employees > 1000:
        employees = round(employees, -2)
    return int(clamp(employees, 8, 250_000))


def _street(rng: random.Random, country: Country) -> str:
    street = rng.choice(country.streets)
    number = rng.randint(1, 180)
    return f"{number} {street}" if country.code in ("FR", "US") else f"{street} {number}"


def _website(base: str) -> str:
    return f"https://www.{ascii_slug(base)[:50].strip('-')}.example.de"


class _AccountBuilder:
    """Creates the account plans in order: a group's top account before its subsidiaries."""

    def __init__(self, rng: random.Random, count: int) -> None:
        self.rng = rng
        self.count = count
        self.plans: list[AccountPlan] = []
        self.names: set[str] = set()

    def unique(self, name: str, city: City) -> str:
        """The name, made distinct with the city (and a number) if it is taken."""
        candidate = name
        if candidate in self.names:
            candidate = f"{name} ({city.name})"
        number = 2
        while candidate in self.names:
            candidate = f"{name} ({city.name} {number})"
            number += 1
        self.names.add(candidate)
        return candidate

    def add(self, base: str, country: Country, industry: str, size: float, **extra: object) -> AccountPlan:
        rng = self.rng
        city = extra.pop("city", None) or _city(rng, country, industry)
        assert isinstance(city, City)
        legal_form = str(extra.pop("legal_form", "")) or _legal_form(rng, country, size)
        name = self.unique(f"{base} {legal_suffix(legal_form, country.code)}".strip(), city)
        website = str(extra.pop("website", "")) or _website(base)
        index = len(self.plans)
        plan = AccountPlan(index, name, legal_form, industry, country.code, city, _street(rng, country), website, size,
                           root=index, employees=_employees(rng, size))  # fmt: skip
        for key, value in extra.items():
            setattr(plan, key, value)
        self.plans.append(plan)
        return plan

    def standalone(self) -> None:
        rng = self.rng
        industry, country = _industry(rng), _country(rng)
        plan = self.add(company_base_name(rng, industry, country.code), country, industry, rng.lognormvariate(0, 1.5))
        plan.members = [plan.index]

    def group(self) -> None:
        rng = self.rng
        industry = _industry(rng)
        home = COUNTRY_BY_CODE["DE" if rng.random() < 0.85 else rng.choice(("AT", "CH"))]
        brand = company_base_name(rng, industry, home.code)
        group_size = rng.lognormvariate(1.6, 1.0)
        remaining = self.count - len(self.plans) - 1
        subsidiaries = min(remaining, 14, 2 + geometric(rng, 1.0 + math.log1p(group_size)))
        holding = rng.random() < 0.5
        if holding:
            form = rng.choice(("ag", "se", "gmbh")) if home.code == "DE" else "ag"
            root = self.add(f"{brand} Holding", home, industry, group_size * 0.2, legal_form=form, is_holding=True)
        else:
            root = self.add(brand, home, industry, group_size, legal_form="ag" if group_size > 3 else "gmbh")
        root.members = [root.index]
        used = {root.city.name, "DE", home.code}
        german_subsidiaries: list[int] = []
        for number in range(subsidiaries):
            size = group_size * rng.lognormvariate(-0.4, 0.7)
            base, country, city = self.subsidiary_place(brand, industry, used)
            parent = root.index
            if number >= 2 and german_subsidiaries and rng.random() < 0.2:
                parent = rng.choice(german_subsidiaries)
            plan = self.add(base, country, industry, size, city=city, parent=parent, root=root.index,
                            website=root.website)  # fmt: skip
            root.members.append(plan.index)
            if country.code == "DE":
                german_subsidiaries.append(plan.index)
        if holding:
            root.employees = 40 + sum(self.plans[index].employees for index in root.members[1:]) // 50

    def subsidiary_place(self, brand: str, industry: str, used: set[str]) -> tuple[str, Country, City]:
        """Name base, country and city of a subsidiary: mostly German plants, some sales companies abroad."""
        rng = self.rng
        abroad = [country for country in COUNTRIES if country.code not in used]
        if rng.random() < 0.7 or not abroad:
            city = _city(rng, COUNTRY_BY_CODE["DE"], industry)
            for _ in range(5):
                if city.name not in used:
                    break
                city = _city(rng, COUNTRY_BY_CODE["DE"], industry)
            used.add(city.name)
            short = city.name.split(" (")[0]
            base = f"{brand} {short}" if rng.random() < 0.6 else f"{brand} Werk {short}"
            return base, COUNTRY_BY_CODE["DE"], city
        country = rng.choice(abroad)
        used.add(country.code)
        return f"{brand} {country.adjective}", country, _city(rng, country, industry)

    def build(self) -> list[AccountPlan]:
        while len(self.plans) < self.count:
            if self.count - len(self.plans) >= 3 and self.rng.random() < GROUP_SHARE:
                self.group()
            else:
                self.standalone()
        return self.plans


def _fate(rng: random.Random, plans: list[AccountPlan], calendar: Calendar) -> None:
    """Growth, new and lost customers."""
    first, last = calendar.start_ordinal, calendar.end_ordinal
    for plan in plans:
        plan.growth = rng.gauss(0.02, 0.1)
        lost_share = LOST_CUSTOMER_SHARE if plan.parent is None else LOST_CUSTOMER_SHARE / 2
        if rng.random() < NEW_CUSTOMER_SHARE:
            plan.start = rng.randint(first + 60, last - 60)
            plan.growth = rng.gauss(0.1, 0.1)
        if rng.random() < lost_share:
            end = rng.randint(first + 120, last - 120)
            if plan.start is None or end > plan.start + 180:
                plan.end = end
                plan.growth = rng.gauss(-0.2, 0.1)


def _assign_tiers(rng: random.Random, plans: list[AccountPlan], users: list[UserRecord]) -> None:
    """About 3 % key accounts, 8 % growth accounts, the rest standard; KAMs own key and growth accounts.

    Key accounts are mostly the biggest customers (by purchasing power, with some judgement
    mixed in, and lost customers rarely kept); a group's top account becomes a key account with
    its first key subsidiary, and one KAM owns all key accounts of a group.
    """
    kams = [user.username for user in users if user.role == "kam"] or [""]
    scored = sorted(
        ((plan.size * rng.lognormvariate(0, 0.3) * (0.3 if plan.end is not None else 1.0), plan.index)
         for plan in plans if not plan.is_holding),
        key=lambda item: (-item[0], item[1]),
    )  # fmt: skip
    key_target = max(1, round(len(plans) * KEY_SHARE))
    group_owner: dict[int, str] = {}
    taken = 0
    for _score, index in scored:
        if taken >= key_target:
            break
        plan = plans[index]
        owner = group_owner.setdefault(plan.root, kams[len(group_owner) % len(kams)])
        for member in (plan.root, index):
            if plans[member].tier != "key":
                plans[member].tier, plans[member].owner = "key", owner
                taken += 1
    candidates = []
    for plan in plans:
        if plan.tier == "standard" and not plan.is_holding and plan.end is None:
            score = plan.size**0.7 * (1 + 3 * max(plan.growth, 0)) * rng.lognormvariate(0, 0.5)
            candidates.append((score, plan.index))
    candidates.sort(key=lambda item: (-item[0], item[1]))
    for number, (_score, index) in enumerate(candidates[: round(len(plans) * GROWTH_SHARE)]):
        plans[index].tier = "growth"
        plans[index].owner = kams[(len(group_owner) + number) % len(kams)]


def _teams(rng: random.Random, plans: list[AccountPlan], users: list[UserRecord]) -> list[TeamMemberRecord]:
    """Team members on key accounts (and a few growth accounts); a deputy KAM on some key accounts."""
    members = [user for user in users if user.role == "team_member"]
    kams = [user.username for user in users if user.role == "kam"]
    team: list[TeamMemberRecord] = []
    if not members:
        return team
    turn = 0
    for plan in plans:
        if plan.tier == "key":
            wanted = 1 + (rng.random() < 0.6) + (rng.random() < 0.3)
        elif plan.tier == "growth" and rng.random() < 0.25:
            wanted = 1
        else:
            continue
        chosen: list[UserRecord] = []
        for _ in range(min(wanted, len(members))):
            user = members[turn % len(members)]
            turn += 1 + (rng.random() < 0.3)
            if user not in chosen:
                chosen.append(user)
        team += [TeamMemberRecord(plan.external_id, user.username, user.department) for user in chosen]
        if plan.tier == "key" and len(kams) > 1 and rng.random() < 0.2:
            deputy = rng.choice([kam for kam in kams if kam != plan.owner])
            team.append(TeamMemberRecord(plan.external_id, deputy, "key_account_management"))
    return team


def build_accounts(
    rng: random.Random, count: int, calendar: Calendar, users: list[UserRecord]
) -> tuple[list[AccountPlan], list[TeamMemberRecord]]:
    """``count`` account plans (parents before subsidiaries) and the account teams."""
    plans = _AccountBuilder(rng, count).build()
    _fate(rng, plans, calendar)
    _assign_tiers(rng, plans, users)
    return plans, _teams(rng, plans, users)
