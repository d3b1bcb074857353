"""Forms in the real browser: a form is sent once, however often its button is clicked while
the page waits for the answer."""

from __future__ import annotations

import time

import pytest

from chanjiao.core.testing import BROWSER_TEST, browser_login
from chanjiao.events.models import Event
from chanjiao.registry.tests.factories import BodyFactory, BodyRoleFactory, UserFactory

pytestmark = BROWSER_TEST


@pytest.mark.django_db(transaction=True)
def test_a_second_click_while_the_page_waits_registers_one_event_not_two(
    live_server, page, monkeypatch
):
    """Before, each click sent the form: clicking 保存 again while a slow server (or line) had
    not answered yet registered the event twice."""
    from chanjiao.core import views

    model_data = views.model_data

    def slow(form):  # the server takes a second to answer
        time.sleep(1)
        return model_data(form)

    monkeypatch.setattr(views, "model_data", slow)
    body = BodyFactory(name="成都智能制造职业教育集团")
    BodyRoleFactory(user=UserFactory(username="secretariat"), body=body)
    browser_login(page, live_server.url, "secretariat")
    page.goto(live_server.url + "/events/new/")
    page.fill("input[name=name]", "2026年度理事会")
    page.check(f"input[name=bodies][value='{body.pk}']")
    # Clicked twice, 300 ms apart, while the page waits for its answer.
    page.evaluate(
        """() => {
            const save = document.querySelector(".cj-form-actions button[type=submit]");
            save.click();
            setTimeout(() => save.click(), 300);
        }"""
    )
    page.wait_for_url("**/events/*/")
    page.wait_for_load_state("networkidle")
    assert Event.objects.filter(name="2026年度理事会").count() == 1
