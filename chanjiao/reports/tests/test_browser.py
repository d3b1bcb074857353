"""The yearly collection in a real browser: a secretariat opens a round, a school's contact
fills its form online (one wrong value fixed on the way), an enterprise's contact returns its
form as the .xlsx it downloaded, and the secretariat locks the round."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import Workbook, load_workbook

from chanjiao.core.testing import BROWSER_TEST, browser_login
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.reports.documents import number
from chanjiao.reports.models import CollectionRound, Indicator

pytestmark = BROWSER_TEST


@pytest.mark.django_db(transaction=True)
def test_a_round_from_opening_to_lock_in_the_browser(live_server, page, body, tmp_path):
    school = OrganizationFactory(name="成都工贸职业技术学院", kind="vocational_college")
    firm = OrganizationFactory(name="成都数控装备有限公司", kind="enterprise")
    MembershipFactory(body=body, organization=school)
    MembershipFactory(body=body, organization=firm)
    BodyRoleFactory(user=UserFactory(username="mishu"), body=body)
    OrganizationContactFactory(user=UserFactory(username="xuexiao"), organization=school)
    OrganizationContactFactory(user=UserFactory(username="qiye"), organization=firm)

    # The secretariat opens the 2024 round.
    browser_login(page, live_server.url, "mishu")
    page.get_by_role("button", name="年度工作").click()  # the top navigation's menu
    page.get_by_role("link", name="年度填报").click()
    page.select_option("select[name=body]", str(body.pk))
    page.fill("input[name=year]", "2024")
    page.get_by_role("button", name="发起").click()
    page.wait_for_url("**/collection/*/")
    round_ = CollectionRound.objects.get(body=body, year=2024)
    assert page.get_by_text("已提交 0 / 2").is_visible()
    page.context.clear_cookies()

    # The school fills its form online: a fraction of a class is refused, then fixed.
    browser_login(page, live_server.url, "xuexiao")
    page.goto(live_server.url + reverse("collection_list"))
    page.get_by_role("link", name=school.name).click()
    codes = list(Indicator.objects.filter(source="school").values_list("code", flat=True))
    for code in codes:
        page.fill(f"input[name={code}]", "12")
    page.fill("input[name=order_classes]", "2.5")
    page.get_by_role("button", name="保存并提交").click()
    assert page.get_by_text("须为整数").first.is_visible()
    page.fill("input[name=order_classes]", "3")
    page.get_by_role("button", name="保存并提交").click()
    assert page.get_by_text("已提交，秘书处将审核。").is_visible()
    page.context.clear_cookies()

    # The enterprise downloads its form, fills the 数值 column offline and uploads it.
    browser_login(page, live_server.url, "qiye")
    form = round_.forms.get(organization=firm)
    page.goto(live_server.url + reverse("collection_form", args=[form.pk]))
    with page.expect_download() as download:
        page.get_by_role("link", name="下载填报表（.xlsx）").click()
    path = tmp_path / "form.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    filled = Workbook()
    for n, row in enumerate(sheet.iter_rows(values_only=True)):
        filled.active.append(list(row[:3]) + [row[3] if n == 0 else 40])
    filled.save(path)
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传", exact=True).click()
    assert page.get_by_text("已从文件读入").is_visible()
    page.get_by_role("button", name="保存并提交").click()
    assert page.get_by_text("已提交，秘书处将审核。").is_visible()
    page.context.clear_cookies()

    # The secretariat sees both submitted, the totals, and locks the round.
    browser_login(page, live_server.url, "mishu")
    page.goto(live_server.url + reverse("collection_round", args=[round_.pk]))
    assert page.get_by_text("已提交 2 / 2").is_visible()
    page.get_by_role("button", name="锁定").click()
    assert page.get_by_text("已锁定本轮填报。").is_visible()
    round_.refresh_from_db()
    assert round_.status == "locked"
    totals = {
        v.indicator.code: v.value
        for v in round_.forms.get(organization=firm).values.select_related("indicator")
    }
    assert set(totals.values()) == {40}

    # The annual report: the .docx and the PDF carry the figures the API gives.
    page.get_by_role("link", name="年度工作报告").click()
    page.wait_for_url(f"**/bodies/{body.pk}/report/2024/")
    api = page.request.get(f"{live_server.url}/api/v1/bodies/{body.pk}/annual-report?year=2024")
    figures = api.json()["indicators"]
    with page.expect_download() as download:
        page.get_by_role("link", name="Word (.docx)").click()
    docx = tmp_path / "report.docx"
    download.value.save_as(docx)
    rows = {
        row.cells[0].text: row.cells[2].text
        for table in Document(str(docx)).tables
        for row in table.rows
        if len(row.cells) == 5  # the indicators: name, unit, this year, last year, change
    }
    for code in ("members_total", "order_students", "internship_positions"):
        figure = figures[code]
        assert rows[figure["name"]] == number(figure["value"] and Decimal(figure["value"]))
    assert rows["订单培养人数"] == "12" and rows["提供实习岗位数"] == "40"
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
