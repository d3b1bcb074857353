"""The usual endpoints of one API resource, declared once: list, one, create, patch, put, delete.

Most resources are read through a selector that scopes the rows to what the reader may see and
written through the app's services (``<name>_create(**data)``,
``<name>_update(<name>=obj, data=data)``, ``<name>_delete(<name>=obj)``). :class:`Crud` writes
those six operations on a router from what differs between resources: the path, the schemas,
the selectors, how ids in the input become rows, and the summaries. An endpoint that does
something else is written by hand beside them, as before.

The generated view functions carry the names a hand-written module would give them
(``list_cohorts``, ``get_cohort`` …) and the module's name, so the operation ids, the URL names
and the OpenAPI schema are those of hand-written endpoints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from .api import READ_ERRORS, WRITE_ERRORS, ApiPagination, actor, call_service, get_or_404


def _no_refs(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    return data


@dataclass
class Crud:
    """One resource's list/get/create/patch/put/delete endpoints, registered by :meth:`register`.

    - ``selector(actor=…, **filters)``: the app's list selector, scoped to what the actor may
      see; ``scope`` and ``listing`` default to it (give them when they differ).
    - ``scope(request)``: the rows the reader may see; a single row is looked up in it (404
      otherwise) and, with ``reread``, a written row is read again through it, so the answer
      has what the list has (annotations, redacted personal fields). ``one(request, id)``
      replaces that lookup where a single row is loaded differently (with what it holds).
    - ``list_out``: the list's item schema when it is shorter than ``out``; ``put_input`` the
      PUT body when it is not the create body.
    - ``listing(request, **filters)``: the list, filtered by the ``filters`` query schema.
    - ``refs(request, data)``: turns ids in the input into rows (``resolve_one``/``resolve_many``).
    - ``services``: the module with ``<name>_create``, ``<name>_update`` and ``<name>_delete``.
    - ``summaries``: the OpenAPI summary of each operation, by ``list``, ``get``, ``create``,
      ``patch``, ``put`` and ``delete``; an operation without one is not registered.
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
    listing: Callable[..., QuerySet] | None = None
    one: Callable[[HttpRequest, int], Any] | None = None
    list_out: type | None = None
    filters: type | None = None
    create_input: type | None = None
    patch_input: type | None = None
    put_input: type | None = None
    refs: Callable[[HttpRequest, dict[str, Any]], dict[str, Any]] = _no_refs
    reread: bool = True
    plural: str = ""
    views: dict[str, Callable] = field(default_factory=dict)

    def __post_init__(self) -> None:
        selector = self.selector
        if selector is not None:
            if self.scope is None:
                self.scope = lambda request: selector(actor=actor(request))
            if self.listing is None:
                self.listing = lambda request, **filters: selector(actor=actor(request), **filters)

    def register(self) -> Crud:
        plural = self.plural or f"{self.name}s"
        one = f"{self.path}/{{id}}"
        for op, make in (
            ("list", self._list),
            ("get", self._get),
            ("create", self._create),
            ("patch", self._patch),
            ("put", self._put),
            ("delete", self._delete),
        ):
            if op not in self.summaries:
                continue
            view = make()
            view.__name__ = view.__qualname__ = (
                f"list_{plural}" if op == "list" else f"{op}_{self.name}"
            )
            view.__module__ = self.module
            self.views[op] = view
            method, path, response, auth = {
                "list": (
                    "get",
                    self.path,
                    {200: list[self.list_out or self.out], **READ_ERRORS},
                    None,
                ),
                "get": ("get", one, {200: self.out, **READ_ERRORS}, None),
                "create": ("post", self.path, {201: self.out, **WRITE_ERRORS}, ...),
                "patch": ("patch", one, {200: self.out, **WRITE_ERRORS}, ...),
                "put": ("put", one, {200: self.out, **WRITE_ERRORS}, ...),
                "delete": ("delete", one, {204: None, **WRITE_ERRORS}, ...),
            }[op]
            options: dict[str, Any] = {
                "response": response,
                "tags": [self.tag],
                "summary": self.summaries[op],
            }
            if auth is None:
                options["auth"] = None
            if op == "list":
                view = paginate(ApiPagination)(view)
            getattr(self.router, method)(path, **options)(view)
        return self

    # --- the views ----------------------------------------------------------------------------

    def _get_one(self, request: HttpRequest, id: int) -> Any:
        if self.one is not None:
            return self.one(request, id)
        return get_or_404(self.scope(request), id)

    def _answer(self, request: HttpRequest, obj: Any) -> Any:
        return self._get_one(request, obj.pk) if self.reread else obj

    def _update(self, request: HttpRequest, id: int, payload: Any, *, partial: bool) -> Any:
        obj = self._get_one(request, id)
        data = self.refs(request, payload.model_dump(exclude_unset=partial))
        service = getattr(self.services, f"{self.name}_update")
        updated = call_service(service, request, **{self.name: obj, "data": data})
        return self._answer(request, updated)

    def _list(self) -> Callable:
        listing = self.listing

        def view(request, filters):
            return listing(request, **filters.model_dump())

        view.__annotations__ = {"filters": Query[self.filters]}
        return view

    def _get(self) -> Callable:
        def view(request, id):
            return self._get_one(request, id)

        view.__annotations__ = {"id": int}
        return view

    def _create(self) -> Callable:
        def view(request, payload):
            data = self.refs(request, payload.model_dump())
            obj = call_service(getattr(self.services, f"{self.name}_create"), request, **data)
            return Status(201, self._answer(request, obj))

        view.__annotations__ = {"payload": self.create_input}
        return view

    def _patch(self) -> Callable:
        def view(request, id, payload):
            return self._update(request, id, payload, partial=True)

        view.__annotations__ = {"id": int, "payload": self.patch_input}
        return view

    def _put(self) -> Callable:
        def view(request, id, payload):
            return self._update(request, id, payload, partial=False)

        view.__annotations__ = {"id": int, "payload": self.put_input or self.create_input}
        return view

    def _delete(self) -> Callable:
        def view(request, id):
            obj = self._get_one(request, id)
            call_service(getattr(self.services, f"{self.name}_delete"), request, **{self.name: obj})
            return Status(204, None)

        view.__annotations__ = {"id": int}
        return view
