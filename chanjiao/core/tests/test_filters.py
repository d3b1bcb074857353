"""One filter declaration per list: the selector, the API and the page's filter bar agree."""

import datetime
import inspect

import pytest
from django.urls import reverse

from chanjiao.cooperation import lists as cooperation_lists
from chanjiao.cooperation import selectors as cooperation_selectors
from chanjiao.core.filters import FilterSet
from chanjiao.events import lists as events_lists
from chanjiao.events import selectors as events_selectors
from chanjiao.registry import lists as registry_lists
from chanjiao.registry import selectors as registry_selectors
from chanjiao.registry.models import Body
from chanjiao.registry.tests.factories import (
    BodyFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
)
from chanjiao.talent import lists as talent_lists
from chanjiao.talent import selectors as talent_selectors

#: Each declaration beside the selector its keywords are passed to.
DECLARATIONS = [
    (registry_lists.BODY_FILTERS, registry_selectors.body_list),
    (registry_lists.ORGANIZATION_FILTERS, registry_selectors.organization_list),
    (registry_lists.PERSON_FILTERS, registry_selectors.person_list),
    (events_lists.EVENT_FILTERS, events_selectors.event_list),
    (cooperation_lists.AGREEMENT_FILTERS, cooperation_selectors.agreement_list),
    (cooperation_lists.CARRIER_FILTERS, cooperation_selectors.carrier_list),
    (talent_lists.COHORT_FILTERS, talent_selectors.cohort_list),
    (talent_lists.POSTING_FILTERS, talent_selectors.posting_list),
    (talent_lists.RUN_FILTERS, talent_selectors.match_run_list),
    (talent_lists.PLACEMENT_FILTERS, talent_selectors.placement_list),
]


@pytest.mark.parametrize(
    ("filters", "selector"), DECLARATIONS, ids=lambda x: getattr(x, "name", "")
)
def test_every_declared_filter_is_a_keyword_of_its_selector(filters: FilterSet, selector):
    parameters = inspect.signature(selector).parameters
    assert set(filters.names) <= set(parameters), set(filters.names) - set(parameters)


@pytest.mark.parametrize(
    ("filters", "selector"), DECLARATIONS, ids=lambda x: getattr(x, "name", "")
)
def test_the_api_query_schema_has_exactly_the_declared_filters(filters: FilterSet, selector):
    assert list(filters.schema().model_fields) == filters.names


def test_the_filter_bar_offers_every_api_filter_given_its_rows(db):
    for filters, _selector in DECLARATIONS:
        ids = {f.name: Body.objects.all() for f in filters.filters if f.kind == "id"}
        form = filters.form({}, choices=ids)
        assert set(form.fields) == set(filters.names)


def test_bodies_page_filters_by_status_and_year_as_the_api_does(client, db):
    BodyFactory(name="筹建中的联合体", status="preparing", founded_on=datetime.date(2024, 5, 1))
    BodyFactory(name="运行中的联合体", status="active", founded_on=datetime.date(2021, 3, 1))
    page = client.get(reverse("registry:body_list"), {"status": "preparing"}).content.decode()
    assert "筹建中的联合体" in page and "运行中的联合体" not in page
    page = client.get(reverse("registry:body_list"), {"year": "2021"}).content.decode()
    assert "运行中的联合体" in page and "筹建中的联合体" not in page
    api = client.get("/api/v1/bodies", {"year": "2021"}).json()
    assert [b["name"] for b in api["items"]] == ["运行中的联合体"]


def test_people_page_filters_by_unit_and_body(client, db):
    school = OrganizationFactory(name="甲职业学院")
    other = OrganizationFactory(name="乙科技有限公司")
    PositionFactory(person=PersonFactory(name="张三"), organization=school)
    PositionFactory(person=PersonFactory(name="李四"), organization=other)
    page = client.get(reverse("registry:person_list"), {"organization": school.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert "张三" in text and "李四" not in text
    # An unknown unit is a form error, not a crash, and filters nothing out.
    assert client.get(reverse("registry:person_list"), {"organization": 10**9}).status_code == 200


def test_a_value_that_fails_its_filter_is_left_out_and_the_others_still_filter(db):
    form = registry_lists.BODY_FILTERS.form({"q": "职教", "year": "abc", "status": "active"})
    assert form.filters() == {"q": "职教", "status": "active"}
    assert "year" in form.errors  # the filter bar says what is wrong with it
    assert registry_lists.BODY_FILTERS.form(None).filters() == {}


# --- one search for every list ---------------------------------------------------------------


def test_a_search_finds_a_name_however_its_brackets_and_digits_are_typed(client, admin_user):
    """Unit names are stored with full-width brackets (成都示范（集团）有限公司): a search typed
    with half-width ones, or with full-width digits, found nothing."""
    org = OrganizationFactory(name="成都示范(集团)有限公司")  # stored 成都示范（集团）有限公司
    PositionFactory(person=PersonFactory(name="李明"), organization=org, title="2025届(兼)主任")
    search = registry_selectors.organization_list
    for typed in ("成都示范(集团)", "成都示范（集团）", "示范 (集团)", "成都示范（集团)有限"):
        assert list(search(actor=admin_user, q=typed)) == [org], typed
    people = registry_selectors.person_list
    assert [p.name for p in people(actor=admin_user, q="２０２５届（兼）")] == ["李明"]


def test_every_search_box_looks_for_each_word_apart(client, admin_user, body):
    """The member page of a body, the news queue and the history searched for the whole text
    typed, so 成都 学院 (two words) found nothing there, unlike on the other lists."""
    from chanjiao.core.history_filters import filter_history
    from chanjiao.core.models import ObjectChange
    from chanjiao.ingest.models import Article
    from chanjiao.ingest.selectors import article_list
    from chanjiao.registry.tests.factories import MembershipFactory

    org = OrganizationFactory(name="成都工贸职业技术学院")
    MembershipFactory(body=body, organization=org)
    client.force_login(admin_user)
    page = client.get(reverse("registry:member_list", args=[body.pk]), {"q": "成都 学院"})
    assert org.name in page.content.decode()

    Article.objects.create(
        title="成都智能制造职业教育集团成立大会召开", input="text", created_by=admin_user
    )
    assert article_list(actor=admin_user, q="成都 大会").count() == 1

    ObjectChange.objects.all().delete()
    from chanjiao.core.changelog import update_object

    update_object(org, actor=admin_user, data={"region": "成都市"})
    assert filter_history(ObjectChange.objects.all(), q="工贸 学院").count() == 1
