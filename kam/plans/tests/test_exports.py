"""Plan exports: the PDF's text read back with pdftotext, the Markdown's content, the download views."""

from __future__ import annotations

import datetime
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from kam.accounts.services import revenue_summary_refresh
from kam.accounts.tests.factories import AccountFactory
from kam.contacts.tests.factories import ContactFactory
from kam.orders.tests.factories import OrderLineFactory
from kam.plans.choices import GoalMetric, MeasureStatus, SwotKind
from kam.plans.exports import export_filename, plan_document, plan_export, render_markdown
from kam.plans.exports.blocks import Chart, OrgChart, PlanDocument, ProgressBars, RiskMatrix, Table
from kam.plans.exports.charts import nice_step
from kam.plans.tests.factories import (
    GoalFactory,
    MeasureFactory,
    PlanVersionFactory,
    RiskFactory,
    SwotItemFactory,
    WalletEstimateFactory,
    WhitespaceEntryFactory,
)
from kam.products.tests.factories import ProductFactory, ProductLineFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 2)
NOW = datetime.datetime(2026, 7, 2, 9, 30, tzinfo=datetime.UTC)
PDFTOTEXT = "/usr/bin/pdftotext"


@pytest.fixture
def full_plan(plan, kam_user):
    """A plan with something in every section; German names and € in the texts."""
    account = plan.account
    press, cnc = ProductLineFactory.create(name="Pressen"), ProductLineFactory.create(name="CNC-Fräsen")
    subsidiary = AccountFactory.create(parent=account, name="Acme Polska", owner=kam_user, city="Łódź")
    for month in range(1, 13):
        OrderLineFactory.create(
            account=account,
            product=ProductFactory.create(product_line=press),
            date=datetime.date(2025, month, 10),
            net_revenue=Decimal("10000"),
        )
    OrderLineFactory.create(
        account=subsidiary,
        product=ProductFactory.create(product_line=cnc),
        date=datetime.date(2026, 3, 5),
        net_revenue=Decimal("5000"),
    )
    revenue_summary_refresh()
    WalletEstimateFactory.create(account=account, product_line=press, year=2025, estimated_spend=Decimal("400000"))
    WhitespaceEntryFactory.create(account=subsidiary, product_line=press, competitor="Schuler Wettbewerb AG")
    boss = ContactFactory.create(
        account=account, first_name="Jürgen", last_name="Größ", buying_role="decision_maker", function="CEO"
    )
    ContactFactory.create(
        account=account, first_name="Anna", last_name="Einkauf", buying_role="buyer", reports_to=boss, influence=3
    )
    plan.customer_strategy = "Lieferanten bündeln, Osteuropa ausbauen (Budget 2 Mio. €)."
    plan.save()
    GoalFactory.create(plan=plan, title="Umsatz Pressen steigern", metric=GoalMetric.REVENUE)
    GoalFactory.create(
        plan=plan, title="NPS heben", metric=GoalMetric.NPS, baseline=20, target=40, current_value=Decimal(35)
    )
    MeasureFactory.create(plan=plan, title="Werksbesuch Łódź", due_date=datetime.date(2026, 3, 1))
    MeasureFactory.create(plan=plan, title="Rahmenvertrag", status=MeasureStatus.DONE)
    RiskFactory.create(plan=plan, description="Wechsel des Einkaufsleiters", probability=4, impact=5)
    SwotItemFactory.create(plan=plan, kind=SwotKind.THREAT, text="Billiganbieter aus Fernost")
    return plan


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.replace("\u00a0", " ").split())


def test_pdf_holds_every_section_and_the_plan_texts(full_plan, kam_user, tmp_path):
    data = plan_export(user=kam_user, plan=full_plan, fmt="pdf", today=TODAY, now=NOW)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    for heading in [
        "Basics",
        "Stakeholder map",
        "Revenue and potential",
        "Whitespace",
        "Situation",
        "Goals",
        "Measures",
        "Risks",
        "Forecast",
        "Review and versions",
    ]:
        assert heading in text, heading
    assert "Account plan Acme Maschinenbau GmbH 2026" in text
    assert "Jürgen Größ, CEO" in text
    assert "Lieferanten bündeln, Osteuropa ausbauen (Budget 2 Mio. €)." in text
    assert "Schuler Wettbewerb AG" in text
    assert "Werksbesuch Łódź" in text
    assert "Wechsel des Einkaufsleiters" in text
    assert "Billiganbieter aus Fernost" in text
    assert "Monthly revenue and trend" in text
    assert "€120,000" in text  # 12 × €10,000 of presses in 2025
    assert "30.0%" in text  # share of wallet 120,000 ÷ 400,000
    assert "Not approved yet" in text
    assert "Generated 07/02/2026" in text


def test_pdf_numbers_its_pages_in_the_footer(full_plan, kam_user, tmp_path):
    data = plan_export(user=kam_user, plan=full_plan, fmt="pdf", today=TODAY, now=NOW)
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    info = subprocess.run(["/usr/bin/pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 2
    text = pdf_text(data, tmp_path)
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text


def test_pdf_of_an_empty_plan_says_so(plan, kam_user, tmp_path):
    text = pdf_text(plan_export(user=kam_user, plan=plan, fmt="pdf", today=TODAY, now=NOW), tmp_path)
    assert "No goals yet." in text
    assert "No risks recorded." in text
    assert "No contacts are recorded for this account." in text


def test_markdown_has_the_same_content_as_tables_and_lists(full_plan, kam_user):
    text = plan_export(user=kam_user, plan=full_plan, fmt="md", today=TODAY, now=NOW).decode()
    assert text.startswith("# Account plan Acme Maschinenbau GmbH 2026\n")
    assert "- **Status:** Draft" in text
    assert "## Stakeholder map" in text
    assert "- **Jürgen Größ, CEO** — Decision maker" in text
    assert "  - **Anna Einkauf** — Buyer" in text  # reports to the CEO: one level in
    assert "⚠ The decision maker Jürgen Größ has no relationship owner on our side." in text
    assert "| Pressen | – | – | – | – | – | – | €120,000 | €400,000 | 30.0% | – | – | – |" in text
    assert "| **Total** |" in text
    assert "| Umsatz Pressen steigern | Revenue |" in text
    assert "NPS heben: On track · 75 %" in text  # (35 − 20) ÷ (40 − 20)
    assert "| Wechsel des Einkaufsleiters | 4 × 5 | Critical |" in text
    assert "| 5 | Medium | High | Critical | 1 · Critical | Critical |" in text
    assert "- Billiganbieter aus Fernost" in text
    assert "| Acme Polska | €5,000 | Schuler Wettbewerb AG † |" in text
    assert "1 open cell." in text
    assert "*Method: Linear trend: a least-squares line through the monthly revenue of the 18 months" in text


def test_markdown_escapes_pipes_in_cells(full_plan, kam_user):
    RiskFactory.create(plan=full_plan, description="A | B", probability=1, impact=1)
    text = plan_export(user=kam_user, plan=full_plan, fmt="md", today=TODAY, now=NOW).decode()
    assert "| A \\| B | 1 × 1 | Low |" in text


def test_document_blocks_carry_the_computed_figures(full_plan, kam_user):
    document = plan_document(user=kam_user, plan=full_plan, today=TODAY, now=NOW)
    blocks = {type(b): b for s in document.sections for b in s.blocks}
    chart = blocks[Chart]
    assert isinstance(chart, Chart)
    assert len(chart.bars) == len(chart.line)
    assert max(chart.bars) == 10000.0
    assert [label for _first, _last, label in chart.periods] == ["2026", "2027"]
    matrix = blocks[RiskMatrix]
    assert isinstance(matrix, RiskMatrix)
    assert matrix.rows[0][3].count == 1  # impact 5 (top row), probability 4
    org = blocks[OrgChart]
    assert isinstance(org, OrgChart)
    assert [p.name for p in org.roots] == ["Jürgen Größ, CEO"]
    assert [p.name for p in org.roots[0].reports] == ["Anna Einkauf"]
    bars = blocks[ProgressBars]
    assert isinstance(bars, ProgressBars)
    assert {b.label: b.percent for b in bars.bars}["NPS heben"] == 75
    whitespace = next(s for s in document.sections if s.key == "whitespace").blocks[1]
    assert isinstance(whitespace, Table)
    assert any("Schuler Wettbewerb AG †" in cell for row in whitespace.rows for cell in row)


def test_title_block_names_the_approved_version(full_plan, kam_user, head_user):
    PlanVersionFactory.create(plan=full_plan, number=2, approved_by=head_user)
    full_plan.approved_by, full_plan.approved_at = head_user, NOW
    full_plan.save()
    facts = dict(plan_document(user=kam_user, plan=full_plan, today=TODAY, now=NOW).facts)
    assert facts["Version"] == "Version 2 of 01/15/2026"
    assert facts["Approval"] == f"Approved by {head_user} on 07/02/2026"


def test_nice_step_divides_the_axis_in_round_steps():
    assert nice_step(10000) == 5000  # 10,000 ÷ 4 = 2,500 → 5,000
    assert nice_step(7000) == 2000  # 1,750 → 2,000
    assert nice_step(400) == 100
    assert nice_step(0) == 1


def test_export_filename_is_ascii(full_plan):
    assert export_filename(full_plan, "pdf") == "account-plan-acme-maschinenbau-gmbh-2026.pdf"
    full_plan.account.name = "Größ & Söhne"
    assert export_filename(full_plan, "md") == "account-plan-gro-sohne-2026.md"


def test_markdown_renderer_lays_out_an_empty_document():
    text = render_markdown(PlanDocument("T", "", [("A", "b")], [], "gen", "p", "h"))
    assert text == "# T\n\n- **A:** b\n\n---\n\n*gen*\n"


# --- views ---------------------------------------------------------------------------------


def test_download_links_on_the_plan_page(client, full_plan, member_user):
    client.force_login(member_user)
    page = client.get(reverse("plans:detail", args=[full_plan.pk])).content.decode()
    assert reverse("plans:export", args=[full_plan.pk, "pdf"]) in page
    assert reverse("plans:export", args=[full_plan.pk, "md"]) in page


def test_team_member_downloads_pdf_and_markdown(client, full_plan, member_user, tmp_path):
    client.force_login(member_user)
    response = client.get(reverse("plans:export", args=[full_plan.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="account-plan-acme-maschinenbau-gmbh-2026.pdf"'
    assert "Werksbesuch Łódź" in pdf_text(response.content, tmp_path)
    response = client.get(reverse("plans:export", args=[full_plan.pk, "md"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert "## Risks" in response.content.decode()


def test_outsider_gets_404_and_no_file(client, full_plan, outsider):
    client.force_login(outsider)
    for fmt in ("pdf", "md"):
        response = client.get(reverse("plans:export", args=[full_plan.pk, fmt]))
        assert response.status_code == 404
        assert b"Werksbesuch" not in response.content


def test_anonymous_is_sent_to_login(client, full_plan):
    response = client.get(reverse("plans:export", args=[full_plan.pk, "pdf"]))
    assert response.status_code == 302


def test_unknown_format_is_404(client, full_plan, kam_user):
    client.force_login(kam_user)
    assert client.get(reverse("plans:export", args=[full_plan.pk, "docx"])).status_code == 404
