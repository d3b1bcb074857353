"""The demo data: facts from three public articles, loaded through the services, idempotently."""

import datetime
import re

import pytest
from django.contrib.auth import authenticate

from chanjiao.accounts.permissions import can_edit_body, can_edit_organization
from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.core.models import ObjectChange
from chanjiao.demo import data
from chanjiao.demo.loader import load_demo
from chanjiao.events.models import AgendaItem, Ceremony, Event, EventOrganization
from chanjiao.registry import models as registry

MODELS = [
    registry.Organization,
    registry.Body,
    registry.DeclaredCount,
    registry.Membership,
    registry.Term,
    registry.Committee,
    registry.Person,
    registry.Position,
    Event,
    EventOrganization,
    AgendaItem,
    Ceremony,
    Agreement,
    Carrier,
    ObjectChange,
]


def model_counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def demo(db):
    return load_demo()


def test_chengdu_group_has_its_chair_founding_conference_and_declared_counts(demo):
    body = registry.Body.objects.get(name="成都智能制造职业教育集团")
    chair = registry.Membership.objects.get(body=body, role="chair", until__isnull=True)
    assert chair.organization.name == "成都工贸职业技术学院"
    assert body.founded_on == datetime.date(2021, 4, 29)
    assert body.approved_by.name == "成都市教育局"
    declared = dict(body.declared_counts.values_list("role", "value"))
    assert declared == {"chair": 1, "vice_chair": 23, "member": 79}
    conference = Event.objects.get(name="成都智能制造职业教育集团成立大会")
    assert conference.kind == "founding_conference"
    assert conference.starts_on == datetime.date(2021, 4, 29)
    assert list(conference.bodies.all()) == [body]
    assert conference.agenda_items.filter(speaker__name="何荣").exists()


def test_jiangxi_college_is_an_initiator_of_the_automotive_community(demo):
    body = registry.Body.objects.get(name="全国汽车装备制造行业产教融合共同体")
    initiators = set(
        body.memberships.filter(role="initiator").values_list("organization__name", flat=True)
    )
    assert initiators == {"江铃汽车集团有限公司", "华东交通大学", "江西机电职业技术学院"}
    assert body.declared_counts.get(role=None).value == 66
    assert body.terms.get(number=1).name == "第一届理事会"


def test_tianjin_forum_produced_agreements_and_industry_colleges(demo):
    forum = Event.objects.get(name__startswith="2024京津冀现代制造业职教集团产教融合论坛")
    signing = forum.ceremonies.get(kind="signing")
    assert signing.agreements.count() == 9
    assert Carrier.objects.filter(kind="industry_college", ceremony__event=forum).count() == 5
    assert (forum.attendance, forum.attendance_approx) == (220, True)


def test_every_list_of_the_data_module_is_loaded(demo):
    assert registry.Organization.objects.count() == len(data.ORGANIZATIONS)
    assert registry.Body.objects.count() == len(data.BODIES)
    assert registry.Membership.objects.count() == len(data.MEMBERSHIPS)
    assert registry.Person.objects.count() == len(data.PEOPLE)
    # Beside the facts, the synthetic records say so in their names (合成数据).
    assert Event.objects.exclude(name__contains="合成数据").count() == len(data.EVENTS)
    assert Agreement.objects.count() == len(data.AGREEMENTS)
    assert Carrier.objects.count() == len(data.CARRIERS)
    assert registry.Committee.objects.exclude(description__contains="合成数据").count() == len(
        data.COMMITTEES
    )
    assert registry.Term.objects.count() == len(data.TERMS)


def test_loading_twice_changes_nothing(demo):
    before = model_counts()
    summary = load_demo()
    assert model_counts() == before
    assert all(v["created"] == 0 for v in summary.values())
    assert summary["organizations"]["existing"] == len(data.ORGANIZATIONS)


def test_every_write_is_in_the_change_log_by_the_demo_admin(demo):
    changes = ObjectChange.objects.filter(action="create")
    assert changes.filter(content_type__model="membership").count() == len(data.MEMBERSHIPS)
    assert set(changes.values_list("actor_name", flat=True)) == {"admin"}


def test_bodies_events_and_organisations_say_which_article_they_come_from(demo):
    for obj in [
        *registry.Body.objects.all(),
        *Event.objects.exclude(name__contains="合成数据"),
        *registry.Organization.objects.all(),
    ]:
        assert "来源：" in obj.description and "公开" in obj.description, obj
    assert "tech.net.cn" in registry.Body.objects.get(name="成都智能制造职业教育集团").description


def test_demo_accounts_can_sign_in_with_their_roles(demo):
    admin = authenticate(username="admin", password="admin")
    chengdu = authenticate(username="chengdu", password="chengdu-demo")
    jxjd = authenticate(username="jxjd", password="jxjd-demo")
    assert admin.is_superuser
    assert can_edit_body(chengdu, registry.Body.objects.get(name="成都智能制造职业教育集团"))
    assert not can_edit_body(
        chengdu, registry.Body.objects.get(name="全国汽车装备制造行业产教融合共同体")
    )
    assert can_edit_organization(
        jxjd, registry.Organization.objects.get(name="江西机电职业技术学院")
    )
    assert not jxjd.is_superuser and not chengdu.is_superuser


def test_an_existing_admin_acts_and_keeps_their_password(admin_user):
    load_demo(actor=admin_user)
    assert set(ObjectChange.objects.values_list("actor_id", flat=True).distinct()) == {
        admin_user.pk
    }
    assert authenticate(username="admin", password="pw-for-tests-123") == admin_user


def test_each_body_gets_a_synthetic_collection_round_with_most_forms_submitted(demo):
    from chanjiao.reports.models import CollectionRound, IndicatorValue

    rounds = CollectionRound.objects.all()
    assert rounds.count() == len(data.BODIES)
    assert IndicatorValue.objects.exists()
    assert not IndicatorValue.objects.filter(is_synthetic=False).exists()
    for round_ in rounds:
        statuses = list(round_.forms.values_list("status", flat=True))
        if statuses:
            assert statuses.count("submitted") >= len(statuses) // 2


def test_the_demo_offers_synthetic_resources_and_an_upcoming_event_open_for_registration(demo):
    from django.utils import timezone

    from chanjiao.events.models import RegistrationSettings
    from chanjiao.sharing.models import Resource

    resources = Resource.objects.filter(owner__name="成都工贸职业技术学院")
    assert resources.count() == 2
    assert all("合成数据" in r.name and "合成数据" in r.description for r in resources)
    settings = RegistrationSettings.objects.select_related("event").get()
    assert "合成数据" in settings.event.name
    assert settings.event.starts_on > timezone.localdate()
    assert settings.closes_at > timezone.now()
    assert (settings.capacity, settings.unit_quota) == (60, 5)


def test_the_fine_steel_community_runs_its_five_golds_programme_with_a_committee_each(demo):
    from chanjiao.golds.models import GoldsNomination, GoldsProgramme

    body = registry.Body.objects.get(name="全国精品钢行业产教融合共同体")
    initiators = set(
        body.memberships.filter(role="initiator").values_list("organization__name", flat=True)
    )
    assert initiators == {"江苏沙钢集团有限公司", "北京科技大学", "莱芜职业技术学院"}
    conference = Event.objects.get(name="首届精品钢行业产教融合发展大会")
    assert (conference.attendance, conference.attendance_approx) == (150, True)
    assert str(conference.starts_on) == "2024-05-22"
    programme = GoldsProgramme.objects.get(body=body)
    categories = programme.categories.select_related("committee")
    assert {c.kind for c in categories} == {"major", "course", "textbook", "teacher", "base"}
    # Each gold has its own working committee; their names are made up and say so.
    assert len({c.committee_id for c in categories}) == 5
    assert all("合成数据" in c.committee.name for c in categories)
    assert all(c.committee.kind == "five_golds" for c in categories)
    nominations = GoldsNomination.objects.filter(category__programme=programme)
    assert all("合成数据" in n.name for n in nominations)
    assert nominations.filter(status="recognised").count() == 1
    assert nominations.filter(status="submitted").count() == 2


def test_every_text_the_demo_puts_on_a_page_is_in_chinese(demo):
    """The data's curator notes for maintainers are English; what a page shows (descriptions,
    notes) must not be: a secretariat read "the signing parties are not named" on its body."""
    url_or_file = re.compile(r"https?://\S+|\S+\.(?:md|html|txt)")
    english = re.compile(r"\b[a-z]{3,}\b")
    texts = {
        model.__name__: model.objects.values_list(field, flat=True)
        for model, field in (
            (registry.Body, "description"),
            (registry.Organization, "description"),
            (registry.Committee, "description"),
            (registry.Membership, "notes"),
            (Event, "description"),
            (Ceremony, "description"),
            (Agreement, "notes"),
            (Carrier, "description"),
        )
    }
    found = {
        name: [t for t in values if english.search(url_or_file.sub("", t))]
        for name, values in texts.items()
    }
    assert all(values for values in texts.values())
    assert found == {name: [] for name in texts}
