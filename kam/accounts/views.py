"""Account pages: list, 360° view, create/edit/delete, team, history."""

from __future__ import annotations

import datetime
import typing

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError, Q, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kam.accounts import list_reads, selectors, services
from kam.accounts.access import can_create_account, can_edit_account, visible_accounts
from kam.accounts.account_page import account_360_context, account_history_page
from kam.accounts.account_rows import ROW_VALUES, account_rows
from kam.accounts.filters import AccountFilter
from kam.accounts.forms import AccountForm, TeamMemberForm, editable_accounts
from kam.accounts.models import Account, AccountTeamMember
from kam.core.filter_bar import filter_bar
from kam.core.pagination import paginate
from kam.core.views import apply_service_errors, is_partial, offset_param, render_list
from kam.users.models import User

LIST_FIELDS = "q tier owner industry country"
LATEST_HISTORY = 10  # entries the 360° page's history section shows before "Show more"
REVENUE_ORDERINGS = {"revenue_last_year", "revenue_this_year"}


@login_required
@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    """All accounts the user may see: search, filters, sorting, 50 per page.

    Without parameters (but ``page``) the count, the page and the filter bar are read by
    ``list_reads`` (hand-written statements, the bar rendered once per language and owners);
    a filtered or sorted list goes through the filter set.
    """
    year = datetime.date.today().year
    if list_reads.unfiltered(request):
        page = list_reads.visible_page(request, year)

        def bar() -> SafeString:
            return list_reads.unfiltered_filter_bar(request, LIST_FIELDS)
    else:
        by_revenue = request.GET.get("ordering", "").lstrip("-") in REVENUE_ORDERINGS
        accounts = selectors.account_list(user=request.user, sorted_by_revenue=by_revenue)
        filterset = AccountFilter(request.GET, queryset=accounts, request=request)
        page = paginate(request, filterset.qs.values(*ROW_VALUES))

        def bar() -> SafeString:
            return filter_bar(request, filterset, LIST_FIELDS)

    context = {
        "filter_bar": bar,  # a callable: the template calls it, the htmx fragment does not
        "page": page,
        "rows": account_rows(page.object_list),
        "year": year,
        "can_create": can_create_account(request.user),
        "ordering": request.GET.get("ordering", ""),
    }
    return render_list(request, "accounts/account_list.html", "accounts/_account_results.html", context)


def _form_page(request: HttpRequest, form: AccountForm, account: Account | None) -> HttpResponse:
    return render(request, "accounts/account_form.html", {"form": form, "account": account})


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    """A new account (head of KAM and administrators)."""
    if not can_create_account(request.user):
        raise PermissionDenied(_("You may not create accounts."))
    form = AccountForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            account = services.account_create(**data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Account “%(name)s” created.") % {"name": account.name})
            return redirect("accounts:detail", pk=account.pk)
    return _form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def account_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an account's master data (who may edit it)."""
    account = selectors.account_get(user=request.user, pk=pk)
    if not can_edit_account(request.user, account):
        raise PermissionDenied(_("You may not change this account."))
    form = AccountForm(request.POST or None, instance=account, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        account.refresh_from_db()
        try:
            services.account_update(account=account, changed_by=typing.cast("User", request.user), **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to “%(name)s” saved.") % {"name": account.name})
            return redirect("accounts:detail", pk=account.pk)
    return _form_page(request, form, account)


def _delete_blockers(account: Account) -> str:
    reasons = []
    if account.order_lines.exists():
        reasons.append(_("it has order lines (its revenue history)"))
    if account.subsidiaries.exists():
        reasons.append(_("it is the parent of other accounts"))
    if not reasons:
        return ""
    return _("“%(name)s” cannot be deleted because %(reasons)s. Move or remove those first.") % {
        "name": account.name,
        "reasons": _(" and ").join(reasons),
    }


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an account (head of KAM and administrators); protected accounts say why not."""
    account = selectors.account_get(user=request.user, pk=pk)
    if not can_create_account(request.user):
        raise PermissionDenied(_("You may not delete accounts."))
    detail_url = reverse("accounts:detail", args=[account.pk])
    if request.method == "POST":
        name = account.name
        try:
            services.account_delete(account=account)
        except (ProtectedError, RestrictedError):
            messages.error(request, _delete_blockers(account) or _("“%(name)s” cannot be deleted.") % {"name": name})
            return redirect(detail_url)
        messages.success(request, _("Account “%(name)s” deleted.") % {"name": name})
        return redirect("accounts:list")
    context = {
        "object": account,
        "list_url": reverse("accounts:list"),
        "list_label": _("Accounts"),
        "cancel_url": detail_url,
        "warning": _("The account, its contacts and its team will be deleted. This cannot be undone."),
        "blocked": _delete_blockers(account),
    }
    return render(request, "core/confirm_delete.html", context)


@login_required
@require_GET
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The account 360° page."""
    account = selectors.account_for_page(user=request.user, pk=pk)
    context = account_360_context(request, account)
    return render(request, "accounts/account_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_team_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a user on the account team (who may edit the account).

    GET shows the form: as a fragment when the 360° page loads it on demand with htmx,
    otherwise as a page of its own (without JavaScript).
    """
    account = selectors.account_get(user=request.user, pk=pk)
    if not can_edit_account(request.user, account):
        raise PermissionDenied(_("You may not change this account's team."))
    if request.method == "GET":
        context = {"account": account, "team_form": TeamMemberForm(account=account)}
        template = "accounts/_team_add_form.html" if is_partial(request) else "accounts/account_team_add.html"
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    form = TeamMemberForm(request.POST, account=account)
    if form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services.account_team_member_add(account=account, user=user, department=form.cleaned_data["department"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(user)s is now on the account team.") % {"user": user})
    else:
        errors = [f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()]
        messages.error(request, _("Nobody was added: %(errors)s") % {"errors": "; ".join(errors)})
    return redirect(reverse("accounts:detail", args=[account.pk]) + "#team")


@login_required
@require_POST
def account_team_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Take a user off the account team (who may edit the account)."""
    account = selectors.account_get(user=request.user, pk=pk)
    if not can_edit_account(request.user, account):
        raise PermissionDenied(_("You may not change this account's team."))
    member = get_object_or_404(AccountTeamMember.objects.select_related("user"), pk=member_pk, account=account)
    services.account_team_member_remove(account=account, user=member.user)
    messages.success(request, _("%(user)s was taken off the account team.") % {"user": member.user})
    return redirect(reverse("accounts:detail", args=[account.pk]) + "#team")


@login_required
@require_GET
def account_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Change history of the account and its contacts.

    A page of its own; for htmx, ``?part=latest`` is the 360° page's history section (the
    latest entries, loaded right after the page), otherwise the entries from ``?offset=``
    on ("Show more").
    """
    if not is_partial(request):
        account = selectors.account_get(user=request.user, pk=pk)
        history = account_history_page(account, offset=offset_param(request), limit=20)
        template = "accounts/account_history.html"
    else:  # entries for a page that shows the account already: only its id is needed
        account = selectors.account_for_page(user=request.user, pk=pk, full=False)
        if request.GET.get("part") == "latest":
            history = account_history_page(account, limit=LATEST_HISTORY)
            template = "accounts/_history_section.html"
        else:
            history = account_history_page(account, offset=offset_param(request), limit=20)
            template = "accounts/_history_entries.html"
    response = render(request, template, {"account": account, "history": history})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def account_lookup(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements of accounts matching ``q`` (for search-as-you-type selects).

    ``?editable=1`` offers only accounts the user may change.
    """
    base = editable_accounts(request.user) if request.GET.get("editable") else visible_accounts(request.user)
    query = (request.GET.get("q") or request.GET.get("lookup_q") or "").strip()
    accounts = []
    if query:
        accounts = list(
            base.filter(Q(name__icontains=query) | Q(external_id__iexact=query) | Q(city__icontains=query))
            .order_by("name", "pk")
            .values("pk", "name", "city")[:30]
        )
    return render(request, "accounts/_account_options.html", {"accounts": accounts, "query": query})
