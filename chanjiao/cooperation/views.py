"""Cooperation pages: agreements (协议) and the carriers (载体) they create."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.accounts.permissions import (
    can_edit_cooperation,
    is_platform_admin,
    secretariat_body_ids,
)
from chanjiao.core.views import (
    create_view,
    edit_view,
    history_view,
    initial_ids,
    list_view,
    record_crumbs,
    visible_record,
)
from chanjiao.registry.models import Body, Organization
from chanjiao.registry.selectors import editable_bodies, visible_bodies

from . import forms, lists, selectors, services
from .lifecycle import LIVE
from .permissions import can_read_agreement_documents, can_record_carrier_progress
from .views_lifecycle import (  # noqa: F401  (pages of this module's URLs)
    agreement_document,
    agreement_document_upload,
    agreement_renew,
    agreement_sign,
    agreement_terminate,
)
from .views_progress import (  # noqa: F401
    figure_add,
    figure_delete,
    figure_edit,
    milestone_add,
    milestone_delete,
    milestone_edit,
    milestone_evidence,
)

AGREEMENTS = pgettext_lazy("list", "协议")
CARRIERS = pgettext_lazy("list", "载体")


def _editable_bodies(user, current: Body | None = None):
    """Bodies the user may file cooperation under (plus the one it is filed under now)."""
    return editable_bodies(actor=user, also=[current.pk] if current else [])


def _can_create(user) -> bool:
    return is_platform_admin(user) or bool(secretariat_body_ids(user))


def _form_kwargs(request, current: Body | None = None) -> dict:
    return {
        "bodies": _editable_bodies(request.user, current),
        "body_required": not is_platform_admin(request.user),
    }


# --- agreements ---------------------------------------------------------------------------


_agreement_crumbs = record_crumbs(
    AGREEMENTS,
    "cooperation:agreement_list",
    "cooperation:agreement_detail",
    lambda agreement: agreement.title,
)


_agreement = visible_record(selectors.agreement_list)


def _filter_rows(user) -> dict:
    return {"body": visible_bodies(user).order_by("name")}


def _carrier_filter_rows(user) -> dict:
    owners = Organization.objects.filter(carriers__in=selectors.carrier_list(actor=user))
    return {**_filter_rows(user), "organization": owners.distinct().order_by("name")}


agreement_list = list_view(
    "cooperation/agreement",
    filters=lists.AGREEMENT_FILTERS,
    choices=_filter_rows,
    selector=selectors.agreement_list,
    spec=lists.AGREEMENTS,
    extra=lambda request: {"title": AGREEMENTS, "can_create": _can_create(request.user)},
)


def agreement_detail(request, pk: int):
    agreement = _agreement(request, pk)
    can_edit = can_edit_cooperation(request.user, agreement.body_id)
    renewable = (*LIVE, agreement.Status.ENDED)
    context = {
        "agreement": agreement,
        "title": agreement.title,
        "crumbs": _agreement_crumbs(),
        "carriers": selectors.carrier_list(actor=request.user).filter(agreement=agreement),
        "can_edit": can_edit,
        "chain": selectors.agreement_chain(agreement, actor=request.user),
        "documents": (
            agreement.documents.select_related("uploaded_by")
            if can_read_agreement_documents(request.user, agreement)
            else None
        ),
        "can_sign": can_edit and agreement.status == agreement.Status.DRAFT,
        "can_renew": can_edit
        and agreement.status in renewable
        and not selectors.agreement_list(actor=request.user)
        .filter(renewed_from=agreement)
        .exists(),
        "can_terminate": can_edit and agreement.status in LIVE,
    }
    return render(request, "cooperation/agreement_detail.html", context)


agreement_history = history_view(
    _agreement,
    crumbs=_agreement_crumbs,
    detail="cooperation:agreement_detail",
)


agreement_create = create_view(
    allowed=_can_create,
    form=lambda request: forms.AgreementForm(
        request.POST or None,
        request.FILES or None,
        initial=initial_ids(request, "body"),
        **_form_kwargs(request),
    ),
    create=services.agreement_create,
    message=gettext_lazy("已登记协议。"),
    detail="cooperation:agreement_detail",
    title=gettext_lazy("登记协议"),
    crumbs=_agreement_crumbs,
    cancel="cooperation:agreement_list",
)


agreement_edit = edit_view(
    _agreement,
    allowed=lambda user, agreement: can_edit_cooperation(user, agreement.body_id),
    form=lambda request, agreement: forms.AgreementForm(
        request.POST or None,
        request.FILES or None,
        instance=agreement,
        **_form_kwargs(request, agreement.body),
    ),
    update=services.agreement_update,
    detail="cooperation:agreement_detail",
    title=gettext_lazy("编辑协议"),
    crumbs=_agreement_crumbs,
)


# --- carriers -----------------------------------------------------------------------------


_carrier_crumbs = record_crumbs(
    CARRIERS, "cooperation:carrier_list", "cooperation:carrier_detail", lambda carrier: carrier.name
)


_carrier = visible_record(selectors.carrier_list)


carrier_list = list_view(
    "cooperation/carrier",
    filters=lists.CARRIER_FILTERS,
    choices=_carrier_filter_rows,
    selector=selectors.carrier_list,
    spec=lists.CARRIERS,
    extra=lambda request: {"title": CARRIERS, "can_create": _can_create(request.user)},
)


def carrier_detail(request, pk: int):
    carrier = _carrier(request, pk)
    context = {
        "carrier": carrier,
        "title": carrier.name,
        "crumbs": _carrier_crumbs(),
        "can_edit": can_edit_cooperation(request.user, carrier.body_id),
        "can_record": can_record_carrier_progress(request.user, carrier),
        "timeline": selectors.timeline(carrier),
        "figures": carrier.figures.all(),
    }
    return render(request, "cooperation/carrier_detail.html", context)


carrier_history = history_view(
    _carrier,
    crumbs=_carrier_crumbs,
    detail="cooperation:carrier_detail",
)


def _carrier_initial(request) -> dict:
    return initial_ids(request, "body", "agreement")


carrier_create = create_view(
    allowed=_can_create,
    form=lambda request: forms.CarrierForm(
        request.POST or None, initial=_carrier_initial(request), **_form_kwargs(request)
    ),
    create=services.carrier_create,
    message=gettext_lazy("已登记载体。"),
    detail="cooperation:carrier_detail",
    title=gettext_lazy("登记载体"),
    crumbs=_carrier_crumbs,
    cancel="cooperation:carrier_list",
)


carrier_edit = edit_view(
    _carrier,
    allowed=lambda user, carrier: can_edit_cooperation(user, carrier.body_id),
    form=lambda request, carrier: forms.CarrierForm(
        request.POST or None, instance=carrier, **_form_kwargs(request, carrier.body)
    ),
    update=services.carrier_update,
    detail="cooperation:carrier_detail",
    title=gettext_lazy("编辑载体"),
    crumbs=_carrier_crumbs,
)
