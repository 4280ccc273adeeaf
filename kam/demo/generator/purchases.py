"""What one customer buys, derived from its needs.

The industry decides which machine families a customer runs; its size decides how many
machines, how big, and how broad its purchases are. Installed machines then need spare
parts, tooling, maintenance contracts, service days, trainings, retrofits and IoT services.
No rule of the form "who buys X buys Y" is written down anywhere: co-purchases arise only
from these needs.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass, field

from kam.demo.generator import catalog as cat
from kam.demo.generator.accounts import AccountPlan
from kam.demo.generator.calendar import Calendar, DateSampler
from kam.demo.generator.catalog import Catalog, Item
from kam.demo.generator.randomness import clamp, geometric, pick, poisson

# Affinity of each industry to presses, CNC machining centres and automation.
FAMILY_AFFINITY = {
    "automotive": (0.85, 0.65, 0.6), "chemicals": (0.15, 0.2, 0.75), "food": (0.15, 0.1, 0.9),
    "medical": (0.2, 0.9, 0.45), "logistics": (0.02, 0.05, 0.95), "machinery": (0.45, 0.85, 0.35),
    "electronics": (0.15, 0.45, 0.8), "energy": (0.45, 0.6, 0.3), "pharma": (0.1, 0.2, 0.85),
    "packaging": (0.6, 0.15, 0.7), "other": (0.35, 0.4, 0.35),
}  # fmt: skip
IOT_AFFINITY = {
    "automotive": 0.45, "chemicals": 0.6, "food": 0.35, "medical": 0.4, "logistics": 0.7, "machinery": 0.35,
    "electronics": 0.5, "energy": 0.55, "pharma": 0.5, "packaging": 0.35, "other": 0.2,
}  # fmt: skip
CONTRACT_BONUS = {"food": 0.15, "medical": 0.2, "pharma": 0.2, "chemicals": 0.1, "automotive": 0.05}
FULL_PERIOD_YEARS = 3.9


@dataclass(slots=True)
class Doc:
    """A document (invoice or credit note) with its lines: (item, quantity, net cents, margin cents)."""

    date: int
    lines: list[tuple[Item, float, int, int]] = field(default_factory=list)
    credit: bool = False


class CustomerPurchases:
    """Builds the documents of one customer over its active period."""

    def __init__(
        self, plan: AccountPlan, rng: random.Random, calendar: Calendar, catalog: Catalog, discount: float
    ) -> None:
        self.plan, self.rng, self.calendar, self.catalog = plan, rng, calendar, catalog
        self.first = max(plan.start or calendar.start_ordinal, calendar.start_ordinal)
        self.last = min(plan.end or calendar.end_ordinal, calendar.end_ordinal)
        self.years = max(0.05, (self.last - self.first + 1) / 365.25)
        self.sampler = calendar.sampler(self.first, self.last, plan.growth)
        self.discount = discount
        self.size = plan.size
        self.installs: dict[str, list[int]] = {}
        self.primary = ""
        self.docs: list[Doc] = []

    # -- pricing -----------------------------------------------------------------------------

    def add_line(self, doc: Doc, item: Item, quantity: float, extra_discount: float = 0.0) -> None:
        """Price a line at the document date: today's list price deflated, minus the customer discount."""
        unit = item.price_cents * self.calendar.price_index(doc.date)
        discount = clamp(self.discount + extra_discount + self.rng.uniform(-0.01, 0.01), 0.0, 0.4)
        net = round(quantity * unit * (1 - discount))
        margin = net - round(quantity * unit * (1 - item.margin))
        doc.lines.append((item, quantity, net, margin))

    def new_doc(self, date: int) -> Doc:
        doc = Doc(self.calendar.business_day(date))
        self.docs.append(doc)
        return doc

    def date(self) -> int:
        return self.sampler.draw(self.rng, 1)[0]

    def choose(self, kind: str, family: str = "") -> Item:
        """A product of a kind for a family, drawn by popularity."""
        items = self.catalog.group(kind, family)
        return self.rng.choices(items, cum_weights=self.catalog.cum_weights[(kind, family)])[0]

    # -- installed base ----------------------------------------------------------------------

    def choose_families(self) -> list[str]:
        rng, affinity = self.rng, FAMILY_AFFINITY[self.plan.industry]
        self.primary = pick(rng, cat.FAMILIES, [a * a for a in affinity])
        breadth = clamp(0.35 + 0.18 * math.log1p(self.size), 0.2, 0.95)
        return [self.primary] + [
            family
            for family, share in zip(cat.FAMILIES, affinity, strict=True)
            if family != self.primary and rng.random() < share * breadth
        ]

    def installed(self, family: str, date: int) -> int:
        """Machines of a family installed at the customer on a date."""
        return bisect.bisect_right(self.installs.get(family, []), date)

    def machine_model(self, family: str, date: int) -> Item:
        """A machine model that fits the customer's industry and size (and is still sold)."""
        rng = self.rng
        cutoff = self.calendar.start_ordinal + 0.4 * (self.calendar.end_ordinal - self.calendar.start_ordinal)
        models = sorted(
            (item for item in self.catalog.group(cat.MACHINE, family) if item.active or date < cutoff),
            key=lambda item: item.price_cents,
        )
        target = clamp(0.45 + 0.16 * math.log(self.size), 0.05, 0.95)
        weights = []
        for rank, item in enumerate(models):
            fit = 3.0 if self.plan.industry in item.industries else 1.0
            position = rank / max(1, len(models) - 1)
            weights.append(fit * math.exp(-(((position - target) / 0.3) ** 2)))
        return pick(rng, models, weights)

    def machine_order(self, family: str, date: int) -> None:
        """A machine, often with commissioning training, first tooling and (later on) IoT connectivity."""
        rng = self.rng
        doc = self.new_doc(date)
        quantity = 2.0 if rng.random() < 0.12 * min(self.size, 5) / 5 else 1.0
        self.add_line(doc, self.machine_model(family, doc.date), quantity, rng.uniform(0.0, 0.06))
        if rng.random() < 0.55:
            self.add_line(doc, self.training_for(family), float(rng.randint(2, 6)))
        if family in (cat.PRESS, cat.CNC) and rng.random() < 0.35:
            self.add_line(doc, self.choose(cat.TOOL, family), float(rng.randint(1, 2)))
        progress = (doc.date - self.calendar.start_ordinal) / (self.calendar.end_ordinal - self.calendar.start_ordinal)
        if rng.random() < 0.04 + 0.3 * progress:
            self.add_line(doc, self.catalog.group(cat.IOT_ONCE)[0], quantity)
        self.installs.setdefault(family, []).append(doc.date + 45)

    def training_for(self, family: str) -> Item:
        trainings = self.catalog.group(cat.TRAINING, family) or self.catalog.group(cat.TRAINING)
        return self.rng.choice(trainings)

    def build_installed_base(self) -> list[str]:
        """Machines bought before the period, and new machines bought in it (as machine orders)."""
        rng, plan = self.rng, self.plan
        families = self.choose_families()
        new_customer = plan.start is not None and plan.start > self.calendar.start_ordinal
        for family in families:
            share = 1.0 if family == self.primary else 0.5
            before = poisson(rng, 0.8 * self.size**0.5 * share)
            if new_customer and rng.random() < 0.6:
                before = 0
            self.installs[family] = sorted(
                self.calendar.start_ordinal - rng.randint(200, 365 * 12) for _ in range(before)
            )
            years = self.years / FULL_PERIOD_YEARS
            for _ in range(poisson(rng, 0.22 * self.size**0.7 * years * share)):
                self.machine_order(family, self.date())
        if new_customer and rng.random() < 0.5:
            self.machine_order(self.primary, rng.randint(self.first, min(self.last, self.first + 120)))
        for family in self.installs:
            self.installs[family].sort()
        if not any(self.installs.values()):
            self.installs[self.primary] = [self.calendar.start_ordinal - rng.randint(200, 365 * 8)]
        return families

    # -- services around the machines -------------------------------------------------------

    def yearly(self, first_date: int, lapse: float) -> list[int]:
        """Invoice dates once a year from ``first_date`` until the end or until the customer cancels."""
        dates, date = [], first_date
        while date <= self.last:
            dates.append(date)
            if self.rng.random() < lapse:
                break
            date += 365
        return dates

    def contracts(self) -> None:
        rng, plan = self.rng, self.plan
        chance = clamp(0.25 + 0.12 * math.log1p(self.size) + CONTRACT_BONUS.get(plan.industry, 0.0), 0.1, 0.9)
        level = 0 if self.size < 0.7 else 1 if self.size < 3 else 2
        for family, installs in self.installs.items():
            if not installs or rng.random() >= chance:
                continue
            item = self.catalog.group(cat.CONTRACT, family)[int(clamp(level + rng.choice((-1, 0, 0, 1)), 0, 2))]
            start = max(self.first + rng.randint(0, 364), installs[0] + 45)
            for date in self.yearly(start, 0.07):
                doc = self.new_doc(date)
                self.add_line(doc, item, float(max(1, min(60, self.installed(family, date)))), -self.discount / 2)

    def iot(self) -> None:
        rng, plan = self.rng, self.plan
        if rng.random() >= IOT_AFFINITY[plan.industry] * clamp(0.3 + 0.15 * math.log1p(self.size), 0.15, 0.95):
            return
        first_install = min(installs[0] for installs in self.installs.values() if installs)
        adoption = max(self.first + int((self.last - self.first) * math.sqrt(rng.random())), first_install + 30)
        subscriptions = self.catalog.group(cat.IOT_SUBSCRIPTION)
        chosen = [subscriptions[0]] + [item for item in subscriptions[1:] if rng.random() < 0.1 + 0.1 * self.size**0.5]
        for year, date in enumerate(self.yearly(adoption, 0.05)):
            doc = self.new_doc(date)
            machines = float(max(1, min(40, sum(self.installed(family, date) for family in self.installs))))
            if year == 0:
                self.add_line(doc, self.catalog.group(cat.IOT_ONCE)[0], machines)
                if self.size > 3 and rng.random() < 0.4:
                    self.add_line(doc, self.catalog.group(cat.IOT_ONCE)[1], 1.0)
                if rng.random() < 0.5:
                    self.add_line(doc, self.catalog.group(cat.TRAINING, "IOT")[0], float(rng.randint(2, 8)))
            for item in chosen:
                per_machine = item.name.endswith("je Maschine")
                self.add_line(doc, item, machines if per_machine else 1.0, -self.discount / 4)

    def retrofits_and_trainings(self) -> None:
        rng = self.rng
        years = self.years / FULL_PERIOD_YEARS
        for family, installs in self.installs.items():
            old = sum(1 for date in installs if date < self.calendar.start_ordinal - 365 * 6)
            for _ in range(poisson(rng, 0.25 * old * years)):
                doc = self.new_doc(self.date())
                self.add_line(doc, rng.choice(self.catalog.group(cat.RETROFIT, family)), 1.0, rng.uniform(0, 0.05))
                if rng.random() < 0.4:
                    self.add_line(doc, self.training_for(family), float(rng.randint(1, 4)))
        families = list(self.installs)
        for _ in range(poisson(rng, 0.6 * self.size**0.4 * self.years)):
            family = rng.choice(families) if rng.random() < 0.7 else ""
            doc = self.new_doc(self.date())
            self.add_line(doc, self.training_for(family), float(rng.randint(1, 6)))

    def events(self) -> list[Doc]:
        """All documents except the everyday spare-part and tooling orders."""
        self.build_installed_base()
        self.contracts()
        self.iot()
        self.retrofits_and_trainings()
        return self.docs

    # -- everyday orders ---------------------------------------------------------------------

    def consumables(self, lines: int) -> list[Doc]:
        """``lines`` order lines of spare parts, tooling and service days for the installed machines."""
        rng = self.rng
        first_install = min(installs[0] for installs in self.installs.values() if installs)
        sampler: DateSampler = self.sampler
        if first_install > self.first:
            sampler = self.calendar.sampler(first_install + 14, self.last, self.plan.growth)
        mean_size = clamp(0.5 + 0.45 * math.log1p(self.size), 0.3, 6)
        sizes = []
        while lines > 0:
            size = min(lines, 1 + min(14, geometric(rng, mean_size)))
            sizes.append(size)
            lines -= size
        families = list(self.installs)
        scale = self.size**0.25
        docs = []
        for date, size in zip(sampler.draw(rng, len(sizes)), sizes, strict=True):
            doc = Doc(date)
            weights = [self.installed(family, date) + 0.01 for family in families]
            for _ in range(size):
                family = families[0] if len(families) == 1 else pick(rng, families, weights)
                self.consumable_line(doc, family, scale)
            docs.append(doc)
        return docs

    def consumable_line(self, doc: Doc, family: str, scale: float) -> None:
        rng = self.rng
        draw = rng.random()
        if draw < 0.06:
            item = self.choose(cat.SERVICE_DAY)
            quantity = float(rng.randint(1, 3)) if item.sku == "SV-9001" else rng.randint(2, 12) / 2
            self.add_line(doc, item, quantity, -self.discount / 2)
            return
        kind = cat.TOOL if draw < 0.2 and family != cat.AUTO else cat.PART
        item = self.choose(kind, family)
        quantity = max(1.0, float(round(rng.lognormvariate(math.log(item.base_quantity * scale), 0.6))))
        self.add_line(doc, item, min(quantity, 500.0), -self.discount * 0.4)
