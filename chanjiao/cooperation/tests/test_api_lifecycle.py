"""REST API of milestones, figures, evidence, the agreement acts and documents."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chanjiao.cooperation.models import Agreement, CarrierFigure, CarrierMilestone
from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.core.testing import api_write, assert_error, bearer, check_crud_endpoint, items

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def carrier(body, member_org):
    return CarrierFactory(name="数字工匠产业学院", body=body, owners=[member_org])


def test_milestones_crud(client, admin_token, plain_token, carrier):
    check_crud_endpoint(
        client,
        f"/api/v1/carriers/{carrier.pk}/milestones",
        CarrierMilestone,
        (
            {"kind": "other", "done_on": "2024-05-20", "note": "签订共建协议", "link": ""},
            {"due_on": "2024-05-01", "note": "改", "link": "https://example.cn/a"},
        ),
        admin_token=admin_token,
        denied_token=plain_token,
    )


def test_figures_crud(client, admin_token, plain_token, carrier):
    check_crud_endpoint(
        client,
        f"/api/v1/carriers/{carrier.pk}/figures",
        CarrierFigure,
        (
            {"year": 2024, "students": 120, "courses": 8, "teachers": 10},
            {"students": 130, "teachers": 12},
        ),
        admin_token=admin_token,
        denied_token=plain_token,
    )


def test_milestone_rules_answer_422_and_state_shows_on_the_carrier(
    client, secretariat_token, carrier
):
    path = f"/api/v1/carriers/{carrier.pk}/milestones"
    assert_error(
        api_write(client, "post", path, {"kind": "first_intake", "done_on": "2024-09-01"},
                  secretariat_token),
        422, "headcount",
    )  # fmt: skip
    assert_error(
        api_write(client, "post", path, {"kind": "recognised", "done_on": "2024-09-01"},
                  secretariat_token),
        422, "level",
    )  # fmt: skip
    created = api_write(
        client, "post", path,
        {"kind": "recognised", "done_on": "2024-09-01", "level": "provincial"}, secretariat_token,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    data = client.get(f"/api/v1/carriers/{carrier.pk}").json()
    assert (data["state"], data["state_label"], data["level"]) == (
        "recognised",
        "已认定",
        "provincial",
    )
    listed = client.get("/api/v1/carriers", {"state": "recognised", "level": "provincial"})
    assert [c["id"] for c in items(listed)] == [carrier.pk]
    assert items(client.get("/api/v1/carriers", {"state": "planning"})) == []


def test_figures_refuse_negatives_and_a_second_row_for_a_year(client, secretariat_token, carrier):
    path = f"/api/v1/carriers/{carrier.pk}/figures"
    assert_error(
        api_write(client, "post", path, {"year": 2024, "students": -1}, secretariat_token), 422
    )
    assert_error(
        api_write(
            client, "post", path, {"year": 2025, "equipment_value": 1.005}, secretariat_token
        ),
        422,
        "equipment_value",
    )
    made = api_write(
        client, "post", path, {"year": 2024, "equipment_value": 350.5}, secretariat_token
    )
    assert made.status_code == 201 and made.json()["equipment_value"] == 350.5
    assert_error(api_write(client, "post", path, {"year": 2024}, secretariat_token), 422)


def test_an_owner_units_contact_records_and_uploads_evidence(
    client, contact_token, plain_token, carrier
):
    created = api_write(
        client, "post", f"/api/v1/carriers/{carrier.pk}/milestones",
        {"kind": "base_built", "done_on": "2024-09-01"}, contact_token,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    mid = created.json()["id"]
    upload = f"/api/v1/carriers/{carrier.pk}/evidence/{mid}"
    refused = client.post(
        upload, {"file": SimpleUploadedFile("验收.pdf", b"%PDF")}, headers=bearer(plain_token)
    )
    assert refused.status_code == 403
    response = client.post(
        upload, {"file": SimpleUploadedFile("验收.pdf", b"%PDF-1.4")}, headers=bearer(contact_token)
    )
    assert response.status_code == 200, response.content
    assert response.json()["evidence_name"] == "验收.pdf"
    download = client.get(upload)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    page_url = response.json()["evidence"]
    assert client.get(page_url).status_code == 200


def test_sign_renew_terminate_actions(client, secretariat_token, plain_token, body, member_org):
    draft = AgreementFactory(body=body, status="draft", parties=[member_org])
    assert_error(
        api_write(client, "post", f"/api/v1/agreements/{draft.pk}/sign", {}, plain_token), 403
    )
    signed = api_write(
        client, "post", f"/api/v1/agreements/{draft.pk}/sign", {"signed_on": "2024-05-01"},
        secretariat_token,
    )  # fmt: skip
    assert signed.status_code == 200, signed.content
    assert (signed.json()["status"], signed.json()["signed_on"]) == ("signed", "2024-05-01")
    assert_error(
        api_write(client, "post", f"/api/v1/agreements/{draft.pk}/sign", {}, secretariat_token), 422
    )

    renewed = api_write(
        client, "post", f"/api/v1/agreements/{draft.pk}/renew",
        {"starts_on": "2027-01-01", "ends_on": "2029-12-31"}, secretariat_token,
    )  # fmt: skip
    assert renewed.status_code == 201, renewed.content
    new = renewed.json()
    assert new["renewed_from"] == {"id": draft.pk, "title": draft.title}
    assert [p["id"] for p in new["parties"]] == [member_org.pk]
    old = client.get(f"/api/v1/agreements/{draft.pk}").json()
    assert old["status"] == "renewed" and old["renewal"] == {"id": new["id"], "title": new["title"]}

    path = f"/api/v1/agreements/{new['id']}/terminate"
    assert_error(api_write(client, "post", path, {"reason": ""}, secretariat_token), 422, "reason")
    done = api_write(client, "post", path, {"reason": "企业转产"}, secretariat_token)
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["termination_reason"]) == ("terminated", "企业转产")


def test_documents_upload_list_and_download_only_for_parties_and_secretariat(
    client, secretariat_token, contact_token, plain_token, supervisor_user, body, member_org
):
    from chanjiao.core.testing import make_token

    agreement = AgreementFactory(body=body, parties=[member_org])
    path = f"/api/v1/agreements/{agreement.pk}/documents"
    for n in (1, 2):
        response = client.post(
            path,
            {"file": SimpleUploadedFile(f"v{n}.pdf", f"%PDF-{n}".encode()), "note": f"第{n}稿"},
            headers=bearer(secretariat_token),
        )
        assert response.status_code == 201, response.content
        assert (response.json()["version"], response.json()["current"]) == (n, True)
    refused = client.post(
        path, {"file": SimpleUploadedFile("x.pdf", b"x")}, headers=bearer(contact_token)
    )
    assert refused.status_code == 403
    listed = client.get(path, headers=bearer(contact_token)).json()["items"]  # a party's
    assert [(d["version"], d["current"]) for d in listed] == [(2, True), (1, False)]
    one = client.get(f"{path}/1", headers=bearer(contact_token))
    assert one.status_code == 200 and b"".join(one.streaming_content) == b"%PDF-1"
    current = client.get(listed[0]["file"], headers=bearer(contact_token))
    assert b"".join(current.streaming_content) == b"%PDF-2"
    for token in (None, plain_token, make_token(supervisor_user)):
        headers = bearer(token) if token else {}
        assert client.get(path, headers=headers).status_code == 403
        assert client.get(f"{path}/1", headers=headers).status_code == 403
    data = client.get(f"/api/v1/agreements/{agreement.pk}", headers=bearer(plain_token)).json()
    assert data["documents"] is None
    data = client.get(
        f"/api/v1/agreements/{agreement.pk}", headers=bearer(secretariat_token)
    ).json()
    assert [d["version"] for d in data["documents"]] == [2, 1]
    assert client.get(f"{path}/9", headers=bearer(secretariat_token)).status_code == 404


def test_put_and_patch_on_every_new_resource(client, secretariat_token, carrier):
    m = CarrierMilestone.objects.create(
        carrier=carrier, kind="other", done_on=datetime.date(2024, 1, 1)
    )
    f = CarrierFigure.objects.create(carrier=carrier, year=2024)
    base = f"/api/v1/carriers/{carrier.pk}"
    put = api_write(client, "put", f"{base}/milestones/{m.pk}",
                    {"kind": "base_built", "done_on": "2024-02-01"}, secretariat_token)  # fmt: skip
    assert put.status_code == 200 and put.json()["note"] == "", put.content
    put = api_write(client, "put", f"{base}/figures/{f.pk}", {"year": 2025, "students": 9},
                    secretariat_token)  # fmt: skip
    assert put.status_code == 200 and put.json()["year"] == 2025, put.content
    assert Agreement.objects.count() == 0
