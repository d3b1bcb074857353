"""Cooperation pages: agreements (协议) and the carriers (载体) they create."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import (
    can_edit_cooperation,
    is_platform_admin,
    secretariat_body_ids,
)
from chanjiao.core.uploads import private_file_response
from chanjiao.core.views import (
    create_view,
    edit_view,
    history_view,
    list_view,
    record_crumbs,
    visible_record,
)
from chanjiao.registry.models import Body
from chanjiao.registry.selectors import editable_bodies, visible_bodies

from . import forms, lists, selectors, services

AGREEMENTS = gettext_lazy("协议")
CARRIERS = gettext_lazy("载体")


def _editable_bodies(user, current: Body | None = None):
    """Bodies the user may file cooperation under (plus the one it is filed under now)."""
    return editable_bodies(actor=user, also=[current.pk] if current else [])


def _can_create(user) -> bool:
    return is_platform_admin(user) or bool(secretariat_body_ids(user))


def _initial_body(request) -> dict:
    value = request.GET.get("body", "")
    return {"body": int(value)} if value.isdigit() else {}


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
    context = {
        "agreement": agreement,
        "title": agreement.title,
        "crumbs": _agreement_crumbs(),
        "carriers": selectors.carrier_list(actor=request.user).filter(agreement=agreement),
        "can_edit": can_edit_cooperation(request.user, agreement.body_id),
    }
    return render(request, "cooperation/agreement_detail.html", context)


def agreement_document(request, pk: int):
    """The agreement's text (协议文本): whoever may read the agreement, as a download."""
    agreement = _agreement(request, pk)
    return private_file_response(agreement.document, download_name=agreement.title)


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
        initial=_initial_body(request),
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
    choices=_filter_rows,
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
    }
    return render(request, "cooperation/carrier_detail.html", context)


carrier_history = history_view(
    _carrier,
    crumbs=_carrier_crumbs,
    detail="cooperation:carrier_detail",
)


def _carrier_initial(request) -> dict:
    initial = _initial_body(request)
    if request.GET.get("agreement", "").isdigit():
        initial["agreement"] = int(request.GET["agreement"])
    return initial


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
