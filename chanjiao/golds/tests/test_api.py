"""REST API of the five golds: the programme with its categories, a nomination's life through
the actions (201/200, 403 with the reason, 409 when decided first, 422 saying what to fix),
the evidence file, the results and their .xlsx export."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from chanjiao.core.testing import api_write, assert_error, bearer, items, make_token
from chanjiao.golds.models import GoldsNomination, GoldsProgramme
from chanjiao.registry.models import Committee


def test_the_secretariat_starts_a_programme_with_its_committees(
    client, body, committee, secretariat_user, contact_user
):
    payload = {
        "body": body.pk, "name": "五金建设", "started_on": "2024-09-01",
        "committees": {"course": committee.pk, "base": committee.pk},
    }  # fmt: skip
    assert_error(api_write(client, "post", "/api/v1/golds-programmes", payload), 401)
    denied = api_write(
        client, "post", "/api/v1/golds-programmes", payload, make_token(contact_user)
    )
    assert_error(denied, 403)
    token = make_token(secretariat_user)
    response = api_write(client, "post", "/api/v1/golds-programmes", payload, token)
    assert response.status_code == 201, response.content
    data = response.json()
    committees = {c["kind"]: c["committee"] for c in data["categories"]}
    assert committees["course"]["id"] == committee.pk and committees["major"] is None
    assert len(committees) == 5
    again = api_write(client, "post", "/api/v1/golds-programmes", payload, token)
    assert_error(again, 422, "body")
    listed = items(client.get("/api/v1/golds-programmes", {"body": body.pk}))
    assert [p["id"] for p in listed] == [data["id"]]
    response = api_write(
        client, "patch", f"/api/v1/golds-programmes/{data['id']}", {"name": "精品钢五金"}, token
    )
    assert response.status_code == 200 and response.json()["name"] == "精品钢五金"


def test_a_committee_of_another_body_is_refused_field_by_field(
    client, body, other_body, secretariat_user
):
    foreign = Committee.objects.create(body=other_body, name="他体委员会")
    payload = {"body": body.pk, "name": "五金", "committees": {"major": foreign.pk}}
    response = api_write(
        client, "post", "/api/v1/golds-programmes", payload, make_token(secretariat_user)
    )
    assert response.status_code == 422, response.content
    assert not GoldsProgramme.objects.exists()


def test_the_secretariat_changes_a_categorys_committee(client, course, body, secretariat_user):
    other = Committee.objects.create(body=body, name="课程委员会")
    url = f"/api/v1/golds-categories/{course.pk}"
    response = api_write(
        client, "patch", url, {"committee": other.pk}, make_token(secretariat_user)
    )
    assert response.status_code == 200, response.content
    assert response.json()["committee"]["id"] == other.pk


def test_a_nomination_from_draft_to_recognised_result(
    client, course, member, contact_user, reviewer, secretariat_user
):
    unit = make_token(contact_user)
    payload = {"category": course.pk, "organization": member.pk, "year": 2025, "name": "轧钢课程"}
    response = api_write(client, "post", "/api/v1/golds-nominations", payload, unit)
    assert response.status_code == 201, response.content
    nid = response.json()["id"]
    assert response.json()["status"] == "draft"
    url = f"/api/v1/golds-nominations/{nid}"

    # Submitting without evidence says what is missing; the file is then uploaded.
    assert_error(api_write(client, "post", f"{url}/submit", None, unit), 422, "evidence")
    upload = SimpleUploadedFile("课程标准.pdf", b"%PDF-1.4 standard")
    response = client.post(f"{url}/evidence", {"file": upload}, headers=bearer(unit))
    assert response.status_code == 200, response.content
    assert response.json()["evidence"] == f"{url}/evidence"
    response = api_write(client, "post", f"{url}/submit", None, unit)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert_error(api_write(client, "patch", url, {"name": "改"}, unit), 422)

    # The unit may not review it; a committee member does, at a level in a year.
    own = api_write(client, "post", f"{url}/recognise", {"level": "body", "year": 2025}, unit)
    assert_error(own, 403)
    assert "本单位" in own.json()["detail"]
    review = make_token(reviewer)
    missing = api_write(client, "post", f"{url}/recognise", {"year": 2025}, review)
    assert_error(missing, 422, "level")
    done = api_write(
        client, "post", f"{url}/recognise", {"level": "provincial", "year": 2025}, review
    )
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["level_label"]) == ("recognised", "省级")
    late = api_write(
        client, "post", f"{url}/return", {"note": "补充"}, make_token(secretariat_user)
    )
    assert late.status_code == 409 and "已认定" in late.json()["detail"]

    # A result of a published body: public, without the review note; its file too.
    public = client.get(url).json()
    assert public["status"] == "recognised" and public["review_note"] is None
    assert client.get(url, headers=bearer(unit)).json()["review_note"] == ""
    served = client.get(f"{url}/evidence")
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == b"%PDF-1.4 standard"
    results = items(client.get("/api/v1/golds-results", {"year": 2025, "kind": "course"}))
    assert [r["id"] for r in results] == [nid]
    assert items(client.get("/api/v1/golds-results", {"year": 2024})) == []
    export = client.get("/api/v1/golds-results/export", {"body": course.programme.body_id})
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["成果名称", "申报单位", "类别", "认定级别", "认定年度"]
    assert rows[1][:5] == ["轧钢课程", member.name, "金课程", "省级", 2025]


def test_drafts_and_submissions_are_hidden_from_outsiders(
    client, draft, submitted, other_contact_user, plain_user
):
    url = f"/api/v1/golds-nominations/{draft.pk}"
    assert_error(client.get(url), 404)
    assert_error(client.get(url, headers=bearer(make_token(other_contact_user))), 404)
    assert items(client.get("/api/v1/golds-nominations")) == []
    assert_error(client.get(f"{url}/evidence"), 404)


def test_a_return_with_its_note_reaches_the_unit(client, submitted, reviewer, contact_user):
    url = f"/api/v1/golds-nominations/{submitted.pk}"
    response = api_write(
        client, "post", f"{url}/return", {"note": "请补充课程标准"}, make_token(reviewer)
    )
    assert response.status_code == 200 and response.json()["status"] == "returned"
    seen = client.get(url, headers=bearer(make_token(contact_user))).json()
    assert seen["review_note"] == "请补充课程标准"
    assert GoldsNomination.objects.get(pk=submitted.pk).decided_by == reviewer


def test_bad_input_is_a_422_never_a_500(client, course, member, contact_user):
    unit = make_token(contact_user)
    for bad in (
        {"category": course.pk, "organization": member.pk, "year": 1800, "name": "课"},
        {"category": 999999, "organization": member.pk, "year": 2025, "name": "课"},
        {"category": course.pk, "organization": member.pk, "year": 2025, "name": "  "},
        {"category": course.pk, "organization": member.pk, "year": 2025, "name": "课", "x": 1},
    ):
        response = api_write(client, "post", "/api/v1/golds-nominations", bad, unit)
        assert response.status_code == 422, (bad, response.content)


def test_each_filter_declaration_matches_its_selector():
    import inspect

    from chanjiao.golds import lists, selectors

    for filters, selector in (
        (lists.NOMINATION_FILTERS, selectors.golds_nomination_list),
        (lists.RESULT_FILTERS, selectors.golds_result_list),
    ):
        assert set(filters.names) <= set(inspect.signature(selector).parameters)
        assert list(filters.schema().model_fields) == filters.names
