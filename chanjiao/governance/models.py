"""Governance (治理): the decision rules a body's charter states, its organs' meetings, the
motions put to them, the votes of the voting units, the resolutions (决议) that follow, and the
sanctions short of removal.

A vote is one per voting unit and motion (a database constraint), cast by the unit's own
representative — a contact of the unit — or entered by the secretariat as totals from a paper
ballot or a show of hands. Closing a motion computes its result under the rule
(:mod:`chanjiao.governance.rules`) and records the resolution with its figures; a passed
resolution takes effect in the same transaction.
"""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import NameField, PhoneField
from chanjiao.core.history import describe_value
from chanjiao.core.modeling import link, optional_link, unique
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.uploads import PrivateUploadTo
from chanjiao.core.validators import validate_credit_code
from chanjiao.registry.models import Body, Charter, Membership, Organization, Role, Term
from chanjiao.reports.models import Plan

from . import rules


class DecisionType(models.TextChoices):
    CHARTER = "charter", _("通过或修改章程")
    ELECTION = "election", _("选举理事会或负责人")
    ADMISSION = "admission", _("吸收成员")
    REMOVAL = "removal", _("除名成员")
    PLAN = "plan", _("审议发展规划")
    ANNUAL_REPORT = "annual_report", _("审议年度工作报告")
    BUDGET = "budget", _("审议预算")
    ORDINARY = "ordinary", _("一般事项")


class Organ(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("会员大会")
    COUNCIL = "council", _("理事会")
    STANDING_COUNCIL = "standing_council", _("常务理事会")


#: Who votes in each organ: the roles of the member units that hold a seat in it.
ORGAN_ROLES = {
    Organ.GENERAL_ASSEMBLY: None,  # every current member unit
    Organ.COUNCIL: (
        Role.INITIATOR,
        Role.CHAIR,
        Role.VICE_CHAIR,
        Role.EXECUTIVE_MEMBER,
        Role.DIRECTOR,
    ),
    Organ.STANDING_COUNCIL: (Role.CHAIR, Role.VICE_CHAIR, Role.EXECUTIVE_MEMBER),
}

#: The rule of each decision type when the charter states none (the common 社会团体 rule).
WEIGHTY_TYPES = (DecisionType.CHARTER, DecisionType.ELECTION, DecisionType.REMOVAL)


class DecisionRule(TimeStampedModel):
    """表决规则: how one type of decision is taken in a body, as its charter states it: the
    organ, the quorum, the threshold and its base, abstentions, correspondence. Rules are
    versioned with the charter (a rule without a charter applies until one states its own)."""

    class Base(models.TextChoices):
        PRESENT = rules.PRESENT, _("出席（含委托）")
        MEMBERS = rules.MEMBERS, _("全体有表决权成员")

    body = link(Body, _("产教融合体"), related_name="decision_rules")
    charter = optional_link(
        Charter, _("章程"), related_name="decision_rules", on_delete=models.CASCADE
    )
    decision_type = models.CharField(_("事项"), max_length=16, choices=DecisionType.choices)
    organ = models.CharField(_("表决机构"), max_length=20, choices=Organ.choices)
    quorum_numerator = models.PositiveSmallIntegerField(_("出席比例（分子）"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("出席比例（分母）"), default=3)
    threshold_numerator = models.PositiveSmallIntegerField(_("通过比例（分子）"), default=1)
    threshold_denominator = models.PositiveSmallIntegerField(_("通过比例（分母）"), default=2)
    base = models.CharField(
        _("通过比例的基数"), max_length=8, choices=Base.choices, default=Base.PRESENT
    )
    strict = models.BooleanField(_("须超过该比例"), default=True, help_text=_("否：达到即可"))
    abstentions_count = models.BooleanField(_("弃权计入基数"), default=True)
    correspondence = models.BooleanField(_("允许通讯表决"), default=False)

    class Meta:
        ordering = ["body", "decision_type"]
        verbose_name = pgettext_lazy("model", "表决规则")
        verbose_name_plural = pgettext_lazy("models", "表决规则")
        constraints = [
            unique(
                ("body", "charter", "decision_type"),
                "rule_once_per_charter",
                _("该章程已有这类事项的表决规则"),
                condition=Q(charter__isnull=False),
            ),
            unique(
                ("body", "decision_type"),
                "rule_once_without_charter",
                _("已有这类事项的表决规则"),
                condition=Q(charter__isnull=True),
            ),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0, threshold_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator"))
                & Q(threshold_numerator__lte=models.F("threshold_denominator")),
                name="rule_fractions_from_0_to_1",
                violation_error_message=_("比例须在 0 到 1 之间，分母不能为 0"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.get_decision_type_display()}"

    def as_rule(self) -> rules.Rule:
        return rules.Rule(
            quorum=Fraction(self.quorum_numerator, self.quorum_denominator),
            threshold=Fraction(self.threshold_numerator, self.threshold_denominator),
            base=self.base,
            strict=self.strict,
            abstentions_count=self.abstentions_count,
            correspondence=self.correspondence,
        )


class Meeting(TimeStampedModel):
    """会议: a meeting of one organ of a body (or a vote by correspondence with a deadline),
    with its agenda, the attendance of its voting units and the secretary's notes."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("现场会议")
        CORRESPONDENCE = "correspondence", _("通讯表决")

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    body = link(Body, _("产教融合体"), related_name="meetings")
    organ = models.CharField(_("机构"), max_length=20, choices=Organ.choices)
    term = optional_link(Term, _("届"), related_name="meetings", on_delete=models.PROTECT)
    title = NameField(_("名称"), max_length=200)
    mode = models.CharField(_("方式"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    date = models.DateField(_("日期"))
    place = NameField(_("地点"), max_length=200, blank=True)
    deadline = models.DateTimeField(_("表决截止"), null=True, blank=True)
    agenda = models.TextField(_("议程"), blank=True)
    notes = models.TextField(_("会议记录"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    is_published = models.BooleanField(_("向成员公开"), default=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = pgettext_lazy("model", "会议")
        verbose_name_plural = pgettext_lazy("models", "会议")

    def __str__(self) -> str:
        return self.title


class Attendance(TimeStampedModel):
    """出席: a voting unit at a meeting — present, represented by proxy (委托) or absent."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        PROXY = "proxy", _("委托出席")
        ABSENT = "absent", _("缺席")

    meeting = link(Meeting, _("会议"), related_name="attendance")
    organization = link(Organization, _("单位"), related_name="+", on_delete=models.PROTECT)
    status = models.CharField(_("出席情况"), max_length=8, choices=Status.choices)
    proxy = optional_link(Organization, _("受托单位"), related_name="+", on_delete=models.PROTECT)

    class Meta:
        ordering = ["meeting", "organization__name"]
        verbose_name = pgettext_lazy("model", "出席")
        verbose_name_plural = pgettext_lazy("models", "出席")
        constraints = [
            unique(("meeting", "organization"), "attendance_once", _("该单位的出席已登记"))
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_status_display()}"

    @property
    def takes_part(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.PROXY)


class Motion(TimeStampedModel):
    """议案: an item put to the vote at a meeting, of a decision type, with what it acts on:
    the units it admits (with their role), the memberships it ends, the charter it adopts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待表决")
        VOTING = "voting", _("表决中")
        PASSED = "passed", _("通过")
        FAILED = "failed", _("未通过")

    meeting = link(Meeting, _("会议"), related_name="motions")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    decision_type = models.CharField(_("事项"), max_length=16, choices=DecisionType.choices)
    title = NameField(_("议案"), max_length=300)
    text = models.TextField(_("内容"), blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    #: An admission: the units it admits and the role they take.
    admits = models.ManyToManyField(
        Organization, verbose_name=_("吸收的单位"), blank=True, related_name="+"
    )
    admit_role = models.CharField(
        _("吸收后的角色"), max_length=32, choices=Role.choices, default=Role.MEMBER
    )
    #: A removal: the memberships it ends.
    removes = models.ManyToManyField(
        Membership, verbose_name=_("除名的成员关系"), blank=True, related_name="+"
    )
    #: A charter adoption: the version it adopts.
    charter = optional_link(Charter, _("章程"), related_name="+", on_delete=models.PROTECT)
    #: An election (换届): the term its slate (:class:`Candidate`) takes the seats of.
    term = optional_link(Term, _("选举的届次"), related_name="+", on_delete=models.PROTECT)
    #: A plan's approval: the plan it approves.
    plan = optional_link(Plan, _("审议的规划"), related_name="+", on_delete=models.PROTECT)
    #: An annual report's approval: the year of the report it approves.
    report_year = models.PositiveSmallIntegerField(_("审议的报告年度"), null=True, blank=True)
    #: Totals from a paper ballot or a show of hands, entered by the secretariat.
    paper_yes = models.PositiveIntegerField(_("赞成（纸质/举手）"), null=True, blank=True)
    paper_no = models.PositiveIntegerField(_("反对（纸质/举手）"), null=True, blank=True)
    paper_abstain = models.PositiveIntegerField(_("弃权（纸质/举手）"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开始表决"), null=True, blank=True)
    #: The voting roll (表决名单): the units with a vote when the motion was opened, fixed then
    #: (empty while a draft). Its members, quorum and who may vote come from it.
    roll = models.ManyToManyField(
        Organization, verbose_name=_("表决名单"), blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("结束表决"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = pgettext_lazy("model", "议案")
        verbose_name_plural = pgettext_lazy("models", "议案")

    def __str__(self) -> str:
        return self.title

    @property
    def counted_on_paper(self) -> bool:
        return self.paper_yes is not None


class Candidate(TimeStampedModel):
    """候选单位: one line of an election's slate — a unit and the role it is to hold in the
    term the election fills (理事长单位, 副理事长单位, 常务理事单位, 理事单位…)."""

    motion = link(Motion, _("议案"), related_name="slate")
    organization = link(Organization, _("单位"), related_name="+", on_delete=models.PROTECT)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)

    class Meta:
        ordering = ["motion", "id"]
        verbose_name = pgettext_lazy("model", "候选单位")
        verbose_name_plural = pgettext_lazy("models", "候选单位")
        constraints = [
            unique(("motion", "organization"), "candidate_once_per_slate", _("该单位已在名单中"))
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()}"


class MotionAttachment(TimeStampedModel):
    """议案附件: a document put with a motion (the draft charter, the plan, the applications),
    served to the meeting's readers only."""

    motion = link(Motion, _("议案"), related_name="attachments")
    title = NameField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=PrivateUploadTo("motions"))

    class Meta:
        ordering = ["motion", "id"]
        verbose_name = pgettext_lazy("model", "议案附件")
        verbose_name_plural = pgettext_lazy("models", "议案附件")

    def __str__(self) -> str:
        return self.title


class Vote(TimeStampedModel):
    """表决票: one voting unit's vote on one motion, cast by its representative; a second vote
    of the same unit is refused by the database, whatever device it comes from."""

    class Choice(models.TextChoices):
        YES = "yes", _("赞成")
        NO = "no", _("反对")
        ABSTAIN = "abstain", _("弃权")

    motion = link(Motion, _("议案"), related_name="votes")
    organization = link(Organization, _("单位"), related_name="+", on_delete=models.PROTECT)
    choice = models.CharField(_("表决意见"), max_length=8, choices=Choice.choices)
    cast_by = optional_link(settings.AUTH_USER_MODEL, _("投票人"), related_name="+")

    class Meta:
        ordering = ["motion", "id"]
        verbose_name = pgettext_lazy("model", "表决票")
        verbose_name_plural = pgettext_lazy("models", "表决票")
        constraints = [
            unique(("motion", "organization"), "one_vote_per_unit", _("该单位已就此议案表决"))
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_choice_display()}"


class Resolution(TimeStampedModel):
    """决议: the result of a closed motion, with the figures the rule was applied to."""

    motion = link(Motion, _("议案"), related_name="resolution", one_to_one=True)
    number = models.PositiveIntegerField(_("编号"))
    passed = models.BooleanField(_("通过"))
    figures = models.JSONField(_("表决结果"), default=dict)
    decided_at = models.DateTimeField(_("决议时间"))
    is_published = models.BooleanField(_("公开"), default=False)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = pgettext_lazy("model", "决议")
        verbose_name_plural = pgettext_lazy("models", "决议")

    @property
    def figures_text(self) -> str:
        """The figures in words (:func:`figures_text`), or "" when none were recorded."""
        known = self.figures.get("recorded") or self.figures.get("members")
        return figures_text(self.figures) if known else ""

    def __str__(self) -> str:
        return f"{self.motion} · {_('通过') if self.passed else _('未通过')}"


class Sanction(TimeStampedModel):
    """处分: a step short of removal on a membership — 通报批评, 警告 or 暂停权利 (a suspended
    member does not vote while the suspension lasts)."""

    class Kind(models.TextChoices):
        CRITICISM = "criticism", _("通报批评")
        WARNING = "warning", _("警告")
        SUSPENSION = "suspension", _("暂停权利")

    membership = link(Membership, _("成员关系"), related_name="sanctions")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("原因"))
    since = models.DateField(_("开始"))
    until = models.DateField(_("结束"), null=True, blank=True)
    resolution = optional_link(Resolution, _("依据决议"), related_name="sanctions")

    class Meta:
        ordering = ["membership", "-since"]
        verbose_name = pgettext_lazy("model", "处分")
        verbose_name_plural = pgettext_lazy("models", "处分")

    def __str__(self) -> str:
        return f"{self.membership} · {self.get_kind_display()}"


class Application(TimeStampedModel):
    """入会申请: a unit asks to join a body from its public page. The secretariat checks it
    (complete, or asks for more), puts it on an admission motion, and the resolution decides;
    the applicant follows it through a private status link. The contact is personal data."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        INCOMPLETE = "incomplete", _("需补充材料")
        COMPLETE = "complete", _("材料齐全")
        ON_AGENDA = "on_agenda", _("已列入议程")
        ADMITTED = "admitted", _("已吸收")
        REJECTED = "rejected", _("未获通过")
        WITHDRAWN = "withdrawn", _("已撤回")

    body = link(Body, _("产教融合体"), related_name="applications")
    name = NameField(_("单位名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    kind = models.CharField(
        _("单位类型"), max_length=32, choices=Organization.Kind.choices, default="other"
    )
    region = NameField(_("地区"), max_length=100, blank=True)
    description = models.TextField(_("单位简介与申请理由"), blank=True)
    requested_role = models.CharField(
        _("申请的角色"), max_length=32, choices=Role.choices, default=Role.MEMBER
    )
    contact_name = NameField(_("联系人"), max_length=100)
    contact_phone = PhoneField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    file = models.FileField(_("证明材料"), upload_to=PrivateUploadTo("applications"), blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.TextField(_("秘书处意见"), blank=True)
    #: The unit once known: matched by credit code or name, or created on admission.
    organization = optional_link(Organization, _("单位"), related_name="+")
    #: The admission motion it is on.
    motion = optional_link(Motion, _("吸收议案"), related_name="applications")
    #: The SHA-256 of the applicant's status link token (the link itself is shown once).
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    submitted_by = optional_link(settings.AUTH_USER_MODEL, _("提交人"), related_name="+")

    #: Not written to the change log (the link's secret stays out of every history).
    CHANGELOG_DERIVED = ("token_hash",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("model", "入会申请")
        verbose_name_plural = pgettext_lazy("models", "入会申请")

    def __str__(self) -> str:
        return f"{self.name} · {self.get_status_display()}"


class Withdrawal(TimeStampedModel):
    """退出: a member unit leaves by written notice (书面通知); its memberships end on the day
    the notice takes effect."""

    body = link(Body, _("产教融合体"), related_name="withdrawals")
    organization = link(Organization, _("单位"), related_name="+", on_delete=models.PROTECT)
    notice_on = models.DateField(_("通知日期"))
    effective_on = models.DateField(_("退出日期"))
    reason = models.TextField(_("原因"), blank=True)
    file = models.FileField(_("书面通知"), upload_to=PrivateUploadTo("withdrawals"), blank=True)

    class Meta:
        ordering = ["body", "-effective_on", "-id"]
        verbose_name = pgettext_lazy("model", "退出")
        verbose_name_plural = pgettext_lazy("models", "退出")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_on__gte=models.F("notice_on")),
                name="withdrawal_effective_after_notice",
                violation_error_message=_("退出日期不能早于通知日期"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.effective_on}"


def figures_text(figures) -> str:
    """A resolution's figures (表决结果) in words, as its page and the change log write them."""
    if not isinstance(figures, dict):
        return str(figures)
    if figures.get("recorded"):
        return _("据%(source)s") % {"source": figures.get("source", "")}
    counts = {k: figures.get(k, 0) for k in ("members", "present", "yes", "no", "abstain")}
    return (
        _("应到 %(members)s，实到 %(present)s；赞成 %(yes)s，反对 %(no)s，弃权 %(abstain)s")
        % counts
    )


describe_value("governance.resolution", "figures", figures_text)
