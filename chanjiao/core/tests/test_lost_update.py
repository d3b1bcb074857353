"""Two colleagues edit one record: the second save, made on a page opened before the first,
is refused once, saying who changed what and when, and keeps what was typed; saving again
overwrites. Before, the second save silently undid the first."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from chanjiao.registry.models import Organization
from chanjiao.registry.tests.factories import OrganizationFactory, UserFactory


def _form(client: Client, url: str) -> dict:
    """The edit page's fields as the browser would post them back (inputs and selects)."""
    page = client.get(url).content.decode()
    data = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name = re.search(r'\bname="([^"]+)"', tag)
        if name and "csrf" not in name.group(1) and 'type="checkbox"' not in tag:
            value = re.search(r'\bvalue="([^"]*)"', tag)
            data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_a_save_over_a_colleagues_later_change_is_refused_once_naming_it(db, admin_user):
    org = OrganizationFactory(name="成都示范企业", region="成都市")
    url = reverse("registry:organization_edit", args=[org.pk])
    first, second = Client(), Client()
    first.force_login(UserFactory(username="wang", is_superuser=True, is_staff=True))
    second.force_login(admin_user)
    theirs, mine = _form(first, url), _form(second, url)  # both open the page
    assert mine["seen_version"]

    assert first.post(url, {**theirs, "region": "四川省成都市"}).status_code == 302
    refused = second.post(url, {**mine, "name": "成都示范企业集团"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "wang" in page and "地区" in page and "再次保存将覆盖" in page
    assert 'value="成都示范企业集团"' in page  # what was typed is kept
    org.refresh_from_db()
    assert (org.name, org.region) == ("成都示范企业", "四川省成都市")  # nothing of it was written

    again = _form_from(page)  # the page shown again carries the version now stored
    assert second.post(url, {**mine, **again, "name": "成都示范企业集团"}).status_code == 302
    org.refresh_from_db()
    assert org.name == "成都示范企业集团"


def _form_from(page: str) -> dict:
    version = re.search(r'name="seen_version" value="([^"]+)"', page)
    return {"seen_version": version.group(1)}


def test_a_post_without_the_version_is_saved_as_before(db, admin_user):
    org = OrganizationFactory(name="成都示范学校")
    url = reverse("registry:organization_edit", args=[org.pk])
    client = Client()
    client.force_login(admin_user)
    data = _form(client, url)
    del data["seen_version"]
    assert client.post(url, {**data, "name": "成都示范学院"}).status_code == 302
    assert Organization.objects.get(pk=org.pk).name == "成都示范学院"


def test_the_api_refuses_a_write_over_a_later_change_when_given_the_version_it_read(
    client, admin_user, admin_token
):
    """The API's side of the same: a script that GETs, then PUTs or PATCHes with If-Match,
    gets 412 naming the change made in between instead of undoing it."""
    from chanjiao.core.testing import bearer

    org = OrganizationFactory(name="成都示范研究院", region="成都市")
    url = f"/api/v1/organizations/{org.pk}"
    read = client.get(url)
    version = read["ETag"]
    assert version.startswith('"') and version.endswith('"')

    from chanjiao.registry import services

    services.organization_update(actor=admin_user, organization=org, data={"region": "四川省"})
    headers = {**bearer(admin_token), "If-Match": version}
    stale = client.patch(url, {"name": "成都示范研究总院"}, "application/json", headers=headers)
    assert stale.status_code == 412
    assert "地区" in stale.json()["detail"] and "重新读取" in stale.json()["detail"]
    assert Organization.objects.get(pk=org.pk).name == "成都示范研究院"

    fresh = client.get(url)["ETag"]
    saved = client.patch(
        url,
        {"name": "成都示范研究总院"},
        "application/json",
        headers={**headers, "If-Match": fresh},
    )
    assert saved.status_code == 200 and saved["ETag"] != fresh
    blind = client.patch(url, {"region": "成都市"}, "application/json", headers=bearer(admin_token))
    assert blind.status_code == 200  # no If-Match: not checked, as before


def _refused_then_saved(client, url: str, change, body: dict, token: str, words: str) -> None:
    """GET ``url``'s version, let ``change()`` write in between, PATCH ``body`` with the old
    version (412 naming ``words``, nothing written), then with the new one (200, a new ETag)."""
    from chanjiao.core.testing import bearer

    version = client.get(url, headers=bearer(token))["ETag"]
    assert version
    change()
    headers = {**bearer(token), "If-Match": version}
    stale = client.patch(url, body, "application/json", headers=headers)
    assert stale.status_code == 412, stale.content
    assert words in stale.json()["detail"] and "重新读取" in stale.json()["detail"]
    fresh = client.get(url, headers=bearer(token))["ETag"]
    assert fresh != version
    saved = client.patch(url, body, "application/json", headers={**headers, "If-Match": fresh})
    assert saved.status_code == 200 and saved["ETag"] not in ("", fresh)


def test_hand_written_writes_refuse_a_change_made_since_their_read_too(
    client, admin_user, admin_token
):
    """A committee seat's and an event's registration settings' PUT and PATCH are written by
    hand, not by ``Crud``: they answer ETag and check If-Match the same way."""
    import datetime

    from chanjiao.events import services_registration
    from chanjiao.events.tests.factories import RegistrationSettingsFactory
    from chanjiao.registry import services
    from chanjiao.registry.models import Committee, CommitteeSeat
    from chanjiao.registry.tests.factories import BodyFactory

    body = BodyFactory()
    committee = Committee.objects.create(body=body, name="专家委员会")
    seat = CommitteeSeat.objects.create(committee=committee, organization=OrganizationFactory())
    _refused_then_saved(
        client,
        f"/api/v1/bodies/{body.pk}/committees/{committee.pk}/seats/{seat.pk}",
        lambda: services.committee_seat_update(
            actor=admin_user, committee_seat=seat, data={"since": datetime.date(2024, 1, 1)}
        ),
        {"role": "director"},
        admin_token,
        "admin",
    )
    settings = RegistrationSettingsFactory(capacity=50)
    _refused_then_saved(
        client,
        f"/api/v1/events/{settings.event_id}/registration",
        lambda: services_registration.registration_settings_update(
            actor=admin_user, settings=settings, data={"capacity": 80}
        ),
        {"capacity": 60},
        admin_token,
        "admin",
    )


#: PUTs, PATCHes and DELETEs of things that keep no version of their own: a proposal of the news queue
#: is one reviewer's draft, and an election's slate is its candidate rows, not the motion.
_UNVERSIONED = {
    "PATCH /api/v1/articles/{id}/proposals/{proposal_id}",
    "PUT /api/v1/motions/{id}/slate",
}


def test_a_412_answer_is_documented_with_how_to_ask_for_it(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    with_412 = {
        f"{method.upper()} {path}": operation.get("description", "")
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "412" in operation["responses"]
    }
    assert {"PATCH /api/v1/organizations/{id}", "PUT /api/v1/organizations/{id}"} <= set(with_412)
    writes = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("put", "patch", "delete")
    }
    assert writes - _UNVERSIONED == set(with_412), writes - _UNVERSIONED - set(with_412)
    assert all("If-Match" in description for description in with_412.values())
