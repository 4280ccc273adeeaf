import pytest
from django.urls import reverse

from kam.users.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_login_page_renders_for_anonymous(client):
    response = client.get(reverse("login"))
    page = html(response)
    assert response.status_code == 200
    assert 'name="username"' in page
    assert 'name="password"' in page
    assert reverse("set_language") in page


def test_login_redirects_to_accounts(client, kam_user):
    response = client.post(reverse("login"), {"username": kam_user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:list")


def test_login_with_wrong_password_says_so(client, kam_user):
    response = client.post(reverse("login"), {"username": kam_user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in html(response)
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, kam_user):
    client.force_login(kam_user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("accounts:list")).status_code == 302


def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change(client, kam_user):
    client.force_login(kam_user)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Tr1cky-new-pass", "new_password2": "Tr1cky-new-pass"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert "Your password was changed." in html(client.get(reverse("password_change_done")))
    kam_user.refresh_from_db()
    assert kam_user.check_password("Tr1cky-new-pass")


def test_password_change_shows_errors_inline(client, kam_user):
    client.force_login(kam_user)
    response = client.post(
        reverse("password_change"), {"old_password": "wrong", "new_password1": "a", "new_password2": "b"}
    )
    page = html(response)
    assert response.status_code == 200
    assert "is-invalid" in page
    assert "Your old password was entered incorrectly." in page


def test_navigation_depends_on_role(client, kam_user, admin_user):
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:list")))
    assert reverse("orders:list") in page
    assert reverse("imports:upload") not in page
    assert reverse("admin:index") not in page
    assert reverse("password_change") in page
    client.force_login(admin_user)
    page = html(client.get(reverse("accounts:list")))
    assert reverse("imports:upload") in page
    assert reverse("admin:index") in page


def test_language_switch_renders_german(client, kam_user):
    client.force_login(kam_user)
    response = client.post(reverse("set_language"), {"language": "de", "next": reverse("accounts:list")})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:list")
    page = html(client.get(reverse("accounts:list")))
    assert '<html lang="de">' in page
    assert 'value="de" class="btn btn-light active"' in page


def test_pages_carry_no_inline_scripts_or_styles(client, kam_user):
    client.force_login(kam_user)
    page = html(client.get(reverse("accounts:list")))
    assert "<script>" not in page
    assert "style=" not in page
    assert " onclick=" not in page
    assert "htmx-2.min" in page
    assert "cdn" not in page.lower()
    assert "Content-Security-Policy" in client.get(reverse("accounts:list")).headers
