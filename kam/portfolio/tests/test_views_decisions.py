"""The portfolio pages where people decide: candidates, ratings, the 360° card, comparison, settings.

Data: the ``pages`` fixture in conftest.py ("Own Alpha AG" is the one candidate: standard → key).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

import pytest
from django.urls import reverse

from kam.accounts.choices import TierChangeSource
from kam.accounts.models import Account, TierChange
from kam.accounts.tests.factories import AccountFactory
from kam.portfolio.choices import NominationDecision, RunKind
from kam.portfolio.models import CriterionRating, Nomination, PortfolioRun, PortfolioSettings
from kam.portfolio.tests.factories import CriterionRatingFactory, NominationFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(pattern: str, text: str) -> str:
    match = re.search(pattern, text, re.S)
    assert match, pattern
    return match.group(1)


def decide_url(account) -> str:
    return reverse("portfolio:decide", args=[account.pk]) + "?basis=revenue&level=group"


# --- candidates --------------------------------------------------------------------------


def test_head_sees_candidates_with_reasons_and_a_decision_form(client, head_user, pages):
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:candidates")))
    assert "1 candidate" in page
    assert f'id="candidate-{pages["own"].pk}"' in page
    assert "top 34 % of customers by revenue" in page  # rank 1 of 3
    assert "revenue growing 18 % over last year" in page
    assert f'name="c{pages["own"].pk}-decision" value="nominated"' in page
    # the computed tier and the current owner are proposed
    assert re.search(r'<option value="key" selected>Key account</option>', page)
    assert f'<option value="{pages["own"].owner_id}" selected>' in page
    assert "Other Gamma KG" not in page  # no candidate: its tier is the computed one


def test_kam_sees_own_candidates_read_only_and_member_none(client, kam_user, member_user, pages):
    client.force_login(kam_user)
    page = html(client.get(reverse("portfolio:candidates")))
    assert "Own Alpha AG" in page
    assert "-decision" not in page
    assert "decides on this candidate" in page
    client.force_login(member_user)
    page = html(client.get(reverse("portfolio:candidates")))
    assert "No candidates" in page
    assert "Own Alpha AG" not in page


def test_nominating_sets_tier_and_owner_and_removes_the_row(client, head_user, pages):
    own = pages["own"]
    new_owner = pages["other_kam"]
    client.force_login(head_user)
    data = {f"c{own.pk}-decision": "nominated", f"c{own.pk}-proposed_tier": "key", f"c{own.pk}-owner": new_owner.pk}
    data[f"c{own.pk}-comment"] = "Strategic partner"
    page = html(client.post(decide_url(own), data, HTTP_HX_REQUEST="true"))
    assert "<article" not in page  # the row is swapped for nothing
    assert 'hx-swap-oob="true"' in page
    assert "Own Alpha AG is now a Key account." in page
    own.refresh_from_db()
    assert (own.tier, own.owner) == ("key", new_owner)
    change = TierChange.objects.get(account=own)
    assert (change.old_tier, change.new_tier, change.source, change.changed_by) == (
        "standard", "key", TierChangeSource.NOMINATION, head_user,
    )  # fmt: skip
    nomination = Nomination.objects.get(account=own)
    assert (nomination.decision, nomination.comment, nomination.decided_by) == (
        "nominated",
        "Strategic partner",
        head_user,
    )
    assert "Own Alpha AG" not in html(client.get(reverse("portfolio:candidates")))


def test_declining_needs_a_comment_and_then_hides_the_candidate(client, admin_user, pages):
    own = pages["own"]
    client.force_login(admin_user)
    data = {f"c{own.pk}-decision": "declined", f"c{own.pk}-proposed_tier": "growth", f"c{own.pk}-comment": "  "}
    page = html(client.post(decide_url(own), data, HTTP_HX_REQUEST="true"))
    assert f'id="candidate-{own.pk}"' in page  # the row comes back with the error
    assert "Say why the candidate is declined." in page
    assert f'<option value="{pages["other_kam"].pk}">Otto Other</option>' in page  # the form is whole again
    assert '<option value="growth" selected>' in page  # with what was chosen
    assert not Nomination.objects.exists()
    data[f"c{own.pk}-comment"] = "Too small for now"
    page = html(client.post(decide_url(own), data, HTTP_HX_REQUEST="true"))
    assert "The proposal for Own Alpha AG was declined." in page
    nomination = Nomination.objects.get()
    # a decline is about the computed tier, whatever the select showed; the tier stays
    assert (nomination.decision, nomination.proposed_tier, nomination.owner) == ("declined", "key", None)
    own.refresh_from_db()
    assert own.tier == "standard"
    assert not TierChange.objects.exists()
    assert "No candidates" in html(client.get(reverse("portfolio:candidates")))


def test_decision_with_a_bad_tier_changes_nothing(client, head_user, pages):
    own = pages["own"]
    client.force_login(head_user)
    data = {f"c{own.pk}-decision": "nominated", f"c{own.pk}-proposed_tier": "platinum"}
    page = html(client.post(decide_url(own), data, HTTP_HX_REQUEST="true"))
    assert "Select a valid choice." in page
    own.refresh_from_db()
    assert own.tier == "standard"
    assert not Nomination.objects.exists()


def test_decision_without_htmx_redirects_with_a_message(client, head_user, pages):
    own = pages["own"]
    client.force_login(head_user)
    data = {f"c{own.pk}-decision": "nominated", f"c{own.pk}-proposed_tier": "growth"}
    response = client.post(decide_url(own), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:candidates") + "?basis=revenue&level=group"
    own.refresh_from_db()
    assert own.tier == "growth"
    page = html(client.get(response["Location"]))
    assert "Own Alpha AG is now a Growth account." in page


def test_deciding_on_a_non_candidate_changes_nothing(client, head_user, pages):
    other = pages["other"]
    client.force_login(head_user)
    data = {f"c{other.pk}-decision": "nominated", f"c{other.pk}-proposed_tier": "standard"}
    page = html(client.post(decide_url(other), data, HTTP_HX_REQUEST="true"))
    assert "is no longer a candidate" in page
    other.refresh_from_db()
    assert other.tier == "key"
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("role_user", ["kam_user", "member_user"])
def test_only_head_and_admin_decide(client, pages, role_user, request):
    own = pages["own"]
    client.force_login(request.getfixturevalue(role_user))
    data = {f"c{own.pk}-decision": "nominated", f"c{own.pk}-proposed_tier": "key"}
    assert client.post(decide_url(own), data).status_code == 403
    own.refresh_from_db()
    assert own.tier == "standard"
    assert not Nomination.objects.exists()


# --- ratings -----------------------------------------------------------------------------


def test_kam_rates_own_account(client, kam_user, pages):
    own = pages["own"]
    client.force_login(kam_user)
    page = html(client.get(reverse("portfolio:ratings", args=[own.pk])))
    assert 'name="innovation_score"' in page
    assert "never" in page
    data = {"innovation_score": "4", "innovation_comment": "Leads in e-drives", "care_score": "2"}
    response = client.post(reverse("portfolio:ratings", args=[own.pk]), data)
    assert response.status_code == 302
    ratings = {r.criterion: (r.score, r.comment, r.rated_by) for r in CriterionRating.objects.filter(account=own)}
    assert ratings == {"innovation": (4, "Leads in e-drives", kam_user), "care": (2, "", kam_user)}
    page = html(client.get(response["Location"]))
    assert "Ratings saved." in page
    assert re.search(r'data-criterion="innovation">.*?<option value="4" selected>', page, re.S)
    assert str(kam_user) in page


def test_rating_errors_save_nothing(client, kam_user, pages):
    own = pages["own"]
    CriterionRatingFactory(account=own, criterion="care", score=3, comment="old")
    client.force_login(kam_user)
    data = {"care_score": "4", "reference_comment": "no score given", "innovation_score": "7"}
    page = html(client.post(reverse("portfolio:ratings", args=[own.pk]), data))
    assert "Give a score with the comment." in page
    assert "Select a valid choice." in page
    assert list(CriterionRating.objects.values_list("criterion", "score", "comment")) == [("care", 3, "old")]


def test_team_member_reads_ratings_but_may_not_save(client, member_user, pages):
    team = pages["team"]
    CriterionRatingFactory(account=team, criterion="reference", score=5, comment="Flagship customer")
    client.force_login(member_user)
    page = html(client.get(reverse("portfolio:ratings", args=[team.pk])))
    assert "Flagship customer" in page
    assert "Read only" in page
    assert 'name="reference_score"' not in page
    response = client.post(reverse("portfolio:ratings", args=[team.pk]), {"reference_score": "1"})
    assert response.status_code == 403
    assert CriterionRating.objects.get().score == 5


def test_ratings_of_an_account_out_of_sight_are_404(client, kam_user, pages):
    client.force_login(kam_user)
    url = reverse("portfolio:ratings", args=[pages["other"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"care_score": "1"}).status_code == 404
    assert not CriterionRating.objects.exists()


# --- card of the 360° page ---------------------------------------------------------------


def test_card_shows_classes_scores_reasons_ratings_and_history(client, head_user, pages):
    own = pages["own"]
    CriterionRatingFactory(account=own, criterion="innovation", score=4, rated_by=head_user)
    TierChange.objects.create(account=own, old_tier="growth", new_tier="standard", source=TierChangeSource.MANUAL)
    NominationFactory(account=own, decision=NominationDecision.DECLINED, comment="Not yet", decided_by=head_user)
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:card", args=[own.pk]), HTTP_HX_REQUEST="true"))
    assert "<html" not in page
    assert 'class="pf-class pf-class-a"' in page
    assert ">AX<" in page
    assert "Key account" in page
    assert "rank 1 of 3" in page
    assert 'data-score="attractiveness">73<' in page  # 72.5 rounded half up
    assert 'data-score="relationship">64<' in page
    assert "revenue growing 18 % over last year" in page
    assert 'Growth account → <span class="fw-semibold">Standard account</span>' in page
    assert "Declined" in page
    assert "Not yet" in page
    assert "4 of 5" in page  # the innovation rating as dots


def test_card_of_an_account_without_entry_and_denied_cases(client, kam_user, head_user, pages):
    fresh = cast(Account, AccountFactory(name="Fresh AG", owner=kam_user))
    client.force_login(kam_user)
    page = html(client.get(reverse("portfolio:card", args=[fresh.pk])))
    assert "Not in the portfolio analysis yet" in page
    assert "<html" in page  # without htmx: a page around the card
    assert client.get(reverse("portfolio:card", args=[pages["other"].pk])).status_code == 404
    assert client.get(reverse("portfolio:card", args=[999999])).status_code == 404


# --- comparison and snapshots ------------------------------------------------------------


def test_compare_defaults_to_last_snapshot_against_current(client, head_user, pages, pages_snapshot):
    client.force_login(head_user)
    page = html(client.get(reverse("portfolio:compare")))
    assert f'<option value="{pages_snapshot.pk}" selected>' in page
    # ABC moves: own B→A, other A→B, team new→C
    rows = re.findall(r'<td class="name-cell"><a href="/accounts/\d+/">([^<]+)</a>', page)
    assert rows == ["Own Alpha AG", "Other Gamma KG", "Team Beta GmbH"]
    abc = section(r'id="abc-moves">(.*?)</table>', page)
    cells = {
        row: re.findall(r"<td[^>]*>(.*?)</td>", section(rf'<th scope="row">{row}</th>(.*?)</tr>', abc)) for row in "AB"
    }
    dot = '<span class="text-body-secondary">·</span>'
    assert cells["A"] == [dot, "1", dot, dot]  # columns A, B, C, gone
    assert cells["B"] == ["1", dot, dot, dot]
    row_new = section(r'<th scope="row">new</th>(.*?)</tr>', abc)
    assert re.findall(r"<td[^>]*>(.*?)</td>", row_new) == [dot, dot, "1", dot]
    assert "Take snapshot" in page


def test_compare_for_a_kam_lists_only_their_accounts(client, kam_user, pages, pages_snapshot):
    client.force_login(kam_user)
    url = reverse("portfolio:compare") + f"?old={pages_snapshot.pk}&new={pages['run'].pk}"
    page = html(client.get(url))
    rows = re.findall(r'<td class="name-cell"><a href="/accounts/\d+/">([^<]+)</a>', page)
    assert rows == ["Own Alpha AG"]
    assert "limited to your accounts" in page
    assert "Take snapshot" not in page
    page = html(client.get(reverse("portfolio:compare") + "?old=999999&new=1"))
    assert "Select a valid choice" in page
    assert "Nothing to compare yet" in page


def test_snapshot_is_taken_by_the_head_only(client, kam_user, head_user, pages):
    year = dt.date.today().year - 1
    client.force_login(kam_user)
    assert client.post(reverse("portfolio:snapshot"), {"year": year}).status_code == 403
    assert not PortfolioRun.objects.filter(kind=RunKind.SNAPSHOT).exists()
    client.force_login(head_user)
    response = client.post(reverse("portfolio:snapshot"), {"year": dt.date.today().year + 1})
    assert response.status_code == 302
    assert not PortfolioRun.objects.filter(kind=RunKind.SNAPSHOT).exists()
    response = client.post(reverse("portfolio:snapshot"), {"year": year})
    snapshot = PortfolioRun.objects.get(kind=RunKind.SNAPSHOT)
    assert (snapshot.label, snapshot.period_start, snapshot.computed_by) == (str(year), dt.date(year, 1, 1), head_user)
    assert response["Location"] == reverse("portfolio:compare") + f"?old={snapshot.pk}&new={pages['run'].pk}"
    assert "Snapshot" in html(client.get(response["Location"]))


# --- settings ----------------------------------------------------------------------------


@pytest.mark.parametrize("role_user", ["head_user", "kam_user", "member_user"])
def test_settings_are_for_admins_only(client, role_user, request):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(reverse("portfolio:settings")).status_code == 403
    assert client.post(reverse("portfolio:settings"), {"abc_a_percent": 70}).status_code == 403
    assert not PortfolioSettings.objects.filter(abc_a_percent=70).exists()


def settings_data(**changes):
    from kam.portfolio.forms import PortfolioSettingsForm

    form = PortfolioSettingsForm(instance=PortfolioSettings())
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return data


def test_admin_changes_settings(client, admin_user):
    client.force_login(admin_user)
    page = html(client.get(reverse("portfolio:settings")))
    assert "A class up to (percent of revenue)" in page
    response = client.post(reverse("portfolio:settings"), settings_data(abc_a_percent=70, weight_care=3))
    assert response.status_code == 302
    settings = PortfolioSettings.objects.get()
    assert (settings.abc_a_percent, settings.weight_care) == (70, 3)


def test_invalid_settings_change_nothing(client, admin_user):
    client.force_login(admin_user)
    data = settings_data(abc_a_percent=96, xyz_x_below="1.5", weight_share_of_wallet=0, weight_coverage=0)
    data.update(weight_recency=0, weight_nps=0)
    page = html(client.post(reverse("portfolio:settings"), data))
    assert "Must be above the A class threshold." in page
    assert "Must be above the X class threshold." in page
    assert "At least one weight of this group must be above 0." in page
    settings = PortfolioSettings.objects.get()
    assert (settings.abc_a_percent, float(settings.xyz_x_below), settings.weight_nps) == (80, 0.5, 1)


def test_accounts_not_touched_by_page_views(client, head_user, pages):
    """Reading the pages never changes an account (a guard against writes in views)."""
    before = list(Account.objects.order_by("pk").values_list("tier", "owner_id"))
    client.force_login(head_user)
    for name in ("portfolio:overview", "portfolio:entries", "portfolio:matrix", "portfolio:candidates"):
        html(client.get(reverse(name)))
    assert list(Account.objects.order_by("pk").values_list("tier", "owner_id")) == before
