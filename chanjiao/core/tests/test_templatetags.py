"""Template filters used on several pages."""

import pytest

from chanjiao.core.templatetags.cj import title_at
from chanjiao.registry.tests.factories import OrganizationFactory


@pytest.mark.django_db
def test_title_at_drops_a_leading_organisation_name_or_alias():
    org = OrganizationFactory(name="中国机械工业联合会", aliases="机械联")
    assert title_at("中国机械工业联合会教育培训部主任", org) == "教育培训部主任"
    assert title_at("机械联副会长", org) == "副会长"


@pytest.mark.django_db
def test_title_at_keeps_titles_that_do_not_start_with_the_organisation():
    org = OrganizationFactory(name="天津市教育委员会", aliases="市教委")
    assert (
        title_at("天津市委教育工委委员、市教委副主任", org) == "天津市委教育工委委员、市教委副主任"
    )
    assert title_at("校长", None) == "校长"
    assert title_at("中国机械工业联合会", OrganizationFactory(name="中国机械工业联合会")) == (
        "中国机械工业联合会"
    )
