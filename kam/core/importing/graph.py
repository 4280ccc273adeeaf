"""Tree checks for imports: cycles in parent links and the order to create new nodes in."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def find_cycles(parent_of: Mapping[K, K | None], starts: Iterable[K]) -> list[list[K]]:
    """Every cycle reachable by following parent links from ``starts``.

    Each cycle is listed once, as the nodes from the first one met along the links.
    """
    done: set[K] = set()
    cycles: list[list[K]] = []
    for start in starts:
        path: list[K] = []
        on_path: set[K] = set()
        node: K | None = start
        while node is not None and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent_of.get(node)
        if node is not None and node in on_path:
            cycles.append(path[path.index(node) :])
        done.update(path)
    return cycles


def creation_levels(new: Iterable[K], parent_of: Mapping[K, K | None]) -> list[list[K]]:
    """Group ``new`` nodes so that a node's parent (if also new) is in an earlier group.

    The links among new nodes must be free of cycles (check with :func:`find_cycles`).
    """
    new_set = set(new)
    depth: dict[K, int] = {}
    for start in new_set:
        chain: list[K] = []
        node: K | None = start
        while node is not None and node in new_set and node not in depth:
            chain.append(node)
            node = parent_of.get(node)
        base = depth[node] + 1 if node is not None and node in depth else 0
        for offset, item in enumerate(reversed(chain)):
            depth[item] = base + offset
    levels: list[list[K]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for node, level in depth.items():
        levels[level].append(node)
    return levels
