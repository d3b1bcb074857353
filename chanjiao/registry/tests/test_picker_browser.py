"""The unit picker in the real browser: typing asks the look-up and fills the select; a picker
of several keeps each unit clicked (no Ctrl needed)."""

from __future__ import annotations

import pytest

from chanjiao.core.testing import BROWSER_TEST, browser_login
from chanjiao.registry.models import Membership, Organization

from .factories import BodyFactory, BodyRoleFactory, OrganizationFactory, UserFactory

pytestmark = BROWSER_TEST


def _units(n: int = 120) -> None:
    """More units than a select lists whole, so the form shows the picker."""
    Organization.objects.bulk_create([Organization(name=f"填充单位{i:04d}") for i in range(n)])


@pytest.mark.django_db(transaction=True)
def test_typing_a_traditional_name_fills_the_select_and_the_pick_is_saved(live_server, page):
    _units()
    jiangling = OrganizationFactory(name="江铃汽车股份有限公司", aliases="江铃")
    body = BodyFactory(name="江西职教集团")
    BodyRoleFactory(user=UserFactory(username="secretariat"), body=body)
    browser_login(page, live_server.url, "secretariat")
    page.goto(live_server.url + f"/bodies/{body.pk}/members/add/")
    assert page.locator("#id_organization option").count() == 1  # 请选择 only
    page.fill("#id_organization__q", "江鈴汽車")
    page.wait_for_selector(f"#id_organization option[value='{jiangling.pk}']", state="attached")
    assert "请在下拉列表中选择" in page.inner_text("[data-cj-picker-status]")
    page.select_option("#id_organization", str(jiangling.pk))
    page.locator(".cj-form-actions button[type=submit]").first.click()
    page.wait_for_url(f"**/bodies/{body.pk}/**")
    assert Membership.objects.filter(body=body, organization=jiangling).exists()


@pytest.mark.django_db(transaction=True)
def test_a_picker_of_several_keeps_every_unit_clicked(live_server, page):
    from chanjiao.cooperation.models import Carrier

    _units()
    first = OrganizationFactory(name="甲职业技术学院")
    second = OrganizationFactory(name="乙智能科技有限公司")
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    browser_login(page, live_server.url, "admin")
    page.goto(live_server.url + "/cooperation/carriers/new/")
    page.fill("input[name=name]", "智能制造产业学院")
    for unit in (first, second):
        page.fill("#id_owners__q", unit.name[:2])
        option = page.locator(f"#id_owners option[value='{unit.pk}']")
        option.wait_for(state="attached")
        option.click()
    chosen = page.eval_on_selector(
        "#id_owners", "s => [...s.selectedOptions].map(o => o.value).sort()"
    )
    assert chosen == sorted([str(first.pk), str(second.pk)])
    page.locator(".cj-form-actions button[type=submit]").first.click()
    page.wait_for_url("**/cooperation/carriers/*/")
    carrier = Carrier.objects.get(name="智能制造产业学院")
    assert set(carrier.owners.values_list("pk", flat=True)) == {first.pk, second.pk}
