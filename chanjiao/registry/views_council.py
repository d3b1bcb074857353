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

from chanjiao.core.views import delete_page, form_page, fresh, model_data, remove_view

from . import forms, services
from .models import Body, CommitteeSeat
from .views import _body_crumbs, _body_for_edit


def _back(body: Body, anchor: str) -> str:
    return reverse("registry:body_detail", args=[body.pk]) + anchor


def _part_edit(rows, form, update, keyword: str, title, anchor: str):
    """The page changing one record of a body (a term, a committee …), as a view
    ``(request, pk, item)``: the record is looked up in ``rows(body)``, the form built by
    ``form(request, body, instance)`` and saved by ``update(actor=…, <keyword>=record,
    data=…)``; saved, the reader goes back to the body's page at ``anchor``."""

    @login_required
    def view(request, pk: int, item: int):
        body = _body_for_edit(request, pk)
        record = get_object_or_404(rows(body), pk=item)
        bound = form(request, body, fresh(record))
        back = _back(body, anchor)
        return form_page(
            request,
            bound,
            save=lambda: update(actor=request.user, data=model_data(bound), **{keyword: record}),
            message=_("已保存。"),
            done=lambda _saved: redirect(back),
            title=title(record) if callable(title) else title,
            crumbs=_body_crumbs(body),
            cancel_url=back,
        )

    return view


# --- terms (届) ---------------------------------------------------------------------------

term_edit = _part_edit(
    lambda body: body.terms.all(),
    lambda request, body, term: forms.TermForm(request.POST or None, instance=term),
    services.term_update,
    "term",
    lambda term: _("编辑届次：%(term)s") % {"term": term},
    "#terms",
)


# --- committees and their seats ---------------------------------------------------------

committee_edit = _part_edit(
    lambda body: body.committees.all(),
    lambda request, body, committee: forms.CommitteeForm(
        request.POST or None, body=body, instance=committee
    ),
    services.committee_update,
    "committee",
    lambda committee: _("编辑委员会：%(committee)s") % {"committee": committee},
    "#committees",
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

charter_edit = _part_edit(
    lambda body: body.charters.all(),
    lambda request, body, charter: forms.CharterForm(
        request.POST or None, request.FILES or None, instance=charter
    ),
    services.charter_update,
    "charter",
    lambda charter: _("编辑章程版本：%(version)s") % {"version": charter.version},
    "#charters",
)


charter_remove = remove_view(
    _body_for_edit,
    rows=lambda body: body.charters.all(),
    delete=lambda actor, charter: services.charter_delete(actor=actor, charter=charter),
    crumbs=_body_crumbs,
    detail="registry:body_detail",
    anchor="#charters",
)


# --- declared counts (公布数量) ------------------------------------------------------------

declared_count_edit = _part_edit(
    lambda body: body.declared_counts.all(),
    lambda request, body, count: forms.DeclaredCountForm(request.POST or None, instance=count),
    services.declared_count_update,
    "declared_count",
    gettext_lazy("编辑公布数量"),
    "",
)
