"""Registry selectors: what each actor may see."""

import pytest

from chanjiao.registry import selectors
from chanjiao.registry.tests.factories import BodyFactory, MembershipFactory, PositionFactory


@pytest.mark.django_db
def test_people_filtered_by_an_unpublished_body_are_hidden_from_anonymous_visitors():
    hidden = BodyFactory(is_published=False)
    position = PositionFactory()
    MembershipFactory(body=hidden, organization=position.organization)
    assert not selectors.person_list(actor=None, body=hidden.pk).exists()


@pytest.mark.django_db
def test_people_filtered_by_a_published_body_are_listed():
    body = BodyFactory()
    position = PositionFactory()
    MembershipFactory(body=body, organization=position.organization)
    assert list(selectors.person_list(actor=None, body=body.pk)) == [position.person]


@pytest.mark.django_db
def test_unpublished_body_is_seen_by_its_secretariat_and_admins_only(
    secretariat_user, body, admin_user, plain_user
):
    body.is_published = False
    body.save()
    assert body in selectors.body_list(actor=secretariat_user)
    assert body in selectors.body_list(actor=admin_user)
    assert body not in selectors.body_list(actor=plain_user)
    assert body not in selectors.body_list(actor=None)


@pytest.mark.django_db
def test_member_summary_compares_registered_with_declared_counts(body):
    body.declared_counts.create(role="vice_chair", label="副理事长单位", value=23)
    MembershipFactory(body=body, role="vice_chair")
    MembershipFactory(body=body, role="member", until="2024-01-01", since="2023-01-01")
    summary = {s.role: s for s in selectors.body_member_summary(actor=None, body=body)}
    assert (summary["vice_chair"].registered, summary["vice_chair"].declared) == (1, 23)
    assert summary["vice_chair"].missing == 22
    assert "member" not in summary  # a unit that left is not a current member


@pytest.mark.django_db
def test_organization_search_matches_aliases_and_every_word():
    from chanjiao.registry.tests.factories import OrganizationFactory

    org = OrganizationFactory(name="江铃汽车集团有限公司", aliases="江铃集团")
    OrganizationFactory(name="江西同铃汽车科技有限公司")
    assert list(selectors.organization_list(actor=None, q="江铃集团")) == [org]
    assert list(selectors.organization_list(actor=None, q="江铃 汽车")) == [org]
