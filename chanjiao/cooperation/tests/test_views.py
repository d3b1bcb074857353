"""The agreement and carrier pages."""

import pytest
from django.urls import reverse

from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.core.models import ObjectChange
from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_secretariat_records_an_agreement_that_shows_on_the_body_page(
    client, body, secretariat_user, member_org
):
    company = OrganizationFactory(name="成都数控机床有限公司")
    client.force_login(secretariat_user)

    response = client.post(
        reverse("cooperation:agreement_create"),
        {
            "title": "校企合作协议（订单班）",
            "kind": "order_class",
            "status": "signed",
            "parties": [member_org.pk, company.pk],
            "body": body.pk,
            "signed_on": "2021-04-29",
        },
    )

    assert response.status_code == 302
    agreement = Agreement.objects.get(title="校企合作协议（订单班）")
    assert set(agreement.parties.all()) == {member_org, company}
    assert ObjectChange.objects.get(object_id=agreement.pk, action="create").actor == (
        secretariat_user
    )
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert "校企合作协议（订单班）" in page
    detail = client.get(reverse("cooperation:agreement_detail", args=[agreement.pk]))
    assert "成都数控机床有限公司" in detail.content.decode()
    assert "2021年4月29日" in detail.content.decode()


def test_agreement_form_requires_a_body_the_secretariat_runs(
    client, body, other_body, secretariat_user
):
    client.force_login(secretariat_user)

    response = client.post(
        reverse("cooperation:agreement_create"),
        {"title": "越权协议", "kind": "other", "status": "signed", "body": other_body.pk},
    )
    assert response.status_code == 200
    assert "body" in response.context["form"].errors

    response = client.post(
        reverse("cooperation:agreement_create"),
        {"title": "无归属协议", "kind": "other", "status": "signed"},
    )
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_secretariat_of_another_body_gets_403_on_its_agreement_and_carrier(
    client, body, other_body
):
    agreement = AgreementFactory(body=body)
    carrier = CarrierFactory(body=body)
    outsider = BodyRoleFactory(body=other_body, user=UserFactory(username="outsider")).user
    client.force_login(outsider)

    assert client.get(reverse("cooperation:agreement_edit", args=[agreement.pk])).status_code == 403
    assert client.get(reverse("cooperation:carrier_edit", args=[carrier.pk])).status_code == 403
    # It cannot pull the agreement into its own body either.
    response = client.post(
        reverse("cooperation:agreement_edit", args=[agreement.pk]),
        {"title": "x", "kind": "other", "status": "signed", "body": other_body.pk},
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.body == body


def test_agreement_of_an_unpublished_body_is_hidden_from_visitors(client):
    hidden = BodyFactory(is_published=False)
    agreement = AgreementFactory(body=hidden, title="内部协议")

    assert (
        client.get(reverse("cooperation:agreement_detail", args=[agreement.pk])).status_code == 404
    )
    assert "内部协议" not in client.get(reverse("cooperation:agreement_list")).content.decode()


def test_secretariat_records_a_carrier_from_an_agreement(
    client, body, secretariat_user, member_org
):
    agreement = AgreementFactory(body=body, title="共建产业学院协议")
    client.force_login(secretariat_user)

    response = client.post(
        reverse("cooperation:carrier_create"),
        {
            "name": "智能制造产业学院",
            "kind": "industry_college",
            "owners": [member_org.pk],
            "body": body.pk,
            "agreement": agreement.pk,
        },
    )

    assert response.status_code == 302
    carrier = Carrier.objects.get(name="智能制造产业学院")
    html = client.get(reverse("cooperation:agreement_detail", args=[agreement.pk])).content
    assert "智能制造产业学院" in html.decode()
    history = client.get(reverse("cooperation:carrier_history", args=[carrier.pk])).content
    assert "智能制造产业学院" in history.decode()


def test_carrier_list_searches_by_owner_name(client, body, member_org):
    CarrierFactory(name="实训基地甲", owners=[member_org], body=body)
    CarrierFactory(name="实训基地乙", owners=[OrganizationFactory(name="别的公司")], body=body)

    html = client.get(reverse("cooperation:carrier_list"), {"q": "工贸"}).content.decode()

    assert "实训基地甲" in html and "实训基地乙" not in html


def test_agreement_list_filters_by_body_and_kind(client, body, other_body):
    AgreementFactory(title="甲协议", body=body, kind="order_class")
    AgreementFactory(title="乙协议", body=other_body, kind="order_class")
    AgreementFactory(title="丙协议", body=body, kind="joint_lab")

    html = client.get(
        reverse("cooperation:agreement_list"), {"body": body.pk, "kind": "order_class"}
    ).content.decode()

    assert "甲协议" in html and "乙协议" not in html and "丙协议" not in html


def test_every_cooperation_page_renders_for_an_admin(client, admin_user, body):
    agreement = AgreementFactory(body=body)
    carrier = CarrierFactory(body=body, agreement=agreement)
    client.force_login(admin_user)
    urls = [
        reverse("cooperation:index"),
        reverse("cooperation:agreement_list"),
        reverse("cooperation:agreement_create"),
        reverse("cooperation:agreement_detail", args=[agreement.pk]),
        reverse("cooperation:agreement_edit", args=[agreement.pk]),
        reverse("cooperation:agreement_history", args=[agreement.pk]),
        reverse("cooperation:carrier_list"),
        reverse("cooperation:carrier_create"),
        reverse("cooperation:carrier_detail", args=[carrier.pk]),
        reverse("cooperation:carrier_edit", args=[carrier.pk]),
        reverse("cooperation:carrier_history", args=[carrier.pk]),
    ]
    for url in urls:
        assert client.get(url, follow=True).status_code == 200, url
