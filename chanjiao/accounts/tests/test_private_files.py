"""Uploaded files are served only through views that check the reader, under random names."""

from __future__ import annotations

import importlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import URLPattern, URLResolver
from django.views.static import serve

from chanjiao.cooperation.tests.factories import AgreementFactory
from chanjiao.registry import excel
from chanjiao.registry.models import Charter
from chanjiao.registry.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

MEMBER_LIST = "联系人张三 13800001111".encode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def import_job(body, secretariat_user):
    return excel.import_job_create(
        actor=secretariat_user,
        body=body,
        file=SimpleUploadedFile("成员名单.xlsx", MEMBER_LIST),
        name="成员名单.xlsx",
    )


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_no_url_serves_media_root_even_in_debug():
    """Before: ``static(settings.MEDIA_URL, …)`` served every upload to anyone under DEBUG."""
    import config.urls

    def serves_media(patterns) -> bool:
        for p in patterns:
            if isinstance(p, URLResolver) and serves_media(p.url_patterns):
                return True
            if isinstance(p, URLPattern) and p.callback is serve:
                return True
        return False

    try:
        with override_settings(DEBUG=True):
            assert not serves_media(importlib.reload(config.urls).urlpatterns)
    finally:
        importlib.reload(config.urls)


def test_an_uploaded_member_list_is_stored_under_a_name_nobody_can_guess(import_job, body):
    assert re.fullmatch(r"imports/[0-9a-f]{32}\.xlsx", import_job.file.name), import_job.file.name
    assert import_job.original_name == "成员名单.xlsx"


@pytest.mark.parametrize(
    "actor",
    [
        None,
        "plain_user",
        "contact_user",
        "other_contact_user",
        "other_secretariat_user",
        "supervisor_user",
    ],
)
def test_an_uploaded_member_list_is_refused_to_anyone_but_its_secretariat(
    request, client, import_job, actor
):
    if actor:
        client.force_login(request.getfixturevalue(actor))
    response = client.get(f"/imports/{import_job.pk}/file/")
    assert response.status_code == 404


@pytest.mark.parametrize("actor", ["secretariat_user", "admin_user"])
def test_the_bodys_secretariat_downloads_its_uploaded_member_list(
    request, client, import_job, actor
):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(f"/imports/{import_job.pk}/file/")
    assert response.status_code == 200
    assert _content(response) == MEMBER_LIST
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_talent_import_file_is_refused_to_another_bodys_secretariat(
    client, body, secretariat_user, other_secretariat_user
):
    from chanjiao.talent import excel as talent_excel

    job = talent_excel.talent_import_create(
        actor=secretariat_user,
        body=body,
        kind="cohorts",
        file=SimpleUploadedFile("培养规模.xlsx", b"PK cohorts"),
        name="培养规模.xlsx",
    )
    assert re.fullmatch(r"imports/talent/[0-9a-f]{32}\.xlsx", job.file.name), job.file.name
    assert client.get(f"/talent/imports/{job.pk}/file/").status_code == 404
    client.force_login(other_secretariat_user)
    assert client.get(f"/talent/imports/{job.pk}/file/").status_code == 404
    client.force_login(secretariat_user)
    response = client.get(f"/talent/imports/{job.pk}/file/")
    assert response.status_code == 200 and _content(response) == b"PK cohorts"


def test_an_agreement_document_is_served_to_the_parties_the_secretariat_and_admins(
    client, secretariat_user, other_secretariat_user, contact_user, member_org, body
):
    hidden = BodyFactory(name="未公开集团", is_published=False)
    public = AgreementFactory(
        body=body,
        parties=[member_org],
        document=SimpleUploadedFile("协议.html", b"<script>alert(1)</script>"),
    )
    private = AgreementFactory(body=hidden, document=SimpleUploadedFile("协议.pdf", b"%PDF"))
    assert re.fullmatch(r"agreements/[0-9a-f]{32}\.html", public.current_document.file.name)

    url = f"/cooperation/agreements/{public.pk}/document/"
    # whoever reads the agreement but is not a party, its secretariat or an admin: refused
    assert client.get(f"/api/v1/agreements/{public.pk}").json()["documents"] is None
    assert client.get(url).status_code == 403
    client.force_login(other_secretariat_user)
    assert client.get(url).status_code == 403
    client.force_login(contact_user)  # a party's contact
    api = client.get(f"/api/v1/agreements/{public.pk}").json()
    assert api["documents"][0]["file"] == f"/api/v1/agreements/{public.pk}/documents/1"
    for address in (url, api["documents"][0]["file"]):
        response = client.get(address)
        assert response.status_code == 200
        # An uploaded page never renders in the site's origin.
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(secretariat_user)
    assert client.get(url).status_code == 200

    client.logout()
    assert client.get(f"/cooperation/agreements/{private.pk}/document/").status_code == 404
    # another body's secretariat does not read it either
    client.force_login(secretariat_user)
    assert client.get(f"/cooperation/agreements/{private.pk}/document/").status_code == 404


def test_a_charter_file_follows_its_body(client, body, plain_user):
    hidden = BodyFactory(name="未公开集团", is_published=False)
    shown = Charter.objects.create(
        body=body, version="2024", file=SimpleUploadedFile("章程.pdf", b"%PDF charter")
    )
    unseen = Charter.objects.create(
        body=hidden, version="2024", file=SimpleUploadedFile("章程.pdf", b"%PDF charter")
    )
    assert re.fullmatch(r"charters/[0-9a-f]{32}\.pdf", shown.file.name)
    response = client.get(f"/charters/{shown.pk}/file/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert client.get(f"/charters/{unseen.pk}/file/").status_code == 404
    page = client.get(f"/bodies/{body.pk}/").content.decode()
    assert f"/charters/{shown.pk}/file/" in page and "/media/" not in page
