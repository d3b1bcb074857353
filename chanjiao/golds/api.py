"""REST endpoints of the five golds (五金) programme.

``/golds-programmes`` a body's programme (created with its five categories by the body's
secretariat); ``/golds-categories`` its categories (the secretariat changes a category's
committee); ``/golds-nominations`` nominations (申报: written by the unit's contact or the
secretariat while draft or returned) with the actions ``submit``, ``return``, ``recognise`` and
``reject`` (the category's committee, the secretariat; 409 when someone decided first) and the
evidence file; ``/golds-results`` the recognised results (五金成果) and their published list
as .xlsx.
"""

import datetime
from typing import Annotated

from django.http import Http404
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate

from chanjiao.cooperation.models import Carrier
from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
    resolve_one,
    rows_for,
)
from chanjiao.core.crud_api import Actions, Crud
from chanjiao.core.schemas import ErrorOut, Id, InputSchema, OutSchema, RefOut, Text, choice
from chanjiao.core.uploads import private_file_response
from chanjiao.registry.models import Committee, Organization
from chanjiao.registry.selectors import member_or_visible_bodies

from . import lists, selectors, services
from .models import FIRST_YEAR, LAST_YEAR, GoldsNomination, Kind, Level

router = Router()

TAG = "golds"
YearIn = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


def _bodies(request, *parent):
    return member_or_visible_bodies(actor(request))


def _committees(request, *parent):
    return Committee.objects.filter(body__in=_bodies(request))


# === programmes ===============================================================================


class GoldsCommitteesIn(InputSchema):
    """The committee (an id of one of the body's committees) running each category."""

    major: Id | None = None
    course: Id | None = None
    textbook: Id | None = None
    teacher: Id | None = None
    base: Id | None = None


class GoldsProgrammeIn(InputSchema):
    """A body's five-golds programme, created with its five categories."""

    body: Id = Field(description="Id of the body (one programme per body).")
    name: Text
    started_on: datetime.date | None = None
    description: Text = ""
    committees: GoldsCommitteesIn | None = Field(
        None, description="The committee running each category (assignable later)."
    )


class GoldsProgrammeUpdateIn(InputSchema):
    """A programme's own fields (its categories' committees are changed on each category)."""

    name: Text
    started_on: datetime.date | None = None
    description: Text = ""


class GoldsCategoryOut(OutSchema):
    id: int
    kind: str
    kind_label: str
    committee: RefOut | None


class GoldsProgrammeOut(OutSchema):
    id: int
    body: RefOut
    name: str
    started_on: datetime.date | None
    description: str
    categories: list[GoldsCategoryOut]


class GoldsProgrammeFilters(Schema):
    body: Id | None = Field(None, description="Only the programme of this body.")


def _programme_refs(request, data: dict) -> dict:
    data = rows_for(body=_bodies)(request, data)
    committees = data.pop("committees", None) or {}
    rows = _committees(request)
    data["committees"] = {
        kind: resolve_one(rows, pk, f"committees.{kind}") for kind, pk in committees.items()
    }
    if not data["committees"]:
        data.pop("committees")
    return data


Crud(
    router,
    __name__,
    "/golds-programmes",
    tag=TAG,
    name="golds_programme",
    out=GoldsProgrammeOut,
    services=services,
    selector=selectors.golds_programme_list,
    filters=GoldsProgrammeFilters,
    create_input=GoldsProgrammeIn,
    put_input=GoldsProgrammeUpdateIn,
    refs=_programme_refs,
    summaries={
        "list": "Five-golds programmes the reader may see (?body=)",
        "get": "One five-golds programme with its categories and their committees",
        "create": "Start a body's programme with its five categories (the body's secretariat)",
        "patch": "Change some of a programme's fields",
        "put": "Replace a programme's fields",
        "delete": "Delete a programme nobody has nominated in yet",
    },
).register()


# === categories ===============================================================================


class GoldsCategoryIn(InputSchema):
    committee: Id | None = Field(description="Id of a committee of the body; null: none yet.")


class GoldsCategoryFilters(Schema):
    body: Id | None = None
    kind: choice(Kind) | None = None


Crud(
    router,
    __name__,
    "/golds-categories",
    tag=TAG,
    name="golds_category",
    plural="golds_categories",
    out=GoldsCategoryOut,
    services=services,
    selector=selectors.golds_category_list,
    filters=GoldsCategoryFilters,
    put_input=GoldsCategoryIn,
    refs=rows_for(committee=_committees),
    summaries={
        "list": "The categories of the programmes the reader may see",
        "get": "One category and its committee",
        "patch": "Change the committee running a category (the body's secretariat)",
        "put": "Set the committee running a category (the body's secretariat)",
    },
).register()


# === nominations ==============================================================================


class GoldsNominationIn(InputSchema):
    """A nomination (申报) of a unit's result in a category and a year, saved as a draft."""

    category: Id = Field(description="Id of the category (of a programme the reader sees).")
    organization: Id = Field(description="The nominating unit (a current member of the body).")
    year: YearIn = Field(description="The year nominated for.")
    name: Text = Field(description="The result: a major, course, textbook, teacher or team, base.")
    description: Text = ""
    carrier: Id | None = Field(None, description="A carrier of the body (for a base).")
    link: Annotated[Text, Field(max_length=500)] = Field(
        "", description="A link to the evidence (http or https)."
    )


class GoldsNominationOut(OutSchema):
    id: int
    category: GoldsCategoryOut
    body: RefOut
    organization: RefOut
    year: int
    name: str
    description: str
    carrier: RefOut | None
    link: str
    evidence: str | None = Field(description="URL of the evidence file, if uploaded.")
    evidence_name: str
    status: str
    status_label: str
    level: str
    level_label: str
    recognised_year: int | None
    review_note: str | None = Field(
        description="The return note or the reason for not recognising: null unless the "
        "reader is the unit, the committee, the secretariat or an admin."
    )
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_body(obj: GoldsNomination):
        return obj.category.programme.body

    @staticmethod
    def resolve_evidence(obj: GoldsNomination) -> str | None:
        if not obj.evidence:
            return None
        return reverse("api:get_golds_nomination_evidence", kwargs={"id": obj.pk})

    @staticmethod
    def resolve_review_note(obj: GoldsNomination) -> str | None:
        return obj.review_note if getattr(obj, "cj_insider", False) else None


GoldsNominationFilters = lists.NOMINATION_FILTERS.schema()


def _categories(request, *parent):
    return selectors.golds_category_list(actor=actor(request))


def _carriers(request, *parent):
    return Carrier.objects.filter(body__in=_bodies(request))


Crud(
    router,
    __name__,
    "/golds-nominations",
    tag=TAG,
    name="golds_nomination",
    out=GoldsNominationOut,
    services=services,
    selector=selectors.golds_nomination_list,
    filters=GoldsNominationFilters,
    create_input=GoldsNominationIn,
    refs=rows_for(category=_categories, organization=Organization.objects, carrier=_carriers),
    summaries={
        "list": "Nominations the reader may see (results: everyone reading the body)",
        "get": "One nomination",
        "create": "Nominate a result as a draft (the unit's contact or the body's secretariat)",
        "patch": "Change some fields of a draft or returned nomination",
        "put": "Replace a draft or returned nomination's fields",
        "delete": "Withdraw a draft or returned nomination",
    },
).register()


def _nomination(request, id: int) -> GoldsNomination:
    return get_or_404(selectors.golds_nomination_list(actor=actor(request)), id)


class GoldsNoteIn(InputSchema):
    note: Text = Field(description="What the unit should add (required).")


class GoldsRecogniseIn(InputSchema):
    level: choice(Level)
    year: YearIn = Field(description="The year of recognition.")
    note: Text = ""


class GoldsReasonIn(InputSchema):
    reason: Text = Field(description="Why it is not recognised (required).")


nominations = Actions(
    router,
    __name__,
    "/golds-nominations/{id}",
    "golds_nomination",
    GoldsNominationOut,
    _nomination,
    TAG,
    errors={409: ErrorOut, **WRITE_ERRORS},
)
nominations.add(
    "submit",
    services.golds_nomination_submit,
    "Submit a draft or returned nomination for review (needs evidence: file or link)",
)
nominations.add(
    "return",
    services.golds_nomination_return,
    "Return a submitted nomination for more (the committee or the secretariat)",
    payload=GoldsNoteIn,
)
nominations.add(
    "recognise",
    services.golds_nomination_recognise,
    "Recognise a submitted nomination at a level in a year",
    payload=GoldsRecogniseIn,
)
nominations.add(
    "reject",
    services.golds_nomination_reject,
    "Do not recognise a submitted nomination, saying why",
    payload=GoldsReasonIn,
)


@router.post(
    "/golds-nominations/{id}/evidence",
    response={200: GoldsNominationOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Upload a nomination's evidence file (multipart; replaces the one before)",
)
def upload_golds_nomination_evidence(request, id: int, file: File[UploadedFile] = None):
    nomination = _nomination(request, id)
    call_service(
        services.golds_nomination_evidence_set, request, golds_nomination=nomination, file=file
    )
    return _nomination(request, id)


@router.get(
    "/golds-nominations/{id}/evidence",
    response={200: None, **READ_ERRORS},
    tags=[TAG],
    summary="Download a nomination's evidence file (whoever reads the nomination)",
    auth=None,
)
def get_golds_nomination_evidence(request, id: int):
    nomination = _nomination(request, id)
    if not nomination.evidence:
        raise Http404("This nomination has no evidence file.")
    return private_file_response(
        nomination.evidence, download_name=nomination.evidence_name or nomination.name
    )


# === results ==================================================================================

GoldsResultFilters = lists.RESULT_FILTERS.schema()


@router.get(
    "/golds-results",
    response={200: list[GoldsNominationOut], **READ_ERRORS},
    tags=[TAG],
    summary="Recognised results (五金成果) the reader may see, by year of recognition",
    auth=None,
)
@paginate(ApiPagination)
def list_golds_results(request, filters: Query[GoldsResultFilters]):
    return selectors.golds_result_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/golds-results/export",
    response={200: None, **READ_ERRORS},
    tags=[TAG],
    summary="The published list (公示名单) as .xlsx: name, unit, category, level, year",
    auth=None,
)
def export_golds_results(request, filters: Query[GoldsResultFilters]):
    rows = selectors.golds_result_list(actor=actor(request), **filters.model_dump())
    return lists.RESULTS.export_response(request, rows)
