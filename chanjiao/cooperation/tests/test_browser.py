"""Cooperation followed through in a real browser: the body's secretariat records a carrier's
milestone with an evidence file on the carrier page and sees it on the timeline; then renews an
agreement and sees the new one linked to the old."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chanjiao.cooperation.models import Agreement, CarrierMilestone
from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.core.testing import BROWSER_TEST, browser_login, screenshot
from chanjiao.registry.tests.factories import BodyRoleFactory, OrganizationFactory, UserFactory

pytestmark = BROWSER_TEST


@pytest.mark.django_db(transaction=True)
def test_milestone_with_evidence_and_a_renewal_in_the_browser(
    live_server, page, body, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    BodyRoleFactory(user=UserFactory(username="mishu"), body=body)
    school = OrganizationFactory(name="成都工贸职业技术学院", kind="vocational_college")
    company = OrganizationFactory(name="成都数控机床有限公司", kind="enterprise")
    carrier = CarrierFactory(name="数控技术产业学院", body=body, owners=[school, company])
    agreement = AgreementFactory(
        title="共建数控技术产业学院协议", body=body, parties=[school, company],
        status="in_force", starts_on=datetime.date(2022, 9, 1),
        ends_on=timezone.localdate() + datetime.timedelta(days=20),
    )  # fmt: skip
    evidence = tmp_path / "实训基地验收报告.pdf"
    evidence.write_bytes(b"%PDF-1.4 acceptance report")

    browser_login(page, live_server.url, "mishu")

    # The carrier page: record that the training base was built, with the acceptance report.
    page.goto(live_server.url + reverse("cooperation:carrier_detail", args=[carrier.pk]))
    assert "筹建中" in page.get_by_test_id("carrier-state").inner_text()
    page.get_by_role("link", name="登记里程碑").click()
    page.select_option("#id_kind", "base_built")
    page.fill("#id_done_on", "2024-06-30")
    page.fill("#id_note", "实训基地通过验收")
    page.set_input_files("#id_evidence", str(evidence))
    screenshot(page, "cooperation-1-milestone")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/cooperation/carriers/{carrier.pk}/#milestones")
    done = page.get_by_test_id("milestones-done")
    assert "基地建成" in done.inner_text() and "实训基地通过验收" in done.inner_text()
    assert "运行中" in page.get_by_test_id("carrier-state").inner_text()
    screenshot(page, "cooperation-2-timeline")
    with page.expect_download() as download:
        done.get_by_role("link", name="实训基地验收报告.pdf").click()
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == b"%PDF-1.4 acceptance report"
    milestone = CarrierMilestone.objects.get(carrier=carrier)
    assert milestone.evidence_name == "实训基地验收报告.pdf"

    # The agreement is about to end: renew it for three more years.
    page.goto(live_server.url + reverse("cooperation:agreement_detail", args=[agreement.pk]))
    page.get_by_role("link", name="续签").click()
    page.fill("#id_starts_on", (agreement.ends_on + datetime.timedelta(days=1)).isoformat())
    page.fill("#id_ends_on", (agreement.ends_on + datetime.timedelta(days=3 * 365)).isoformat())
    screenshot(page, "cooperation-3-renew")
    page.get_by_role("button", name="保存").click()
    new = Agreement.objects.get(renewed_from=agreement)
    page.wait_for_url(f"**/cooperation/agreements/{new.pk}/")
    assert page.get_by_test_id("renewed-from").inner_text() == agreement.title
    chain = page.get_by_test_id("renewal-chain")
    assert chain.get_by_role("link", name=agreement.title).is_visible()
    screenshot(page, "cooperation-4-renewed")
    chain.get_by_role("link", name=agreement.title).click()
    page.wait_for_url(f"**/cooperation/agreements/{agreement.pk}/")
    assert page.get_by_test_id("agreement-status").inner_text() == "已续签"
