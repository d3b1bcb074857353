"""Five-golds pages: a body's programme (五金建设) with its five categories, a category with its
results and the nominations waiting, a unit's nominations, the forms to nominate, edit, submit
and review, the evidence file, and the published list (公示名单) with its .xlsx export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chanjiao.accounts.permissions import (
    can_read_body,
    contact_organization_ids,
    is_platform_admin,
    require,
)
from chanjiao.cooperation.models import Carrier
from chanjiao.core.exceptions import Conflict
from chanjiao.core.uploads import private_file_response
from chanjiao.core.views import (
    delete_page,
    form_page,
    history_view,
    list_view,
    model_data,
    render_form,
    run_service,
)
from chanjiao.core.words import sentences
from chanjiao.registry.models import Body, Organization

from . import forms, lists, selectors, services
from .models import GoldsNomination
from .permissions import (
    can_edit_nomination,
    can_review,
    can_review_category,
    can_run_programme,
    insider_q,
    may_nominate_somewhere,
    own_nomination,
)

PROGRAMME = gettext_lazy("五金建设")
RESULTS = gettext_lazy("五金成果公示名单")


def _body(request, pk: int) -> Body:
    """A body the reader may see the programme page of (404 otherwise)."""
    body = get_object_or_404(Body, pk=pk)
    user = request.user
    if not can_read_body(user, body) and not selectors.golds_programme_list(actor=user, body=pk):
        raise Http404
    return body


def _programme(request, pk: int):
    return get_object_or_404(selectors.golds_programme_list(actor=request.user), pk=pk)


def _category(request, pk: int):
    return get_object_or_404(selectors.golds_category_list(actor=request.user), pk=pk)


def _nomination(request, pk: int) -> GoldsNomination:
    return get_object_or_404(selectors.golds_nomination_list(actor=request.user), pk=pk)


def _crumbs(body: Body, *more) -> list[tuple]:
    return [
        (body.short_name or body.name, reverse("registry:body_detail", args=[body.pk])),
        (PROGRAMME, reverse("golds:programme", args=[body.pk])),
        *more,
    ]


def _category_crumb(category) -> tuple:
    return (category.get_kind_display(), reverse("golds:category", args=[category.pk]))


# --- the programme --------------------------------------------------------------------------


def programme(request, pk: int):
    """A body's programme: its five categories, their committees, what waits, results per
    level; the secretariat starts it here when there is none."""
    body = _body(request, pk)
    found = selectors.golds_programme_list(actor=request.user, body=body.pk).first()
    may_run = can_run_programme(request.user, body)
    if found is None and not may_run:
        raise Http404
    context = {
        "title": found.name if found else _("五金建设"),
        "body": body,
        "programme": found,
        "may_run": may_run,
        "rows": selectors.programme_overview(actor=request.user, programme=found) if found else [],
        "waiting": selectors.nominations_waiting(actor=request.user).filter(
            category__programme__body=body
        )[:20],
        "units": forms.member_units(body, contact_organization_ids(request.user))
        if request.user.is_authenticated
        else [],
        "crumbs": [(body.short_name or body.name, reverse("registry:body_detail", args=[body.pk]))],
    }
    return render(request, "golds/programme.html", context)


@login_required
def programme_create(request, pk: int):
    body = get_object_or_404(Body, pk=pk)
    require(can_run_programme(request.user, body), services.RUN_DENIED)
    form = forms.ProgrammeForm(
        request.POST or None, body=body, with_committees=True,
        initial={"name": _("%(body)s五金建设") % {"body": body.short_name or body.name}},
    )  # fmt: skip
    return form_page(
        request,
        form,
        save=lambda: services.golds_programme_create(
            actor=request.user, body=body, **form.data_for_service()
        ),
        message=_("已启动五金建设。"),
        done=lambda _p: redirect("golds:programme", pk=body.pk),
        title=_("启动五金建设"),
        crumbs=_crumbs(body)[:1],
        cancel_url=reverse("registry:body_detail", args=[body.pk]),
    )


@login_required
def programme_edit(request, pk: int):
    found = _programme(request, pk)
    require(can_run_programme(request.user, found.body_id), services.RUN_DENIED)
    form = forms.ProgrammeForm(request.POST or None, instance=_fresh(found), body=found.body)
    return form_page(
        request,
        form,
        save=lambda: services.golds_programme_update(
            actor=request.user, golds_programme=found, data=form.data_for_service()
        ),
        message=_("已保存。"),
        done=lambda _p: redirect("golds:programme", pk=found.body_id),
        title=_("编辑五金建设"),
        crumbs=_crumbs(found.body),
        cancel_url=reverse("golds:programme", args=[found.body_id]),
    )


def _fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


# --- categories -----------------------------------------------------------------------------


def category(request, pk: int):
    """A category: its committee, its results, and — for its reviewers and the units' contacts
    — the nominations in progress they may see."""
    found = _category(request, pk)
    user = request.user
    body = found.programme.body
    nominations = selectors.golds_nomination_list(actor=user, category=found.pk)
    context = {
        "title": found.get_kind_display(),
        "category": found,
        "body": body,
        "results": nominations.filter(status=GoldsNomination.Status.RECOGNISED).order_by(
            "-recognised_year", "name", "pk"
        ),
        "in_progress": nominations.exclude(status=GoldsNomination.Status.RECOGNISED).order_by(
            "status", "-year", "pk"
        ),
        "may_review": can_review_category(user, found),
        "may_run": can_run_programme(user, body),
        "may_nominate": may_nominate_somewhere(user, body),
        "crumbs": _crumbs(body),
    }
    return render(request, "golds/category.html", context)


@login_required
def category_edit(request, pk: int):
    found = _category(request, pk)
    require(can_run_programme(request.user, found.programme.body_id), services.RUN_DENIED)
    form = forms.CategoryForm(request.POST or None, instance=_fresh(found))
    return form_page(
        request,
        form,
        save=lambda: services.golds_category_update(
            actor=request.user, golds_category=found, data=model_data(form)
        ),
        message=_("已保存。"),
        done=lambda _c: redirect("golds:category", pk=found.pk),
        title=_("更换负责委员会：%(kind)s") % {"kind": found.get_kind_display()},
        crumbs=_crumbs(found.programme.body, _category_crumb(found)),
        cancel_url=reverse("golds:category", args=[found.pk]),
    )


# --- nominations ----------------------------------------------------------------------------


def _units(user, body):
    if can_run_programme(user, body):
        return forms.member_units(body)
    return forms.member_units(body, contact_organization_ids(user))


@login_required
def nominate(request, pk: int):
    found = _category(request, pk)
    body = found.programme.body
    units = _units(request.user, body)
    if not units.exists():
        raise PermissionDenied(services.NOMINATE_DENIED)
    form = forms.NominationForm(
        request.POST or None, request.FILES or None,
        units=units, carriers=Carrier.objects.filter(body=body).order_by("name"), body=body,
    )  # fmt: skip
    return form_page(
        request,
        form,
        save=lambda: services.golds_nomination_create(
            actor=request.user, category=found, **model_data(form)
        ),
        message=_("已保存申报草稿；确认无误后请提交评审。"),
        done=lambda n: redirect("golds:nomination", pk=n.pk),
        title=_("申报%(kind)s") % {"kind": found.get_kind_display()},
        crumbs=_crumbs(body, _category_crumb(found)),
        cancel_url=reverse("golds:category", args=[found.pk]),
    )


def nomination(request, pk: int):
    found = _nomination(request, pk)
    user = request.user
    category = found.category
    may_review = (
        found.status == GoldsNomination.Status.SUBMITTED
        and user.is_authenticated
        and can_review(user, found)
    )
    context = {
        "title": found.name,
        "nomination": found,
        "category": category,
        "body": category.programme.body,
        "may_edit": found.is_editable
        and user.is_authenticated
        and can_edit_nomination(user, found),
        "may_review": may_review,
        "own": user.is_authenticated and own_nomination(user, found),
        "review_form": forms.ReviewForm() if may_review else None,
        "crumbs": _crumbs(category.programme.body, _category_crumb(category)),
    }
    return render(request, "golds/nomination_detail.html", context)


@login_required
def nomination_edit(request, pk: int):
    found = _nomination(request, pk)
    require(can_edit_nomination(request.user, found), services.NOMINATE_DENIED)
    body = found.category.programme.body
    form = forms.NominationForm(
        request.POST or None, request.FILES or None, instance=_fresh(found),
        units=_units(request.user, body),
        carriers=Carrier.objects.filter(body=body).order_by("name"),
        body=body,
    )  # fmt: skip
    return form_page(
        request,
        form,
        save=lambda: services.golds_nomination_update(
            actor=request.user, golds_nomination=found, data=model_data(form)
        ),
        message=_("已保存。"),
        done=lambda _n: redirect("golds:nomination", pk=pk),
        title=_("修改申报：%(name)s") % {"name": found.name},
        crumbs=_crumbs(body, _category_crumb(found.category)),
        cancel_url=reverse("golds:nomination", args=[pk]),
    )


@login_required
def nomination_delete(request, pk: int):
    found = _nomination(request, pk)
    require(can_edit_nomination(request.user, found), services.NOMINATE_DENIED)
    back = reverse("golds:category", args=[found.category_id])
    crumbs = _crumbs(found.category.programme.body, _category_crumb(found.category))
    try:
        return delete_page(
            request, found, back=back, crumbs=crumbs,
            delete=lambda: services.golds_nomination_delete(
                actor=request.user, golds_nomination=found
            ),
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
        return redirect("golds:nomination", pk=pk)


@login_required
@require_POST
def nomination_submit(request, pk: int):
    found = _nomination(request, pk)
    try:
        services.golds_nomination_submit(actor=request.user, golds_nomination=found)
    except Conflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(request, _("已提交评审。"))
    return redirect("golds:nomination", pk=pk)


@login_required
def nomination_review(request, pk: int):
    """The review form (GET) and the decision (POST): return, recognise, not recognise."""
    found = _nomination(request, pk)
    require(not own_nomination(request.user, found), services.OWN_DENIED)
    require(can_review(request.user, found), services.REVIEW_DENIED)
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = data["decision"]

        def call():
            if decision == form.RECOGNISE:
                return services.golds_nomination_recognise(
                    actor=request.user, golds_nomination=found,
                    level=data["level"], year=data["year"], note=data["note"],
                )  # fmt: skip
            if decision == form.RETURN:
                return services.golds_nomination_return(
                    actor=request.user, golds_nomination=found, note=data["note"]
                )
            return services.golds_nomination_reject(
                actor=request.user, golds_nomination=found, reason=data["note"]
            )

        try:
            done = run_service(form, call)
        except Conflict as exc:
            messages.error(request, str(exc))
            return redirect("golds:nomination", pk=pk)
        if done is not None:
            messages.success(
                request, _("评审结论已保存：%(status)s") % {"status": done.get_status_display()}
            )
            return redirect("golds:nomination", pk=pk)
    return render_form(
        request,
        form,
        title=_("评审：%(name)s") % {"name": found.name},
        crumbs=_crumbs(found.category.programme.body, _category_crumb(found.category)),
        cancel_url=reverse("golds:nomination", args=[pk]),
        submit_label=_("保存评审结论"),
    )


def nomination_evidence(request, pk: int):
    """The evidence file, for whoever may read the nomination."""
    found = _nomination(request, pk)
    if not found.evidence:
        raise Http404
    return private_file_response(found.evidence, download_name=found.evidence_name or found.name)


def _reviewed_nomination(request, pk: int) -> GoldsNomination:
    """A nomination whose review its reader may follow (the unit, the body's secretariat, the
    category's committee, admins): its history holds the 评审意见 and the earlier drafts, which
    the public page of a recognised nomination does not show."""
    return get_object_or_404(
        selectors.golds_nomination_list(actor=request.user).filter(insider_q(request.user)), pk=pk
    )


nomination_history = history_view(
    _reviewed_nomination,
    crumbs=lambda n: (
        _crumbs(n.category.programme.body, _category_crumb(n.category))
        + [(n.name, reverse("golds:nomination", args=[n.pk]))]
    ),
    detail="golds:nomination",
)


def unit(request, pk: int):
    """A unit's nominations and results (those the reader may see)."""
    organization = get_object_or_404(Organization, pk=pk)
    rows = selectors.golds_nomination_list(actor=request.user, organization=organization.pk)
    context = {
        "title": _("%(unit)s的五金申报与成果") % {"unit": organization.name},
        "organization": organization,
        "results": rows.filter(status=GoldsNomination.Status.RECOGNISED),
        "in_progress": rows.exclude(status=GoldsNomination.Status.RECOGNISED),
        "crumbs": [
            (organization.name, reverse("registry:organization_detail", args=[organization.pk]))
        ],
    }
    return render(request, "golds/unit.html", context)


# --- the published list ---------------------------------------------------------------------


def _result_choices(user) -> dict:
    bodies = selectors.golds_programme_list(actor=user).values("body_id")
    units = selectors.golds_result_list(actor=user).values("organization_id")
    return {
        "body": Body.objects.filter(pk__in=bodies).order_by("name"),
        "organization": Organization.objects.filter(pk__in=units).order_by("name"),
    }


result_list = list_view(
    "golds/result",
    filters=lists.RESULT_FILTERS,
    choices=_result_choices,
    selector=selectors.golds_result_list,
    spec=lists.RESULTS,
    extra=lambda request: {"title": RESULTS, "is_admin": is_platform_admin(request.user)},
)
