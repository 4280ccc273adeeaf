"""Write the demo company as CSV files in KAM's import layout (plain Python, no Django).

Used by benchmarks and to try the importers::

    from kam.demo.csv_export import write_csv
    write_csv("/tmp/demo", customers=50_000, order_lines=5_000_000)

Files (UTF-8, comma-separated, header row, ISO dates, decimal point, codes of the choices):
``accounts.csv``, ``products.csv``, ``contacts.csv`` and ``order_lines.csv``. Accounts are
written parents first; contacts superiors first.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kam.demo.generator import DemoCompany, generate
from kam.demo.generator.catalog import PRODUCT_LINES

ACCOUNT_COLUMNS = (
    "external_id", "name", "legal_form", "parent_external_id", "industry", "employees", "street", "postal_code",
    "city", "country", "website", "tier", "owner_username",
)  # fmt: skip
PRODUCT_COLUMNS = ("sku", "name", "product_line_code", "product_line_name", "list_price", "margin_percent", "active")
ORDER_LINE_COLUMNS = (
    "external_id", "account_external_id", "product_sku", "date", "quantity", "net_revenue", "margin",
    "document_number",
)  # fmt: skip
CONTACT_COLUMNS = (
    "external_id", "account_external_id", "first_name", "last_name", "function", "department", "email", "phone",
    "reports_to_external_id", "buying_role", "attitude", "influence", "last_contact_date",
    "relationship_owner_username", "relationship_strength",
)  # fmt: skip


@dataclass(frozen=True)
class CsvFile:
    """One written file and its number of data rows."""

    path: Path
    rows: int


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> CsvFile:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(value) for value in row])
            count += 1
    return CsvFile(path, count)


def write_csv(
    directory: str | Path,
    company: DemoCompany | None = None,
    *,
    progress: Callable[[str, int], None] | None = None,
    **options: Any,
) -> dict[str, CsvFile]:
    """Write accounts, products, contacts and order lines of ``company`` into ``directory``.

    Without ``company`` one is generated from ``options`` (``seed``, ``customers``,
    ``order_lines``, ``today``, ``users``; see :func:`kam.demo.generator.generate`).
    ``progress(file_name, rows)`` is called after each file. Returns the files by name.
    """
    company = company or generate(**options)
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    line_names = {line.code: line.name for line in PRODUCT_LINES}
    products = (
        (p.sku, p.name, p.product_line_code, line_names[p.product_line_code], p.list_price, p.margin_percent, p.active)
        for p in company.products
    )
    jobs: list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = [
        ("accounts", ACCOUNT_COLUMNS, company.accounts),
        ("products", PRODUCT_COLUMNS, products),
        ("contacts", CONTACT_COLUMNS, company.contacts()),
        ("order_lines", ORDER_LINE_COLUMNS, company.order_lines()),
    ]
    written = {}
    for name, columns, rows in jobs:
        written[name] = _write(target / f"{name}.csv", columns, rows)
        if progress:
            progress(written[name].path.name, written[name].rows)
    return written
