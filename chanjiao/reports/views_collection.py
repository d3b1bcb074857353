"""The pages of the yearly collection (年度填报): the rounds a user takes part in or runs, a
round's forms and figures, and one unit's form (online, or as an .xlsx returned)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chanjiao.accounts.permissions import (
    can_fill_form,
    can_read_round,
    can_run_collection,
    contact_organization_ids,
)
from chanjiao.core.api import get_or_404
from chanjiao.core.listing import xlsx_response
from chanjiao.core.views import add_service_error, run_service
from chanjiao.core.words import sentences
from chanjiao.registry.selectors import editable_bodies

from . import forms, indicators, selectors, services
from .collection_files import form_to_xlsx, values_from_file
from .models import CollectionForm, CollectionRound, Indicator

COLLECTION = gettext_lazy("年度填报")
#: What a round's actions and a returned workbook report, singular or plural by ``n``.
REMINDED = ngettext_lazy("已向 %(n)d 位联系人发送提醒。", "已向 %(n)d 位联系人发送提醒。", "n")
FORMS_ADDED = ngettext_lazy(
    "已为 %(n)d 家新成员单位添加填报表。", "已为 %(n)d 家新成员单位添加填报表。", "n"
)
READ_VALUES = ngettext_lazy("已从文件读入 %(n)d 项数值。", "已从文件读入 %(n)d 项数值。", "n")


def _crumbs(*more):
    return [(COLLECTION, reverse("collection_list")), *more]


def _round(request, pk: int) -> CollectionRound:
    return get_or_404(selectors.round_list(actor=request.user), pk)


def _form(request, pk: int) -> CollectionForm:
    form = selectors.form_for(actor=request.user, pk=pk)
    if form is None:
        raise Http404
    return form


@login_required
@require_http_methods(["GET", "POST"])
def collection_list(request):
    """The rounds the user runs, supervises or has a form in; its unit's forms waiting to be
    filled; and, for a secretariat, the form that opens a round."""
    user = request.user
    bodies = editable_bodies(actor=user)
    open_form = forms.RoundOpenForm(request.POST or None, bodies=bodies) if bodies else None
    if request.method == "POST":
        if open_form is None:
            raise Http404
        if open_form.is_valid():
            data = open_form.cleaned_data
            round_ = run_service(open_form, lambda: services.round_open(actor=user, **data))
            if round_ is not None:
                messages.success(request, _("已发起填报，成员单位可以开始填写。"))
                return redirect("collection_round", pk=round_.pk)
    waiting = (
        CollectionForm.objects.filter(
            organization__in=contact_organization_ids(user),
            round__status=CollectionRound.Status.OPEN,
        )
        .exclude(status=CollectionForm.Status.SUBMITTED)
        .select_related("round__body", "organization")
    )
    context = {
        "title": COLLECTION,
        "rounds": selectors.round_list(actor=user),
        "waiting": waiting,
        "open_form": open_form,
    }
    return render(
        request,
        "reports/collection_list.html",
        context,
        status=400 if open_form is not None and open_form.errors else 200,
    )


@login_required
def collection_round(request, pk: int):
    """One round: who has submitted, each form, and (for those who oversee it) the figures the
    submitted forms add up to beside the ones computed from the records."""
    user = request.user
    round_ = _round(request, pk)
    oversees = can_read_round(user, round_.body)
    context = {
        "title": str(round_),
        "crumbs": _crumbs(),
        "round": round_,
        "forms": selectors.round_forms(actor=user, round=round_),
        "oversees": oversees,
        "can_run": can_run_collection(user, round_.body),
    }
    if oversees:
        context["totals"] = selectors.round_totals(round_)
        figures = indicators.computed(round_.body, round_.year)
        context["computed"] = [
            (i, figures[i.rule])
            for i in Indicator.objects.filter(source=Indicator.Source.COMPUTED, is_active=True)
            if i.rule in figures
        ]
    return render(request, "reports/collection_round.html", context)


@login_required
@require_POST
def collection_round_lock(request, pk: int):
    round_ = _round(request, pk)
    services.round_lock(actor=request.user, round=round_)
    messages.success(request, _("已锁定本轮填报。"))
    return redirect("collection_round", pk=pk)


def _round_action(service, done):
    """A secretariat's action on a round (a POST from its page): ``service(actor, round)``
    returns a count that ``done`` reports; a refusal of the service is shown as it is."""

    @login_required
    @require_POST
    def view(request, pk: int):
        round_ = _round(request, pk)
        try:
            n = service(actor=request.user, round=round_)
        except ValidationError as exc:
            messages.error(request, sentences(exc.messages))
        else:
            messages.success(request, done % {"n": n})
        return redirect("collection_round", pk=pk)

    return view


collection_round_remind = _round_action(services.round_remind, REMINDED)
collection_round_add_forms = _round_action(services.round_add_forms, FORMS_ADDED)


@login_required
@require_http_methods(["GET", "POST"])
def collection_form(request, pk: int):
    """One unit's form: fill, save, submit; the secretariat returns it with a reason."""
    user = request.user
    form = _form(request, pk)
    may_fill = can_fill_form(user, form)
    editable = may_fill and form.is_editable
    rows = selectors.form_rows(form)
    values_form = forms.FormValuesForm(
        request.POST if request.method == "POST" else None, rows=rows, instance=form
    )
    if request.method == "POST":
        if not editable:
            raise Http404
        if values_form.is_valid() and _save(request, form, values_form):
            return redirect("collection_form", pk=pk)
    context = {
        "title": str(form),
        "crumbs": _crumbs((str(form.round), reverse("collection_round", args=[form.round_id]))),
        "form_obj": form,
        "values_form": values_form,
        "rows": rows,
        "editable": editable,
        "may_fill": may_fill,
        "can_return": can_run_collection(user, form.round.body)
        and form.status == CollectionForm.Status.SUBMITTED
        and form.round.status == CollectionRound.Status.OPEN,
        "return_form": forms.ReturnForm(),
        "file_form": forms.FormFileForm(),
        "missing": services.form_missing(form) if editable else [],
        "synthetic": any(value.is_synthetic for _i, value in rows if value),
    }
    status = 400 if values_form.errors else 200
    return render(request, "reports/collection_form.html", context, status=status)


def _save(request, form: CollectionForm, values_form) -> bool:
    """Save the values; with 提交, submit too. Errors go on the form (by indicator)."""
    user = request.user
    try:
        services.form_save(actor=user, form=form, values=values_form.cleaned_data)
        if request.POST.get("action") == "submit":
            services.form_submit(actor=user, form=form)
            messages.success(request, _("已提交，秘书处将审核。"))
        else:
            messages.success(request, _("已保存。"))
    except ValidationError as exc:
        add_service_error(values_form, exc)
        return False
    return True


@login_required
@require_POST
def collection_form_return(request, pk: int):
    form = _form(request, pk)
    return_form = forms.ReturnForm(request.POST)
    reason = return_form.data.get("reason", "")
    try:
        services.form_return(actor=request.user, form=form, reason=reason)
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(request, _("已退回，填报单位可以修改后重新提交。"))
    return redirect("collection_form", pk=pk)


@login_required
def collection_form_template(request, pk: int):
    """The form as an .xlsx with the values entered so far."""
    form = _form(request, pk)
    who = form.organization.name if form.organization else form.round.body.name
    return xlsx_response(
        form_to_xlsx(form),
        filename=_("%(who)s-%(year)s年度填报表.xlsx") % {"who": who, "year": form.round.year},
        fallback=f"form-{form.pk}-{form.round.year}.xlsx",
    )


@login_required
@require_POST
def collection_form_upload(request, pk: int):
    """Read the values of a returned .xlsx into the form (all or none)."""
    form = _form(request, pk)
    if not (can_fill_form(request.user, form) and form.is_editable):
        raise Http404
    file_form = forms.FormFileForm(request.POST, request.FILES)
    try:
        if not file_form.is_valid():
            raise ValidationError([m for ms in file_form.errors.values() for m in ms])
        values = values_from_file(form, file_form.cleaned_data["file"])
        services.form_save(actor=request.user, form=form, values=values)
    except ValidationError as exc:
        messages.error(request, _("文件未导入：%(errors)s") % {"errors": sentences(exc.messages)})
    else:
        messages.success(request, READ_VALUES % {"n": len(values)})
    return redirect("collection_form", pk=pk)
