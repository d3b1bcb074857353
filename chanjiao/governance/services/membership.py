"""The membership lifecycle decided outside a vote: sanctions short of removal (处分)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chanjiao.core.changelog import (
    Actor,
    create_object,
    given,
)
from chanjiao.registry.models import Membership

from ..models import (
    Resolution,
    Sanction,
)
from .organs import may_run


def sanction_create(
    *,
    actor: Actor,
    membership: Membership,
    kind: str,
    reason: str,
    since: datetime.date,
    until: datetime.date | None = None,
    resolution: Resolution | None = None,
) -> Sanction:
    """Record 通报批评, 警告 or 暂停权利 on a membership (a suspended unit does not vote)."""
    fields = given(locals())
    may_run(actor, membership.body)
    if until is not None and until < since:
        raise ValidationError({"until": _("结束日期不能早于开始日期")})
    return create_object(Sanction, actor=actor, data=fields, related=membership.body)
