"""Order lines: how many each customer gets, and the documents that carry them."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from decimal import Decimal

from kam.demo.generator.accounts import AccountPlan
from kam.demo.generator.calendar import Calendar
from kam.demo.generator.catalog import Catalog
from kam.demo.generator.purchases import CustomerPurchases, Doc
from kam.demo.generator.randomness import clamp, rng_for
from kam.demo.generator.records import OrderLineRecord

CREDIT_NOTE_RATE = 0.004  # share of order lines that are credit notes
EVENT_SHARE = 0.6  # at most this share of a customer's lines are machines, contracts, IoT, trainings


def allocate_lines(total: int, plans: list[AccountPlan], calendar: Calendar) -> list[int]:
    """Split ``total`` order lines over the customers: bigger and longer-active customers get more.

    Holdings get none. The split is exact (largest remainders), so the total is always met.
    """
    weights = []
    for plan in plans:
        if plan.is_holding:
            weights.append(0.0)
            continue
        first = max(plan.start or calendar.start_ordinal, calendar.start_ordinal)
        last = min(plan.end or calendar.end_ordinal, calendar.end_ordinal)
        weights.append(plan.size**0.85 * max(1, last - first))
    weight_sum = sum(weights)
    if weight_sum == 0 or total <= 0:
        return [0] * len(plans)
    raw = [total * weight / weight_sum for weight in weights]
    counts = [int(value) for value in raw]
    order = sorted(range(len(plans)), key=lambda index: (counts[index] - raw[index], index))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _discount(plan: AccountPlan, rng: random.Random) -> float:
    """The customer's usual discount on list prices: bigger and key customers get more."""
    bonus = 0.02 if plan.tier == "key" else 0.0
    return clamp(0.02 + 0.025 * math.log1p(plan.size) + bonus + rng.gauss(0, 0.02), 0.0, 0.2)


def _trim(rng: random.Random, docs: list[Doc], allowed: int) -> list[Doc]:
    """Keep random whole documents while they fit into ``allowed`` lines."""
    if sum(len(doc.lines) for doc in docs) <= allowed:
        return docs
    order = list(range(len(docs)))
    rng.shuffle(order)
    kept, used = [], 0
    for index in order:
        if used + len(docs[index].lines) <= allowed:
            kept.append(docs[index])
            used += len(docs[index].lines)
    return kept


def _credit_notes(rng: random.Random, sources: list[Doc], count: int, calendar: Calendar) -> list[Doc]:
    """Returns (quantity back) and price corrections (quantity 0) for earlier invoice lines."""
    lines = [(doc.date, line) for doc in sources for line in doc.lines]
    notes = []
    for date, (item, quantity, net, margin) in rng.sample(lines, min(count, len(lines))):
        note = Doc(calendar.business_day(date + rng.randint(5, 45)), credit=True)
        if rng.random() < 0.6:
            returned = float(rng.randint(1, max(1, int(quantity))))
            share = returned / quantity if quantity else 1.0
            note.lines.append((item, returned, -round(net * share), -round(margin * share)))
        else:
            correction = round(net * rng.uniform(0.03, 0.15))
            note.lines.append((item, 0.0, -correction, -correction))
        notes.append(note)
    return notes


def customer_documents(seed: int, plan: AccountPlan, lines: int, calendar: Calendar, catalog: Catalog) -> list[Doc]:
    """Exactly ``lines`` order lines for one customer, grouped into documents in date order."""
    if lines <= 0:
        return []
    rng = rng_for(seed, "orders", plan.external_id)
    purchases = CustomerPurchases(plan, rng, calendar, catalog, _discount(plan, rng))
    events = _trim(rng, purchases.events(), round(lines * EVENT_SHARE))
    rest = lines - sum(len(doc.lines) for doc in events)
    credits = sum(1 for _ in range(rest) if rng.random() < CREDIT_NOTE_RATE) if rest > 1 else 0
    everyday = purchases.consumables(rest - credits)
    notes = _credit_notes(rng, everyday, credits, calendar)
    if len(notes) < credits:  # not enough lines to credit: fill up with everyday orders
        everyday += purchases.consumables(credits - len(notes))
    docs = events + everyday + notes
    docs.sort(key=lambda doc: doc.date)
    return docs


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _quantity(value: float) -> Decimal:
    return Decimal(round(value * 1000)).scaleb(-3)


def generate_order_lines(
    seed: int, plans: list[AccountPlan], total: int, calendar: Calendar, catalog: Catalog
) -> Iterator[OrderLineRecord]:
    """All order lines, customer by customer; document numbers count up per year and type."""
    counters: dict[tuple[str, int], int] = {}
    for plan, lines in zip(plans, allocate_lines(total, plans, calendar), strict=True):
        account = plan.external_id
        for doc in customer_documents(seed, plan, lines, calendar, catalog):
            date = dt.date.fromordinal(doc.date)
            prefix = "GS" if doc.credit else "RE"
            number = counters[prefix, date.year] = counters.get((prefix, date.year), 0) + 1
            document = f"{prefix}-{date.year}-{number:07d}"
            for position, (item, quantity, net, margin) in enumerate(doc.lines, start=1):
                yield OrderLineRecord(
                    external_id=f"{document}-{position:02d}",
                    account_external_id=account,
                    product_sku=item.sku,
                    date=date,
                    quantity=_quantity(quantity),
                    net_revenue=_money(net),
                    margin=_money(margin),
                    document_number=document,
                )
