"""A record's version (ETag, the edit pages' hidden ``seen_version``) moves only with a change,
a 412 names only what changed after the reader's version, a DELETE honours If-Match as PUT and
PATCH do, and the API's errors are worded in the catalogue's Chinese."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from chanjiao.cooperation.models import Agreement
from chanjiao.cooperation.tests.factories import AgreementFactory
from chanjiao.core.changelog import update_object
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error, bearer, last_change_id
from chanjiao.core.versions import changed_since, version_of
from chanjiao.governance.api_renewal import _slate
from chanjiao.registry import services
from chanjiao.registry.models import Committee, CommitteeSeat, Organization
from chanjiao.registry.tests.factories import BodyFactory, OrganizationFactory

JSON = "application/json"
GENERIC_412 = "您读取之后，这条记录已被修改：请重新读取后再修改。"


# --- a write that changes nothing ------------------------------------------------------------


def test_a_patch_that_changes_nothing_keeps_the_version_and_logs_nothing(
    client, admin_token, admin_user
):
    org = OrganizationFactory(name="成都示范企业")
    url = f"/api/v1/organizations/{org.pk}"
    version = client.get(url)["ETag"]
    since = last_change_id()

    same = api_write(client, "patch", url, {"name": "成都示范企业"}, admin_token)
    assert same.status_code == 200, same.content
    assert same["ETag"] == version
    assert not ObjectChange.objects.filter(pk__gt=since).exists()

    # A client holding the version it read still writes, unrefused.
    headers = {**bearer(admin_token), "If-Match": version}
    saved = client.patch(url, {"region": "成都市"}, JSON, headers=headers)
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] != version
    assert ObjectChange.objects.filter(pk__gt=since).count() == 1


def test_an_edit_page_saved_unchanged_does_not_refuse_a_page_opened_before(admin_user):
    org = OrganizationFactory(name="成都示范学校", region="成都市")
    before = version_of(org)
    services.organization_update(actor=admin_user, organization=org, data={"region": "成都市"})
    org.refresh_from_db()
    assert version_of(org) == before


def test_setting_the_same_many_to_many_rows_saves_nothing_but_other_rows_do(admin_user):
    one, two = OrganizationFactory(), OrganizationFactory()
    agreement = AgreementFactory(parties=[one, two])
    version = version_of(agreement)
    since = last_change_id()

    update_object(agreement, actor=admin_user, data={"parties": [two, one]})
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert version_of(agreement) == version
    assert not ObjectChange.objects.filter(pk__gt=since).exists()

    update_object(agreement, actor=admin_user, data={"parties": [one.pk]})
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert list(agreement.parties.all()) == [one]
    assert version_of(agreement) != version
    change = ObjectChange.objects.get(pk__gt=since)
    assert change.before["parties"] == sorted([one.pk, two.pk]) and change.after["parties"] == [
        one.pk
    ]


def test_an_update_that_changes_a_field_still_saves_and_logs(admin_user):
    org = OrganizationFactory(name="成都示范研究院")
    version = version_of(org)
    since = last_change_id()
    services.organization_update(actor=admin_user, organization=org, data={"region": "四川省"})
    assert Organization.objects.get(pk=org.pk).region == "四川省"
    assert version_of(Organization.objects.get(pk=org.pk)) != version
    assert ObjectChange.objects.filter(pk__gt=since).count() == 1


# --- what a 412 names -----------------------------------------------------------------------


def test_a_stale_if_match_names_no_change_made_before_the_read(client, admin_token, admin_user):
    org = OrganizationFactory(name="成都示范企业集团")
    services.organization_update(actor=admin_user, organization=org, data={"region": "成都市"})
    url = f"/api/v1/organizations/{org.pk}"
    version = client.get(url)["ETag"]
    # The version moves by a write the change log does not hold.
    later = timezone.now() + datetime.timedelta(seconds=1)
    Organization.objects.filter(pk=org.pk).update(updated_at=later)

    headers = {**bearer(admin_token), "If-Match": version}
    stale = client.patch(url, {"name": "成都示范企业总公司"}, JSON, headers=headers)
    assert assert_error(stale, 412)["detail"] == GENERIC_412  # not the region change, older


def test_a_stale_if_match_names_the_change_made_after_the_read(client, admin_token, admin_user):
    org = OrganizationFactory(name="成都示范企业二")
    services.organization_update(actor=admin_user, organization=org, data={"region": "成都市"})
    url = f"/api/v1/organizations/{org.pk}"
    version = client.get(url)["ETag"]
    services.organization_update(actor=admin_user, organization=org, data={"short_name": "示范二"})

    headers = {**bearer(admin_token), "If-Match": version}
    stale = client.patch(url, {"name": "成都示范企业三"}, JSON, headers=headers)
    detail = assert_error(stale, 412)["detail"]
    assert "admin" in detail and "简称" in detail and "地区" not in detail


def test_an_if_match_that_is_no_version_is_refused_naming_nobody(client, admin_token, admin_user):
    org = OrganizationFactory(name="成都示范企业五")
    services.organization_update(actor=admin_user, organization=org, data={"region": "成都市"})
    headers = {**bearer(admin_token), "If-Match": '"nonsense"'}
    url = f"/api/v1/organizations/{org.pk}"
    stale = client.patch(url, {"name": "成都示范企业四"}, JSON, headers=headers)
    assert assert_error(stale, 412)["detail"] == GENERIC_412


def test_a_page_told_of_changes_names_only_those_after_its_version(admin_user):
    org = OrganizationFactory(name="成都示范学院")
    services.organization_update(actor=admin_user, organization=org, data={"region": "成都市"})
    org.refresh_from_db()
    seen = version_of(org)
    assert "admin" not in changed_since(org, seen=seen)
    services.organization_update(actor=admin_user, organization=org, data={"region": "四川省"})
    assert "admin" in changed_since(org, seen=seen)


# --- DELETE and If-Match --------------------------------------------------------------------


def test_a_delete_with_the_version_read_before_a_change_is_refused(client, admin_token):
    agreement = AgreementFactory(parties=[OrganizationFactory()])
    url = f"/api/v1/agreements/{agreement.pk}"
    version = client.get(url, headers=bearer(admin_token))["ETag"]
    assert version
    changed = api_write(client, "patch", url, {"notes": "补充条款"}, admin_token)
    assert changed.status_code == 200, changed.content

    stale = client.delete(url, headers={**bearer(admin_token), "If-Match": version})
    detail = assert_error(stale, 412)["detail"]
    assert "admin" in detail and "重新读取" in detail
    nonsense = client.delete(url, headers={**bearer(admin_token), "If-Match": '"nonsense"'})
    assert_error(nonsense, 412)
    assert Agreement.objects.filter(pk=agreement.pk).exists()

    fresh = client.get(url, headers=bearer(admin_token))["ETag"]
    deleted = client.delete(url, headers={**bearer(admin_token), "If-Match": fresh})
    assert deleted.status_code == 204
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


def test_a_delete_without_if_match_is_not_checked(client, admin_token):
    agreement = AgreementFactory()
    deleted = client.delete(f"/api/v1/agreements/{agreement.pk}", headers=bearer(admin_token))
    assert deleted.status_code == 204


def test_a_committee_seats_delete_honours_if_match_too(client, admin_token, admin_user):
    body = BodyFactory()
    committee = Committee.objects.create(body=body, name="专家委员会")
    seat = CommitteeSeat.objects.create(committee=committee, organization=OrganizationFactory())
    url = f"/api/v1/bodies/{body.pk}/committees/{committee.pk}/seats/{seat.pk}"
    version = client.get(url)["ETag"]
    services.committee_seat_update(
        actor=admin_user, committee_seat=seat, data={"since": datetime.date(2024, 1, 1)}
    )
    stale = client.delete(url, headers={**bearer(admin_token), "If-Match": version})
    assert_error(stale, 412)
    assert CommitteeSeat.objects.filter(pk=seat.pk).exists()


def test_the_deletes_412_is_documented(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/agreements/{id}", "/api/v1/organizations/{id}"):
        operation = schema["paths"][path]["delete"]
        assert "412" in operation["responses"]
        assert "If-Match" in operation["description"]
    seat = "/api/v1/bodies/{id}/committees/{committee_id}/seats/{seat_id}"
    assert "412" in schema["paths"][seat]["delete"]["responses"]


# --- errors in the catalogue's words --------------------------------------------------------


def test_a_session_write_without_csrf_is_refused_in_chinese(admin_user):
    org = OrganizationFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    refused = browser.patch(f"/api/v1/organizations/{org.pk}", {"name": "会话写入"}, JSON)
    detail = assert_error(refused, 403)["detail"]
    assert detail.startswith("CSRF 校验未通过") and "X-CSRFToken" in detail


def test_the_history_of_an_unknown_object_says_so_in_chinese(client, admin_token):
    url = "/api/v1/history?object_type=registry.body&object_id=99999"
    detail = assert_error(client.get(url, headers=bearer(admin_token)), 404)["detail"]
    assert detail == "没有编号为 99999 的产教融合体（或您无权查看）"
    half = client.get("/api/v1/history?object_id=3", headers=bearer(admin_token))
    assert "object_type" in assert_error(half, 422, "object_type")["errors"]["object_type"][0]
    assert "同时" in half.json()["errors"]["object_type"][0]


def test_the_whole_history_is_refused_to_others_in_chinese(client, plain_token):
    refused = client.get("/api/v1/history", headers=bearer(plain_token))
    assert assert_error(refused, 403)["detail"].startswith("只有管理员")


def test_an_unknown_unit_on_a_slate_is_a_field_error_in_chinese(db):
    unit = OrganizationFactory()
    with pytest.raises(ValidationError) as refused:
        _slate([{"organization": unit.pk, "role": "member"}, {"organization": 99999}])
    assert refused.value.message_dict == {"slate": ["没有编号为 99999 的单位（或您无权查看）"]}
    assert _slate([{"organization": unit.pk, "role": "member"}]) == [(unit, "member")]
