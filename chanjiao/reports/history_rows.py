"""Who reads the yearly cycle's rows filed under a body's history (see
:func:`chanjiao.core.history_filters.private_rows`): the 填报 rounds, forms and values and the
annual report's texts and approval are read by those who read the round and the report (the
secretariat, the supervising department, admins), not by every reader of the public body."""

from __future__ import annotations

from chanjiao.accounts.permissions import can_read_round, is_platform_admin
from chanjiao.core.history_filters import private_rows


def _round_readers(viewer, scope) -> bool:
    if scope._meta.label_lower == "registry.body":
        return can_read_round(viewer, scope)
    return is_platform_admin(viewer)


def register() -> None:
    for label in (
        "reports.CollectionRound",
        "reports.CollectionForm",
        "reports.IndicatorValue",
        "reports.ReportText",
        "reports.ReportApproval",
    ):
        private_rows(label, _round_readers)
