"""The yearly collection's pages: open a round, fill a form online and by .xlsx, return, lock."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from chanjiao.core.testing import bearer, make_xlsx
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory
from chanjiao.reports.models import CollectionForm, CollectionRound, Indicator

LIST = reverse("collection_list")


@pytest.fixture
def opened(client, body, member_org, secretariat_user):
    MembershipFactory(body=body, organization=member_org)
    MembershipFactory(body=body, organization=OrganizationFactory(kind="enterprise"))
    client.force_login(secretariat_user)
    response = client.post(LIST, {"body": body.pk, "year": 2024, "deadline": "2025-03-31"})
    round_ = CollectionRound.objects.get()
    assert response.url == reverse("collection_round", args=[round_.pk])
    client.logout()
    return round_


def _all_school_values(value="3"):
    return {i.code: value for i in Indicator.objects.filter(source="school")}


def test_a_secretariat_opens_a_round_from_the_page_and_sees_its_forms(
    client, opened, member_org, secretariat_user
):
    client.force_login(secretariat_user)
    page = client.get(reverse("collection_round", args=[opened.pk])).content.decode()
    assert member_org.name in page and "由记录计算" in page
    assert "成员单位数" in page and "提醒未提交单位" in page
    opened.forms.update(status=CollectionForm.Status.SUBMITTED)  # every unit has answered
    page = client.get(reverse("collection_round", args=[opened.pk])).content.decode()
    assert (
        "提醒未提交单位" not in page and reverse("collection_remind", args=[opened.pk]) not in page
    )


def test_a_contact_sees_its_form_waiting_and_the_errors_of_what_it_typed(
    client, opened, member_org, contact_user
):
    client.force_login(contact_user)
    form = opened.forms.get(organization=member_org)
    assert reverse("collection_form", args=[form.pk]) in client.get(LIST).content.decode()
    url = reverse("collection_form", args=[form.pk])
    wrong = client.post(url, {**_all_school_values(), "order_classes": "2.5", "action": "submit"})
    assert wrong.status_code == 400
    assert "须为整数" in wrong.content.decode()
    form.refresh_from_db()
    assert form.status == "draft" and not form.values.exists()
    done = client.post(url, {**_all_school_values(), "action": "submit"})
    assert done.status_code == 302
    form.refresh_from_db()
    assert form.status == "submitted" and form.values.count() == len(_all_school_values())
    # With nothing left to upload or start, the pages use the whole width (no empty column).
    for page in (client.get(url), client.get(LIST)):
        html = page.content.decode()
        assert '<div class="col-12">' in html and 'class="col-lg-4"' not in html


def test_another_units_contact_cannot_open_the_form(client, opened, member_org, other_contact_user):
    client.force_login(other_contact_user)
    form = opened.forms.get(organization=member_org)
    assert client.get(reverse("collection_form", args=[form.pk])).status_code == 404


def test_a_form_filled_in_its_workbook_is_read_back_all_or_nothing(
    client, opened, member_org, contact_user
):
    client.force_login(contact_user)
    form = opened.forms.get(organization=member_org)
    template = client.get(reverse("collection_form_template", args=[form.pk]))
    rows = list(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("代码", "指标", "单位", "数值")
    filled = [rows[0]] + [(code, name, unit, 7) for code, name, unit, _v in rows[1:]]
    upload = reverse("collection_form_upload", args=[form.pk])

    bad = [*filled[:-1], (filled[-1][0], filled[-1][1], filled[-1][2], "七")]
    file = SimpleUploadedFile("表.xlsx", make_xlsx(bad))
    page = client.post(upload, {"file": file}, follow=True).content.decode()
    assert "文件未导入" in page and "不是数字" in page
    assert not form.values.exists()

    file = SimpleUploadedFile("表.xlsx", make_xlsx(filled))
    client.post(upload, {"file": file})
    assert form.values.count() == len(filled) - 1
    assert {v.value for v in form.values.all()} == {7}


def test_the_secretariat_returns_a_submitted_form_and_locks_the_round(
    client, opened, member_org, contact_user, secretariat_user
):
    form = opened.forms.get(organization=member_org)
    client.force_login(contact_user)
    url = reverse("collection_form", args=[form.pk])
    client.post(url, {**_all_school_values(), "action": "submit"})
    client.force_login(secretariat_user)
    client.post(reverse("collection_form_return", args=[form.pk]), {"reason": "数值有误"})
    form.refresh_from_db()
    assert form.status == "returned"
    client.force_login(contact_user)
    assert "数值有误" in client.get(url).content.decode()
    client.force_login(secretariat_user)
    client.post(reverse("collection_lock", args=[opened.pk]))
    opened.refresh_from_db()
    assert opened.status == "locked"
    client.force_login(contact_user)
    assert client.post(url, {**_all_school_values(), "action": "save"}).status_code == 404
    assert CollectionForm.objects.get(pk=form.pk).status == "returned"


def test_round_hundreds_read_as_people_write_them_in_the_form_and_on_the_pages(
    client, opened, member_org, contact_user, secretariat_user, supervisor_user
):
    """A value of 1200 read back as ``1.2E+3`` (``Decimal.normalize``) in the form's box, the
    round's totals and the submitted form; it reads 1200 in the box and 1,200 on the pages."""
    form = opened.forms.get(organization=member_org)
    url = reverse("collection_form", args=[form.pk])
    client.force_login(supervisor_user)  # reads the form before anything is filled in
    empty = client.get(url)
    assert empty.status_code == 200 and '<td class="text-end">—</td>' in empty.content.decode()
    client.force_login(contact_user)
    values = {**_all_school_values(), "order_students": "1200"}
    client.post(url, {**values, "action": "save"})
    box = client.get(url).content.decode()
    assert 'value="1200"' in box and "E+" not in box
    client.post(url, {**values, "action": "submit"})
    submitted = client.get(url).content.decode()
    # Submitted, the form is read as a table of its values, not as a form without a button.
    assert "1,200" in submitted and "E+" not in submitted
    assert 'name="action"' not in submitted and "<input" not in submitted.split("<main")[-1]
    client.force_login(secretariat_user)
    totals = client.get(reverse("collection_round", args=[opened.pk])).content.decode()
    assert "1,200" in totals and "E+" not in totals


def test_a_plan_target_names_its_figure_without_an_exponent():
    from decimal import Decimal

    from chanjiao.reports.models import PlanTarget

    target = PlanTarget(year=2025, label="订单班学生", target=Decimal("1200.00"))
    assert str(target) == "2025 订单班学生 ≥ 1200"


def _shown(page: str) -> dict:
    """The values form's boxes and hidden fields as the page shows them (what a browser sends)."""
    data = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name = re.search(r'\bname="(\w+)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            data[name.group(1)] = value.group(1) if value else ""
    return data


def test_a_colleagues_values_entered_since_the_page_opened_are_not_undone_unseen(
    client, opened, member_org, contact_user, secretariat_user, secretariat_token
):
    """The form page sends every box: a page opened before a colleague saved would put back the
    old values. It is refused once, naming who changed it; saving again overwrites. The API's
    PUT of values does the same with If-Match."""
    form = opened.forms.get(organization=member_org)
    url = reverse("collection_form", args=[form.pk])
    client.force_login(contact_user)
    stale = _shown(client.get(url).content.decode())  # opened, but not yet saved
    assert stale["seen_version"]

    colleague = Client()
    colleague.force_login(secretariat_user)
    theirs = _shown(colleague.get(url).content.decode())
    assert (
        colleague.post(url, {**theirs, "order_classes": "7", "action": "save"}).status_code == 302
    )

    refused = client.post(url, {**stale, "order_students": "120", "action": "save"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "secretariat" in page and "再次保存将覆盖" in page
    assert 'value="120"' in page  # what was typed is kept
    assert {v.indicator.code: v.value for v in form.values.all()} == {"order_classes": 7}

    again = _shown(page)
    assert client.post(url, {**again, "action": "save"}).status_code == 302
    assert form.values.get(indicator__code="order_students").value == 120

    path = f"/api/v1/collection-rounds/{opened.pk}/forms/{form.pk}"
    version = client.get(path)["ETag"]
    assert (
        colleague.post(
            url,
            {**_shown(colleague.get(url).content.decode()), "action": "save", "order_classes": "8"},
        ).status_code
        == 302
    )
    headers = {**bearer(secretariat_token), "If-Match": version}
    body = {"values": {"order_classes": 9}}
    put = client.put(f"{path}/values", body, "application/json", headers=headers)
    assert put.status_code == 412 and "重新读取" in put.json()["detail"]
    fresh = client.get(path)["ETag"]
    put = client.put(
        f"{path}/values", body, "application/json", headers={**headers, "If-Match": fresh}
    )
    assert put.status_code == 200 and put["ETag"] != fresh
