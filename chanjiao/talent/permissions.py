"""Who may do what with talent data (built on :mod:`chanjiao.accounts.permissions`).

- Cohorts (培养规模) and their students: the school's contact, the secretariat of the body the
  cohort is filed under, or an admin. A contact files (creates, or moves) its school's cohorts
  only under a body the school is a current member of, or under none
  (:func:`chanjiao.accounts.permissions.can_file_under_body`, checked by the services).
- Postings (需求岗位): the enterprise's contact, the secretariat of the body, or an admin; a
  contact files them only under a body the enterprise is a member of, or none.
- Applications: the student's editors set the student's choices; the posting's editors rank
  or score the applicants.
- Match runs and their placements: the body's secretariat or an admin; contacts of the school
  and of the enterprise read the placements that concern them.
- The majors catalogue: admins.
"""

from __future__ import annotations

from chanjiao.accounts.permissions import (
    can_edit_body,
    contact_organization_ids,
    is_platform_admin,
    secretariat_body_ids,
)


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def _unit_or_body(user, organization, body) -> bool:
    """The unit's contact, the secretariat of the body the record is filed under, or an admin."""
    if is_platform_admin(user):
        return True
    body_id, organization_id = _pk(body), _pk(organization)
    if body_id is not None and body_id in secretariat_body_ids(user):
        return True
    return organization_id is not None and organization_id in contact_organization_ids(user)


def can_edit_cohort(user, *, school, body) -> bool:
    """The school's contact, the secretariat of the cohort's body, or an admin."""
    return _unit_or_body(user, school, body)


def can_edit_posting(user, *, enterprise, body) -> bool:
    """The enterprise's contact, the secretariat of the posting's body, or an admin."""
    return _unit_or_body(user, enterprise, body)


def can_import(user, body) -> bool:
    """Import a body's postings, cohorts, students or applications from .xlsx: its secretariat
    or an admin. The pages link to the import only for them."""
    return can_edit_body(user, body)


def can_run_matching(user, body) -> bool:
    """Start runs and accept their proposals: the body's secretariat or an admin."""
    return can_edit_body(user, body)


def can_edit_catalogue(user) -> bool:
    """The national majors catalogue is kept by admins."""
    return is_platform_admin(user)


def can_create_cohort_somewhere(user) -> bool:
    return (
        is_platform_admin(user)
        or bool(secretariat_body_ids(user))
        or bool(contact_organization_ids(user))
    )
