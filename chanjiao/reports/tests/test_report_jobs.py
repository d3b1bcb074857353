"""A large annual report is written by the job worker (报告生成任务): queued from the report
page, followed step by step on a progress page, downloaded by its readers only; a failure
ends the job with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse
from docx import Document

from chanjiao.core.testing import run_task_worker
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory
from chanjiao.reports import report_jobs
from chanjiao.reports.models import ReportJob


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_a_large_report_is_written_by_the_worker_with_its_progress(
    client, body, secretariat_user, other_secretariat_user, contact_user, media, monkeypatch
):
    for i in range(3):
        MembershipFactory(body=body, organization=OrganizationFactory(name=f"成员单位{i}"))
    page_url = reverse("annual_report", args=[body.pk, 2024])
    client.force_login(secretariat_user)
    page = client.get(page_url).content.decode()
    assert reverse("annual_report_download", args=[body.pk, 2024, "pdf"]) in page  # small
    monkeypatch.setattr(report_jobs, "LARGE_REPORT", 2)  # three members make it "large"
    page = client.get(page_url).content.decode()
    create = reverse("report_job_create", args=[body.pk, 2024, "pdf"])
    assert f'action="{create}"' in page

    response = client.post(create)
    job = ReportJob.objects.get()
    assert response.headers["Location"] == reverse("report_job", args=[job.pk])
    assert (job.status, job.done, job.total, job.created_by) == ("queued", 0, 3, secretariat_user)
    progress = client.get(reverse("report_job", args=[job.pk]), {"partial": "progress"})
    assert 'hx-trigger="every 1s"' in progress.content.decode()  # polls while queued

    run_task_worker()

    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert (job.done, job.total, job.attempts) == (3, 3, 1)
    page = client.get(reverse("report_job", args=[job.pk])).content.decode()
    download = reverse("report_job_download", args=[job.pk])
    assert download in page and "hx-trigger" not in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]

    for user in (other_secretariat_user, contact_user):
        client.force_login(user)
        assert client.get(download).status_code == 404
        assert client.get(reverse("report_job", args=[job.pk])).status_code == 404
        assert client.post(create).status_code in (403, 404)
    client.logout()
    assert client.get(download).status_code == 302  # to sign in


@pytest.mark.django_db(transaction=True)
def test_a_report_that_cannot_be_written_ends_failed_with_a_readable_reason(
    body, secretariat_user, media, monkeypatch
):
    def broken(report, charts):
        raise RuntimeError("字体缺失")

    monkeypatch.setitem(report_jobs.WRITERS, ReportJob.Format.DOCX, broken)
    job = report_jobs.report_job_start(actor=secretariat_user, body=body, year=2024, format="docx")
    run_task_worker()
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    # The reader is told in words; the exception's own text stays in the log.
    assert job.error == "报告生成失败：系统出错，请稍后重试；如仍失败，请联系平台管理员。"
    assert job.phase == ReportJob.Phase.WRITING and job.done == 2  # how far it got


@pytest.mark.django_db(transaction=True)
def test_a_report_job_is_written_in_the_language_of_the_page_that_asked(
    body, secretariat_user, media
):
    from django.utils import translation

    with translation.override("en"):
        job = report_jobs.report_job_start(
            actor=secretariat_user, body=body, year=2024, format="docx"
        )
    assert job.language == "en"
    run_task_worker()  # in the worker's default language (Chinese)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    doc = Document(job.file.open("rb"))
    title = doc.paragraphs[0].text
    assert title == f"{body.name}: annual work report 2024"
