"""vCard export of contacts: one contact, or the filtered contact list, through the access rule."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from kam.contacts import selectors
from kam.contacts.filters import ContactFilter
from kam.contacts.models import Contact
from kam.contacts.vcard import Card, format_cards

VCARD_TYPE = "text/vcard; charset=utf-8"
# The UIDs are stable per installation and contact: importing the file again updates the card.
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://kam.invalid/contacts")


def contact_card(contact: Contact) -> Card:
    """The vCard of a contact (account as organisation, function as title, buying-centre role as note)."""
    uid = uuid.uuid5(UID_NAMESPACE, f"{settings.SITE_URL}/{contact.pk}")
    return Card(
        uid=f"urn:uuid:{uid}",
        first_name=contact.first_name,
        last_name=contact.last_name,
        organization=contact.account.name,
        department=contact.get_department_display() if contact.department else "",
        title=contact.function,
        email=contact.email,
        phone=contact.phone,
        note=str(contact.get_buying_role_display()) if contact.buying_role else "",
        url=f"{settings.SITE_URL}{reverse('contacts:detail', args=[contact.pk])}",
        revision=contact.updated_at.astimezone(UTC),
    )


def _chunks(qs: QuerySet[Contact]) -> Iterator[str]:
    for contact in qs.iterator(chunk_size=500):
        yield format_cards([contact_card(contact)])


@login_required
@require_GET
def contact_vcard(request: HttpRequest, pk: int) -> HttpResponse:
    """One contact the user may see as a .vcf file (404 otherwise)."""
    contact = selectors.contact_get(user=request.user, pk=pk)
    response = HttpResponse(format_cards([contact_card(contact)]), content_type=VCARD_TYPE)
    name = slugify(f"{contact.first_name} {contact.last_name}") or "contact"
    response["Content-Disposition"] = f'attachment; filename="{name}.vcf"'
    return response


@login_required
@require_GET
def contact_vcards(request: HttpRequest) -> StreamingHttpResponse:
    """The contacts of the list (same search and filters) as one .vcf file, streamed."""
    filterset = ContactFilter(request.GET, queryset=selectors.contact_list(user=request.user), request=request)
    response = StreamingHttpResponse(
        _chunks(filterset.qs.order_by("last_name", "first_name", "pk")), content_type=VCARD_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="contacts.vcf"'
    return response
