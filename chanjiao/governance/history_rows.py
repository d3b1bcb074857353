"""Who reads governance's rows filed under a body's history (see
:func:`chanjiao.core.history_filters.private_rows`): a body's meetings, sanctions with their
reasons and withdrawals are read by those who read its meetings (its roles, its member units'
contacts, admins), and applications to join by its secretariat: not by every reader of the
body, whose page is public."""

from __future__ import annotations

from chanjiao.accounts.permissions import is_platform_admin, secretariat_body_ids
from chanjiao.core.history_filters import private_rows

from .models import Application, Attendance, Meeting, Motion, Sanction, Vote, Withdrawal
from .selectors import governed_body_ids


def _governed(model, path: str):
    def rule(viewer, scope):
        ids = governed_body_ids(viewer)
        return True if ids is None else model.objects.filter(**{f"{path}__in": ids})

    return rule


def _applications(viewer, scope):
    if is_platform_admin(viewer):
        return True
    return Application.objects.filter(body_id__in=secretariat_body_ids(viewer))


def register() -> None:
    private_rows("governance.Meeting", _governed(Meeting, "body_id"))
    private_rows("governance.Motion", _governed(Motion, "meeting__body_id"))
    private_rows("governance.Attendance", _governed(Attendance, "meeting__body_id"))
    private_rows("governance.Vote", _governed(Vote, "motion__meeting__body_id"))
    private_rows("governance.Sanction", _governed(Sanction, "membership__body_id"))
    private_rows("governance.Withdrawal", _governed(Withdrawal, "body_id"))
    private_rows("governance.Application", _applications)
