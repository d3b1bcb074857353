"""Registry pages that change what a body's council is made of: its terms (届), committees and
their seats, charter versions (章程) and declared counts (公布数量); adding them is in views.py.

Each page reads the body through the secretariat's check (views._body_for_edit), finds the
record among the body's own (404 otherwise) and hands the form to the service.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.core.views import delete_page, form_page, fresh, model_data

from . import forms, services
from .models import Body, CommitteeSeat
from .views import (
    _body_crumbs,
    _body_for_edit,
    charter_parts,
    committee_parts,
    declared_count_parts,
    term_parts,
)


def _back(body: Body, anchor: str) -> str:
    return reverse("registry:body_detail", args=[body.pk]) + anchor


# --- terms (届) ---------------------------------------------------------------------------

term_edit = term_parts.edit(
    form=lambda request, body, term: forms.TermForm(request.POST or None, instance=term),
    update=services.term_update,
    title=lambda term: _("编辑届次：%(term)s") % {"term": term},
)


# --- committees and their seats ---------------------------------------------------------

committee_edit = committee_parts.edit(
    form=lambda request, body, committee: forms.CommitteeForm(
        request.POST or None, body=body, instance=committee
    ),
    update=services.committee_update,
    title=lambda committee: _("编辑委员会：%(committee)s") % {"committee": committee},
)


def _seat(request, pk: int, cpk: int, spk: int) -> tuple[Body, CommitteeSeat]:
    body = _body_for_edit(request, pk)
    seat = get_object_or_404(
        CommitteeSeat.objects.select_related("committee", "person", "organization"),
        pk=spk,
        committee_id=cpk,
        committee__body=body,
    )
    return body, seat


@login_required
def seat_edit(request, pk: int, cpk: int, spk: int):
    """Change a committee seat: who holds it (a person or a unit), the role, the dates."""
    body, seat = _seat(request, pk, cpk, spk)
    form = forms.CommitteeSeatForm(request.POST or None, instance=fresh(seat))
    back = _back(body, "#committees")
    return form_page(
        request,
        form,
        save=lambda: services.committee_seat_update(
            actor=request.user, committee_seat=seat, data=model_data(form)
        ),
        message=_("已保存。"),
        done=lambda _saved: redirect(back),
        title=_("编辑席位：%(committee)s") % {"committee": seat.committee},
        crumbs=_body_crumbs(body),
        cancel_url=back,
    )


@login_required
def seat_remove(request, pk: int, cpk: int, spk: int):
    """Delete a committee seat, after a confirmation."""
    body, seat = _seat(request, pk, cpk, spk)
    return delete_page(
        request,
        seat,
        delete=lambda: services.committee_seat_delete(actor=request.user, committee_seat=seat),
        back=_back(body, "#committees"),
        crumbs=_body_crumbs(body),
    )


# --- charters (章程): each row is one version ---------------------------------------------

charter_edit = charter_parts.edit(
    form=lambda request, body, charter: forms.CharterForm(
        request.POST or None, request.FILES or None, instance=charter
    ),
    update=services.charter_update,
    title=lambda charter: _("编辑章程版本：%(version)s") % {"version": charter.version},
)
charter_remove = charter_parts.remove(services.charter_delete)


# --- declared counts (公布数量) ------------------------------------------------------------

declared_count_edit = declared_count_parts.edit(
    form=lambda request, body, count: forms.DeclaredCountForm(request.POST or None, instance=count),
    update=services.declared_count_update,
    title=gettext_lazy("编辑公布数量"),
)
