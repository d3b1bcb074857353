"""The figures of motions (计票): who is on a motion's roll, who takes part, the votes, and
what the rule says of them — live while a motion is open, as its resolution recorded them once
it is decided."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .. import rules
from ..models import Meeting, Motion, Resolution, Vote
from .organs import attending_ids, roll_ids, rule_for
from .roll import next_roll


def figures_now(
    motion: Motion,
    *,
    roll: set[int] | None = None,
    attending: set[int] | None = None,
    ballots: Sequence[tuple[int, str]] | None = None,
    **paper: int,
) -> rules.Tally:
    """The figures of a motion now: the units on its roll, those of them taking part (present
    or by proxy at a meeting; by correspondence, those whose ballot is in), and the votes of
    those taking part (online, or the paper totals). ``roll``, ``attending`` and ``ballots``
    (unit id, choice) are given when they were read already.

    Never raises: a ballot of a unit no longer taking part (or not on the roll) is left out,
    and paper totals entered within those taking part count as taking part themselves."""
    meeting = motion.meeting
    if roll is None:
        roll = roll_ids(motion)
    if ballots is None:
        ballots = list(motion.votes.values_list("organization_id", "choice"))
    correspondence = meeting.mode == Meeting.Mode.CORRESPONDENCE
    if correspondence:
        taking = {unit for unit, _choice in ballots if unit in roll}
    else:
        taking = roll & (attending_ids(meeting) if attending is None else attending)
    votes = {c: 0 for c in Vote.Choice.values}
    if paper or motion.counted_on_paper:
        votes.update(
            yes=paper.get("yes", motion.paper_yes or 0),
            no=paper.get("no", motion.paper_no or 0),
            abstain=paper.get("abstain", motion.paper_abstain or 0),
        )
    else:
        for unit, choice in ballots:
            if unit in taking and choice in votes:
                votes[choice] += 1
    cast = sum(votes.values())
    present = max(len(taking), cast)
    return rules.Tally(
        members=max(len(roll), present),
        present=present,
        yes=votes["yes"],
        no=votes["no"],
        abstain=votes["abstain"],
    )


def _decided(motion: Motion, resolution: dict | None) -> tuple[rules.Tally, rules.Outcome] | None:
    """The figures a decided motion's resolution stored when it was closed (None when it has
    none: a decision recorded from a document, or a motion still open)."""
    figures = (resolution or {}).get("figures")
    if motion.status not in (Motion.Status.PASSED, Motion.Status.FAILED):
        return None
    if not isinstance(figures, dict) or "members" not in figures:
        return None
    try:
        counts = {k: int(figures.get(k) or 0) for k in ("members", "present", "yes", "no")}
        counts["abstain"] = int(figures.get("abstain") or 0)
        stored = rules.Tally(**counts)
    except (TypeError, ValueError):  # rules.RuleError is a ValueError
        return None
    outcome = rules.Outcome(
        quorum_reached=bool(figures.get("quorum_reached")),
        quorum_needed=int(figures.get("quorum_needed") or 0),
        base=int(figures.get("base") or 0),
        needed=int(figures.get("needed") or 0),
        passed=bool(resolution["passed"]),
    )
    return stored, outcome


def tally(motion: Motion) -> tuple[rules.Tally, rules.Outcome]:
    """The tally of a motion and what the rule says of it: live while it is open (on its
    roll), the figures its resolution recorded once it is decided."""
    return tallies([motion])[motion.pk]


def tallies(motions: Sequence[Motion]) -> dict[int, tuple[rules.Tally, rules.Outcome]]:
    """:func:`tally` of each motion, by its id, reading the resolutions, the rolls, each
    meeting's attendance, each decision type's rule and all the online votes once (a meeting
    page shows every motion)."""
    ids = [m.pk for m in motions]
    ballots: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for motion_id, unit, choice in Vote.objects.filter(motion__in=ids).values_list(
        "motion_id", "organization_id", "choice"
    ):
        ballots[motion_id].append((unit, choice))
    rolls: dict[int, set[int]] = defaultdict(set)
    for motion_id, unit in Motion.roll.through.objects.filter(motion__in=ids).values_list(
        "motion_id", "organization_id"
    ):
        rolls[motion_id].add(unit)
    resolutions = {
        r["motion_id"]: r
        for r in Resolution.objects.filter(motion__in=ids).values("motion_id", "passed", "figures")
    }
    attending: dict[int, set[int]] = {}
    live: dict[int, set[int]] = {}
    rule_of: dict[tuple[int, str], rules.Rule] = {}
    result = {}
    for motion in motions:
        decided = _decided(motion, resolutions.get(motion.pk))
        if decided is not None:
            result[motion.pk] = decided
            continue
        meeting = motion.meeting
        if meeting.pk not in attending:
            attending[meeting.pk] = attending_ids(meeting)
        if motion.opened_at is not None:
            roll = rolls[motion.pk]
        else:
            if meeting.pk not in live:  # a draft: the roll it would be put to now
                live[meeting.pk] = set(next_roll(meeting).values_list("pk", flat=True))
            roll = live[meeting.pk]
        key = (meeting.body_id, motion.decision_type)
        if key not in rule_of:
            rule_of[key] = rule_for(meeting.body, motion.decision_type)[0]
        figures = figures_now(
            motion, roll=roll, attending=attending[meeting.pk], ballots=ballots[motion.pk]
        )
        result[motion.pk] = (figures, rules.outcome(rule_of[key], figures))
    return result
