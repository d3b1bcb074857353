"""REST API of cooperation: agreements and carriers."""

import pytest

from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.core.testing import (
    api_write,
    assert_error,
    bearer,
    check_crud_endpoint,
    items,
)
from chanjiao.events.models import Ceremony
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.tests.factories import BodyFactory, OrganizationFactory


@pytest.fixture
def enterprise(db):
    return OrganizationFactory(name="成都数字科技有限公司", kind="enterprise")


def titles(response) -> list[str]:
    return [item.get("title") or item.get("name") for item in items(response)]


def _agreement(body, member_org, enterprise):
    event = EventFactory(bodies=[body])
    create = {
        "title": "智能制造订单班合作协议",
        "kind": "order_class",
        "parties": [member_org.pk, enterprise.pk],
        "body": body.pk,
        "event": event.pk,
        "signed_on": "2024-05-20",
    }
    return create, {"status": "in_force", "ends_on": "2027-05-19"}


def _carrier(body, member_org, enterprise):
    create = {
        "name": "数字工匠产业学院",
        "kind": "industry_college",
        "owners": [member_org.pk, enterprise.pk],
        "body": body.pk,
        "founded_on": "2024-05-20",
        "city": "成都",
    }
    return create, {"owners": [member_org.pk], "kind": "training_base"}


@pytest.mark.parametrize(
    "path, model, payloads",
    [("/api/v1/agreements", Agreement, _agreement), ("/api/v1/carriers", Carrier, _carrier)],
    ids=["agreements", "carriers"],
)
def test_cooperation_resources_crud(
    client, admin_token, plain_token, body, member_org, enterprise, path, model, payloads
):
    check_crud_endpoint(
        client,
        path,
        model,
        payloads(body, member_org, enterprise),
        admin_token=admin_token,
        denied_token=plain_token,
    )


def test_agreement_lists_parties_as_id_and_name(client, body, member_org, enterprise):
    agreement = AgreementFactory(title="共建协议", body=body, parties=[member_org, enterprise])
    data = client.get(f"/api/v1/agreements/{agreement.pk}").json()
    assert sorted(data["parties"], key=lambda p: p["id"]) == sorted(
        [
            {"id": member_org.pk, "name": member_org.name},
            {"id": enterprise.pk, "name": enterprise.name},
        ],
        key=lambda p: p["id"],
    )
    assert data["body"] == {"id": body.pk, "name": body.name}
    assert (data["kind_label"], data["status_label"]) == ("校企合作", "已签约")
    assert data["documents"] is None  # anonymous: not a party, nor the secretariat


def test_agreement_filters(client, body, other_body, member_org, enterprise):
    event = EventFactory(bodies=[body])
    AgreementFactory(
        title="甲协议",
        kind="joint_lab",
        body=body,
        event=event,
        signed_on="2023-03-01",
        parties=[member_org],
    )
    AgreementFactory(
        title="乙协议",
        body=other_body,
        signed_on="2024-03-01",
        status="draft",
        parties=[enterprise],
    )
    assert titles(client.get("/api/v1/agreements", {"kind": "joint_lab"})) == ["甲协议"]
    assert titles(client.get("/api/v1/agreements", {"body": other_body.pk})) == ["乙协议"]
    assert titles(client.get("/api/v1/agreements", {"organization": member_org.pk})) == ["甲协议"]
    assert titles(client.get("/api/v1/agreements", {"event": event.pk})) == ["甲协议"]
    assert titles(client.get("/api/v1/agreements", {"year": 2024})) == ["乙协议"]
    assert titles(client.get("/api/v1/agreements", {"status": "draft"})) == ["乙协议"]
    assert titles(client.get("/api/v1/agreements", {"q": "数字科技"})) == [
        "乙协议"
    ]  # a party's name


def test_carrier_filters(client, body, other_body, member_org):
    CarrierFactory(
        name="甲学院",
        kind="industry_college",
        body=body,
        founded_on="2022-09-01",
        owners=[member_org],
    )
    CarrierFactory(name="乙基地", kind="training_base", body=other_body, founded_on="2024-09-01")
    assert titles(client.get("/api/v1/carriers", {"kind": "training_base"})) == ["乙基地"]
    assert titles(client.get("/api/v1/carriers", {"body": body.pk})) == ["甲学院"]
    assert titles(client.get("/api/v1/carriers", {"organization": member_org.pk})) == ["甲学院"]
    assert titles(client.get("/api/v1/carriers", {"year": 2024})) == ["乙基地"]
    assert titles(client.get("/api/v1/carriers", {"q": member_org.name})) == ["甲学院"]


def test_secretariat_files_agreements_under_its_own_body_only(
    client, secretariat_token, body, other_body, member_org
):
    own = api_write(
        client,
        "post",
        "/api/v1/agreements",
        {"title": "本集团协议", "body": body.pk, "parties": [member_org.pk]},
        secretariat_token,
    )
    assert own.status_code == 201, own.content
    assert_error(
        api_write(
            client,
            "post",
            "/api/v1/agreements",
            {"title": "他人协议", "body": other_body.pk},
            secretariat_token,
        ),
        403,
    )
    assert_error(
        api_write(client, "post", "/api/v1/agreements", {"title": "无归属协议"}, secretariat_token),
        403,
    )
    moved = api_write(
        client,
        "patch",
        f"/api/v1/agreements/{own.json()['id']}",
        {"body": other_body.pk},
        secretariat_token,
    )
    assert_error(moved, 403)


def test_unknown_party_or_event_is_a_field_error(client, admin_token, body):
    assert_error(
        api_write(
            client, "post", "/api/v1/agreements", {"title": "x", "parties": [999999]}, admin_token
        ),
        422,
        "parties",
    )
    assert_error(
        api_write(
            client, "post", "/api/v1/agreements", {"title": "x", "event": 999999}, admin_token
        ),
        422,
        "event",
    )
    assert_error(
        api_write(
            client, "post", "/api/v1/carriers", {"name": "x", "agreement": 999999}, admin_token
        ),
        422,
        "agreement",
    )
    assert_error(
        api_write(client, "post", "/api/v1/carriers", {"name": "x", "owners": [1, 0]}, admin_token),
        422,
        "owners",
    )


def test_ceremony_of_another_event_is_a_field_error(client, admin_token, body):
    event, other_event = EventFactory(bodies=[body]), EventFactory(bodies=[body])
    ceremony = Ceremony.objects.create(event=other_event, kind="signing", name="签约")
    response = api_write(
        client,
        "post",
        "/api/v1/agreements",
        {"title": "x", "body": body.pk, "event": event.pk, "ceremony": ceremony.pk},
        admin_token,
    )
    assert_error(response, 422, "ceremony")


def test_agreements_and_carriers_of_an_unpublished_body_are_hidden(client, admin_token):
    hidden = BodyFactory(is_published=False)
    agreement = AgreementFactory(body=hidden)
    carrier = CarrierFactory(body=hidden)
    assert items(client.get("/api/v1/agreements")) == []
    assert items(client.get("/api/v1/carriers")) == []
    assert_error(client.get(f"/api/v1/agreements/{agreement.pk}"), 404)
    assert_error(client.get(f"/api/v1/carriers/{carrier.pk}"), 404)
    assert (
        client.get(f"/api/v1/carriers/{carrier.pk}", headers=bearer(admin_token)).status_code == 200
    )


def test_carrier_shows_its_agreement(client, body):
    agreement = AgreementFactory(title="共建实训基地协议", body=body)
    carrier = CarrierFactory(body=body, agreement=agreement)
    assert client.get(f"/api/v1/carriers/{carrier.pk}").json()["agreement"] == {
        "id": agreement.pk,
        "title": "共建实训基地协议",
    }
