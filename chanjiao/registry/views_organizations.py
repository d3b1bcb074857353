"""Registry pages of organisations (单位): list, look-up options, page, history, create, edit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import (
    can_create_organization,
    can_create_person,
    can_edit_organization,
    require,
)
from chanjiao.core import panels
from chanjiao.core.forms import SearchForm
from chanjiao.core.views import (
    form_page,
    fresh,
    history_view,
    list_page,
)

from . import forms, lists, selectors, services

ORGANIZATIONS = gettext_lazy("单位")


# --- organisations (单位) -------------------------------------------------------------------


def _org_crumbs(org=None):
    crumbs = [(ORGANIZATIONS, reverse("registry:organization_list"))]
    if org is not None:
        crumbs.append(
            (org.short_name or org.name, reverse("registry:organization_detail", args=[org.pk]))
        )
    return crumbs


def _organization(request, pk: int):
    return get_object_or_404(selectors.organization_list(actor=request.user), pk=pk)


def organization_list(request):
    form = lists.ORGANIZATION_FILTERS.form(
        request.GET, choices={"body": selectors.visible_bodies(request.user).order_by("name")}
    )
    return list_page(
        request,
        template="registry/organization_list.html",
        partial="registry/_organization_table.html",
        filter_form=form,
        spec=lists.ORGANIZATIONS,
        queryset=selectors.organization_list(actor=request.user, **form.filters()),
        extra={"title": ORGANIZATIONS, "can_create": can_create_organization(request.user)},
    )


def organization_options(request):
    """<option>s of the units matching ``?q=`` for the searchable unit select (htmx)."""
    form = SearchForm(request.GET or None)
    orgs = selectors.organization_list(actor=request.user, **form.filters())[:100]
    return render(request, "registry/_organization_options.html", {"organizations": orgs})


def organization_detail(request, pk: int):
    actor = request.user
    org = _organization(request, pk)
    context = {
        "org": org,
        "title": org.name,
        "crumbs": _org_crumbs(),
        "memberships": selectors.organization_memberships(actor=actor, organization=org),
        "positions": selectors.organization_positions(actor=actor, organization=org),
        "can_edit": can_edit_organization(actor, org),
        "can_add_person": can_create_person(actor),
        # Its events, agreements and carriers, from the apps above (chanjiao.reports.panels).
        **panels.context("registry.organization_detail", actor=actor, organization=org),
    }
    return render(request, "registry/organization_detail.html", context)


organization_history = history_view(
    _organization,
    crumbs=_org_crumbs,
    detail="registry:organization_detail",
)


@login_required
def organization_create(request):
    require(
        can_create_organization(request.user),
        _("只有平台管理员或秘书处可以登记单位"),
    )
    form = forms.OrganizationForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.organization_create(actor=request.user, **form.cleaned_data),
        message=lambda org: _("已登记“%(name)s”。") % {"name": org},
        done=lambda org: redirect("registry:organization_detail", pk=org.pk),
        title=_("登记单位"),
        crumbs=_org_crumbs(),
        cancel_url=reverse("registry:organization_list"),
    )


@login_required
def organization_edit(request, pk: int):
    org = _organization(request, pk)
    require(
        can_edit_organization(request.user, org),
        _("只有该单位联系人或平台管理员可以修改单位信息"),
    )
    form = forms.OrganizationForm(request.POST or None, instance=fresh(org))
    return form_page(
        request,
        form,
        save=lambda: services.organization_update(
            actor=request.user, organization=org, data=form.cleaned_data
        ),
        message=_("已保存。"),
        done=lambda _saved: redirect("registry:organization_detail", pk=org.pk),
        title=_("编辑单位信息"),
        crumbs=_org_crumbs(org),
        cancel_url=reverse("registry:organization_detail", args=[pk]),
    )
