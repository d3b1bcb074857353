"""Who may touch what in cooperation, beyond the general rule of
:mod:`chanjiao.accounts.permissions` (agreements and carriers are the secretariat's of the body
they are filed under, and admins'):

- a carrier's milestones (里程碑) and yearly figures (年度数据) are also recorded by the
  contacts of its owner units (共建单位), who read the carrier even when its body is
  unpublished;
- an agreement's documents (协议文本) are read by its parties' contacts, the body's
  secretariat and admins only (not by supervisors or the public); the parties' contacts read
  the agreement itself even when its body is unpublished.
"""

from __future__ import annotations

from chanjiao.accounts.permissions import (
    can_edit_cooperation,
    contact_organization_ids,
    is_platform_admin,
)


def _owner_ids(carrier) -> set[int]:
    cache = getattr(carrier, "_prefetched_objects_cache", {}).get("owners")
    if cache is not None:
        return {o.pk for o in cache}
    return set(carrier.owners.values_list("pk", flat=True))


def can_record_carrier_progress(user, carrier) -> bool:
    """Milestones and figures of a carrier: its body's secretariat, its owner units' contacts,
    admins."""
    if can_edit_cooperation(user, carrier.body_id):
        return True
    units = contact_organization_ids(user)
    return bool(units) and bool(_owner_ids(carrier) & units)


def _party_ids(agreement) -> set[int]:
    cache = getattr(agreement, "_prefetched_objects_cache", {}).get("parties")
    if cache is not None:
        return {o.pk for o in cache}
    return set(agreement.parties.values_list("pk", flat=True))


def can_read_agreement_documents(user, agreement) -> bool:
    """An agreement's text: its parties' contacts, its body's secretariat, admins."""
    if is_platform_admin(user) or can_edit_cooperation(user, agreement.body_id):
        return True
    units = contact_organization_ids(user)
    return bool(units) and bool(_party_ids(agreement) & units)


def document_rows(user, scope) -> bool:
    """Whether ``user`` reads the rows of an agreement's texts (file names, notes, who
    uploaded) in its history: those who may read the texts themselves."""
    if scope._meta.label_lower == "cooperation.agreement":
        return can_read_agreement_documents(user, scope)
    return is_platform_admin(user)
