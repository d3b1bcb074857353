"""The usual endpoints of one API resource, declared once: list, one, create, patch, put, delete.

Most resources are read through a selector that scopes the rows to what the reader may see and
written through the app's services (``<name>_create(**data)``,
``<name>_update(<name>=obj, data=data)``, ``<name>_delete(<name>=obj)``). :class:`Crud` writes
those six operations on a router from what differs between resources: the path, the schemas,
the selectors, how ids in the input become rows, and the summaries. An endpoint that does
something else is written by hand beside them, as before.

A resource that belongs to another row (a body's terms, an event's agenda) is declared the same
way with ``parent`` (the row named by ``{id}`` in the path, 404 when the reader may not see it)
and ``rows`` (that row's records of this resource, or the name of its related manager); one
record is then addressed by a second path parameter, ``item`` (``<service>_id`` unless given:
``/bodies/{id}/terms/{term_id}``), and the create service is given the parent by
``parent_name`` (``term_create(body=body, **data)``). ``functools.partial`` declares what the
resources under one parent share.

:class:`Actions` declares the other common kind, an action on one record (``POST
/bookings/{id}/confirm``, ``POST /motions/{id}/open``): the record looked up in the reader's
scope, handed to a service with the body's fields, and read again for the answer.

A record's version travels as an ETag (when it was last written): one record's GET and a PUT or
PATCH answer it, and a PUT, PATCH or DELETE that sends it back in ``If-Match`` is refused with
412, naming who changed what, when someone changed the record since, as the edit pages refuse the
same save (:class:`chanjiao.core.forms.ModelForm`). A hand-written endpoint does the same with
:func:`refuse_unseen`, :func:`versioned`, :data:`STALE` and :data:`IF_MATCH_HELP`.

The generated view functions carry the names a hand-written module would give them
(``list_cohorts``, ``get_cohort``, ``confirm_booking`` …) and the module's name, so the
operation ids, the URL names and the OpenAPI schema are those of hand-written endpoints.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import create_model

from .api import READ_ERRORS, WRITE_ERRORS, ApiPagination, actor, call_service, get_or_404
from .listing import ListSpec
from .schemas import ErrorOut, partial_schema
from .versions import changed_since, parse_version, version_of

#: Each operation: its HTTP method, whether it addresses one record, its answer, and whether
#: anonymous readers may call it.
_OPERATIONS = {
    "list": ("get", False, 200, True),
    "get": ("get", True, 200, True),
    "create": ("post", False, 201, False),
    "patch": ("patch", True, 200, False),
    "put": ("put", True, 200, False),
    "delete": ("delete", True, 204, False),
}

#: The operations that answer a record's version (ETag).
_VERSIONED = ("get", "patch", "put")
#: The operations that check If-Match (:func:`refuse_unseen`).
_CHECKED = ("patch", "put", "delete")
#: The answer an operation that checks If-Match adds, and its words.
STALE = {412: ErrorOut}
IF_MATCH_HELP = (
    "Send the record's ETag (from its GET) in If-Match to be refused with 412, saying who "
    "changed what, when someone has changed the record since."
)


def etag(obj: Any) -> str:
    """A record's version (:func:`~chanjiao.core.versions.version_of`) as an ETag."""
    version = version_of(obj)
    return f'"{version}"' if version else ""


def _no_refs(request: HttpRequest, data: dict[str, Any], *parent: Any) -> dict[str, Any]:
    return data


@dataclass
class Crud:
    """One resource's list/get/create/patch/put/delete endpoints, registered by :meth:`register`.

    - ``selector(actor=…, **filters)``: the app's list selector, scoped to what the actor may
      see; ``scope`` and ``listing`` default to it (give them when they differ).
    - ``scope(request)``: the rows the reader may see; a single row is looked up in it (404
      otherwise) and, with ``reread``, a written row is read again through it, so the answer
      has what the list has (annotations, redacted personal fields). ``one(request, id)``
      replaces that lookup where a single row is loaded differently (with what it holds);
      ``edit_scope(request)`` where a row to change is looked up elsewhere (without redaction).
      Under a parent, ``scope(request, parent)`` gives the rows one record is read from (its
      GET: the list's rows, redacted as the list is), ``rows`` unless given; a row to change is
      looked up in ``rows``.
    - ``list_out``: the list's item schema when it is shorter than ``out``; ``put_input`` the
      PUT body when it is not the create body.
    - ``listing(request, **filters)``: the list, filtered by the ``filters`` query schema
      (``listing(request, parent, **filters)`` under a parent).
    - ``sorts``: the list's page declaration (:class:`chanjiao.core.listing.ListSpec`); the
      list then takes ``?sort=<column>`` / ``?sort=-<column>`` with the page's sortable
      columns, ordering the rows as the page does (ties by the same keys).
    - ``refs(request, data)``: turns ids in the input into rows (``resolve_one``/``resolve_many``);
      ``refs(request, data, parent)`` under a parent.
    - ``services``: the module with ``<service>_create``, ``<service>_update`` and
      ``<service>_delete`` (``service`` defaults to ``name``, the record's keyword there too).
    - ``summaries``: the OpenAPI summary of each operation, by ``list``, ``get``, ``create``,
      ``patch``, ``put`` and ``delete``; an operation without one is not registered.
    - ``parent``, ``rows``, ``parent_name``, ``item``: a resource under another row (above).
    """

    router: Router
    module: str
    path: str
    tag: str
    name: str
    out: type
    services: ModuleType
    summaries: dict[str, str]
    selector: Callable[..., QuerySet] | None = None
    scope: Callable[[HttpRequest], QuerySet] | None = None
    edit_scope: Callable[[HttpRequest], QuerySet] | None = None
    listing: Callable[..., QuerySet] | None = None
    one: Callable[[HttpRequest, int], Any] | None = None
    list_out: type | None = None
    filters: type | None = None
    sorts: ListSpec | None = None
    create_input: type | None = None
    patch_input: type | None = None
    put_input: type | None = None
    refs: Callable[..., dict[str, Any]] = _no_refs
    reread: bool = True
    plural: str = ""
    service: str = ""
    parent: Callable[[HttpRequest, int], Any] | None = None
    rows: Callable[[Any], QuerySet] | str | None = None
    parent_name: str = ""
    item: str = ""
    views: dict[str, Callable] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.service = self.service or self.name
        whole = self.put_input or self.create_input
        if self.patch_input is None and whole is not None:
            # PATCH takes any of the PUT body's fields: ``AwardIn`` gives ``AwardPatch``.
            name = re.sub(r"In$", "", whole.__name__) + "Patch"
            self.patch_input = partial_schema(whole, name)
        selector = self.selector
        if selector is not None and self.parent is None:
            if self.scope is None:
                self.scope = lambda request: selector(actor=actor(request))
            if self.listing is None:
                self.listing = lambda request, **filters: selector(actor=actor(request), **filters)
        if isinstance(self.rows, str):
            related = self.rows
            self.rows = lambda parent: getattr(parent, related).all()
        self.item = self.item or ("id" if self.parent is None else f"{self.service}_id")
        rows = self.rows
        if rows is not None and self.listing is None:
            self.listing = lambda request, parent, **filters: rows(parent)

    def register(self) -> Crud:
        plural = self.plural or f"{self.name}s"
        for op, (method, single, status, anonymous) in _OPERATIONS.items():
            if op not in self.summaries:
                continue
            view = getattr(self, f"_{op}")
            params = self._params(op, single)
            view = _view(view, params)
            view.__name__ = view.__qualname__ = (
                f"list_{plural}" if op == "list" else f"{op}_{self.name}"
            )
            view.__module__ = self.module
            self.views[op] = view
            answer = self.out
            if op == "list":
                answer = list[self.list_out or self.out]
                view = paginate(ApiPagination)(view)
            options: dict[str, Any] = {
                "response": {
                    status: None if status == 204 else answer,
                    **(READ_ERRORS if anonymous else WRITE_ERRORS),
                },
                "tags": [self.tag],
                "summary": self.summaries[op],
            }
            if anonymous:
                options["auth"] = None
            if op in _CHECKED:
                options["response"].update(STALE)
                options["description"] = IF_MATCH_HELP
            if op == "delete":  # a record others still depend on (registrations …) is kept
                options["response"][409] = ErrorOut
            path = f"{self.path}/{{{self.item}}}" if single else self.path
            getattr(self.router, method)(path, **options)(view)
        return self

    def _params(self, op: str, single: bool) -> list[tuple[str, Any]]:
        params: list[tuple[str, Any]] = []
        if self.parent is not None:
            params.append(("id", int))
        if single:
            params.append((self.item, int))
        if op == "list" and self.filters is not None:
            params.append(("filters", Query[self.filters]))
        if op == "list" and self.sorts is not None:
            params.append(("sorting", Query[sort_schema(self.sorts)]))
        if op in _VERSIONED:
            params.append(("response", HttpResponse))
        body = {
            "create": self.create_input,
            "patch": self.patch_input,
            "put": self.put_input or self.create_input,
        }.get(op)
        if body is not None:
            params.append(("payload", body))
        return params

    # --- looking rows up -----------------------------------------------------------------------

    def _parent(self, request: HttpRequest, kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """``(parent,)`` under a parent, else ``()``: the extra argument of listing and refs."""
        return () if self.parent is None else (self.parent(request, kwargs["id"]),)

    def _lookup(
        self, request: HttpRequest, pk: int, parent: tuple[Any, ...], *, edit: bool = False
    ) -> Any:
        if parent:
            if self.scope is not None and not edit:
                return get_or_404(self.scope(request, parent[0]), pk)
            return get_or_404(self.rows(parent[0]), pk)
        if self.one is not None:
            return self.one(request, pk)
        scope = (self.edit_scope if edit else None) or self.scope
        return get_or_404(scope(request), pk)

    def _answer(self, request: HttpRequest, obj: Any, parent: tuple[Any, ...]) -> Any:
        return self._lookup(request, obj.pk, parent) if self.reread and not parent else obj

    def _data(self, request: HttpRequest, payload: Any, parent: tuple, partial: bool) -> Any:
        return self.refs(request, payload.model_dump(exclude_unset=partial), *parent)

    # --- the views -----------------------------------------------------------------------------

    def _list(self, request: HttpRequest, **kwargs: Any) -> Any:
        filters = kwargs["filters"].model_dump() if "filters" in kwargs else {}
        rows = self.listing(request, *self._parent(request, kwargs), **filters)
        if "sorting" in kwargs:
            rows = self.sorts.order(rows, kwargs["sorting"].sort)
        return rows

    def _get(self, request: HttpRequest, **kwargs: Any) -> Any:
        obj = self._lookup(request, kwargs[self.item], self._parent(request, kwargs))
        return versioned(kwargs["response"], obj)

    def _create(self, request: HttpRequest, **kwargs: Any) -> Any:
        parent = self._parent(request, kwargs)
        data = self._data(request, kwargs["payload"], parent, partial=False)
        if parent:
            data[self.parent_name] = parent[0]
        obj = call_service(getattr(self.services, f"{self.service}_create"), request, **data)
        return Status(201, self._answer(request, obj, parent))

    def _update(self, request: HttpRequest, kwargs: dict[str, Any], *, partial: bool) -> Any:
        parent = self._parent(request, kwargs)
        obj = self._lookup(request, kwargs[self.item], parent, edit=True)
        if stale := refuse_unseen(request, obj):
            return stale
        data = self._data(request, kwargs["payload"], parent, partial=partial)
        service = getattr(self.services, f"{self.service}_update")
        updated = call_service(service, request, **{self.service: obj, "data": data})
        return versioned(kwargs["response"], self._answer(request, updated, parent))

    def _patch(self, request: HttpRequest, **kwargs: Any) -> Any:
        return self._update(request, kwargs, partial=True)

    def _put(self, request: HttpRequest, **kwargs: Any) -> Any:
        return self._update(request, kwargs, partial=False)

    def _delete(self, request: HttpRequest, **kwargs: Any) -> Any:
        parent = self._parent(request, kwargs)
        obj = self._lookup(request, kwargs[self.item], parent, edit=True)
        if stale := refuse_unseen(request, obj):
            return stale
        call_service(
            getattr(self.services, f"{self.service}_delete"), request, **{self.service: obj}
        )
        return Status(204, None)


def versioned(response: HttpResponse, obj: Any) -> Any:
    """``obj``, its version set as the answer's ETag."""
    if tag := etag(obj):
        response["ETag"] = tag
    return obj


def refuse_unseen(request: HttpRequest, obj: Any) -> Status | None:
    """A 412 saying who changed what since the newest version the request's ``If-Match`` names,
    when it names only versions of ``obj`` other than its current one (or no version at all);
    None when it sends none, ``*`` or the current one."""
    seen = [tag.strip() for tag in request.headers.get("If-Match", "").split(",") if tag.strip()]
    if seen and "*" not in seen and etag(obj) and etag(obj) not in seen:
        versions = [when for tag in seen if (when := parse_version(tag)) is not None]
        newest = max(versions).isoformat() if versions else ""
        return Status(412, {"detail": changed_since(obj, seen=newest, page=False)})
    return None


@dataclass
class Actions:
    """The action endpoints of one kind of record, each ``<method> <path>/<verb>`` added by
    :meth:`add`.

    - ``path``: the record's own path with its ids (``/bookings/{id}``,
      ``/collection-rounds/{id}/forms/{form_id}``); every id is an integer path parameter.
    - ``lookup(request, *ids)``: the record in the reader's scope (404 otherwise). It is given
      to the service as ``name`` (``booking_confirm(booking=…)``) and looked up again for the
      answer (``out``), so the answer is what a read gives.
    - ``errors``: the error answers (``WRITE_ERRORS``, or with the 409 of a state rule);
      ``tag``: the OpenAPI tag when the router has none; ``context(request)``: more keyword
      arguments every service here takes (the site's address for the mails).
    """

    router: Router
    module: str
    path: str
    name: str
    out: type
    lookup: Callable[..., Any]
    tag: str | None = None
    errors: dict[int, Any] = field(default_factory=lambda: dict(WRITE_ERRORS))
    context: Callable[[HttpRequest], dict[str, Any]] | None = None

    def add(
        self,
        verb: str,
        service: Callable[..., Any],
        summary: str,
        *,
        payload: type | None = None,
        optional: bool = False,
        view: str = "",
        method: str = "post",
    ) -> Callable:
        """``<method> <path>/<verb>`` calling ``service(<name>=record, **payload's fields)``.

        ``payload``: the body schema, whose fields are the service's keyword arguments;
        ``optional``: the body may be left out (the service's defaults apply then).
        ``view``: the view's name (the operation id), ``<verb>_<name>`` unless given. A PUT
        replaces part of the record: it answers the record's ETag and checks If-Match."""
        ids = re.findall(r"{(\w+)}", self.path)
        checked = method == "put"

        def run(request: HttpRequest, **kwargs: Any) -> Any:
            keys = [kwargs[key] for key in ids]
            body = kwargs.get("payload")
            fields = body.model_dump() if body is not None else {}
            if self.context is not None:
                fields.update(self.context(request))
            record = self.lookup(request, *keys)
            if checked and (stale := refuse_unseen(request, record)):
                return stale
            call_service(service, request, **{self.name: record}, **fields)
            answer = self.lookup(request, *keys)
            return versioned(kwargs["response"], answer) if checked else answer

        params: list[tuple[str, Any]] = [(key, int) for key in ids]
        if checked:
            params.append(("response", HttpResponse))
        if payload is not None:
            params.append(("payload", payload | None if optional else payload))
        endpoint = _view(run, params, optional=optional)
        endpoint.__name__ = endpoint.__qualname__ = view or f"{verb}_{self.name}"
        endpoint.__module__ = self.module
        options: dict[str, Any] = {"response": {200: self.out, **self.errors}, "summary": summary}
        if checked:
            options["response"].update(STALE)
            options["description"] = IF_MATCH_HELP
        if self.tag:
            options["tags"] = [self.tag]
        getattr(self.router, method)(f"{self.path}/{verb}", **options)(endpoint)
        return endpoint


def sort_schema(spec: ListSpec) -> type[Schema]:
    """The query schema of a list's ``?sort=``: the sortable columns of ``spec``'s page."""
    keys = spec.sort_keys()
    return create_model(
        f"{spec.name.title()}Sort",
        __base__=Schema,
        sort=(
            Literal[tuple(keys)] | None,
            Field(
                None,
                description="Order by this column as the list's page does; a leading `-` "
                "reverses it (rows without a value come last either way).",
            ),
        ),
    )


def _view(method: Callable, params: list[tuple[str, Any]], *, optional: bool = False) -> Callable:
    """A plain function calling ``method`` whose signature names ``params``, as ninja reads
    a view's path, query and body parameters from its signature; with ``optional`` the last
    parameter defaults to ``None``."""

    def view(request, **kwargs):
        return method(request, **kwargs)

    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    last = len(params) - 1
    view.__signature__ = inspect.Signature(
        [inspect.Parameter("request", kind)]
        + [
            inspect.Parameter(
                name,
                kind,
                annotation=annotation,
                default=None if optional and index == last else inspect.Parameter.empty,
            )
            for index, (name, annotation) in enumerate(params)
        ]
    )
    return view
