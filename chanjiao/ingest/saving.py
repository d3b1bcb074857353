"""Saving a reviewed article (入库): every kept proposal written through the domain services in one
transaction, names resolved to records as they are written, every refusal collected.

Split from ``services`` (submitting, processing, reviewing), which re-exports ``article_save``
and ``SaveResult``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chanjiao.accounts.permissions import can_ingest, require
from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.cooperation.selectors import carrier_list
from chanjiao.cooperation.services import agreement_create, carrier_create
from chanjiao.core.changelog import change_source, update_object
from chanjiao.core.words import listed, sentences
from chanjiao.events.models import AgendaItem, Event, EventOrganization
from chanjiao.events.selectors import visible_events
from chanjiao.events.services import agenda_item_create, event_create, event_organization_add
from chanjiao.registry.models import Body, DeclaredCount, Membership, Organization, Person, Position
from chanjiao.registry.selectors import visible_bodies
from chanjiao.registry.services import (
    body_create,
    declared_count_set,
    membership_create,
    organization_create,
    person_create,
    position_create,
)

from .models import Article, Proposal
from .selectors import record_by_name

_DENIED = gettext_noop("只有平台管理员或秘书处可以导入新闻")
#: roles of an organisation in the body the article is about (成员角色)
BODY_ROLES = {"initiator", "chair", "vice_chair", "member"}
#: roles of an organisation in the event (活动角色)
EVENT_ROLES = {c.value for c in EventOrganization.Role}


def linkable(actor, kind: str) -> QuerySet:
    """The records of ``kind`` a proposal may be linked to, or found by name, for ``actor``:
    the bodies, events and carriers it may read (organisations and people are public)."""
    if kind == Proposal.Kind.BODY:
        return visible_bodies(actor)
    if kind == Proposal.Kind.EVENT:
        return visible_events(actor)
    if kind == Proposal.Kind.CARRIER:
        return carrier_list(actor=actor)
    return {Proposal.Kind.ORGANIZATION: Organization, Proposal.Kind.PERSON: Person}[
        kind
    ].objects.all()


def missing_record(pk) -> str:
    """A link target that is not there, or that the reviewer may not read: the same words."""
    return _("没有编号为 %(id)s 的记录") % {"id": pk}


def _require_reviewable(actor, article: Article) -> None:
    require(can_ingest(actor), _(_DENIED))
    if not article.is_reviewable:
        raise ValidationError(
            _("这篇文章已是「%(status)s」，不能再审核") % {"status": article.get_status_display()}
        )


# --- saving (入库) --------------------------------------------------------------------------------


def _level(name: str) -> str:
    if name.startswith(("全国", "中国", "国家")):
        return Body.Level.NATIONAL
    if "省" in name[:4]:
        return Body.Level.PROVINCIAL
    if "市" in name[:5] or "市域" in name:
        return Body.Level.MUNICIPAL
    return Body.Level.OTHER


class _Saver:
    """One article's save: resolves names to records as it writes, collects every error."""

    def __init__(self, actor, article: Article, proposals: list[Proposal]) -> None:
        self.actor = actor
        self.article = article
        self.proposals = proposals
        self.source = article.source_url or f"chanjiao:article:{article.pk}"
        self.errors: list[str] = []
        self.orgs: dict[str, Organization] = {}
        self.people: dict[str, tuple[Person, Organization | None, str]] = {}
        self.body: Body | None = article.body
        self.event: Event | None = None

    def of(self, kind: str) -> Iterable[Proposal]:
        return (
            p for p in self.proposals if p.kind == kind and p.decision != Proposal.Decision.DROP
        )

    def target(self, p: Proposal):
        """The record ``p`` is linked to, among those the actor may read."""
        found = linkable(self.actor, p.kind).filter(pk=p.target_id).first()
        if found is None:
            raise ValidationError(missing_record(p.target_id))
        return found

    def named(self, kind: str, **fields):
        """A readable record registered under the same name since the article was processed."""
        return linkable(self.actor, kind).filter(**fields).first()

    def done(self, proposal: Proposal, obj, created: bool) -> Any:
        proposal.saved_id, proposal.saved_created = obj.pk, created
        return obj

    def fail(self, proposal: Proposal, message: str) -> None:
        self.errors.append(
            _("%(kind)s「%(label)s」：%(message)s")
            % {"kind": proposal.get_kind_display(), "label": proposal.label, "message": message}
        )

    @contextlib.contextmanager
    def step(self, proposal: Proposal) -> Iterator[None]:
        """Report a refused write with the proposal it came from, and go on checking."""
        try:
            yield
        except ValidationError as exc:
            self.fail(proposal, sentences(exc.messages))
        except PermissionDenied as exc:  # e.g. only admins create bodies: drop or link instead
            self.fail(proposal, str(exc))

    def date(self):
        event = next(self.of(Proposal.Kind.EVENT), None)
        value = (event.data.get("date") if event else None) or self.article.published
        return value or None

    def resolve_org(self, name: str) -> Organization | None:
        name = (name or "").strip()
        if not name:
            return None
        if name in self.orgs:
            return self.orgs[name]
        found = record_by_name(Organization, name)
        if found:
            self.orgs[name] = found
        return found

    # each step writes one kind; the order follows the references between them

    def bodies(self) -> None:
        for p in self.of(Proposal.Kind.BODY):
            with self.step(p):
                name = (p.data.get("name") or "").strip()
                if p.decision == Proposal.Decision.LINK:
                    body, created = self.target(p), False
                elif found := self.named(p.kind, name=name):
                    body, created = found, False  # registered since the article was processed
                else:
                    body = body_create(
                        actor=self.actor,
                        name=name,
                        kind=p.data.get("kind") or "other",
                        level=_level(name),
                    )
                    created = True
                self.done(p, body, created)
                if p.data.get("main"):
                    self.body = body

    def organizations(self) -> None:
        for p in self.of(Proposal.Kind.ORGANIZATION):
            with self.step(p):
                name = (p.data.get("name") or "").strip()
                if p.decision == Proposal.Decision.LINK:
                    org, created = self.target(p), False
                elif found := self.resolve_org(name):
                    org, created = found, False
                else:
                    org = organization_create(
                        actor=self.actor, name=name, kind=p.data.get("kind") or "other"
                    )
                    created = True
                self.done(p, org, created)
                for key in {name, p.extracted.get("name") or ""} - {""}:
                    self.orgs[key] = org

    def event_(self) -> None:
        p = next(self.of(Proposal.Kind.EVENT), None)
        if p is None:
            return
        with self.step(p):
            d = p.data
            if p.decision == Proposal.Decision.LINK:
                event, created = self.target(p), False
            elif found := self.named(p.kind, name=d.get("name") or "", starts_on=d.get("date")):
                event, created = found, False
            else:
                event = event_create(
                    actor=self.actor,
                    bodies=[self.body] if self.body else [],
                    name=d.get("name") or self.article.title or _("未命名活动"),
                    kind=d.get("kind") or Event.Kind.OTHER,
                    starts_on=d.get("date") or None,
                    venue=d.get("venue") or "",
                    city=d.get("city") or "",
                    theme=d.get("theme") or "",
                    attendance=d.get("attendance"),
                    source_url=self.article.source_url,
                )
                created = True
            self.event = self.done(p, event, created)

    def roles(self) -> None:
        for p in self.of(Proposal.Kind.ORGANIZATION):
            if p.saved_id is None:  # its own step failed and said so
                continue
            with self.step(p):
                org = Organization.objects.get(pk=p.saved_id)
                for role in p.data.get("roles") or []:
                    in_event = role in EVENT_ROLES and self.event is not None
                    if (
                        in_event
                        and not EventOrganization.objects.filter(
                            event=self.event, organization=org, role=role
                        ).exists()
                    ):
                        event_organization_add(
                            actor=self.actor, event=self.event, organization=org, role=role
                        )
                    if role in BODY_ROLES:
                        if self.body is None:
                            self.fail(
                                p,
                                _("请选择所属产教融合体，成员角色记在它下面"),
                            )
                            continue
                        if (
                            not Membership.objects.filter(
                                body=self.body, organization=org, role=role
                            )
                            .not_ended()
                            .exists()
                        ):
                            membership_create(
                                actor=self.actor, body=self.body, organization=org, role=role
                            )

    def persons(self) -> None:
        for p in self.of(Proposal.Kind.PERSON):
            with self.step(p):
                name = (p.data.get("name") or "").strip()
                title = (p.data.get("title") or "").strip()
                org_name = (p.data.get("organization") or "").strip()
                org = self.resolve_org(org_name)
                if org_name and org is None:
                    self.fail(
                        p,
                        _("单位「%(org)s」既不在本文的单位中，也不在名录中：改正单位名称或清空")
                        % {"org": org_name},
                    )
                    continue
                if p.decision == Proposal.Decision.LINK:
                    person, created = self.target(p), False
                elif org and (
                    found := Person.objects.filter(name=name, positions__organization=org).first()
                ):
                    person, created = found, False  # the same name in the same organisation
                else:
                    person, created = person_create(actor=self.actor, name=name), True
                if (
                    org
                    and title
                    and not Position.objects.filter(
                        person=person, organization=org, title=title
                    ).exists()
                ):
                    position_create(
                        actor=self.actor,
                        person=person,
                        organization=org,
                        title=title,
                        source=self.source[:300],
                    )
                self.done(p, person, created)
                self.people[p.extracted.get("name") or name] = (person, org, title)
                self.people[name] = (person, org, title)

    def agenda_(self) -> None:
        for p in self.of(Proposal.Kind.AGENDA):
            with self.step(p):
                if self.event is None:
                    self.fail(
                        p,
                        _("没有活动，议程无处可记：保留活动或舍弃议程"),
                    )
                    continue
                entry = self.people.get(p.data.get("person") or "")
                if entry is None:
                    self.fail(
                        p,
                        _("发言人未入库：保留此人或舍弃议程"),
                    )
                    continue
                person, org, title = entry
                kind = p.data.get("kind") or AgendaItem.Kind.OTHER
                item = AgendaItem.objects.filter(
                    event=self.event, speaker=person, kind=kind
                ).first()
                created = item is None
                if created:
                    item = agenda_item_create(
                        actor=self.actor,
                        event=self.event,
                        order=p.data.get("order") or 0,
                        kind=kind,
                        speaker=person,
                        speaker_title=title[:200],
                        speaker_organization=org,
                    )
                self.done(p, item, created)

    def counts(self) -> None:
        for p in self.of(Proposal.Kind.COUNT):
            with self.step(p):
                if self.body is None:
                    self.fail(
                        p,
                        _("请选择所属产教融合体，数量记在它下面"),
                    )
                    continue
                label = (p.data.get("subject") or "").strip()[:100]
                value = int(p.data.get("value") or 0)
                existing = DeclaredCount.objects.filter(
                    body=self.body, label=label, value=value
                ).first()
                if existing:
                    self.done(p, existing, False)
                    continue
                count = declared_count_set(
                    actor=self.actor,
                    body=self.body,
                    label=label,
                    value=value,
                    as_of=self.date(),
                    source=self.source[:300],
                )
                self.done(p, count, True)

    def carriers(self) -> None:
        for p in self.of(Proposal.Kind.CARRIER):
            with self.step(p):
                name = (p.data.get("name") or "").strip()
                if p.decision == Proposal.Decision.LINK:
                    carrier, created = self.target(p), False
                elif found := self.named(p.kind, name=name):
                    carrier, created = found, False
                else:
                    carrier = carrier_create(
                        actor=self.actor,
                        name=name,
                        kind=p.data.get("kind") or Carrier.Kind.OTHER,
                        body=self.body,
                        city=(self.event.city if self.event else "") or "",
                    )
                    created = True
                self.done(p, carrier, created)

    def agreements(self) -> None:
        for p in self.of(Proposal.Kind.AGREEMENT):
            with self.step(p):
                names = [n.strip() for n in p.data.get("parties") or [] if n.strip()]
                parties = [self.resolve_org(n) for n in names]
                missing = [n for n, org in zip(names, parties, strict=True) if org is None]
                if missing:
                    self.fail(
                        p,
                        _("签约方「%(names)s」不在本文的单位或名录中") % {"names": listed(missing)},
                    )
                    continue
                party_ids = sorted({org.pk for org in parties})
                kind = p.data.get("kind") or Agreement.Kind.OTHER
                existing = None
                for candidate in Agreement.objects.filter(
                    event=self.event, kind=kind
                ).prefetch_related("parties"):
                    if sorted(o.pk for o in candidate.parties.all()) == party_ids:
                        existing = candidate
                        break
                if existing:
                    self.done(p, existing, False)
                    continue
                kind_label = Agreement.Kind(kind).label if kind in Agreement.Kind.values else ""
                title = (
                    "、".join(names)
                    if names
                    else (self.event.name if self.event else self.article.title)
                )
                agreement = agreement_create(
                    actor=self.actor,
                    title=f"{title} {kind_label}".strip()[:300],
                    kind=kind,
                    body=self.body,
                    event=self.event,
                    signed_on=self.date(),
                    status=Agreement.Status.SIGNED,
                    parties=party_ids,
                    notes=self.source[:300],
                )
                self.done(p, agreement, True)

    def run(self) -> None:
        self.bodies()
        self.organizations()
        if self.body is None and self.article.body_id is None:
            needs_body = any(self.of(Proposal.Kind.COUNT)) or any(
                set(p.data.get("roles") or []) & BODY_ROLES
                for p in self.of(Proposal.Kind.ORGANIZATION)
            )
            if needs_body:
                self.errors.append(_("请选择本文所属的产教融合体"))
        self.event_()
        self.roles()
        self.persons()
        self.agenda_()
        self.counts()
        self.carriers()
        self.agreements()


@dataclass(slots=True)
class SaveResult:
    """What a save wrote: per kind, how many records were created and how many linked."""

    created: dict[str, int]
    linked: dict[str, int]

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def article_save(*, actor, article: Article) -> SaveResult:
    """Write every kept proposal through the domain services in one transaction.

    Linked proposals use the existing record; new ones are created (a record registered under
    the same name meanwhile is used instead, so nothing is duplicated); relations that already
    exist (a role, a position, an agenda item, a count) are not written again. Any error rolls
    everything back and is reported with the proposal it concerns. Every change is logged with
    the source ``ingest:<article id>``.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        _require_reviewable(actor, article)
        proposals = list(article.proposals.order_by("order", "pk"))
        saver = _Saver(actor, article, proposals)
        with change_source(f"ingest:{article.pk}"):
            saver.run()
            if saver.errors:
                # raising inside the atomic block rolls back everything written so far
                raise ValidationError(saver.errors)
            for p in proposals:
                if p.decision != Proposal.Decision.DROP:
                    p.save(update_fields=["saved_id", "saved_created"])
            update_object(
                article,
                actor=actor,
                data={
                    "status": Article.Status.SAVED,
                    "event": saver.event,
                    "body": saver.body,
                    "reviewed_by": actor,
                    "reviewed_at": timezone.now(),
                },
            )
    created: dict[str, int] = {}
    linked: dict[str, int] = {}
    for p in proposals:
        if p.decision == Proposal.Decision.DROP or p.saved_id is None:
            continue
        bucket = created if p.saved_created else linked
        bucket[p.kind] = bucket.get(p.kind, 0) + 1
    return SaveResult(created, linked)
