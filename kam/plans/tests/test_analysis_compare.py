from kam.plans.analysis.compare import Change, diff_snapshots


def test_fields_of_a_section_and_items_by_id():
    old = {
        "plan": {"customer_strategy": "Grow", "status": "active"},
        "goals": [{"id": 1, "label": "Revenue", "target": "100"}, {"id": 2, "label": "NPS", "target": "40"}],
    }
    new = {
        "plan": {"customer_strategy": "Grow in Asia", "status": "active"},
        "goals": [{"id": 1, "label": "Revenue", "target": "120"}, {"id": 3, "label": "Count", "target": "5"}],
    }
    changes = diff_snapshots(old, new)
    assert changes == [
        Change("changed", "plan", "", "customer_strategy", "Grow", "Grow in Asia"),
        Change("changed", "goals", "Revenue", "target", "100", "120"),
        Change("added", "goals", "Count", new={"id": 3, "label": "Count", "target": "5"}),
        Change("removed", "goals", "NPS", old={"id": 2, "label": "NPS", "target": "40"}),
    ]


def test_items_copied_into_a_new_plan_pair_by_label():
    old = {"risks": [{"id": 5, "label": "Supplier switch", "probability": 3}]}
    new = {"risks": [{"id": 9, "label": "Supplier switch", "probability": 4}]}
    assert diff_snapshots(old, new) == [Change("changed", "risks", "Supplier switch", "probability", 3, 4)]


def test_identical_snapshots_and_private_keys():
    snapshot = {"_meta": {"version": 1}, "plan": {"a": 1}, "swot": [{"id": 1, "label": "x"}]}
    assert diff_snapshots(snapshot, {**snapshot, "_meta": {"version": 2}}) == []


def test_a_section_only_on_one_side():
    assert diff_snapshots({}, {"swot": [{"id": 1, "label": "x"}]}) == [
        Change("added", "swot", "x", new={"id": 1, "label": "x"})
    ]
