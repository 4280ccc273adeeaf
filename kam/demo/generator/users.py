"""The demo company's own people: who logs in, with which role and demo password."""

from __future__ import annotations

import random

from kam.demo.generator.names import person_name
from kam.demo.generator.randomness import ascii_slug
from kam.demo.generator.records import UserRecord

COMPANY_NAME = "Brandt Maschinenbau GmbH"
EMAIL_DOMAIN = "example.com"

# Demo passwords per role: known, printed after loading, but not trivially weak.
PASSWORDS = {
    "admin": "demo-admin-2026",
    "head_of_kam": "demo-head-2026",
    "kam": "demo-kam-2026",
    "team_member": "demo-team-2026",
}

# The first ten users, the same for every seed: (first, last, role, department, username).
_CORE_USERS = (
    ("Martin", "Vogel", "admin", "", "admin"),
    ("Sabine", "Hoffmann", "head_of_kam", "key_account_management", "sabine.hoffmann"),
    ("Klara", "Kessler", "kam", "key_account_management", "klara.kessler"),
    ("Thomas", "Berger", "kam", "key_account_management", "thomas.berger"),
    ("Jana", "Wolff", "kam", "key_account_management", "jana.wolff"),
    ("Markus", "Lehmann", "kam", "key_account_management", "markus.lehmann"),
    ("Lukas", "Schneider", "team_member", "sales", "lukas.schneider"),
    ("Anna", "Becker", "team_member", "product_development", "anna.becker"),
    ("Stefan", "Richter", "team_member", "customer_service", "stefan.richter"),
    ("Julia", "Neumann", "team_member", "finance", "julia.neumann"),
)
_EXTRA_DEPARTMENTS = (
    "sales", "customer_service", "product_development", "account_based_marketing", "finance", "external_partner",
)  # fmt: skip
MIN_USERS = 4


def _record(first: str, last: str, role: str, department: str, username: str) -> UserRecord:
    return UserRecord(
        username=username,
        password=PASSWORDS[role],
        role=role,
        department=department,
        first_name=first,
        last_name=last,
        email=f"{username}@{EMAIL_DOMAIN}",
    )


def build_users(rng: random.Random, count: int) -> list[UserRecord]:
    """``count`` users: the fixed core team first, then more KAMs and team members.

    With fewer than ten users the core team is cut down but always keeps an administrator,
    a head of KAM, a KAM and a team member.
    """
    if count < MIN_USERS:
        raise ValueError(f"The demo needs at least {MIN_USERS} users (admin, head of KAM, KAM, team member).")
    core = list(_CORE_USERS)
    if count < len(core):
        must = [core[0], core[1], core[2], core[6]]
        rest = [user for user in core if user not in must]
        core = must + rest[: count - len(must)]
    users = [_record(*user) for user in core]
    taken = {user.username for user in users}
    extra = count - len(users)
    for index in range(extra):
        first, last, _female = person_name(rng, "DE")
        username = f"{ascii_slug(first, '')}.{ascii_slug(last, '')}"
        suffix = 2
        while username in taken:
            username = f"{ascii_slug(first, '')}.{ascii_slug(last, '')}{suffix}"
            suffix += 1
        taken.add(username)
        if index % 50 == 49:
            role, department = "head_of_kam", "key_account_management"
        elif index % 10 < 3:
            role, department = "kam", "key_account_management"
        else:
            role, department = "team_member", _EXTRA_DEPARTMENTS[index % len(_EXTRA_DEPARTMENTS)]
        users.append(_record(first, last, role, department, username))
    return users
