"""What a meeting publishes: its motions' documents (attachments) for the meeting's readers,
its minutes and resolutions to the members once the secretariat publishes them, and a body's
published resolutions for everyone (决议公告)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chanjiao.core.uploads import private_file_response
from chanjiao.registry.selectors import body_detail

from . import selectors, services
from .models import MotionAttachment
from .views import act, body_crumbs, meeting_or_404, motion_or_404


class AttachmentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("名称"), max_length=200, required=False)
    file = forms.FileField(label=gettext_lazy("文件"))


def published_resolutions(request, pk: int):
    """A body's published resolutions (决议公告), for everyone who may see the body."""
    body = body_detail(actor=request.user, pk=pk)
    resolutions = selectors.resolution_list(actor=request.user, body=body.pk).filter(
        is_published=True
    )
    context = {
        "title": _("决议公告"),
        "crumbs": body_crumbs(request, body, meetings=False),
        "body": body,
        "resolutions": resolutions[:200],
    }
    return render(request, "governance/published_resolutions.html", context)


@login_required
@require_POST
def meeting_publish(request, pk: int):
    meeting = meeting_or_404(request, pk, run=True)
    return act(
        request,
        pk,
        lambda: services.meeting_publish(actor=request.user, meeting=meeting),
        _("会议纪要和决议已向成员公布。"),
    )


@login_required
@require_POST
def attachment_add(request, pk: int):
    motion = motion_or_404(request, pk, run=True)
    form = AttachmentForm(request.POST, request.FILES)

    def add():
        if not form.is_valid():
            raise ValidationError(_("请选择要上传的文件"))
        return services.attachment_add(actor=request.user, motion=motion, **form.cleaned_data)

    return act(request, motion.meeting_id, add, _("已上传附件。"))


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(
        MotionAttachment.objects.filter(motion__in=selectors.motion_list(actor=request.user)),
        pk=pk,
    )
    motion_or_404(request, attachment.motion_id, run=True)
    return act(
        request,
        attachment.motion.meeting_id,
        lambda: services.attachment_delete(actor=request.user, attachment=attachment),
        _("已删除附件。"),
    )


@login_required
def attachment_file(request, pk: int):
    """A motion's document, for those who read the meeting (404 for anyone else)."""
    attachment = get_object_or_404(
        MotionAttachment.objects.filter(motion__in=selectors.motion_list(actor=request.user)),
        pk=pk,
    )
    return private_file_response(attachment.file, download_name=attachment.title)
