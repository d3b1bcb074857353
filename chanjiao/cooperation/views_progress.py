"""Carrier pages for its milestones (里程碑) with their evidence and its yearly figures
(年度数据): the body's secretariat, the owner units' contacts and admins record them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.core.uploads import private_file_response
from chanjiao.core.views import Parts, visible_record

from . import forms, progress, selectors
from .models import CarrierFigure, CarrierMilestone
from .permissions import can_record_carrier_progress

_carrier = visible_record(selectors.carrier_list)


def _carrier_crumbs(carrier) -> list[tuple]:
    return [
        (pgettext_lazy("list", "载体"), reverse("cooperation:carrier_list")),
        (carrier.name, reverse("cooperation:carrier_detail", args=[carrier.pk])),
    ]


def _recordable(request, pk: int):
    """The carrier, read through the reader's scope, which the reader may record on."""
    carrier = _carrier(request, pk)
    if not can_record_carrier_progress(request.user, carrier):
        raise PermissionDenied(progress._DENIED)
    return carrier


_parts = Parts(_recordable, crumbs=_carrier_crumbs, detail="cooperation:carrier_detail")
_milestones = _parts.part(lambda carrier: carrier.milestones.all(), "milestone", "#milestones")
_figures = _parts.part(lambda carrier: carrier.figures.all(), "figure", "#figures")

milestone_add = _milestones.add(
    form=lambda request, carrier: forms.MilestoneForm(
        request.POST or None, request.FILES or None, instance=CarrierMilestone(carrier=carrier)
    ),
    create=progress.milestone_create,
    message=gettext_lazy("已登记里程碑。"),
    title=gettext_lazy("登记里程碑"),
)
milestone_edit = _milestones.edit(
    form=lambda request, carrier, milestone: forms.MilestoneForm(
        request.POST or None, request.FILES or None, instance=milestone
    ),
    update=progress.milestone_update,
    title=gettext_lazy("编辑里程碑"),
)
milestone_delete = _milestones.remove(progress.milestone_delete)


def milestone_evidence(request, pk: int, item: int):
    """A milestone's evidence file (佐证材料): whoever may read the carrier, as a download."""
    carrier = _carrier(request, pk)
    milestone = get_object_or_404(carrier.milestones.all(), pk=item)
    if not milestone.evidence:
        raise Http404
    return private_file_response(
        milestone.evidence, download_name=milestone.evidence_name or str(milestone)
    )


figure_add = _figures.add(
    form=lambda request, carrier: forms.FigureForm(
        request.POST or None, instance=CarrierFigure(carrier=carrier)
    ),
    create=progress.figure_create,
    message=gettext_lazy("已登记年度数据。"),
    title=gettext_lazy("登记年度数据"),
)
figure_edit = _figures.edit(
    form=lambda request, carrier, figure: forms.FigureForm(
        request.POST or None, request.FILES or None, instance=figure
    ),
    update=progress.figure_update,
    title=gettext_lazy("编辑年度数据"),
)
figure_delete = _figures.remove(progress.figure_delete)
