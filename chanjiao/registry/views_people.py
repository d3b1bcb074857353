"""Registry pages of people (人员) and their positions (职务)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.accounts.permissions import (
    can_create_person,
    require,
)
from chanjiao.core import panels
from chanjiao.core.views import (
    Parts,
    create_view,
    edit_view,
    history_view,
    initial_ids,
    list_view,
    record_crumbs,
    visible_record,
)

from . import forms, lists, selectors, services
from .permissions import can_edit_person

PEOPLE = pgettext_lazy("list", "人员")


# --- people (人员) ------------------------------------------------------------------------


_person_crumbs = record_crumbs(
    PEOPLE, "registry:person_list", "registry:person_detail", lambda person: person.name
)


_person = visible_record(selectors.person_list)


person_list = list_view(
    "registry/person",
    filters=lists.PERSON_FILTERS,
    choices=lambda user: {
        "organization": selectors.post_holding_organizations(),
        "body": selectors.visible_bodies(user).order_by("name"),
    },
    selector=selectors.person_list,
    spec=lists.PEOPLE,
    extra=lambda request: {"title": PEOPLE, "can_create": can_create_person(request.user)},
)


def person_detail(request, pk: int):
    actor = request.user
    person = _person(request, pk)
    context = {
        "person": person,
        "title": person.name,
        "crumbs": _person_crumbs(),
        "positions": selectors.person_positions(actor=actor, person=person),
        "seats": selectors.person_committee_seats(actor=actor, person=person),
        "can_edit": can_edit_person(actor, person),
        # Its speeches at events, from the apps above (chanjiao.reports.panels).
        **panels.context("registry.person_detail", actor=actor, person=person),
    }
    return render(request, "registry/person_detail.html", context)


person_history = history_view(
    _person,
    crumbs=_person_crumbs,
    detail="registry:person_detail",
)


person_create = create_view(
    allowed=can_create_person,
    denied=gettext_lazy("您不能登记人员"),
    form=lambda request: forms.PersonForm(request.POST or None),
    create=services.person_create,
    message=lambda person: _("已登记“%(name)s”，可继续添加职务。") % {"name": person},
    detail="registry:person_detail",
    title=gettext_lazy("登记人员"),
    crumbs=_person_crumbs,
    cancel="registry:person_list",
)


person_edit = edit_view(
    _person,
    allowed=can_edit_person,
    denied=gettext_lazy("您不能修改此人员"),
    form=lambda request, person: forms.PersonForm(request.POST or None, instance=person),
    update=services.person_update,
    detail="registry:person_detail",
    title=gettext_lazy("编辑人员信息"),
    crumbs=_person_crumbs,
)


def _person_for_edit(request, pk: int):
    person = _person(request, pk)
    require(can_edit_person(request.user, person), _("您不能修改此人员"))
    return person


position_add = Parts(_person_for_edit, crumbs=_person_crumbs, detail="registry:person_detail").add(
    form=lambda request, person: forms.PositionForm(
        request.POST or None, initial=initial_ids(request, "organization")
    ),
    create=services.position_create,
    message=gettext_lazy("已添加职务。"),
    title=lambda person: _("添加职务：%(name)s") % {"name": person},
)
