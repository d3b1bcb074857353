"""The review queue's services: submit, process and link, review, save, batches."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import run_task_worker
from chanjiao.events.models import AgendaItem, Event, EventOrganization
from chanjiao.ingest import services
from chanjiao.ingest.models import Article, IngestBatch, Proposal
from chanjiao.registry.models import (
    Body,
    DeclaredCount,
    Membership,
    Organization,
    Person,
    Position,
)
from chanjiao.registry.tests.factories import OrganizationFactory, PersonFactory

from .helpers import ARTICLE, as_html_page, serve_pages

REGISTRY = (
    Body,
    Organization,
    Person,
    Position,
    Membership,
    DeclaredCount,
    Event,
    EventOrganization,
    AgendaItem,
    Carrier,
    Agreement,
)


def registry_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in REGISTRY}


def ingest(actor, text=ARTICLE, **kwargs) -> Article:
    article, created = services.article_submit(
        actor=actor, submission=services.Submission(text=text, **kwargs)
    )
    assert created
    return services.article_process(article_id=article.pk)


def by_kind(article: Article, kind: str) -> list[Proposal]:
    return list(article.proposals.filter(kind=kind).order_by("order"))


# --- submitting -------------------------------------------------------------------------------


def test_the_same_text_submitted_twice_is_one_article(admin_user):
    first = ingest(admin_user)
    again, created = services.article_submit(
        actor=admin_user, submission=services.Submission(text="  " + ARTICLE.replace("\n", "\r\n"))
    )
    assert not created and again.pk == first.pk
    assert Article.objects.count() == 1


def test_the_same_address_submitted_twice_is_one_article(admin_user):
    url = "https://news.example.edu.cn/a/1.html"
    first, created = services.article_submit(
        actor=admin_user, submission=services.Submission(url=url, text=ARTICLE)
    )
    again, created_again = services.article_submit(
        actor=admin_user, submission=services.Submission(url=url)
    )
    assert created and not created_again and again.pk == first.pk


def test_an_address_that_is_not_http_is_refused_with_a_reason(admin_user):
    with pytest.raises(ValidationError) as exc:
        services.article_submit(actor=admin_user, submission=services.Submission(url="ftp://x/y"))
    assert "http" in str(exc.value)
    assert not Article.objects.exists()


def test_an_address_longer_than_the_field_is_refused_not_cut(admin_user):
    url = "https://news.example.edu.cn/" + "a" * 600
    with pytest.raises(ValidationError) as exc:
        services.article_submit(actor=admin_user, submission=services.Submission(url=url))
    assert "500" in str(exc.value)


def test_a_user_without_a_secretariat_may_not_ingest(plain_user):
    with pytest.raises(PermissionDenied):
        services.article_submit(actor=plain_user, submission=services.Submission(text=ARTICLE))


# --- processing and linking -------------------------------------------------------------------


def test_processing_proposes_every_record_with_where_it_was_found(admin_user):
    article = ingest(admin_user)
    assert article.status == Article.Status.PENDING
    assert article.title == "闽江智能装备职业教育集团成立大会在福州举行"
    kinds = {p.kind for p in article.proposals.all()}
    assert kinds == {k.value for k in Proposal.Kind}
    for p in article.proposals.exclude(kind=Proposal.Kind.AGREEMENT):
        assert p.spans, p
        start, end = p.spans[0]
        assert 0 <= start < end <= len(article.text)
    [org] = [p for p in by_kind(article, "organization") if p.data["name"] == "福建省教育厅"]
    assert article.text[org.spans[0][0] : org.spans[0][1]] == "福建省教育厅"
    agenda = {(p.data["person"], p.data["kind"]) for p in by_kind(article, "agenda")}
    assert agenda == {("林海峰", "speech"), ("陈志远", "presiding")}


def test_attendance_is_proposed_on_the_event_and_its_count_dropped_by_default(admin_user):
    article = ingest(admin_user)
    [event] = by_kind(article, "event")
    assert event.data["attendance"] == 200
    counts = {p.data["subject"]: p.decision for p in by_kind(article, "count")}
    assert counts["首批成员单位"] == "create"
    assert [d for s, d in counts.items() if "出席" in s] == ["drop"]


def test_an_existing_organisation_is_linked_exactly_and_a_new_one_proposed(admin_user):
    school = OrganizationFactory(name="福州软件职业技术学院", kind="vocational_college")
    article = ingest(admin_user)
    orgs = {p.data["name"]: p for p in by_kind(article, "organization")}
    assert orgs["福州软件职业技术学院"].decision == "link"
    assert orgs["福州软件职业技术学院"].target_id == school.pk
    assert orgs["福州软件职业技术学院"].confidence == 1.0
    assert orgs["闽江港务集团有限公司"].decision == "create"
    assert orgs["闽江港务集团有限公司"].target_id is None


def test_an_alias_links_to_the_registered_organisation(admin_user):
    port = OrganizationFactory(name="福建闽江港务集团股份有限公司", aliases="闽江港务集团有限公司")
    article = ingest(admin_user)
    [p] = [p for p in by_kind(article, "organization") if p.data["name"] == "闽江港务集团有限公司"]
    assert (p.decision, p.target_id, p.method) == ("link", port.pk, "alias")


def test_a_namesake_in_another_organisation_is_only_a_suggestion(admin_user):
    elsewhere = OrganizationFactory(name="厦门某某职业学院")
    namesake = PersonFactory(name="林海峰")
    Position.objects.create(person=namesake, organization=elsewhere, title="教师")
    article = ingest(admin_user)
    [p] = [p for p in by_kind(article, "person") if p.data["name"] == "林海峰"]
    assert p.decision == "create"
    assert p.candidates and p.candidates[0]["id"] == namesake.pk
    assert p.candidates[0]["confidence"] < 0.9


# --- saving -----------------------------------------------------------------------------------


def test_saving_writes_every_record_with_roles_positions_agenda_and_the_source(admin_user):
    article = ingest(admin_user, url="https://news.example.edu.cn/a/2.html")
    result = services.article_save(actor=admin_user, article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.SAVED and article.reviewed_by == admin_user

    body = Body.objects.get(name="闽江智能装备职业教育集团")
    assert body.kind == "vocational_education_group" and article.body == body
    event = Event.objects.get(name="闽江智能装备职业教育集团成立大会")
    assert article.event == event
    assert event.starts_on.isoformat() == "2024-05-08" and event.attendance == 200
    assert event.source_url == "https://news.example.edu.cn/a/2.html"
    assert list(event.bodies.all()) == [body]
    roles = set(EventOrganization.objects.values_list("organization__name", "role"))
    assert ("福建省教育厅", "guide") in roles and ("福州软件职业技术学院", "organizer") in roles
    assert Membership.objects.filter(
        body=body, organization__name="福州软件职业技术学院", role="initiator"
    ).exists()
    position = Position.objects.get(person__name="林海峰")
    assert (position.organization.name, position.title) == ("福州软件职业技术学院", "党委书记")
    assert position.source == "https://news.example.edu.cn/a/2.html"
    agenda = set(AgendaItem.objects.values_list("speaker__name", "kind", "speaker_title"))
    assert agenda == {("林海峰", "speech", "党委书记"), ("陈志远", "presiding", "校长")}
    assert DeclaredCount.objects.get(body=body, label="首批成员单位").value == 66
    assert not DeclaredCount.objects.filter(value=200).exists()
    carrier = Carrier.objects.get(name="智慧港口产业学院")
    assert carrier.kind == "industry_college" and carrier.body == body
    agreement = Agreement.objects.get()
    assert agreement.event == event and agreement.kind == "school_enterprise_cooperation"
    assert set(agreement.parties.values_list("name", flat=True)) == {
        "福州软件职业技术学院",
        "闽江港务集团有限公司",
    }
    assert result.created["organization"] == 3 and result.changed
    # every registry write is in the change log, by the reviewer, from this article
    changes = ObjectChange.objects.filter(source=f"ingest:{article.pk}")
    assert changes.filter(content_type__model="organization").count() == 3
    assert changes.filter(content_type__model="event", action="create").count() == 1
    assert set(changes.values_list("actor", flat=True)) == {admin_user.pk}


def test_saving_an_article_again_is_refused(admin_user):
    article = ingest(admin_user)
    services.article_save(actor=admin_user, article=article)
    with pytest.raises(ValidationError):
        services.article_save(actor=admin_user, article=article)


def test_the_same_article_as_a_page_changes_nothing_the_second_time(admin_user):
    services.article_save(actor=admin_user, article=ingest(admin_user))
    before = registry_counts()
    page = as_html_page(ARTICLE, title="闽江智能装备职业教育集团成立大会在福州举行")
    with serve_pages({"/news/1.html": page.encode()}) as base:
        article, created = services.article_submit(
            actor=admin_user, submission=services.Submission(url=f"{base}/news/1.html")
        )
        article = services.article_process(article_id=article.pk)
    assert created
    if article.status == Article.Status.PENDING:  # a different main text: review, link, save
        assert all(
            p.decision in ("link", "drop")
            for p in article.proposals.exclude(kind__in=["agenda", "count", "agreement"])
        )
        result = services.article_save(actor=admin_user, article=article)
        assert not result.changed
    else:
        assert article.status == Article.Status.DUPLICATE
    assert registry_counts() == before


def test_a_refused_save_writes_nothing_and_says_which_proposal(admin_user):
    article = ingest(admin_user)
    [person] = [p for p in by_kind(article, "person") if p.data["name"] == "林海峰"]
    before = registry_counts()
    with pytest.raises(ValidationError) as exc:
        services.article_review(
            actor=admin_user,
            article=article,
            changes={person.pk: {"data": {"organization": "不存在的单位"}}},
        )
    assert "不存在的单位" in " ".join(exc.value.messages)
    assert registry_counts() == before
    article.refresh_from_db()
    person.refresh_from_db()
    assert article.status == Article.Status.PENDING
    assert person.data["organization"] == "福州软件职业技术学院"  # the edit was rolled back too


def test_a_reviewer_fixes_links_and_drops_before_saving(admin_user):
    school = OrganizationFactory(name="榕城信息职业学院", kind="vocational_college")
    article = ingest(admin_user)
    orgs = {p.data["name"]: p for p in by_kind(article, "organization")}
    [carrier] = by_kind(article, "carrier")
    [chen] = [p for p in by_kind(article, "person") if p.data["name"] == "陈志远"]
    services.article_review(
        actor=admin_user,
        article=article,
        changes={
            orgs["福州软件职业技术学院"].pk: {"decision": "link", "target_id": school.pk},
            carrier.pk: {"decision": "drop"},
            chen.pk: {"data": {"title": "党委副书记、校长"}},
        },
    )
    assert not Organization.objects.filter(name="福州软件职业技术学院").exists()
    assert not Carrier.objects.exists()
    assert Position.objects.get(person__name="陈志远").title == "党委副书记、校长"
    assert Position.objects.get(person__name="陈志远").organization == school
    assert set(Agreement.objects.get().parties.all()) == {
        school,
        Organization.objects.get(name="闽江港务集团有限公司"),
    }
    # the proposal edits are in the change log too
    assert ObjectChange.objects.filter(content_type__model="proposal").count() == 3


def test_a_secretariat_saves_an_article_about_their_own_body(secretariat_user, body):
    article = ingest(secretariat_user)
    bodies = by_kind(article, "body")
    result = services.article_review(
        actor=secretariat_user,
        article=article,
        changes={bodies[0].pk: {"decision": "drop"}},
        main=f"b{body.pk}",
    )
    assert result.changed
    event = Event.objects.get()
    assert list(event.bodies.all()) == [body]
    assert DeclaredCount.objects.get(label="首批成员单位").body == body


def test_a_secretariat_cannot_file_an_article_under_another_body(secretariat_user, other_body):
    article = ingest(secretariat_user)
    bodies = by_kind(article, "body")
    before = registry_counts()
    with pytest.raises((PermissionDenied, ValidationError)):
        services.article_review(
            actor=secretariat_user,
            article=article,
            changes={bodies[0].pk: {"decision": "drop"}},
            main=f"b{other_body.pk}",
        )
    assert registry_counts() == before


@pytest.mark.parametrize("main", ["b²", "p²", "b١", "b" + "9" * 30, "x1"])
def test_a_main_choice_that_is_no_id_is_a_field_error(admin_user, main):
    # "b²" passed str.isdigit() and then failed in int(): a server error, not a field error.
    article = ingest(admin_user)
    before = registry_counts()
    with pytest.raises(ValidationError) as error:
        services.article_review(actor=admin_user, article=article, changes={}, main=main)
    assert "main" in error.value.message_dict
    assert registry_counts() == before


def test_a_discarded_article_is_kept_so_it_is_not_ingested_again(admin_user):
    article = ingest(admin_user)
    services.article_discard(actor=admin_user, article=article)
    again, created = services.article_submit(
        actor=admin_user, submission=services.Submission(text=ARTICLE)
    )
    assert not created and again.status == Article.Status.DISCARDED
    assert registry_counts() == dict.fromkeys(registry_counts(), 0)


# --- addresses and batches --------------------------------------------------------------------


def test_an_address_is_fetched_and_its_page_extracted(admin_user):
    page = as_html_page(ARTICLE, title="闽江智能装备职业教育集团成立大会在福州举行")
    with serve_pages({"/a.html": page.encode()}) as base:
        article, _ = services.article_submit(
            actor=admin_user, submission=services.Submission(url=f"{base}/a.html")
        )
        article = services.article_process(article_id=article.pk)
    assert article.status == Article.Status.PENDING and article.is_html
    assert "登录" not in article.text and "版权所有" not in article.text
    assert {p.data["name"] for p in by_kind(article, "body")} == {"闽江智能装备职业教育集团"}


def test_a_page_that_cannot_be_fetched_fails_with_the_reason(admin_user):
    with serve_pages({}) as base:
        article, _ = services.article_submit(
            actor=admin_user, submission=services.Submission(url=f"{base}/missing.html")
        )
        article = services.article_process(article_id=article.pk)
    assert article.status == Article.Status.FAILED and "404" in article.error
    assert not article.proposals.exists()


def test_an_internal_address_is_refused_unless_the_operator_allows_it(admin_user):
    page = as_html_page(ARTICLE).encode()
    with serve_pages({"/a.html": page}) as base:
        port = base.rsplit(":", 1)[1]
        with override_settings(CHANJIAO_FETCH_ALLOWED_HOSTS=[]):
            refused, _ = services.article_submit(
                actor=admin_user, submission=services.Submission(url=f"http://127.1:{port}/a.html")
            )
            refused = services.article_process(article_id=refused.pk)
        with override_settings(CHANJIAO_FETCH_ALLOWED_HOSTS=["127.0.0.0/8"]):
            allowed, _ = services.article_submit(
                actor=admin_user, submission=services.Submission(url=f"{base}/a.html")
            )
            allowed = services.article_process(article_id=allowed.pk)
    assert refused.status == Article.Status.FAILED and not refused.text
    assert port not in refused.error and "127" not in refused.error
    assert allowed.status == Article.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_batch_runs_in_the_worker_and_counts_its_progress(admin_user):
    other = ARTICLE.replace("闽江", "榕城").replace("林海峰", "黄志明")
    batch, articles = services.batch_submit(
        actor=admin_user,
        submissions=[
            services.Submission(data=ARTICLE.encode("gb18030"), name="a.txt"),
            services.Submission(data=other.encode(), name="b.txt"),
        ],
    )
    assert batch.total == 2 and batch.status == IngestBatch.Status.QUEUED
    run_task_worker()
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (IngestBatch.Status.SUCCEEDED, 2)
    statuses = set(Article.objects.filter(batch=batch).values_list("status", flat=True))
    assert statuses == {Article.Status.PENDING}
    assert Article.objects.get(original_name="a.txt").encoding == "gb18030"


def test_a_batch_with_one_bad_address_is_refused_whole(admin_user):
    with pytest.raises(ValidationError) as exc:
        services.batch_submit(
            actor=admin_user,
            submissions=[services.Submission(text=ARTICLE), services.Submission(url="mailto:x")],
        )
    assert "mailto" in str(exc.value)
    assert not Article.objects.exists() and not IngestBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_batch_cut_off_by_a_worker_restart_continues_with_what_is_left(admin_user, settings):
    settings.CHANJIAO_JOB_LEASE_SECONDS = 0  # its worker stopped beating: gone
    batch, articles = services.batch_submit(
        actor=admin_user,
        submissions=[services.Submission(text=ARTICLE), services.Submission(text=ARTICLE + "。")],
        enqueue=False,
    )
    services.article_process(article_id=articles[0].pk)  # the dead worker got this far
    IngestBatch.objects.filter(pk=batch.pk).update(status="running", done=1)
    [recovered] = services.batches_recover()
    assert recovered.pk == batch.pk
    run_task_worker()
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("succeeded", 2)
    assert Article.objects.get(pk=articles[1].pk).status == Article.Status.DUPLICATE
