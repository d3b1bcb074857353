"""History a person can read: sentences with labels and names, no no-op rows, pages, filters,
the API, personal values hidden, English."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from chanjiao.cooperation import services as cooperation_services
from chanjiao.core.changelog import change_source, update_object
from chanjiao.core.history import render_changes
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import bearer, make_token
from chanjiao.events import services as event_services
from chanjiao.registry import services
from chanjiao.registry.models import Membership, Organization
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory


def entries_for(obj_or_changes, viewer):
    return render_changes(obj_or_changes, viewer=viewer)


def last_entry(viewer):
    return render_changes([ObjectChange.objects.order_by("-id").first()], viewer=viewer)[0]


@pytest.fixture
def member(db, body, member_org, admin_user):
    return services.membership_create(
        actor=admin_user, body=body, organization=member_org, role="member"
    )


# --- sentences ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_membership_creation_reads_as_a_sentence_with_names_and_role_label(
    admin_user, body, member_org, member
):
    entry = last_entry(admin_user)
    assert entry.sentence.startswith(
        f"admin 于 {timezone.localtime(entry.time):%Y-%m-%d %H:%M} 创建了 成员关系"
        f"「成都工贸职业技术学院 · 成员单位 · 成都智能制造职业教育集团」："
    )
    assert "产教融合体「成都智能制造职业教育集团」" in entry.sentence
    assert "单位「成都工贸职业技术学院」" in entry.sentence
    assert "角色「成员单位」" in entry.sentence
    # The developers' view is gone: no field names, ids or choice values.
    for raw in ("body_id", "organization_id", "'member'", "[", "#"):
        assert raw not in entry.sentence
    # Related objects link to their pages.
    html = "".join(entry.details_html)
    assert reverse("registry:body_detail", args=[body.pk]) in html
    assert reverse("registry:organization_detail", args=[member_org.pk]) in html


@pytest.mark.django_db
def test_membership_role_change_reads_from_old_label_to_new_label(admin_user, member):
    services.membership_update(
        actor=admin_user, membership=member, data={"role": "executive_member"}
    )
    entry = last_entry(admin_user)
    assert entry.sentence.endswith("：角色 从「成员单位」改为「常务理事单位」")
    assert "修改了 成员关系「成都工贸职业技术学院 · 常务理事单位 · 成都智能制造职业教育集团」" in (
        entry.sentence
    )
    [fc] = entry.fields
    assert (fc.field, fc.before, fc.after) == ("role", "member", "executive_member")
    assert (fc.label, fc.before_display, fc.after_display) == ("角色", "成员单位", "常务理事单位")


@pytest.mark.django_db
def test_membership_deletion_says_what_was_deleted(admin_user, member):
    services.membership_delete(actor=admin_user, membership=member)
    entry = last_entry(admin_user)
    assert "删除了 成员关系「成都工贸职业技术学院 · 成员单位 · 成都智能制造职业教育集团」" in (
        entry.sentence
    )
    assert entry.object.url is None


@pytest.mark.django_db
def test_many_to_many_reads_as_a_list_of_names(admin_user, body):
    a = OrganizationFactory(name="甲学院")
    b = OrganizationFactory(name="乙集团")
    agreement = cooperation_services.agreement_create(
        actor=admin_user,
        title="校企合作协议",
        kind="school_enterprise_cooperation",
        body=body,
        parties=[a],
    )
    cooperation_services.agreement_update(
        actor=admin_user, agreement=agreement, data={"parties": [a, b]}
    )
    entry = last_entry(admin_user)
    assert "签约方 从「甲学院」改为「甲学院、乙集团」" in entry.sentence
    [fc] = [f for f in entry.fields if f.field == "parties"]
    assert fc.after == sorted([a.pk, b.pk])
    assert fc.after_display == "甲学院、乙集团"


@pytest.mark.django_db
def test_event_bodies_read_as_names(admin_user, body, other_body):
    event = event_services.event_create(
        actor=admin_user, name="成立大会", kind="founding_conference", bodies=[body]
    )
    event_services.event_update(actor=admin_user, event=event, data={"bodies": [body, other_body]})
    entry = last_entry(admin_user)
    assert "从「成都智能制造职业教育集团」改为「" in entry.sentence
    assert "其他职业教育集团" in entry.sentence


@pytest.mark.django_db
def test_foreign_key_reads_as_current_name_and_as_logged_name_once_deleted(admin_user, body):
    org = services.organization_create(actor=admin_user, name="江西省教育厅")
    services.body_update(actor=admin_user, body=body, data={"approved_by": org})
    change = ObjectChange.objects.order_by("-id").first()
    services.organization_update(actor=admin_user, organization=org, data={"name": "江西教育厅"})
    entry = render_changes([change], viewer=admin_user)[0]
    # Named at render time: the unit's name today, linked to its page.
    assert "批准单位 从「空」改为「江西教育厅」" in entry.sentence
    assert reverse("registry:organization_detail", args=[org.pk]) in entry.details_html[0]
    services.body_update(actor=admin_user, body=body, data={"approved_by": None})
    services.organization_delete(actor=admin_user, organization=org)
    entry = render_changes([change], viewer=admin_user)[0]
    # Deleted: named from the log's last row about it, without a link.
    assert "批准单位 从「空」改为「江西教育厅（已删除）」" in entry.sentence
    assert "href" not in entry.details_html[0]


@pytest.mark.django_db
def test_booleans_dates_and_empty_values_read_as_words(admin_user, body):
    services.body_update(
        actor=admin_user,
        body=body,
        data={"is_published": False, "founded_on": datetime.date(2021, 4, 29)},
    )
    sentence = last_entry(admin_user).sentence
    assert "公开 从「是」改为「否」" in sentence
    assert "成立日期 从「空」改为「2021-04-29」" in sentence


@pytest.mark.django_db
def test_source_reads_as_words(admin_user, body):
    with change_source("api"):
        services.body_update(actor=admin_user, body=body, data={"region": "成都"})
    assert last_entry(admin_user).source_label == "API"
    with change_source("cli"):
        services.body_update(actor=admin_user, body=body, data={"region": "四川"})
    assert last_entry(admin_user).source_label == "命令行"


@pytest.mark.django_db
def test_english_reader_gets_english_labels_choices_and_type(admin_user, member):
    services.membership_update(
        actor=admin_user, membership=member, data={"role": "executive_member"}
    )
    with translation.override("en"):
        entry = last_entry(admin_user)
        [fc] = entry.fields
        assert fc.label == "Role"
        assert fc.before_display == "Member unit"
        assert fc.after_display == "Executive member unit"
        assert entry.object_type_label == "Membership"
        assert entry.action_label != "修改"
        # The sentence's frame comes from the catalogue the lead compiles; its values are
        # English already.
        assert "Role" in entry.sentence and "Executive member unit" in entry.sentence
        assert "角色" not in entry.sentence and "常务理事单位" not in entry.sentence
        assert entry.sentence.startswith("admin changed membership “")


@pytest.mark.django_db
def test_an_english_reader_reads_each_kind_of_record_by_its_singular_name(admin_user, body):
    """The English names of records came from the list headings they shared a msgid with:
    "admin created Organisations “…”", "deleted Left “…”" (a withdrawal), "Present" (an
    attendance). Each model's name now has a catalogue entry of its own (context "model")."""
    services.organization_create(actor=admin_user, name="甲学院", kind="enterprise")
    with translation.override("en"):
        entry = last_entry(admin_user)
        assert entry.sentence.startswith("admin created organisation “甲学院”")
        assert entry.object_type_label == "Organisation"
        names = {
            str(model._meta.verbose_name): str(model._meta.verbose_name_plural)
            for model in (Organization, Membership, type(body))
        }
    assert names == {
        "organisation": "organisations",
        "membership": "memberships",
        "body": "bodies",
    }


# --- no-op writes ------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_the_member_form_unchanged_logs_nothing(client, secretariat_user, body, member_org):
    # Notes with a line break, as entered through the API or a script.
    membership = MembershipFactory(body=body, organization=member_org, notes="第一行\n第二行")
    client.force_login(secretariat_user)
    before = ObjectChange.objects.count()
    # What a browser sends back for the unchanged form: textarea line breaks as CRLF.
    response = client.post(
        reverse("registry:member_edit", args=[body.pk, membership.pk]),
        {
            "role": membership.role,
            "term": "",
            "since": "",
            "until": "",
            "contact": "",
            "notes": "第一行\r\n第二行",
        },
    )
    assert response.status_code == 302
    assert ObjectChange.objects.count() == before
    membership.refresh_from_db()
    assert membership.notes == "第一行\n第二行"


@pytest.mark.django_db
def test_saving_the_event_form_unchanged_logs_nothing(client, secretariat_user, body):
    event = event_services.event_create(
        actor=secretariat_user,
        name="成立大会",
        kind="founding_conference",
        bodies=[body],
        description="议程：\n一、致辞\n二、揭牌",
    )
    client.force_login(secretariat_user)
    page = client.get(reverse("events:event_edit", args=[event.pk]))
    data = {
        name: ("" if value is None else value)
        for name, value in page.context["form"].initial.items()
    }
    data["bodies"] = [body.pk]
    data["description"] = "议程：\r\n一、致辞\r\n二、揭牌"
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    before = ObjectChange.objects.count()
    response = client.post(reverse("events:event_edit", args=[event.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert ObjectChange.objects.count() == before


@pytest.mark.django_db
def test_api_patch_with_unchanged_values_logs_nothing(client, secretariat_user, body, member_org):
    membership = MembershipFactory(
        body=body, organization=member_org, role="vice_chair", notes="甲\n乙", contact="王老师"
    )
    token = make_token(secretariat_user)
    before = ObjectChange.objects.count()
    for notes in ("甲\n乙", "甲\r\n乙"):
        response = client.patch(
            f"/api/v1/bodies/{body.pk}/members/{membership.pk}",
            json.dumps({"role": "vice_chair", "notes": notes, "contact": "王老师", "term": None}),
            content_type="application/json",
            headers=bearer(token),
        )
        assert response.status_code == 200, response.content
    assert ObjectChange.objects.count() == before


@pytest.mark.django_db
def test_text_is_stored_with_plain_line_breaks(admin_user):
    org = services.organization_create(actor=admin_user, name="甲", description="一\r\n二\r三")
    assert Organization.objects.get(pk=org.pk).description == "一\n二\n三"
    update_object(org, actor=admin_user, data={"description": "一\r\n二\n三"})
    assert ObjectChange.objects.filter(action="update").count() == 0


# --- pages: paging, filters, who may read --------------------------------------------------


def _many_changes(body, actor, n):
    for i in range(n):
        services.body_update(actor=actor, body=body, data={"region": f"地区{i}"})


@pytest.mark.django_db
def test_history_page_shows_fifty_sentences_per_page(client, admin_user, body):
    _many_changes(body, admin_user, 60)
    client.force_login(admin_user)
    url = reverse("registry:body_history", args=[body.pk])
    first = client.get(url)
    assert len(first.context["entries"]) == 50
    assert first.context["page_obj"].paginator.count == 60
    html = first.content.decode()
    assert "地区 从「地区58」改为「地区59」" in html
    assert "region" not in html.split('class="cj-history')[1]
    second = client.get(url, {"page": 2})
    assert len(second.context["entries"]) == 10


@pytest.mark.django_db
def test_history_page_filters_by_who_what_and_when(
    client, admin_user, secretariat_user, body, member_org
):
    services.body_update(actor=admin_user, body=body, data={"region": "成都"})
    services.membership_create(
        actor=secretariat_user, body=body, organization=member_org, role="member"
    )
    old = ObjectChange.objects.order_by("id").first()
    ObjectChange.objects.filter(pk=old.pk).update(
        time=timezone.make_aware(datetime.datetime(2024, 5, 1, 10, 0))
    )
    client.force_login(admin_user)
    url = reverse("registry:body_history", args=[body.pk])

    def shown(**params):
        return [e.change.pk for e in client.get(url, params).context["entries"]]

    new = ObjectChange.objects.exclude(pk=old.pk).get()
    assert shown() == [new.pk, old.pk]
    assert shown(actor=secretariat_user.pk) == [new.pk]
    assert shown(action="update") == [old.pk]
    assert shown(type="registry.membership") == [new.pk]
    assert shown(since="2024-05-01", until="2024-05-01") == [old.pk]
    assert shown(since="2024-05-02") == [new.pk]
    assert shown(q="工贸") == [new.pk]
    # The filter bar offers who and what occur in this history.
    form = client.get(url).context["filter_form"]
    assert {c[0] for c in form.fields["actor"].choices} == {"", admin_user.pk, secretariat_user.pk}
    assert "registry.membership" in {c[0] for c in form.fields["type"].choices}
    # The filter bar's htmx request gets only the results.
    partial = client.get(url, {"action": "update"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content
    assert b"cj-history-entry" in partial.content


@pytest.mark.django_db
def test_history_page_hides_personal_values_from_readers_not_allowed(
    client, admin_user, secretariat_user, supervisor_user, other_secretariat_user, body, member_org
):
    services.membership_create(
        actor=admin_user,
        body=body,
        organization=member_org,
        role="member",
        contact="王老师 13800000000",
        notes="内部备注",
    )
    url = reverse("registry:body_history", args=[body.pk])
    for user in (supervisor_user, other_secretariat_user):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "13800000000" not in html and "内部备注" not in html
        assert "联系人（内容不公开）" in html
    client.force_login(secretariat_user)
    html = client.get(url).content.decode()
    assert "13800000000" in html and "内部备注" in html


@pytest.mark.django_db
def test_history_page_needs_sign_in(client, body):
    response = client.get(reverse("registry:body_history", args=[body.pk]))
    assert response.status_code == 302


# --- API ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_history_gives_sentences_and_structured_changes(client, admin_user, member, body):
    services.membership_update(
        actor=admin_user, membership=member, data={"role": "executive_member"}
    )
    token = make_token(admin_user)
    response = client.get(
        "/api/v1/history",
        {"object_type": "registry.body", "object_id": body.pk},
        headers=bearer(token),
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 2
    item = data["items"][0]
    assert item["action"] == "update"
    assert item["object_type"] == "registry.membership"
    assert item["sentence"].endswith("角色 从「成员单位」改为「常务理事单位」")
    assert item["changes"] == [
        {
            "field": "role",
            "label": "角色",
            "before": "member",
            "after": "executive_member",
            "before_display": "成员单位",
            "after_display": "常务理事单位",
            "hidden": False,
        }
    ]
    same = client.get(f"/api/v1/bodies/{body.pk}/history", headers=bearer(token)).json()
    assert same == data


@pytest.mark.django_db
def test_api_history_pages_and_filters(client, admin_user, secretariat_user, body):
    _many_changes(body, admin_user, 5)
    services.body_update(actor=secretariat_user, body=body, data={"region": "成都"})
    token = make_token(admin_user)
    url = f"/api/v1/bodies/{body.pk}/history"
    page = client.get(url, {"limit": 2, "offset": 1}, headers=bearer(token)).json()
    assert page["count"] == 6 and len(page["items"]) == 2
    # Newest first; the offset skips the newest (the secretariat's change).
    assert page["items"][0]["sentence"].endswith("地区 从「地区3」改为「地区4」")
    mine = client.get(url, {"actor": secretariat_user.pk}, headers=bearer(token)).json()
    assert mine["count"] == 1
    assert mine["items"][0]["changes"][0]["after_display"] == "成都"
    today = timezone.localdate().isoformat()
    assert client.get(url, {"since": today}, headers=bearer(token)).json()["count"] == 6
    assert client.get(url, {"until": "2000-01-01"}, headers=bearer(token)).json()["count"] == 0
    assert client.get(url, {"action": "delete"}, headers=bearer(token)).json()["count"] == 0
    assert client.get(url, {"type": "registry.body"}, headers=bearer(token)).json()["count"] == 6
    assert (
        client.get(
            url, {"since": "0001-01-01", "until": "9999-12-31"}, headers=bearer(token)
        ).json()["count"]
        == 6
    )


@pytest.mark.django_db
def test_api_history_needs_a_reader_who_may_read_the_object(
    client, plain_user, secretariat_user, body
):
    services.body_update(actor=secretariat_user, body=body, data={"region": "成都"})
    assert client.get(f"/api/v1/bodies/{body.pk}/history").status_code == 401
    # The whole log is for admins only.
    whole = client.get("/api/v1/history", headers=bearer(make_token(plain_user)))
    assert whole.status_code == 403
    # An unpublished body's history is as hidden as the body.
    body.is_published = False
    body.save()
    assert (
        client.get(
            f"/api/v1/bodies/{body.pk}/history", headers=bearer(make_token(plain_user))
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/bodies/{body.pk}/history", headers=bearer(make_token(secretariat_user))
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_api_history_hides_personal_values(client, admin_user, supervisor_user, body, member_org):
    services.membership_create(
        actor=admin_user, body=body, organization=member_org, contact="王老师 13800000000"
    )
    response = client.get(
        f"/api/v1/bodies/{body.pk}/history", headers=bearer(make_token(supervisor_user))
    )
    assert response.status_code == 200
    assert "13800000000" not in response.content.decode()
    [contact] = [c for c in response.json()["items"][0]["changes"] if c["field"] == "contact"]
    assert contact["hidden"] is True


@pytest.mark.django_db
def test_rendering_a_page_costs_a_fixed_number_of_queries(
    admin_user, body, django_assert_max_num_queries
):
    for i in range(20):
        org = OrganizationFactory(name=f"单位{i}")
        services.membership_create(actor=admin_user, body=body, organization=org)
    changes = list(ObjectChange.objects.select_related("actor", "content_type"))
    with django_assert_max_num_queries(8):
        entries = render_changes(changes, viewer=admin_user)
        [e.sentence for e in entries]
    assert Membership.objects.count() == 20


@pytest.mark.django_db
def test_numbers_read_as_people_write_them(admin_user, body):
    """A decimal read ``1200.00`` or ``1.2E+3``, a float score ``96.0``."""
    from decimal import Decimal

    from chanjiao.cooperation.tests.factories import CarrierFactory, FigureFactory

    figure = FigureFactory(carrier=CarrierFactory(body=body), equipment_value=Decimal("450.50"))
    update_object(figure, actor=admin_user, data={"equipment_value": Decimal("1200.00")})
    assert "从「450.5」改为「1200」" in last_entry(admin_user).sentence
