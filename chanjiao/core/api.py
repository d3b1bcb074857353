"""Shared pieces of the REST API's endpoints: error shape, pagination, the acting user, ids
in input resolved to rows (the schemas' building blocks are in :mod:`chanjiao.core.schemas`).

Every error leaves the API as ``{"detail": "...", "errors": {field: [messages]}}`` with the
status that says what went wrong (401, 403, 404, 422), never as a 500 for bad input. Endpoints
read through selectors, write through services (inside :func:`call_service`, so the change log
says the write came from the API) and resolve ids given in input with :func:`resolve_one` /
:func:`resolve_many`, which turn an unknown id into a field error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    ObjectDoesNotExist,
    PermissionDenied,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination

from chanjiao.core.changelog import change_source
from chanjiao.core.exceptions import Conflict
from chanjiao.core.schema_messages import schema_message
from chanjiao.core.schemas import ErrorOut
from chanjiao.core.words import listed

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=models.Model)

MAX_OFFSET = 2**31 - 1

AUTH_REQUIRED = gettext_lazy(
    "需要登录：请发送 `Authorization: Bearer <令牌>`（或使用已登录的浏览器会话，并附带 CSRF "
    "令牌）。"
)

#: A refusal that gave no reason of its own (every service's refusal says why).
NOT_ALLOWED = gettext_lazy("您无权执行此操作")

#: Error responses every read may give (documented in the OpenAPI schema).
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
#: Error responses every write may give.
#: 400: the body is not JSON; 413: it is over the size limit; 503: the database was busy
#: (nothing was written, try again).
WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    503: ErrorOut,
}


class ApiPagination(LimitOffsetPagination):
    """``?limit=`` (default 50, at most 500) and ``?offset=``; answers ``{items, count}``.

    ``count`` is exact, except for an unfiltered list of more than 100,000 rows on PostgreSQL,
    where it is the database's estimate (counting a million rows costs more than the page); a
    list filtered only by a stored public flag (events, for anonymous readers) counts as
    unfiltered.
    """

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="Rows per page (1–500).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=500, **kwargs)

    def paginate_queryset(self, queryset: Any, pagination: Any, request: Any, **params: Any):
        # As LimitOffsetPagination, with deep pages read ids first (core.selectors.page_slice).
        from chanjiao.core.selectors import page_slice

        limit = min(pagination.limit, self.max_limit)
        return {
            self.items_attribute: page_slice(queryset, pagination.offset, limit),
            "count": self._items_count(queryset),
        }

    def _items_count(self, queryset: Any) -> int:
        # Unfiltered lists of large tables give PostgreSQL's estimate (see list_count).
        if isinstance(queryset, models.QuerySet):
            from chanjiao.core.selectors import list_count

            return list_count(queryset)
        return super()._items_count(queryset)


# --- the acting user, reads and writes ---------------------------------------------------


#: Turns a raw bearer token into its user, raising ninja's ``AuthenticationError`` for an
#: unknown or revoked one. Tokens are the accounts app's (a layer above core), which installs
#: its resolver at start (``AccountsConfig.ready`` → :func:`set_token_resolver`).
_token_user: Callable[[str], Any] | None = None


def set_token_resolver(resolve: Callable[[str], Any]) -> None:
    """Install the function :func:`actor` uses to resolve a bearer token on reads."""
    global _token_user
    _token_user = resolve


def actor(request: HttpRequest):
    """The user a request acts for: its API token's user, its session user, or anonymous.

    Writes are authenticated by ninja before the endpoint runs (``request.auth``). Reads are
    open, but a bearer token still counts (an admin sees unpublished bodies) and a bad one is
    refused rather than silently ignored.
    """
    auth = getattr(request, "auth", None)
    if getattr(auth, "is_authenticated", False):
        return auth
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        if _token_user is None:
            raise ImproperlyConfigured("No API token resolver: chanjiao.accounts is not installed.")
        user = _token_user(token)
        request.auth = user
        return user
    return request.user


def call_service(service: Callable[..., Any], request: HttpRequest, **kwargs: Any) -> Any:
    """Run a service as the request's actor, logging its changes with source ``api``.

    One request is one transaction: a service that writes several rows (a person with their
    positions) leaves nothing behind when a later row is refused.
    """
    with change_source("api"), transaction.atomic():
        return service(actor=actor(request), **kwargs)


def get_or_404(queryset: models.QuerySet[T], pk: int) -> T:
    """One row of a (scoped) queryset, or a 404 that names what was looked for."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(_unknown(queryset, [pk], hidden=False))
    return obj


def resolve_one(queryset: models.QuerySet[T], pk: int | None, field: str) -> T | None:
    """The row an input id points at (``None`` stays ``None``); unknown ids are field errors."""
    if pk is None:
        return None
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise DjangoValidationError({field: [_unknown(queryset, [pk])]})
    return obj


def resolve_many(queryset: models.QuerySet[T], pks: Iterable[int] | None, field: str) -> list[T]:
    """The rows a list of input ids points at, in input order; unknown ids are field errors."""
    wanted = list(dict.fromkeys(pks or []))
    found = {obj.pk: obj for obj in queryset.filter(pk__in=wanted)} if wanted else {}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise DjangoValidationError({field: [_unknown(queryset, missing)]})
    return [found[pk] for pk in wanted]


def rows_for(**sources: Any) -> Callable[..., dict[str, Any]]:
    """``refs`` for :class:`~chanjiao.core.crud_api.Crud`, declared: each named input field's id
    (or list of ids) becomes the row (rows) it points at, an unknown id a field error.

    A source is a manager or queryset (``Organization.objects``) or a function of the request
    (and of the parent row, for a resource under one) giving the rows the reader may name:
    ``rows_for(school=Organization.objects, body=bodies_seen)``.
    """

    def refs(request: HttpRequest, payload: dict[str, Any], *parent: Any) -> dict[str, Any]:
        for field, source in sources.items():
            if field not in payload:
                continue
            rows = source(request, *parent) if callable(source) else source.all()
            value = payload[field]
            resolve = resolve_many if isinstance(value, list) else resolve_one
            payload[field] = resolve(rows, value, field)
        return payload

    return refs


def _unknown(queryset: models.QuerySet, pks: list[int], *, hidden: bool = True) -> str:
    """没有编号为 5、7 的单位（或您无权查看）: what an unknown id names, in the reader's
    language; ``hidden``: it may exist out of the reader's sight."""
    facts = {"ids": listed(pks), "what": queryset.model._meta.verbose_name}
    if hidden:
        return _("没有编号为 %(ids)s 的%(what)s（或您无权查看）") % facts
    return _("没有编号为 %(ids)s 的%(what)s") % facts


# --- errors ------------------------------------------------------------------------------


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def _loc_to_field(loc: Iterable[Any]) -> str:
    # ninja locates an error as (source, [parameter name,] field, ...): ("body", "payload",
    # "name") or ("query", "limit"). Clients know fields, not our parameter names.
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "form", "file"):
        parts = parts[2:] if len(parts) > 1 else []
    elif parts and parts[0] in ("query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def _invalid(errors: dict[str, list[str]]) -> str:
    """The 422's detail: 输入有误：name：… (the first error, named by its field)."""
    for field, messages in errors.items():
        for message in messages:
            if field != NON_FIELD_ERRORS:
                message = _("%(field)s：%(message)s") % {"field": field, "message": message}
            return _("输入有误：%(error)s") % {"error": message}
    return _("输入有误")


#: How ninja's 400 for a body it cannot parse begins (``ninja.params.models.BodyModel``; with
#: DEBUG on, the parser's own error follows in brackets).
UNPARSABLE_BODY = "Cannot parse request body"


def _unparsable(cause: BaseException | None) -> str:
    """The 400's detail for a body that is not JSON, saying where it stops being JSON."""
    if isinstance(cause, json.JSONDecodeError):
        return _("请求体不是有效的 JSON：第 %(line)s 行第 %(column)s 列有误") % {
            "line": cause.lineno,
            "column": cause.colno,
        }
    if isinstance(cause, UnicodeDecodeError):
        return _("请求体不是有效的 JSON：须为 UTF-8 编码的文本")
    return _("请求体不是有效的 JSON")


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every error in the one shape, with its proper status code."""

    def schema_error(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            message = schema_message(error)
            loc = tuple(error.get("loc", ()))
            # An item of a list is reported under the list's field, saying which item.
            items = [str(p + 1) for p in loc if isinstance(p, int)]
            if items:
                message = _("第 %(n)s 项：%(message)s") % {"n": ".".join(items), "message": message}
            field = _loc_to_field(p for p in loc if not isinstance(p, int))
            named = (error.get("ctx") or {}).get("field")
            if named:  # an error the schema raised for one of its fields
                field = named if field == NON_FIELD_ERRORS else f"{field}.{named}"
            errors.setdefault(field, []).append(message)
        return error_response(api, request, 422, _invalid(errors), errors)

    def service_error(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            errors = {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
        return error_response(api, request, 422, _invalid(errors), errors)

    def conflict(request, exc: Conflict):
        return error_response(api, request, 409, str(exc) or _("与现有数据冲突"))

    def permission_denied(request, exc: PermissionDenied):
        return error_response(api, request, 403, str(exc) or str(NOT_ALLOWED))

    def not_found(request, exc: Exception):
        message = str(exc) if isinstance(exc, Http404) and exc.args else _("找不到所请求的记录")
        return error_response(api, request, 404, message)

    def http_error(request, exc: HttpError):
        detail = str(exc)
        if isinstance(exc, AuthenticationError) and detail == "Unauthorized":
            detail = str(AUTH_REQUIRED)
        elif exc.status_code == 400 and detail.startswith(UNPARSABLE_BODY):
            detail = _unparsable(exc.__cause__)
        response = error_response(api, request, exc.status_code, detail)
        if exc.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def form_instead_of_json(request, exc: RawPostDataException):
        # A form (multipart/form-data) sent to an operation that reads a JSON body: the form
        # was parsed before the view (for the size limit), so there is no JSON to read.
        return error_response(
            api,
            request,
            400,
            _("此操作读取 JSON 请求体（Content-Type: application/json），不是 %(type)s")
            % {"type": request.content_type or _("表单")},
        )

    def server_error(request, exc: Exception):
        from django.utils.translation import gettext

        from chanjiao.core.jobs import is_lock_error

        if is_lock_error(exc):
            # Not a bug: another write (a large import on SQLite) held the lock past the busy
            # timeout. Nothing was written; the client may simply try again.
            logger.warning("API %s %s: database busy: %s", request.method, request.path, exc)
            response = error_response(
                api,
                request,
                503,
                gettext("数据库正忙（另一项写入正在进行），未保存任何内容，请稍后重试。"),
            )
            response["Retry-After"] = "5"
            return response
        # A bug, not bad input: log it with its traceback and answer in the usual shape.
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(
            api,
            request,
            500,
            gettext("处理请求时出现了意外错误，已记录在服务器日志中。请稍后再试。"),
        )

    api.add_exception_handler(NinjaValidationError, schema_error)
    api.add_exception_handler(DjangoValidationError, service_error)
    api.add_exception_handler(PermissionDenied, permission_denied)
    api.add_exception_handler(Conflict, conflict)
    api.add_exception_handler(RawPostDataException, form_instead_of_json)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ObjectDoesNotExist, not_found)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Exception, server_error)


def api_not_found(request: HttpRequest, path: str = ""):
    """Unknown paths under /api/v1/ answer in the API's error shape, not Django's HTML page."""
    from django.http import JsonResponse
    from django.utils.translation import gettext

    detail = gettext("没有这个接口：%(path)s") % {"path": f"/api/v1/{path}"}
    return JsonResponse({"detail": detail, "errors": {}}, status=404)
