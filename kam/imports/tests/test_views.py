"""Web import: upload, preview (errors or what would change), confirm; administrators only."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kam.accounts.models import Account
from kam.accounts.tests.factories import AccountFactory
from kam.imports.choices import ImportStatus
from kam.imports.models import ImportRun
from kam.users.choices import Role
from kam.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("imports:upload")
GOOD = b"external_id,name,tier\nC1,Acme,key\nC2,Beta,growth\n"
BAD = b"external_id,name,tier,owner_username\nC1,Acme,premium,\nC2,,key,ghost\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, content=GOOD, name="accounts.csv", entity="accounts"):
    return client.post(UPLOAD, {"entity": entity, "file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("imports:upload", "get", []),
        ("imports:preview", "get", [uuid.uuid4()]),
        ("imports:confirm", "post", [uuid.uuid4()]),
    ],
)
def test_anonymous_is_sent_to_login(client, name, method, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("fixture", ["head_user", "kam_user", "member_user"])
def test_non_admins_get_403(client, request, admin_user, fixture):
    client.force_login(admin_user)
    run = ImportRun.objects.get(pk=upload(client)["Location"].split("/")[-2])
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client).status_code == 403
    assert client.get(reverse("imports:preview", args=[run.pk])).status_code == 403
    assert client.post(reverse("imports:confirm", args=[run.pk])).status_code == 403
    assert not Account.objects.exists()


def test_superuser_may_import(client):
    client.force_login(UserFactory(role=Role.TEAM_MEMBER, is_superuser=True))
    assert client.get(UPLOAD).status_code == 200


def test_upload_preview_confirm(client, admin_user, media, django_capture_on_commit_callbacks):
    AccountFactory(external_id="C2", name="Old", tier="growth")
    client.force_login(admin_user)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content

    response = upload(client)
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("imports:preview", args=[run.pk])
    assert run.status == ImportStatus.READY
    assert run.uploaded_by == admin_user
    assert run.file.name == f"imports/{run.pk}.csv"
    assert (media / "imports" / f"{run.pk}.csv").read_bytes() == GOOD
    assert Account.objects.count() == 1  # a preview writes nothing

    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-count="created">1<' in html
    assert 'data-count="updated">1<' in html
    assert "Acme" in html
    assert reverse("imports:confirm", args=[run.pk]) in html

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("imports:confirm", args=[run.pk]), follow=True)
    assert confirmed.status_code == 200
    assert "Imported: 1 created, 1 changed, 0 unchanged." in confirmed.content.decode()
    assert Account.objects.get(external_id="C1").tier == "key"
    assert Account.objects.get(external_id="C2").name == "Beta"
    run.refresh_from_db()
    assert run.status == ImportStatus.IMPORTED
    assert run.result["created"] == 1
    assert run.imported_at is not None
    assert not (media / "imports" / f"{run.pk}.csv").exists()

    again = client.post(reverse("imports:confirm", args=[run.pk]), follow=True)
    assert "not waiting for confirmation" in again.content.decode()
    assert Account.history.filter(history_user=admin_user).count() == 2


def test_refused_file_lists_every_error(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, BAD)
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.REFUSED
    assert run.report["error_total"] == 3
    assert [(e["row"], e["column"]) for e in run.report["errors"]] == [
        (2, "tier"),
        (3, "name"),
        (3, "owner_username"),
    ]
    html = client.get(response["Location"]).content.decode()
    assert "The file was refused; nothing was written." in html
    assert "premium" in html
    assert "<code>owner_username</code>" in html
    assert "Unknown user" in html
    assert reverse("imports:confirm", args=[run.pk]) not in html
    response = client.post(reverse("imports:confirm", args=[run.pk]))
    assert response.status_code == 302
    assert not Account.objects.exists()


def test_file_level_error_in_preview(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, "external_id,name\nC1,Bäcker\n".encode("latin-1"))
    html = client.get(response["Location"]).content.decode()
    assert "not valid UTF-8" in html
    assert "line 2" in html


def test_confirm_checks_again_and_refuses_if_data_changed(client, admin_user):
    AccountFactory(external_id="P1")
    client.force_login(admin_user)
    upload(client, b"external_id,name,parent_external_id\nC1,Acme,P1\n")
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.READY
    Account.objects.filter(external_id="P1").delete()
    response = client.post(reverse("imports:confirm", args=[run.pk]), follow=True)
    assert "refused when imported" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.REFUSED
    assert run.report["errors"][0]["column"] == "parent_external_id"
    assert not Account.objects.filter(external_id="C1").exists()


def test_run_belongs_to_its_uploader(client, admin_user):
    client.force_login(admin_user)
    upload(client)
    run = ImportRun.objects.get()
    other_admin = UserFactory(role=Role.ADMIN)
    client.force_login(other_admin)
    assert client.get(reverse("imports:preview", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[run.pk])).status_code == 404
    assert run.original_name not in client.get(UPLOAD).content.decode()
    assert not Account.objects.exists()


def test_upload_form_errors(client, admin_user, settings):
    client.force_login(admin_user)
    response = upload(client, name="accounts.pdf")
    assert response.status_code == 400
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    response = upload(client)
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    response = client.post(UPLOAD, {"entity": "users"})
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


def test_order_lines_upload_preview(client, admin_user):
    from kam.products.tests.factories import ProductFactory

    AccountFactory(external_id="A1")
    ProductFactory(sku="P1")
    client.force_login(admin_user)
    content = (
        b"external_id,account_external_id,product_sku,date,quantity,net_revenue,margin\n"
        b"L1,A1,P1,2025-01-02,1,10.00,2.00\nL2,A1,PX,2025-01-02,1,10.00,2.00\n"
    )
    html = client.get(upload(client, content, name="lines.csv", entity="orders")["Location"]).content.decode()
    assert "Unknown product" in html
    assert ImportRun.objects.get().status == ImportStatus.REFUSED


def test_recent_runs_listed(client, admin_user):
    client.force_login(admin_user)
    upload(client, name="first.csv")
    html = client.get(UPLOAD).content.decode()
    assert "first.csv" in html
    assert "Ready to import" in html


def test_admin_lists_import_runs(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    upload(client, name="log.csv")
    response = client.get(reverse("admin:imports_importrun_changelist"))
    assert response.status_code == 200
    assert "log.csv" in response.content.decode()
    assert client.get(reverse("admin:imports_importrun_add")).status_code == 403
