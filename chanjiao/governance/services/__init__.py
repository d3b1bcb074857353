"""Every write of governance: decision rules, meetings and their attendance, motions, votes,
the totals of a paper ballot, closing a motion into a resolution (决议) that takes effect, and
sanctions.

The secretariat (or an admin) runs a body's meetings; it never votes for a unit. A unit's vote
is cast by its representative — a contact of the unit (组织联系人) — once: the database holds
one vote per unit and motion, and a second answers :class:`~chanjiao.core.exceptions.Conflict`.
Votes and the closing of a motion take the motion's row lock (on SQLite the write lock), so a
vote arriving while the motion closes is either counted or refused, never lost from the tally.
"""

from .applications import (
    REQUESTABLE_ROLES,
    application_for_token,
    application_review,
    application_submit,
    application_supply,
    application_withdraw,
)
from .meetings import (
    KEPT,
    WHO_VOTES,
    attachment_add,
    attachment_delete,
    attendance_set,
    has_opened,
    meeting_create,
    meeting_delete,
    meeting_publish,
    meeting_update,
    taking_part,
)
from .membership import sanction_create, sanction_end, withdrawal_record
from .organs import (
    RUN_DENIED,
    VOTE_DENIED,
    current_charter,
    decision_rule_set,
    default_rule,
    may_run,
    rule_for,
    suspended_ids,
    voting_units,
)
from .renewal import (
    COUNCIL_ROLES,
    approve_plan,
    approve_report,
    elect,
    election_prepare,
    slate_set,
)
from .tally import tallies, tally
from .voting import (
    MOTION_EDITABLE,
    motion_close,
    motion_create,
    motion_delete,
    motion_open,
    motion_update,
    paper_count,
    resolution_record,
    vote_cast,
)

__all__ = [
    "KEPT",
    "WHO_VOTES",
    "has_opened",
    "attachment_add",
    "attachment_delete",
    "REQUESTABLE_ROLES",
    "application_for_token",
    "application_review",
    "application_submit",
    "application_supply",
    "application_withdraw",
    "RUN_DENIED",
    "VOTE_DENIED",
    "attendance_set",
    "approve_plan",
    "approve_report",
    "COUNCIL_ROLES",
    "elect",
    "election_prepare",
    "slate_set",
    "current_charter",
    "decision_rule_set",
    "default_rule",
    "may_run",
    "meeting_create",
    "meeting_delete",
    "meeting_publish",
    "meeting_update",
    "MOTION_EDITABLE",
    "motion_close",
    "motion_create",
    "motion_delete",
    "motion_open",
    "motion_update",
    "paper_count",
    "resolution_record",
    "rule_for",
    "sanction_create",
    "sanction_end",
    "suspended_ids",
    "taking_part",
    "tallies",
    "tally",
    "vote_cast",
    "voting_units",
    "withdrawal_record",
]
