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


# --- arguments ------------------------------------------------------------------------------
#
# argparse calls these while it reads the command line, before ``_setup()``: a refusal sets
# Django up first, for its message's language. argparse prints it after "argument --port:".


def _refuse(message: str):
    import argparse

    return argparse.ArgumentTypeError(message)


def _whole(text: str) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def port_number(text: str) -> int:
    """``--port`` (and ``PORT``): a TCP port, 1–65535."""
    value = _whole(text)
    if value is None or not 1 <= value <= 65535:
        _setup()
        raise _refuse(_("端口须为 1 到 65535 之间的整数，不能是“%(value)s”") % {"value": text})
    return value


def worker_count(text: str) -> int:
    """``--job-workers`` (and ``CHANJIAO_JOB_WORKERS``): 0 or more processes."""
    value = _whole(text)
    if value is None or value < 0:
        _setup()
        raise _refuse(
            _("后台任务进程数须为 0 或正整数，不能是“%(value)s”（0 表示不启动）") % {"value": text}
        )
    return value


def seconds(text: str) -> float:
    """``--interval``: a number of seconds above 0 (not nan, not infinite)."""
    import math

    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        _setup()
        raise _refuse(_("间隔须为大于 0 的秒数，如 0.5 或 2，不能是“%(value)s”") % {"value": text})
    return value


def from_environment(name: str, default: str, convert):
    """The value of the environment variable ``name`` (``default`` when unset or empty),
    checked by ``convert`` (one of the argument types above): a bad value is refused naming
    the variable, which the reader may not know is set."""
    import argparse

    text = os.environ.get(name) or default
    try:
        return convert(text)
    except argparse.ArgumentTypeError as exc:
        raise CommandError(
            _("环境变量 %(name)s 的值无效：%(problem)s") % {"name": name, "problem": exc}
        ) from exc


# --- look-ups -------------------------------------------------------------------------------


def find_body(ref: str):
    """A body by id, exact name, short name or alias."""
    from django.db.models import Q

    from chanjiao.core.validators import as_id
    from chanjiao.registry.models import Body

    ref = ref.strip()
    if not ref:
        # An empty short name or alias would match every body without one.
        raise CommandError(_("请给出产教融合体的编号或全称"))
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
    """An import's errors: a table on a terminal, its messages folded, never cut (they say what
    to fix); one whole line per error into a pipe or a log (第 6 行 · 统一社会信用代码（D列）：…),
    for a person or a script to read."""
    from rich.table import Table
    from rich.text import Text

    title = _("错误（%(n)d）") % {"n": len(preview.errors)}
    if not console.is_terminal:
        console.print(title, markup=False)
        for e in preview.errors:
            console.print(str(e), markup=False)
        return
    table = Table(title=title, show_lines=False)
    table.add_column(_("行"), justify="right", no_wrap=True)
    table.add_column(_("列"), overflow="fold")
    table.add_column(_("问题"), overflow="fold")
    for e in preview.errors:
        table.add_row(str(e.row or ""), Text(e.column_label), Text(e.message))
    console.print(table)
