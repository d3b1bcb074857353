"""Registry pages: bodies (产教融合体), their members, terms, committees and charters
(organisations and people: views_organizations.py, views_people.py).

Each view reads through a selector, writes through a service and renders; a service's
ValidationError goes back onto the form, its PermissionDenied becomes a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.accounts.permissions import (
    can_edit_body,
    is_platform_admin,
    require,
)
from chanjiao.core import panels
from chanjiao.core.forms import SearchForm
from chanjiao.core.templatetags.cj import url_or_none
from chanjiao.core.views import (
    Parts,
    create_view,
    edit_view,
    form_page,
    fresh,
    history_view,
    list_view,
    record_crumbs,
    render_form,
    run_service,
)

from . import forms, lists, selectors, services
from .models import Charter, Committee, DeclaredCount, Membership, Role, Term

BODIES = pgettext_lazy("list", "产教融合体")


_body_crumbs = record_crumbs(
    BODIES, "registry:body_list", "registry:body_detail", lambda body: body.short_name or body.name
)


def _body_for_edit(request, pk):
    body = selectors.body_detail(actor=request.user, pk=pk)
    require(can_edit_body(request.user, body))
    return body


# --- bodies -------------------------------------------------------------------------------


#: 产教融合体列表 with search (names, aliases) and filters.
body_list = list_view(
    "registry/body",
    filters=lists.BODY_FILTERS,
    selector=lambda **filters: selectors.body_list(**filters).order_by("name"),
    spec=lists.BODIES,
    extra=lambda request: {"title": BODIES, "can_create": is_platform_admin(request.user)},
)


MEMBERS_PER_PAGE = 50
#: How many of a body's latest events, agreements and carriers its page shows.
SIDE_LIST_LENGTH = 8


def body_detail(request, pk: int):
    """The body's page: who it is, who belongs to it (against what it declared), what it did."""
    actor = request.user
    body = selectors.body_detail(actor=actor, pk=pk)
    counts = selectors.body_member_counts(actor=actor, body=body)
    summary = counts.summary
    # The members are paged on the server (a body may have tens of thousands), filtered by
    # role (?role=) and by the unit's name (?q=).
    member_role = request.GET.get("role") or ""
    if member_role not in Role.values:
        member_role = ""
    member_q = SearchForm(request.GET).filters().get("q", "")
    members = selectors.body_members(
        actor=actor, body=body, role=member_role or None, q=member_q, by_role=True
    )
    members_paginator = Paginator(members, MEMBERS_PER_PAGE)
    if not member_q:
        # The counts above cover the same rows (current members, of the role if one is asked):
        # no second count over tens of thousands of memberships.
        members_paginator.count = counts.registered(member_role or None)
    context = {
        "body": body,
        "title": body.name,
        "crumbs": _body_crumbs(),
        "summary": summary,
        "page_obj": members_paginator.get_page(request.GET.get("page")),
        "member_role": member_role,
        "member_q": member_q,
        "member_role_label": Role(member_role).label if member_role else "",
        "member_total": counts.total,
        "declared_total": sum(s.declared or 0 for s in summary),
        "declared_registered": sum(s.registered for s in summary if s.declared is not None),
        "stat_columns": max(3, min(len(summary) + 1, 6)),
        "terms": body.terms.all(),
        "committees": selectors.body_committees(actor=actor, body=body),
        "charters": body.charters.all(),
        "declared_counts": body.declared_counts.all(),
        "children": selectors.visible_bodies(actor).filter(parent=body),
        "can_edit": can_edit_body(actor, body),
        # The Excel pages live in views_excel.py; link them only once they exist.
        "import_url": url_or_none("registry:member_import", pk=body.pk),
        "export_url": url_or_none("registry:member_export", pk=body.pk),
        # The body's events, agreements and carriers (the latest few of each; "全部" links to
        # the filtered list), from the apps above (chanjiao.reports.panels).
        **panels.context("registry.body_detail", actor=actor, body=body, limit=SIDE_LIST_LENGTH),
    }
    return render(request, "registry/body_detail.html", context)


body_history = history_view(
    lambda request, pk: selectors.body_detail(actor=request.user, pk=pk),
    crumbs=_body_crumbs,
    detail="registry:body_detail",
)


body_create = create_view(
    allowed=is_platform_admin,
    denied=gettext_lazy("只有平台管理员可以创建产教融合体"),
    form=lambda request: forms.BodyForm(request.POST or None),
    create=services.body_create,
    message=lambda body: _("已创建“%(name)s”。") % {"name": body},
    detail="registry:body_detail",
    title=gettext_lazy("新建产教融合体"),
    crumbs=_body_crumbs,
    cancel="registry:body_list",
)


body_edit = edit_view(
    _body_for_edit,
    form=lambda request, body: forms.BodyForm(request.POST or None, instance=body),
    update=services.body_update,
    detail="registry:body_detail",
    title=gettext_lazy("编辑基本信息"),
    crumbs=_body_crumbs,
)


#: The pages adding, changing and removing a body's parts (terms, committees, charters …).
body_parts = Parts(_body_for_edit, crumbs=_body_crumbs, detail="registry:body_detail")
term_parts = body_parts.part(lambda body: body.terms.all(), "term", "#terms")
committee_parts = body_parts.part(lambda body: body.committees.all(), "committee", "#committees")
charter_parts = body_parts.part(lambda body: body.charters.all(), "charter", "#charters")
declared_count_parts = body_parts.part(lambda body: body.declared_counts.all(), "declared_count")


declared_count_add = declared_count_parts.add(
    form=lambda request, body: forms.DeclaredCountForm(
        request.POST or None, instance=DeclaredCount(body=body)
    ),
    create=services.declared_count_set,
    message=gettext_lazy("已保存公布数量。"),
    title=gettext_lazy("设置公布数量"),
    form_intro=gettext_lazy(
        "新闻报道或文件公布的数量，例如“成员单位 79 家”；同一角色再次设置会覆盖原值。"
    ),
)


# --- members (成员单位) ---------------------------------------------------------------------


@login_required
def member_add(request, pk: int):
    """Admit a unit into the body; a unit not registered yet is registered on the way."""
    body = _body_for_edit(request, pk)
    role = request.GET.get("role")
    form = forms.MembershipForm(
        request.POST or None,
        body=body,
        instance=Membership(body=body),
        initial={"role": role} if role in Role.values else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def admit():
            # One transaction: a refused membership must not leave a new unit behind.
            with transaction.atomic():
                org = data["organization"]
                if org is None:
                    org, _created = services.organization_get_or_create(
                        actor=request.user,
                        name=data["new_name"],
                        defaults={"kind": data["new_kind"], "registered_by_body": body},
                    )
                return services.membership_create(
                    actor=request.user,
                    body=body,
                    organization=org,
                    role=data["role"],
                    term=data["term"],
                    since=data["since"],
                    contact=data["contact"],
                    notes=data["notes"],
                )

        membership = run_service(form, admit)
        if membership:
            messages.success(
                request,
                _("已添加“%(org)s”为%(role)s。")
                % {"org": membership.organization, "role": membership.get_role_display()},
            )
            if "add_another" in request.POST:
                url = reverse("registry:member_add", args=[body.pk])
                return redirect(f"{url}?role={membership.role}")
            return redirect(reverse("registry:body_detail", args=[body.pk]) + "#members")
    return render_form(
        request,
        form,
        title=_("添加成员单位"),
        crumbs=_body_crumbs(body),
        cancel_url=reverse("registry:body_detail", args=[pk]),
        template="registry/member_form.html",
        body=body,
    )


def _membership(request, pk: int, mpk: int) -> Membership:
    body = _body_for_edit(request, pk)
    return get_object_or_404(
        Membership.objects.select_related("organization", "body", "term"), pk=mpk, body=body
    )


@login_required
def member_edit(request, pk: int, mpk: int):
    membership = _membership(request, pk, mpk)
    form = forms.MembershipEditForm(request.POST or None, instance=fresh(membership))
    return form_page(
        request,
        form,
        save=lambda: services.membership_update(
            actor=request.user, membership=membership, data=form.cleaned_data
        ),
        message=_("已保存。"),
        done=lambda _saved: redirect(reverse("registry:body_detail", args=[pk]) + "#members"),
        title=_("编辑成员：%(org)s") % {"org": membership.organization},
        crumbs=_body_crumbs(membership.body),
        cancel_url=reverse("registry:body_detail", args=[pk]),
    )


@login_required
def member_remove(request, pk: int, mpk: int):
    """End a membership (the unit left; kept in the record) or delete one entered by mistake."""
    membership = _membership(request, pk, mpk)
    form = forms.MembershipEndForm(request.POST if request.POST.get("action") == "end" else None)
    back = reverse("registry:body_detail", args=[pk]) + "#members"
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            services.membership_delete(actor=request.user, membership=membership)
            messages.success(
                request, _("已删除成员记录“%(org)s”。") % {"org": membership.organization}
            )
            return redirect(back)
        if form.is_valid() and run_service(
            form,
            lambda: services.membership_update(
                actor=request.user, membership=membership, data=form.cleaned_data
            ),
        ):
            messages.success(request, _("已记录“%(org)s”退出。") % {"org": membership.organization})
            return redirect(back)
    return render(
        request,
        "registry/member_remove.html",
        {
            "membership": membership,
            "form": form,
            "title": _("移除成员"),
            "crumbs": _body_crumbs(membership.body),
            "cancel_url": back,
        },
    )


# --- terms, committees, charters ----------------------------------------------------------


term_add = term_parts.add(
    form=lambda request, body: forms.TermForm(request.POST or None, instance=Term(body=body)),
    create=services.term_create,
    message=gettext_lazy("已新增届次。"),
    title=gettext_lazy("新增届次"),
)


committee_add = committee_parts.add(
    form=lambda request, body: forms.CommitteeForm(
        request.POST or None, body=body, instance=Committee(body=body)
    ),
    create=services.committee_create,
    message=gettext_lazy("已新增委员会。"),
    title=gettext_lazy("新增委员会"),
)


charter_add = charter_parts.add(
    form=lambda request, body: forms.CharterForm(
        request.POST or None, request.FILES or None, instance=Charter(body=body)
    ),
    create=services.charter_create,
    message=gettext_lazy("已新增章程版本。"),
    title=gettext_lazy("新增章程版本"),
)


@login_required
def seat_add(request, pk: int, cpk: int):
    """Seat a person or a unit on a committee (主任, 副主任, 委员, 秘书)."""
    body = _body_for_edit(request, pk)
    committee = get_object_or_404(Committee, pk=cpk, body=body)
    form = forms.CommitteeSeatForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.committee_seat_create(
            actor=request.user, committee=committee, **form.cleaned_data
        ),
        message=_("已添加委员会席位。"),
        done=lambda _saved: redirect(reverse("registry:body_detail", args=[pk]) + "#committees"),
        title=_("添加席位：%(committee)s") % {"committee": committee},
        crumbs=_body_crumbs(body),
        cancel_url=reverse("registry:body_detail", args=[pk]) + "#committees",
    )
