"""The secretariat's to-do list (待办事项) on the home page: what waits for the bodies a user runs
(all bodies for an admin) — agreements needing attention, carriers with overdue milestones,
five-golds nominations waiting for review, and articles waiting in the ingest queue.

Each group comes from its app's selector (which scopes it to the user); this module only
gathers them, keeps the first few rows of each and links to where the work is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chanjiao.cooperation.selectors import (
    agreements_needing_attention,
    carriers_with_overdue_milestones,
)
from chanjiao.core.words import listed
from chanjiao.golds.selectors import nominations_waiting
from chanjiao.ingest.models import Article
from chanjiao.ingest.selectors import article_list

#: Rows shown per group; the group's count says how many there are in all.
SHOWN = 5


@dataclass
class TodoRow:
    label: str
    url: str
    note: str = ""


@dataclass
class TodoGroup:
    key: str
    title: str
    icon: str
    total: int
    rows: list[TodoRow] = field(default_factory=list)
    more_url: str = ""


def _agreements(actor) -> TodoGroup:
    rows = agreements_needing_attention(actor=actor)
    return TodoGroup(
        "agreements",
        _("需要处理的协议"),
        "file-earmark-text",
        len(rows),
        [
            TodoRow(
                a.title,
                reverse("cooperation:agreement_detail", args=[a.pk]),
                listed(str(label) for _code, label in a.reasons),
            )
            for a in rows[:SHOWN]
        ],
        reverse("cooperation:agreement_list"),
    )


def _carriers(actor) -> TodoGroup:
    carriers = carriers_with_overdue_milestones(actor=actor)
    shown = list(carriers[:SHOWN])
    return TodoGroup(
        "carriers",
        _("里程碑逾期的载体"),
        "bank",
        carriers.count() if len(shown) == SHOWN else len(shown),
        [
            TodoRow(
                c.name,
                reverse("cooperation:carrier_detail", args=[c.pk]),
                listed(
                    _("%(name)s（%(detail)s）")
                    % {"name": m.get_kind_display(), "detail": f"{_('计划')} {m.due_on:%Y-%m-%d}"}
                    for m in c.overdue_milestones
                ),
            )
            for c in shown
        ],
        reverse("cooperation:carrier_list"),
    )


def _nominations(actor) -> TodoGroup:
    nominations = nominations_waiting(actor=actor)
    shown = list(nominations[:SHOWN])
    return TodoGroup(
        "nominations",
        _("待评审的五金推荐"),
        "award",
        nominations.count() if len(shown) == SHOWN else len(shown),
        [
            TodoRow(
                n.name,
                reverse("golds:nomination", args=[n.pk]),
                f"{n.organization} · {n.category.get_kind_display()}",
            )
            for n in shown
        ],
    )


def _articles(actor) -> TodoGroup:
    articles = article_list(actor=actor, status=Article.Status.PENDING)
    shown = list(articles[:SHOWN])
    return TodoGroup(
        "articles",
        _("待审核的新闻稿"),
        "newspaper",
        articles.count() if len(shown) == SHOWN else len(shown),
        [TodoRow(str(a), reverse("ingest:article_review", args=[a.pk]), "") for a in shown],
        reverse("ingest:article_list") + f"?status={Article.Status.PENDING}",
    )


def todo_for(actor) -> list[TodoGroup]:
    """The groups that hold something for ``actor`` (none for an anonymous visitor)."""
    if not getattr(actor, "is_authenticated", False):
        return []
    groups = [_agreements(actor), _carriers(actor), _nominations(actor), _articles(actor)]
    return [group for group in groups if group.total]
