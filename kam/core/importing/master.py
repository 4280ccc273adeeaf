"""The common run of a master-data import (accounts, contacts, products).

Such files have thousands to some ten thousand rows, so they are read whole: every row
is parsed and checked, the references and cycles are checked, and only when nothing is
wrong are the rows written — in bulk, in one transaction, with history records for
models that keep history.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar, Generic, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.core.importing import bulk
from kam.core.importing.graph import creation_levels, find_cycles
from kam.core.importing.issues import ImportIssue, ImportRefused, ImportResult, IssueList
from kam.core.importing.reader import open_table
from kam.core.importing.table import Column, ParsedRow, check_header, column_names, parse_rows

M = TypeVar("M", bound=models.Model)

BATCH_SIZE = 500
SAMPLE_ROWS = 10
IN_CHUNK = 2000


@dataclass(frozen=True)
class NewRef:
    """A reference to an object created by the same import (its id is not known yet)."""

    key: str


@dataclass
class Plan(Generic[M]):
    """What an import will do: rows to create, objects to change, rows that change nothing."""

    creates: list[ParsedRow] = field(default_factory=list)
    updates: list[tuple[int, ParsedRow, set[str]]] = field(default_factory=list)
    unchanged: int = 0
    actions: dict[int, str] = field(default_factory=dict)


def chunked(values: Sequence[Any], size: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    """``values`` in slices small enough for an SQL ``IN`` list."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


class MasterDataImporter(Generic[M]):
    """Base of the importers of master data; subclasses describe their entity.

    ``fields`` maps each column to the model attribute it fills; columns mapping to
    references (``..._external_id``, ``owner_username``) are resolved by the subclass
    in :meth:`validate` and :meth:`desired`.
    """

    entity: ClassVar[str]
    model: ClassVar[type[models.Model]]
    columns: ClassVar[tuple[Column, ...]]
    key: ClassVar[str]
    key_field: ClassVar[str]
    fields: ClassVar[dict[str, str]]
    parent_field: ClassVar[str | None] = None
    with_history: ClassVar[bool] = False

    def __init__(self, *, user: Any = None, dry_run: bool = False, source_name: str = "") -> None:
        self.user = user
        self.dry_run = dry_run
        self.source_name = source_name
        self.warnings: list[ImportIssue] = []
        self.present: set[str] = set()
        self.existing: dict[str, dict[str, Any]] = {}
        self.ids: dict[str, int] = {}

    # --- the run ----------------------------------------------------------------------

    def run(self, stream: IO[bytes]) -> ImportResult:
        """Check the whole file, then (unless a dry run) write it in one transaction."""
        started = time.monotonic()
        if self.dry_run:
            rows, plan = self._check_and_plan(stream)
        else:
            with transaction.atomic():
                rows, plan = self._check_and_plan(stream)
                self.write(plan)
        return ImportResult(
            entity=self.entity,
            rows=len(rows),
            created=len(plan.creates),
            updated=len(plan.updates),
            unchanged=plan.unchanged,
            dry_run=self.dry_run,
            seconds=time.monotonic() - started,
            warnings=self.warnings,
            columns=column_names(self.columns),
            sample=[{**row.text, "action": plan.actions[row.row]} for row in rows[:SAMPLE_ROWS]],
        )

    def _check_and_plan(self, stream: IO[bytes]) -> tuple[list[ParsedRow], Plan[M]]:
        errors = IssueList()
        table = open_table(stream, errors)
        if table is None:
            raise ImportRefused(errors, self.warnings)
        positions = check_header(table.header, self.columns, errors, self.warnings)
        if errors:
            raise ImportRefused(errors, self.warnings)
        self.present = set(positions)
        rows = list(parse_rows(table, self.columns, positions, errors))
        if not rows and not errors:
            errors.add(None, "", "", _("The file has no data rows."))
        rows = self._drop_duplicates(rows, errors)
        self.load_existing([row.values[self.key] for row in rows if row.ok(self.key)])
        self.validate(rows, errors)
        if errors:
            raise ImportRefused(errors, self.warnings)
        return rows, self.plan(rows)

    def _drop_duplicates(self, rows: list[ParsedRow], errors: IssueList) -> list[ParsedRow]:
        first_row: dict[str, int] = {}
        kept = []
        for row in rows:
            if row.ok(self.key):
                key = row.values[self.key]
                if key in first_row:
                    errors.add(
                        row.row,
                        self.key,
                        key,
                        _("Duplicate key: the same %(column)s is already in row %(first)d.")
                        % {"column": self.key, "first": first_row[key]},
                    )
                    continue
                first_row[key] = row.row
            kept.append(row)
        return kept

    # --- hooks ------------------------------------------------------------------------

    def load_existing(self, keys: list[str]) -> None:
        """Load the stored values of the objects the file's keys already name."""
        manager = self.model._default_manager
        attrs = sorted({self.key_field, *self.fields.values()})
        for chunk in chunked(keys):
            for values in manager.filter(**{f"{self.key_field}__in": chunk}).values("pk", *attrs):
                key = values[self.key_field]
                self.existing[key] = values
                self.ids[key] = values["pk"]

    def validate(self, rows: list[ParsedRow], errors: IssueList) -> None:
        """Cross-row and reference checks of the subclass."""

    def desired(self, row: ParsedRow) -> dict[str, Any]:
        """The attribute values a row asks for (only columns present in the file)."""
        return {attr: row.values[column] for column, attr in self.fields.items() if column in row.values}

    def check_self_references(self, rows: list[ParsedRow], errors: IssueList, *, column: str, fk: str) -> None:
        """Resolve ``column``, which names another object of the same kind, and refuse cycles.

        The object named may be in the file (in any row) or already stored. ``fk`` is
        the model's foreign key to its own kind (``parent``, ``reports_to``).
        """
        if column not in self.present:
            return
        manager = self.model._default_manager
        in_file = {row.values[self.key] for row in rows if row.ok(self.key)}
        wanted = {row.values[column] for row in rows if row.ok(column) and row.values[column]}
        for chunk in chunked(sorted(wanted - in_file - set(self.ids))):
            for key, pk in manager.filter(**{f"{self.key_field}__in": chunk}).values_list(self.key_field, "pk"):
                self.ids[key] = pk
        for row in rows:
            ref = row.values.get(column)
            if row.ok(column) and ref and ref not in in_file and ref not in self.ids:
                errors.add(row.row, column, ref, _("Unknown: this key is neither in the file nor in KAM."))
                row.bad.add(column)
        self._check_cycles(rows, errors, column=column, fk=fk)

    def _stored_links(self, fk: str) -> dict[tuple[str, Any], tuple[str, Any] | None]:
        """The stored parent links as nodes: ("key", key) for objects with a key, else ("pk", id).

        One plain scan of the table (no self-join, whose plan suffers from stale statistics
        right after a bulk load).
        """
        stored = self.model._default_manager.order_by().values_list("pk", self.key_field, f"{fk}_id")
        key_of: dict[int, str | None] = {}
        links: list[tuple[int, int]] = []
        for pk, key, parent_pk in stored.iterator(chunk_size=10_000):
            key_of[pk] = key
            if parent_pk is not None:
                links.append((pk, parent_pk))

        def node(pk: int) -> tuple[str, Any]:
            key = key_of.get(pk)
            return ("key", key) if key else ("pk", pk)

        return {node(pk): node(parent_pk) for pk, parent_pk in links}

    def _check_cycles(self, rows: list[ParsedRow], errors: IssueList, *, column: str, fk: str) -> None:
        parent_of = self._stored_links(fk)
        file_rows: dict[str, ParsedRow] = {}
        for row in rows:
            if row.ok(self.key) and row.ok(column):
                ref = row.values[column]
                parent_of[("key", row.values[self.key])] = ("key", ref) if ref else None
                file_rows[row.values[self.key]] = row
        for cycle in find_cycles(parent_of, [("key", key) for key in file_rows]):
            names = [str(value) if kind == "key" else f"#{value}" for kind, value in cycle]
            text = " → ".join([*names, names[0]])
            for kind, value in cycle:
                if kind == "key" and value in file_rows:
                    row = file_rows[value]
                    errors.add(
                        row.row, column, row.values[column], _("This would make a cycle: %(cycle)s.") % {"cycle": text}
                    )
                    row.bad.add(column)

    def before_write(self, plan: Plan[M]) -> None:
        """Writes the subclass needs before its own objects (e.g. product lines)."""

    # --- plan and write ---------------------------------------------------------------

    def plan(self, rows: list[ParsedRow]) -> Plan[M]:
        """Compare each row with the stored object: create, change or leave alone."""
        plan: Plan[M] = Plan()
        for row in rows:
            stored = self.existing.get(row.values[self.key])
            if stored is None:
                plan.creates.append(row)
                plan.actions[row.row] = "create"
                continue
            changed = {attr for attr, value in self.desired(row).items() if stored[attr] != value}
            if changed:
                plan.updates.append((stored["pk"], row, changed))
                plan.actions[row.row] = "update"
            else:
                plan.unchanged += 1
                plan.actions[row.row] = "unchanged"
        return plan

    def _resolve(self, value: Any) -> Any:
        return self.ids[value.key] if isinstance(value, NewRef) else value

    def _change_reason(self) -> str:
        reason = _("Import from %(file)s") % {"file": self.source_name} if self.source_name else _("Import")
        return reason[:100]

    def write(self, plan: Plan[M]) -> None:
        """Create new objects (parents first), then change existing ones, in bulk."""
        self.before_write(plan)
        by_key = {row.values[self.key]: row for row in plan.creates}
        parent_of: dict[str, str | None] = {}
        if self.parent_field:
            for key, row in by_key.items():
                target = self.desired(row).get(self.parent_field)
                parent_of[key] = target.key if isinstance(target, NewRef) else None
        for level in creation_levels(by_key, parent_of):
            self._create([self._build(by_key[key]) for key in level])
        self._update(plan.updates)
        if plan.creates or plan.updates:
            bulk.analyze(self.model)

    def _build(self, row: ParsedRow) -> M:
        values = {attr: self._resolve(value) for attr, value in self.desired(row).items()}
        return self.model(**values)  # type: ignore[return-value]

    def _create(self, objs: list[M]) -> None:
        bulk.insert(self.model, objs)
        manager = self.model._default_manager
        by_key = {getattr(obj, self.key_field): obj for obj in objs}
        for chunk in chunked(list(by_key)):
            for key, pk in manager.filter(**{f"{self.key_field}__in": chunk}).values_list(self.key_field, "pk"):
                by_key[key].pk = pk
                self.ids[key] = pk
        if self.with_history:
            bulk.insert_history(self.model, objs, history_type="+", user=self.user, reason=self._change_reason())

    def _update(self, updates: list[tuple[int, ParsedRow, set[str]]]) -> None:
        if not updates:
            return
        objs: dict[int, M] = {}
        for chunk in chunked([pk for pk, _row, _changed in updates]):
            objs.update(self.model._default_manager.in_bulk(chunk))  # type: ignore[arg-type]
        has_updated_at = any(f.attname == "updated_at" for f in self.model._meta.concrete_fields)
        attrs: set[str] = {"updated_at"} if has_updated_at else set()
        now = timezone.now()
        for pk, row, changed in updates:
            obj, wanted = objs[pk], self.desired(row)
            for attr in changed:
                setattr(obj, attr, self._resolve(wanted[attr]))
            if has_updated_at:
                obj.updated_at = now  # type: ignore[attr-defined]
            attrs |= changed
        bulk.update(self.model, list(objs.values()), sorted(attrs))
        if self.with_history:
            bulk.insert_history(
                self.model, list(objs.values()), history_type="~", user=self.user, reason=self._change_reason()
            )
