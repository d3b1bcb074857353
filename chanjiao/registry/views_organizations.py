"""Registry pages of organisations (单位): list, look-up options, page, history, create, edit."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.accounts.permissions import (
    can_create_organization,
    can_create_person,
    can_edit_organization,
)
from chanjiao.core import panels
from chanjiao.core.views import (
    create_view,
    edit_view,
    history_view,
    list_view,
    record_crumbs,
    visible_record,
)

from . import forms, lists, selectors, services

ORGANIZATIONS = pgettext_lazy("list", "单位")


# --- organisations (单位) -------------------------------------------------------------------


_org_crumbs = record_crumbs(
    ORGANIZATIONS,
    "registry:organization_list",
    "registry:organization_detail",
    lambda org: org.short_name or org.name,
)


_organization = visible_record(selectors.organization_list)


organization_list = list_view(
    "registry/organization",
    filters=lists.ORGANIZATION_FILTERS,
    choices=lambda user: {"body": selectors.visible_bodies(user).order_by("name")},
    selector=selectors.organization_list,
    spec=lists.ORGANIZATIONS,
    extra=lambda request: {
        "title": ORGANIZATIONS,
        "can_create": can_create_organization(request.user),
    },
)


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


organization_create = create_view(
    allowed=can_create_organization,
    denied=gettext_lazy("只有平台管理员或秘书处可以登记单位"),
    form=lambda request: forms.OrganizationForm(request.POST or None),
    create=services.organization_create,
    message=lambda org: _("已登记“%(name)s”。") % {"name": org},
    detail="registry:organization_detail",
    title=gettext_lazy("登记单位"),
    crumbs=_org_crumbs,
    cancel="registry:organization_list",
)


organization_edit = edit_view(
    _organization,
    allowed=can_edit_organization,
    denied=gettext_lazy("只有该单位联系人或平台管理员可以修改单位信息"),
    form=lambda request, org: forms.OrganizationForm(request.POST or None, instance=org),
    update=services.organization_update,
    detail="registry:organization_detail",
    title=gettext_lazy("编辑单位信息"),
    crumbs=_org_crumbs,
)
