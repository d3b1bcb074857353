"""Synthetic shared resources and an event open for registration, for trying the demo (合成数据).

No article says what its units offer each other to book, or announces an upcoming event, so
both are made up and say so in their names and descriptions: two resources of 成都工贸职业技术学院
in 成都智能制造职业教育集团 (the training base and training centre the article names are real; that
they can be booked, their hours and places are not), and an upcoming exchange meeting of
全国汽车装备制造行业产教融合共同体 with registration open, dated from the day the demo is loaded.
Idempotent: a resource or event with the same name is left as it is.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from chanjiao.events import services as event_services
from chanjiao.events.models import Event
from chanjiao.events.services_registration import registration_settings_set
from chanjiao.sharing import services as sharing_services
from chanjiao.sharing.models import Resource

SYNTHETIC = "合成数据：演示用，开放时间、容量和预约规则为演示设定，并非该单位公布的信息。"

WEEKDAYS_9_TO_17 = [{"weekday": day, "opens": "09:00", "closes": "17:00"} for day in range(1, 6)]

RESOURCES = [
    {
        "name": "智能制造生产性实训基地（合成数据）",
        "kind": "training_base",
        "owner": "成都工贸职业技术学院",
        "body": "成都智能制造职业教育集团",
        "location": "成都工贸职业技术学院",
        "capacity_mode": Resource.CapacityMode.EXCLUSIVE,
        "capacity": 1,
        "opening_hours": WEEKDAYS_9_TO_17,
        "approval_required": True,
    },
    {
        "name": "智能焊接培训中心实训工位（合成数据）",
        "kind": "equipment",
        "owner": "成都工贸职业技术学院",
        "body": "成都智能制造职业教育集团",
        "location": "成都工贸职业技术学院智能焊接培训中心",
        "capacity_mode": Resource.CapacityMode.COUNTED,
        "capacity": 20,
        "opening_hours": WEEKDAYS_9_TO_17,
        "approval_required": False,
    },
]

#: An upcoming meeting, ``days_ahead`` of the day the demo is loaded.
EVENT = {
    "name": "全国汽车装备制造行业产教融合共同体成员单位工作交流会（合成数据）",
    "body": "全国汽车装备制造行业产教融合共同体",
    "kind": Event.Kind.CONFERENCE,
    "city": "南昌",
    "days_ahead": 30,
    "capacity": 60,
    "unit_quota": 5,
    "description": "合成数据：演示报名、候补、电子票和签到的流程；该会议并非真实活动。",
}


def load_sharing_demo(loader) -> None:
    """The two synthetic resources and the synthetic event open for registration."""
    actor = loader.actor
    for spec in RESOURCES:
        spec = dict(spec)
        owner = loader.orgs[spec.pop("owner")]
        body = loader.bodies[spec.pop("body")]
        loader.get_or_create(
            "shared resources",
            Resource.objects.filter(name=spec["name"], owner=owner).first(),
            lambda spec=spec, owner=owner, body=body: sharing_services.resource_create(
                actor=actor, owner=owner, body=body, description=SYNTHETIC, **spec
            ),
        )
    body = loader.bodies[EVENT["body"]]
    existing = Event.objects.filter(name=EVENT["name"]).first()
    if existing is not None:
        loader.existing["events"] += 1
        return
    starts_on = timezone.localdate() + datetime.timedelta(days=EVENT["days_ahead"])
    event = event_services.event_create(
        actor=actor,
        name=EVENT["name"],
        bodies=[body],
        kind=EVENT["kind"],
        starts_on=starts_on,
        city=EVENT["city"],
        description=EVENT["description"],
    )
    loader.created["events"] += 1
    registration_settings_set(
        actor=actor,
        event=event,
        closes_at=timezone.make_aware(
            datetime.datetime.combine(starts_on - datetime.timedelta(days=3), datetime.time(18))
        ),
        capacity=EVENT["capacity"],
        unit_quota=EVENT["unit_quota"],
        asked_fields=["phone"],
    )
