"""REST endpoints of an agreement's life: the acts (sign 签约, renew 续签, terminate 终止) and
its versioned documents (协议文本), under ``/agreements/{id}``. The acts and uploads are the
body's secretariat's and admins'; the documents are read by the parties' contacts, the body's
secretariat and admins (others: 403, or 404 when they do not see the agreement)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from ninja import Field, File, Form, Router, UploadedFile
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
from chanjiao.core.crud_api import Actions
from chanjiao.core.schemas import ErrorOut, InputSchema, OutSchema, Text
from chanjiao.core.uploads import private_file_response

from . import lifecycle
from .models import Agreement, AgreementDocument
from .permissions import can_read_agreement_documents
from .selectors import agreement_list


class AgreementDocumentOut(OutSchema):
    version: int
    file: str = Field(description="URL of this version's file (served to the readers only).")
    original_name: str
    note: str
    uploaded_at: datetime.datetime
    current: bool = Field(description="The newest version: the agreement's current text.")

    @staticmethod
    def resolve_file(obj: AgreementDocument) -> str:
        return reverse(
            "api:get_agreement_document", kwargs={"id": obj.agreement_id, "version": obj.version}
        )

    @staticmethod
    def resolve_current(obj: AgreementDocument) -> bool:
        return bool(getattr(obj, "is_current", False))


def documents_of(agreement: Agreement) -> QuerySet[AgreementDocument]:
    """The agreement's documents, newest first, each with ``is_current``."""
    latest = (
        AgreementDocument.objects.filter(agreement=OuterRef("agreement"))
        .order_by("-version")
        .values("version")[:1]
    )
    return agreement.documents.order_by("-version").annotate(
        is_current=ExpressionWrapper(Q(version=Subquery(latest)), output_field=BooleanField())
    )


def documents_for(request, agreement: Agreement) -> list[AgreementDocument] | None:
    """The agreement's documents, newest first, or None when the reader may not read them."""
    if not can_read_agreement_documents(actor(request), agreement):
        return None
    docs = sorted(agreement.documents.all(), key=lambda d: -d.version)
    for i, doc in enumerate(docs):
        doc.is_current = i == 0
    return docs


class AgreementSignIn(InputSchema):
    signed_on: datetime.date | None = Field(None, description="The day it was signed (today).")


class AgreementRenewIn(InputSchema):
    starts_on: datetime.date = Field(description="The new agreement comes into force on …")
    ends_on: datetime.date = Field(description="… and ends on.")
    signed_on: datetime.date | None = Field(None, description="Signed on (today by default).")
    title: Text = Field("", description="The new agreement's title (the old one's by default).")


class AgreementTerminateIn(InputSchema):
    reason: Text = Field(description="Why it ends early (required).")
    terminated_on: datetime.date | None = Field(None, description="Ends on (today by default).")


def _agreement(request, id: int) -> Agreement:
    return get_or_404(agreement_list(actor=actor(request)).prefetch_related("documents"), id)


def _readable(request, id: int) -> Agreement:
    agreement = _agreement(request, id)
    if not can_read_agreement_documents(actor(request), agreement):
        raise PermissionDenied(
            "Only the parties' contacts, the body's secretariat and admins read its documents."
        )
    return agreement


def register(router: Router, out) -> None:
    """``out``: the agreement's response schema."""

    agreements = Actions(
        router, __name__, "/agreements/{id}", "agreement", out, _agreement, "agreements"
    )
    agreements.add(
        "sign",
        lifecycle.agreement_sign,
        "Sign a draft agreement (the secretariat of its body, or an admin)",
        payload=AgreementSignIn,
    )

    @router.post(
        "/agreements/{id}/renew",
        response={201: out, **WRITE_ERRORS},
        tags=["agreements"],
        summary="Renew an agreement: a new one with the same parties, linked to this one",
    )
    def renew_agreement(request, id: int, payload: AgreementRenewIn):
        new = call_service(
            lifecycle.agreement_renew,
            request,
            agreement=_agreement(request, id),
            **payload.model_dump(),
        )
        return Status(201, _agreement(request, new.pk))

    agreements.add(
        "terminate",
        lifecycle.agreement_terminate,
        "Terminate an agreement early, with the reason",
        payload=AgreementTerminateIn,
    )

    @router.get(
        "/agreements/{id}/documents",
        response={200: list[AgreementDocumentOut], 403: ErrorOut, **READ_ERRORS},
        tags=["agreements"],
        summary="The versions of an agreement's text, newest (current) first",
        auth=None,
    )
    @paginate(ApiPagination)
    def list_agreement_documents(request, id: int):
        return documents_of(_readable(request, id))

    @router.post(
        "/agreements/{id}/documents",
        response={201: AgreementDocumentOut, **WRITE_ERRORS},
        tags=["agreements"],
        summary="Upload a new version of the agreement's text (multipart; it becomes current)",
    )
    def upload_agreement_document(
        request, id: int, file: File[UploadedFile] = None, note: Form[str] = ""
    ):
        doc = call_service(
            lifecycle.agreement_document_add,
            request,
            agreement=_agreement(request, id),
            file=file,
            note=note,
        )
        doc.is_current = True
        return Status(201, doc)

    @router.get(
        "/agreements/{id}/documents/{version}",
        response={200: None, 403: ErrorOut, **READ_ERRORS},
        tags=["agreements"],
        summary="Download one version of the agreement's text",
        auth=None,
    )
    def get_agreement_document(request, id: int, version: int):
        agreement = _readable(request, id)
        doc = agreement.documents.filter(version=version).first()
        if doc is None:
            raise Http404(f"No version {version} of this agreement's text.")
        return private_file_response(doc.file, download_name=_download_name(agreement, doc))


def _download_name(agreement: Agreement, doc: AgreementDocument) -> str:
    return f"{agreement.title}-v{doc.version}"
