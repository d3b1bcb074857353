"""Pages of applications to join (入会申请): the public form on a body's page, the applicant's
private status page (supply more, withdraw), and the secretariat's list where each application
is checked."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core.forms import ModelForm
from chanjiao.core.uploads import private_file_response
from chanjiao.core.views import model_data, render_form, run_service
from chanjiao.core.words import sentences
from chanjiao.registry.models import Role
from chanjiao.registry.selectors import body_detail

from . import selectors, services
from .models import Application
from .views import body_crumbs

APPLY = gettext_lazy("申请加入")
APPLICATIONS = gettext_lazy("入会申请")

#: Largest supporting file accepted (the request limit is 10 MB).
MAX_FILE = 8 * 1024 * 1024


class ApplicationForm(ModelForm):
    class Meta:
        model = Application
        fields = [
            "name",
            "credit_code",
            "kind",
            "region",
            "requested_role",
            "description",
            "contact_name",
            "contact_phone",
            "contact_email",
            "file",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_role"].choices = [
            (r.value, r.label) for r in Role if r in services.REQUESTABLE_ROLES
        ]

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and getattr(file, "size", 0) > MAX_FILE:
            raise forms.ValidationError(_("证明材料不能超过 8 MB"))
        return file


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审核结论"),
        choices=[
            ("complete", gettext_lazy("材料齐全")),
            ("incomplete", gettext_lazy("需补充材料")),
            ("decline", gettext_lazy("不予受理")),
        ],
    )
    note = forms.CharField(
        label=gettext_lazy("意见"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _service_data(form) -> dict:
    data = model_data(form)
    data["file"] = data.get("file") or None
    return data


@require_http_methods(["GET", "POST"])
def apply(request, pk: int):
    """The public form a unit applies with (no account needed)."""
    body = body_detail(actor=request.user, pk=pk)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.application_submit(
                actor=request.user,
                body=body,
                site=request.build_absolute_uri("/"),
                **_service_data(form),
            ),
        )
        if done is not None:
            _application, token = done
            messages.success(request, _("申请已提交。请保存本页地址，凭它查看办理进度、补充材料。"))
            return redirect("governance:application_status", token=token)
    return render_form(
        request,
        form,
        title=APPLY,
        crumbs=body_crumbs(request, body, meetings=False),
        cancel_url=reverse("registry:body_detail", args=[pk]),
        submit_label=_("提交申请"),
        form_intro=_(
            "填写单位信息和联系人，秘书处审核后提请%(body)s的会议表决。联系人信息仅秘书处可见。"
        )
        % {"body": body.name},
    )


def _by_token(token: str) -> Application:
    application = services.application_for_token(token)
    if application is None:
        raise Http404
    return application


@require_http_methods(["GET", "POST"])
def application_status(request, token: str):
    """Where an application stands, for whoever holds its link; while the secretariat asks
    for more, the applicant corrects it here."""
    application = _by_token(token)
    form = None
    if application.status == Application.Status.INCOMPLETE:
        form = ApplicationForm(request.POST or None, request.FILES or None, instance=application)
        if request.method == "POST" and form.is_valid():
            data = _service_data(form)
            file = data.pop("file")
            saved = run_service(
                form,
                lambda: services.application_supply(
                    application=Application.objects.get(pk=application.pk), data=data, file=file
                ),
            )
            if saved is not None:
                messages.success(request, _("已补充，申请已重新提交秘书处审核。"))
                return redirect("governance:application_status", token=token)
    elif request.method == "POST":
        raise Http404
    resolution = None
    if application.motion_id:
        resolution = getattr(application.motion, "resolution", None)
    context = {
        "title": APPLICATIONS,
        "application": application,
        "resolution": resolution,
        "form": form,
        "token": token,
        "withdrawable": application.status
        in (
            Application.Status.SUBMITTED,
            Application.Status.INCOMPLETE,
            Application.Status.COMPLETE,
        ),
    }
    return render(request, "governance/application_status.html", context)


@require_POST
def application_withdraw(request, token: str):
    application = _by_token(token)
    try:
        services.application_withdraw(application=application)
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(request, _("申请已撤回。"))
    return redirect("governance:application_status", token=token)


@login_required
def application_list(request, pk: int):
    """The body's applications for its secretariat, each with its review form."""
    body = body_detail(actor=request.user, pk=pk)
    require(can_edit_body(request.user, body), services.RUN_DENIED)
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    return _list_page(request, body, status=status)


def _list_page(request, body, *, status: str = "", reviewed: Application | None = None, form=None):
    """The list of applications; ``reviewed``: the one whose review ``form`` was refused,
    shown again with what was chosen and typed and what to fix (400)."""
    rows = selectors.application_list(actor=request.user, body=body.pk, status=status)
    context = {
        "title": APPLICATIONS,
        "crumbs": body_crumbs(request, body, meetings=False),
        "body": body,
        "applications": rows,
        "statuses": Application.Status.choices,
        "status": status,
        "review_form": form,
        "blank_review_form": ReviewForm(),
        "reviewed": reviewed.pk if reviewed is not None else None,
        "apply_url": reverse("governance:apply", args=[body.pk]),
    }
    return render(request, "governance/application_list.html", context, status=400 if form else 200)


def _application(request, pk: int) -> Application:
    application = get_object_or_404(selectors.application_list(actor=request.user), pk=pk)
    return application


@login_required
@require_POST
def application_review(request, pk: int):
    application = _application(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.application_review(
            actor=request.user,
            application=Application.objects.get(pk=application.pk),
            **form.cleaned_data,
        ),
    ):
        messages.success(request, _("已记录审核结论。"))
        return redirect("governance:application_list", pk=application.body_id)
    return _list_page(request, application.body, reviewed=application, form=form)


@login_required
def application_file(request, pk: int):
    """An application's supporting file: the body's secretariat and admins only (404 else)."""
    application = _application(request, pk)
    return private_file_response(
        application.file, download_name=application.file_name or f"application-{application.pk}"
    )
