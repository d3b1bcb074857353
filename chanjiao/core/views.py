"""The small helpers every app's views share.

Views stay a few lines: validate a form, call a service, redirect. The helpers here turn a
service's ``ValidationError`` into form errors, paginate a selector's queryset and render an
object's history page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from chanjiao.core.history import (
    HistoryFilterForm,
    filter_history,
    history_scope,
    render_changes,
)
from chanjiao.core.listing import list_response
from chanjiao.core.validators import as_id

PAGE_SIZE = 20


def initial_ids(request, *names: str) -> dict[str, int]:
    """A form's first values from the query: the ids ``?body=3&owner=7`` name, by name (a
    value that cannot be an id is left out)."""
    found = {name: as_id(request.GET.get(name)) for name in names}
    return {name: pk for name, pk in found.items() if pk is not None}


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    """The page of ``queryset`` named by ``?page=`` (out-of-range pages show the last one)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def list_page(request, *, template, partial, filter_form, queryset, extra=None, spec=None):
    """A searchable, paginated list; an htmx request gets only the results partial.

    With a ``spec`` (:class:`chanjiao.core.listing.ListSpec`) the rows sort by ``?sort=`` and
    ``?format=xlsx`` answers with the same rows as an .xlsx file.
    """
    if spec is not None:
        queryset, export = list_response(request, spec, queryset)
        if export is not None:
            return export
    context = {
        "filter_form": filter_form,
        "page_obj": paginate(request, queryset),
        "list_spec": spec,
        **(extra or {}),
    }
    htmx = getattr(request, "htmx", None)
    partial_only = bool(htmx) and not htmx.boosted and not htmx.history_restore_request
    response = render(request, partial if partial_only else template, context)
    # The same URL answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def visible_record(selector):
    """The getter ``(request, pk)`` of one record the visitor may see, or 404: the row ``pk``
    of ``selector(actor=the user)`` (the selector that scopes its list page)."""

    def get(request, pk: int):
        return get_object_or_404(selector(actor=request.user), pk=pk)

    return get


def list_view(name: str, *, filters, selector, spec, choices=None, extra=None):
    """The list page of one record type, declared once.

    ``name`` is ``"app/record"``: the page renders ``app/record_list.html`` and an htmx request
    ``app/_record_table.html``. The filter bar is ``filters`` (a
    :class:`chanjiao.core.filters.FilterSet`; ``choices(user)`` gives the rows of its ``id``
    filters), the rows are ``selector(actor=user, **the filters)``, sorted and exported by
    ``spec``; ``extra(request)`` adds to the page's context.
    """
    app, record = name.split("/")

    def view(request):
        user = request.user
        form = filters.form(request.GET, choices=choices(user) if choices else None)
        return list_page(
            request,
            template=f"{app}/{record}_list.html",
            partial=f"{app}/_{record}_table.html",
            filter_form=form,
            queryset=selector(actor=user, **form.filters()),
            spec=spec,
            extra=extra(request) if extra else None,
        )

    return view


def add_service_error(form, exc: ValidationError) -> None:
    """Put a service's validation error on the form: per field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def model_data(form) -> dict:
    """A model form's cleaned data as service input (a cleared file becomes an empty file)."""
    data = dict(form.cleaned_data)
    for name, field in form.fields.items():
        if data.get(name) is False and field.__class__.__name__.endswith("FileField"):
            data[name] = ""
    return data


def fresh(obj: models.Model) -> models.Model:
    """A second copy of ``obj`` for a model form to validate into.

    A model form writes the submitted values into its instance while it validates; the service
    must still see the stored object to check the actor's rights against what it is now.
    """
    return type(obj)._default_manager.get(pk=obj.pk)


def run_service(form, call):
    """Call a service with a valid form; on ``ValidationError`` put it on the form, return None."""
    try:
        return call()
    except ValidationError as exc:
        add_service_error(form, exc)
        return None


def render_form(request, form, *, title, crumbs=(), cancel_url=None, **extra):
    """Render the generic form page (``core/form_page.html``)."""
    return render(
        request,
        extra.pop("template", "core/form_page.html"),
        {"form": form, "title": title, "crumbs": crumbs, "cancel_url": cancel_url, **extra},
    )


def form_page(request, form, *, save, message, done, **page):
    """A create or edit page: on a valid POST, ``save()`` (the service call) runs; when it
    succeeds the reader sees ``message`` (or ``message(saved)``) and goes where ``done(saved)``
    says (a redirect), and
    a refusal or invalid data shows the form again with what to fix. ``page`` is what
    :func:`render_form` takes (``title``, ``crumbs``, ``cancel_url`` …)."""
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, save)
        if saved:
            messages.success(request, message(saved) if callable(message) else message)
            return done(saved)
    return render_form(request, form, **page)


def record_crumbs(title, list_url: str, detail_url: str, label=str):
    """The trail above a kind of record's pages, as a function ``crumbs(record=None)``: its
    list (``title`` at the URL name ``list_url``), then the record (``label(record)`` at
    ``detail_url``) when one is given."""

    def crumbs(record=None) -> list[tuple]:
        trail = [(title, reverse(list_url))]
        if record is not None:
            trail.append((label(record), reverse(detail_url, args=[record.pk])))
        return trail

    return crumbs


def create_view(
    *, form, create, message, detail: str, title, crumbs, cancel: str, allowed, denied=None
):
    """The page registering a kind of record, as a view ``(request)`` for signed-in users.

    ``allowed(user)`` must hold (else 403 saying ``denied``); ``form(request)`` builds the form
    (bound on POST, with what the query string proposes); ``create(actor=…, **data)`` is the
    app's service; the reader then sees ``message`` (or ``message(record)``) on the new record's
    ``detail`` page (a URL name). ``crumbs()`` is the trail above the page; ``cancel`` the URL
    name the cancel link goes to. ``title``, ``message`` and ``denied`` are lazy translations.
    """

    @login_required
    def view(request):
        if not allowed(request.user):
            raise PermissionDenied(denied or _("您没有执行此操作的权限"))
        bound = form(request)
        return form_page(
            request,
            bound,
            save=lambda: create(actor=request.user, **model_data(bound)),
            message=message,
            done=lambda record: redirect(detail, pk=record.pk),
            title=title,
            crumbs=crumbs(),
            cancel_url=reverse(cancel),
        )

    return view


def edit_view(get, *, form, update, detail: str, title, crumbs, allowed=None, denied=None):
    """The page changing a record, as a view ``(request, pk)`` for signed-in users.

    ``get(request, pk)`` reads the record through a scoped selector (404 when the reader may not
    see it); ``allowed(user, record)``, when given, must hold (else 403 saying ``denied``);
    ``form(request, instance)`` builds the form on a fresh copy of it (see :func:`fresh`);
    ``update(actor=…, <model name>=record, data=…)`` is the app's service. Saved, the reader
    goes back to the record's ``detail`` page; ``crumbs(record)`` is the trail above the page.
    """

    @login_required
    def view(request, pk: int):
        record = get(request, pk)
        if allowed is not None and not allowed(request.user, record):
            raise PermissionDenied(denied or _("您没有执行此操作的权限"))
        bound = form(request, fresh(record))
        return form_page(
            request,
            bound,
            save=lambda: update(
                actor=request.user, data=model_data(bound), **{record._meta.model_name: record}
            ),
            message=_("已保存。"),
            done=lambda _saved: redirect(detail, pk=pk),
            title=title,
            crumbs=crumbs(record),
            cancel_url=reverse(detail, args=[pk]),
        )

    return view


@dataclass(frozen=True)
class Parts:
    """The pages that add, change and remove the records belonging to one kind of owner (an
    event's agenda items, a body's terms and charters, a carrier's milestones), declared once
    per owner: ``get(request, pk)`` reads the owner and checks that the reader may change it
    (every page is for signed-in users), ``crumbs(owner)`` is the trail above the pages and
    ``detail`` the URL name of the owner's page, where each page goes back to, at the part's
    ``anchor``."""

    get: Callable[..., Any]
    crumbs: Callable[[Any], Any]
    detail: str

    def _back(self, pk: int, anchor: str) -> str:
        return reverse(self.detail, args=[pk]) + anchor

    def part(self, rows, keyword: str, anchor: str = "") -> Part:
        """One kind of part, declared once for its pages: its records are ``rows(owner)``, a
        record is ``<keyword>`` to the services, and the owner's page shows them at
        ``anchor``."""
        return Part(self, rows, keyword, anchor)

    def add(self, *, form, create, message, title, anchor: str = "", **page) -> Callable:
        """The page adding a record, as a view ``(request, pk)``: ``form(request, owner)``
        builds the form; ``create(actor=…, <owner's model name>=owner, **data)`` is the app's
        service; saved, the reader sees ``message`` on the owner's page. ``title`` may be a
        function of the owner; ``page`` goes to :func:`render_form` (``form_intro`` …)."""

        @login_required
        def view(request, pk: int):
            owner = self.get(request, pk)
            bound = form(request, owner)
            return form_page(
                request,
                bound,
                save=lambda: create(
                    actor=request.user, **{owner._meta.model_name: owner}, **model_data(bound)
                ),
                message=message,
                done=lambda _saved: redirect(self._back(pk, anchor)),
                title=title(owner) if callable(title) else title,
                crumbs=self.crumbs(owner),
                cancel_url=self._back(pk, ""),
                **page,
            )

        return view

    def edit(self, *, rows, form, update, keyword: str, title, anchor: str = "") -> Callable:
        """The page changing one record, as a view ``(request, pk, item)``: the record is
        looked up in ``rows(owner)`` (404 otherwise), the form built by ``form(request, owner,
        record)`` and saved by ``update(actor=…, <keyword>=record, data=…)``. ``title`` may be
        a function of the record."""

        @login_required
        def view(request, pk: int, item: int):
            owner = self.get(request, pk)
            record = get_object_or_404(rows(owner), pk=item)
            bound = form(request, owner, fresh(record))
            back = self._back(pk, anchor)
            return form_page(
                request,
                bound,
                save=lambda: update(
                    actor=request.user, data=model_data(bound), **{keyword: record}
                ),
                message=_("已保存。"),
                done=lambda _saved: redirect(back),
                title=title(record) if callable(title) else title,
                crumbs=self.crumbs(owner),
                cancel_url=back,
            )

        return view

    def remove(self, *, rows, delete, keyword: str, anchor: str = "") -> Callable:
        """The page deleting one record after a confirmation, as a view ``(request, pk,
        <item pk>)``: the record is looked up in ``rows(owner)`` (404 otherwise) and
        ``delete(actor=…, <keyword>=record)`` is the app's service."""

        @login_required
        def view(request, pk: int, **item):
            owner = self.get(request, pk)
            (item_pk,) = item.values()
            record = get_object_or_404(rows(owner), pk=item_pk)
            return delete_page(
                request,
                record,
                delete=lambda: delete(actor=request.user, **{keyword: record}),
                back=self._back(pk, anchor),
                crumbs=self.crumbs(owner),
            )

        return view


@dataclass(frozen=True)
class Part:
    """One kind of an owner's parts (an event's agenda items): its add, edit and remove pages
    (:meth:`Parts.add`, :meth:`Parts.edit`, :meth:`Parts.remove`) with its rows, keyword and
    anchor said once."""

    parts: Parts
    rows: Callable[[Any], Any]
    keyword: str
    anchor: str = ""

    def add(self, *, form, create, message, title, **page) -> Callable:
        return self.parts.add(
            form=form, create=create, message=message, title=title, anchor=self.anchor, **page
        )

    def edit(self, *, form, update, title) -> Callable:
        return self.parts.edit(
            rows=self.rows, form=form, update=update, keyword=self.keyword, title=title,
            anchor=self.anchor,
        )  # fmt: skip

    def remove(self, delete) -> Callable:
        return self.parts.remove(
            rows=self.rows, delete=delete, keyword=self.keyword, anchor=self.anchor
        )


def delete_page(request, record, *, delete, back: str, crumbs=()):
    """Delete ``record`` after a confirmation: GET asks (``core/confirm_delete.html``), POST
    calls ``delete()`` (the app's service) and goes ``back`` with a message."""
    if request.method == "POST":
        delete()
        messages.success(request, _("已删除“%(obj)s”。") % {"obj": record})
        return redirect(back)
    context = {"object": record, "cancel_url": back, "crumbs": crumbs}
    return render(request, "core/confirm_delete.html", context)


def history_view(get, *, crumbs, detail: str):
    """The history page of a kind of record, as a view ``(request, pk)``: ``get(request, pk)``
    reads the record through a scoped selector (404 when the reader may not see it),
    ``crumbs(obj)`` is the trail above it and ``detail`` the URL name of the record's page."""

    def view(request, pk: int):
        obj = get(request, pk)
        return render_history(request, obj, crumbs=crumbs(obj), back_url=reverse(detail, args=[pk]))

    return view


#: Rows per history page: one screen of sentences, not 7,000 pixels.
HISTORY_PAGE_SIZE = 50


@login_required
def render_history(request, obj, *, crumbs=(), back_url=None):
    """Render ``obj``'s change log (its own changes and those filed under it) as sentences.

    Paged (50 rows) and filtered by who, what and when (``?actor=&action=&type=&q=&since=
    &until=``); an htmx request from the filter bar gets only the results. Callers have already
    checked that the user may read ``obj`` (they fetch it through a scoped selector); this view
    adds that the reader is signed in, and :func:`chanjiao.core.history.render_changes` hides
    the personal values the reader may not see. See :mod:`chanjiao.core.history`.
    """
    scope = history_scope(obj, viewer=request.user)
    filter_form = HistoryFilterForm(request.GET or None, history=scope)
    page = paginate(
        request, filter_history(scope, **filter_form.filters()), per_page=HISTORY_PAGE_SIZE
    )
    context = {
        "object": obj,
        "title": obj,
        "crumbs": crumbs,
        "back_url": back_url or getattr(obj, "get_absolute_url", lambda: None)(),
        "filter_form": filter_form,
        "page_obj": page,
        "entries": render_changes(page.object_list, viewer=request.user),
    }
    htmx = getattr(request, "htmx", None)
    partial_only = bool(htmx) and not htmx.boosted and not htmx.history_restore_request
    template = "core/_history_results.html" if partial_only else "core/history.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
