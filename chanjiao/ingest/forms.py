"""Input validation of the ingest pages: what to ingest, and one form per reviewed proposal."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.events.models import AgendaItem, Event
from chanjiao.registry.models import Body, Organization

from .models import Proposal
from .pipeline.fetch import DEFAULT_MAX_BYTES
from .selectors import record_by_name
from .services import EVENT_ROLES, Submission, target_model

ALLOWED_SUFFIXES = (".html", ".htm", ".txt")
ROLE_CHOICES = [
    ("guide", _("指导单位")),
    ("organizer", _("主办单位")),
    ("host", _("承办单位")),
    ("co_organizer", _("协办单位")),
    ("initiator", _("牵头发起单位")),
    ("chair", _("理事长单位")),
    ("vice_chair", _("副理事长单位")),
    ("member", pgettext_lazy("member role", "成员单位")),
    ("partner", _("合作单位")),
    ("attendee", _("参会单位")),
]
assert {r for r, _label in ROLE_CHOICES} >= EVENT_ROLES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class SubmitForm(forms.Form):
    """An address (or several, one per line), uploaded .html/.txt files, or pasted text."""

    urls = forms.CharField(
        label=_("网址"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://…"}),
        help_text=_("每行一个；多个网址作为批量任务在后台处理"),
    )
    files = MultipleFileField(
        label=_("文件"),
        required=False,
        help_text=_("保存的网页（.html）或文本（.txt），可多选；多个文件作为批量任务在后台处理"),
    )
    text = forms.CharField(
        label=_("粘贴文本"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    source_url = forms.URLField(
        assume_scheme="https",
        label=_("原文网址"),
        required=False,
        max_length=500,
        help_text=_("粘贴文本或上传单个文件时，原文所在的网址（可选）"),
    )

    def clean(self):
        data = super().clean()
        urls = [u.strip() for u in (data.get("urls") or "").splitlines() if u.strip()]
        files = data.get("files") or []
        text = (data.get("text") or "").strip()
        submissions: list[Submission] = [Submission(url=u) for u in urls]
        for upload in files:
            if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
                raise ValidationError(
                    {
                        "files": _("%(name)s：只能上传 .html、.htm 或 .txt 文件")
                        % {"name": upload.name}
                    }
                )
            if upload.size > DEFAULT_MAX_BYTES:
                raise ValidationError(
                    {
                        "files": _("%(name)s：文件超过 %(mb)d MB")
                        % {"name": upload.name, "mb": DEFAULT_MAX_BYTES // (1024 * 1024)}
                    }
                )
            submissions.append(Submission(data=upload.read(), name=upload.name))
        if text:
            submissions.append(Submission(text=text, name=_("粘贴文本")))
        if not submissions:
            raise ValidationError(_("请给出网址、文件或文本"))
        source_url = data.get("source_url") or ""
        if source_url and len(submissions) == 1 and submissions[0].input != "url":
            only = submissions[0]
            submissions = [
                Submission(url=source_url, data=only.data, text=only.text, name=only.name)
            ]
        data["submissions"] = submissions
        return data


# --- reviewing (审核) ---------------------------------------------------------------------------

_SMALL = {"class": "form-control form-control-sm"}
_SELECT = {"class": "form-select form-select-sm"}


def _method(value: str) -> str:
    return Proposal.Method(value).label if value in Proposal.Method.values else value


def _text(label, required=False, max_length=300):
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.TextInput(attrs=_SMALL)
    )


def _kind(label, choices):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.Select(attrs=_SELECT))


def _body_kinds():
    return [(v, label) for v, label in Body.Kind.choices]


class ProposalForm(forms.Form):
    """The decision on one proposal: keep as new, link to an existing record, or drop."""

    decision = forms.ChoiceField(
        label=_("处理"), choices=Proposal.Decision.choices, widget=forms.Select(attrs=_SELECT)
    )
    target = forms.TypedChoiceField(
        label=_("已有记录"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=_SELECT),
    )
    target_name = _text(_("或输入已有记录的名称"))

    fields_of: tuple[str, ...] = ()

    def __init__(self, *args, proposal: Proposal, **kwargs):
        self.proposal = proposal
        initial = {k: v for k, v in (proposal.data or {}).items() if k in self.fields_of}
        initial.update(decision=proposal.decision, target=proposal.target_id)
        super().__init__(*args, prefix=f"p{proposal.pk}", initial=initial, **kwargs)
        if self.is_bound and self.data.get(self.add_prefix("decision")) == Proposal.Decision.DROP:
            for field in self.fields.values():  # a dropped proposal may stay incomplete
                field.required = False
        linkable = proposal.kind in LINKABLE
        if linkable:
            self.fields["target"].choices = [("", "—")] + [
                (c["id"], f"{c['name']} · {_method(c['method'])} {round(100 * c['confidence'])}%")
                for c in proposal.candidates
            ]
        else:
            del self.fields["target"], self.fields["target_name"]
            self.fields["decision"].choices = [
                c for c in Proposal.Decision.choices if c[0] != Proposal.Decision.LINK
            ]

    def clean(self):
        data = super().clean()
        if data.get("decision") != Proposal.Decision.LINK:
            data["target"] = None
            return data
        name = (data.get("target_name") or "").strip()
        if name:
            found = record_by_name(target_model(self.proposal.kind), name)
            if found is None:
                self.add_error(
                    "target_name",
                    _("名录中没有名为「%(name)s」的记录") % {"name": name},
                )
            data["target"] = found.pk if found else None
        elif not data.get("target"):
            self.add_error("target", _("关联已有记录时须选择记录"))
        elif not target_model(self.proposal.kind).objects.filter(pk=data["target"]).exists():
            self.add_error("target", _("该记录已不存在"))
        return data

    def proposal_data(self) -> dict:
        """The reviewed fields in the proposal's ``data`` shape."""
        return {name: self.cleaned_data.get(name) for name in self.fields_of}

    def changes(self) -> dict:
        """What differs from the stored proposal (empty when the reviewer changed nothing)."""
        out: dict = {}
        data = {**self.proposal.data, **self.proposal_data()}
        if data != self.proposal.data:
            out["data"] = data
        if self.cleaned_data["decision"] != self.proposal.decision:
            out["decision"] = self.cleaned_data["decision"]
        if self.cleaned_data.get("target") != self.proposal.target_id:
            out["target_id"] = self.cleaned_data.get("target")
        return out


class EventProposalForm(ProposalForm):
    name = _text(_("名称"), required=True)
    kind = _kind(_("类型"), Event.Kind.choices)
    date = forms.DateField(
        label=_("日期"),
        required=False,
        widget=forms.DateInput(attrs={**_SMALL, "type": "date"}, format="%Y-%m-%d"),
    )
    venue = _text(_("地点"), max_length=200)
    city = _text(_("城市"), max_length=100)
    theme = _text(_("主题"))
    attendance = forms.IntegerField(
        label=_("参会人数"), required=False, min_value=0, widget=forms.NumberInput(attrs=_SMALL)
    )
    fields_of = ("name", "kind", "date", "venue", "city", "theme", "attendance")

    def proposal_data(self) -> dict:
        data = super().proposal_data()
        data["date"] = data["date"].isoformat() if data.get("date") else None
        return data


class BodyProposalForm(ProposalForm):
    name = _text(_("名称"), required=True, max_length=200)
    kind = _kind(_("类型"), _body_kinds())
    fields_of = ("name", "kind")


class OrganizationProposalForm(ProposalForm):
    name = _text(_("名称"), required=True, max_length=200)
    kind = _kind(_("类型"), Organization.Kind.choices)
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        required=False,
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    fields_of = ("name", "kind", "roles")


class PersonProposalForm(ProposalForm):
    name = _text(_("姓名"), required=True, max_length=100)
    title = _text(_("职务"), max_length=200)
    organization = _text(_("单位"), max_length=200)
    fields_of = ("name", "title", "organization")


class AgendaProposalForm(ProposalForm):
    person = _text(_("发言人"), required=True, max_length=100)
    kind = _kind(_("类型"), AgendaItem.Kind.choices)
    fields_of = ("person", "kind")


class CountProposalForm(ProposalForm):
    subject = _text(_("名目"), required=True, max_length=100)
    value = forms.IntegerField(label=_("数量"), min_value=0, widget=forms.NumberInput(attrs=_SMALL))
    approx = forms.BooleanField(label=_("约数"), required=False)
    fields_of = ("subject", "value", "approx")


class CarrierProposalForm(ProposalForm):
    name = _text(_("名称"), required=True)
    kind = _kind(_("类型"), Carrier.Kind.choices)
    fields_of = ("name", "kind")


class AgreementProposalForm(ProposalForm):
    parties = _text(_("签约方"), max_length=2000)
    kind = _kind(_("类型"), Agreement.Kind.choices)
    fields_of = ("parties", "kind")

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, proposal=proposal, **kwargs)
        self.initial["parties"] = "、".join(proposal.data.get("parties") or [])
        self.fields["parties"].help_text = _("用顿号或逗号分隔")

    def proposal_data(self) -> dict:
        data = super().proposal_data()
        data["parties"] = [
            p.strip() for p in re.split(r"[、,，;；\n]", data["parties"] or "") if p.strip()
        ]
        return data


LINKABLE = {
    Proposal.Kind.EVENT,
    Proposal.Kind.BODY,
    Proposal.Kind.ORGANIZATION,
    Proposal.Kind.PERSON,
    Proposal.Kind.CARRIER,
}
FORMS: dict[str, type[ProposalForm]] = {
    Proposal.Kind.EVENT: EventProposalForm,
    Proposal.Kind.BODY: BodyProposalForm,
    Proposal.Kind.ORGANIZATION: OrganizationProposalForm,
    Proposal.Kind.PERSON: PersonProposalForm,
    Proposal.Kind.AGENDA: AgendaProposalForm,
    Proposal.Kind.COUNT: CountProposalForm,
    Proposal.Kind.CARRIER: CarrierProposalForm,
    Proposal.Kind.AGREEMENT: AgreementProposalForm,
}


def proposal_form(proposal: Proposal, data=None) -> ProposalForm:
    """The review form for one proposal (bound when ``data`` is the POST)."""
    return FORMS[proposal.kind](data, proposal=proposal)


class MainBodyForm(forms.Form):
    """The body the article is about: one of its proposed bodies, or one already registered."""

    main = forms.ChoiceField(
        label=_("所属产教融合体"), required=False, widget=forms.Select(attrs=_SELECT)
    )

    def __init__(self, *args, proposals: list[Proposal], bodies, article, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")]
        choices += [
            (f"p{p.pk}", _("本文：%(name)s") % {"name": p.data.get("name")})
            for p in proposals
            if p.kind == Proposal.Kind.BODY
        ]
        choices += [(f"b{b.pk}", b.name) for b in bodies]
        self.fields["main"].choices = choices
        main = next(
            (p for p in proposals if p.kind == Proposal.Kind.BODY and p.data.get("main")), None
        )
        self.initial["main"] = (
            f"p{main.pk}" if main else (f"b{article.body_id}" if article.body_id else "")
        )
