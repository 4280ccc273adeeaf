"""Benchmark of the order line import against PostgreSQL's own COPY.

    KAM_DATABASE_URL=postgresql://... python -m kam.imports.benchmark --rows 200000

Creates benchmark accounts and products (keys starting with ``BENCH-``), writes a CSV
file of generated order lines, imports it twice (the second run must change nothing)
and, on PostgreSQL, times a plain ``COPY`` of the same lines into the order line
table. Everything it created is deleted at the end. Run it on a scratch database.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import tempfile
import time
from pathlib import Path


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")
    django.setup()


def _master_data(accounts: int, products: int) -> tuple[list[str], list[str]]:
    from kam.accounts.models import Account
    from kam.products.models import Product, ProductLine

    line, _created = ProductLine.objects.get_or_create(code="BENCH-PL", defaults={"name": "Benchmark"})
    account_keys = [f"BENCH-A{n:06d}" for n in range(accounts)]
    product_keys = [f"BENCH-P{n:05d}" for n in range(products)]
    Account.objects.bulk_create([Account(external_id=k, name=k) for k in account_keys], ignore_conflicts=True)
    Product.objects.bulk_create(
        [Product(sku=k, name=k, product_line=line, list_price=10, margin_percent=30) for k in product_keys],
        ignore_conflicts=True,
    )
    return account_keys, product_keys


def _write_file(path: Path, rows: int, accounts: list[str], products: list[str]) -> None:
    rnd = random.Random(42)  # noqa: S311 - test data, not secrets
    start = datetime.date(2022, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "external_id",
                "account_external_id",
                "product_sku",
                "date",
                "quantity",
                "net_revenue",
                "margin",
                "document_number",
            ]
        )
        for n in range(rows):
            revenue = rnd.randint(-5_000, 500_000) / 100
            writer.writerow(
                [
                    f"BENCH-OL{n:09d}",
                    rnd.choice(accounts),
                    rnd.choice(products),
                    (start + datetime.timedelta(days=rnd.randint(0, 1400))).isoformat(),
                    f"{rnd.randint(1, 5000) / 10:.1f}",
                    f"{revenue:.2f}",
                    f"{revenue * 0.3:.2f}",
                    f"INV-{n // 5}",
                ]
            )


def _clean() -> None:
    from kam.accounts.models import Account, AccountRevenueYear
    from kam.orders.models import OrderLine

    accounts = list(Account.objects.filter(external_id__startswith="BENCH-").values_list("pk", flat=True))
    OrderLine.objects.filter(external_id__startswith="BENCH-").delete()
    for start in range(0, len(accounts), 5000):
        AccountRevenueYear.objects.filter(account_id__in=accounts[start : start + 5000]).delete()


def _copy_baseline(path: Path) -> float:
    """Seconds for COPY of the same lines (with ids instead of keys) into the order line table."""
    from django.db import connection, transaction

    from kam.accounts.models import Account
    from kam.products.models import Product

    accounts = dict(Account.objects.filter(external_id__startswith="BENCH-").values_list("external_id", "pk"))
    products = dict(Product.objects.filter(sku__startswith="BENCH-").values_list("sku", "pk"))
    id_file = path.with_suffix(".ids.csv")
    with path.open(encoding="utf-8") as src, id_file.open("w", encoding="utf-8") as dst:
        next(src)
        for line in src:
            ext, acc, prod, rest = line.split(",", 3)
            dst.write(f"{ext},{accounts[acc]},{products[prod]},{rest}")
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = "external_id, account_id, product_id, date, quantity, net_revenue, margin, document_number"
        with (
            cursor.cursor.copy(f"COPY orders_orderline ({columns}) FROM STDIN WITH (FORMAT csv)") as copy,
            id_file.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
    return time.monotonic() - started


def _import(path: Path) -> tuple[float, str]:
    from kam.orders.importers import import_order_lines

    with path.open("rb") as handle:
        result = import_order_lines(handle, source_name=path.name)
    return result.seconds, result.summary()


def main() -> None:
    """Run the benchmark and print rows per second."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--products", type=int, default=500)
    args = parser.parse_args()
    _setup()
    from django.db import connection

    from kam.accounts.models import Account
    from kam.products.models import Product, ProductLine

    accounts, products = _master_data(args.accounts, args.products)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "order_lines.csv"
        _write_file(path, args.rows, accounts, products)
        _clean()
        seconds, summary = _import(path)
        print(f"{connection.vendor} import:   {args.rows / seconds:10,.0f} rows/s  ({seconds:.1f} s) {summary}")
        seconds, summary = _import(path)
        print(f"{connection.vendor} re-import:{args.rows / seconds:10,.0f} rows/s  ({seconds:.1f} s) {summary}")
        if connection.vendor == "postgresql":
            _clean()
            seconds = _copy_baseline(path)
            print(f"postgresql COPY:  {args.rows / seconds:10,.0f} rows/s  ({seconds:.1f} s)")
    _clean()
    Account.objects.filter(external_id__startswith="BENCH-").delete()
    Product.objects.filter(sku__startswith="BENCH-").delete()
    ProductLine.objects.filter(code="BENCH-PL").delete()


if __name__ == "__main__":
    main()
