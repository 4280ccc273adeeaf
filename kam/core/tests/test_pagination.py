import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kam.accounts.models import Account
from kam.accounts.tests.factories import AccountFactory
from kam.core.pagination import paginate, paginate_without_count, stable_order

pytestmark = pytest.mark.django_db


def test_paginate_counts_and_clamps(rf: RequestFactory):
    AccountFactory.create_batch(7)
    page = paginate(rf.get("/", {"page": "99"}), Account.objects.all(), per_page=3)
    assert page.number == 3
    assert len(page.object_list) == 1
    assert page.paginator.count == 7


def test_paginate_without_count_reads_one_row_more(rf: RequestFactory):
    AccountFactory.create_batch(7)
    with CaptureQueriesContext(connection) as ctx:
        page = paginate_without_count(rf.get("/", {"page": "2"}), Account.objects.all(), per_page=3)
    assert len(ctx.captured_queries) == 1
    assert "COUNT(" not in ctx.captured_queries[0]["sql"].upper()
    assert [a.pk for a in page.object_list] == list(
        Account.objects.order_by("name", "id").values_list("pk", flat=True)
    )[3:6]
    assert page.has_next
    assert page.has_previous
    assert (page.start_index(), page.end_index()) == (4, 6)
    last = paginate_without_count(rf.get("/", {"page": "3"}), Account.objects.all(), per_page=3)
    assert len(last) == 1
    assert not last.has_next


@pytest.mark.parametrize("raw", ["0", "-3", "abc", ""])
def test_paginate_without_count_bad_page_is_first_page(rf: RequestFactory, raw):
    AccountFactory.create_batch(2)
    page = paginate_without_count(rf.get("/", {"page": raw}), Account.objects.all(), per_page=1)
    assert page.number == 1


def test_stable_order_adds_primary_key():
    assert list(stable_order(Account.objects.order_by("-tier")).query.order_by) == ["-tier", "pk"]
    assert list(stable_order(Account.objects.all()).query.order_by) == ["name", "id"]
