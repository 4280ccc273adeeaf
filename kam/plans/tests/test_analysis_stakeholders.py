import dataclasses
import datetime

import pytest

from kam.contacts.choices import Attitude, BuyingRole, ContactDepartment
from kam.plans.analysis import stakeholders
from kam.plans.analysis.stakeholders import Stakeholder, stakeholder_gaps

TODAY = datetime.date(2026, 6, 30)


def codes(people):
    return [gap.code for gap in stakeholder_gaps(people, today=TODAY)]


def covered(**overrides):
    """A buying centre without gaps, with the given changes to its decision maker."""
    decision_maker = Stakeholder(
        id=1,
        name="Dora Decider",
        buying_role="decision_maker",
        attitude="supporter",
        influence=5,
        relationship_owner_id=10,
        relationship_strength=4,
        last_contact_date=datetime.date(2026, 5, 1),
    )
    return [
        dataclasses.replace(decision_maker, **overrides),
        Stakeholder(id=2, name="Bert Buyer", buying_role="buyer", influence=3, relationship_owner_id=10),
    ]


def test_strings_agree_with_the_choices():
    assert stakeholders.DECISION_MAKER == BuyingRole.DECISION_MAKER
    assert stakeholders.BUYER == BuyingRole.BUYER
    assert stakeholders.CHAMPION == BuyingRole.CHAMPION
    assert stakeholders.BLOCKER == BuyingRole.BLOCKER
    assert stakeholders.SUPPORTER == Attitude.SUPPORTER
    assert stakeholders.OPPONENT == Attitude.OPPONENT
    assert stakeholders.CRITICAL == Attitude.CRITICAL
    assert stakeholders.PURCHASING == ContactDepartment.PURCHASING


def test_a_covered_buying_centre_has_no_gaps():
    assert codes(covered()) == []


def test_no_contacts_at_all():
    gaps = stakeholder_gaps([], today=TODAY)
    assert [(g.code, g.severity) for g in gaps] == [("no_contacts", "high")]


def test_no_decision_maker_and_no_purchasing():
    people = [Stakeholder(id=1, name="Ursula User", buying_role="user", attitude="supporter")]
    assert codes(people) == ["no_decision_maker", "no_purchasing"]


def test_purchasing_department_counts_for_purchasing():
    people = [*covered()[:1], Stakeholder(id=3, name="P", buying_role="user", department="purchasing")]
    assert "no_purchasing" not in codes(people)


def test_decision_maker_without_relationship_owner():
    gaps = stakeholder_gaps(covered(relationship_owner_id=None), today=TODAY)
    assert [(g.code, g.contact_id, g.params) for g in gaps] == [
        ("decision_maker_without_owner", 1, {"name": "Dora Decider"})
    ]


@pytest.mark.parametrize(("role", "attitude"), [("blocker", ""), ("influencer", "opponent"), ("user", "critical")])
def test_influential_opponent(role, attitude):
    people = [*covered(), Stakeholder(id=5, name="Olaf", buying_role=role, attitude=attitude, influence=4)]
    gaps = [g for g in stakeholder_gaps(people, today=TODAY) if g.code == "influential_opponent"]
    assert len(gaps) == 1
    assert gaps[0].params == {"name": "Olaf", "role": role, "attitude": attitude, "influence": 4}


def test_an_opponent_with_little_influence_is_no_gap():
    people = [*covered(), Stakeholder(id=5, name="Olaf", buying_role="user", attitude="opponent", influence=3)]
    assert codes(people) == []


def test_weak_relationship_with_a_key_person():
    gaps = stakeholder_gaps(covered(relationship_strength=2), today=TODAY)
    assert [(g.code, g.severity, g.params["strength"]) for g in gaps] == [("weak_key_relationship", "medium", 2)]


def test_decision_maker_not_contacted_for_too_long_or_never():
    # 2026-06-30 - 2025-12-31 = 181 days > 180
    gaps = stakeholder_gaps(covered(last_contact_date=datetime.date(2025, 12, 31)), today=TODAY)
    assert [(g.code, g.params["days"]) for g in gaps] == [("decision_maker_not_contacted", 181)]
    assert codes(covered(last_contact_date=datetime.date(2026, 1, 1))) == []  # 180 days
    never = stakeholder_gaps(covered(last_contact_date=None), today=TODAY)
    assert [(g.code, g.params["days"]) for g in never] == [("decision_maker_not_contacted", None)]


def test_no_champion_and_unknown_roles_are_low_and_last():
    people = [
        *covered(attitude="neutral", relationship_owner_id=None),
        Stakeholder(id=7, name="X"),
        Stakeholder(id=8, name="Y"),
    ]
    gaps = stakeholder_gaps(people, today=TODAY)
    assert [(g.code, g.severity) for g in gaps] == [
        ("decision_maker_without_owner", "high"),
        ("no_champion", "low"),
        ("unknown_roles", "low"),
    ]
    assert gaps[-1].params == {"count": 2}
