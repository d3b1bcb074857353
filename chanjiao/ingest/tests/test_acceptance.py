"""Issue 4's "done when": the three shared articles, as text or as locally served pages, become
reviewed records through the UI and the CLI, and a second ingestion changes nothing."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from chanjiao.cli import main
from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.core.validators import normalize_name
from chanjiao.events.models import AgendaItem, Event, EventOrganization
from chanjiao.ingest.models import Article
from chanjiao.registry.models import Body, Organization, Position

from .helpers import CORPUS, as_html_page, corpus_articles, review_post, serve_pages
from .test_services import registry_counts

LIST = reverse("ingest:article_list")


def gold(path) -> dict:
    return json.loads((CORPUS / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))


def _stored(*names: str) -> set[str]:
    """Names as the registry stores them (联想(北京) is stored 联想（北京）: core.validators)."""
    return {normalize_name(n) for n in names}


def assert_records_of(article_path) -> None:
    """Everything the gold annotation lists is now a registry record."""
    g = gold(article_path)
    for body in g["bodies"]:
        names = _stored(body["name"], *body.get("aliases", []))
        assert Body.objects.filter(name__in=names).exists(), body
    for org in g["organizations"]:
        names = _stored(org["name"], *org.get("aliases", []))
        assert Organization.objects.filter(name__in=names).exists(), org
    for person in g["people"]:
        positions = Position.objects.filter(person__name=person["name"])
        assert positions.exists(), person
        if person.get("title"):  # scored as the scorer does: the title's words are there
            assert positions.filter(title__contains=person["title"]).exists(), person
    event = g["event"]
    if event["name"]:
        saved = Event.objects.get(name=event["name"])
        assert (saved.starts_on.isoformat() if saved.starts_on else None) == event["date"]
        assert EventOrganization.objects.filter(event=saved).exists()
    for carrier in g["carriers"]:
        names = _stored(carrier["name"], *carrier.get("aliases", []))
        assert Carrier.objects.filter(name__in=names).exists(), carrier
    for agreement in g["agreements"]:
        parties = _stored(*agreement["parties"])
        assert any(
            set(a.parties.values_list("name", flat=True)) == parties
            for a in Agreement.objects.filter(event__name=event["name"])
        ), agreement


def _pages(articles) -> dict[str, bytes]:
    """Each article as a web page, with its headline and date as the site printed them."""
    return {
        f"/{p.stem}.html": as_html_page(
            p.read_text(encoding="utf-8"), gold(p)["title"], gold(p)["published"]
        ).encode()
        for p in articles
    }


def test_the_three_articles_become_reviewed_records_through_the_ui(client, admin_user):
    articles = corpus_articles()
    client.force_login(admin_user)
    for path in articles:
        response = client.post(LIST, {"text": path.read_text(encoding="utf-8")})
        review = client.get(response.url)
        saved = client.post(response.url, review_post(review))
        assert saved.status_code == 302, review_post(review)
        assert_records_of(path)
    assert Article.objects.filter(status="saved").count() == 3
    assert AgendaItem.objects.exists()

    # a second ingestion of each, as text and as a page served locally, changes nothing
    before = registry_counts()
    with serve_pages(_pages(articles)) as base:
        for path in articles:
            again = client.post(LIST, {"text": path.read_text(encoding="utf-8")}, follow=True)
            assert "已入库过" in again.content.decode()
            response = client.post(LIST, {"urls": f"{base}/{path.stem}.html"})
            article = Article.objects.get(source_url=f"{base}/{path.stem}.html")
            if article.status == Article.Status.PENDING:
                assert (
                    client.post(response.url, review_post(client.get(response.url))).status_code
                    == 302
                )
    assert registry_counts() == before


def test_the_three_articles_become_reviewed_records_through_the_cli(admin_user, capsys):
    """This time the pages served locally come first, then the saved texts."""
    articles = corpus_articles()
    with serve_pages(_pages(articles)) as base:
        urls = [arg for p in articles for arg in ("--url", f"{base}/{p.stem}.html")]
        assert main(["ingest", *urls, "--as", "admin"]) == 0
    pending = list(Article.objects.filter(status="pending").order_by("pk"))
    assert len(pending) == 3
    for article in pending:
        assert main(["review", str(article.pk), "--accept", "--as", "admin"]) == 0
    for path in articles:
        assert_records_of(path)
    assert "已入库 · 新建" in capsys.readouterr().out

    before = registry_counts()
    assert main(["ingest", str(CORPUS), "--as", "admin"]) == 0  # the folder: a batch
    for article in Article.objects.filter(status="pending"):
        assert main(["review", str(article.pk), "--accept", "--as", "admin"]) == 0
    assert registry_counts() == before


@pytest.mark.parametrize("index", [0, 1, 2])
def test_each_article_saved_on_the_demo_data_links_instead_of_copying(admin_user, index):
    """The demo registry holds the three articles' facts: saving one links to them."""
    from chanjiao.demo.loader import load_demo
    from chanjiao.ingest import services
    from chanjiao.registry.models import Person

    path = corpus_articles()[index]
    load_demo(actor=admin_user)
    article, _ = services.article_submit(
        actor=admin_user, submission=services.Submission(text=path.read_text(encoding="utf-8"))
    )
    article = services.article_process(article_id=article.pk)
    services.article_save(actor=admin_user, article=article)
    g = gold(path)
    for person in g["people"]:
        assert Person.objects.filter(name=person["name"]).count() == 1, person
    if g["event"]["name"]:
        assert Event.objects.filter(name=g["event"]["name"]).count() == 1
    for body in g["bodies"]:
        assert Body.objects.filter(name=body["name"]).count() == 1
