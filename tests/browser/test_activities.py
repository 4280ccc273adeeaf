"""Activities and tasks in a real browser: a KAM logs a visit with a next step, the team member completes the task."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from kam.accounts.tests.factories import AccountFactory, AccountTeamMemberFactory
from kam.activities.choices import ActivityKind
from kam.activities.models import Activity
from kam.contacts.tests.factories import ContactFactory
from kam.tasks.choices import TaskStatus
from kam.tasks.models import Task
from kam.users.choices import Department
from kam.users.tests.factories import PASSWORD, UserFactory
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people() -> dict[str, Any]:
    """A KAM, a product developer on the team of the KAM's key account, and the buyer there."""
    kim = UserFactory.create(username="kim", first_name="Kim", last_name="Keller", role="kam")
    paul = UserFactory.create(username="paul", first_name="Paul", last_name="Produkt", role="team_member")
    account = AccountFactory.create(name="Delta Drives AG", tier="key", owner=kim)
    AccountTeamMemberFactory.create(account=account, user=paul, department=Department.PRODUCT_DEVELOPMENT)
    buyer = ContactFactory.create(account=account, first_name="Eva", last_name="Einkauf", last_contact_date=None)
    return {"kim": kim, "paul": paul, "account": account, "buyer": buyer}


def test_kam_logs_a_visit_with_a_next_step_the_member_completes_the_task(page, people):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    due = dt.date.today() + dt.timedelta(days=7)
    login(page, "kim", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.goto(f"/accounts/{people['account'].pk}/")
    timeline = page.locator("#timeline")
    timeline.get_by_role("link", name="+ Log activity").click()  # the form loads into the page with htmx
    form = page.locator("form.kam-activity-form")
    expect(form).to_be_visible()
    form.locator("#id_kind").select_option(ActivityKind.VISIT)
    form.locator("#id_subject").fill("Plant tour")
    form.locator("#id_start").fill(f"{yesterday.isoformat()}T10:00")
    form.locator("#id_contacts").select_option(str(people["buyer"].pk))
    form.locator("#id_summary").fill("Walked the new assembly line with the buyer.")
    form.locator("#id_next_step").fill("Sample the new gear for the line")
    form.locator("#id_create_task").check()
    form.locator("#id_task_assignee").select_option(str(people["paul"].pk))
    form.locator("#id_task_due_date").fill(due.isoformat())
    form.get_by_role("button", name="Log activity").click()
    expect(page.locator(".kam-messages .alert-success")).to_contain_text("Activity logged")
    expect(page.locator("#timeline-list")).to_contain_text("Plant tour")

    activity = Activity.objects.get()
    task = Task.objects.get()
    assert (activity.kind, task.source_activity_id, task.assignee_id) == ("visit", activity.pk, people["paul"].pk)
    people["buyer"].refresh_from_db()
    assert people["buyer"].last_contact_date == yesterday
    page.context.clear_cookies()  # sign out

    login(page, "paul", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/$"))
    page.get_by_role("link", name="Tasks", exact=True).click()
    page.wait_for_url(re.compile(r"/tasks/$"))
    row = page.locator(f"#task-{task.pk}")
    expect(row).to_contain_text("Sample the new gear for the line")
    expect(row).to_contain_text("Delta Drives AG")
    status = row.locator("td").nth(5)
    expect(status).to_have_text("Open")
    row.get_by_role("button", name="Done").click()  # htmx swaps the row
    expect(status).to_have_text("Done")
    expect(row.get_by_role("button", name="Done")).to_have_count(0)

    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_by == people["paul"]
