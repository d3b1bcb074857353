"""A council meeting in a real browser: the secretariat calls it, records attendance and puts an
admission to the vote; two representatives vote from their own sessions; the secretariat's
page shows the tally move, the close admits the unit, the new member is on the body page and
the minutes download."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from chanjiao.core.testing import BROWSER_TEST, browser_login, second_session
from chanjiao.registry.models import Membership
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = BROWSER_TEST


@pytest.mark.django_db(transaction=True)
def test_a_council_meeting_in_the_browser(live_server, page, body, tmp_path):
    seats = {"chair": "理事长单位学院", "vice": "副理事长单位集团", "director": "理事单位公司"}
    roles = {"chair": "chair", "vice": "vice_chair", "director": "director"}
    for key, name in seats.items():
        org = OrganizationFactory(name=name)
        MembershipFactory(body=body, organization=org, role=roles[key],
                          since=datetime.date(2024, 1, 1))  # fmt: skip
        OrganizationContactFactory(user=UserFactory(username=f"rep-{key}"), organization=org)
    applicant = OrganizationFactory(name="申请加入科技有限公司")
    BodyRoleFactory(user=UserFactory(username="mishu"), body=body)

    # The secretariat calls the meeting from the body's page.
    browser_login(page, live_server.url, "mishu")
    page.goto(live_server.url + reverse("registry:body_detail", args=[body.pk]))
    page.get_by_role("link", name="会议与决议").click()
    page.select_option("#id_organ", "council")
    page.fill("#id_title", "一届三次理事会")
    page.fill("#id_date", "2025-06-18")
    page.get_by_role("button", name="创建").click()
    page.wait_for_url("**/governance/meetings/*/")
    meeting_url = page.url

    # Attendance: the three council units are present.
    for name in seats.values():
        row = page.locator("#attendance li", has_text=name)
        row.get_by_role("button", name="出席", exact=True).click()
        page.wait_for_load_state()
    assert "出席 3 / 3" in page.locator("#attendance").inner_text()

    # The admission goes on the agenda and to the vote.
    page.select_option("#id_decision_type", "admission")
    page.fill("#id_title", "关于吸收申请加入科技有限公司为成员单位的议案")
    page.select_option("#id_admits", label=applicant.name)
    page.get_by_role("button", name="添加议案").click()
    page.get_by_role("button", name="开始表决").click()
    tally = page.locator(".tally").first
    assert "赞成 0" in tally.inner_text()

    # Two representatives vote from their own sessions.
    for key in ("chair", "vice"):
        rep = second_session(page, live_server.url, f"rep-{key}")
        rep.goto(meeting_url)
        rep.get_by_role("button", name="赞成").click()
        rep.wait_for_load_state()
        assert "已投票" in rep.content()
        rep.context.close()

    # The secretariat's page follows the tally without a reload.
    page.wait_for_function(
        "document.querySelector('.tally').innerText.includes('赞成 2')", timeout=15_000
    )
    assert "目前可通过" in page.locator(".tally").first.inner_text()
    page.get_by_role("button", name="结束表决并形成决议").click()
    page.wait_for_load_state()
    assert "第 1 号决议" in page.locator(".tally").first.inner_text()
    assert Membership.objects.filter(body=body, organization=applicant).exists()

    # The new member is on the body's page; the minutes download.
    page.goto(live_server.url + reverse("registry:body_detail", args=[body.pk]))
    assert applicant.name in page.content()
    page.goto(meeting_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="会议纪要 (.docx)").click()
    path = tmp_path / "minutes.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "第 1 号决议：通过" in text and "赞成 2" in text
