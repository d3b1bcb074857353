"""Who reads talent's rows filed under a cohort's, a posting's, a match run's or a body's
history (see :func:`chanjiao.core.history_filters.private_rows`): a student, their
applications and proposals are read by whoever may read the student (their names are the
rows' names), placements and runs as their own lists show them."""

from __future__ import annotations

from chanjiao.accounts.permissions import is_platform_admin, role_body_ids
from chanjiao.accounts.privacy import readable_q
from chanjiao.core.history_filters import private_rows

from .models import Application, MatchProposal, MatchRun, Student
from .selectors import visible_placements


def _by_student(model, path: str):
    def rule(viewer, scope):
        if is_platform_admin(viewer):
            return True
        return model.objects.filter(readable_q(viewer, Student, path))

    return rule


def _runs(viewer, scope):
    if is_platform_admin(viewer):
        return True
    return MatchRun.objects.filter(body_id__in=role_body_ids(viewer))


def register() -> None:
    private_rows("talent.Student", _by_student(Student, ""))
    private_rows("talent.Application", _by_student(Application, "student"))
    private_rows("talent.MatchProposal", _by_student(MatchProposal, "student"))
    private_rows("talent.Placement", lambda viewer, scope: visible_placements(viewer))
    private_rows("talent.MatchRun", _runs)
