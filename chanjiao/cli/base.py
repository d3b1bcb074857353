"""What every ``chanjiao`` command shares: Django set-up, the error to report, messages,
and finding bodies, organisations and users from the command line."""

from __future__ import annotations

import os


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


class CommandError(Exception):
    """A problem to report in one line and exit non-zero."""


def file_problem(exc: OSError) -> str:
    """A file that could not be read or written, in the reader's words: the path and what to
    fix (the system's own reason is English: "No such file or directory")."""
    import errno

    reasons = {
        errno.ENOENT: _("文件或它所在的文件夹不存在"),
        errno.EACCES: _("没有读写权限"),
        errno.EPERM: _("没有读写权限"),
        errno.EISDIR: _("这是一个文件夹，请给出文件名"),
        errno.ENOTDIR: _("路径中的一段不是文件夹"),
        errno.EEXIST: _("已有同名的文件"),
        errno.ENOSPC: _("磁盘已满"),
        errno.EROFS: _("这个位置只能读，不能写"),
    }
    return _("文件 %(path)s：%(reason)s") % {
        "path": exc.filename,
        "reason": reasons.get(exc.errno, exc.strerror),
    }


def _(message: str) -> str:
    """gettext, imported when called: every message is built after ``_setup()`` (the commands
    run under the default language, zh-hans; the English is in the catalogue)."""
    from django.utils.translation import gettext

    return gettext(message)


# --- look-ups -------------------------------------------------------------------------------


def find_body(ref: str):
    """A body by id, exact name, short name or alias."""
    from django.db.models import Q

    from chanjiao.core.validators import as_id
    from chanjiao.registry.models import Body

    ref = ref.strip()
    if (pk := as_id(ref)) is not None:
        body = Body.objects.filter(pk=pk).first()
        if body:
            return body
    body = Body.objects.filter(name=ref).first()
    if body:
        return body
    candidates = [
        b
        for b in Body.objects.filter(Q(short_name=ref) | Q(aliases__contains=ref))
        if ref == b.short_name or ref in b.alias_list
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        from chanjiao.core import words

        raise CommandError(
            _("“%(ref)s”指向多个产教融合体：%(bodies)s")
            % {"ref": ref, "bodies": words.listed(f"{b.pk} {b.name}" for b in candidates)}
        )
    raise CommandError(_("找不到产教融合体“%(ref)s”（请给出编号或全称）") % {"ref": ref})


def find_organization(ref: str):
    from chanjiao.core.validators import as_id
    from chanjiao.registry.models import Organization

    ref = ref.strip()
    org = None
    if (pk := as_id(ref)) is not None:
        org = Organization.objects.filter(pk=pk).first()
    org = org or Organization.objects.filter(name=ref).first()
    org = org or Organization.objects.filter(credit_code=ref.upper()).first()
    if org is None:
        raise CommandError(_("找不到单位“%(ref)s”（请给出编号或全称）") % {"ref": ref})
    return org


def find_actor(username: str | None):
    """The ``--as`` user, or the first platform admin."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("找不到启用的用户“%(username)s”") % {"username": username})
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError(
            _("没有平台管理员：请先运行 `chanjiao createuser NAME --admin` 或用 --as 指定用户")
        )
    return user


def _first_admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _print_accounts(console, accounts) -> None:
    console.print(_("演示账号（仅供演示，密码未经校验）："))
    for username, password, what in accounts:
        console.print(f"  {username:8} / {password:14} {what}")


def _print_errors(console, preview) -> None:
    from rich.table import Table

    table = Table(title=_("错误（%(n)d）") % {"n": len(preview.errors)}, show_lines=False)
    table.add_column(_("行"), justify="right")
    table.add_column(_("列"))
    table.add_column(_("问题"))
    for e in preview.errors:
        table.add_row(str(e.row or ""), e.column_label, e.message)
    console.print(table)
