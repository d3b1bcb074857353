"""The ingest pages: submit (text, file, address, batch), the review page, save, discard."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chanjiao.events.models import Event
from chanjiao.ingest.models import Article, IngestBatch
from chanjiao.registry.models import Organization, Person

from .helpers import ARTICLE, as_html_page, review_post, serve_pages

LIST = reverse("ingest:article_list")


def _reviewing(client, user):
    """Paste the shared article as ``user``: the article, its review page's address and the
    review form's POST as the page shows it."""
    client.force_login(user)
    client.post(LIST, {"text": ARTICLE})
    article = Article.objects.get()
    url = reverse("ingest:article_review", args=[article.pk])
    return article, url, review_post(client.get(url))


def test_pasted_text_goes_straight_to_its_review_page(client, admin_user):
    client.force_login(admin_user)
    response = client.post(LIST, {"text": ARTICLE})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("ingest:article_review", args=[article.pk])
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="cj-mark cj-mark-organization"' in html and "福建省教育厅" in html
    assert "全部保存入库" in html


def test_the_review_page_saves_what_it_shows(client, admin_user):
    article, url, data = _reviewing(client, admin_user)
    response = client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.SAVED
    assert Event.objects.get().name == "闽江智能装备职业教育集团成立大会"
    page = client.get(url).content.decode()
    assert reverse("events:event_detail", args=[article.event_id]) in page
    assert 'id="review-form"' not in page


def test_a_fix_on_the_review_page_is_what_gets_saved(client, admin_user):
    article, url, data = _reviewing(client, admin_user)
    person = article.proposals.get(kind="person", data__name="陈志远")
    carrier = article.proposals.get(kind="carrier")
    data[f"p{person.pk}-name"] = "陈志源"
    data[f"p{carrier.pk}-decision"] = "drop"
    assert client.post(url, data).status_code == 302
    assert Person.objects.filter(name="陈志源").exists()
    assert not Person.objects.filter(name="陈志远").exists()
    assert not article.proposals.get(pk=carrier.pk).saved_id


def test_linking_to_a_name_that_is_not_registered_shows_the_error_and_saves_nothing(
    client, admin_user
):
    article, url, data = _reviewing(client, admin_user)
    org = article.proposals.get(kind="organization", data__name="福建省教育厅")
    data[f"p{org.pk}-decision"] = "link"
    data[f"p{org.pk}-target_name"] = "没有这个单位"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "没有名为「没有这个单位」的记录" in response.content.decode()
    assert not Organization.objects.exists()
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING


def test_an_uploaded_file_and_its_address_are_kept(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("news.html", as_html_page(ARTICLE).encode("utf-8"))
    client.post(LIST, {"files": [upload], "source_url": "https://example.edu.cn/n/9.html"})
    article = Article.objects.get()
    assert article.is_html and article.original_name == "news.html"
    assert article.source_url == "https://example.edu.cn/n/9.html"


def test_a_file_of_the_wrong_type_is_refused_with_a_reason(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("members.xlsx", b"PK\x03\x04")
    response = client.post(LIST, {"files": [upload]})
    assert response.status_code == 200
    assert ".html" in response.content.decode() and not Article.objects.exists()


def test_several_files_become_a_batch_with_a_progress_page(client, admin_user):
    client.force_login(admin_user)
    uploads = [
        SimpleUploadedFile("a.txt", ARTICLE.encode()),
        SimpleUploadedFile("b.txt", ARTICLE.replace("闽江", "榕城").encode()),
    ]
    response = client.post(LIST, {"files": uploads})
    batch = IngestBatch.objects.get()
    assert response.url == reverse("ingest:batch_detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "0 / 2" in page and "every 1s" in page
    partial = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="batch-progress"' in partial and "<html" not in partial


def test_a_failed_batch_shows_why_on_its_page_and_in_the_polled_partial(client, admin_user):
    client.force_login(admin_user)
    reason = "后台进程在处理这项任务时中断了 3 次，已停止重试。"
    batch = IngestBatch.objects.create(
        created_by=admin_user, status=IngestBatch.Status.FAILED, error=reason
    )
    url = reverse("ingest:batch_detail", args=[batch.pk])
    page = client.get(url).content.decode()
    assert 'id="batch-error"' in page and reason in page and "失败原因" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert reason in partial and "hx-trigger" not in partial
    # A batch without an error shows no error block.
    IngestBatch.objects.filter(pk=batch.pk).update(status=IngestBatch.Status.SUCCEEDED, error="")
    assert 'id="batch-error"' not in client.get(url).content.decode()


def test_an_address_is_fetched_from_a_local_server(client, admin_user):
    client.force_login(admin_user)
    with serve_pages({"/n.html": as_html_page(ARTICLE).encode()}) as base:
        response = client.post(LIST, {"urls": f"{base}/n.html"})
    article = Article.objects.get()
    assert response.url == reverse("ingest:article_review", args=[article.pk])
    assert article.status == Article.Status.PENDING and article.proposals.exists()


def test_the_same_text_again_opens_the_first_article(client, admin_user):
    client.force_login(admin_user)
    first = client.post(LIST, {"text": ARTICLE})
    again = client.post(LIST, {"text": ARTICLE}, follow=True)
    assert Article.objects.count() == 1
    assert again.redirect_chain[-1][0] == first.url
    assert "已入库过" in again.content.decode()


def test_discard_sets_the_article_aside(client, admin_user):
    client.force_login(admin_user)
    client.post(LIST, {"text": ARTICLE})
    article = Article.objects.get()
    client.post(reverse("ingest:article_discard", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == Article.Status.DISCARDED


def test_the_queue_is_not_for_users_without_a_secretariat(client, plain_user):
    client.force_login(plain_user)
    assert client.get(LIST).status_code == 403


def test_a_secretariat_does_not_see_articles_others_submitted(client, admin_user, secretariat_user):
    client.force_login(admin_user)
    client.post(LIST, {"text": ARTICLE})
    article = Article.objects.get()
    client.force_login(secretariat_user)
    assert client.get(reverse("ingest:article_review", args=[article.pk])).status_code == 404
    assert "闽江" not in client.get(LIST).content.decode()


def test_a_saved_record_history_links_back_to_its_article(client, admin_user):
    article, url, data = _reviewing(client, admin_user)
    client.post(url, data)
    org = Organization.objects.get(name="福建省教育厅")
    history = client.get(reverse("registry:organization_history", args=[org.pk])).content.decode()
    assert f'href="{url}"' in history


def test_an_address_that_is_not_http_is_refused_on_the_form(client, admin_user):
    client.force_login(admin_user)
    response = client.post(LIST, {"urls": "ftp://example.edu.cn/news.html"})
    assert response.status_code == 200
    assert "http" in response.content.decode() and not Article.objects.exists()


def test_the_event_page_links_to_the_article_it_came_from_for_reviewers_only(client, admin_user):
    article, url, data = _reviewing(client, admin_user)
    client.post(url, data)
    article.refresh_from_db()
    event_url = reverse("events:event_detail", args=[article.event_id])
    assert f'href="{url}"' in client.get(event_url).content.decode()
    client.logout()
    assert f'href="{url}"' not in client.get(event_url).content.decode()


def test_linking_by_a_registered_short_name_uses_that_record(client, admin_user):
    from chanjiao.registry.tests.factories import OrganizationFactory

    bureau = OrganizationFactory(
        name="福建省教育厅（机关）", short_name="闽教厅", kind="government"
    )
    article, url, data = _reviewing(client, admin_user)
    org = article.proposals.get(kind="organization", data__name="福建省教育厅")
    data[f"p{org.pk}-decision"] = "link"
    data[f"p{org.pk}-target_name"] = "闽教厅"
    assert client.post(url, data).status_code == 302
    assert not Organization.objects.filter(name="福建省教育厅").exists()
    assert article.proposals.get(pk=org.pk).saved_id == bureau.pk


def test_the_review_page_shows_linked_new_and_doubtful_proposals_apart(client, admin_user):
    """福建省教育厅 is registered (linking confirms it), 福州软件工程职业技术学院 is only a near
    namesake of the article's 福州软件职业技术学院 (doubtful: collapsed until opened), and
    闽江港务集团有限公司 is new."""
    from chanjiao.ingest.models import Proposal

    Organization.objects.create(name="福建省教育厅", kind="government")
    Organization.objects.create(name="福州软件工程职业技术学院", kind="vocational_college")
    article, url, _data = _reviewing(client, admin_user)
    standing = {p.data["name"]: p.standing for p in article.proposals.filter(kind="organization")}
    assert standing["福建省教育厅"] == Proposal.Standing.LINKED
    assert standing["福州软件职业技术学院"] == Proposal.Standing.DOUBTFUL
    assert standing["闽江港务集团有限公司"] == Proposal.Standing.NEW
    html = client.get(url).content.decode()
    group = html[html.index('id="group-organization"') :]
    group = group[: group.index("</section>")]
    linked = group[group.index('data-standing="linked"') : group.index('data-standing="new"')]
    new = group[group.index('data-standing="new"') : group.index('data-standing="doubtful"')]
    doubtful = group[group.index('data-standing="doubtful"') :]
    assert "福建省教育厅" in linked and "闽江港务集团有限公司" in new
    assert "福州软件职业技术学院" in doubtful and "<details" in group
    assert "福州软件职业技术学院" not in linked + new


def test_the_review_page_says_why_each_name_is_proposed(client, admin_user):
    """Each name shows its evidence in words and the extraction's confidence; a name with thin
    evidence (below SURE_SUPPORT) is doubtful, collapsed with the near namesakes."""
    from chanjiao.ingest.models import SURE_SUPPORT, Proposal

    article, url, _data = _reviewing(client, admin_user)
    html = client.get(url).content.decode()
    assert "抽取置信度" in html and "以单位类型结尾" in html and "文中写明其角色" in html
    org = article.proposals.filter(kind="organization").exclude(support=None).first()
    assert org is not None and org.evidence_labels
    org.support, org.method, org.decision = SURE_SUPPORT / 2, "", Proposal.Decision.CREATE
    assert org.standing == Proposal.Standing.DOUBTFUL


def test_the_queue_searches_by_title_and_filters_by_status(client, admin_user):
    client.force_login(admin_user)
    client.post(LIST, {"text": ARTICLE})
    article = Article.objects.get()
    title = article.title
    assert title in client.get(LIST, {"q": title[:6]}).content.decode()
    assert title not in client.get(LIST, {"q": "没有这样的标题"}).content.decode()
    assert title not in client.get(LIST, {"status": "saved"}).content.decode()
    # A status that is not one is left out (the API refuses it); the search still applies.
    assert title in client.get(LIST, {"status": "nonsense"}).content.decode()
    assert (
        title
        not in client.get(LIST, {"status": "nonsense", "q": "没有这样的标题"}).content.decode()
    )


def _long(text: str) -> str:
    """The article followed by as many of its sentences again as make it too long for a request
    (over ``INLINE_BYTES``), each sentence numbered so that none repeats the one before."""
    from chanjiao.ingest.submitting import INLINE_BYTES

    lines, n = [text], 0
    while len("\n".join(lines).encode()) <= INLINE_BYTES:
        n += 1
        lines.append(
            f"第{n}段：闽江智能装备职业教育集团第{n}次工作例会召开，会议总结了第{n}项工作。"
        )
    return "\n".join(lines)


def test_a_long_text_goes_to_the_worker_and_its_batch_page_opens(client, admin_user):
    from chanjiao.ingest import services

    client.force_login(admin_user)
    response = client.post(LIST, {"text": _long(ARTICLE)}, follow=True)
    article = Article.objects.get()
    batch = IngestBatch.objects.get()
    assert response.redirect_chain[-1][0] == reverse("ingest:batch_detail", args=[batch.pk])
    assert article.status == Article.Status.QUEUED and article.batch_id == batch.pk
    assert "文章较长，已转入后台处理" in response.content.decode()
    services.batch_run(batch_id=batch.pk)  # what the job worker does
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING and article.proposals.exists()
