"""Forms of the talent pages (validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chanjiao.core.forms import ModelForm, SpreadsheetField
from chanjiao.registry.forms import OrganizationChoiceField
from chanjiao.registry.models import Body, Organization

from .models import DEFAULT_WEIGHTS, Cohort, Major, MatchRun, Placement, Posting, split_skills

ALL = _("全部")
SCHOOL_KINDS = ["vocational_college", "secondary_school", "university"]


def _blank(choices):
    return [("", ALL), *choices]


class SkillsField(forms.CharField):
    """Skills typed as one text (separated by 、 , ; or new lines), stored as a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("help_text", _("用顿号、逗号或换行分隔"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "、".join(value)
        return value

    def to_python(self, value):
        return split_skills(super().to_python(value))


class MajorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.code} {obj.name}" if obj.code else obj.name
        return _("%(name)s（%(detail)s）") % {"name": label, "detail": obj.get_level_display()}


class MajorMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return MajorChoiceField.label_from_instance(self, obj)


def _majors():
    return Major.objects.select_related("category").order_by("level", "code", "name")


class GapForm(forms.Form):
    """The gap page's filters: which body, region and year, grouped by what."""

    BY_CHOICES = [
        ("major", _("按专业")),
        ("category", _("按专业大类")),
        ("industry", _("按行业")),
        ("region", _("按地区")),
    ]

    body = forms.ModelChoiceField(
        label=_("产教融合体"), queryset=Body.objects.none(), required=False, empty_label=ALL
    )
    region = forms.CharField(label=_("地区"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("毕业年份"), required=False, coerce=int, empty_value=None)
    by = forms.ChoiceField(label=_("分组"), choices=BY_CHOICES, required=False, initial="major")

    def __init__(self, *args, bodies, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["year"].choices = [("", ALL), *[(y, str(y)) for y in years]]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"by": "major"}
        data = self.cleaned_data
        return {
            "body": data["body"].pk if data.get("body") else None,
            "region": data.get("region") or None,
            "year": data.get("year"),
            "by": data.get("by") or "major",
        }


class _FiledUnderBody(ModelForm):
    """Cohorts and postings are filed under a body the user runs; contacts of the unit itself
    and admins may leave it empty."""

    org_field = ""
    #: The look-up's narrowing, as the view narrows the units (a cohort's school is a school).
    org_params: dict = {}

    def __init__(self, *args, bodies, organizations, body_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].required = body_required
        self.fields[self.org_field].queryset = organizations
        self.fields[self.org_field].widget.params = dict(self.org_params)
        self.fields["skills"] = SkillsField(label=self.fields["skills"].label)


class CohortForm(_FiledUnderBody):
    org_field = "school"
    org_params = {"kind": SCHOOL_KINDS}

    class Meta:
        model = Cohort
        fields = [
            "school",
            "major",
            "name",
            "intake_year",
            "graduation_year",
            "headcount",
            "skills",
            "body",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"school": OrganizationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major"] = MajorChoiceField(label=_("专业"), queryset=_majors())


class PostingForm(_FiledUnderBody):
    org_field = "enterprise"

    class Meta:
        model = Posting
        fields = [
            "enterprise",
            "title",
            "kind",
            "status",
            "major",
            "majors",
            "skills",
            "region",
            "headcount",
            "starts_on",
            "ends_on",
            "body",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"enterprise": OrganizationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        help_major = self.fields["major"].help_text
        self.fields["major"] = MajorChoiceField(
            label=_("主要专业"), queryset=_majors(), required=False, help_text=help_major
        )
        self.fields["majors"] = MajorMultipleChoiceField(
            label=_("其他可接受专业"),
            queryset=_majors(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
            help_text=_("按住 Ctrl（Mac 为 ⌘）可多选"),
        )


def organizations_for(kinds: list[str] | None, ids=None):
    """Organisations to pick from: of these kinds (schools), or only these ids (a contact's)."""
    qs = Organization.objects.order_by("name")
    if ids is not None:
        return qs.filter(pk__in=ids)
    return qs.filter(kind__in=kinds) if kinds else qs


class MatchRunForm(forms.Form):
    """Start a match run: the method, the score weights and which students and postings."""

    mode = forms.ChoiceField(
        label=_("匹配方式"),
        choices=MatchRun.Mode.choices,
        initial=MatchRun.Mode.STABLE,
        widget=forms.RadioSelect,
        help_text=_(
            "稳定匹配：学生按志愿申请，没有一对学生与岗位都更愿意彼此；最优分配：总得分最高。"
        ),
    )
    w_major_fit = forms.FloatField(label=_("权重：专业对口"), min_value=0, max_value=100)
    w_skills_overlap = forms.FloatField(label=_("权重：技能重合"), min_value=0, max_value=100)
    w_region = forms.FloatField(label=_("权重：地区一致"), min_value=0, max_value=100)
    w_preference_rank = forms.FloatField(label=_("权重：学生志愿"), min_value=0, max_value=100)
    w_enterprise = forms.FloatField(label=_("权重：企业评价"), min_value=0, max_value=100)
    year = forms.IntegerField(
        label=_("毕业年份"),
        required=False,
        min_value=1949,
        max_value=2100,
        help_text=_("留空则包括所有未安置学生"),
    )
    kinds = forms.MultipleChoiceField(
        label=_("岗位类型"),
        choices=Posting.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则包括全部类型"),
    )
    include_unapplied = forms.BooleanField(
        label=_("也考虑学生未填报、但专业相符的岗位"), required=False
    )
    min_score = forms.FloatField(
        label=_("最低得分（0–1）"), min_value=0, max_value=1, initial=0, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in DEFAULT_WEIGHTS.items():
            self.fields[f"w_{name}"].initial = value

    def clean(self):
        data = super().clean()
        if all(not data.get(f"w_{name}") for name in DEFAULT_WEIGHTS) and not self.errors:
            raise forms.ValidationError(_("权重不能全为 0"))
        return data

    def service_input(self) -> dict:
        data = self.cleaned_data
        return {
            "mode": data["mode"],
            "weights": {name: data[f"w_{name}"] for name in DEFAULT_WEIGHTS},
            "parameters": {
                "year": data.get("year"),
                "kinds": data.get("kinds") or [],
                "include_unapplied": bool(data.get("include_unapplied")),
                "min_score": data.get("min_score") or 0.0,
            },
        }


class PlacementOutcomeForm(ModelForm):
    class Meta:
        model = Placement
        fields = ["status", "accepted_on", "started_on", "finished_on", "hired_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"status": _("日期留空时，按所选状态自动填为今天")}


class TalentFileForm(forms.Form):
    file = SpreadsheetField(
        label=_("文件（.xlsx）"), help_text=_("第一行为表头；最大 10 MB"), csv=True
    )
