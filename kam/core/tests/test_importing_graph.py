"""Cycle detection and creation order of parent links."""

from __future__ import annotations

from kam.core.importing.graph import creation_levels, find_cycles


def test_no_cycles_in_a_tree():
    parents = {"b": "a", "c": "b", "d": "a", "a": None}
    assert find_cycles(parents, ["a", "b", "c", "d"]) == []


def test_cycle_is_found_once_from_its_first_node():
    parents = {"a": "b", "b": "c", "c": "a", "x": "a"}
    assert find_cycles(parents, ["x", "a", "b", "c"]) == [["a", "b", "c"]]


def test_self_loop_and_separate_cycles():
    parents = {"a": "a", "b": "c", "c": "b", "d": None}
    assert find_cycles(parents, ["a", "b", "d"]) == [["a"], ["b", "c"]]


def test_creation_levels_put_parents_first():
    parents = {"c": "b", "b": "a", "a": None, "x": "stored"}
    levels = creation_levels(["c", "x", "b", "a"], parents)
    assert [sorted(level) for level in levels] == [["a", "x"], ["b"], ["c"]]


def test_creation_levels_of_nothing():
    assert creation_levels([], {}) == []
