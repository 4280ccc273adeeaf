"""Field-level differences between two plan snapshots (the JSON frozen at each approval).

A snapshot is a dict of sections. A section is either a dict of fields (e.g. ``plan``)
or a list of items (dicts with an ``id`` and a ``label``). Items are paired by ``id``,
then the remaining ones by ``label`` (so that a plan started from an earlier one still
pairs its copied goals); unpaired items are ``added`` or ``removed``. Every field whose
value differs is a ``changed`` :class:`Change`. Keys starting with ``_`` and the ``id``
are not compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    """One difference: section, item label ('' for a section of fields), field ('' for a whole item)."""

    kind: str
    section: str
    item: str
    field: str = ""
    old: Any = None
    new: Any = None


def _fields(section: str, item: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes = []
    for key in dict.fromkeys([*old, *new]):
        if key == "id" or key.startswith("_"):
            continue
        if old.get(key) != new.get(key):
            changes.append(Change(CHANGED, section, item, key, old.get(key), new.get(key)))
    return changes


def _pair(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> list[tuple[Any, Any]]:
    """Pairs (old item or None, new item or None): by id, then by label; new order, then the removed."""
    remaining = list(old)
    matched: dict[int, Mapping[str, Any]] = {}
    for key in ("id", "label"):
        for index, item in enumerate(new):
            if index in matched or item.get(key) is None:
                continue
            match = next((o for o in remaining if o.get(key) == item.get(key)), None)
            if match is not None:
                remaining = [o for o in remaining if o is not match]
                matched[index] = match
    return [(matched.get(i), item) for i, item in enumerate(new)] + [(o, None) for o in remaining]


def _items(section: str, old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> list[Change]:
    changes = []
    for before, after in _pair(old, new):
        if before is None:
            changes.append(Change(ADDED, section, str(after.get("label", "")), new=after))
        elif after is None:
            changes.append(Change(REMOVED, section, str(before.get("label", "")), old=before))
        else:
            changes.extend(_fields(section, str(after.get("label", "")), before, after))
    return changes


def diff_snapshots(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every difference from ``old`` to ``new``, section by section in the order of ``new``."""
    changes: list[Change] = []
    for section in dict.fromkeys([*new, *old]):
        if section.startswith("_"):
            continue
        before, after = old.get(section), new.get(section)
        if isinstance(before, list) or isinstance(after, list):
            changes.extend(_items(section, before or [], after or []))
        elif isinstance(before, Mapping) or isinstance(after, Mapping):
            changes.extend(_fields(section, "", before or {}, after or {}))
        elif before != after:
            changes.append(Change(CHANGED, section, "", "", before, after))
    return changes
