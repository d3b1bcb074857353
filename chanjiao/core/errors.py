"""Errors as the product shows them: 400, 403, 404, 413, 500, 503 (database busy) and a refused
form post (CSRF), in the product's layout and language on pages and as ``{"detail": ...}`` under
/api/ (there also 405, a method an address does not take); and the sign-in rate limit's pieces
(django-axes): its backend, the client address, the locked page.

Wired in config/urls.py (``handler400`` …) and config/settings.py (``CSRF_FAILURE_VIEW``,
``MIDDLEWARE``, ``AUTHENTICATION_BACKENDS``, ``AXES_*``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _error(
    request: HttpRequest, status: int, *, heading: str, message: str, template: str | None = None
) -> HttpResponse:
    """One error answer: JSON ``{"detail", "errors"}`` under /api/, else a page in the layout."""
    if _is_api(request):
        return JsonResponse(
            {"detail": message, "errors": {}},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    context = {"status": status, "heading": heading, "message": message, "title": heading}
    return render(request, template or f"{status}.html", context, status=status)


# --- Django's error handlers (config/urls.py) -------------------------------------------------


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a request the server cannot read (a malformed form, a header it refuses)."""
    return _error(
        request,
        400,
        heading=_("请求有误"),
        message=_("服务器无法理解这个请求。请返回上一页重新提交，或从首页重新开始。"),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403, saying why: the message of the service's PermissionDenied when it gave one."""
    reason = str(exception or "").strip()
    return _error(
        request,
        403,
        heading=_("无权执行此操作"),
        message=reason or _("您没有执行此操作的权限。"),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the layout. The exception's text is for developers (it names models): not shown."""
    return _error(
        request,
        404,
        heading=_("找不到页面"),
        message=_("这个地址没有对应的页面：它可能已被删除、改名，或者地址输入有误。"),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the layout, and a bare page when even that fails (the database may be down)."""
    heading = _("服务器出错了")
    message = _("处理请求时出现了意外错误，已记录在服务器日志中。请稍后再试。")
    try:
        return _error(request, 500, heading=heading, message=message)
    except Exception:
        logger.exception("the 500 page could not be rendered")
        return HttpResponse(
            f'<!doctype html><meta charset="utf-8"><title>500</title><h1>{heading}</h1>'
            f"<p>{message}</p>",
            status=500,
        )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form post refused by the CSRF check (``CSRF_FAILURE_VIEW``): why, and what to do."""
    return _error(
        request,
        403,
        heading=_("表单已失效"),
        message=_(
            "为保护您的账号，这次提交被拒绝了：页面可能已打开太久，或者浏览器禁用了 Cookie。"
            "请刷新页面后重新提交。"
        ),
    )


def request_too_large(request: HttpRequest) -> HttpResponse:
    """413: the body is over ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return _error(
        request,
        413,
        heading=_("提交的内容太大"),
        message=_("提交的内容超过了 %(limit)s MB 的上限，请减小后再试。") % {"limit": limit_mb},
    )


class RequestTooLargeMiddleware:
    """Answer 413 when a request's body is over the limit, on pages and under /api/ alike.

    Django raises RequestDataTooBig wherever the body is first read (the CSRF check, a form,
    the API's parser), and those places turn it into a 400 or, inside the API, a 500. Reading it
    here first, before them, gives one answer: form fields and JSON are read in full (as they
    would be anyway); multipart bodies are parsed, so uploaded files stream to disk and only the
    form fields count against the limit, as Django intends.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            try:
                if request.content_type == "multipart/form-data":
                    request.POST  # noqa: B018 — parsing is the check
                else:
                    request.body  # noqa: B018
            except RequestDataTooBig:
                return request_too_large(request)
        return self.get_response(request)


class ApiMethodNotAllowedMiddleware:
    """A method an /api/ path does not take (``PUT`` on a list, ``DELETE`` on the schema)
    answers 405 in the API's shape and the reader's language, its ``Allow`` header kept.

    django-ninja answers these itself, before any of the API's error handlers run, with a
    plain-text "Method not allowed"; this puts that answer in the documented shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and _is_api(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return method_not_allowed(request, response.get("Allow", ""))
        return response


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    """405: the method is not one this address takes; ``allowed`` lists those it does."""
    message = _("此接口不接受 %(method)s 请求") % {"method": request.method}
    if allowed:
        message = _("此接口不接受 %(method)s 请求，只接受：%(allowed)s") % {
            "method": request.method,
            "allowed": allowed,
        }
    response = _error(request, 405, heading=_("不支持的请求方法"), message=message)
    response["Allow"] = allowed
    return response


# --- a database busy with another write ------------------------------------------------------


def database_busy(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: another write held the database's lock past the busy timeout (a
    large import beside the site on SQLite). Not a bug; the same request may simply be sent
    again. A bare page when even the layout cannot be rendered."""
    heading = _("系统繁忙，请稍后重试")
    message = _("另一项写入（例如大批量导入）正在进行，这次操作未能完成。请稍等几秒后重试。")
    try:
        response = _error(request, 503, heading=heading, message=message)
    except Exception:
        logger.exception("the 503 page could not be rendered")
        response = HttpResponse(
            f'<!doctype html><meta charset="utf-8"><title>503</title><h1>{heading}</h1>'
            f"<p>{message}</p>",
            status=503,
        )
    response["Retry-After"] = "5"
    return response


class DatabaseBusyMiddleware:
    """Answer 503 (in the layout, with Retry-After) instead of 500 when a view meets a locked
    database ("database is locked", a deadlock, a lock timeout), as the API already does
    (chanjiao.core.api). Any other error stays a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from .jobs import is_lock_error

        if not is_lock_error(exception):
            return None
        logger.warning("%s %s: database busy: %s", request.method, request.path, exception)
        return database_busy(request)


# --- sign-in rate limit (django-axes) ---------------------------------------------------------


class SignInRateLimitBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins over the web only.

    A sign-in from a web form always carries its request; a call without one comes from the
    machine itself (the command line, a test's ``authenticate()``), where there is no client
    to limit, so it is let through to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the rate limit.

    Behind a reverse proxy (``CHANJIAO_BEHIND_PROXY=1``) every request comes from the proxy:
    the client is the last address the proxy appended to X-Forwarded-For (earlier entries
    are whatever the client claimed).
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


def signin_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The sign-in page again, saying the sign-in is locked and for how long (429)."""
    from django.contrib.auth.forms import AuthenticationForm

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "登录失败次数过多，此账号在本设备上已暂时锁定。请 %(minutes)s 分钟后再试，"
        "或联系平台管理员重置密码。"
    ) % {"minutes": minutes}
    if _is_api(request):
        return JsonResponse({"detail": message, "errors": {}}, status=429)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "lockout_message": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
