"""Change history for pages: who changed which field from what to what, and when.

Reads django-simple-history tables. The caller passes querysets of historical records that
it has already limited to what the user may see (e.g. one account's records and those of
its contacts). Each page of entries costs a fixed number of queries, however long the
history is: one per history table for the rows (with the previous version's id as a
subquery), one per table for those previous versions, one per related model for names.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import formats
from django.utils.translation import gettext_lazy as _

HIDDEN_FIELDS = {"id", "created_at", "updated_at"}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class FieldChange:
    """One field of one change: its label and the old and new value as shown to people."""

    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One historical record: what was changed, by whom, when."""

    when: datetime.datetime
    user: Any
    action: str
    action_label: str
    object_type: str
    object_id: int
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)
    url: str = ""


@dataclass
class HistoryPage:
    """A slice of the history, newest first."""

    entries: list[HistoryEntry]
    offset: int
    limit: int
    has_more: bool

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit


def _with_previous(qs: QuerySet[Any]) -> QuerySet[Any]:
    model = qs.model
    previous = (
        model._default_manager.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return qs.select_related("history_user").annotate(previous_history_id=Subquery(previous))


def _display(model_field: models.Field[Any, Any], value: Any, names: dict[tuple[Any, Any], str]) -> str:
    if value is None or value == "":
        return "–"
    if model_field.is_relation and model_field.related_model is not None:
        return names.get((model_field.related_model, value), f"#{value}")
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (datetime.date, datetime.datetime, int, float)):
        return str(formats.localize(value))
    return str(value)


def _original_field(record: Any, name: str) -> models.Field[Any, Any]:
    original = record.instance_type
    return original._meta.get_field(name)  # type: ignore[no-any-return]


def _resolve_names(pairs: list[tuple[Any, Any, Any]]) -> dict[tuple[Any, Any], str]:
    """Names of related objects, one query per related model."""
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for _record, model_field, value in pairs:
        if value not in (None, ""):
            wanted[model_field.related_model].add(value)
    names: dict[tuple[Any, Any], str] = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            names[(related_model, obj.pk)] = str(obj)
    return names


def _field_order(record: Any) -> dict[str, int]:
    return {f.name: i for i, f in enumerate(record.instance_type._meta.fields)}


def _changes(records: list[Any], previous: dict[int, Any]) -> dict[int, list[Any]]:
    """The raw changes of each record against its previous version."""
    raw: dict[int, list[Any]] = {}
    for record in records:
        before = previous.get(record.previous_history_id)
        if record.history_type != "~" or before is None:
            raw[record.history_id] = []
            continue
        delta = record.diff_against(before)
        order = _field_order(record)
        raw[record.history_id] = sorted(
            (c for c in delta.changes if c.field not in HIDDEN_FIELDS), key=lambda c: order.get(c.field, 999)
        )
    return raw


def _entries_for(records: list[Any], label_of: Any) -> list[HistoryEntry]:
    if not records:
        return []
    model = type(records[0])
    prev_ids = [r.previous_history_id for r in records if r.previous_history_id]
    previous = {p.history_id: p for p in model._default_manager.filter(history_id__in=prev_ids)} if prev_ids else {}
    raw = _changes(records, previous)
    pairs = [
        (record, fld, value)
        for record in records
        for change in raw[record.history_id]
        if (fld := _original_field(record, change.field)).is_relation
        for value in (change.old, change.new)
    ]
    names = _resolve_names(pairs)
    entries = []
    for record in records:
        changes = []
        for change in raw[record.history_id]:
            model_field = _original_field(record, change.field)
            changes.append(
                FieldChange(
                    label=str(model_field.verbose_name),
                    old=_display(model_field, change.old, names),
                    new=_display(model_field, change.new, names),
                )
            )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                action=record.history_type,
                action_label=str(ACTIONS.get(record.history_type, record.history_type)),
                object_type=str(record.instance_type._meta.verbose_name),
                object_id=record.id,
                object_label=label_of(record),
                changes=changes,
            )
        )
    return entries


def history_page(
    sources: list[tuple[QuerySet[Any], Any]], *, offset: int = 0, limit: int = 10, only_changes: bool = False
) -> HistoryPage:
    """Merge the history of several tables, newest first, and return one slice of it.

    ``sources`` holds pairs of a historical-records queryset and a function that names a
    record (e.g. ``lambda r: r.name``). ``only_changes`` leaves out "changed" records that
    changed no visible field.
    """
    offset = max(offset, 0)
    window = offset + limit + 1
    fetched: list[tuple[Any, Any]] = []
    for qs, label_of in sources:
        rows = list(_with_previous(qs).order_by("-history_date", "-history_id")[:window])
        fetched.extend((row, label_of) for row in rows)
    fetched.sort(key=lambda pair: pair[0].history_date, reverse=True)
    selected = fetched[offset : offset + limit]
    by_model: dict[Any, list[Any]] = defaultdict(list)
    labels: dict[Any, Any] = {}
    for row, label_of in selected:
        by_model[type(row)].append(row)
        labels[type(row)] = label_of
    built: dict[tuple[Any, int], HistoryEntry] = {}
    for model, records in by_model.items():
        for record, entry in zip(records, _entries_for(records, labels[model]), strict=True):
            built[(model, record.history_id)] = entry
    entries = [built[(type(row), row.history_id)] for row, _label in selected]
    if only_changes:
        entries = [e for e in entries if e.action != "~" or e.changes]
    return HistoryPage(entries=entries, offset=offset, limit=limit, has_more=len(fetched) > offset + limit)
