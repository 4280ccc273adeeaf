"""Import of order lines from the ERP: millions of rows, as fast as the database allows.

No Django forms or model instances per row. The file is streamed once: each row is
checked in plain Python (accounts and products are looked up in dicts loaded once)
and the good rows go straight into a temporary staging table (``COPY`` on
PostgreSQL, ``executemany`` on SQLite). Duplicate keys are found in the staging table.
Only if no row was bad are the staged rows merged into the order line table with one
``INSERT … SELECT … ON CONFLICT (external_id) DO UPDATE … WHERE <changed>``, so that a
re-import changes nothing. The stored monthly and yearly revenue of the affected
accounts and then the stored portfolio analysis are refreshed in the same transaction
(once per file). Memory stays bounded whatever the file size.
"""

from __future__ import annotations

import datetime
import re
import time
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from kam.accounts.models import Account
from kam.accounts.services import revenue_summary_refresh
from kam.core.importing import bulk
from kam.core.importing.issues import ImportIssue, ImportRefused, ImportResult, IssueList
from kam.core.importing.merge import MergeSpec, count_changes, find_duplicates, merge
from kam.core.importing.reader import Table, open_table
from kam.core.importing.staging import StagingWriter, staging_table, staging_writer
from kam.core.importing.table import Column, check_header, check_width, column_names, is_blank
from kam.core.importing.values import CellError, date_parser, decimal_parser, text_parser
from kam.orders.models import OrderLine
from kam.portfolio.services import portfolio_refresh_all
from kam.products.models import Product
from kam.users.models import User

SAMPLE_ROWS = 10
KEY_LENGTH = 64
# Above this many affected accounts one pass over all order lines is faster than
# refreshing the accounts 500 at a time (each batch reads scattered pages of the table).
REFRESH_ALL_ABOVE = 2500

STAGE = "kam_import_order_line"
STAGE_COLUMNS = (
    ("row_no", "integer"),
    ("external_id", "varchar(64)"),
    ("account_id", "bigint"),
    ("product_id", "bigint"),
    ("date", "date"),
    ("quantity", "numeric(14, 3)"),
    ("net_revenue", "numeric(14, 2)"),
    ("margin", "numeric(14, 2)"),
    ("document_number", "varchar(64)"),
)
VALUE_COLUMNS = ("account_id", "product_id", "date", "quantity", "net_revenue", "margin")


def merge_spec(*, with_document: bool) -> MergeSpec:
    """How staged order lines merge; without a document_number column stored numbers are kept."""
    return MergeSpec(
        stage=STAGE,
        target=OrderLine._meta.db_table,
        key="external_id",
        columns=tuple(name for name, _type in STAGE_COLUMNS[1:]),
        compared=VALUE_COLUMNS + (("document_number",) if with_document else ()),
        group="account_id",
        defaults={"document_number": "''"},
    )


ORDER_LINE_COLUMNS = (
    Column("external_id", text_parser(max_length=KEY_LENGTH, required=True), required=True),
    Column("account_external_id", text_parser(max_length=KEY_LENGTH, required=True), required=True),
    Column("product_sku", text_parser(max_length=KEY_LENGTH, required=True), required=True),
    Column("date", date_parser(required=True), required=True),
    Column("quantity", decimal_parser(max_digits=14, places=3, required=True), required=True),
    Column("net_revenue", decimal_parser(max_digits=14, places=2, required=True), required=True),
    Column("margin", decimal_parser(max_digits=14, places=2, required=True), required=True),
    Column("document_number", text_parser(max_length=KEY_LENGTH)),
)
_PARSERS = {column.name: column.parse for column in ORDER_LINE_COLUMNS}

# The fast path: plain numbers as most ERPs write them; anything else takes the careful path.
_PLAIN_QUANTITY = re.compile(r"\d{1,11}(?:\.\d{1,3})?")
_PLAIN_MONEY = re.compile(r"-?\d{1,12}(?:\.\d{1,2})?")


class _NeedsCareError(Exception):
    """Raised inside the fast path to hand a row to the careful one."""


class OrderLineImporter:
    """One run of an order line import; see the module docstring."""

    entity = "orders"

    def __init__(self, *, user: User | None = None, dry_run: bool = False, source_name: str = "") -> None:
        self.user = user
        self.dry_run = dry_run
        self.source_name = source_name
        self.warnings: list[ImportIssue] = []
        self.sample: list[dict[str, str]] = []
        self.accounts: dict[str, int] = {}
        self.products: dict[str, int] = {}
        self.positions: dict[str, int] = {}

    def run(self, stream: IO[bytes]) -> ImportResult:
        """Check the whole file; unless a dry run, merge it into the order lines in one transaction."""
        started = time.monotonic()
        errors = IssueList()
        table = open_table(stream, errors)
        if table is None:
            raise ImportRefused(errors, self.warnings)
        self.positions = check_header(table.header, ORDER_LINE_COLUMNS, errors, self.warnings)
        if errors:
            raise ImportRefused(errors, self.warnings)
        spec = merge_spec(with_document="document_number" in self.positions)
        with transaction.atomic():
            accounts = Account.objects.filter(external_id__isnull=False).values_list("external_id", "pk")
            self.accounts = {key: pk for key, pk in accounts.iterator(10_000) if key}
            self.products = dict(Product.objects.values_list("sku", "pk").iterator(10_000))
            with staging_table(STAGE, STAGE_COLUMNS):
                with staging_writer(STAGE, [name for name, _type in STAGE_COLUMNS]) as writer:
                    staged = self._stage(table, writer, errors)
                find_duplicates(spec, errors)
                if not staged and not errors:
                    errors.add(None, "", "", _("The file has no data rows."))
                if errors:
                    raise ImportRefused(errors, self.warnings)
                self._mark_sample(spec.compared)
                counts = count_changes(spec) if self.dry_run else merge(spec)
            if self.dry_run:
                transaction.set_rollback(True)
            elif counts.groups:
                bulk.analyze(OrderLine)
                _refresh_revenue(counts.groups)
                portfolio_refresh_all()
        return ImportResult(
            entity=self.entity,
            rows=staged,
            created=counts.created,
            updated=counts.updated,
            unchanged=staged - counts.created - counts.updated,
            dry_run=self.dry_run,
            seconds=time.monotonic() - started,
            warnings=self.warnings,
            columns=column_names(ORDER_LINE_COLUMNS),
            sample=self.sample,
        )

    # --- reading ----------------------------------------------------------------------

    def _stage(self, table: Table, writer: StagingWriter, errors: IssueList) -> int:
        """Check every row; queue the good ones in the staging table. Returns their number."""
        pos = self.positions
        i_ext, i_acc, i_prod, i_date = pos["external_id"], pos["account_external_id"], pos["product_sku"], pos["date"]
        i_qty, i_rev, i_mar, i_doc = pos["quantity"], pos["net_revenue"], pos["margin"], pos.get("document_number")
        width = len(table.header)
        account_of, product_of = self.accounts.get, self.products.get
        plain_quantity, plain_money = _PLAIN_QUANTITY.fullmatch, _PLAIN_MONEY.fullmatch
        from_iso = datetime.date.fromisoformat
        add = writer.add
        staged = 0
        for row_no, cells in table.rows:
            try:
                if len(cells) != width:
                    raise _NeedsCareError
                ext = cells[i_ext].strip()
                account = account_of(cells[i_acc].strip())
                product = product_of(cells[i_prod].strip())
                day = cells[i_date].strip()
                quantity, revenue, margin = cells[i_qty].strip(), cells[i_rev].strip(), cells[i_mar].strip()
                document = cells[i_doc].strip() if i_doc is not None else None
                if (
                    account is None
                    or product is None
                    or not 0 < len(ext) <= KEY_LENGTH
                    or not ext.isprintable()
                    or ext[0] == "'"
                    or (
                        document is not None
                        and (len(document) > KEY_LENGTH or not document.isprintable() or document.startswith("'"))
                    )
                    or not (len(day) == 10 and day[4] == "-" and day[7] == "-" and "1900" <= day < "3000")
                    or not plain_quantity(quantity)
                    or not plain_money(revenue)
                    or not plain_money(margin)
                ):
                    raise _NeedsCareError
                from_iso(day)
                add((row_no, ext, account, product, day, quantity, revenue, margin, document))
            except (_NeedsCareError, ValueError):
                row = self._careful_row(row_no, cells, width, errors)
                if row is None:
                    continue
                add(row)
            staged += 1
            if staged <= SAMPLE_ROWS:
                self.sample.append({name: cells[i].strip() for name, i in pos.items()})
        return staged

    def _careful_row(self, row_no: int, cells: list[str], width: int, errors: IssueList) -> tuple[Any, ...] | None:
        """Check one row cell by cell, recording every problem; the staging tuple if it is good."""
        if is_blank(cells) or not check_width(row_no, cells, width, errors):
            return None
        before = errors.total
        values: dict[str, Any] = {}
        for name, position in self.positions.items():
            text = cells[position].strip()
            try:
                values[name] = self._careful_value(name, text)
            except CellError as exc:
                errors.add(row_no, name, text, str(exc))
        if errors.total > before:
            return None
        return (
            row_no,
            values["external_id"],
            values["account_external_id"],
            values["product_sku"],
            values["date"].isoformat(),
            str(values["quantity"]),
            str(values["net_revenue"]),
            str(values["margin"]),
            values.get("document_number"),
        )

    def _careful_value(self, name: str, text: str) -> Any:
        if "\x00" in text:
            raise CellError(_("The value contains a NUL character."))
        value = _PARSERS[name](text)
        if name == "account_external_id":
            if text not in self.accounts:
                raise CellError(_("Unknown account: no account has this external id."))
            return self.accounts[text]
        if name == "product_sku":
            if text not in self.products:
                raise CellError(_("Unknown product: no product has this SKU."))
            return self.products[text]
        if name == "quantity" and value < 0:
            raise CellError(_("The quantity may not be negative (a credit note has a negative net revenue)."))
        return value

    def _mark_sample(self, compared: tuple[str, ...]) -> None:
        """Say for each sample row whether it creates, changes or leaves an order line alone."""
        stored: dict[str, dict[str, Any]] = {
            line["external_id"]: dict(line)
            for line in OrderLine.objects.filter(external_id__in=[s["external_id"] for s in self.sample]).values()
        }
        for sample in self.sample:
            line = stored.get(sample["external_id"])
            if line is None:
                sample["action"] = "create"
                continue
            wanted = self._careful_sample_values(sample)
            changed = any(wanted[c] != line[c] for c in compared)
            sample["action"] = "update" if changed else "unchanged"

    def _careful_sample_values(self, sample: dict[str, str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, text in sample.items():
            values[name] = self._careful_value(name, text)
        return {
            "account_id": values["account_external_id"],
            "product_id": values["product_sku"],
            "date": values["date"],
            "quantity": Decimal(values["quantity"]),
            "net_revenue": Decimal(values["net_revenue"]),
            "margin": Decimal(values["margin"]),
            "document_number": values.get("document_number", ""),
        }


def _refresh_revenue(account_ids: set[int]) -> None:
    """Refresh the stored yearly revenue of the affected accounts (of all, when they are many)."""
    revenue_summary_refresh(account_ids=None if len(account_ids) > REFRESH_ALL_ABOVE else account_ids)


def import_order_lines(
    stream: IO[bytes], *, user: User | None = None, dry_run: bool = False, source_name: str = ""
) -> ImportResult:
    """Import order lines from a CSV or XLSX stream; raises ImportRefused (and writes nothing) on any error."""
    return OrderLineImporter(user=user, dry_run=dry_run, source_name=source_name).run(stream)
