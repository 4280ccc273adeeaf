"""Template helpers of the web UI: Bootstrap form fields, sortable headers, filter forms."""

from __future__ import annotations

import functools
import html
from typing import Any

from django import forms, template
from django.conf import settings
from django.forms.boundfield import BoundField
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.choices import CallableChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from kam.core.templatetags.kam_format import format_number

register = template.Library()

CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
MULTI_WIDGETS = (forms.SelectMultiple, forms.CheckboxSelectMultiple)


def _widget_class(field: BoundField, extra: str = "") -> str:
    widget = field.field.widget
    if isinstance(widget, CHECK_WIDGETS):
        css = "form-check-input"
    elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return " ".join(c for c in (existing, css, extra) if c)


@register.filter
def bs(field: BoundField, extra: str = "") -> SafeString:
    """``{{ form.name|bs }}``: the widget with Bootstrap classes (and ``is-invalid`` on errors)."""
    attrs: dict[str, Any] = {"class": _widget_class(field, extra)}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    """Whether the field is a single checkbox (rendered label after input)."""
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multi(field: BoundField) -> bool:
    """Whether the field takes several values (a multiple-choice filter)."""
    return isinstance(field.field.widget, MULTI_WIDGETS)


@register.filter
def selected_count(field: BoundField) -> int:
    """How many values a multiple-choice field has chosen."""
    value = field.value()
    if not value:
        return 0
    return len(value) if isinstance(value, (list, tuple)) else 1


@register.filter
def is_selected(field: BoundField, choice: Any) -> bool:
    """Whether ``choice`` is among the chosen values of a multiple-choice field."""
    value = field.value() or []
    values = value if isinstance(value, (list, tuple)) else [value]
    return str(choice) in {str(v) for v in values}


def _copy_query(request: HttpRequest) -> QueryDict:
    """A changeable copy of the query string (``QueryDict.copy`` deep-copies; its values are strings)."""
    params = QueryDict(mutable=True, encoding=request.GET.encoding)
    for key, values in request.GET.lists():
        params.setlist(key, list(values))
    return params


def _query_with(request: HttpRequest, **changes: str | None) -> str:
    params = _copy_query(request)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_link(context: template.Context, key: str, label: str, default: str = "", first: str = "asc") -> SafeString:
    """A column header that sorts by ``key`` (``?ordering=key``) and toggles the direction.

    ``default`` names the ordering in force when none is given, to mark that column;
    ``first="desc"`` sorts a column of amounts largest first on the first click.
    """
    request: HttpRequest = context["request"]
    current = request.GET.get("ordering") or default
    if current == key:
        new, state, arrow = f"-{key}", "ascending", "▲"
    elif current == f"-{key}":
        new, state, arrow = key, "descending", "▼"
    else:
        new, state, arrow = (f"-{key}" if first == "desc" else key), "none", ""
    url = html.escape(_query_with(request, ordering=new, page=None))
    title = html.escape(_("Sort by %(column)s") % {"column": label})
    text = label if isinstance(label, SafeData) else html.escape(str(label))  # what format_html did
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<a href="{url}" hx-get="{url}" class="sort-link" data-sort="{state}" title="{title}">'
        f'{text}<span class="sort-arrow" aria-hidden="true">{arrow}</span></a>'
    )


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The current URL's query string with ``page`` set to ``number`` (all filters kept)."""
    return _query_with(context["request"], page=str(number))


@register.simple_tag(takes_context=True)
def current_query(context: template.Context, drop: str = "page") -> str:
    """The current query string without ``drop`` (for export links carrying the filters)."""
    params = _copy_query(context["request"])
    for key in drop.split(","):
        params.pop(key.strip(), None)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def filter_form(context: template.Context, filterset: Any, fields: str, target: str = "#results") -> SafeString:
    """The filter bar of a list: ``fields`` (space-separated) are shown, other set values kept hidden."""
    from kam.core.filter_bar import filter_bar

    return filter_bar(context["request"], filterset, fields, target)


def _attr(page: Any, name: str) -> Any:
    """A page attribute as a template reads it (Django's ``Page`` has methods, ``NoCountPage`` some fields)."""
    value = getattr(page, name)
    return value() if callable(value) else value


def _page_link(request: HttpRequest, number: int, text: str, rel: str = "") -> str:
    url = html.escape(_query_with(request, page=str(number)))
    rel_attr = f' rel="{rel}"' if rel else ""
    return f'<li class="page-item"><a class="page-link" href="{url}" hx-get="{url}"{rel_attr}>{text}</a></li>'


def _page_numbers(request: HttpRequest, page: Any) -> list[str]:
    items = []
    for n in page_range(page):
        if n == page.number:
            items.append(f'<li class="page-item active" aria-current="page"><span class="page-link">{n}</span></li>')
        elif isinstance(n, int):
            items.append(_page_link(request, n, str(n)))
        else:  # the paginator's ellipsis
            items.append('<li class="page-item disabled"><span class="page-link">…</span></li>')
    if page.paginator is None:
        current = f'<span class="page-link">{page.number}</span>'
        items.append(f'<li class="page-item active" aria-current="page">{current}</li>')
    return items


@register.simple_tag(takes_context=True)
def pagination(context: template.Context, page: Any) -> SafeString:
    """Where the page is in the list and links to the pages around it (all filters kept).

    ``page``: a Django ``Page`` or a ``NoCountPage`` (no total: "Page n · rows a–b").
    Built in Python: a template node per page link added up on every list.
    """
    if not page or not hasattr(page, "has_other_pages") or not _attr(page, "has_other_pages"):
        return mark_safe("")
    request: HttpRequest = context["request"]
    start = html.escape(format_number(_attr(page, "start_index")))
    end = html.escape(format_number(_attr(page, "end_index")))
    if page.paginator is not None:
        where = _("%(start)s–%(end)s of %(total)s") % {
            "start": start,
            "end": end,
            "total": html.escape(format_number(page.paginator.count)),
        }
    else:
        where = _("Page %(number)s · rows %(start)s–%(end)s") % {"number": page.number, "start": start, "end": end}
    # The texts are translated outside the f-strings: makemessages does not look inside them.
    previous_text, next_text, pages_text = html.escape(_("Previous")), html.escape(_("Next")), html.escape(_("Pages"))
    previous, following = f"‹ {previous_text}", f"{next_text} ›"
    items = [
        _page_link(request, _attr(page, "previous_page_number"), previous, "prev")
        if _attr(page, "has_previous")
        else f'<li class="page-item disabled"><span class="page-link">{previous}</span></li>',
        *_page_numbers(request, page),
        _page_link(request, _attr(page, "next_page_number"), following, "next")
        if _attr(page, "has_next")
        else f'<li class="page-item disabled"><span class="page-link">{following}</span></li>',
    ]
    return mark_safe(  # noqa: S308 - every value escaped above, the translated texts are trusted as in templates
        '<nav class="d-flex flex-wrap align-items-center justify-content-between gap-2 mt-3" '
        f'aria-label="{pages_text}"><div class="text-body-secondary small">{where}</div>'
        f'<ul class="pagination pagination-sm mb-0">{"".join(items)}</ul></nav>'
    )


@functools.lru_cache(maxsize=16)
def _role_labels(language: str | None) -> dict[str, str]:
    from kam.users.choices import Role

    return {value: str(label) for value, label in Role.choices}


@register.filter
def role_label(user: Any) -> str:
    """``{{ user|role_label }}``: the user's role in the active language (``get_role_display``, looked up once)."""
    role = getattr(user, "role", "")
    return _role_labels(get_language()).get(role, role)


@register.simple_tag(takes_context=True)
def language_switch(context: template.Context) -> SafeString:
    """The language buttons: a form posting to Django's ``set_language`` (back to this page)."""
    request: HttpRequest = context["request"]
    current = get_language()
    csrf_value = context.get("csrf_token")  # what {% csrf_token %} renders
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{html.escape(str(csrf_value))}">'
        if csrf_value and csrf_value != "NOTPROVIDED"
        else ""
    )
    pressed = ' aria-pressed="true"'
    language_text = html.escape(_("Language"))  # outside the f-string, where makemessages finds it
    buttons = "".join(
        f'<button type="submit" name="language" value="{html.escape(code)}" class="btn '
        f'{"btn-light active" if code == current else "btn-outline-light"}" title="{html.escape(str(name))}" '
        f'lang="{html.escape(code)}"{pressed if code == current else ""}>{html.escape(code.upper())}</button>'
        for code, name in settings.LANGUAGES
    )
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<form method="post" action="{html.escape(reverse("set_language"))}" class="kam-lang btn-group btn-group-sm" '
        f'role="group" aria-label="{language_text}">{csrf}'
        f'<input type="hidden" name="next" value="{html.escape(request.get_full_path())}">{buttons}</form>'
    )


@register.simple_tag
def page_range(page: Any) -> list[Any]:
    """Page numbers around the current one, with ``…`` between far-apart parts."""
    if page.paginator is None:
        return []
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def col(field: BoundField) -> str:
    """The grid column class of a form field (a form sets ``field.col``; default half width)."""
    return str(getattr(field.field, "col", "col-md-6"))


@register.simple_tag
def tier_badge(value: str, label: str) -> SafeString:
    """``{% tier_badge account.tier account.get_tier_display %}``: a coloured tier pill."""
    if not value:
        return mark_safe("")
    return format_html('<span class="kam-tier kam-tier-{}">{}</span>', value, label)


@register.simple_tag
def attitude_badge(value: str, label: str) -> SafeString:
    """A coloured pill for a contact's attitude (supporter … opponent)."""
    if not value:
        return mark_safe('<span class="text-body-secondary">–</span>')
    return format_html('<span class="kam-attitude kam-attitude-{}">{}</span>', value, label)


@register.simple_tag
def influence_dots(value: int | None) -> SafeString:
    """Influence 1–5 as five dots, the first ``value`` of them filled."""
    if not value:
        return mark_safe('<span class="text-body-secondary">–</span>')
    filled = "".join("●" for _ in range(value))
    empty = "".join("●" for _ in range(5 - value))
    title = _("Influence %(value)s of 5") % {"value": value}
    return format_html(
        '<span class="kam-influence" title="{}" aria-label="{}"><span class="on">{}</span>{}</span>',
        title,
        title,
        filled,
        empty,
    )


@register.filter
def lookup_url(field: BoundField) -> str:
    """The search URL of a long select (set by ``use_account_lookup``), or ''."""
    return str(getattr(field.field, "lookup_url", ""))


@register.filter
def is_select(field: BoundField) -> bool:
    """Whether the field renders as a single-choice select."""
    widget = field.field.widget
    return isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple)


@register.filter
def choice_list(field: BoundField) -> list[tuple[Any, Any]]:
    """The field's choices as a list (some filter fields take them from a callable)."""
    return list(field.field.choices)  # type: ignore[attr-defined]


def _chosen(field: BoundField) -> set[str]:
    value = field.value() or []
    values = value if isinstance(value, (list, tuple)) else [value]
    return {str(v) for v in values}


@functools.lru_cache(maxsize=32)
def _country_options(language: str | None) -> tuple[tuple[str, str, str], ...]:
    """All countries as option triples, built once per language (names depend on nothing else)."""
    return tuple((html.escape(code), html.escape(str(name)), code) for code, name in countries)


def _is_country_list(form_field: Any) -> bool:
    """Whether a filter field named ``country`` lists all countries: its choices come from a
    callable (``lambda: list(countries)``) and it offers no "none" choice."""
    choices = getattr(form_field, "choices", None)
    inner = getattr(choices, "choices", choices)
    from_callable = callable(inner) or isinstance(inner, CallableChoiceIterator)
    return from_callable and getattr(form_field, "null_label", None) is None


def _options(field: BoundField) -> list[tuple[str, str, str]] | tuple[tuple[str, str, str], ...]:
    """The field's choices as (escaped value, escaped label, raw value) triples, the empty choice left out.

    ``html.escape`` is what Django's ``escape`` uses; called directly it skips the lazy
    string checks of ``format_html``, which add up over hundreds of options.
    """
    form_field = field.field
    if field.name == "country" and _is_country_list(form_field):
        return _country_options(get_language())
    if isinstance(form_field, forms.ModelChoiceField) and form_field.queryset is not None:
        # Django's ModelChoiceIterator reads with .iterator(), a server-side cursor on
        # PostgreSQL (several round trips); one plain query gives the same options.
        label_fields = getattr(form_field, "label_fields", ())
        if label_fields and form_field.to_field_name is None:
            # The field names the columns its labels are made of: no model instance per option.
            rows = form_field.queryset.values_list("pk", *label_fields)
            choices: Any = [(pk, form_field.label_from_values(*values)) for pk, *values in rows]  # type: ignore[attr-defined]
        else:
            choices = [
                (form_field.prepare_value(obj), form_field.label_from_instance(obj)) for obj in form_field.queryset
            ]
    else:
        choices = form_field.choices  # type: ignore[attr-defined]
    return [(html.escape(str(value)), html.escape(str(label)), str(value)) for value, label in choices if value != ""]


@register.filter
def select_options(field: BoundField) -> SafeString:
    """The ``<option>`` elements of a filter select (the empty choice left out), chosen ones selected.

    Built in one pass in Python: a template loop costs a node render per option, which
    adds up for long lists such as the countries.
    """
    chosen = _chosen(field)
    return mark_safe(  # noqa: S308 - values and labels escaped in _options
        "".join(
            f'<option value="{value}"{" selected" if raw in chosen else ""}>{label}</option>'
            for value, label, raw in _options(field)
        )
    )


@register.filter
def checkbox_options(field: BoundField) -> SafeString:
    """The checkboxes of a multiple-choice filter, chosen ones checked (ids ``<auto_id>_<n>``).

    Built with ``html.escape`` like :func:`select_options` (``format_html`` per checkbox
    checks every argument for laziness and safety).
    """
    chosen = _chosen(field)
    name, auto_id = html.escape(field.html_name), html.escape(field.auto_id or "")
    return mark_safe(  # noqa: S308 - values and labels escaped here
        "".join(
            f'<div class="form-check"><input class="form-check-input" type="checkbox" name="{name}" '
            f'value="{html.escape(str(value))}" id="{auto_id}_{n}"{" checked" if str(value) in chosen else ""}>'
            f'<label class="form-check-label" for="{auto_id}_{n}">{html.escape(str(label))}</label></div>'
            for n, (value, label) in enumerate(field.field.choices, start=1)  # type: ignore[attr-defined]
            if value != ""
        )
    )
