"""The plan page's rows rendered in Python (``kam.plans.page_rows``), seen through the page."""

import re

import pytest
from django.urls import reverse

from kam.contacts.tests.factories import ContactFactory
from kam.plans.tests.factories import GoalFactory, MeasureFactory, PlanReviewFactory, RiskFactory, SwotItemFactory

pytestmark = pytest.mark.django_db


def _page(client, user, plan, language="en"):
    client.force_login(user)
    response = client.get(reverse("plans:detail", args=[plan.pk]), headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def _items(plan):
    return {
        "goal": GoalFactory.create(plan=plan, title="Grow <b>presses</b>"),
        "measure": MeasureFactory.create(plan=plan, title="Visit & talk", department="sales"),
        "risk": RiskFactory.create(plan=plan, description="Price <pressure>", mitigation='Say "no"'),
        "swot": SwotItemFactory.create(plan=plan, text="Service <network>"),
    }


def test_values_are_escaped(client, plan, kam_user):
    ContactFactory.create(account=plan.account, first_name="<script>x</script>", last_name="Boss")
    PlanReviewFactory.create(plan=plan, reviewer=kam_user, action="comment", comment="<i>fine</i>")
    _items(plan)
    html = _page(client, kam_user, plan)
    for raw, escaped in (
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("Grow <b>presses</b>", "Grow &lt;b&gt;presses&lt;/b&gt;"),
        ("Visit & talk", "Visit &amp; talk"),
        ("Price <pressure>", "Price &lt;pressure&gt;"),
        ('Say "no"', "Say &quot;no&quot;"),
        ("Service <network>", "Service &lt;network&gt;"),
        ("<i>fine</i>", "&lt;i&gt;fine&lt;/i&gt;"),
    ):
        assert raw not in html, raw
        assert escaped in html, escaped


def test_org_chart_nests_reports_under_their_manager(client, plan, kam_user):
    boss = ContactFactory.create(account=plan.account, last_name="Bossmann", buying_role="decision_maker")
    ContactFactory.create(account=plan.account, last_name="Reportmann", reports_to=boss)
    html = _page(client, kam_user, plan)
    chart = html[html.index('<ul class="plan-org">') :]
    boss_at, report_at = chart.index("Bossmann"), chart.index("Reportmann")
    # The report's list item opens inside the boss's before the boss's item closes.
    assert boss_at < chart.index("<ul>", boss_at) < report_at < chart.index("</li>", report_at)
    assert reverse("contacts:detail", args=[boss.pk]) in chart


def test_editor_gets_edit_and_remove_of_every_item(client, plan, kam_user):
    items = _items(plan)
    html = _page(client, kam_user, plan)
    for kind, item in items.items():
        assert f'href="{reverse("plans:item_edit", args=[plan.pk, kind, item.pk])}"' in html, kind
        assert f'action="{reverse("plans:item_delete", args=[plan.pk, kind, item.pk])}"' in html, kind
    # every remove form carries the CSRF field
    forms = re.findall(r'<form method="post" action="/plans/\d+/\w+/\d+/delete/"[^>]*>(.{0,200})', html)
    assert len(forms) == 4
    assert all('name="csrfmiddlewaretoken"' in form for form in forms)


def test_team_member_gets_no_edit_links(client, plan, member_user):
    items = _items(plan)
    html = _page(client, member_user, plan)
    for kind, item in items.items():
        assert reverse("plans:item_edit", args=[plan.pk, kind, item.pk]) not in html, kind
        assert reverse("plans:item_delete", args=[plan.pk, kind, item.pk]) not in html, kind
    assert reverse("plans:whitespace", args=[plan.pk]) not in html
    assert "Price &lt;pressure&gt;" in html


def test_labels_follow_the_language(client, plan, kam_user):
    ContactFactory.create(account=plan.account, last_name="Bossmann", buying_role="decision_maker")
    _items(plan)
    english = _page(client, kam_user, plan, "en")
    german = _page(client, kam_user, plan, "de")
    assert "<span>Decision maker</span>" in english
    assert "<span>Entscheider</span>" in german
    assert ">Edit</a>" in english
    assert ">Bearbeiten</a>" in german


def test_static_parts_follow_language_and_rights():
    from django.utils import translation

    from kam.plans.page_rows import static_parts

    with translation.override("de"):
        german = static_parts(can_edit=True, years=4)
    with translation.override("en"):
        editor = static_parts(can_edit=True, years=4)
        reader = static_parts(can_edit=False, years=2)
    assert ">Umsatz</a>" in german["nav"]
    assert ">Revenue</a>" in editor["nav"]
    # who may change the plan gets a column for the edit links in every items table
    for head in ("goals_head", "measures_head", "risks_head"):
        assert editor[head].count("<th") == reader[head].count("<th") + 1, head
    assert editor["revenue_head"].count(">Revenue</th>") == 4
    assert reader["revenue_head"].count(">Revenue</th>") == 2
    assert 'name="comment"' in reader["comment_widget"]
