"""The seams through which a layer reaches what lives above it (personal data and API tokens
for core, panels for the registry pages, member units for accounts): installed by the app above
at start, and failing loudly when missing."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from chanjiao.accounts import privacy as accounts_privacy
from chanjiao.core import api, privacy


def test_core_asks_the_accounts_personal_data_rule():
    assert privacy._rule is accounts_privacy


def test_without_a_personal_data_rule_core_refuses_to_render_rather_than_show_everything(
    monkeypatch,
):
    monkeypatch.setattr(privacy, "_rule", None)

    with pytest.raises(ImproperlyConfigured):
        privacy.hidden_text()


def test_without_a_token_resolver_a_bearer_read_fails_loudly(monkeypatch):
    monkeypatch.setattr(api, "_token_user", None)
    request = RequestFactory().get("/api/v1/bodies", HTTP_AUTHORIZATION="Bearer abc")

    with pytest.raises(ImproperlyConfigured):
        api.actor(request)


def test_a_page_renders_what_the_apps_above_contribute_once_each(monkeypatch):
    from chanjiao.core import panels

    monkeypatch.setattr(panels, "_providers", panels.defaultdict(list))

    def events(*, actor, body):
        return {"events": [f"{body}-event"]}

    panels.register("registry.body_detail", events)
    panels.register("registry.body_detail", events)
    panels.register("registry.body_detail", lambda *, actor, body: {"agreements": []})

    assert panels.context("registry.body_detail", actor=None, body="b") == {
        "events": ["b-event"],
        "agreements": [],
    }
    assert panels.context("registry.person_detail", actor=None, person="p") == {}


def test_the_registry_pages_get_their_events_and_cooperation_panels_from_reports():
    from chanjiao.core import panels
    from chanjiao.reports import panels as report_panels

    assert report_panels.body_panels in panels._providers["registry.body_detail"]
    assert report_panels.organization_panels in panels._providers["registry.organization_detail"]
    assert report_panels.person_panels in panels._providers["registry.person_detail"]
    assert report_panels.event_panels in panels._providers["events.event_detail"]


def test_accounts_asks_the_registry_for_member_units_and_fails_without_an_answer(monkeypatch):
    from chanjiao.accounts import directory
    from chanjiao.registry import selectors

    assert directory._answers["member_organization_ids"] is selectors.member_organization_ids

    monkeypatch.setattr(directory, "_answers", {})
    with pytest.raises(ImproperlyConfigured):
        directory.member_organization_ids([1])
