"""Who sees, dedupes and links what in the review queue: a body's secretariat reviews its
body's articles, another body may ingest the same news, hidden records are never offered,
a batch lists what it found ingested before, and a failed address can be tried again."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chanjiao.core.testing import api_write, assert_error, bearer, make_token
from chanjiao.events.tests.factories import EventFactory
from chanjiao.ingest import selectors, services
from chanjiao.ingest.models import Article, Proposal
from chanjiao.registry.tests.factories import BodyFactory, BodyRoleFactory, UserFactory

from .helpers import ARTICLE, serve_pages

#: A synthetic article (合成数据) about the ``body`` fixture, 成都智能制造职业教育集团.
ABOUT_BODY = """成都智能制造职业教育集团举办产教对接会
2024年9月10日，成都智能制造职业教育集团在成都工业职业技术学院举办产教对接会。集团理事长单位成都工业职业技术学院、成员单位四川精工机械有限公司等60余家单位的代表参加会议。
"""


def ingest(actor, text=ARTICLE, **kwargs) -> Article:
    article, _created = services.article_submit(
        actor=actor, submission=services.Submission(text=text, **kwargs)
    )
    return services.article_process(article_id=article.pk)


def secretariat_of(body, name: str):
    return BodyRoleFactory(user=UserFactory(username=name), body=body).user


def proposal(article: Article, kind: str) -> Proposal:
    return article.proposals.filter(kind=kind).order_by("order").first()


# --- 1: a body's secretariat reviews its body's articles -----------------------------------


def test_a_colleague_in_the_secretariat_sees_and_reviews_an_article_about_their_body(
    client, secretariat_user, body
):
    colleague = secretariat_of(body, "colleague")
    article = ingest(secretariat_user, ABOUT_BODY)
    main = proposal(article, "body")
    assert main.data["main"] and main.target_id == body.pk
    assert article.body_id == body.pk
    assert selectors.article_list(actor=colleague).filter(pk=article.pk).exists()
    response = client.get(f"/api/v1/articles/{article.pk}", headers=bearer(make_token(colleague)))
    assert response.status_code == 200
    result = services.article_review(actor=colleague, article=article, changes={}, main=None)
    assert result is not None
    article.refresh_from_db()
    assert article.status == Article.Status.SAVED and article.body_id == body.pk


def test_an_article_about_a_body_the_submitter_does_not_run_stays_the_submitters(
    secretariat_user, other_body
):
    # naming a published body does not put the article into that body's queue
    stranger = secretariat_of(other_body, "stranger")
    article = ingest(secretariat_user, ABOUT_BODY.replace("成都智能制造", other_body.name[:2]))
    assert article.body_id is None
    assert not selectors.article_list(actor=stranger).filter(pk=article.pk).exists()


# --- 2: the same news for another body -------------------------------------------------------


def test_another_bodys_secretariat_ingests_news_a_stranger_ingested_before(
    client, secretariat_user, other_body
):
    url = "https://news.example.edu.cn/n/9.html"
    first = ingest(secretariat_user, ABOUT_BODY, url=url)
    other = secretariat_of(other_body, "other")
    response = api_write(
        client, "post", "/api/v1/articles", {"url": url, "text": ABOUT_BODY}, make_token(other)
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["id"] != first.pk and data["duplicate_of_id"] is None
    assert data["status"] == "pending"  # not a duplicate of an article it cannot see
    # its own second submission finds its own article
    again, created = services.article_submit(actor=other, submission=services.Submission(url=url))
    assert not created and again.pk == data["id"]


# --- 3: linking sees only what the reviewer may read ----------------------------------------

HIDDEN_BODY = "雄安新区数字经济市域产教联合体"
HIDDEN_EVENT = "雄安数字经济产教联合体年会"
NAMING_HIDDEN = f"""{HIDDEN_EVENT}召开
2024年6月3日，{HIDDEN_EVENT}在雄安召开。雄安数字经济产教联合体理事长单位雄安职业技术学院主持会议。
"""


@pytest.fixture
def hidden(db):
    body = BodyFactory(name=HIDDEN_BODY, is_published=False)
    event = EventFactory(name=HIDDEN_EVENT, starts_on="2024-06-03", is_published=False)
    return body, event


def test_names_are_never_linked_to_records_the_reviewer_may_not_read(secretariat_user, hidden):
    body, event = hidden
    article = ingest(secretariat_user, NAMING_HIDDEN)
    offered = {c["id"] for p in article.proposals.all() for c in p.candidates}
    names = {c["name"] for p in article.proposals.all() for c in p.candidates}
    assert body.pk not in offered and HIDDEN_BODY not in names
    ev = proposal(article, "event")
    assert ev.decision != "link" and event.pk not in {c["id"] for c in ev.candidates}


def test_the_admin_still_gets_every_candidate(admin_user, hidden):
    body, event = hidden
    article = ingest(admin_user, NAMING_HIDDEN)
    assert proposal(article, "event").target_id == event.pk
    assert body.pk in {c["id"] for p in article.proposals.all() for c in p.candidates}


def test_a_hidden_record_is_refused_as_a_link_in_the_words_of_a_missing_one(
    secretariat_user, hidden
):
    body, event = hidden
    article = ingest(secretariat_user, NAMING_HIDDEN)
    messages = []
    for kind, target in (("event", event.pk), ("event", 999_999), ("body", body.pk)):
        p = proposal(article, kind)
        with pytest.raises(ValidationError) as error:
            services.proposal_update(
                actor=secretariat_user, proposal=p, data={"decision": "link", "target_id": target}
            )
        messages.append(error.value.message_dict["target_id"][0].replace(str(target), "N"))
    assert len(set(messages)) == 1


def test_saving_never_links_a_hidden_event_even_when_the_proposal_points_to_it(
    secretariat_user, body, hidden
):
    _body, event = hidden
    article = ingest(secretariat_user, NAMING_HIDDEN)
    article.proposals.exclude(kind="event").update(decision="drop", target_id=None)
    Proposal.objects.filter(article=article, kind="event").update(
        decision="link", target_id=event.pk
    )
    with pytest.raises(ValidationError) as error:
        services.article_review(actor=secretariat_user, article=article, changes={}, main="")
    assert str(event.pk) in " ".join(error.value.messages)
    assert not event.articles.exists()


def test_an_event_of_the_same_name_and_day_is_only_reused_when_readable(
    secretariat_user, body, hidden
):
    _body, event = hidden
    article = ingest(secretariat_user, NAMING_HIDDEN)
    article.proposals.exclude(kind="event").update(decision="drop", target_id=None)
    services.article_review(actor=secretariat_user, article=article, changes={}, main=f"b{body.pk}")
    article.refresh_from_db()
    assert article.event_id and article.event_id != event.pk


def test_the_main_body_is_one_the_reviewer_runs_hidden_or_missing_alike(
    secretariat_user, other_body, hidden
):
    body, _event = hidden
    article = ingest(secretariat_user, NAMING_HIDDEN)
    messages = set()
    for pk in (body.pk, other_body.pk, 999_999):
        with pytest.raises(ValidationError) as error:
            services.article_review(
                actor=secretariat_user, article=article, changes={}, main=f"b{pk}", save=False
            )
        messages.add(error.value.message_dict["main"][0])
    assert len(messages) == 1


# --- 4: a batch lists what it found ingested before ------------------------------------------


def test_a_batch_lists_the_articles_ingested_before(client, secretariat_user, other_body):
    other = secretariat_of(other_body, "other")
    theirs = ingest(other, ABOUT_BODY)  # another body's: not a duplicate for us
    mine = ingest(secretariat_user, ARTICLE)
    token = make_token(secretariat_user)
    payload = {"articles": [{"text": ABOUT_BODY}, {"text": ARTICLE}, {"text": NAMING_HIDDEN}]}
    response = api_write(client, "post", "/api/v1/ingest-batches", payload, token)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["total"] == 2 and theirs.pk not in {a["id"] for a in data["articles"]}
    assert [(e["id"], e["label"]) for e in data["earlier"]] == [(mine.pk, f"已入库过 #{mine.pk}")]
    page = client.get(reverse("ingest:batch_detail", args=[data["id"]]))
    assert page.status_code == 302  # signed out
    client.force_login(secretariat_user)
    page = client.get(reverse("ingest:batch_detail", args=[data["id"]]))
    assert f"已入库过 #{mine.pk}" in page.content.decode()


def test_an_earlier_article_the_reader_cannot_see_is_named_without_its_id(
    secretariat_user, other_body
):
    other = secretariat_of(other_body, "other")
    theirs = ingest(other, ABOUT_BODY)
    batch, _articles = services.batch_submit(
        actor=secretariat_user, submissions=[services.Submission(text=ARTICLE)], enqueue=False
    )
    batch.earlier.add(theirs)  # say the article moved to another body since
    (entry,) = selectors.batch_earlier(actor=secretariat_user, batch=batch)
    assert entry.id is None and entry.title == "" and entry.label == "已被其他用户入库"


# --- 5: a failed address is tried again ------------------------------------------------------


def test_an_address_that_failed_is_processed_again_when_submitted_again(client, admin_user):
    with serve_pages({}) as base:
        url = f"{base}/later.html"
        failed = ingest(admin_user, "", url=url)
        assert failed.status == Article.Status.FAILED
        again = ingest(admin_user, "", url=url)  # still not there: fails again, same article
        assert again.pk == failed.pk and again.status == Article.Status.FAILED
        token = make_token(admin_user)
        response = api_write(
            client, "post", "/api/v1/articles", {"url": url, "text": ARTICLE}, token
        )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["id"] == failed.pk and data["status"] == "pending" and data["error"] == ""
    assert data["proposals"]


def test_a_failed_address_in_a_batch_is_processed_in_that_batch(admin_user):
    with serve_pages({}) as base:
        failed = ingest(admin_user, "", url=f"{base}/x.html")
    batch, _articles = services.batch_submit(
        actor=admin_user,
        submissions=[services.Submission(url=failed.source_url, text=ARTICLE)],
        enqueue=False,
    )
    assert batch.total == 1 and not batch.earlier.exists()
    services.batch_run(batch_id=batch.pk)
    failed.refresh_from_db()
    assert failed.batch_id == batch.pk and failed.status == Article.Status.PENDING


# --- minor: the API's documented answers and the size of a text ------------------------------


def test_the_queue_documents_that_it_refuses_a_user_who_may_not_ingest(client, contact_user):
    response = client.get("/api/v1/articles", headers=bearer(make_token(contact_user)))
    assert response.status_code == 403
    schema = client.get("/api/v1/openapi.json").json()
    assert "403" in schema["paths"]["/api/v1/articles"]["get"]["responses"]


def test_a_text_over_the_size_limit_is_refused_naming_the_limit(client, admin_user):
    huge = "news " * (5 * 1024 * 1024 // 5 + 1)
    response = api_write(client, "post", "/api/v1/articles", {"text": huge}, make_token(admin_user))
    error = assert_error(response, 422, "text")
    assert "5 MB" in str(error)
    assert not Article.objects.exists()


def test_a_name_typed_with_half_width_brackets_finds_the_registered_unit(db):
    from chanjiao.ingest.selectors import record_by_name
    from chanjiao.registry.models import Organization
    from chanjiao.registry.tests.factories import OrganizationFactory

    unit = OrganizationFactory(name="江西机电职业技术学院（南昌）", aliases="江西机电（南昌）")
    assert record_by_name(Organization, "江西机电职业技术学院(南昌)") == unit
    assert record_by_name(Organization, "江西机电(南昌)") == unit
