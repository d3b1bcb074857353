"""The seams through which core reaches rules that live above it (personal data, API tokens):
installed by the accounts app at start, and failing loudly when missing."""

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
