"""Contact pages: list, detail, create/edit/delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kam.accounts.access import can_edit_account, visible_accounts
from kam.accounts.forms import editable_accounts
from kam.accounts.models import Account
from kam.contacts import selectors, services
from kam.contacts.filters import ContactFilter
from kam.contacts.forms import ContactAccountForm, ContactForm
from kam.contacts.models import Contact
from kam.core.history import history_page
from kam.core.pagination import paginate
from kam.core.views import apply_service_errors, offset_param, render_list

LIST_FIELDS = "q buying_role attitude department"


def _account_filter_label(request: HttpRequest) -> Account | None:
    raw = request.GET.get("account", "")
    if not raw.isdigit():
        return None
    return visible_accounts(request.user).filter(pk=int(raw)).only("pk", "name").first()


@login_required
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    """Contacts at the accounts the user may see: search, filters, sorting, 50 per page."""
    filterset = ContactFilter(request.GET, queryset=selectors.contact_list(user=request.user), request=request)
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "filter_fields": LIST_FIELDS,
        "page": page,
        "account_filter": _account_filter_label(request),
        "ordering": request.GET.get("ordering", ""),
        "can_create": editable_accounts(request.user).exists(),
    }
    return render_list(request, "contacts/contact_list.html", "contacts/_contact_results.html", context)


@login_required
@require_GET
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One contact: their data, reporting line and change history."""
    contact = selectors.contact_get(user=request.user, pk=pk)
    history = history_page(
        [(Contact.history.filter(id=contact.pk), lambda r: f"{r.first_name} {r.last_name}".strip())],
        offset=offset_param(request),
        limit=20,
    )
    context = {
        "contact": contact,
        "account": contact.account,
        "direct_reports": list(contact.direct_reports.order_by("last_name", "first_name")),
        "can_edit": can_edit_account(request.user, contact.account),
        "history": history,
    }
    return render(request, "contacts/contact_detail.html", context)


def _account_for_new_contact(request: HttpRequest, raw: str) -> Account:
    """The account named by ``?account=``: 404 when invisible, 403 when read-only."""
    if not raw.isdigit():
        raise Http404("No such account.")
    account = visible_accounts(request.user).filter(pk=int(raw)).first()
    if account is None:
        raise Http404("No such account.")
    if not can_edit_account(request.user, account):
        raise PermissionDenied(_("You may not add contacts to this account."))
    return account


def _choose_account(request: HttpRequest) -> HttpResponse:
    if not editable_accounts(request.user).exists():
        raise PermissionDenied(_("You may not add contacts to any account."))
    form = ContactAccountForm(request.GET or None, user=request.user)  # type: ignore[arg-type]
    return render(request, "contacts/contact_choose_account.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    """A new contact at an account the user may change (``?account=<id>``; else choose one first)."""
    raw = request.GET.get("account", "")
    if not raw:
        if request.method == "POST":
            raise Http404("No account given.")
        return _choose_account(request)
    account = _account_for_new_contact(request, raw)
    form = ContactForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(account=account, **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Contact “%(name)s” added.") % {"name": contact.full_name})
            return redirect("contacts:detail", pk=contact.pk)
    return render(request, "contacts/contact_form.html", {"form": form, "account": account, "contact": None})


def _editable_contact(request: HttpRequest, pk: int) -> Contact:
    contact = selectors.contact_get(user=request.user, pk=pk)
    if not can_edit_account(request.user, contact.account):
        raise PermissionDenied(_("You may not change contacts of this account."))
    return contact


@login_required
@require_http_methods(["GET", "POST"])
def contact_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a contact (who may edit its account)."""
    contact = _editable_contact(request, pk)
    form = ContactForm(request.POST or None, instance=contact, account=contact.account)
    if request.method == "POST" and form.is_valid():
        contact.refresh_from_db()
        try:
            services.contact_update(contact=contact, **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to “%(name)s” saved.") % {"name": contact.full_name})
            return redirect("contacts:detail", pk=contact.pk)
    context: dict[str, Any] = {"form": form, "account": contact.account, "contact": contact}
    return render(request, "contacts/contact_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a contact (who may edit its account); people reporting to them keep no manager."""
    contact = _editable_contact(request, pk)
    account = contact.account
    if request.method == "POST":
        name = contact.full_name
        services.contact_delete(contact=contact)
        messages.success(request, _("Contact “%(name)s” deleted.") % {"name": name})
        return redirect(reverse("accounts:detail", args=[account.pk]) + "#contacts")
    reports = contact.direct_reports.count()
    consequences = []
    if reports:
        consequences.append(
            _("%(count)s people report to this contact; they will have no manager recorded.") % {"count": reports}
        )
    context = {
        "object": contact,
        "list_url": reverse("contacts:list"),
        "list_label": _("Contacts"),
        "cancel_url": reverse("contacts:detail", args=[contact.pk]),
        "warning": _("The contact will be deleted. Its change history is kept."),
        "consequences": consequences,
    }
    return render(request, "core/confirm_delete.html", context)
