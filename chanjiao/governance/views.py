"""Governance pages: a body's meetings, and one meeting run live — the secretariat records the
attendance, puts motions, opens and closes the votes or enters paper totals; each unit's
representative votes from their own phone or computer; the tally updates every few seconds."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core.exceptions import Conflict
from chanjiao.core.forms import DateInput, DateTimeInput, ModelForm
from chanjiao.core.listing import download_response
from chanjiao.core.validators import as_id
from chanjiao.core.views import delete_page, form_page, fresh, model_data, run_service
from chanjiao.core.words import sentences
from chanjiao.registry.forms import OrganizationMultipleChoiceField
from chanjiao.registry.models import Organization
from chanjiao.registry.selectors import body_detail

from . import minutes, selectors, services
from .models import Application, Attendance, Meeting, Motion, Vote
from .services.roll import meeting_voters

MEETINGS = gettext_lazy("会议与决议")


def body_crumbs(request, body, *, meetings: bool = True) -> list:
    """A governance page's crumbs: the body, then (``meetings``) its meetings, for a signed-in
    reader only: the meetings need an account, the rules and the council's history do not."""
    crumbs = [(body.short_name or body.name, reverse("registry:body_detail", args=[body.pk]))]
    if meetings and request.user.is_authenticated:
        crumbs.append((MEETINGS, reverse("governance:meeting_list", args=[body.pk])))
    return crumbs


class MeetingForm(ModelForm):
    class Meta:
        model = Meeting
        fields = ["organ", "title", "date", "mode", "deadline", "place", "agenda"]
        widgets = {
            "date": DateInput,
            "deadline": DateTimeInput,
            "agenda": forms.Textarea(attrs={"rows": 3}),
        }


class MeetingEditForm(MeetingForm):
    """A meeting corrected, or its notes (会议记录) written after it; once a motion has been
    opened, who votes is fixed: its organ, date, mode and term are shown, not changed."""

    class Meta(MeetingForm.Meta):
        fields = ["organ", "title", "date", "mode", "deadline", "term", "place", "agenda", "notes"]
        widgets = {**MeetingForm.Meta.widgets, "notes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, opened: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = self.instance.body.terms.all()
        self.fields["notes"].help_text = _("印入会议纪要的“四、会议记录”")
        if opened:
            for name in services.WHO_VOTES:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("已有议案开始表决，不能再更改")


class MotionForm(ModelForm):
    applications = forms.ModelMultipleChoiceField(
        label=gettext_lazy("入会申请"),
        queryset=Application.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=gettext_lazy("吸收成员的议案：材料齐全、尚未列入议程的申请"),
    )

    class Meta:
        model = Motion
        fields = [
            "decision_type",
            "title",
            "text",
            "applications",
            "admits",
            "admit_role",
            "removes",
            "plan",
            "report_year",
            "order",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "removes": forms.SelectMultiple(attrs={"size": 5}),
        }
        # Units not yet members: at national scale nearly every unit, so searched, not listed.
        field_classes = {"admits": OrganizationMultipleChoiceField}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        members = meeting.body.memberships.current()
        self.fields["admits"].queryset = Organization.objects.exclude(
            pk__in=members.values("organization_id")
        ).order_by("name")
        self.fields["removes"].queryset = members.select_related("organization")
        self.fields["removes"].label_from_instance = lambda m: m.organization.name
        self.fields["applications"].queryset = meeting.body.applications.filter(
            status=Application.Status.COMPLETE
        )
        self.fields["plan"].queryset = meeting.body.plans.order_by("-starts_year", "name")
        self.fields["plan"].help_text = _("审议发展规划的议案：通过后记入该规划的审议通过日期")
        self.fields["report_year"].help_text = _("审议年度工作报告的议案：通过后记入该年度报告")


class MotionEditForm(ModelForm):
    """A draft motion corrected: its title, text and order (what it decides stays)."""

    class Meta:
        model = Motion
        fields = list(services.MOTION_EDITABLE)
        widgets = {"text": MotionForm.Meta.widgets["text"]}


class PaperForm(forms.Form):
    yes = forms.IntegerField(label=gettext_lazy("赞成"), min_value=0)
    no = forms.IntegerField(label=gettext_lazy("反对"), min_value=0)
    abstain = forms.IntegerField(label=gettext_lazy("弃权"), min_value=0)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request, pk: int):
    """A body's meetings; its secretariat calls a new one here."""
    body = body_detail(actor=request.user, pk=pk)
    meetings = selectors.meeting_list(actor=request.user, body=body.pk)
    may_run = can_edit_body(request.user, body)
    form = MeetingForm(request.POST or None) if may_run else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            meeting = run_service(
                form,
                lambda: services.meeting_create(actor=request.user, body=body, **model_data(form)),
            )
            if meeting is not None:
                return redirect("governance:meeting", pk=meeting.pk)
    context = {
        "title": MEETINGS,
        "crumbs": body_crumbs(request, body, meetings=False),
        "body": body,
        "meetings": meetings,
        "resolutions": selectors.resolution_list(actor=request.user, body=body.pk)[:50],
        "may_read_members": selectors.may_read_members(request.user, body),
        "form": form,
    }
    return render(request, "governance/meeting_list.html", context)


def meeting_or_404(request, pk: int, *, run: bool = False) -> Meeting:
    """The meeting if the reader may see it (404 otherwise); ``run``: and may run it (403)."""
    meeting = get_object_or_404(selectors.meeting_list(actor=request.user), pk=pk)
    if run:
        require(can_edit_body(request.user, meeting.body), services.RUN_DENIED)
    return meeting


def _meeting_crumbs(request, meeting: Meeting) -> list:
    return [*body_crumbs(request, meeting.body), (meeting.title, meeting_url(meeting))]


def meeting_url(meeting: Meeting) -> str:
    return reverse("governance:meeting", args=[meeting.pk])


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    """Correct a meeting, or write its notes (会议记录): its secretariat and admins."""
    meeting = meeting_or_404(request, pk, run=True)
    opened = services.has_opened(meeting)
    form = MeetingEditForm(request.POST or None, instance=fresh(meeting), opened=opened)
    intro = ""
    if opened:
        intro = _(
            "已有议案开始表决：会议的日期、机构、方式和届次决定由谁表决，不能再更改；"
            "名称、地点、议程、表决截止时间和会议记录仍可修改。"
        )
    return form_page(
        request,
        form,
        save=lambda: services.meeting_update(
            actor=request.user, meeting=meeting, data=model_data(form)
        ),
        message=_("已保存。"),
        done=lambda _saved: redirect(meeting_url(meeting)),
        title=_("编辑会议：%(title)s") % {"title": meeting.title},
        crumbs=_meeting_crumbs(request, meeting),
        cancel_url=meeting_url(meeting),
        form_intro=intro,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_delete(request, pk: int):
    """Delete a meeting none of whose motions has been opened, with its draft motions, after a
    confirmation that lists them; otherwise back to the meeting, saying why not."""
    meeting = meeting_or_404(request, pk, run=True)
    back = reverse("governance:meeting_list", args=[meeting.body_id])
    crumbs = _meeting_crumbs(request, meeting)
    try:
        if request.method == "POST":
            return delete_page(
                request,
                meeting,
                delete=lambda: services.meeting_delete(actor=request.user, meeting=meeting),
                back=back,
                crumbs=crumbs,
            )
        if services.has_opened(meeting):
            raise ValidationError(str(services.KEPT))
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
        return redirect(meeting_url(meeting))
    context = {
        "object": meeting,
        "cancel_url": meeting_url(meeting),
        "crumbs": crumbs,
        "motions": meeting.motions.prefetch_related("applications"),
    }
    return render(request, "governance/meeting_delete.html", context)


def _motions(meeting: Meeting, units: list[Organization], only: str = "") -> list[dict]:
    """Each motion (or only the one whose id is ``only``) with its tally, its resolution and
    the votes of the reader's own units."""
    motions = meeting.motions.prefetch_related(
        "admits", "applications", "attachments", "slate__organization"
    ).select_related("resolution", "term", "plan")
    if only:
        motions = motions.filter(pk=as_id(only) or 0)
    voted = {
        (v.motion_id, v.organization_id): v
        for v in Vote.objects.filter(motion__in=motions, organization__in=units)
    }
    motions = list(motions)
    tallies = services.tallies(motions)
    rows = []
    for motion in motions:
        figures, outcome = tallies[motion.pk]
        rows.append(
            {
                "motion": motion,
                "figures": figures,
                "outcome": outcome,
                "resolution": getattr(motion, "resolution", None),
                "mine": [(unit, voted.get((motion.pk, unit.pk))) for unit in units],
            }
        )
    return rows


@login_required
def meeting(request, pk: int):
    """One meeting, live: attendance, motions with their tally, voting."""
    meeting = meeting_or_404(request, pk)
    if request.GET.get("partial") == "tally":
        # The poll of one motion's tally, every 3 s from every open page: that motion only.
        rows = _motions(meeting, [], only=request.GET.get("motion", ""))
        if not rows:
            raise Http404
        return render(request, "governance/_tally.html", {"meeting": meeting, "row": rows[0]})
    return _meeting_page(request, meeting)


def _meeting_page(request, meeting: Meeting, *, motion_form=None):
    """The meeting page; ``motion_form``: a motion the secretariat is adding, shown again
    with what to fix (its title and text kept)."""
    may_run = can_edit_body(request.user, meeting.body)
    voters = meeting_voters(meeting)
    attendance = {a.organization_id: a for a in meeting.attendance.select_related("proxy")}
    units = selectors.represented_units(request.user, voters, attendance)
    rows = _motions(meeting, units)
    present = [
        unit
        for unit in voters
        if getattr(attendance.get(unit.pk), "status", "") == Attendance.Status.PRESENT
    ]
    context = {
        "title": meeting.title,
        "crumbs": body_crumbs(request, meeting.body),
        "meeting": meeting,
        "may_run": may_run,
        "may_delete": may_run and all(row["motion"].status == Motion.Status.DRAFT for row in rows),
        "may_read_minutes": selectors.may_read_minutes(request.user, meeting),
        # Resolutions of a published meeting left unpublished (closed before publishing was
        # automatic): the publish button shows again.
        "unpublished": meeting.is_published
        and any(row["resolution"] and not row["resolution"].is_published for row in rows),
        "voters": [(unit, attendance.get(unit.pk)) for unit in voters],
        # Voting units nobody can sign in for yet: the secretariat invites their contact.
        "without_contact": selectors.units_without_contact(voters) if may_run else set(),
        "taking_part": services.taking_part(meeting, units=voters),
        "motions": rows,
        "motion_form": (motion_form or MotionForm(meeting=meeting)) if may_run else None,
        "paper_form": PaperForm() if may_run else None,
        "attendance_choices": Attendance.Status.choices,
        # Who may hold a unit's proxy: a unit present (never one that gave its own).
        "present": present,
        "proxied": {pk for pk, a in attendance.items() if a.status == Attendance.Status.PROXY},
        "vote_choices": Vote.Choice.choices,
    }
    return render(request, "governance/meeting.html", context)


def act(request, pk: int, call, done: str) -> object:
    """Run a write for the meeting page; a refusal or a conflict shows as a message."""
    try:
        call()
    except (ValidationError, Conflict) as exc:
        text = sentences(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect("governance:meeting", pk=pk)


@login_required
@require_POST
def attendance(request, pk: int):
    meeting = meeting_or_404(request, pk, run=True)
    unit = Organization.objects.filter(pk=as_id(request.POST.get("organization")) or 0).first()
    if unit is None:
        messages.error(request, _("请选择单位"))
        return redirect("governance:meeting", pk=pk)
    proxy_id = as_id(request.POST.get("proxy"))
    proxy = Organization.objects.filter(pk=proxy_id).first() if proxy_id else None
    return act(
        request,
        pk,
        lambda: services.attendance_set(
            actor=request.user,
            meeting=meeting,
            organization=unit,
            status=request.POST.get("status", ""),
            proxy=proxy,
        ),
        _("已登记出席情况。"),
    )


@login_required
@require_POST
def motion_add(request, pk: int):
    meeting = meeting_or_404(request, pk, run=True)
    form = MotionForm(request.POST, meeting=meeting)
    if form.is_valid() and run_service(
        form,
        lambda: services.motion_create(actor=request.user, meeting=meeting, **model_data(form)),
    ):
        messages.success(request, _("已列入议程。"))
        return redirect("governance:meeting", pk=pk)
    return _meeting_page(request, meeting, motion_form=form)


def motion_or_404(request, pk: int, *, run: bool = False) -> Motion:
    motion = get_object_or_404(selectors.motion_list(actor=request.user), pk=pk)
    if run:
        require(can_edit_body(request.user, motion.meeting.body), services.RUN_DENIED)
    return motion


def _draft_or_back(request, motion: Motion, refused: str):
    """None while the motion is a draft (待表决); else back to its meeting, saying why not."""
    if motion.status == Motion.Status.DRAFT:
        return None
    messages.error(request, refused)
    return redirect(meeting_url(motion.meeting))


@login_required
@require_http_methods(["GET", "POST"])
def motion_edit(request, pk: int):
    """Correct a motion still to be voted on: its title, text and order (the secretariat)."""
    motion = motion_or_404(request, pk, run=True)
    if back := _draft_or_back(request, motion, _("该议案正在表决或已表决，不能再修改")):
        return back
    meeting = motion.meeting
    form = MotionEditForm(request.POST or None, instance=fresh(motion))
    return form_page(
        request,
        form,
        save=lambda: services.motion_update(
            actor=request.user, motion=motion, data=model_data(form)
        ),
        message=_("已保存。"),
        done=lambda _saved: redirect(meeting_url(meeting)),
        title=_("修改议案：%(title)s") % {"title": motion.title},
        crumbs=_meeting_crumbs(request, meeting),
        cancel_url=meeting_url(meeting),
        form_intro=_(
            "议案的事项及其所涉对象（吸收或除名的单位、章程、规划等）不能修改；"
            "如需更改，请删除该议案后重新列入议程。"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def motion_delete(request, pk: int):
    """Take a draft motion off the agenda after a confirmation that names the applications
    going back to the complete ones; otherwise back to the meeting, saying why not."""
    motion = motion_or_404(request, pk, run=True)
    refused = _("该议案正在表决或已表决，不能删除：表决和决议须留有记录")
    if back := _draft_or_back(request, motion, refused):
        return back
    meeting = motion.meeting
    if request.method == "POST":
        try:
            return delete_page(
                request,
                motion,
                delete=lambda: services.motion_delete(actor=request.user, motion=motion),
                back=meeting_url(meeting),
            )
        except ValidationError as exc:  # opened meanwhile
            messages.error(request, sentences(exc.messages))
            return redirect(meeting_url(meeting))
    context = {
        "object": motion,
        "cancel_url": meeting_url(meeting),
        "crumbs": _meeting_crumbs(request, meeting),
        "applications": motion.applications.filter(status=Application.Status.ON_AGENDA),
    }
    return render(request, "governance/motion_delete.html", context)


def _motion_action(service, done):
    """A secretariat's action on a motion from the meeting page: ``service(actor, motion)``."""

    @login_required
    @require_POST
    def view(request, pk: int):
        motion = motion_or_404(request, pk, run=True)
        return act(
            request,
            motion.meeting_id,
            lambda: service(actor=request.user, motion=motion),
            done,
        )

    return view


motion_open = _motion_action(services.motion_open, gettext_lazy("已开始表决。"))
motion_close = _motion_action(services.motion_close, gettext_lazy("表决已结束，决议已记录。"))


@login_required
@require_POST
def motion_vote(request, pk: int):
    motion = motion_or_404(request, pk)
    unit = Organization.objects.filter(pk=as_id(request.POST.get("organization")) or 0).first()
    return act(
        request,
        motion.meeting_id,
        lambda: services.vote_cast(
            actor=request.user,
            motion=motion,
            choice=request.POST.get("choice", ""),
            organization=unit,
        ),
        _("已投票。"),
    )


@login_required
@require_POST
def motion_paper(request, pk: int):
    motion = motion_or_404(request, pk, run=True)
    form = PaperForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写赞成、反对、弃权的票数"))
        return redirect("governance:meeting", pk=motion.meeting_id)
    return act(
        request,
        motion.meeting_id,
        lambda: services.paper_count(actor=request.user, motion=motion, **form.cleaned_data),
        _("已录入票数。"),
    )


@login_required
def minutes_download(request, pk: int, fmt: str):
    """The meeting's minutes as .docx, PDF or a printable page, for those who read it."""
    meeting = meeting_or_404(request, pk)
    if fmt not in minutes.WRITERS or not selectors.may_read_minutes(request.user, meeting):
        raise Http404
    content_type, write = minutes.WRITERS[fmt]
    data = write(minutes.build(meeting))
    if fmt == "html":
        return HttpResponse(data, content_type=content_type)
    return download_response(
        data,
        content_type=content_type,
        filename=_("%(title)s-会议纪要.%(ext)s") % {"title": meeting.title, "ext": fmt},
        fallback=f"meeting-{meeting.pk}-minutes.{fmt}",
    )
