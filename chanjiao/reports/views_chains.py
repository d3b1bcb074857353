"""The chain-alignment page (产业链对接) of a body or a region, and the pages that keep the
industry chains (产业链) it sets against the majors offered and the demand posted."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.core.forms import ModelForm
from chanjiao.core.validators import validate_region_code
from chanjiao.core.views import delete_page, form_page, fresh, model_data, render_history
from chanjiao.registry.models import Body
from chanjiao.registry.selectors import visible_bodies
from chanjiao.talent.forms import MajorMultipleChoiceField
from chanjiao.talent.models import Major, MajorCategory, MajorClass
from chanjiao.talent.selectors import gap_includes_synthetic, gap_years

from . import services
from .chains import STATUS_LABELS, TOLERANCE, alignment, summary
from .models import IndustryChain

ALIGNMENT = gettext_lazy("产业链对接")


class AlignmentForm(forms.Form):
    """Whose chains (a body the reader may see, or a region) and which year."""

    body = forms.ModelChoiceField(label=gettext_lazy("产教融合体"), queryset=None, required=False)
    region = forms.CharField(
        label=gettext_lazy("或地区（行政区划代码）"),
        required=False,
        max_length=6,
        validators=[validate_region_code],
        help_text=gettext_lazy("如 510100：该地区的产业链，及其下辖区县的学校与岗位"),
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"), min_value=1990, max_value=2100, required=False
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class IndustryChainForm(ModelForm):
    majors = MajorMultipleChoiceField(
        label=gettext_lazy("对应专业"),
        queryset=Major.objects.order_by("level", "code", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("按住 Ctrl（Mac 为 ⌘）可多选"),
    )

    class Meta:
        model = IndustryChain
        fields = [
            "name",
            "order",
            "description",
            "majors",
            "major_classes",
            "categories",
            "source",
            "is_synthetic",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "major_classes": forms.SelectMultiple(attrs={"size": 6}),
            "categories": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major_classes"].queryset = MajorClass.objects.order_by("code")
        self.fields["categories"].queryset = MajorCategory.objects.order_by("level", "code")


def _scope(request) -> tuple[AlignmentForm, Body | None, str, int | None]:
    bodies = visible_bodies(request.user).order_by("name")
    form = AlignmentForm(request.GET or None, bodies=bodies)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data.get("body"), data.get("region") or "", data.get("year")


def alignment_url(*, body: Body | None = None, region: str = "", year: int | None = None) -> str:
    query = {"body": body.pk} if body is not None else {"region": region}
    if year:
        query["year"] = year
    return reverse("chain_alignment") + "?" + urlencode(query)


def chain_alignment(request):
    """A body's (or a region's) industry chains against the majors offered and the demand."""
    form, body, region, year = _scope(request)
    context = {"title": ALIGNMENT, "form": form, "body": body, "region": region, "rows": None}
    if body is not None or region:
        if year is None:
            years = gap_years(actor=request.user, body=body.pk if body else None)
            year = years[0] if years else timezone.localdate().year
        rows = alignment(actor=request.user, year=year, body=body, region=region)
        context.update(
            year=year,
            rows=rows,
            summary=[(STATUS_LABELS[s], n, s) for s, n in summary(rows).items() if n],
            may_edit=services.may_edit_chain(request.user, body),
            add_url=reverse("chain_create", args=[body.pk])
            if body is not None
            else reverse("region_chain_create", args=[region]),
            tolerance=round(TOLERANCE * 100),
            synthetic=any(r.chain and r.chain.is_synthetic for r in rows)
            or gap_includes_synthetic(
                actor=request.user, body=body.pk if body else None, year=year
            ),
        )
    return render(request, "reports/chain_alignment.html", context)


def _back(chain: IndustryChain) -> str:
    return alignment_url(body=chain.body, region=chain.region_code)


def _crumbs(chain: IndustryChain | None = None, *, body=None, region: str = "") -> list[tuple]:
    if chain is not None:
        body, region = chain.body, chain.region_code
    return [(ALIGNMENT, alignment_url(body=body, region=region))]


def _create(request, *, body: Body | None, region: str = ""):
    if not services.may_edit_chain(request.user, body):
        raise PermissionDenied(services.CHAIN_DENIED)
    bound = IndustryChainForm(request.POST or None)
    return form_page(
        request,
        bound,
        save=lambda: services.industry_chain_create(
            actor=request.user, body=body, region_code=region, **model_data(bound)
        ),
        message=lambda chain: _("已添加产业链“%(name)s”。") % {"name": chain.name},
        done=lambda chain: redirect(_back(chain)),
        title=_("添加产业链"),
        crumbs=_crumbs(body=body, region=region),
        cancel_url=alignment_url(body=body, region=region),
    )


@login_required
def chain_create(request, pk: int):
    """Add a chain to a body (its secretariat)."""
    return _create(request, body=get_object_or_404(visible_bodies(request.user), pk=pk))


@login_required
def region_chain_create(request, code: str):
    """Add a chain to a region (platform admins): a city's key industry chains."""
    return _create(request, body=None, region=code)


def _chain(request, pk: int) -> IndustryChain:
    """A chain of a body the reader may see, or of a region (404 otherwise)."""
    visible = IndustryChain.objects.filter(body__in=visible_bodies(request.user))
    return get_object_or_404(visible | IndustryChain.objects.filter(body=None), pk=pk)


def _editable(request, pk: int) -> IndustryChain:
    chain = _chain(request, pk)
    if not services.may_edit_chain(request.user, chain.body):
        raise PermissionDenied(services.CHAIN_DENIED)
    return chain


@login_required
def chain_edit(request, pk: int):
    chain = _editable(request, pk)
    bound = IndustryChainForm(request.POST or None, instance=fresh(chain))
    return form_page(
        request,
        bound,
        save=lambda: services.industry_chain_update(
            actor=request.user, industry_chain=chain, data=model_data(bound)
        ),
        message=_("已保存。"),
        done=lambda saved: redirect(_back(saved)),
        title=_("编辑产业链"),
        crumbs=_crumbs(chain),
        cancel_url=_back(chain),
    )


@login_required
def chain_delete(request, pk: int):
    chain = _editable(request, pk)
    return delete_page(
        request,
        chain,
        delete=lambda: services.industry_chain_delete(actor=request.user, industry_chain=chain),
        back=_back(chain),
        crumbs=_crumbs(chain),
    )


def chain_history(request, pk: int):
    chain = _chain(request, pk)
    return render_history(request, chain, crumbs=_crumbs(chain), back_url=_back(chain))
