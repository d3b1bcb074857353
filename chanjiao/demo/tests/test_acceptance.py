"""The issue's acceptance checks, on the demo data, through the API and the body page."""

import pytest
from django.urls import reverse

from chanjiao.demo.loader import load_demo
from chanjiao.registry.models import Body


@pytest.fixture
def demo(db):
    return load_demo()


def test_api_search_finds_jiangxi_college_and_its_initiator_membership(demo, client):
    found = client.get("/api/v1/organizations", {"q": "江西机电"}).json()
    names = [o["name"] for o in found["items"]]
    assert "江西机电职业技术学院" in names
    org_id = next(o["id"] for o in found["items"] if o["name"] == "江西机电职业技术学院")
    memberships = client.get(f"/api/v1/organizations/{org_id}/memberships").json()
    rows = memberships["items"] if isinstance(memberships, dict) else memberships
    assert any(
        m["body"]["name"] == "全国汽车装备制造行业产教融合共同体" and m["role"] == "initiator"
        for m in rows
    )


def test_chengdu_body_page_shows_chair_founding_conference_and_declared_counts(demo, client):
    body = Body.objects.get(name="成都智能制造职业教育集团")
    html = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert "成都工贸职业技术学院" in html
    assert "成都智能制造职业教育集团成立大会" in html
    assert "2021年4月29日" in html
    # The stat cards: registered / declared, per role.
    assert '<span class="cj-stat-unit">/ 23</span>' in html  # 副理事长单位
    assert '<span class="cj-stat-unit">/ 79</span>' in html  # 成员单位
    # The declared counts name their role only when the label does not already say it.
    assert "(副理事长单位)" not in html and "(成员单位)" not in html
