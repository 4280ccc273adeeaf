"""Which importer and which export belong to each kind of file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from kam.accounts.exports import ACCOUNT_EXPORT
from kam.accounts.importers import import_accounts
from kam.contacts.exports import CONTACT_EXPORT
from kam.contacts.importers import import_contacts
from kam.core.exporting import ExportSpec
from kam.core.importing.issues import ImportResult
from kam.imports.choices import ImportEntity
from kam.orders.exports import ORDER_LINE_EXPORT
from kam.orders.importers import import_order_lines
from kam.products.exports import PRODUCT_EXPORT
from kam.products.importers import import_products


@dataclass(frozen=True)
class Entity:
    """An importable and exportable kind of data."""

    key: ImportEntity
    run_import: Callable[..., ImportResult]
    export: ExportSpec

    def import_file(self, stream: IO[bytes], **options: Any) -> ImportResult:
        """Run this entity's importer on ``stream`` (options: user, dry_run, source_name)."""
        return self.run_import(stream, **options)


ENTITIES: dict[str, Entity] = {
    ImportEntity.ACCOUNTS: Entity(ImportEntity.ACCOUNTS, import_accounts, ACCOUNT_EXPORT),
    ImportEntity.CONTACTS: Entity(ImportEntity.CONTACTS, import_contacts, CONTACT_EXPORT),
    ImportEntity.PRODUCTS: Entity(ImportEntity.PRODUCTS, import_products, PRODUCT_EXPORT),
    ImportEntity.ORDERS: Entity(ImportEntity.ORDERS, import_order_lines, ORDER_LINE_EXPORT),
}
