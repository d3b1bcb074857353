"""The ``chanjiao ingest FILE...`` (into the review queue) and ``chanjiao review`` commands.

Kept beside the ingest app so ``chanjiao/cli.py`` stays a thin dispatcher; both run with
Django set up and act as ``--as USER`` (default: the first admin).
"""

from __future__ import annotations

from pathlib import Path


def _(message: str) -> str:
    """gettext, imported when a message is shown: ``chanjiao ingest --json`` uses this module's
    ``article_paths`` without Django."""
    from django.utils.translation import gettext

    return gettext(message)


ARTICLE_SUFFIXES = (".html", ".htm", ".txt")


def article_paths(names: list[str]) -> list[Path]:
    """Files as given; a folder stands for the .html/.htm/.txt files in it (a batch)."""
    out: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            out.append(path)
    return out


def cmd_ingest_queue(args, console, *, actor) -> int:
    """Put articles into the review queue: extract and link each, with a progress bar."""
    from rich.table import Table

    from chanjiao.core.changelog import change_source
    from chanjiao.core.terminal import progress_bar

    from . import services
    from .models import Article

    paths = article_paths(args.files)
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise ValueError(_("找不到文件：%(files)s") % {"files": ", ".join(missing)})
    if not paths and not args.url:
        raise ValueError(_("没有可导入的文章（.html、.htm 或 .txt 文件）"))
    source_url = args.source_url if len(paths) == 1 else None
    submissions = [
        services.Submission(url=source_url or "", data=p.read_bytes(), name=p.name) for p in paths
    ] + [services.Submission(url=u) for u in args.url or []]
    table = Table("#", _("文章"), _("状态"), _("拟入库"), _("审核"))
    linker = services.Linker(actor)
    failed = 0
    with change_source("cli"), progress_bar(console, _("抽取"), len(submissions)) as progress:
        for done, submission in enumerate(submissions, 1):
            article, created = services.article_submit(actor=actor, submission=submission)
            retried = not created and article.status == Article.Status.QUEUED
            # new, or failed before and queued again: processed (nothing is done to others)
            article = services.article_process(article_id=article.pk, linker=linker)
            status = article.get_status_display()
            if not created and not retried:
                status += " · " + _("已入库过")
            if article.duplicate_of_id:
                status += f" · = #{article.duplicate_of_id}"
            if article.error:
                status += f" · {article.error}"
            failed += article.status == Article.Status.FAILED
            table.add_row(
                str(article.pk),
                submission.name or submission.url,
                status,
                str(article.proposals.count()),
                f"/ingest/{article.pk}/",
            )
            progress(done, len(submissions))
    console.print(table)
    console.print(
        _("%(n)d 篇 · 审核：chanjiao review ID [--accept]，或在“新闻入库”页面")
        % {"n": len(submissions)}
    )
    return 1 if failed else 0


def _print_article(console, article) -> None:
    from rich.table import Table

    from .selectors import proposals_of

    console.print(
        f"#{article.pk} {article} · {article.get_status_display()}"
        + (f" · {article.published}" if article.published else "")
        + (f" · {article.source_url}" if article.source_url else "")
    )
    table = Table("id", _("类型"), _("内容"), _("处理"), _("匹配"))
    for p in proposals_of(article):
        match = ""
        if p.candidates:
            best = p.candidates[0]
            match = f"#{best['id']} {best['name']} ({best['method']} {best['confidence']:.2f})"
        decision = p.get_decision_display()
        if p.decision == p.Decision.LINK:
            decision += f" #{p.target_id}"
        if p.saved_id:
            decision += f" → #{p.saved_id}" + (" " + _("新建") if p.saved_created else "")
        extra = ""
        if p.kind == p.Kind.PERSON:
            extra = f" · {p.data.get('title') or ''} · {p.data.get('organization') or ''}"
        elif p.kind == p.Kind.ORGANIZATION:
            extra = f" · {', '.join(p.data.get('roles') or [])}"
        table.add_row(str(p.pk), p.get_kind_display(), f"{p.label}{extra}", decision, match)
    console.print(table)


def _pairs(values: list[str] | None, what: str) -> dict[int, int]:
    out = {}
    for value in values or []:
        left, _sep, right = value.partition("=")
        # Digits 0–9 only (``str.isdigit`` takes ², which int() refuses); no django here.
        if not (left.isascii() and left.isdigit() and right.isascii() and right.isdigit()):
            raise ValueError(
                _("%(option)s：应写作 PROPOSAL=RECORD，而不是 %(value)r")
                % {"option": what, "value": value}
            )
        out[int(left)] = int(right)
    return out


def cmd_review(args, console, *, actor) -> int:
    """List the queue, show one article's proposals, or apply decisions and save."""
    from django.core.exceptions import ValidationError

    from chanjiao.core.changelog import change_source

    from . import selectors, services
    from .models import Article, Proposal

    if args.article is None:
        articles = selectors.article_list(actor=actor, status=args.status or None)[:200]
        for a in articles:
            console.print(f"#{a.pk:<5} {a.get_status_display():6} {a}")
        if not articles:
            console.print(_("审核队列是空的"))
        return 0
    try:
        article = selectors.article_get(actor=actor, pk=args.article)
    except Article.DoesNotExist as exc:
        raise ValueError(_("没有这篇文章：#%(id)s") % {"id": args.article}) from exc
    changes: dict[int, dict] = {}
    for pk in args.drop or []:
        changes.setdefault(pk, {})["decision"] = Proposal.Decision.DROP
    for pk in args.create or []:
        changes.setdefault(pk, {}).update(decision=Proposal.Decision.CREATE, target_id=None)
    for pk, target in _pairs(args.link, "--link").items():
        changes.setdefault(pk, {}).update(decision=Proposal.Decision.LINK, target_id=target)
    if args.discard:
        with change_source("cli"):
            services.article_discard(actor=actor, article=article)
        console.print(_("#%(id)s 已放弃") % {"id": article.pk})
        return 0
    if not (args.accept or changes or args.main is not None):
        _print_article(console, article)
        return 0
    try:
        with change_source("cli"):
            result = services.article_review(
                actor=actor, article=article, changes=changes, main=args.main, save=args.accept
            )
    except ValidationError as exc:
        console.print(_("没有保存任何记录："), style="red")
        for message in exc.messages:
            console.print(f"  - {message}", style="red")
        return 2
    article.refresh_from_db()
    _print_article(console, article)
    if result is not None:
        created = ", ".join(f"{k} {v}" for k, v in result.created.items()) or "0"
        linked = ", ".join(f"{k} {v}" for k, v in result.linked.items()) or "0"
        console.print(
            _("已入库 · 新建：%(created)s · 已有：%(linked)s")
            % {"created": created, "linked": linked}
        )
    return 0
