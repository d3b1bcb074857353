"""The change log keeps names in one language, the site's (LANGUAGE_CODE): an editor reading in
English who deletes a record leaves the same history as one reading in Chinese; labels, choices
and the platform's own name are worded when the history is read, in the reader's language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from chanjiao.core.changelog import record_change
from chanjiao.core.history import render_changes
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import bearer
from chanjiao.registry import services
from chanjiao.registry.tests.factories import MembershipFactory

CHINESE_NAME = "成都工贸职业技术学院 · 理事长单位 · 成都智能制造职业教育集团"


@pytest.fixture
def chair(body, member_org):
    return MembershipFactory(body=body, organization=member_org, role="chair")


def _deletion(membership) -> ObjectChange:
    return ObjectChange.objects.get(action="delete", object_id=membership.pk)


def test_a_deletion_in_an_english_session_is_logged_under_its_chinese_name(
    client, secretariat_user, chair
):
    client.force_login(secretariat_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("registry:member_remove", args=[chair.body_id, chair.pk])
    response = client.post(url, {"action": "delete"}, follow=True)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"  # the editor did read in English
    assert _deletion(chair).object_repr == CHINESE_NAME


def test_the_chinese_name_reads_back_with_english_labels(secretariat_user, chair):
    with translation.override("en"):
        services.membership_delete(actor=secretariat_user, membership=chair)
    change = _deletion(chair)
    assert change.object_repr == CHINESE_NAME
    with translation.override("en"):
        (entry,) = render_changes([change], viewer=secretariat_user)
        assert entry.object.text == CHINESE_NAME
        assert "deleted" in entry.sentence and CHINESE_NAME in entry.sentence
        assert any("Role" in d and "Chair unit" in d for d in entry.details), entry.details
    with translation.override("zh-hans"):
        (entry,) = render_changes([change], viewer=secretariat_user)
        assert "角色「理事长单位」" in entry.details


def test_a_deletion_through_the_api_in_english_is_logged_in_chinese(
    client, secretariat_token, chair
):
    response = client.delete(
        f"/api/v1/bodies/{chair.body_id}/members/{chair.pk}",
        headers={**bearer(secretariat_token), "Accept-Language": "en"},
    )
    assert response.status_code == 204, response.content
    assert _deletion(chair).object_repr == CHINESE_NAME


def test_creations_and_updates_in_english_store_the_chinese_name(admin_user, body, member_org):
    with translation.override("en"):
        membership = services.membership_create(
            actor=admin_user, body=body, organization=member_org, role="member"
        )
        services.membership_update(actor=admin_user, membership=membership, data={"role": "chair"})
        assert translation.get_language() == "en"  # the editor's language is left as it was
    names = list(
        ObjectChange.objects.filter(object_id=membership.pk)
        .order_by("id")
        .values_list("action", "object_repr")
    )
    assert names == [
        ("create", "成都工贸职业技术学院 · 成员单位 · 成都智能制造职业教育集团"),
        ("update", CHINESE_NAME),
    ]


def test_a_change_the_platform_made_reads_as_system_in_the_readers_language(admin_user, chair):
    change = record_change(actor=None, action="update", obj=chair, before={}, after={})
    assert change.actor_name == "system"  # stored as a marker, not a word
    (entry,) = render_changes([change], viewer=admin_user)
    assert entry.actor == "系统" and entry.sentence.startswith("系统 于 ")
    with translation.override("en"):
        (entry,) = render_changes([change], viewer=admin_user)
        assert entry.actor == "System"
