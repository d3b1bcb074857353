"""Writes of the accounts app: users with their roles, and API tokens (API 令牌)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.accounts.models import (
    ApiToken,
    BodyRole,
    Invitation,
    OrganizationContact,
    Preference,
    SupervisedRegion,
    hash_token,
)
from chanjiao.accounts.permissions import (
    _pk,
    account_within_body,
    can_invite_contact,
    can_manage_account,
    can_manage_users,
    is_platform_admin,
    member_organization_ids,
    require,
)
from chanjiao.core.changelog import (
    Actor,
    create_object,
    delete_object,
    record_change,
    update_object,
)
from chanjiao.core.models import ObjectChange

from .signals import access_ended


def api_token_create(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """Issue a new API token for ``actor``; returns the token and its raw value.

    The raw value is shown once: only its SHA-256 hash is stored.
    """
    require(
        getattr(actor, "is_authenticated", False),
        _("请先登录"),
    )
    raw = ApiToken.generate()
    token = create_object(
        ApiToken,
        actor=actor,
        data={
            "user": actor,
            "name": (name or "").strip(),
            "prefix": raw[:8],
            "key_hash": hash_token(raw),
        },
    )
    return token, raw


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token (吊销); the owner or a platform admin may do this. Idempotent."""
    require(
        getattr(actor, "is_authenticated", False)
        and (token.user_id == actor.pk or is_platform_admin(actor)),
        _("只能吊销自己的令牌"),
    )
    if token.revoked:
        return token
    return update_object(token, actor=actor, data={"revoked": True})


def language_set(*, actor: Actor, language: str) -> Preference:
    """Keep the language ``actor`` chose to read the platform in (偏好): their next sign-in,
    on any browser, and the mails written to them use it."""
    require(getattr(actor, "is_authenticated", False), _("请先登录"))
    preference = Preference.objects.filter(user=actor).first()
    if preference is None:
        try:
            data = {"user": actor, "language": language}
            return create_object(Preference, actor=actor, data=data)
        except ValidationError:
            # The same user's other tab kept one a moment before; else the language is wrong.
            preference = Preference.objects.filter(user=actor).first()
            if preference is None:
                raise
    return update_object(preference, actor=actor, data={"language": language})


def account_ensure(
    *,
    actor: Actor,
    username: str,
    password: str | None = None,
    admin: bool = False,
    secretariat_of=None,
    contact_of=None,
    supervises_region: str | None = None,
    region_name: str = "",
    reset_password: bool = False,
    check_password: bool = True,
):
    """A user with this name, created when missing, with the given roles added.

    For operators (the CLI's ``createuser`` and the demo loader) acting on the machine itself,
    so it checks no web permission.

    The creation and every role are written to the change log (never the password). An
    existing user's password is only changed when ``reset_password`` is set. A password that
    is set goes through Django's password validators (ValidationError naming what is wrong)
    unless ``check_password`` is off, which only the demo's labelled sign-ins do. Returns
    (user, created).
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        created = user is None
        if password and check_password and (created or reset_password):
            from django.contrib.auth.password_validation import validate_password

            validate_password(password, user=user or User(username=username))
        if created:
            User.username_validator(username)  # letters, digits and @.+-_ only, as sign-up
            if len(username) > User._meta.get_field("username").max_length:
                raise ValidationError(_("用户名最多 150 个字符"))
            user = User(username=username, is_superuser=admin, is_staff=admin)
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            record_change(
                actor=actor if getattr(actor, "pk", None) else user,
                action=ObjectChange.Action.CREATE,
                obj=user,
                before=None,
                after={"username": username, "is_superuser": admin, "is_staff": admin},
            )
        else:
            changed = {}
            if admin and not (user.is_superuser and user.is_staff):
                before = {"is_superuser": user.is_superuser, "is_staff": user.is_staff}
                user.is_superuser = user.is_staff = True
                changed = {"before": before, "after": {"is_superuser": True, "is_staff": True}}
            if password and reset_password:
                user.set_password(password)
            user.save()
            if changed:
                record_change(actor=actor, action=ObjectChange.Action.UPDATE, obj=user, **changed)
        actor = actor if getattr(actor, "pk", None) else user
        if secretariat_of is not None:
            role = BodyRole.objects.filter(user=user, body=secretariat_of).first()
            if role is None:
                create_object(
                    BodyRole,
                    actor=actor,
                    data={
                        "user": user,
                        "body": secretariat_of,
                        "kind": BodyRole.Kind.SECRETARIAT,
                    },
                    related=secretariat_of,
                )
            elif role.kind != BodyRole.Kind.SECRETARIAT:
                update_object(
                    role,
                    actor=actor,
                    data={"kind": BodyRole.Kind.SECRETARIAT},
                    related=secretariat_of,
                )
        if (
            contact_of is not None
            and not OrganizationContact.objects.filter(user=user, organization=contact_of).exists()
        ):
            create_object(
                OrganizationContact,
                actor=actor,
                data={"user": user, "organization": contact_of},
                related=contact_of,
            )
        if (
            supervises_region
            and not SupervisedRegion.objects.filter(
                user=user, region_code=supervises_region
            ).exists()
        ):
            create_object(
                SupervisedRegion,
                actor=actor,
                data={"user": user, "region_code": supervises_region, "name": region_name},
            )
    return user, created


# --- user management (用户管理) ----------------------------------------------------------------

#: How long a sign-up link stays valid unless the secretariat chooses otherwise.
INVITATION_DAYS = 7


def invitation_create(
    *, actor: Actor, body, role: str, organization=None, days: int = INVITATION_DAYS
) -> tuple[Invitation, str]:
    """Invite a secretariat colleague or a member unit's contact (邀请) to ``body``.

    Returns the invitation and the raw token of its sign-up link, shown once to the secretariat
    to pass on; only the token's hash is stored. A contact is invited for ``organization``,
    which must be a current member of ``body``. Admins and the body's secretariat may invite;
    a contact for a unit that is also on another body's roll only an admin (the contact would
    speak and vote for the unit there too: :func:`~.permissions.can_invite_contact`).
    """
    require(
        can_manage_users(actor, body),
        _("只有该产教融合体的秘书处可以邀请用户"),
    )
    if role not in Invitation.Role.values:
        raise ValidationError({"role": _("请选择角色")})
    if role == Invitation.Role.CONTACT:
        if organization is None:
            raise ValidationError({"organization": _("邀请单位联系人时须选择单位")})
        if _pk(organization) not in member_organization_ids([body.pk]):
            raise ValidationError({"organization": _("该单位不是本产教融合体的现有成员单位")})
        if not can_invite_contact(actor, body, organization):
            # The contact speaks and votes for the unit in every body it belongs to.
            message = _(
                "该单位也是其他产教融合体的成员，其联系人将在那些产教融合体同样代表该单位，"
                "只有平台管理员可以邀请"
            )
            raise ValidationError({"organization": message})
    else:
        organization = None
    if not 1 <= int(days) <= 30:
        raise ValidationError({"days": _("有效期须在 1 到 30 天之间")})
    raw = Invitation.generate()
    invitation = create_object(
        Invitation,
        actor=actor,
        data={
            "body": body,
            "role": role,
            "organization": organization,
            "token_hash": hash_token(raw),
            "expires_at": timezone.now() + datetime.timedelta(days=int(days)),
            "invited_by": actor,
        },
        related=body,
    )
    return invitation, raw


def invitation_for_token(raw: str) -> Invitation | None:
    """The open invitation behind a sign-up link's token: not expired, not used, not revoked,
    sent by someone who still manages the body's users and, for a unit's contact, for a unit
    that is still a member and that the inviter may still invite a contact for (a link does not
    outlive the role or the membership it came from, nor a secretariat's link the unit joining
    another body)."""
    if not raw or len(raw) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("body", "organization", "invited_by")
        .filter(
            token_hash=hash_token(raw),
            accepted_at__isnull=True,
            revoked=False,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if invitation is None:
        return None
    inviter = invitation.invited_by
    if inviter is None or not inviter.is_active or not can_manage_users(inviter, invitation.body):
        return None
    if invitation.role == Invitation.Role.CONTACT and (
        invitation.organization_id not in member_organization_ids([invitation.body_id])
        or not can_invite_contact(inviter, invitation.body, invitation.organization_id)
    ):
        return None
    return invitation


def invitation_accept(*, raw_token: str, username: str, password: str, language: str = ""):
    """Sign up through an invitation: create the account with the invited role.

    ``language`` is the language the invitee chose to read the sign-up page in, if they chose
    one; it is kept with the account (偏好) for their sign-ins and mails. The username must be
    new, in any case (``Wang`` is taken when ``wang`` exists: a unique index on
    ``lower(username)`` holds it, also against two sign-ups at the same instant), and the
    password pass Django's password validators (a ValidationError names the field). The link is
    claimed by a conditional UPDATE inside the transaction, so two people opening the same link
    cannot both use it.
    """
    User = get_user_model()
    invitation = invitation_for_token(raw_token)
    if invitation is None:
        raise ValidationError(_("邀请链接无效、已使用或已过期，请向秘书处索取新的链接"))
    username = (username or "").strip()
    errors: dict[str, list] = {}
    try:
        User.username_validator(username)
    except ValidationError as exc:
        errors["username"] = exc.messages
    if not username:
        errors["username"] = [_("请填写用户名")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("该用户名已被使用")]
    if not errors:
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password, user=User(username=username))
        except ValidationError as exc:
            errors["password1"] = exc.messages
    if errors:
        raise ValidationError(errors)
    try:
        return _sign_up(invitation, username=username, password=password, language=language)
    except IntegrityError:
        # Someone took the name (in any case) a moment before: the unique index refused it and
        # the transaction, the link's claim with it, was rolled back.
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": [_("该用户名已被使用")]}) from None
        raise


def _sign_up(invitation: Invitation, *, username: str, password: str, language: str):
    User = get_user_model()
    with transaction.atomic():
        now = timezone.now()
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked=False, expires_at__gt=now
        ).update(accepted_at=now)
        if claimed != 1:
            raise ValidationError(_("邀请链接无效、已使用或已过期，请向秘书处索取新的链接"))
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": [_("该用户名已被使用")]})
        user = User(username=username)
        user.set_password(password)
        user.save()
        record_change(
            actor=user,
            action=ObjectChange.Action.CREATE,
            obj=user,
            before=None,
            after={"username": username},
            related=invitation.body,
        )
        if invitation.role == Invitation.Role.SECRETARIAT:
            create_object(
                BodyRole,
                actor=user,
                data={"user": user, "body": invitation.body, "kind": BodyRole.Kind.SECRETARIAT},
                related=invitation.body,
            )
        else:
            create_object(
                OrganizationContact,
                actor=user,
                data={"user": user, "organization": invitation.organization},
                related=invitation.organization,
            )
        Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
        if language:
            language_set(actor=user, language=language)
    return user


def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    """Withdraw an unused invitation (撤销); its link stops working. Idempotent."""
    require(can_manage_users(actor, invitation.body), _("只有该产教融合体的秘书处可以撤销邀请"))
    if invitation.revoked or invitation.accepted_at:
        return invitation
    return update_object(invitation, actor=actor, data={"revoked": True}, related=invitation.body)


def body_role_deactivate(*, actor: Actor, body, account) -> int:
    """End ``account``'s roles in ``body`` (停用): its secretariat/viewer/supervisor role there
    and, for an account that is the body's own (:func:`~.permissions.account_outside_body`),
    its contact roles for the body's member units. Returns how many roles ended. An account
    left without any role loses its API tokens, and is deactivated when an admin does this
    (accounts themselves are an admin's to switch off). What the ended roles let it copy stops
    working: the apps above give their calendar feeds new addresses
    (:data:`~chanjiao.accounts.signals.access_ended`).
    """
    require(
        can_manage_users(actor, body),
        _("只有该产教融合体的秘书处可以停用用户"),
    )
    require(account.pk != actor.pk, _("不能停用自己的角色"))
    require(not account.is_superuser or is_platform_admin(actor), _("不能停用平台管理员"))
    within = account_within_body(account, body) or is_platform_admin(actor)
    ended = 0
    with transaction.atomic():
        roles = BodyRole.objects.filter(user=account, body=body)
        if not is_platform_admin(actor):
            # The supervising department (主管部门) is not the secretariat's to remove.
            roles = roles.exclude(kind=BodyRole.Kind.SUPERVISOR)
        inviter = False
        units: set[int] = set()
        for role in roles:
            inviter |= role.kind == BodyRole.Kind.SECRETARIAT
            delete_object(role, actor=actor, related=body)
            ended += 1
        # The sign-up links it sent for the body stop working with its secretariat role.
        sent = Invitation.objects.filter(
            body=body, invited_by=account, accepted_at__isnull=True, revoked=False
        )
        for invitation in sent if inviter else ():
            update_object(invitation, actor=actor, data={"revoked": True}, related=body)
        if within:
            members = member_organization_ids([body.pk])
            for link in OrganizationContact.objects.filter(
                user=account, organization_id__in=members
            ).select_related("organization"):
                delete_object(link, actor=actor, related=link.organization)
                units.add(link.organization_id)
                ended += 1
        if inviter or units:
            access_ended.send(
                sender=type(account),
                actor=actor,
                account=account,
                body_ids=frozenset([body.pk] if inviter else []),
                organization_ids=frozenset(units),
            )
        no_role_left = not (
            BodyRole.objects.filter(user=account).exists()
            or OrganizationContact.objects.filter(user=account).exists()
        )
        if ended and no_role_left:
            api_tokens_revoke_all(actor=actor, account=account)
        if is_platform_admin(actor) and no_role_left and account.is_active:
            account_deactivate(actor=actor, account=account)
    return ended


def api_tokens_revoke_all(*, actor: Actor, account) -> int:
    """Revoke every API token of ``account`` that still works (each revocation on the change
    log, under ``actor``'s name); returns how many. For the services that end an account's
    access or hand it to someone else, which check their own rights."""
    revoked = 0
    for token in ApiToken.objects.filter(user=account, revoked=False):
        update_object(token, actor=actor, data={"revoked": True})
        revoked += 1
    return revoked


def _end_access(*, actor: Actor, account) -> None:
    """The account stops reaching anything through what it held until now: its API tokens are
    revoked and the apps above give the calendar feeds of its units and of the bodies whose
    secretariat it is new addresses (:data:`~chanjiao.accounts.signals.access_ended`)."""
    api_tokens_revoke_all(actor=actor, account=account)
    body_ids = BodyRole.objects.filter(user=account, kind=BodyRole.Kind.SECRETARIAT)
    units = OrganizationContact.objects.filter(user=account)
    access_ended.send(
        sender=type(account),
        actor=actor,
        account=account,
        body_ids=frozenset(body_ids.values_list("body_id", flat=True)),
        organization_ids=frozenset(units.values_list("organization_id", flat=True)),
    )


def account_deactivate(*, actor: Actor, account):
    """Switch an account off (is_active False): it can no longer sign in, its API tokens are
    revoked and the calendar feeds it could read get new addresses. Admins only."""
    require(is_platform_admin(actor), _("只有平台管理员可以停用账号"))
    require(account.pk != actor.pk, _("不能停用自己的账号"))
    if not account.is_active:
        return account
    with transaction.atomic():
        record_change(
            actor=actor,
            action=ObjectChange.Action.UPDATE,
            obj=account,
            before={"is_active": True},
            after={"is_active": False},
        )
        account.is_active = False
        account.save(update_fields=["is_active"])
        _end_access(actor=actor, account=account)
    return account


def password_reset_done(*, account) -> None:
    """A new password was set through a reset link (:func:`password_reset_link`): the way a
    secretariat hands an account to a successor, so what the previous holder kept stops
    working — its sessions (Django's, with the password), its API tokens and the addresses of
    the calendar feeds it could read. Written under the account's own name."""
    with transaction.atomic():
        _end_access(actor=account, account=account)


def password_reset_link(*, actor: Actor, body, account, request=None) -> str:
    """A one-time password-reset link for ``account`` (重置密码), for the secretariat to pass on.

    Made with Django's PasswordResetTokenGenerator: it stops working once the password is
    changed or after PASSWORD_RESET_TIMEOUT. When an e-mail server is configured and the
    account has an address, the link is also sent to it. The issue is written to the change
    log (never the link).
    """
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    require(
        can_manage_account(actor, account, body),
        _("只能为本产教融合体内的用户重置密码（其他账号请联系平台管理员）"),
    )
    require(account.is_active, _("该账号已停用"))
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    url = request.build_absolute_uri(path) if request is not None else path
    record_change(
        actor=actor,
        action=ObjectChange.Action.UPDATE,
        obj=account,
        before={"password_reset_link": None},
        after={"password_reset_link": timezone.now().isoformat(timespec="seconds")},
        related=body,
    )
    if account.email and _email_configured():
        from django.core.mail import send_mail

        from chanjiao.core.mail import in_language_of

        with in_language_of(account):
            subject = _("重置您的密码")
            text = _("请打开以下链接设置新密码（仅可使用一次）：\n%(url)s") % {"url": url}
        send_mail(subject, text, None, [account.email], fail_silently=True)
    return url


def _email_configured() -> bool:
    from django.conf import settings

    backend = getattr(settings, "EMAIL_BACKEND", "")
    host = getattr(settings, "EMAIL_HOST", "localhost")
    if backend.endswith("smtp.EmailBackend"):
        return bool(host) and host != "localhost"
    return bool(backend)
