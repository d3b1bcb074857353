"""REST endpoints of collection rounds (填报) and their forms.

A round is opened, its forms returned and the round locked by the body's secretariat; a member
unit's contact reads and fills only its own unit's form; the body's supervising department reads
everything.
"""

import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
)
from chanjiao.core.crud_api import Actions, versioned
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    Year,
    choice,
)
from chanjiao.registry.selectors import visible_bodies

from .. import selectors, services
from ..models import CollectionForm, CollectionRound
from .base import router

# === collection rounds (填报) ===============================================================


class RoundIn(InputSchema):
    """Open a round: every member school and enterprise of the body gets its form."""

    body: Id = Field(description="Id of the body.")
    year: Year
    deadline: datetime.date | None = None


class RoundOut(OutSchema):
    id: int
    body: RefOut
    year: int
    status: str
    status_label: str
    deadline: datetime.date | None
    locked_at: datetime.datetime | None
    forms_total: int = Field(description="Forms in the round (that the reader may see).")
    forms_submitted: int
    forms_returned: int
    created_at: datetime.datetime


class RoundFilters(Schema):
    body: Id | None = None
    year: Year | None = None
    status: choice(CollectionRound.Status) | None = None


def _rounds(request):
    return selectors.round_list(actor=actor(request))


@router.get(
    "/collection-rounds",
    response={200: list[RoundOut], **READ_ERRORS},
    tags=["collection-rounds"],
    summary="Collection rounds the reader takes part in or oversees",
    auth=None,
)
@paginate(ApiPagination)
def list_collection_rounds(request, filters: Query[RoundFilters]):
    return selectors.round_list(actor=actor(request), **filters.model_dump())


@router.post(
    "/collection-rounds",
    response={201: RoundOut, **WRITE_ERRORS},
    tags=["collection-rounds"],
    summary="Open a body's collection round for a year (its secretariat or an admin)",
)
def open_collection_round(request, payload: RoundIn):
    body = get_object_or_404(visible_bodies(actor(request)), pk=payload.body)
    round_ = call_service(
        services.round_open, request, body=body, year=payload.year, deadline=payload.deadline
    )
    return Status(201, _round(request, round_.pk))


def _round(request, id: int) -> CollectionRound:
    return get_or_404(_rounds(request), id)


@router.get(
    "/collection-rounds/{id}",
    response={200: RoundOut, **READ_ERRORS},
    tags=["collection-rounds"],
    summary="One collection round",
    auth=None,
)
def get_collection_round(request, id: int):
    return _round(request, id)


rounds = Actions(
    router, __name__, "/collection-rounds/{id}", "round", RoundOut, _round, "collection-rounds"
)
rounds.add(
    "add-forms",
    services.round_add_forms,
    "Give the units that joined after the round opened their forms (its secretariat)",
    view="add_collection_forms",
)
rounds.add(
    "lock",
    services.round_lock,
    "Lock a round: no form changes after this (its secretariat or an admin)",
    view="lock_collection_round",
)


class RemindedOut(Schema):
    sent: int = Field(description="E-mails sent to contacts of units that have not submitted.")


@router.post(
    "/collection-rounds/{id}/remind",
    response={200: RemindedOut, **WRITE_ERRORS},
    tags=["collection-rounds"],
    summary="E-mail the units that have not submitted their forms (the secretariat)",
)
def remind_collection_round(request, id: int):
    round_ = _round(request, id)
    return {"sent": call_service(services.round_remind, request, round=round_)}


# --- forms ---------------------------------------------------------------------------------


class ValueOut(Schema):
    code: str
    name: str
    unit: str
    value: Decimal | None
    is_synthetic: bool
    entered_at: datetime.datetime | None


class FormOut(OutSchema):
    id: int
    round: int = Field(validation_alias="round_id")
    organization: RefOut | None = Field(description="The unit; null for the body's own form.")
    audience: str
    audience_label: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    return_reason: str
    values: list[ValueOut]

    @staticmethod
    def resolve_values(obj: CollectionForm, context) -> list[dict]:
        # The indicators each audience is asked, read once a request for a page of forms.
        asked = context["request"].__dict__.setdefault("_cj_form_indicators", {})
        if obj.audience not in asked:
            asked[obj.audience] = list(services.form_indicators(obj))
        return [
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "value": value.value if value else None,
                "is_synthetic": bool(value and value.is_synthetic),
                "entered_at": value.updated_at if value else None,
            }
            for indicator, value in selectors.form_rows(obj, asked[obj.audience])
        ]


class ValuesIn(InputSchema):
    """Values by indicator code: a number, a text such as "1,200" or "85%", or null to clear."""

    values: dict[Text, float | Text | None]


class ReturnIn(InputSchema):
    reason: Text = Field(description="What the unit must correct.")


def _round_forms(request, id: int):
    round_ = _round(request, id)
    return selectors.round_forms(actor=actor(request), round=round_)


def _form(request, id: int, form_id: int) -> CollectionForm:
    return get_or_404(_round_forms(request, id), form_id)


@router.get(
    "/collection-rounds/{id}/forms",
    response={200: list[FormOut], **READ_ERRORS},
    tags=["collection-rounds"],
    summary="The round's forms (all for the secretariat and supervisors; a unit's own)",
    auth=None,
)
@paginate(ApiPagination)
def list_collection_forms(request, id: int):
    return _round_forms(request, id).prefetch_related("values")


@router.get(
    "/collection-rounds/{id}/forms/{form_id}",
    response={200: FormOut, **READ_ERRORS},
    tags=["collection-rounds"],
    summary="One form with its values",
    auth=None,
)
def get_collection_form(request, id: int, form_id: int, response: HttpResponse):
    return versioned(response, _form(request, id, form_id))


forms = Actions(
    router,
    __name__,
    "/collection-rounds/{id}/forms/{form_id}",
    "form",
    FormOut,
    _form,
    "collection-rounds",
)
forms.add(
    "values",
    services.form_save,
    "Enter values on a form (all or none; a null clears a value)",
    payload=ValuesIn,
    view="put_collection_form_values",
    method="put",
)
forms.add(
    "submit",
    services.form_submit,
    "Submit a complete form to the secretariat",
    view="submit_collection_form",
)
forms.add(
    "return",
    services.form_return,
    "Return a submitted form to its unit for correction (the secretariat)",
    payload=ReturnIn,
    view="return_collection_form",
)
