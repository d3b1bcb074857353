"""In a real browser: a secretariat pastes an article, reviews the proposals and saves them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chanjiao.core.testing import BROWSER_TEST, browser_login
from chanjiao.events.models import AgendaItem, Event
from chanjiao.ingest.models import Article
from chanjiao.registry.models import Person, Position
from chanjiao.registry.tests.factories import BodyRoleFactory, UserFactory

from .helpers import ARTICLE

pytestmark = BROWSER_TEST

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "img" / "review-page.png"
UPDATE_SCREENSHOT = os.environ.get("CHANJIAO_UPDATE_SCREENSHOT") == "1"


@pytest.mark.django_db(transaction=True)
def test_a_secretariat_reviews_fixes_and_saves_one_article(live_server, page, body):
    user = UserFactory(username="mijiang")
    user.set_password("pw-secret-1")
    user.save()
    BodyRoleFactory(user=user, body=body)

    browser_login(page, live_server.url, "mijiang", "pw-secret-1")

    page.get_by_role("link", name="新闻入库").click()
    page.fill("textarea[name=text]", ARTICLE)
    page.get_by_role("button", name="抽取并进入审核").click()
    page.wait_for_url("**/ingest/*/")
    article = Article.objects.get()

    # the article is shown beside its proposals, each mention highlighted
    text = page.locator("#article-text")
    assert text.locator("mark.cj-mark-organization", has_text="福建省教育厅").first.is_visible()
    person = article.proposals.get(kind="person", data__name="陈志远")
    row = page.locator(f"#proposal-{person.pk}")
    row.hover()
    assert "cj-lit" in text.locator(f'mark[data-proposal="{person.pk}"]').first.get_attribute(
        "class"
    )
    if UPDATE_SCREENSHOT:
        page.screenshot(path=str(SCREENSHOT), full_page=False)

    # fix a title, drop the carrier, file it under the secretariat's own body
    row.locator(f"input[name=p{person.pk}-title]").fill("党委副书记、校长")
    carrier = article.proposals.get(kind="carrier")
    page.select_option(f"select[name=p{carrier.pk}-decision]", "drop")
    proposed_body = article.proposals.get(kind="body")
    page.select_option(f"select[name=p{proposed_body.pk}-decision]", "drop")
    page.select_option("select[name=main]", f"b{body.pk}")
    page.get_by_role("button", name="全部保存入库").click()

    page.locator("#saved-records").wait_for()
    assert page.locator("#article-status").inner_text() == "已入库"
    event = Event.objects.get()
    assert list(event.bodies.all()) == [body]
    assert Position.objects.get(person__name="陈志远").title == "党委副书记、校长"
    assert set(AgendaItem.objects.values_list("speaker__name", flat=True)) == {"林海峰", "陈志远"}
    assert Person.objects.count() == 2
    page.locator("#saved-records").get_by_role("link", name=event.name).click()
    page.wait_for_url(f"**/events/{event.pk}/")
    assert "林海峰" in page.content()
