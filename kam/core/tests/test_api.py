import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.http import Http404
from rest_framework.exceptions import NotFound

from kam.accounts.models import Account
from kam.core.api import exception_handler
from kam.orders.tests.factories import OrderLineFactory
from tests.api.support import assert_error, token_client

ACCOUNTS = "/api/v1/accounts/"


def handled(exc):
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_django_validation_error_becomes_field_errors():
    status, data = handled(DjangoValidationError({"name": ["Too short."], "__all__": ["Bad combination."]}))
    assert status == 400
    assert data["errors"] == {"name": ["Too short."], "non_field_errors": ["Bad combination."]}
    assert data["message"] == "name: Too short.; Bad combination."


def test_plain_django_validation_error():
    assert handled(DjangoValidationError("Nope.")) == (
        400,
        {"message": "Nope.", "errors": {"non_field_errors": ["Nope."]}},
    )


@pytest.mark.django_db
def test_protected_error_is_409_naming_what_refers_to_it():
    line = OrderLineFactory.create()
    status, data = handled(ProtectedError("protected", {line}))
    assert status == 409
    assert "Order lines" in data["message"]
    assert data["errors"] == {}


def test_database_errors_are_4xx():
    assert handled(IntegrityError("duplicate key"))[0] == 409
    assert handled(OverflowError("too big"))[0] == 400


def test_not_found_and_http404():
    assert handled(Http404())[0] == 404
    assert handled(NotFound())[1]["errors"] == {}


def test_other_exceptions_are_left_to_django():
    assert exception_handler(RuntimeError("boom"), {}) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b'{"name": ',
        b"not json at all",
        b'{"name": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"name": "\\ud800"}',
        b'{"\\udfff": "x"}',
        b"\xff\xfe",
    ],
)
def test_unparseable_json_is_400(head_user, body):
    response = token_client(head_user).generic("POST", ACCOUNTS, body, content_type="application/json")
    assert_error(response, 400)
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_json_that_is_not_an_object_is_400(head_user):
    body = assert_error(token_client(head_user).post(ACCOUNTS, [{"name": "A"}], format="json"), 400)
    assert "non_field_errors" in body["errors"]


@pytest.mark.django_db
def test_form_data_is_415(head_user):
    response = token_client(head_user).post(ACCOUNTS, {"name": "A"}, format="multipart")
    assert_error(response, 415)


@pytest.mark.django_db
def test_wrong_method_is_405(head_user):
    assert_error(token_client(head_user).put(ACCOUNTS, {"name": "A"}), 405)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        "/api/v1/accounts/",
        "/api/v1/contacts/",
        "/api/v1/products/",
        "/api/v1/product-lines/",
        "/api/v1/order-lines/",
        "/api/v1/users/",
        "/api/v1/users/me/",
    ],
)
def test_the_browsable_api_renders_for_a_signed_in_user(client, head_user, url):
    OrderLineFactory.create()
    client.force_login(head_user)
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_browsable_api_renders_detail_pages(client, head_user):
    line = OrderLineFactory.create()
    client.force_login(head_user)
    for url in [
        f"/api/v1/accounts/{line.account_id}/",
        f"/api/v1/products/{line.product_id}/",
        f"/api/v1/order-lines/{line.pk}/",
        f"/api/v1/users/{head_user.pk}/",
    ]:
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert line.account.name in response.content.decode() or "/accounts/" not in url
