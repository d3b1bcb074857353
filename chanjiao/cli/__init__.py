"""The ``chanjiao`` command: serve the platform, load the demo, import and export Excel lists,
create users.

Every write runs as an actor (``--as USER``, by default the first platform admin) and is
labelled ``cli`` in the change log (imports are labelled ``import``).
"""

from __future__ import annotations

import argparse

from .base import (
    CommandError,
    _,
    _first_admin,
    _setup,
    file_problem,
    find_actor,
    port_number,
    seconds,
    worker_count,
)
from .collect import cmd_collect, cmd_minutes, cmd_report
from .commands import (
    cmd_createuser,
    cmd_demo,
    cmd_export,
    cmd_import_majors,
    cmd_import_members,
    cmd_import_talent,
    cmd_ingest,
    cmd_match,
    cmd_migrate,
    cmd_token,
)
from .operations import cmd_backup, cmd_restore, cmd_worker
from .serve import cmd_serve

#: ``review --status``: the values of ``ingest.models.Article.Status`` (the parser is built
#: before Django is set up; a test keeps the two the same).
ARTICLE_STATUSES = ("queued", "pending", "saved", "discarded", "duplicate", "failed")

# --- entry point ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chanjiao",
        description="产教 chanjiao — the platform for industry–education integration bodies",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "serve", help="migrate, load the demo when empty, serve (gunicorn) with job workers"
    )
    # PORT and CHANJIAO_JOB_WORKERS are read (and checked) when serve runs, not here: a bad
    # value must not break `chanjiao --help` or another command.
    p.add_argument("--port", type=port_number, default=None, help="1-65535 (default 8000, or PORT)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--no-worker", action="store_true", help="do not start the job worker")
    p.add_argument(
        "--job-workers",
        type=worker_count,
        default=None,
        metavar="N",
        help="job worker processes (default 1, or CHANJIAO_JOB_WORKERS)",
    )
    p.add_argument(
        "--no-demo", action="store_true", help="never load the demo, even into an empty database"
    )

    p = sub.add_parser("demo", help="load the demo data (idempotent)")
    p.add_argument("--as", dest="as_user", metavar="USER")

    p = sub.add_parser("import-members", help="import a body's member list from .xlsx")
    p.add_argument("body", metavar="BODY", help="id or name of the body")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")
    p.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    p = sub.add_parser(
        "import-talent",
        help="import a body's postings, cohorts, students or choices from .xlsx/.csv",
    )
    p.add_argument("body", metavar="BODY", help="id or name of the body")
    p.add_argument("kind", choices=["postings", "cohorts", "students", "applications"])
    p.add_argument("file", metavar="FILE")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")
    p.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    for name, what in (("export-members", "member list"), ("export-events", "events")):
        p = sub.add_parser(name, help=f"write a body's {what} to .xlsx")
        p.add_argument("body", metavar="BODY", help="id or name of the body")
        p.add_argument("file", metavar="FILE.xlsx")
        p.add_argument("--as", dest="as_user", metavar="USER")

    p = sub.add_parser(
        "import-majors", help="load the majors catalogue from .csv/.xlsx (all rows or none)"
    )
    p.add_argument("file", metavar="FILE", help="columns level, code, name, category, class")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this admin")

    p = sub.add_parser("createuser", help="create a user or add roles to one")
    p.add_argument("username", metavar="USERNAME")
    p.add_argument("--admin", action="store_true", help="platform admin (superuser)")
    p.add_argument("--secretariat-of", metavar="BODY", help="secretariat of this body")
    p.add_argument("--contact-of", metavar="ORG", help="contact of this organisation")
    p.add_argument(
        "--supervises-region",
        metavar="CODE",
        help="supervising department of every body in this region (6-digit division code)",
    )
    p.add_argument("--region-name", metavar="NAME", default="", help="with --supervises-region")
    p.add_argument("--password", metavar="P", help="password (asked when omitted)")
    p.add_argument("--no-password", action="store_true", help="no usable password")
    p.add_argument("--as", dest="as_user", metavar="USER")

    p = sub.add_parser("match", help="match students to positions from .csv/.parquet files")
    p.add_argument("mode", choices=["stable", "optimal"], help="stable or optimal matching")
    p.add_argument(
        "--edges", required=True, help="student,position,student_rank,position_rank,score"
    )
    p.add_argument("--positions", required=True, help="position,capacity")
    p.add_argument("--out", required=True, help="where to write student,position of each match")

    p = sub.add_parser(
        "ingest",
        help="news articles (.txt/.html, folders, addresses) into the review queue, or --json",
    )
    p.add_argument(
        "files", nargs="*", metavar="FILE", help="saved article (text or HTML) or folder"
    )
    p.add_argument("--url", action="append", metavar="URL", help="fetch this page (repeatable)")
    p.add_argument("--json", action="store_true", help="print the records as JSON (no database)")
    p.add_argument("--out", metavar="DIR", help="write DIR/<file stem>.json for each file")
    p.add_argument("--source-url", metavar="URL", help="the page's address for a saved copy")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")

    p = sub.add_parser("collect", help="a body's yearly collection round: open, status, lock")
    p.add_argument("action", choices=["open", "status", "lock"])
    p.add_argument("body", metavar="BODY", help="id or name of the body")
    p.add_argument("year", type=int, metavar="YEAR")
    p.add_argument("--deadline", metavar="YYYY-MM-DD", help="with open: the deadline")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")

    p = sub.add_parser("report", help="a body's annual report as .docx, PDF, HTML or JSON")
    p.add_argument("body", metavar="BODY", help="id or name of the body")
    p.add_argument("year", type=int, metavar="YEAR")
    p.add_argument("--format", choices=["docx", "pdf", "html", "json"], default="docx")
    p.add_argument("--out", metavar="FILE", help="where to write it (default: BODY-YEAR….FORMAT)")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")

    p = sub.add_parser("minutes", help="a meeting's minutes (会议纪要) as .docx, PDF or HTML")
    p.add_argument("meeting", type=int, metavar="MEETING", help="id of the meeting")
    p.add_argument("--format", choices=["docx", "pdf", "html"], default="docx")
    p.add_argument(
        "--out", metavar="FILE", help="where to write it (default: TITLE-会议纪要.FORMAT)"
    )
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")

    p = sub.add_parser("review", help="list the review queue, show an article, accept it")
    p.add_argument("article", nargs="?", type=int, metavar="ID", help="the article to review")
    p.add_argument(
        "--status", choices=ARTICLE_STATUSES, help="with no ID: only articles in this status"
    )
    p.add_argument("--accept", action="store_true", help="save the kept proposals as records")
    p.add_argument("--drop", type=int, nargs="+", metavar="P", help="drop these proposals")
    p.add_argument("--create", type=int, nargs="+", metavar="P", help="make these new records")
    p.add_argument(
        "--link", nargs="+", metavar="P=RECORD", help="link proposal P to registry record RECORD"
    )
    p.add_argument("--main", metavar="pID|bID", help="the body the article is about")
    p.add_argument("--discard", action="store_true", help="set the article aside")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")

    p = sub.add_parser("token", help="print a new API token for a user (for scripts)")
    p.add_argument("username", metavar="USER")
    p.add_argument("--name", default="cli", help="what the token is for (shown in the list)")

    p = sub.add_parser(
        "worker", help="run the job worker (recovers jobs of dead workers first); one per core"
    )
    p.add_argument(
        "--interval",
        type=seconds,
        default=1.0,
        help="seconds between queue polls (database queue), above 0",
    )

    p = sub.add_parser("backup", help="database and uploaded files into one archive (.tar.gz)")
    p.add_argument("file", metavar="FILE.tar.gz")

    p = sub.add_parser("restore", help="replace database and uploaded files from an archive")
    p.add_argument("file", metavar="FILE.tar.gz")
    p.add_argument("--yes", action="store_true", help="do not ask before overwriting")

    sub.add_parser("migrate", help="apply database migrations")
    return parser


COMMANDS = {
    "serve": cmd_serve,
    "demo": cmd_demo,
    "import-members": cmd_import_members,
    "export-members": lambda a, c: cmd_export(a, c, "members"),
    "export-events": lambda a, c: cmd_export(a, c, "events"),
    "import-majors": cmd_import_majors,
    "import-talent": cmd_import_talent,
    "createuser": cmd_createuser,
    "token": cmd_token,
    "migrate": cmd_migrate,
    "worker": cmd_worker,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "match": cmd_match,
    "collect": cmd_collect,
    "report": cmd_report,
    "minutes": cmd_minutes,
    "ingest": lambda a, c: _ingest_command("cmd_ingest_queue", a, c),
    "review": lambda a, c: _ingest_command("cmd_review", a, c),
}


def _ingest_command(name: str, args, console) -> int:
    from chanjiao.ingest import commands

    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    try:
        return getattr(commands, name)(args, console, actor=actor)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    """Run one ``chanjiao`` command; returns the exit code (0 on success). A file that cannot
    be read or written (a folder that does not exist, no permission) is said in one line."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except OSError as exc:
        if exc.filename is None:
            raise
        from rich.console import Console

        _setup()  # for the message's language, also after a command that ran without Django
        Console(highlight=False, soft_wrap=True).print(
            _("错误：%(error)s") % {"error": file_problem(exc)}, style="red"
        )
        return 2


def _run(args) -> int:
    if args.command == "ingest" and (args.json or args.out):
        return cmd_ingest(args)  # files in, JSON out: no Django set-up, no database
    _setup()
    from django.core.exceptions import PermissionDenied, ValidationError
    from rich.console import Console

    # Lines are not broken at the console's width: a path or a token printed to a pipe or a
    # log (80 columns) stays whole, for a script or a person to copy.
    console = Console(highlight=False, soft_wrap=True)
    try:
        return COMMANDS[args.command](args, console)
    except CommandError as exc:
        console.print(_("错误：%(error)s") % {"error": exc}, style="red")
        return 2
    except PermissionDenied as exc:
        console.print(_("无权限：%(error)s") % {"error": exc}, style="red")
        return 3
    except ValidationError as exc:
        from chanjiao.core import words

        console.print(_("错误：%(error)s") % {"error": words.sentences(exc.messages)}, style="red")
        return 2
