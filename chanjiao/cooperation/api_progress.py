"""REST endpoints of a carrier's milestones (里程碑), their evidence and its yearly figures
(年度数据), under ``/carriers/{id}``: written by the carrier's body's secretariat, its owner
units' contacts and admins; read by whoever reads the carrier."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from ninja import Field, File, Router, UploadedFile

from chanjiao.core.api import READ_ERRORS, WRITE_ERRORS, actor, call_service, get_or_404
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import InputSchema, OutSchema, Text, choice
from chanjiao.core.uploads import private_file_response

from . import progress
from .models import Carrier, CarrierMilestone, Level
from .selectors import carrier_list


def _carrier(request, id: int) -> Carrier:
    return get_or_404(carrier_list(actor=actor(request)), id)


class CarrierMilestoneIn(InputSchema):
    """A milestone, planned (``due_on``) or done (``done_on``); a first intake needs its
    headcount, a recognition its level. The evidence file is uploaded on its own endpoint."""

    kind: choice(CarrierMilestone.Kind)
    due_on: datetime.date | None = Field(None, description="Planned date (for one not done).")
    done_on: datetime.date | None = Field(None, description="When it happened; null: planned.")
    headcount: int | None = Field(None, ge=1, le=1_000_000, description="First intake's size.")
    level: choice(Level) | None = Field(None, description="Level of a recognition or review.")
    note: Text = ""
    link: Annotated[Text, Field(max_length=500)] = Field(
        "", description="A link to the evidence (http or https)."
    )


class CarrierMilestoneOut(OutSchema):
    id: int
    kind: str
    kind_label: str
    due_on: datetime.date | None
    done_on: datetime.date | None
    overdue: bool = Field(description="Planned, its date past, not done.")
    headcount: int | None
    level: str
    level_label: str
    note: str
    evidence: str | None = Field(description="URL of the evidence file, if uploaded.")
    evidence_name: str
    link: str
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_overdue(obj: CarrierMilestone) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_recorded_at(obj: CarrierMilestone):
        return obj.created_at

    @staticmethod
    def resolve_evidence(obj: CarrierMilestone) -> str | None:
        if not obj.evidence:
            return None
        return reverse(
            "api:get_milestone_evidence", kwargs={"id": obj.carrier_id, "milestone_id": obj.pk}
        )


Money = Annotated[float, Field(ge=0, le=9_999_999_999.99, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]


class CarrierFigureIn(InputSchema):
    """A carrier's figures for one year (one row per carrier and year)."""

    year: int = Field(ge=1990, le=2100)
    students: Count = 0
    courses: Count = 0
    teachers: Count = 0
    equipment_value: Money = Field(0, description="Equipment value in 万元 (two decimals).")


class CarrierFigureOut(OutSchema):
    id: int
    year: int
    students: int
    courses: int
    teachers: int
    equipment_value: float = Field(description="In 万元.")


def _figure_refs(request, data: dict, *parent) -> dict:
    value = data.get("equipment_value")
    if value is not None:
        amount = Decimal(str(value))
        if amount.as_tuple().exponent < -2:
            raise ValidationError({"equipment_value": ["At most two decimals (万元)."]})
        data["equipment_value"] = amount
    return data


def _milestone_refs(request, data: dict, *parent) -> dict:
    if "level" in data and data["level"] is None:
        data["level"] = ""
    return data


def register(router: Router) -> None:
    under_carrier = partial(
        Crud,
        router,
        __name__,
        tag="carriers",
        services=progress,
        parent=_carrier,
        parent_name="carrier",
    )
    under_carrier(
        "/carriers/{id}/milestones",
        name="milestone",
        out=CarrierMilestoneOut,
        rows="milestones",
        create_input=CarrierMilestoneIn,
        refs=_milestone_refs,
        summaries={
            "list": "A carrier's milestones (done and planned)",
            "get": "One milestone of a carrier",
            "create": "Record a milestone (the body's secretariat, an owner unit's contact)",
            "patch": "Change some fields of a milestone",
            "put": "Replace a milestone's record (fields left out get their defaults)",
            "delete": "Delete a milestone",
        },
    ).register()
    under_carrier(
        "/carriers/{id}/figures",
        name="figure",
        out=CarrierFigureOut,
        rows="figures",
        create_input=CarrierFigureIn,
        refs=_figure_refs,
        summaries={
            "list": "A carrier's figures by year",
            "get": "One year's figures of a carrier",
            "create": "Record a year's figures (the body's secretariat, an owner unit's contact)",
            "patch": "Change some of a year's figures",
            "put": "Replace a year's figures (fields left out get their defaults)",
            "delete": "Delete a year's figures",
        },
    ).register()

    @router.post(
        "/carriers/{id}/evidence/{milestone_id}",
        response={200: CarrierMilestoneOut, **WRITE_ERRORS},
        tags=["carriers"],
        summary="Upload a milestone's evidence file (multipart; replaces the one before)",
    )
    def upload_milestone_evidence(
        request, id: int, milestone_id: int, file: File[UploadedFile] = None
    ):
        milestone = get_or_404(_carrier(request, id).milestones.all(), milestone_id)
        call_service(progress.milestone_evidence_set, request, milestone=milestone, file=file)
        return get_or_404(CarrierMilestone.objects.all(), milestone.pk)

    @router.get(
        "/carriers/{id}/evidence/{milestone_id}",
        response={200: None, **READ_ERRORS},
        tags=["carriers"],
        summary="Download a milestone's evidence file (whoever reads the carrier)",
        auth=None,
    )
    def get_milestone_evidence(request, id: int, milestone_id: int):
        milestone = get_or_404(_carrier(request, id).milestones.all(), milestone_id)
        if not milestone.evidence:
            raise Http404("This milestone has no evidence file.")
        name = milestone.evidence_name or str(milestone)
        return private_file_response(milestone.evidence, download_name=name)
