"""Registration in a real browser: a unit's contact registers three people for an event with
two places (the third is waitlisted), cancels one, and the waitlisted person is promoted; the
secretariat checks the two in by typing their codes on the check-in page (a second check-in
says so and counts nothing), and the event page shows 签到 2 人."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chanjiao.core.testing import BROWSER_TEST, browser_login, keep_local
from chanjiao.events.models import Registration
from chanjiao.events.tests.conftest import in_days
from chanjiao.events.tests.factories import EventFactory, RegistrationSettingsFactory
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = BROWSER_TEST


@pytest.mark.django_db(transaction=True)
def test_register_waitlist_cancel_promote_and_check_in_in_the_browser(live_server, page, body):
    school = OrganizationFactory(name="成都工贸职业技术学院")
    MembershipFactory(body=body, organization=school)
    OrganizationContactFactory(user=UserFactory(username="school-contact"), organization=school)
    BodyRoleFactory(user=UserFactory(username="mishu"), body=body)
    event = EventFactory(
        name="2025年度产教融合论坛", starts_on=in_days(14), city="成都", bodies=[body]
    )
    RegistrationSettingsFactory(event=event, capacity=2, asked_fields=["title", "phone"])
    event_url = live_server.url + reverse("events:event_detail", args=[event.pk])
    page.on("dialog", lambda dialog: dialog.accept())  # 确定取消…的报名吗？

    # The school's contact registers three teachers from the event page.
    browser_login(page, live_server.url, "school-contact")
    page.goto(event_url)
    page.locator("#registration").get_by_role("link", name="报名", exact=True).click()
    for name, phone in (("王老师", "13800000001"), ("李老师", "13800000002")):
        page.fill("#id_name", name)
        page.fill("#id_title", "专业带头人")
        page.fill("#id_phone", phone)
        page.get_by_role("button", name="提交并继续报名").click()
        page.wait_for_load_state()
        assert "名额已确认" in page.content()
    page.fill("#id_name", "赵老师")
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url("**/registration/")
    assert "已进入候补" in page.content()
    rows = page.locator("#cj-results tbody tr")
    assert rows.count() == 3
    assert "候补" in page.locator("tr", has_text="赵老师").inner_text()
    assert "第 1 位" in page.locator("tr", has_text="赵老师").inner_text()

    # One cancels: the waitlisted teacher gets the place.
    page.locator("tr", has_text="李老师").get_by_role("button", name="取消报名").click()
    page.wait_for_load_state()
    assert "已取消 李老师 的报名" in page.content()
    assert "已确认" in page.locator("tr", has_text="赵老师").inner_text()
    assert "已取消" in page.locator("tr", has_text="李老师").inner_text()
    assert page.locator("[data-count=confirmed]").inner_text() == "2"
    assert page.locator("[data-count=waitlisted]").inner_text() == "0"

    # The secretariat checks both in by typing their codes.
    page.context.clear_cookies()
    browser_login(page, live_server.url, "mishu")
    page.goto(event_url)
    page.locator("#registration").get_by_role("link", name="签到").click()
    page.wait_for_url("**/check-in/")
    confirmed = Registration.objects.filter(event=event, status="confirmed").order_by("pk")
    codes = [(r.name, r.ticket_code) for r in confirmed]
    assert [name for name, _code in codes] == ["王老师", "赵老师"]
    box = page.locator("#id_code")
    for number, (name, code) in enumerate(codes, start=1):
        box.fill(code.lower())
        page.get_by_role("button", name="签到", exact=True).click()
        message = page.locator("#check-in-message")
        message.wait_for()
        page.wait_for_function(
            f"document.querySelector('#check-in-count').innerText.includes('已签到 {number} / 2')"
        )
        assert "签到成功" in message.inner_text() and name in message.inner_text()
        assert box.input_value() == ""  # ready for the next ticket
    box.fill(codes[0][1])
    page.get_by_role("button", name="签到", exact=True).click()
    page.wait_for_function(
        "document.querySelector('#check-in-message').innerText.includes('不重复计数')"
    )
    assert "已签到 2 / 2" in page.locator("#check-in-count").inner_text()

    # The event page's attendance comes from the check-ins.
    page.goto(event_url)
    assert "签到 2 人" in page.locator("#event-attendance").inner_text()


def _camera_video(path, text: str) -> None:
    """A short .y4m video showing the QR code of ``text``: what Chromium's fake camera plays."""
    import io

    import segno
    from PIL import Image

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=4)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    frame = Image.new("L", (640, 480), 255)
    frame.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (320 * 240)
    with open(path, "wb") as f:
        f.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            f.write(b"FRAME\n" + luma + chroma + chroma)


@pytest.mark.django_db(transaction=True)
def test_the_check_in_page_reads_the_ticket_from_the_camera(
    live_server, body, monkeypatch, tmp_path
):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    from chanjiao.core.testing import CHROMIUM
    from chanjiao.events import services_registration as services

    BodyRoleFactory(user=UserFactory(username="mishu"), body=body)
    event = EventFactory(name="扫码签到测试会", starts_on=in_days(3), bodies=[body])
    RegistrationSettingsFactory(event=event)
    registration = services.registration_create(
        actor=UserFactory(username="admin", is_superuser=True), event=event, name="扫码人"
    )
    video = tmp_path / "ticket.y4m"
    _camera_video(video, registration.ticket_code)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
            context.grant_permissions(["camera"], origin=live_server.url)
            page = context.new_page()
            page.set_default_timeout(15_000)

            keep_local(page, live_server.url, outside)
            browser_login(page, live_server.url, "mishu")
            page.goto(live_server.url + reverse("events:check_in", args=[event.pk]))
            page.get_by_role("button", name="用摄像头扫码").click()
            page.wait_for_function(
                "document.querySelector('#check-in-message') &&"
                " document.querySelector('#check-in-message').innerText.includes('签到成功')"
            )
            assert "扫码人" in page.locator("#check-in-message").inner_text()
            assert page.get_by_role("button", name="停止扫码").is_visible()
        finally:
            browser.close()
            connections.close_all()
    assert not outside, outside
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
