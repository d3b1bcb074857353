"""Load the demo data (:mod:`chanjiao.demo.data`: facts from four public news reports).

Everything is written through the services, so the demo leaves the same change log a person
would. Loading is idempotent: each record is looked up by its natural key (a name, a body and a
role, an event and an order …) and only what is missing is created, so a second run writes
nothing. Each body, event, organisation, agreement and carrier says in its description which
article it comes from; nothing is invented.

The exceptions are the talent data (:mod:`chanjiao.demo.talent`: cohorts, postings, students)
and the yearly collection's values (:mod:`chanjiao.demo.collection`), which no article gives:
they are generated from a fixed seed after the facts are loaded, and every row of them is
marked synthetic (合成数据) where it shows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import transaction

from chanjiao.accounts.services import account_ensure
from chanjiao.cooperation import services as cooperation_services
from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.events import services as event_services
from chanjiao.events.models import AgendaItem, Ceremony, Event, EventOrganization
from chanjiao.registry import services as registry_services
from chanjiao.registry.models import (
    Body,
    Committee,
    DeclaredCount,
    Membership,
    Organization,
    Person,
    Position,
    Term,
)

from . import data

#: The demo sign-ins: (username, password, what they may do). Created only when the demo is
#: loaded into an empty database, and printed then. Their passwords are deliberately simple
#: and skip the password validators: they are for trying the demo, never for a deployment.
DEMO_ACCOUNTS = [
    ("admin", "admin", "平台管理员"),
    ("chengdu", "chengdu-demo", "成都智能制造职业教育集团 秘书处"),
    ("jxjd", "jxjd-demo", "江西机电职业技术学院 联系人"),
]

DEMO_NOTICE = "演示数据：全部摘自公开新闻报道，未虚构"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def source_label(key: str) -> str:
    """One line naming the article a record comes from."""
    src = next(s for s in data.SOURCES if s["key"] == key)
    parts = [src.get("site") or "", f"《{src['title']}》" if src.get("title") else ""]
    if src.get("published"):
        parts.append(src["published"])
    if src.get("url"):
        parts.append(src["url"])
    text = " ".join(p for p in parts if p)
    if not text:
        text = f"新闻报道（原文无标题、网站和日期；语料 {src.get('corpus_file', key)}）"
    return text


def _describe(text: str, key: str) -> str:
    lines = [text.strip()] if text and text.strip() else []
    lines.append(f"来源：{source_label(key)}。{DEMO_NOTICE}。")
    return "\n\n".join(lines)


# --- accounts -------------------------------------------------------------------------------


def database_is_empty() -> bool:
    """No user, no body and no organisation: a fresh install, where the demo may bring its
    sign-ins. Any of them means someone set the instance up, and the demo adds no account."""
    from django.contrib.auth import get_user_model

    return not (
        get_user_model().objects.exists() or Body.objects.exists() or Organization.objects.exists()
    )


def demo_admin():
    """The demo's platform admin ``admin`` (password ``admin``, demo only), created when
    missing."""
    user, _created = account_ensure(
        actor=None, username="admin", password="admin", admin=True, check_password=False
    )
    return user


def ensure_demo_accounts(*, actor=None) -> list[tuple[str, str, str]]:
    """Create the demo sign-ins that are missing (admin, chengdu, jxjd) and return them.

    Demo only: their passwords skip the validators. Called by :func:`load_demo` on an empty
    database, never at a server's start, so a deleted account stays deleted.
    """
    actor = actor or demo_admin()
    account_ensure(
        actor=actor, username="admin", password="admin", admin=True, check_password=False
    )
    body = Body.objects.filter(name="成都智能制造职业教育集团").first()
    if body is not None:
        account_ensure(
            actor=actor,
            username="chengdu",
            password="chengdu-demo",
            secretariat_of=body,
            check_password=False,
        )
    org = Organization.objects.filter(name="江西机电职业技术学院").first()
    if org is not None:
        account_ensure(
            actor=actor,
            username="jxjd",
            password="jxjd-demo",
            contact_of=org,
            check_password=False,
        )
    return DEMO_ACCOUNTS


# --- loading --------------------------------------------------------------------------------


class _Loader:
    def __init__(self, actor):
        self.actor = actor
        self.created: Counter[str] = Counter()
        self.existing: Counter[str] = Counter()
        self.orgs: dict[str, Organization] = {}
        self.bodies: dict[str, Body] = {}
        self.people: dict[str, Person] = {}
        self.events: dict[str, Event] = {}
        self.ceremony_of_agreement: dict[str, Ceremony] = {}
        self.ceremony_of_carrier: dict[str, Ceremony] = {}
        self.agreements: dict[str, Agreement] = {}

    def get_or_create(self, label: str, existing, create: Callable[[], Any]):
        """``existing`` (a queryset or object or None) or the result of ``create()``."""
        obj = existing.first() if hasattr(existing, "first") else existing
        if obj is not None:
            self.existing[label] += 1
            return obj
        self.created[label] += 1
        return create()

    # registry

    def organizations(self) -> None:
        for o in data.ORGANIZATIONS:
            sources = "；".join(source_label(k) for k in o.get("sources") or [o["source"]])
            # The data's notes are English curator notes: the page shows only the source.
            description = f"来源：{sources}。{DEMO_NOTICE}。"
            self.orgs[o["name"]] = self.get_or_create(
                "organizations",
                Organization.objects.filter(name=o["name"]),
                lambda o=o, description=description: registry_services.organization_create(
                    actor=self.actor,
                    name=o["name"],
                    short_name=o.get("short_name") or "",
                    kind=o["kind"],
                    region=o.get("region") or "",
                    aliases="\n".join(o.get("aliases") or []),
                    description=description,
                ),
            )

    def bodies_(self) -> None:
        for b in data.BODIES:
            note = b.get("note", "")
            if b.get("designations"):
                note = f"称号：{'、'.join(b['designations'])}。{note}"
            body = self.get_or_create(
                "bodies",
                Body.objects.filter(name=b["name"]),
                lambda b=b, note=note: registry_services.body_create(
                    actor=self.actor,
                    name=b["name"],
                    short_name=b.get("short_name") or "",
                    aliases="\n".join(b.get("aliases") or []),
                    kind=b["kind"],
                    level=b["level"],
                    industry=b.get("industry") or "",
                    region=b.get("region") or "",
                    founded_on=_date(b.get("founded_on")),
                    approval_document=b.get("approval_document") or "",
                    approved_by=self.orgs.get(b.get("approved_by") or ""),
                    status=b.get("status") or Body.Status.ACTIVE,
                    description=_describe("", b["source"]),
                ),
            )
            self.bodies[b["name"]] = body
            for c in b.get("declared_counts") or []:
                lookup = {"role": c["role"]} if c["role"] else {"role": None, "label": c["label"]}
                self.get_or_create(
                    "declared_counts",
                    DeclaredCount.objects.filter(body=body, **lookup),
                    lambda c=c, body=body, b=b: registry_services.declared_count_set(
                        actor=self.actor,
                        body=body,
                        role=c["role"],
                        label=c["label"],
                        value=c["value"],
                        as_of=_date(b.get("founded_on")),
                        source=source_label(b["source"])[:300],
                    ),
                )

    def terms(self) -> None:
        for t in data.TERMS:
            body = self.bodies[t["body"]]
            self.get_or_create(
                "terms",
                Term.objects.filter(body=body, number=t["number"]),
                lambda t=t, body=body: registry_services.term_create(
                    actor=self.actor,
                    body=body,
                    number=t["number"],
                    name=t.get("name") or "",
                    starts_on=_date(t.get("starts_on")),
                ),
            )

    def memberships(self) -> None:
        for m in data.MEMBERSHIPS:
            body, org = self.bodies[m["body"]], self.orgs[m["organization"]]
            self.get_or_create(
                "memberships",
                Membership.objects.filter(
                    body=body, organization=org, role=m["role"], until__isnull=True
                ),
                lambda m=m, body=body, org=org: registry_services.membership_create(
                    actor=self.actor,
                    body=body,
                    organization=org,
                    role=m["role"],
                    since=_date(m.get("since")),
                    notes=_describe(m.get("note", ""), m["source"]),
                ),
            )

    def committees(self) -> None:
        for c in data.COMMITTEES:
            body = self.bodies[c["body"]]
            note = c.get("note", "")
            if c.get("positions"):
                note = f"职位：{'、'.join(c['positions'])}。{note}"
            self.get_or_create(
                "committees",
                Committee.objects.filter(body=body, name=c["name"]),
                lambda c=c, body=body, note=note: registry_services.committee_create(
                    actor=self.actor,
                    body=body,
                    name=c["name"],
                    kind=c["kind"],
                    description=_describe(note, c["source"]),
                ),
            )

    def people_(self) -> None:
        for p in data.PEOPLE:
            first_org = self.orgs[p["positions"][0]["organization"]]
            person = self.get_or_create(
                "people",
                Person.objects.filter(name=p["name"], positions__organization=first_org).distinct(),
                lambda p=p: registry_services.person_create(
                    actor=self.actor, name=p["name"], notes=_describe("", p["source"])
                ),
            )
            self.people[p["name"]] = person
            for pos in p["positions"]:
                org = self.orgs[pos["organization"]]
                self.get_or_create(
                    "positions",
                    Position.objects.filter(person=person, organization=org, title=pos["title"]),
                    lambda pos=pos, org=org, person=person, p=p: registry_services.position_create(
                        actor=self.actor,
                        person=person,
                        organization=org,
                        title=pos["title"],
                        since=_date(pos.get("since")),
                        source=source_label(p["source"])[:300],
                    ),
                )

    # events

    def _event_description(self, e: dict) -> str:
        parts = []
        if e.get("invited_counts"):
            parts.append(
                "应邀参会："
                + "、".join(f"{c['label']}{c['value']}个" for c in e["invited_counts"])
                + "。"
            )
        if e.get("attending_bodies"):
            parts.append(f"参会产教融合体：{'、'.join(e['attending_bodies'])}。")
        if e.get("destinations"):
            parts.append(f"考察地点：{'、'.join(e['destinations'])}。")
        for ref, label in (("parent_event", "同期活动"), ("before_event", "会前举行，属于")):
            if e.get(ref):
                other = next(x for x in data.EVENTS if x["key"] == e[ref])
                parts.append(f"{label}：{other['name']}。")
        # e["note"] is an English curator note for maintainers, not page text.
        return _describe("".join(parts), e["source"])

    def events_(self) -> None:
        for e in data.EVENTS:
            src = next(s for s in data.SOURCES if s["key"] == e["source"])
            event = self.get_or_create(
                "events",
                Event.objects.filter(name=e["name"]),
                lambda e=e, src=src: event_services.event_create(
                    actor=self.actor,
                    bodies=[self.bodies[b] for b in e["bodies"]],
                    name=e["name"],
                    kind=e["kind"],
                    theme=e.get("theme") or "",
                    starts_on=_date(e.get("starts_on")),
                    ends_on=_date(e.get("ends_on")),
                    venue=e.get("venue") or "",
                    city=e.get("city") or "",
                    attendance=e.get("attendance"),
                    attendance_approx=bool(e.get("attendance_approx")),
                    description=self._event_description(e),
                    source_url=src.get("url") or "",
                ),
            )
            self.events[e["key"]] = event
            for o in e.get("organizations") or []:
                org = self.orgs[o["organization"]]
                self.get_or_create(
                    "event_organizations",
                    EventOrganization.objects.filter(event=event, organization=org, role=o["role"]),
                    lambda o=o, org=org, event=event: event_services.event_organization_add(
                        actor=self.actor, event=event, organization=org, role=o["role"]
                    ),
                )
            for a in e.get("agenda") or []:
                title = a.get("speaker_title") or ""
                if a.get("speaker_department"):
                    title = a["speaker_department"]
                if a.get("speaker_body"):
                    title = a["speaker_body"]
                self.get_or_create(
                    "agenda_items",
                    AgendaItem.objects.filter(event=event, order=a["order"]),
                    lambda a=a, event=event, title=title: event_services.agenda_item_create(
                        actor=self.actor,
                        event=event,
                        order=a["order"],
                        kind=a["kind"],
                        title=a["title"][:300],
                        speaker=self.people.get(a.get("speaker") or ""),
                        speaker_title=title[:200],
                        speaker_organization=self.orgs.get(a.get("speaker_organization") or ""),
                    ),
                )
            for c in e.get("ceremonies") or []:
                extra = []
                if c.get("presenters"):
                    extra.append(f"授牌/揭牌方：{'、'.join(c['presenters'])}。")
                if c.get("unnamed_recipients"):
                    extra.append(f"另有未具名的{c['unnamed_recipients']}。")
                if c.get("about_body"):
                    extra.append(f"涉及：{c['about_body']}。")
                description = " ".join([c.get("description") or "", *extra]).strip()
                ceremony = self.get_or_create(
                    "ceremonies",
                    Ceremony.objects.filter(event=event, kind=c["kind"], name=c["name"]),
                    lambda c=c, event=event, description=description: (
                        event_services.ceremony_create(
                            actor=self.actor,
                            event=event,
                            kind=c["kind"],
                            name=c["name"][:300],
                            description=description,
                            recipients=[self.orgs[r].pk for r in c.get("recipients") or []],
                        )
                    ),
                )
                for key in c.get("produced_agreements") or []:
                    self.ceremony_of_agreement[key] = ceremony
                for name in c.get("produced_carriers") or []:
                    self.ceremony_of_carrier[name] = ceremony

    # cooperation

    def agreements_(self) -> None:
        for a in data.AGREEMENTS:
            event = self.events.get(a.get("event") or "")
            self.agreements[a["key"]] = self.get_or_create(
                "agreements",
                Agreement.objects.filter(title=a["title"]),
                lambda a=a, event=event: cooperation_services.agreement_create(
                    actor=self.actor,
                    title=a["title"][:300],
                    kind=a["kind"],
                    parties=[self.orgs[p].pk for p in a["parties"]],
                    body=self.bodies.get(a.get("body") or ""),
                    event=event,
                    ceremony=self.ceremony_of_agreement.get(a["key"]),
                    signed_on=_date(a.get("signed_on")),
                    status=a.get("status") or Agreement.Status.SIGNED,
                    notes=_describe(a.get("note", ""), a["source"]),
                ),
            )

    def carriers(self) -> None:
        for c in data.CARRIERS:
            self.get_or_create(
                "carriers",
                Carrier.objects.filter(name=c["name"]),
                lambda c=c: cooperation_services.carrier_create(
                    actor=self.actor,
                    name=c["name"][:300],
                    kind=c["kind"],
                    owners=[self.orgs[o].pk for o in c["owners"]],
                    body=self.bodies.get(c.get("body") or ""),
                    agreement=self.agreements.get(c.get("agreement") or ""),
                    ceremony=self.ceremony_of_carrier.get(c["name"]),
                    founded_on=_date(c.get("founded_on")),
                    description=_describe(c.get("description", ""), c["source"]),
                ),
            )

    def run(self) -> None:
        self.organizations()
        self.bodies_()
        self.terms()
        self.memberships()
        self.committees()
        self.people_()
        self.events_()
        self.agreements_()
        self.carriers()


def load_demo(*, actor=None) -> dict[str, dict[str, int]]:
    """Load every list of :mod:`chanjiao.demo.data` through the services; idempotent.

    Into an empty database (:func:`database_is_empty`) the demo brings its sign-ins
    (:data:`DEMO_ACCOUNTS`, the admin ``admin`` acting when no actor is given); into any other
    it creates no account, and without an actor the first active platform admin acts
    (PermissionDenied when there is none). Runs in one transaction. Returns
    ``{entity: {"created": n, "existing": m}}``.
    """
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    with transaction.atomic():
        with_accounts = database_is_empty()
        if actor is None:
            actor = (
                demo_admin()
                if with_accounts
                else get_user_model()
                .objects.filter(is_superuser=True, is_active=True)
                .order_by("pk")
                .first()
            )
            if actor is None:
                raise PermissionDenied(
                    "没有平台管理员：请先运行 `chanjiao createuser NAME --admin`"
                )
        loader = _Loader(actor)
        loader.run()
        # After the real facts: the synthetic talent data (合成数据), labelled as such.
        from .talent import load_talent_demo

        load_talent_demo(loader)
        # And a yearly collection round per body, its values synthetic too.
        from .collection import load_collection_demo

        load_collection_demo(loader)
        # The chains the articles name (their majors matched for the demo) and a synthetic
        # plan per body.
        from .planning import load_chains_demo, load_plans_demo

        load_chains_demo(loader)
        load_plans_demo(loader)
        # The founding conference's resolutions, as article 002 records them (no vote counts).
        # And a synthetic application to join (合成数据) for the demo secretariat to check.
        from .meetings import load_applications_demo, load_meetings_demo

        load_meetings_demo(loader)
        load_applications_demo(loader)
        # Shared resources and an upcoming event open for registration (合成数据).
        from .sharing import load_sharing_demo

        load_sharing_demo(loader)
        # The fine-steel community's five golds programme (its committees and results synthetic).
        from .golds import load_golds_demo

        load_golds_demo(loader)
        if with_accounts:
            ensure_demo_accounts(actor=actor)
    labels = sorted(set(loader.created) | set(loader.existing))
    return {
        label: {"created": loader.created[label], "existing": loader.existing[label]}
        for label in labels
    }
