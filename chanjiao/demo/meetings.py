"""The demo's meetings (会议) and resolutions (决议), as the articles state them.

Article 002: the founding conference (成立大会) of 全国汽车装备制造行业产教融合共同体 in 南昌 on
2023-10-31 "审议表决通过了……组织机构、章程和第一届理事会组成名单". The article gives no vote
counts, so the resolutions are recorded as passed from the article (``resolution_record``),
with no figures; nothing synthetic. Idempotent: a meeting with the same title is left as it is.
"""

from __future__ import annotations

import datetime

from chanjiao.governance import services as governance
from chanjiao.governance.models import Meeting

FOUNDING = {
    "body": "全国汽车装备制造行业产教融合共同体",
    "title": "全国汽车装备制造行业产教融合共同体成立大会",
    "date": datetime.date(2023, 10, 31),
    "place": "南昌",
    "source": "江西机电职业技术学院新闻（2023-10-31）",
    "notes": "大会审议表决通过了全国汽车装备制造行业产教融合共同体组织机构、章程和第一届理事会组成名单，"
    "66个单位成为全国汽车装备制造行业产教融合共同体首批成员。",
    "motions": [
        ("charter", "审议全国汽车装备制造行业产教融合共同体组织机构和章程"),
        ("election", "审议第一届理事会组成名单"),
    ],
}


def load_meetings_demo(loader) -> None:
    actor = loader.actor
    body = loader.bodies[FOUNDING["body"]]
    if Meeting.objects.filter(body=body, title=FOUNDING["title"]).exists():
        loader.existing["meetings"] += 1
        return
    meeting = governance.meeting_create(
        actor=actor,
        body=body,
        organ="general_assembly",
        title=FOUNDING["title"],
        date=FOUNDING["date"],
        place=FOUNDING["place"],
    )
    loader.created["meetings"] += 1
    for order, (decision_type, title) in enumerate(FOUNDING["motions"], start=1):
        motion = governance.motion_create(
            actor=actor, meeting=meeting, decision_type=decision_type, title=title, order=order
        )
        governance.resolution_record(
            actor=actor, motion=motion, passed=True, source=FOUNDING["source"], published=True
        )
    governance.meeting_update(
        actor=actor,
        meeting=meeting,
        data={"notes": FOUNDING["notes"], "status": Meeting.Status.CLOSED, "is_published": True},
    )


#: A synthetic application to join (合成数据: the unit, its contact and its text are made up),
#: so the demo secretariat has one to check.
APPLICATION = {
    "body": "成都智能制造职业教育集团",
    "name": "示例智能装备有限公司（合成数据）",
    "kind": "enterprise",
    "region": "成都",
    "description": "合成数据：演示入会申请的办理流程，并非真实单位。",
    "contact_name": "示例联系人（合成数据）",
    "contact_phone": "028-00000000",
}


def load_applications_demo(loader) -> None:
    from chanjiao.governance.models import Application

    body = loader.bodies.get(APPLICATION["body"])
    if body is None or not body.is_published:
        return
    if Application.objects.filter(body=body, name=APPLICATION["name"]).exists():
        loader.existing["applications"] += 1
        return
    fields = {k: v for k, v in APPLICATION.items() if k != "body"}
    governance.application_submit(actor=loader.actor, body=body, **fields)
    loader.created["applications"] += 1
