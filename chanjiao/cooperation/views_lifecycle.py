"""Agreement pages for its life: the acts (签约, 续签, 提前终止) and its versioned documents
(协议文本), served only to the parties' contacts, the body's secretariat and admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.accounts.permissions import can_edit_cooperation
from chanjiao.core.uploads import private_file_response
from chanjiao.core.views import render_form, run_service, visible_record

from . import forms, lifecycle, selectors
from .models import Agreement
from .permissions import can_read_agreement_documents

_agreement = visible_record(selectors.agreement_list)


def _crumbs(agreement) -> list[tuple]:
    return [
        (pgettext_lazy("list", "协议"), reverse("cooperation:agreement_list")),
        (agreement.title, reverse("cooperation:agreement_detail", args=[agreement.pk])),
    ]


def _editable(request, pk: int) -> Agreement:
    agreement = _agreement(request, pk)
    if not can_edit_cooperation(request.user, agreement.body_id):
        raise PermissionDenied(_("只有所属产教融合体的秘书处或平台管理员可以修改"))
    return agreement


def _act(form_class, service, *, title, message, intro=None, goes_to_result=False):
    """A page with a form for one act on an agreement (the service's keyword arguments are the
    form's fields); done, the reader sees the agreement (or, for a renewal, the new one)."""

    @login_required
    def view(request, pk: int):
        agreement = _editable(request, pk)
        posted = request.method == "POST"  # an empty POST (sign today) is still a submission
        form = form_class(request.POST if posted else None, request.FILES if posted else None)
        if posted and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            result = run_service(
                form, lambda: service(actor=request.user, agreement=agreement, **data)
            )
            if result is not None:
                messages.success(request, message)
                target = result if goes_to_result else agreement
                if hasattr(target, "agreement_id"):  # a document: back to its agreement
                    target = agreement
                return redirect("cooperation:agreement_detail", pk=target.pk)
        return render_form(
            request,
            form,
            title=title,
            crumbs=_crumbs(agreement),
            cancel_url=reverse("cooperation:agreement_detail", args=[pk]),
            form_intro=intro(agreement) if intro else None,
        )

    return view


agreement_sign = _act(
    forms.SignForm,
    lifecycle.agreement_sign,
    title=gettext_lazy("签约"),
    message=gettext_lazy("协议已签约。"),
)

agreement_renew = _act(
    forms.RenewForm,
    lifecycle.agreement_renew,
    title=gettext_lazy("续签协议"),
    message=gettext_lazy("已续签：新协议与原协议相连。"),
    intro=lambda a: (
        _("将以相同的签约方、类型和所属产教融合体登记一份新协议，原协议“%(title)s”标为已续签。")
        % {"title": a.title}
    ),
    goes_to_result=True,
)

agreement_terminate = _act(
    forms.TerminateForm,
    lifecycle.agreement_terminate,
    title=gettext_lazy("提前终止协议"),
    message=gettext_lazy("协议已终止。"),
)

agreement_document_upload = _act(
    forms.DocumentForm,
    lifecycle.agreement_document_add,
    title=gettext_lazy("上传协议文本"),
    message=gettext_lazy("已上传协议文本。"),
)


def _readable(request, pk: int) -> Agreement:
    agreement = _agreement(request, pk)
    if not can_read_agreement_documents(request.user, agreement):
        raise PermissionDenied(_("协议文本仅向签约方、所属产教融合体秘书处和平台管理员提供"))
    return agreement


def agreement_document(request, pk: int, version: int | None = None):
    """The agreement's text (协议文本), its current version or the one asked for, as a
    download: the parties' contacts, the body's secretariat and admins."""
    agreement = _readable(request, pk)
    docs = agreement.documents.all()
    doc = docs.filter(version=version).first() if version else docs.order_by("-version").first()
    if doc is None:
        raise Http404
    return private_file_response(doc.file, download_name=f"{agreement.title}-v{doc.version}")
