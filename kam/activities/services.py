"""Writes on activities: logging, changing and deleting them.

Logging an activity moves each present contact's last contact date to the activity's day
(never backwards); an activity with a next step can create the follow-up task in the same
transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.accounts.selectors import account_ancestors, account_descendant_ids
from kam.activities.choices import KINDS_WITH_END, ActivityKind
from kam.activities.models import Activity
from kam.contacts.models import Contact
from kam.tasks.choices import TaskPriority
from kam.tasks.models import Task
from kam.tasks.services import task_create

if TYPE_CHECKING:
    from kam.accounts.models import Account
    from kam.plans.models import AccountPlan
    from kam.users.models import User

ACTIVITY_EDITABLE_FIELDS = (
    "kind",
    "start",
    "end",
    "location",
    "subject",
    "summary",
    "outcome",
    "next_step",
    "review_collaboration",
    "review_improvements",
    "review_joint_goals",
    "plan",
)
REVIEW_FIELDS = ("review_collaboration", "review_improvements", "review_joint_goals")


@dataclass(frozen=True)
class FollowUp:
    """The task to create from an activity's next step (title defaults to the next step)."""

    assignee: User | None = None
    department: str = ""
    due_date: datetime.date | None = None
    priority: str = TaskPriority.NORMAL
    remind_at: datetime.datetime | None = None
    title: str = ""


def group_account_ids(account: Account) -> set[int]:
    """Ids of every account of ``account``'s corporate group (its top parent and all below)."""
    ancestors = account_ancestors(account=account)
    top = ancestors[-1] if ancestors else account
    return {top.pk, *account_descendant_ids(account=top)}


def _check_activity(activity: Activity) -> None:
    errors: dict[str, str] = {}
    if activity.start is not None and timezone.is_naive(activity.start):
        errors["start"] = _("The start needs a time zone.")
    if activity.end is not None:
        if activity.kind not in KINDS_WITH_END:
            errors["end"] = _("Only meetings, customer visits and annual reviews have an end.")
        elif timezone.is_naive(activity.end):
            errors["end"] = _("The end needs a time zone.")
        elif activity.start is not None and activity.end < activity.start:
            errors["end"] = _("The end lies before the start.")
    if activity.kind != ActivityKind.ANNUAL_REVIEW:
        for name in REVIEW_FIELDS:
            if getattr(activity, name):
                errors[name] = _("Only an annual review has this field.")
    plan = activity.plan
    if plan is not None and plan.account_id != activity.account_id:
        errors["plan"] = _("The account plan belongs to another account.")
    if errors:
        raise ValidationError(errors)


def _check_people(activity: Activity, contacts: list[Contact], participants: list[User]) -> None:
    errors: dict[str, str] = {}
    if contacts:
        allowed = group_account_ids(activity.account)
        strangers = [c for c in contacts if c.account_id not in allowed]
        if strangers:
            errors["contacts"] = _("%(names)s do not work at this account or its group.") % {
                "names": ", ".join(c.full_name for c in strangers)
            }
    inactive = [u for u in participants if not u.is_active]
    if inactive:
        errors["participants"] = _("%(names)s are no longer active users.") % {
            "names": ", ".join(str(u) for u in inactive)
        }
    if errors:
        raise ValidationError(errors)


def _touch_contacts(activity: Activity, contact_ids: Iterable[int]) -> int:
    """Move the last contact date of these contacts to the activity's day, never backwards.

    One UPDATE without history records: the activity itself records the contact.
    """
    day = timezone.localdate(activity.start)
    return Contact.objects.filter(
        Q(last_contact_date__isnull=True) | Q(last_contact_date__lt=day), pk__in=list(contact_ids)
    ).update(last_contact_date=day)


def _follow_up(activity: Activity, follow_up: FollowUp, created_by: User | None) -> Task:
    if not activity.next_step.strip():
        raise ValidationError({"next_step": _("Write the next step to create a task from it.")})
    title = follow_up.title.strip() or activity.next_step.strip().splitlines()[0][:200]
    return task_create(
        account=activity.account,
        title=title,
        description=activity.next_step,
        created_by=created_by,
        assignee=follow_up.assignee,
        department=follow_up.department,
        due_date=follow_up.due_date,
        priority=follow_up.priority,
        remind_at=follow_up.remind_at,
        source_activity=activity,
    )


@transaction.atomic
def activity_log(
    *,
    account: Account,
    kind: str,
    start: datetime.datetime,
    created_by: User | None,
    contacts: Iterable[Contact] = (),
    participants: Iterable[User] = (),
    follow_up: FollowUp | None = None,
    plan: AccountPlan | None = None,
    **fields: Any,
) -> Activity:
    """Log an activity on ``account``; updates the contacts' last contact date.

    ``contacts`` must work at the account or its corporate group; ``follow_up`` creates a
    task from the next step in the same transaction (all or nothing).
    """
    unknown = set(fields) - set(ACTIVITY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    activity = Activity(account=account, kind=kind, start=start, plan=plan, created_by=created_by, **fields)
    contact_list, participant_list = list(contacts), list(participants)
    _check_activity(activity)
    _check_people(activity, contact_list, participant_list)
    activity.full_clean()
    activity.save()
    activity.contacts.set(contact_list)
    activity.participants.set(participant_list)
    _touch_contacts(activity, (c.pk for c in contact_list))
    if follow_up is not None:
        _follow_up(activity, follow_up, created_by)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    contacts: Iterable[Contact] | None = None,
    participants: Iterable[User] | None = None,
    follow_up: FollowUp | None = None,
    created_by: User | None = None,
    **fields: Any,
) -> Activity:
    """Change an activity; its contacts' last contact date moves forward where the activity is newer.

    ``contacts`` / ``participants``: the new sets (None keeps them). ``follow_up`` creates a
    task from the (new) next step, by ``created_by``.
    """
    unknown = set(fields) - set(ACTIVITY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(activity, key, value)
    contact_list = list(contacts) if contacts is not None else list(activity.contacts.all())
    participant_list = list(participants) if participants is not None else []
    _check_activity(activity)
    _check_people(activity, contact_list, participant_list)
    activity.full_clean()
    activity.save()
    if contacts is not None:
        activity.contacts.set(contact_list)
    if participants is not None:
        activity.participants.set(participant_list)
    _touch_contacts(activity, (c.pk for c in contact_list))
    if follow_up is not None:
        _follow_up(activity, follow_up, created_by)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    """Delete an activity; tasks created from it stay (without the link), contact dates stay."""
    activity.delete()
