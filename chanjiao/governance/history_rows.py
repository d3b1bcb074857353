"""Who reads governance's rows filed under a body's history (see
:func:`chanjiao.core.history_filters.private_rows`): a body's meetings, sanctions with their
reasons and withdrawals are read by those who read its meetings (its roles, its member units'
contacts, admins), and applications to join by its secretariat: not by every reader of the
body, whose page is public. A meeting's notes (会议记录) are its draft minutes: their text reads
only to those who read the minutes (:func:`chanjiao.governance.selectors.may_read_minutes`);
the others see that they changed. A change an applicant made without signing in reads as the
applicant's (:data:`~chanjiao.governance.services.applications.APPLICANT`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import is_platform_admin, role_body_ids, secretariat_body_ids
from chanjiao.core.history import describe_actor, private_fields
from chanjiao.core.history_filters import private_rows

from .models import Application, Attendance, Meeting, Motion, Sanction, Vote, Withdrawal
from .selectors import governed_body_ids, may_read_minutes
from .services.applications import APPLICANT


def _governed(model, path: str):
    def rule(viewer, scope):
        ids = governed_body_ids(viewer)
        return True if ids is None else model.objects.filter(**{f"{path}__in": ids})

    return rule


def _applications(viewer, scope):
    if is_platform_admin(viewer):
        return True
    return Application.objects.filter(body_id__in=secretariat_body_ids(viewer))


def _reads_notes(viewer, meeting: Meeting | None, data: dict) -> bool:
    """Whether ``viewer`` reads the notes of a meeting's history rows: who reads its minutes;
    for a deleted meeting, admins and the body's roles."""
    if meeting is not None:
        return may_read_minutes(viewer, meeting)
    return is_platform_admin(viewer) or (data or {}).get("body_id") in role_body_ids(viewer)


def register() -> None:
    private_fields("governance.Meeting", ["notes"], _reads_notes)
    describe_actor(APPLICANT, lambda: _("申请人（未登录）"))
    private_rows("governance.Meeting", _governed(Meeting, "body_id"))
    private_rows("governance.Motion", _governed(Motion, "meeting__body_id"))
    private_rows("governance.Attendance", _governed(Attendance, "meeting__body_id"))
    private_rows("governance.Vote", _governed(Vote, "motion__meeting__body_id"))
    private_rows("governance.Sanction", _governed(Sanction, "membership__body_id"))
    private_rows("governance.Withdrawal", _governed(Withdrawal, "body_id"))
    private_rows("governance.Application", _applications)
