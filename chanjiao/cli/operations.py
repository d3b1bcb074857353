"""``chanjiao worker``, ``backup`` and ``restore``: the printing around chanjiao.operations."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from .base import (
    CommandError,
    _,
)

# --- worker, backup, restore ---------------------------------------------------------------


def cmd_worker(args, console) -> int:
    """Recover jobs whose worker died, then run the job worker of the configured backend."""
    import logging

    from chanjiao import operations

    logging.getLogger("chanjiao").setLevel(logging.INFO)
    console.print(
        _("后台任务：%(backend)s · %(host)s")
        % {"backend": operations.backend_kind(), "host": _host_pid()}
    )
    try:
        return operations.run_worker(interval=args.interval, say=lambda line: console.print(line))
    except operations.OperationError as exc:
        raise CommandError(str(exc)) from exc


def _host_pid() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def cmd_backup(args, console) -> int:
    """Write the database and the uploaded files into one archive (while serving)."""
    from chanjiao import operations

    try:
        manifest = operations.backup(Path(args.file))
    except operations.OperationError as exc:
        raise CommandError(str(exc)) from exc
    counts = " · ".join(f"{k.split('.')[-1]} {v}" for k, v in manifest["counts"].items())
    console.print(
        _("已备份（%(engine)s）→ %(file)s：%(counts)s · 文件 %(files)d")
        % {
            "engine": manifest["engine"],
            "file": args.file,
            "counts": counts,
            "files": manifest["media_files"],
        }
    )
    return 0


def cmd_restore(args, console) -> int:
    """Replace the database and the uploaded files with an archive's (on a stopped instance)."""
    from django.conf import settings

    from chanjiao import operations

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(_("找不到文件：%(path)s") % {"path": path})
    try:
        manifest = operations.read_manifest(path)
        operations.check_restorable(manifest)
        counts = " · ".join(f"{k.split('.')[-1]} {v}" for k, v in manifest["counts"].items())
        console.print(
            _("备份：%(created_at)s · %(engine)s · %(counts)s · 文件 %(files)d")
            % {
                "created_at": manifest["created_at"],
                "engine": manifest["engine"],
                "counts": counts,
                "files": manifest["media_files"],
            }
        )
        if not args.yes:
            console.print(
                _("将覆盖当前数据库和上传文件 %(media)s（请先停止网页服务和后台任务）")
                % {"media": settings.MEDIA_ROOT}
            )
            console.print(_("继续吗？[y/N] "), end="", markup=False)
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes", "是"):
                console.print(_("已取消，未做任何修改"))
                return 1
        operations.restore(path)
    except operations.OperationError as exc:
        raise CommandError(str(exc)) from exc
    console.print(_("已从 %(path)s 恢复") % {"path": path})
    return 0
