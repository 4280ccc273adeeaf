"""Activities and tasks of the demo company, written through the services of :mod:`kam.activities`
and :mod:`kam.tasks`.

:func:`demo_activities_create` gives the key and growth accounts a history of the last twelve
months (visits, meetings, calls, e-mails, notes; an annual review per key account, linked to its
account plan when there is one) with the account's contacts present and the owning KAM and team
members taking part. Some next steps became tasks, more tasks stand on their own; they belong to
the KAM, team members or departments and fall due around "today": older ones mostly done, some
overdue, some due soon, a few with comments. Every demo user ends up with open tasks of their own,
so that "My tasks" is never empty. Texts come from :mod:`kam.demo.activity_texts`; a generator
seeded by the demo seed and the account keeps the result reproducible without touching the
company generator's random streams.

Volume: key accounts get 4 to 6 activities and the annual review, growth accounts up to 2 (each activity is a service
call with its checks, about a dozen statements); enough to show every view, small enough to keep
the demo load fast.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from kam.accounts.choices import Tier
from kam.accounts.models import Account, AccountTeamMember
from kam.activities.choices import ActivityKind
from kam.activities.models import Activity
from kam.activities.services import FollowUp, activity_log
from kam.contacts.models import Contact
from kam.demo import activity_texts as texts
from kam.demo.generator.randomness import rng_for
from kam.plans.models import AccountPlan
from kam.products.models import ProductLine
from kam.tasks.choices import OPEN_STATUSES, TaskPriority, TaskStatus
from kam.tasks.models import Task
from kam.tasks.services import task_comment_add, task_complete, task_create, task_update
from kam.users.choices import Role
from kam.users.models import User

KEY_ACTIVITIES = (4, 6)
GROWTH_ACTIVITIES = (0, 2)
HISTORY_DAYS = 365
RECENT_DAYS = 75  # activities this recent mostly have their follow-up task
KEY_TASKS, GROWTH_TASKS = (1, 2), (0, 1)
OPEN_TASKS_PER_USER = 2
KAM = "key_account_management"
KIND_TEXTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    ActivityKind.VISIT: texts.VISITS,
    ActivityKind.MEETING: texts.MEETINGS,
    ActivityKind.CALL: texts.CALLS,
    ActivityKind.EMAIL: texts.EMAILS,
    ActivityKind.NOTE: texts.NOTES,
}
KIND_WEIGHTS: dict[str, int] = {
    ActivityKind.VISIT: 3,
    ActivityKind.MEETING: 3,
    ActivityKind.CALL: 4,
    ActivityKind.EMAIL: 3,
    ActivityKind.NOTE: 1,
}
NEXT_STEP_CHANCE: dict[str, float] = {
    ActivityKind.VISIT: 0.7,
    ActivityKind.MEETING: 0.7,
    ActivityKind.CALL: 0.5,
    ActivityKind.EMAIL: 0.3,
    ActivityKind.NOTE: 0.0,
}


@dataclass
class Customer:
    """A key or growth account with its owner, team, contacts, plan and random stream."""

    account: Account
    owner: User
    team: list[AccountTeamMember]
    contacts: list[Contact]
    plan: AccountPlan | None
    rng: random.Random
    today: dt.date
    lines: list[str]

    def words(self, contact: Contact | None = None, **extra: Any) -> dict[str, Any]:
        """Values of the text placeholders for this account."""
        return {
            "customer": self.account.name,
            "city": self.account.city or self.account.name,
            "contact": contact.full_name if contact else "der Einkauf",
            "line": self.rng.choice(self.lines) if self.lines else "unsere Produkte",
            "year": self.today.year,
            **extra,
        }


@dataclass
class Written:
    """How many activities, tasks and comments were written."""

    counts: Counter[str] = field(default_factory=Counter)


# -- reading what the demo holds ------------------------------------------------------------------


def _customers(seed: int, today: dt.date) -> list[Customer]:
    """Key and growth accounts with an active owner, with their team, contacts (by influence) and plan."""
    accounts = list(
        Account.objects.filter(tier__in=(Tier.KEY, Tier.GROWTH), owner__is_active=True)
        .select_related("owner")
        .order_by("pk")
    )
    ids = [account.pk for account in accounts]
    teams: dict[int, list[AccountTeamMember]] = defaultdict(list)
    for member in AccountTeamMember.objects.filter(account_id__in=ids, user__is_active=True).select_related("user"):
        teams[member.account_id].append(member)
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(account_id__in=ids).order_by("-influence", "pk"):
        contacts[contact.account_id].append(contact)
    plans: dict[int, AccountPlan] = {}
    for plan in AccountPlan.objects.filter(account_id__in=ids).order_by("period_start", "pk"):
        plans.setdefault(plan.account_id, plan)  # last year's plan if there is one: the review looks back
    lines = list(ProductLine.objects.order_by("name").values_list("name", flat=True))
    found = []
    for account in accounts:
        assert account.owner is not None
        team = sorted(teams[account.pk], key=lambda member: member.pk)
        rng = rng_for(seed, "activities", account.external_id or account.pk)
        found.append(
            Customer(account, account.owner, team, contacts[account.pk][:8], plans.get(account.pk), rng, today, lines)
        )
    return found


# -- activities -----------------------------------------------------------------------------------


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A working-day time on ``day`` (weekends move to the Friday before)."""
    if day.weekday() > 4:
        day -= dt.timedelta(days=day.weekday() - 4)
    naive = dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))))
    return timezone.make_aware(naive)


def _people(customer: Customer, kind: str) -> tuple[list[Contact], list[User]]:
    """Contacts present and our participants: the KAM, at visits and meetings often a team member too."""
    rng = customer.rng
    present: list[Contact] = []
    if customer.contacts and kind != ActivityKind.NOTE:
        many = kind in (ActivityKind.VISIT, ActivityKind.MEETING, ActivityKind.ANNUAL_REVIEW)
        count = min(len(customer.contacts), rng.randint(1, 3) if many else 1)
        present = rng.sample(customer.contacts[: max(count, 5)], count)
    ours = [customer.owner]
    if customer.team and kind in (ActivityKind.VISIT, ActivityKind.MEETING, ActivityKind.ANNUAL_REVIEW):
        ours += [member.user for member in rng.sample(customer.team, min(len(customer.team), rng.randint(0, 2)))]
    return present, list(dict.fromkeys(ours))


def _doer(customer: Customer, department: str) -> tuple[User | None, str]:
    """Who follows up in ``department``: the KAM, the team member of that department, or the department."""
    if department == KAM:
        return customer.owner, KAM
    member = next((m for m in customer.team if m.department == department), None)
    if member is not None:
        return member.user, department
    if customer.rng.random() < 0.3:
        return customer.owner, ""
    return None, department


def _follow_up(customer: Customer, day: dt.date, department: str) -> FollowUp:
    assignee, department = _doer(customer, department)
    due = day + dt.timedelta(days=customer.rng.randint(7, 28))
    priority = customer.rng.choice((TaskPriority.NORMAL, TaskPriority.NORMAL, TaskPriority.HIGH, TaskPriority.LOW))
    return FollowUp(assignee=assignee, department=department, due_date=due, priority=priority)


def _activity(customer: Customer, kind: str, day: dt.date, written: Written) -> Activity:
    rng = customer.rng
    contacts, participants = _people(customer, kind)
    words = customer.words(contacts[0] if contacts else (rng.choice(customer.contacts) if customer.contacts else None))
    subject, summary, outcome = rng.choice(KIND_TEXTS[kind])
    fields: dict[str, Any] = {
        "subject": subject.format(**words)[:200],
        "summary": summary.format(**words),
        "outcome": outcome.format(**words),
    }
    start = _moment(rng, day)
    if kind in (ActivityKind.VISIT, ActivityKind.MEETING):
        fields["end"] = start + dt.timedelta(minutes=rng.choice((45, 60, 90, 120)))
        location = texts.AT_CUSTOMER if kind == ActivityKind.VISIT else rng.choice(texts.MEETING_LOCATIONS)
        fields["location"] = location.format(**words)
    follow_up = None
    if rng.random() < NEXT_STEP_CHANCE[kind]:
        step, department = rng.choice(texts.NEXT_STEPS)
        fields["next_step"] = step.format(**words)
        recent = (customer.today - day).days <= RECENT_DAYS
        if rng.random() < (0.8 if recent else 0.3):
            follow_up = _follow_up(customer, day, department)
    activity = activity_log(
        account=customer.account, kind=kind, start=start, created_by=customer.owner, contacts=contacts,
        participants=participants, follow_up=follow_up, **fields,
    )  # fmt: skip
    written.counts["activities"] += 1
    return activity


def _annual_review(customer: Customer, written: Written) -> Activity:
    """The year's annual review: early this year if that has passed, else within the last months."""
    rng, today = customer.rng, customer.today
    day = dt.date(today.year, rng.randint(1, 3), rng.randint(5, 25))
    if day >= today:
        day = today - dt.timedelta(days=rng.randint(20, 120))
    contacts, participants = _people(customer, ActivityKind.ANNUAL_REVIEW)
    words = customer.words(contacts[0] if contacts else None, year=day.year)
    start = _moment(rng, day)
    review = texts.ANNUAL_REVIEW
    follow_up = FollowUp(assignee=customer.owner, department=KAM, due_date=day + dt.timedelta(days=21))
    activity = activity_log(
        account=customer.account, kind=ActivityKind.ANNUAL_REVIEW, start=start, created_by=customer.owner,
        contacts=contacts, participants=participants, follow_up=follow_up, plan=customer.plan,
        end=start + dt.timedelta(hours=2), location=texts.AT_CUSTOMER.format(**words),
        subject=review["subject"].format(**words)[:200], summary=review["summary"].format(**words),
        outcome=review["outcome"], next_step=review["next_step"],
        review_collaboration=rng.choice(texts.REVIEW_COLLABORATION),
        review_improvements=rng.choice(texts.REVIEW_IMPROVEMENTS),
        review_joint_goals=rng.choice(texts.REVIEW_JOINT_GOALS).format(**words),
    )  # fmt: skip
    written.counts["activities"] += 1
    return activity


def _history(customer: Customer, written: Written) -> None:
    """The account's activities of the last twelve months, oldest first (contact dates move forward)."""
    rng = customer.rng
    key = customer.account.tier == Tier.KEY
    count = rng.randint(*(KEY_ACTIVITIES if key else GROWTH_ACTIVITIES))
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    days = sorted(customer.today - dt.timedelta(days=rng.randint(1, HISTORY_DAYS)) for _ in range(count))
    for day in days:
        _activity(customer, rng.choices(kinds, weights)[0], day, written)
    if key:
        _annual_review(customer, written)


# -- tasks ----------------------------------------------------------------------------------------


def _settle(task: Task, rng: random.Random, today: dt.date, closer: User, written: Written) -> None:
    """Past tasks mostly done (completed before or on their due day), a few cancelled, the rest overdue;
    some current ones in progress; a few comments."""
    due = task.due_date or today
    draw = rng.random()
    if due < today - dt.timedelta(days=3) and draw < 0.65:
        day = min(due - dt.timedelta(days=rng.randint(0, 5)), today - dt.timedelta(days=1))
        task_complete(task=task, user=closer, when=_moment(rng, day))
        written.counts["tasks_done"] += 1
    elif due < today and draw > 0.95:
        task_update(task=task, changed_by=closer, status=TaskStatus.CANCELLED)
    elif due >= today - dt.timedelta(days=7) and draw < 0.25:
        task_update(task=task, changed_by=closer, status=TaskStatus.IN_PROGRESS)
    if rng.random() < 0.18:
        for text in rng.sample(texts.COMMENTS, rng.randint(1, 2)):
            task_comment_add(task=task, author=task.assignee or closer, text=text)
            written.counts["task_comments"] += 1


def _standalone_tasks(customer: Customer, written: Written) -> None:
    rng, today = customer.rng, customer.today
    count = rng.randint(*(KEY_TASKS if customer.account.tier == Tier.KEY else GROWTH_TASKS))
    for title, department in rng.sample(texts.TASKS, count):
        assignee, department = _doer(customer, department)
        task = task_create(
            account=customer.account, title=title.format(**customer.words())[:200], created_by=customer.owner,
            assignee=assignee, department=department, due_date=today + dt.timedelta(days=rng.randint(-25, 35)),
            priority=rng.choice(list(TaskPriority)), description=texts.TASK_DESCRIPTION.format(**customer.words()),
        )  # fmt: skip
        _settle(task, rng, today, assignee or customer.owner, written)


def _settle_follow_ups(customers: list[Customer], written: Written) -> None:
    """Give the tasks created from next steps their status (done, overdue, in progress)."""
    by_account = {customer.account.pk: customer for customer in customers}
    tasks = Task.objects.filter(account_id__in=by_account, source_activity__isnull=False)
    for task in tasks.select_related("assignee", "account").order_by("pk"):
        customer = by_account[task.account_id]
        _settle(task, customer.rng, customer.today, task.assignee or customer.owner, written)


# -- every demo user has open tasks ------------------------------------------------------------------


def _visible_accounts(user: User, customers: list[Customer]) -> list[Account]:
    if user.sees_all_accounts:
        return [c.account for c in customers if c.account.tier == Tier.KEY]
    if user.role == Role.KAM:
        owned = [c.account for c in customers if c.owner.pk == user.pk]
        if owned:
            return owned
    team = AccountTeamMember.objects.filter(user=user).select_related("account").order_by("account_id")
    return [member.account for member in team]


def _own_tasks(users: Iterable[User], customers: list[Customer], seed: int, today: dt.date, written: Written) -> None:
    """Open tasks for every demo user who has fewer than two: one overdue, one due soon."""
    for user in users:
        missing = OPEN_TASKS_PER_USER - Task.objects.filter(assignee=user, status__in=OPEN_STATUSES).count()
        accounts = _visible_accounts(user, customers) if missing > 0 else []
        if not accounts:
            continue
        rng = rng_for(seed, "activities", "user", user.username)
        titles = (
            texts.ADMIN_TASKS if user.role == Role.ADMIN
            else texts.HEAD_TASKS if user.role == Role.HEAD_OF_KAM
            else [title for title, _department in texts.TASKS]
        )  # fmt: skip
        for offset in (rng.randint(-10, -2), rng.randint(2, 10))[-missing:]:
            account = rng.choice(accounts)
            words = {"customer": account.name, "line": "", "year": today.year}
            task_create(
                account=account, title=rng.choice(titles).format(**words)[:200], created_by=user, assignee=user,
                due_date=today + dt.timedelta(days=offset),
                priority=TaskPriority.HIGH if offset < 0 else TaskPriority.NORMAL,
            )  # fmt: skip


# -- public service -----------------------------------------------------------------------------------


@transaction.atomic
def demo_activities_create(*, seed: int, today: dt.date, usernames: Iterable[str] = ()) -> dict[str, int]:
    """Write the demo's activities and tasks on the key and growth accounts (see the module docstring)
    and open tasks for the users named in ``usernames`` who have too few; returns the counts of
    activities, tasks, done tasks and task comments. Needs the demo's accounts, contacts, teams and plans."""
    written = Written()
    customers = _customers(seed, today)
    for customer in customers:
        _history(customer, written)
    _settle_follow_ups(customers, written)
    for customer in customers:
        _standalone_tasks(customer, written)
    users = User.objects.filter(username__in=list(usernames), is_active=True).order_by("pk")
    _own_tasks(users, customers, seed, today, written)
    ids = [customer.account.pk for customer in customers]
    return {
        "activities": written.counts["activities"],
        "tasks": Task.objects.filter(account_id__in=ids).count(),
        "tasks_done": written.counts["tasks_done"],
        "task_comments": written.counts["task_comments"],
    }
