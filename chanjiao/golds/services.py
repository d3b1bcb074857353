"""Every write of the five golds (五金): the programme with its five categories, a category's
committee, nominations (申报) and their review (评审).

A review (return, recognise, not recognise) locks the nomination's row (``SELECT … FOR
UPDATE``; on SQLite the write lock every transaction takes) and checks its status under the
lock: two reviewers deciding at once queue on the lock, the second finds it decided and gets a
:class:`~chanjiao.core.exceptions.Conflict` (HTTP 409) saying so.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import require
from chanjiao.cooperation.models import Carrier
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object
from chanjiao.core.exceptions import Conflict
from chanjiao.core.words import listed
from chanjiao.registry.models import Body, Committee, Membership, Organization

from .models import FIRST_YEAR, LAST_YEAR, GoldsCategory, GoldsNomination, GoldsProgramme, Kind
from .permissions import (
    can_edit_nomination,
    can_nominate,
    can_review,
    can_run_programme,
    own_nomination,
)

RUN_DENIED = gettext_lazy("只有该产教融合体的秘书处可以管理五金建设")
NOMINATE_DENIED = gettext_lazy("只有申报单位的联系人或该产教融合体的秘书处可以申报和修改")
REVIEW_DENIED = gettext_lazy("只有该类别的负责委员会成员或秘书处可以评审")
OWN_DENIED = gettext_lazy("申报单位不能评审本单位的申报")
#: The largest evidence file (the site's upload limit is the same).
MAX_EVIDENCE = 10 * 1024 * 1024


# --- the programme ------------------------------------------------------------------------


def _check_committees(body: Body, committees: dict) -> dict[str, Committee | None]:
    unknown = set(committees) - set(Kind.values)
    if unknown:
        raise ValidationError({"committees": [_("未知的类别：%(k)s") % {"k": listed(unknown)}]})
    for committee in committees.values():
        if committee is not None and committee.body_id != body.pk:
            raise ValidationError(
                {"committees": [_("%(c)s 不是本产教融合体的委员会") % {"c": committee}]}
            )
    return committees


def golds_programme_create(
    *,
    actor: Actor,
    body: Body,
    name: str,
    started_on=None,
    description: str = "",
    committees: dict[str, Committee | None] | None = None,
) -> GoldsProgramme:
    """Start a body's five-golds programme with its five categories, each run by the
    committee ``committees[kind]`` names (a committee of the body; none: assigned later)."""
    fields = given(locals(), "committees")
    require(can_run_programme(actor, body), RUN_DENIED)
    committees = _check_committees(body, dict(committees or {}))
    if GoldsProgramme.objects.filter(body=body).exists():
        raise ValidationError({"body": [_("该产教融合体已有五金建设")]})
    with transaction.atomic():
        programme = create_object(GoldsProgramme, actor=actor, data=fields, related=body)
        for kind in Kind.values:
            create_object(
                GoldsCategory,
                actor=actor,
                data={"programme": programme, "kind": kind, "committee": committees.get(kind)},
                related=programme,
            )
    return programme


def golds_programme_update(
    *, actor: Actor, golds_programme: GoldsProgramme, data: dict
) -> GoldsProgramme:
    """Change the programme's name, start date or description (its body stays)."""
    require(can_run_programme(actor, golds_programme.body_id), RUN_DENIED)
    if "body" in data and data["body"] != golds_programme.body:
        raise ValidationError({"body": [_("五金建设不能转到另一个产教融合体")]})
    data = {k: v for k, v in data.items() if k in ("name", "started_on", "description")}
    return update_object(golds_programme, actor=actor, data=data, related=golds_programme.body)


def golds_programme_delete(*, actor: Actor, golds_programme: GoldsProgramme) -> None:
    """Delete a programme nobody has nominated in yet."""
    require(can_run_programme(actor, golds_programme.body_id), RUN_DENIED)
    if GoldsNomination.objects.filter(category__programme=golds_programme).exists():
        raise ValidationError(_("已有申报的五金建设不能删除"))
    with transaction.atomic():
        for category in golds_programme.categories.all():
            delete_object(category, actor=actor, related=golds_programme)
        delete_object(golds_programme, actor=actor, related=golds_programme.body)


def golds_category_update(*, actor: Actor, golds_category: GoldsCategory, data: dict):
    """Change the committee that runs a category (a committee of the same body, or none)."""
    require(can_run_programme(actor, golds_category.programme.body_id), RUN_DENIED)
    data = {k: v for k, v in data.items() if k == "committee"}
    return update_object(golds_category, actor=actor, data=data, related=golds_category.programme)


# --- nominations --------------------------------------------------------------------------


def _year(value, field: str) -> None:
    if value is None or not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError({field: [_("年度须在 2000 至 2100 之间")]})


def _check_nomination(category: GoldsCategory, organization: Organization, carrier) -> None:
    body = category.programme.body
    if not Membership.objects.current().filter(body=body, organization=organization).exists():
        raise ValidationError(
            {
                "organization": [
                    _("%(unit)s 不是 %(body)s 的现有成员单位")
                    % {"unit": organization, "body": body}
                ]
            }
        )
    if carrier is not None and carrier.body_id != body.pk:
        raise ValidationError({"carrier": [_("载体须属于本产教融合体")]})


def _file_name(file) -> str:
    return PurePath(getattr(file, "name", "") or "").name[:255]


def _check_file(file) -> None:
    if getattr(file, "size", 0) > MAX_EVIDENCE:
        raise ValidationError({"evidence": [_("文件不能超过 10 MB")]})


def golds_nomination_create(
    *,
    actor: Actor,
    category: GoldsCategory,
    organization: Organization,
    year: int,
    name: str,
    description: str = "",
    carrier: Carrier | None = None,
    link: str = "",
    evidence: File | None = None,
) -> GoldsNomination:
    """Nominate a result of ``organization`` (a current member unit of the category's body)
    in ``category`` and ``year``, as a draft: by the unit's contact, the body's secretariat or
    an admin."""
    fields = given(locals())
    require(
        can_nominate(actor, body=category.programme.body_id, organization=organization),
        NOMINATE_DENIED,
    )
    _year(year, "year")
    _check_nomination(category, organization, carrier)
    if evidence:
        _check_file(evidence)
        fields["evidence_name"] = _file_name(evidence)
    else:
        fields.pop("evidence")
    return create_object(GoldsNomination, actor=actor, data=fields, related=category)


def _editable(actor: Actor, nomination: GoldsNomination) -> None:
    require(can_edit_nomination(actor, nomination), NOMINATE_DENIED)
    if not nomination.is_editable:
        raise ValidationError(
            _("%(status)s的申报不能再修改") % {"status": nomination.get_status_display()}
        )


#: What the nominating side may change.
_EDITABLE_FIELDS = ("year", "name", "description", "carrier", "link", "evidence")


def golds_nomination_update(
    *, actor: Actor, golds_nomination: GoldsNomination, data: dict
) -> GoldsNomination:
    """Change a draft or returned nomination (its category and unit stay)."""
    nomination = golds_nomination
    _editable(actor, nomination)
    for fixed in ("category", "organization"):
        if fixed in data and data[fixed] != getattr(nomination, fixed):
            raise ValidationError({fixed: [_("不能修改申报的类别和申报单位，请另行申报")]})
    data = {k: v for k, v in data.items() if k in _EDITABLE_FIELDS}
    if "year" in data:
        _year(data["year"], "year")
    if "carrier" in data:
        _check_nomination(nomination.category, nomination.organization, data["carrier"])
    if data.get("evidence") and not isinstance(data["evidence"], FieldFile):
        _check_file(data["evidence"])
        data["evidence_name"] = _file_name(data["evidence"])
    elif "evidence" in data:
        data.pop("evidence")  # no new file (or the stored one again): the file stays
    return update_object(nomination, actor=actor, data=data, related=nomination.category)


def golds_nomination_evidence_set(
    *, actor: Actor, golds_nomination: GoldsNomination, file: File | None
) -> GoldsNomination:
    """Upload a nomination's evidence file (佐证材料), replacing the one before."""
    _editable(actor, golds_nomination)
    if not file:
        raise ValidationError({"file": [_("请选择要上传的文件")]})
    return golds_nomination_update(
        actor=actor, golds_nomination=golds_nomination, data={"evidence": file}
    )


def golds_nomination_delete(*, actor: Actor, golds_nomination: GoldsNomination) -> None:
    """Withdraw a draft or returned nomination."""
    _editable(actor, golds_nomination)
    evidence = golds_nomination.evidence
    delete_object(golds_nomination, actor=actor, related=golds_nomination.category)
    if evidence:
        transaction.on_commit(lambda: evidence.delete(save=False))


def _locked(nomination: GoldsNomination, *allowed: str) -> GoldsNomination:
    """The nomination's row, locked; Conflict when its status is no longer one of
    ``allowed`` (another reviewer or the unit got there first)."""
    locked = GoldsNomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status not in allowed:
        raise Conflict(
            _("该申报已是“%(status)s”状态，未作更改（可能已由他人处理）")
            % {"status": locked.get_status_display()}
        )
    return locked


def golds_nomination_submit(*, actor: Actor, golds_nomination: GoldsNomination) -> GoldsNomination:
    """Submit a draft or returned nomination for review; it needs evidence (a file or a
    link)."""
    nomination = golds_nomination
    require(can_edit_nomination(actor, nomination), NOMINATE_DENIED)
    with transaction.atomic():
        locked = _locked(nomination, *GoldsNomination.EDITABLE)
        if not locked.evidence and not locked.link:
            raise ValidationError({"evidence": [_("提交前请上传佐证材料或填写佐证链接")]})
        data = {"status": GoldsNomination.Status.SUBMITTED, "submitted_at": timezone.now()}
        return update_object(locked, actor=actor, data=data, related=locked.category)


def _decide(actor: Actor, nomination: GoldsNomination, data: dict) -> GoldsNomination:
    require(not own_nomination(actor, nomination), OWN_DENIED)
    require(can_review(actor, nomination), REVIEW_DENIED)
    with transaction.atomic():
        locked = _locked(nomination, GoldsNomination.Status.SUBMITTED)
        user = actor if getattr(actor, "is_authenticated", False) else None
        data |= {"decided_at": timezone.now(), "decided_by": user}
        return update_object(locked, actor=actor, data=data, related=locked.category)


def golds_nomination_return(
    *, actor: Actor, golds_nomination: GoldsNomination, note: str
) -> GoldsNomination:
    """Return a submitted nomination to its unit for more (退回补充), saying what is missing."""
    if not (note or "").strip():
        raise ValidationError({"note": [_("请说明需要补充的内容")]})
    data = {"status": GoldsNomination.Status.RETURNED, "review_note": note.strip()}
    return _decide(actor, golds_nomination, data)


def golds_nomination_recognise(
    *, actor: Actor, golds_nomination: GoldsNomination, level: str, year: int, note: str = ""
) -> GoldsNomination:
    """Recognise a submitted nomination (认定) at ``level`` in ``year``."""
    errors = {}
    if level not in GoldsNomination.Level.values:
        errors["level"] = [_("请选择认定级别")]
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [_("请填写认定年度（2000 至 2100）")]
    if errors:
        raise ValidationError(errors)
    data = {
        "status": GoldsNomination.Status.RECOGNISED,
        "level": level,
        "recognised_year": year,
        "review_note": (note or "").strip(),
    }
    return _decide(actor, golds_nomination, data)


def golds_nomination_reject(
    *, actor: Actor, golds_nomination: GoldsNomination, reason: str
) -> GoldsNomination:
    """Do not recognise a submitted nomination (未认定), saying why."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请说明未认定的理由")]})
    data = {"status": GoldsNomination.Status.REJECTED, "review_note": reason.strip()}
    return _decide(actor, golds_nomination, data)
