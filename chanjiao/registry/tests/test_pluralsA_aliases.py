"""A unit's or a body's short name that is also stored as an alias is shown once."""

import pytest
from django.urls import reverse

from chanjiao.registry.tests.factories import BodyFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_other_aliases_leave_out_the_name_and_the_short_name():
    org = OrganizationFactory.build(
        name="成都工贸职业技术学院",
        short_name="成都工贸",
        aliases="成都工贸\n工贸学院\n成都工贸职业技术学院",
    )
    assert org.alias_list == ["成都工贸", "工贸学院", "成都工贸职业技术学院"]  # the data keep all
    assert org.other_aliases == ["工贸学院"]


def test_organisation_list_and_page_show_a_short_name_that_is_also_an_alias_once(client):
    org = OrganizationFactory(
        name="成都工贸职业技术学院", short_name="成都工贸", aliases="成都工贸\n工贸学院"
    )
    listing = client.get(reverse("registry:organization_list")).content.decode()
    assert '<span class="cj-cell-sub">成都工贸、工贸学院</span>' in listing
    page = client.get(reverse("registry:organization_detail", args=[org.pk])).content.decode()
    assert page.count("成都工贸<") + page.count("成都工贸、") == 1
    assert "<dd>工贸学院</dd>" in page


def test_body_list_and_page_show_a_short_name_that_is_also_an_alias_once(client):
    body = BodyFactory(
        name="成都智能制造职业教育集团", short_name="成智职教", aliases="成智职教\n智造职教集团"
    )
    listing = client.get(reverse("registry:body_list")).content.decode()
    assert '<span class="cj-cell-sub">成智职教、智造职教集团</span>' in listing
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert "<dd>智造职教集团</dd>" in page
    assert "成智职教、" not in page and "、成智职教" not in page
