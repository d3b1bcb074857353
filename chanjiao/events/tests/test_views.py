"""The event pages: what an event page shows and who may record events."""

import datetime

import pytest
from django.urls import reverse

from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.core.models import ObjectChange
from chanjiao.events.models import AgendaItem, Ceremony, Event, EventOrganization
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.models import Organization
from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def founding(body, member_org):
    """The founding conference: roles, a keynote with the speaker's title, a signing ceremony."""
    event = EventFactory(
        name="成都智能制造职业教育集团成立大会",
        kind="founding_conference",
        starts_on=datetime.date(2021, 4, 29),
        city="成都",
        attendance=220,
        attendance_approx=True,
        bodies=[body],
    )
    bureau = OrganizationFactory(name="成都市教育局", kind="government")
    EventOrganization.objects.create(event=event, organization=bureau, role="guide")
    EventOrganization.objects.create(event=event, organization=member_org, role="host")
    AgendaItem.objects.create(
        event=event,
        order=1,
        kind="keynote",
        title="智能制造人才培养的实践",
        speaker=PersonFactory(name="李明"),
        speaker_title="副院长",
        speaker_organization=member_org,
    )
    ceremony = Ceremony.objects.create(event=event, kind="signing", name="校企合作签约仪式")
    ceremony.recipients.set([member_org])
    AgreementFactory(
        title="校企共建智能制造产业学院协议", ceremony=ceremony, event=event, body=body
    )
    CarrierFactory(name="智能制造产业学院", ceremony=ceremony, body=body)
    return event


def test_event_page_groups_roles_and_shows_agenda_and_what_ceremonies_produced(client, founding):
    html = client.get(reverse("events:event_detail", args=[founding.pk])).content.decode()

    assert "指导单位" in html and "成都市教育局" in html
    assert "承办单位" in html and "成都工贸职业技术学院" in html
    assert html.index("指导单位") < html.index("承办单位")
    assert "主旨报告" in html and "李明" in html and "副院长" in html
    assert "智能制造人才培养的实践" in html
    assert "校企合作签约仪式" in html
    assert "校企共建智能制造产业学院协议" in html
    assert "智能制造产业学院" in html
    assert "220 余人" in html
    assert "2021年4月29日" in html
    assert "guide" not in html.replace("cj-role-guide", "")  # no raw choice values


def test_body_page_lists_its_events_newest_first(client, body, founding):
    EventFactory(name="2023年年会", starts_on=datetime.date(2023, 12, 1), bodies=[body])

    html = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()

    assert html.index("2023年年会") < html.index("成都智能制造职业教育集团成立大会")


def test_anonymous_visitor_gets_404_for_an_unpublished_event(client, body):
    event = EventFactory(is_published=False, bodies=[body])

    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 404


def test_event_list_filters_by_year_and_searches_by_name(client, body, founding):
    EventFactory(name="年度工作会议", starts_on=datetime.date(2024, 3, 1), bodies=[body])

    by_year = client.get(reverse("events:event_list"), {"year": "2024"}).content.decode()
    assert "年度工作会议" in by_year and founding.name not in by_year

    by_name = client.get(reverse("events:event_list"), {"q": "成立大会"}).content.decode()
    assert founding.name in by_name and "年度工作会议" not in by_name

    by_body = client.get(reverse("events:event_list"), {"body": body.pk}).content.decode()
    assert founding.name in by_body


def test_secretariat_records_an_event_of_its_body(client, body, secretariat_user):
    client.force_login(secretariat_user)

    response = client.post(
        reverse("events:event_create"),
        {
            "name": "产教融合论坛",
            "kind": "forum",
            "bodies": [body.pk],
            "starts_on": "2024-06-01",
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    event = Event.objects.get(name="产教融合论坛")
    assert list(event.bodies.all()) == [body]
    assert ObjectChange.objects.get(object_id=event.pk, action="create").actor == secretariat_user


def test_event_form_offers_only_the_bodies_the_user_runs(
    client, body, other_body, secretariat_user
):
    client.force_login(secretariat_user)

    page = client.get(reverse("events:event_create")).content.decode()
    assert body.name in page and other_body.name not in page

    response = client.post(
        reverse("events:event_create"),
        {"name": "冒名活动", "kind": "forum", "bodies": [other_body.pk]},
    )
    assert response.status_code == 200
    assert "bodies" in response.context["form"].errors
    assert not Event.objects.filter(name="冒名活动").exists()


def test_event_end_before_start_is_a_form_error(client, body, secretariat_user):
    client.force_login(secretariat_user)

    response = client.post(
        reverse("events:event_create"),
        {
            "name": "日期颠倒的会议",
            "kind": "forum",
            "bodies": [body.pk],
            "starts_on": "2024-06-02",
            "ends_on": "2024-06-01",
        },
    )

    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Event.objects.exists()


def test_secretariat_of_another_body_gets_403_on_the_event(client, founding, other_body):
    outsider = BodyRoleFactory(body=other_body, user=UserFactory(username="outsider")).user
    client.force_login(outsider)

    for name in ("events:event_edit", "events:participation_add", "events:agenda_add"):
        assert client.get(reverse(name, args=[founding.pk])).status_code == 403, name
    assert (
        client.post(reverse("events:event_edit", args=[founding.pk]), {"name": "x"}).status_code
        == 403
    )


def test_plain_user_cannot_record_events(client, plain_user):
    client.force_login(plain_user)

    assert client.get(reverse("events:event_create")).status_code == 403


def test_secretariat_adds_roles_agenda_and_ceremony(client, body, secretariat_user, member_org):
    event = EventFactory(bodies=[body])
    speaker = PersonFactory(name="张院长")
    client.force_login(secretariat_user)

    client.post(
        reverse("events:participation_add", args=[event.pk]),
        {"role": "co_organizer", "new_name": "四川省模具行业协会", "new_kind": "association"},
    )
    client.post(
        reverse("events:agenda_add", args=[event.pk]),
        {"order": "1", "kind": "speech", "speaker": speaker.pk, "speaker_title": "院长"},
    )
    client.post(
        reverse("events:ceremony_add", args=[event.pk]),
        {"kind": "plaque_awarding", "name": "副理事长单位授牌", "recipients": [member_org.pk]},
    )

    association = Organization.objects.get(name="四川省模具行业协会")
    assert event.participations.get().organization == association
    html = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert "协办单位" in html and "四川省模具行业协会" in html
    assert "张院长" in html and "院长" in html
    assert "副理事长单位授牌" in html
    history = client.get(reverse("events:event_history", args=[event.pk])).content.decode()
    assert "副理事长单位授牌" in history


def test_secretariat_removes_a_role_after_confirming(client, founding, secretariat_user):
    participation = founding.participations.first()
    client.force_login(secretariat_user)
    url = reverse("events:participation_remove", args=[founding.pk, participation.pk])

    assert client.get(url).status_code == 200
    client.post(url)

    assert not EventOrganization.objects.filter(pk=participation.pk).exists()


def test_every_event_page_renders_for_an_admin(client, admin_user, founding):
    client.force_login(admin_user)
    item = founding.agenda_items.first()
    ceremony = founding.ceremonies.first()
    urls = [
        reverse("events:event_list"),
        reverse("events:event_create"),
        reverse("events:event_detail", args=[founding.pk]),
        reverse("events:event_edit", args=[founding.pk]),
        reverse("events:event_history", args=[founding.pk]),
        reverse("events:participation_add", args=[founding.pk]),
        reverse("events:agenda_add", args=[founding.pk]),
        reverse("events:ceremony_add", args=[founding.pk]),
        reverse("events:agenda_remove", args=[founding.pk, item.pk]),
        reverse("events:ceremony_remove", args=[founding.pk, ceremony.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_event_held_with_an_unpublished_body_does_not_reveal_it(client, founding):
    hidden = BodyFactory(name="内部联合体", is_published=False)
    founding.bodies.add(hidden)

    html = client.get(reverse("events:event_detail", args=[founding.pk])).content.decode()

    assert "内部联合体" not in html


def test_event_list_does_not_name_an_unpublished_co_holding_body(client, founding):
    founding.bodies.add(BodyFactory(name="内部联合体", is_published=False))

    html = client.get(reverse("events:event_list")).content.decode()

    assert founding.name in html
    assert "内部联合体" not in html
