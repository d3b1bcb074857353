"""Small helpers shared by the talent tests."""

from __future__ import annotations

from chanjiao.talent.models import MatchProposal, MatchRun


def finished_run(body, pairs, *, user=None) -> MatchRun:
    """A run that succeeded with ``pairs`` of (student, posting) proposed (no engine needed)."""
    run = MatchRun.objects.create(
        body=body,
        created_by=user,
        mode=MatchRun.Mode.STABLE,
        status=MatchRun.Status.SUCCEEDED,
        summary={"matched": len(pairs), "ok": True},
    )
    for i, (student, posting) in enumerate(pairs):
        MatchProposal.objects.create(
            run=run,
            student=student,
            posting=posting,
            score=0.9 - i / 100,
            explanation={"major_fit": {"value": 1.0, "weight": 0.35, "points": 0.35}},
            student_rank=1,
        )
    return run
