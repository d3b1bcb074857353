"""Carrier pages for its milestones (里程碑) with their evidence and its yearly figures
(年度数据): the body's secretariat, the owner units' contacts and admins record them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.core.uploads import private_file_response
from chanjiao.core.views import add_view, form_page, fresh, model_data, remove_view, visible_record

from . import forms, progress, selectors
from .models import CarrierFigure, CarrierMilestone
from .permissions import can_record_carrier_progress

_carrier = visible_record(selectors.carrier_list)


def _carrier_crumbs(carrier) -> list[tuple]:
    return [
        (gettext_lazy("载体"), reverse("cooperation:carrier_list")),
        (carrier.name, reverse("cooperation:carrier_detail", args=[carrier.pk])),
    ]


def _recordable(request, pk: int):
    """The carrier, read through the reader's scope, which the reader may record on."""
    carrier = _carrier(request, pk)
    if not can_record_carrier_progress(request.user, carrier):
        raise PermissionDenied(progress._DENIED)
    return carrier


milestone_add = add_view(
    _recordable,
    form=lambda request, carrier: forms.MilestoneForm(
        request.POST or None, request.FILES or None, instance=CarrierMilestone(carrier=carrier)
    ),
    create=progress.milestone_create,
    message=gettext_lazy("已登记里程碑。"),
    title=gettext_lazy("登记里程碑"),
    crumbs=_carrier_crumbs,
    detail="cooperation:carrier_detail",
    anchor="#milestones",
)


def _item_edit(rows, form_class, update, keyword: str, title, anchor: str):
    @login_required
    def view(request, pk: int, item: int):
        carrier = _recordable(request, pk)
        record = get_object_or_404(rows(carrier), pk=item)
        bound = form_class(request.POST or None, request.FILES or None, instance=fresh(record))
        back = reverse("cooperation:carrier_detail", args=[pk]) + anchor
        return form_page(
            request,
            bound,
            save=lambda: update(actor=request.user, data=model_data(bound), **{keyword: record}),
            message=_("已保存。"),
            done=lambda _saved: redirect(back),
            title=title,
            crumbs=_carrier_crumbs(carrier),
            cancel_url=back,
        )

    return view


milestone_edit = _item_edit(
    lambda carrier: carrier.milestones.all(),
    forms.MilestoneForm,
    progress.milestone_update,
    "milestone",
    gettext_lazy("编辑里程碑"),
    "#milestones",
)

milestone_delete = remove_view(
    _recordable,
    rows=lambda carrier: carrier.milestones.all(),
    delete=lambda actor, milestone: progress.milestone_delete(actor=actor, milestone=milestone),
    crumbs=_carrier_crumbs,
    detail="cooperation:carrier_detail",
    anchor="#milestones",
)


def milestone_evidence(request, pk: int, item: int):
    """A milestone's evidence file (佐证材料): whoever may read the carrier, as a download."""
    carrier = _carrier(request, pk)
    milestone = get_object_or_404(carrier.milestones.all(), pk=item)
    if not milestone.evidence:
        raise Http404
    return private_file_response(
        milestone.evidence, download_name=milestone.evidence_name or str(milestone)
    )


figure_add = add_view(
    _recordable,
    form=lambda request, carrier: forms.FigureForm(
        request.POST or None, instance=CarrierFigure(carrier=carrier)
    ),
    create=progress.figure_create,
    message=gettext_lazy("已登记年度数据。"),
    title=gettext_lazy("登记年度数据"),
    crumbs=_carrier_crumbs,
    detail="cooperation:carrier_detail",
    anchor="#figures",
)

figure_edit = _item_edit(
    lambda carrier: carrier.figures.all(),
    forms.FigureForm,
    progress.figure_update,
    "figure",
    gettext_lazy("编辑年度数据"),
    "#figures",
)

figure_delete = remove_view(
    _recordable,
    rows=lambda carrier: carrier.figures.all(),
    delete=lambda actor, figure: progress.figure_delete(actor=actor, figure=figure),
    crumbs=_carrier_crumbs,
    detail="cooperation:carrier_detail",
    anchor="#figures",
)
