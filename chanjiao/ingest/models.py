"""The review queue of ingested news articles (新闻入库审核队列).

An :class:`Article` holds one page or text as it arrived, the FORMAT.md record the pipeline
extracted from it, and its review state; each :class:`Proposal` is one record the article
proposes (the event, a body, an organisation, a person, an agenda item, a count, a carrier, an
agreement) with the registry records it may be, and the reviewer's decision. An
:class:`IngestBatch` is several articles processed by one background job.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.modeling import link, optional_link, unique
from chanjiao.core.models import Job, TimeStampedModel
from chanjiao.events.models import AgendaItem


class IngestBatch(Job):
    """批量入库任务: several files or addresses processed by one background job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    tasks = {"run": "chanjiao.ingest.tasks.run_ingest_batch"}
    progress_texts = {
        "running": _("正在抽取…"),
        "succeeded": _("处理完成，请逐篇审核"),
        "failed": _("处理失败"),
    }

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    # Why a failed batch stopped, in words a secretariat can act on.
    error = models.TextField(_("错误"), blank=True)
    # Submissions of the batch found already ingested: listed on it, not processed again.
    earlier = models.ManyToManyField(
        "Article", verbose_name=_("已入库过的文章"), related_name="+", blank=True
    )

    class Meta(Job.Meta):
        verbose_name = pgettext_lazy("model", "批量入库任务")
        verbose_name_plural = pgettext_lazy("models", "批量入库任务")

    def __str__(self):
        return f"#{self.pk} · {self.get_status_display()} · {self.done}/{self.total}"


class Article(TimeStampedModel):
    """新闻稿: one ingested page or text, what was extracted from it and its review state."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待处理")
        PENDING = "pending", _("待审核")
        SAVED = "saved", _("已入库")
        DISCARDED = "discarded", _("已放弃")
        DUPLICATE = "duplicate", _("重复")
        FAILED = "failed", _("处理失败")

    class Input(models.TextChoices):
        URL = "url", _("网址")
        FILE = "file", _("文件")
        TEXT = "text", _("粘贴文本")

    batch = optional_link(IngestBatch, _("批量任务"), related_name="articles")
    input = models.CharField(_("来源方式"), max_length=8, choices=Input.choices)
    source_url = models.URLField(_("来源链接"), max_length=500, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    raw = models.TextField(_("原文"), blank=True, help_text=_("页面或文本，解码后"))
    is_html = models.BooleanField(_("HTML 页面"), default=False)
    # sha256 of the raw text with whitespace removed: the same paste or file is found again
    raw_hash = models.CharField(_("原文指纹"), max_length=64, blank=True, db_index=True)
    # sha256 of the extracted main text: the same article saved as text and as a page is one
    content_hash = models.CharField(_("正文指纹"), max_length=64, blank=True, db_index=True)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    published = models.DateField(_("发布日期"), null=True, blank=True)
    text = models.TextField(_("正文"), blank=True)
    record = models.JSONField(_("抽取结果"), default=dict, blank=True)
    encoding = models.CharField(_("编码"), max_length=32, blank=True)
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    error = models.TextField(_("错误"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    body = optional_link(
        "registry.Body",
        _("所属产教融合体"),
        related_name="+",
        help_text=_("成员角色、数量和载体记在这个产教融合体下"),
    )
    event = optional_link("events.Event", _("活动"), related_name="articles")
    duplicate_of = optional_link("self", _("与之重复"), related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reviewed_by = optional_link(settings.AUTH_USER_MODEL, _("审核人"), related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("model", "新闻稿")
        verbose_name_plural = pgettext_lazy("models", "新闻稿")
        # Ingesting the same page or the same text again finds this article instead, for its
        # submitter (and its body's secretariat): another body's secretariat may ingest the
        # same news for its own body, so the rules hold per submitter.
        constraints = [
            unique(
                ("source_url", "created_by"),
                "article_unique_source_url",
                _("该网址已入库"),
                condition=~Q(source_url=""),
            ),
            unique(
                ("raw_hash", "created_by"),
                "article_unique_raw_hash",
                _("该文本已入库"),
                condition=~Q(raw_hash=""),
            ),
            unique(
                ("content_hash", "created_by"),
                "article_unique_content_hash",
                _("该文章已入库"),
                condition=~Q(content_hash=""),
            ),
        ]

    def __str__(self):
        return self.title or self.source_url or self.original_name or f"#{self.pk}"

    @property
    def is_reviewable(self) -> bool:
        return self.status == self.Status.PENDING


#: The extraction's evidence codes (pipeline.evidence.WEIGHTS) in words for the reviewer.
EVIDENCE_LABELS = {
    "suffix": _("以单位类型结尾"),
    "weak_suffix": _("以常见类型词结尾"),
    "everyday_head": _("类型词前只有常用词"),
    "place": _("以地名或已知全称开头"),
    "role": _("文中写明其角色"),
    "list": _("列在名单中"),
    "enumerated": _("列在“等N家单位”之前"),
    "person": _("有人员在此任职"),
    "repeated": _("文中多次提及"),
    "headline": _("标题中出现"),
    "alias": _("文中给出简称"),
    "quoted": _("加引号或书名号"),
    "founded": _("文中写明揭牌、成立或共建"),
    "level": _("写明级别"),
    "registry": _("登记库已有此名"),
}

#: Below this extraction confidence a new name is shown as doubtful (collapsed on the review page).
SURE_SUPPORT = 0.6

#: Proposals that name something the registry may hold (an unmatched one is new or doubtful).
_NAMED_KINDS = {"body", "organization", "person", "carrier"}


class Proposal(models.Model):
    """拟入库记录: one record an article proposes, its registry matches and the decision."""

    # one record of its kind (the same words on the navigation name lists of them)
    class Kind(models.TextChoices):
        EVENT = "event", pgettext_lazy("proposal kind", "活动")
        BODY = "body", pgettext_lazy("proposal kind", "产教融合体")
        ORGANIZATION = "organization", pgettext_lazy("proposal kind", "单位")
        PERSON = "person", pgettext_lazy("proposal kind", "人员")
        AGENDA = "agenda", pgettext_lazy("proposal kind", "议程")
        COUNT = "count", pgettext_lazy("proposal kind", "数量")
        CARRIER = "carrier", pgettext_lazy("proposal kind", "载体")
        AGREEMENT = "agreement", pgettext_lazy("proposal kind", "协议")

    class Method(models.TextChoices):
        """How the best registry candidate matched (名称匹配方式)."""

        EXACT = "exact", _("名称相同")
        ALIAS = "alias", _("别名相同")
        FUZZY = "fuzzy", _("名称相近")
        NAME = "name", _("同名，单位未确认")

    class Decision(models.TextChoices):
        CREATE = "create", _("新建")
        LINK = "link", _("关联已有记录")
        DROP = "drop", _("舍弃")

    article = link(Article, _("新闻稿"), related_name="proposals")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    #: the editable fields, in the shape of the FORMAT.md entry (name, kind, roles, title …)
    data = models.JSONField(_("内容"), default=dict)
    #: the extracted values before the reviewer changed anything
    extracted = models.JSONField(_("抽取值"), default=dict)
    #: [[start, end], …] offsets in the article's main text where this record is mentioned
    spans = models.JSONField(_("出处"), default=list, blank=True)
    candidates = models.JSONField(_("候选记录"), default=list, blank=True)
    confidence = models.FloatField(_("匹配置信度"), null=True, blank=True)
    #: why the name is proposed: evidence codes (pipeline.evidence.WEIGHTS), registry included
    evidence = models.JSONField(_("抽取依据"), default=list, blank=True)
    #: how sure the extraction is of the name (0..1), from its evidence
    support = models.FloatField(_("抽取置信度"), null=True, blank=True)
    method = models.CharField(_("匹配方式"), max_length=8, choices=Method.choices, blank=True)
    decision = models.CharField(
        _("处理"), max_length=8, choices=Decision.choices, default=Decision.CREATE
    )
    target_id = models.PositiveBigIntegerField(_("关联记录"), null=True, blank=True)
    saved_id = models.PositiveBigIntegerField(_("入库记录"), null=True, blank=True)
    saved_created = models.BooleanField(_("新建了记录"), default=False)

    class Meta:
        ordering = ["article", "order", "id"]
        verbose_name = pgettext_lazy("model", "拟入库记录")
        verbose_name_plural = pgettext_lazy("models", "拟入库记录")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="link") | Q(target_id__isnull=False),
                name="proposal_link_has_target",
                violation_error_message=_("关联已有记录时须选择记录"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.label}"

    class Standing(models.TextChoices):
        """Where a proposal stands against the registry, for the reviewer (审核分组)."""

        LINKED = "linked", _("已关联已有记录")
        NEW = "new", _("新记录")
        DOUBTFUL = "doubtful", _("存疑，请核对")

    @property
    def standing(self) -> str:
        """Linked: the registry holds the name (linking confirms it). Doubtful: the registry
        holds only a near namesake, the text never names it where the reader could check, or
        the extraction's evidence for it is thin (support below ``SURE_SUPPORT``).
        New: nothing like it is registered yet."""
        if self.decision == self.Decision.LINK:
            return self.Standing.LINKED
        if self.method or (self.kind in _NAMED_KINDS and not self.spans):
            return self.Standing.DOUBTFUL
        if self.support is not None and self.support < SURE_SUPPORT:
            return self.Standing.DOUBTFUL
        return self.Standing.NEW

    @property
    def evidence_labels(self) -> list[str]:
        """The evidence for the proposal in words (unknown codes as they are)."""
        return [str(EVIDENCE_LABELS.get(code, code)) for code in self.evidence or ()]

    @property
    def label(self) -> str:
        """A short human name of what is proposed."""
        d = self.data or {}
        if self.kind == self.Kind.COUNT:
            return f"{d.get('subject', '')} {d.get('value', '')}"
        if self.kind == self.Kind.AGREEMENT:
            return " · ".join(d.get("parties") or [])
        if self.kind == self.Kind.AGENDA:
            kind = d.get("kind") or ""
            label = AgendaItem.Kind(kind).label if kind in AgendaItem.Kind.values else kind
            return f"{d.get('person', '')} · {label}"
        return d.get("name") or ""
