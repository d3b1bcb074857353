"""API authentication (bearer tokens, or the browser session with CSRF) and ``/api/v1/me``."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from chanjiao.accounts.models import ApiToken, hash_token
from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    role_body_ids,
    secretariat_body_ids,
)
from chanjiao.core.api import READ_ERRORS, actor
from chanjiao.core.schemas import OutSchema

INVALID_TOKEN = gettext_lazy("API 令牌无效或已吊销。")
CSRF_FAILED = gettext_lazy(
    "CSRF 校验未通过：用已登录的浏览器会话写入时，请在 X-CSRFToken 请求头中附带 CSRF 令牌"
    "（或改用 `Authorization: Bearer <令牌>`）。"
)

# last_used_at is written at most this often per token, so reads do not each cost a write.
_LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def user_for_token(raw: str):
    """The active user an API token belongs to; raises a 401 for unknown or revoked tokens."""
    raw = (raw or "").strip()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked=False)
        .first()
        if raw
        else None
    )
    if token is None or not token.user.is_active:
        raise AuthenticationError(message=str(INVALID_TOKEN))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        # Bookkeeping of the credential itself, not a domain write: no change-log row.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from the user's profile page."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        request.user = user
        return user


class SessionCsrfAuth(SessionAuth):
    """The signed-in browser session, for same-origin use; writes must carry the CSRF token.

    Unlike ninja's ``django_auth`` it checks CSRF only when there is a signed-in user, so a
    request with no credentials at all gets a 401 that says how to authenticate, not a 403
    about CSRF.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, str(CSRF_FAILED))
        return request.COOKIES.get(self.param_name)


#: How writes authenticate: a bearer token, or (same-origin browser use) the session + CSRF.
WRITE_AUTH = [ApiTokenAuth(), SessionCsrfAuth(csrf=True)]


router = Router(tags=["me"])


class MeOut(OutSchema):
    """The acting user and where they hold rights."""

    authenticated: bool
    username: str | None
    is_admin: bool
    secretariat_body_ids: list[int]
    role_body_ids: list[int]
    contact_organization_ids: list[int]


@router.get("", response={200: MeOut, **READ_ERRORS}, auth=None, summary="The acting user")
def me(request):
    user = actor(request)
    authenticated = bool(getattr(user, "is_authenticated", False))
    return {
        "authenticated": authenticated,
        "username": user.get_username() if authenticated else None,
        "is_admin": is_platform_admin(user),
        "secretariat_body_ids": sorted(secretariat_body_ids(user)),
        "role_body_ids": sorted(role_body_ids(user)),
        "contact_organization_ids": sorted(contact_organization_ids(user)),
    }
