"""``chanjiao ingest FILE...`` into the review queue and ``chanjiao review`` to accept."""

from __future__ import annotations

from chanjiao.cli import main
from chanjiao.events.models import Event
from chanjiao.ingest.models import Article
from chanjiao.registry.models import Organization

from .helpers import ARTICLE, as_html_page, serve_pages


def test_files_go_to_the_queue_and_review_accept_saves_them(admin_user, tmp_path, capsys):
    path = tmp_path / "news.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["ingest", str(path), "--source-url", "https://example.edu.cn/n/3.html"]) == 0
    article = Article.objects.get()
    assert article.status == "pending" and article.source_url == "https://example.edu.cn/n/3.html"
    assert f"/ingest/{article.pk}/" in capsys.readouterr().out

    assert main(["review"]) == 0
    assert f"#{article.pk}" in capsys.readouterr().out
    assert main(["review", str(article.pk)]) == 0
    shown = capsys.readouterr().out
    assert "福建省教育厅" in shown and not Event.objects.exists()

    carrier = article.proposals.get(kind="carrier")
    assert main(["review", str(article.pk), "--drop", str(carrier.pk), "--accept"]) == 0
    article.refresh_from_db()
    assert article.status == "saved" and Event.objects.count() == 1
    assert not article.proposals.get(pk=carrier.pk).saved_id
    assert main(["ingest", str(path)]) == 0
    assert "已入库过" in capsys.readouterr().out and Article.objects.count() == 1


def test_review_reports_a_refused_save_and_writes_nothing(admin_user, tmp_path, capsys):
    path = tmp_path / "news.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    main(["ingest", str(path)])
    article = Article.objects.get()
    org = article.proposals.filter(kind="organization").first()
    assert main(["review", str(article.pk), "--link", f"{org.pk}=987654", "--accept"]) == 2
    assert not Organization.objects.exists() and not Event.objects.exists()


def test_an_address_is_fetched_into_the_queue(admin_user, capsys):
    with serve_pages({"/n.html": as_html_page(ARTICLE).encode()}) as base:
        assert main(["ingest", "--url", f"{base}/n.html"]) == 0
    assert Article.objects.get().status == "pending"


def test_a_missing_file_is_an_error(admin_user, tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "nope.txt")]) == 2
    assert "找不到文件" in capsys.readouterr().out
