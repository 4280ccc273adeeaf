"""Import of products (and their product lines) from CSV or Excel; layout in docs/import-format.md."""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _

from kam.core.importing.issues import ImportResult, IssueList
from kam.core.importing.master import MasterDataImporter, Plan, chunked
from kam.core.importing.table import Column, ParsedRow
from kam.core.importing.values import boolean_parser, decimal_parser, text_parser
from kam.products.models import Product, ProductLine
from kam.products.services import product_lines_moved
from kam.users.models import User

PRODUCT_COLUMNS = (
    Column("sku", text_parser(max_length=64, required=True), required=True),
    Column("name", text_parser(max_length=200, required=True), required=True),
    Column("product_line_code", text_parser(max_length=32, required=True), required=True),
    Column("product_line_name", text_parser(max_length=150)),
    Column(
        "list_price",
        decimal_parser(max_digits=14, places=2, required=True, min_value=Decimal(0)),
        required=True,
    ),
    Column(
        "margin_percent",
        decimal_parser(max_digits=5, places=2, required=True, min_value=Decimal(-100), max_value=Decimal(100)),
        required=True,
    ),
    Column("active", boolean_parser(default=True)),
)


class LineRef(str):
    """The code of a product line created by this import."""

    __slots__ = ()


class ProductImporter(MasterDataImporter[Product]):
    """Products, matched on ``sku``; unknown product lines are created when named."""

    entity = "products"
    model = Product
    columns = PRODUCT_COLUMNS
    key = "sku"
    key_field = "sku"
    fields = {
        "sku": "sku",
        "name": "name",
        "product_line_code": "product_line_id",
        "list_price": "list_price",
        "margin_percent": "margin_percent",
        "active": "active",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: dict[str, ProductLine] = {}
        self.line_names: dict[str, str] = {}

    def validate(self, rows: list[ParsedRow], errors: IssueList) -> None:
        """A product line must exist or be named (the same way in every row) to be created."""
        codes = sorted({row.values["product_line_code"] for row in rows if row.ok("product_line_code")})
        for chunk in chunked(codes):
            self.lines.update((line.code, line) for line in ProductLine.objects.filter(code__in=chunk))
        named_in: dict[str, int] = {}
        for row in rows:
            if not row.ok("product_line_code"):
                continue
            code, name = str(row.values["product_line_code"]), row.values.get("product_line_name")
            if row.ok("product_line_name") and name:
                if code in self.line_names and self.line_names[code] != name:
                    errors.add(
                        row.row,
                        "product_line_name",
                        name,
                        _("Product line %(code)s has a different name in row %(row)d.")
                        % {"code": code, "row": named_in[code]},
                    )
                    continue
                self.line_names.setdefault(code, name)
                named_in.setdefault(code, row.row)
        for row in rows:
            wanted = row.values.get("product_line_code")
            if row.ok("product_line_code") and wanted not in self.lines and wanted not in self.line_names:
                errors.add(
                    row.row,
                    "product_line_code",
                    wanted,
                    _("Unknown product line; give a product_line_name to create it."),
                )

    def desired(self, row: ParsedRow) -> dict[str, Any]:
        """The product line as an id, or the code of a line this import creates."""
        values = super().desired(row)
        code = values["product_line_id"]
        values["product_line_id"] = self.lines[code].pk if code in self.lines else LineRef(code)
        return values

    def _resolve(self, value: Any) -> Any:
        return self.lines[value].pk if isinstance(value, LineRef) else super()._resolve(value)

    def write(self, plan: Plan[Product]) -> None:
        """Write the rows; products moved to another product line change what their buyers bought per line."""
        super().write(plan)
        moved = [pk for pk, _row, changed in plan.updates if "product_line_id" in changed]
        if moved:
            product_lines_moved(product_ids=moved)

    def before_write(self, plan: Plan[Product]) -> None:
        """Create the new product lines and rename the ones given a new name."""
        new = [ProductLine(code=code, name=name) for code, name in self.line_names.items() if code not in self.lines]
        for line in ProductLine.objects.bulk_create(new):
            self.lines[line.code] = line
        renamed = []
        for code, name in self.line_names.items():
            line = self.lines[code]
            if line.name != name:
                line.name = name
                renamed.append(line)
        ProductLine.objects.bulk_update(renamed, ["name"])


def import_products(
    stream: IO[bytes], *, user: User | None = None, dry_run: bool = False, source_name: str = ""
) -> ImportResult:
    """Import products from a CSV or XLSX stream; raises ImportRefused (and writes nothing) on any error."""
    return ProductImporter(user=user, dry_run=dry_run, source_name=source_name).run(stream)
