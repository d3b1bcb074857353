"""The chain-alignment view (产业链对接): each industry chain of a body or a region against the
majors its schools offer and the demand posted, gaps flagged; who keeps the chains; the API and
the pages. Figures are checked against counts made by hand here."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chanjiao.core.testing import (
    assert_error,
    bearer,
    check_crud_endpoint,
    items,
    make_token,
)
from chanjiao.registry.tests.factories import BodyFactory, MembershipFactory, OrganizationFactory
from chanjiao.reports import services
from chanjiao.reports.chains import alignment, summary
from chanjiao.reports.models import IndustryChain
from chanjiao.talent.tests.factories import (
    CohortFactory,
    MajorCategoryFactory,
    MajorClassFactory,
    MajorFactory,
    PostingFactory,
)

YEAR = 2026
D = datetime.date


@pytest.fixture
def chains(body, secretariat_user):
    """A body with four chains, two schools and an enterprise, and another body's records.

    - 智能制造: 机器人 (named) and every major of class 4603 (数控 is one); offered by both
      schools; 45 + 30 graduating, 100 + 20 posted → shortage.
    - 汽车: 新能源汽车; offered; 40 graduating, 10 posted → surplus.
    - 航空: a major no school offers, 25 posted → not offered.
    - 文旅: no majors → no majors.
    - 电子商务 is offered but is in no chain → the last row.
    """
    a = OrganizationFactory(name="甲职业技术学院", kind="vocational_college", region_code="510104")
    b = OrganizationFactory(name="乙中等职业学校", kind="secondary_school", region_code="510105")
    firm = OrganizationFactory(name="丙装备公司", kind="enterprise", region_code="510107")
    for org in (a, b, firm):
        MembershipFactory(body=body, organization=org)
    category = MajorCategoryFactory(code="46")
    cnc_class = MajorClassFactory(category=category, code="4603", name="机械设计制造类")
    robot = MajorFactory(name="工业机器人技术", category=category)
    cnc = MajorFactory(name="数控技术", category=category, major_class=cnc_class)
    ev = MajorFactory(name="新能源汽车技术", category=category)
    aero = MajorFactory(name="飞机机电设备维修", category=category)
    shop = MajorFactory(
        name="电子商务", category=MajorCategoryFactory(code="53", name="财经商贸大类")
    )

    CohortFactory(school=a, major=robot, intake_year=2023, graduation_year=YEAR, headcount=45)
    CohortFactory(school=b, major=cnc, intake_year=2023, graduation_year=YEAR, headcount=30)
    # enrolled in the year but graduating later: offered, no supply this year
    CohortFactory(school=b, major=robot, intake_year=2025, graduation_year=2028, headcount=50)
    # graduated before the year: neither offered nor supply
    CohortFactory(school=a, major=ev, intake_year=2020, graduation_year=2023, headcount=99)
    CohortFactory(school=a, major=ev, intake_year=2024, graduation_year=YEAR, headcount=40)
    CohortFactory(school=a, major=shop, intake_year=2024, graduation_year=YEAR, headcount=38)
    PostingFactory(enterprise=firm, major=robot, headcount=100, starts_on=D(YEAR, 3, 1))
    PostingFactory(enterprise=firm, major=cnc, headcount=20, starts_on=D(YEAR, 3, 1))
    PostingFactory(enterprise=firm, major=ev, headcount=10, starts_on=D(YEAR, 5, 1))
    PostingFactory(enterprise=firm, major=aero, headcount=25, starts_on=D(YEAR, 5, 1))
    PostingFactory(enterprise=firm, major=robot, headcount=500, starts_on=D(2020, 5, 1),
                   ends_on=D(2020, 12, 1))  # fmt: skip
    # another body's school and enterprise: left out
    other = BodyFactory()
    stranger = OrganizationFactory(kind="vocational_college", region_code="510104")
    MembershipFactory(body=other, organization=stranger)
    CohortFactory(school=stranger, major=robot, body=other, intake_year=2023, headcount=300)

    def chain(order, name, **m2m):
        return services.industry_chain_create(
            actor=secretariat_user, body=body, name=name, order=order, **m2m
        )

    return {
        "made": chain(1, "智能制造产业链", majors=[robot], major_classes=[cnc_class]),
        "auto": chain(2, "汽车产业链", majors=[ev]),
        "aero": chain(3, "航空产业链", majors=[aero]),
        "tour": chain(4, "文旅产业链"),
        "majors": {"robot": robot, "cnc": cnc, "ev": ev, "aero": aero, "shop": shop},
        "schools": (a, b),
    }


def _rows(body, actor=None):
    return {
        (row.chain.name if row.chain else None): row
        for row in alignment(actor=actor, year=YEAR, body=body)
    }


def test_each_chain_shows_its_majors_offered_supply_demand_and_gap(body, chains):
    rows = _rows(body)
    made = rows["智能制造产业链"]
    assert made.matched == 2  # robot, and cnc through its class
    assert {o.major.name: o.schools for o in made.offered} == {"工业机器人技术": 2, "数控技术": 1}
    assert made.points == 3
    assert (made.supply, made.demand, made.gap) == (45 + 30, 100 + 20, 45)
    assert made.status == "shortage" and made.is_gap

    auto = rows["汽车产业链"]
    assert (auto.supply, auto.demand, auto.status) == (40, 10, "surplus")
    aero = rows["航空产业链"]
    assert (aero.offered, aero.supply, aero.demand, aero.status) == ([], 0, 25, "not_offered")
    assert rows["文旅产业链"].status == "no_majors"

    rest = rows[None]  # offered, matched to no chain
    assert [o.major.name for o in rest.offered] == ["电子商务"]
    assert (rest.supply, rest.demand, rest.status) == (38, 0, "no_demand")
    assert list(rows) == ["智能制造产业链", "汽车产业链", "航空产业链", "文旅产业链", None]
    assert summary(list(rows.values())) == {
        "no_majors": 1,
        "not_offered": 1,
        "shortage": 1,
        "surplus": 1,
        "no_demand": 0,
        "balanced": 0,
    }


def test_a_chain_matched_by_category_takes_every_major_in_it_and_balance_has_a_tolerance(
    body, chains, secretariat_user
):
    made = chains["made"]
    services.industry_chain_update(
        actor=secretariat_user,
        industry_chain=made,
        data={"majors": [], "major_classes": [], "categories": [chains["majors"]["ev"].category]},
    )
    row = _rows(body)["智能制造产业链"]
    # category 46 holds robot, cnc, ev and aero: supply 45+30+40, demand 100+20+10+25
    assert row.matched == 4
    assert (row.supply, row.demand) == (115, 155)
    assert row.status == "shortage"  # 40 apart: more than 20 % of 155
    CohortFactory(
        school=chains["schools"][0], major=chains["majors"]["aero"], intake_year=2023, headcount=10
    )
    row = _rows(body)["智能制造产业链"]
    assert (row.supply, row.demand, row.status) == (125, 155, "balanced")  # 30 ≤ 20 % of 155


def test_a_regions_chains_count_the_schools_and_enterprises_in_it_and_below(db, admin_user, chains):
    robot = chains["majors"]["robot"]
    services.industry_chain_create(
        actor=admin_user, region_code="510100", name="智能制造产业链", majors=[robot]
    )
    rows = alignment(actor=None, year=YEAR, region="510100")
    assert [r.chain.name for r in rows if r.chain] == ["智能制造产业链"]
    made = rows[0]
    # every school in 5101xx, the other body's too: 45 + 300 graduating, 100 posted
    assert made.supply == 45 + 300 and made.demand == 100
    assert {o.major.name: o.schools for o in made.offered} == {"工业机器人技术": 3}
    assert alignment(actor=None, year=YEAR, region="440300") == []


def test_only_a_bodys_secretariat_keeps_its_chains_and_only_admins_a_regions(
    body, secretariat_user, other_secretariat_user, contact_user, supervisor_user, admin_user
):
    for user in (other_secretariat_user, contact_user, supervisor_user, None):
        with pytest.raises(PermissionDenied):
            services.industry_chain_create(actor=user, body=body, name="新能源产业链")
    chain = services.industry_chain_create(actor=secretariat_user, body=body, name="新能源产业链")
    with pytest.raises(PermissionDenied):
        services.industry_chain_delete(actor=other_secretariat_user, industry_chain=chain)
    with pytest.raises(PermissionDenied):
        services.industry_chain_create(actor=secretariat_user, region_code="510100", name="x")
    services.industry_chain_create(actor=admin_user, region_code="510100", name="x")


def test_a_chain_belongs_to_one_body_or_one_region_and_its_name_once(
    body, secretariat_user, admin_user, other_body
):
    with pytest.raises(ValidationError, match="二选一"):
        services.industry_chain_create(
            actor=admin_user, body=body, region_code="510100", name="新能源产业链"
        )
    with pytest.raises(ValidationError, match="二选一"):
        services.industry_chain_create(actor=admin_user, name="新能源产业链")
    with pytest.raises(ValidationError, match="6 位数字"):
        services.industry_chain_create(actor=admin_user, region_code="5101", name="新能源产业链")
    chain = services.industry_chain_create(actor=secretariat_user, body=body, name="新能源产业链")
    with pytest.raises(ValidationError, match="同名"):
        services.industry_chain_create(actor=secretariat_user, body=body, name="新能源产业链")
    with pytest.raises(ValidationError, match="不能更改"):
        services.industry_chain_update(
            actor=admin_user, industry_chain=chain, data={"body": other_body}
        )
    assert IndustryChain.objects.get().body == body


def test_chain_api_life_cycle_with_the_change_log(client, body, admin_user, plain_user):
    check_crud_endpoint(
        client,
        "/api/v1/industry-chains",
        IndustryChain,
        (
            {"name": "智能制造产业链", "body": body.pk, "source": "成都 2021"},
            {"name": "智能装备产业链", "description": "改名"},
        ),
        admin_token=make_token(admin_user),
        denied_token=make_token(plain_user),
    )


def test_alignment_api_gives_the_pages_figures_and_says_what_is_missing(client, body, chains):
    response = client.get("/api/v1/chain-alignment", {"body": body.pk, "year": YEAR})
    data = {(r["chain"] or {}).get("name"): r for r in items(response)}
    made = data["智能制造产业链"]
    assert (made["supply"], made["demand"], made["gap"], made["points"]) == (75, 120, 45, 3)
    assert made["status"] == "shortage" and made["is_gap"]
    assert data[None]["offered"][0]["major"]["name"] == "电子商务"
    assert_error(client.get("/api/v1/chain-alignment", {"year": YEAR}), 422, "region")
    assert_error(client.get("/api/v1/chain-alignment", {"year": YEAR, "region": "51"}), 422)
    hidden = BodyFactory(is_published=False)
    assert_error(client.get("/api/v1/chain-alignment", {"year": YEAR, "body": hidden.pk}), 404)
    listed = items(client.get("/api/v1/industry-chains", {"body": body.pk}))
    assert [c["name"] for c in listed] == [
        "智能制造产业链",
        "汽车产业链",
        "航空产业链",
        "文旅产业链",
    ]
    assert listed[0]["majors"][0]["name"] == "工业机器人技术"


def test_chains_of_an_unpublished_body_stay_hidden(client, admin_user):
    hidden = BodyFactory(is_published=False)
    services.industry_chain_create(actor=admin_user, body=hidden, name="隐藏产业链")
    assert items(client.get("/api/v1/industry-chains")) == []
    token = make_token(admin_user)
    assert len(items(client.get("/api/v1/industry-chains", headers=bearer(token)))) == 1


def test_alignment_page_highlights_the_gaps_and_a_secretariat_keeps_chains_there(
    client, body, chains, secretariat_user, contact_user
):
    url = reverse("chain_alignment")
    page = client.get(url, {"body": body.pk, "year": YEAR})
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('class="cj-gap') == 4  # shortage, surplus, not offered, no majors
    for label in ("供给不足", "供给过剩", "无对口专业点", "未设对应专业", "不对应任何产业链的专业"):
        assert label in text
    assert reverse("chain_edit", args=[chains["made"].pk]) not in text  # a visitor
    assert client.get(url).status_code == 200  # the scope picker

    client.force_login(contact_user)
    assert client.get(reverse("chain_create", args=[body.pk])).status_code == 403

    client.force_login(secretariat_user)
    text = client.get(url, {"body": body.pk, "year": YEAR}).content.decode()
    assert reverse("chain_edit", args=[chains["made"].pk]) in text
    create = reverse("chain_create", args=[body.pk])
    response = client.post(create, {"name": "低空经济产业链", "order": 5})
    assert response.status_code == 302
    chain = IndustryChain.objects.get(name="低空经济产业链")
    assert chain.body == body
    again = client.post(create, {"name": "低空经济产业链", "order": 5})
    assert again.status_code == 200 and "同名" in again.content.decode()

    edit = reverse("chain_edit", args=[chain.pk])
    aero = chains["majors"]["aero"].pk
    response = client.post(edit, {"name": "低空经济产业链", "order": 5, "majors": [aero]})
    assert response.status_code == 302
    assert list(chain.majors.values_list("pk", flat=True)) == [aero]
    history = client.get(reverse("chain_history", args=[chain.pk])).content.decode()
    assert "低空经济产业链" in history
    response = client.post(reverse("chain_delete", args=[chain.pk]))
    assert response.status_code == 302
    assert not IndustryChain.objects.filter(pk=chain.pk).exists()


def test_an_admin_adds_a_regions_chain_on_its_page(client, admin_user, secretariat_user):
    url = reverse("region_chain_create", args=["510100"])
    client.force_login(secretariat_user)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    response = client.post(url, {"name": "电子信息产业链", "order": 1})
    assert response.status_code == 302
    assert IndustryChain.objects.get(name="电子信息产业链").region_code == "510100"
    page = client.get(response.headers["Location"]).content.decode()
    assert "电子信息产业链" in page and "未设对应专业" in page
    assert client.get("/regions/5101/chains/new/").status_code == 404


def test_body_page_links_to_its_chain_alignment(client, body):
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert reverse("chain_alignment") + f"?body={body.pk}" in page


def test_a_refusal_is_read_in_the_readers_language(client, body, plain_user):
    # The refusal messages are module constants: they must be translated when they are read,
    # not once when the module is imported.
    payload = {"body": body.pk, "name": "智能制造产业链"}
    token = make_token(plain_user)
    for language, words in (("en", "kept by its secretariat"), ("zh-hans", "由其秘书处维护")):
        response = client.post(
            "/api/v1/industry-chains",
            payload,
            content_type="application/json",
            headers={**bearer(token), "Accept-Language": language},
        )
        assert words in assert_error(response, 403)["detail"]
