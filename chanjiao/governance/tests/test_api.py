"""A council meeting through the API: the secretariat calls it and records attendance, the
representatives vote from their own tokens (a second vote answers 409), the close records the
resolution and the admitted unit is a member; who reads what."""

from __future__ import annotations

from chanjiao.core.testing import api_write, assert_error, bearer, items, make_token
from chanjiao.governance.models import Resolution
from chanjiao.registry.models import Membership
from chanjiao.registry.tests.factories import OrganizationFactory


def test_a_council_meeting_through_the_api(client, body, council, secretariat_user, plain_user):
    sec = make_token(secretariat_user)
    response = api_write(
        client,
        "post",
        "/api/v1/meetings",
        {"body": body.pk, "organ": "council", "title": "一届三次理事会", "date": "2025-06-18"},
        sec,
    )
    assert response.status_code == 201, response.content
    meeting = response.json()["id"]
    for key in ("chair", "vice", "director1", "director2"):
        status = "absent" if key == "director2" else "present"
        payload = {"organization": council[key][0].pk, "status": status}
        response = api_write(client, "post", f"/api/v1/meetings/{meeting}/attendance", payload, sec)
        assert response.status_code == 200, response.content
    # the plain member holds no council seat
    payload = {"organization": council["member"][0].pk, "status": "present"}
    assert_error(
        api_write(client, "post", f"/api/v1/meetings/{meeting}/attendance", payload, sec),
        422,
        "organization",
    )
    applicant = OrganizationFactory(name="申请加入科技有限公司")
    response = api_write(
        client,
        "post",
        f"/api/v1/meetings/{meeting}/motions",
        {"decision_type": "admission", "title": "关于吸收新成员的议案", "admits": [applicant.pk]},
        sec,
    )
    assert response.status_code == 201, response.content
    motion = response.json()["id"]
    assert api_write(client, "post", f"/api/v1/motions/{motion}/open", token=sec).status_code == 200

    votes = f"/api/v1/motions/{motion}/votes"
    assert_error(api_write(client, "post", votes, {"choice": "yes"}, sec), 403)  # not for others
    for key, choice in (("chair", "yes"), ("vice", "yes"), ("director1", "no")):
        token = make_token(council[key][1])
        response = api_write(client, "post", votes, {"choice": choice}, token)
        assert response.status_code == 201, response.content
    again = api_write(client, "post", votes, {"choice": "no"}, make_token(council["chair"][1]))
    assert_error(again, 409)
    tally = client.get(f"/api/v1/motions/{motion}", headers=bearer(sec)).json()["tally"]
    assert (tally["present"], tally["yes"], tally["no"], tally["passed"]) == (3, 2, 1, True)

    response = api_write(client, "post", f"/api/v1/motions/{motion}/close", token=sec)
    assert response.status_code == 200, response.content
    assert response.json()["passed"] and response.json()["figures"]["needed"] == 2
    assert Membership.objects.filter(body=body, organization=applicant).exists()

    # who reads: the body's people, not a stranger; a resolution is public once published
    contact = make_token(council["member"][1])
    assert [m["id"] for m in items(client.get("/api/v1/meetings", headers=bearer(contact)))] == [
        meeting
    ]
    assert items(client.get("/api/v1/meetings", headers=bearer(make_token(plain_user)))) == []
    assert_error(client.get(f"/api/v1/motions/{motion}"), 404)
    assert items(client.get("/api/v1/resolutions")) == []
    Resolution.objects.update(is_published=True)
    assert [r["title"] for r in items(client.get("/api/v1/resolutions"))] == [
        "关于吸收新成员的议案"
    ]


def test_a_rule_is_stated_for_a_body_and_read_by_anyone(client, body, secretariat_user):
    payload = {
        "body": body.pk,
        "decision_type": "ordinary",
        "organ": "council",
        "threshold_numerator": 2,
        "threshold_denominator": 3,
        "strict": False,
        "correspondence": True,
    }
    response = api_write(
        client, "post", "/api/v1/decision-rules", payload, make_token(secretariat_user)
    )
    assert response.status_code == 201, response.content
    assert_error(
        api_write(
            client,
            "post",
            "/api/v1/decision-rules",
            {**payload, "quorum_numerator": 4},
            make_token(secretariat_user),
        ),
        422,
    )
    [rule] = items(client.get("/api/v1/decision-rules", {"body": body.pk}))
    assert (rule["threshold_numerator"], rule["strict"], rule["correspondence"]) == (2, False, True)
    assert rule["organ_label"] == "理事会"
