"""API token pages (API 令牌) and a body's user management (用户管理): invitations by sign-up
link, the user list, deactivation and password-reset links."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from chanjiao.core.validators import as_id
from chanjiao.core.views import run_service
from chanjiao.core.words import sentences

from . import directory
from .forms import ApiTokenForm, InvitationForm, SignUpForm
from .language import chosen_language
from .models import Invitation
from .permissions import account_outside_body, can_manage_users, is_platform_admin, require
from .selectors import api_token_list, invitation_list
from .selectors import body_users as body_users_selector
from .services import (
    account_deactivate,
    api_token_create,
    api_token_revoke,
    body_role_deactivate,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
    password_reset_done,
    password_reset_link,
)
from .services import invitation_accept as accept_invitation


class ResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's page that sets a new password from a reset link, for active accounts only: a
    link issued before an account was switched off no longer opens it (it shows as invalid).
    The new password hands the account over: what its previous holder kept (API tokens, feed
    addresses) stops working (:func:`~chanjiao.accounts.services.password_reset_done`)."""

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            password_reset_done(account=form.user)
        return response


@login_required
def tokens(request):
    """List the user's tokens and issue a new one; the raw token is shown only in this reply."""
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: api_token_create(actor=request.user, name=form.cleaned_data["name"])
        )
        if created:
            token, raw = created
            form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "title": _("API 令牌"),
            "form": form,
            "raw_token": raw,
            "tokens": api_token_list(actor=request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(api_token_list(actor=request.user), pk=pk)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
    return redirect("accounts:tokens")


# --- user management (用户管理) ----------------------------------------------------------------


def _body(request, pk: int):
    body = directory.body_detail(actor=request.user, pk=pk)
    require(can_manage_users(request.user, body), _("只有该产教融合体的秘书处可以管理用户"))
    return body


def _crumbs(body):
    return [
        (pgettext("list", "产教融合体"), reverse("registry:body_list")),
        (body.short_name or body.name, reverse("registry:body_detail", args=[body.pk])),
    ]


def _member_units(body):
    return directory.member_units(body)


@login_required
def body_users(request, pk: int):
    """用户管理: the body's users and invitations; invite a colleague or a unit's contact."""
    body = _body(request, pk)
    # ?organization=<id>: the form starts as an invitation for that unit's contact (the link
    # the meeting page gives for a voting unit nobody can sign in for yet).
    unit = as_id(request.GET.get("organization"))
    initial = {"role": "contact", "organization": unit} if unit is not None else None
    form = InvitationForm(
        request.POST or None, organizations=_member_units(body), body=body, initial=initial
    )
    link = None
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form,
            lambda: invitation_create(
                actor=request.user,
                body=body,
                role=form.cleaned_data["role"],
                organization=form.cleaned_data.get("organization"),
                days=form.cleaned_data["days"],
            ),
        )
        if created:
            invitation, raw = created
            link = request.build_absolute_uri(reverse("accounts:invitation_accept", args=[raw]))
            form = InvitationForm(organizations=_member_units(body), body=body)
    return render(
        request,
        "accounts/body_users.html",
        {
            "title": _("用户管理"),
            "crumbs": _crumbs(body),
            "body": body,
            "users": _users(request.user, body),
            "invitations": invitation_list(actor=request.user, body=body)[:50],
            "form": form,
            "invite_link": link,
            "reset_link": None,
            "now": timezone.now(),
            "is_admin": is_platform_admin(request.user),
        },
        status=400 if form.errors else 200,
    )


def _users(actor, body):
    """The body's users; each the reader may not manage (not its own, not an admin's reader)
    says why in ``admin_only``: only an admin may (:func:`~.permissions.account_outside_body`)."""
    users = body_users_selector(actor=actor, body=body)
    admin = is_platform_admin(actor)
    for entry in users:
        entry.admin_only = None
        if not (admin or entry.manageable or entry.account.pk == actor.pk):
            entry.admin_only = account_outside_body(entry.account, body)
    return users


def _account(pk: int):
    from django.contrib.auth import get_user_model

    return get_object_or_404(get_user_model(), pk=pk)


@login_required
@require_POST
def invitation_revoke_view(request, pk: int, ipk: int):
    body = _body(request, pk)
    invitation = get_object_or_404(Invitation, pk=ipk, body=body)
    invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("邀请已撤销，链接不再有效。"))
    return redirect("accounts:body_users", pk=body.pk)


@login_required
@require_POST
def user_deactivate(request, pk: int, upk: int):
    """End a user's roles in the body (and, for an admin, the account if no role is left)."""
    body = _body(request, pk)
    account = _account(upk)
    try:
        ended = body_role_deactivate(actor=request.user, body=body, account=account)
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
        return redirect("accounts:body_users", pk=body.pk)
    if ended:
        messages.success(
            request, _("已停用 %(name)s 在本产教融合体的角色。") % {"name": account.username}
        )
    else:
        messages.info(
            request, _("%(name)s 在本产教融合体没有可停用的角色。") % {"name": account.username}
        )
    return redirect("accounts:body_users", pk=body.pk)


@login_required
@require_POST
def account_deactivate_view(request, pk: int, upk: int):
    """Switch an account off altogether (admins only)."""
    body = _body(request, pk)
    account = _account(upk)
    account_deactivate(actor=request.user, account=account)
    messages.success(request, _("账号 %(name)s 已停用。") % {"name": account.username})
    return redirect("accounts:body_users", pk=body.pk)


@login_required
@require_POST
def user_reset(request, pk: int, upk: int):
    """Make a one-time password-reset link and show it to the secretariat to pass on."""
    body = _body(request, pk)
    account = _account(upk)
    link = password_reset_link(actor=request.user, body=body, account=account, request=request)
    return render(
        request,
        "accounts/reset_link.html",
        {
            "title": _("重置密码链接"),
            "crumbs": _crumbs(body),
            "body": body,
            "account": account,
            "reset_link": link,
        },
    )


def invitation_accept(request, token: str):
    """The sign-up page an invitation link opens: choose a username and a password."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"title": _("邀请链接无效")},
            status=404,
        )
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = run_service(
            form,
            lambda: accept_invitation(
                raw_token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                language=chosen_language(request),
            ),
        )
        if user is not None:
            messages.success(request, _("账号已创建，请登录。"))
            return redirect("login")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"title": _("接受邀请"), "invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )
