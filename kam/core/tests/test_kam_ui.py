from django.template import Context, Template
from django.test import RequestFactory

from kam.core.templatetags.kam_ui import sort_link


def render_sort(query: str, key: str, first: str = "asc") -> str:
    request = RequestFactory().get("/accounts/" + query)
    return sort_link(Context({"request": request}), key, "Label", "name", first)


def test_sort_link_keeps_filters_drops_page_and_toggles():
    html = render_sort("?tier=key&page=3", "city")
    assert 'href="?tier=key&amp;ordering=city"' in html
    assert 'data-sort="none"' in html
    html = render_sort("?tier=key&ordering=city", "city")
    assert "ordering=-city" in html
    assert 'data-sort="ascending"' in html
    html = render_sort("?ordering=-city", "city")
    assert 'href="?ordering=city"' in html
    assert 'data-sort="descending"' in html


def test_sort_link_marks_the_default_and_can_start_descending():
    assert 'data-sort="ascending"' in render_sort("", "name")
    assert 'href="?ordering=-revenue"' in render_sort("", "revenue", first="desc")


def test_sort_link_escapes_the_label():
    request = RequestFactory().get("/")
    html = sort_link(Context({"request": request}), "x", "<b>", "")
    assert "&lt;b&gt;" in html


def test_badges_and_influence():
    template = Template(
        "{% load kam_ui %}{% tier_badge 'key' 'Key account' %}|{% attitude_badge '' '' %}|{% influence_dots 3 %}"
    )
    html = template.render(Context({}))
    assert '<span class="kam-tier kam-tier-key">Key account</span>' in html
    assert "–" in html
    assert '<span class="on">●●●</span>●●' in html


def test_country_options_follow_the_language_and_mark_the_chosen_country():
    from django.utils import translation

    from kam.accounts.filters import AccountFilter
    from kam.core.templatetags.kam_ui import select_options

    with translation.override("en"):
        english = str(select_options(AccountFilter(data={"country": "DE"}).form["country"]))
    with translation.override("de"):
        german = str(select_options(AccountFilter(data={}).form["country"]))
    assert '<option value="DE" selected>Germany</option>' in english
    assert '<option value="DE">Deutschland</option>' in german
    assert english.count("<option") == german.count("<option") > 240
    assert " selected" not in german
