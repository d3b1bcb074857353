"""The errors django-ninja answers by itself (a body that is not JSON, a method a path does not
take, a list where an object is read, a bug) leave the API in the documented shape
``{"detail": ..., "errors": {...}}`` with a message in the reader's language, never in ninja's
English or naming an internal class."""

from __future__ import annotations

import json

import pytest
from django.http import HttpResponseNotAllowed
from django.test import RequestFactory
from django.utils import translation

from chanjiao.core.errors import ApiMethodNotAllowedMiddleware
from chanjiao.core.testing import JSON, bearer

ORGANIZATIONS = "/api/v1/organizations"


def _send(client, method, path, text, token, language="zh-hans"):
    headers = {**bearer(token), "Accept-Language": language}
    return getattr(client, method)(path, text, content_type=JSON, headers=headers)


def _shape(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    assert isinstance(body["errors"], dict), body
    return body


@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_a_body_that_is_not_json_is_a_400_in_chinese_saying_where(
    client, admin_token, member_org, method
):
    path = ORGANIZATIONS if method == "post" else f"{ORGANIZATIONS}/{member_org.pk}"
    body = _shape(_send(client, method, path, '{"name": "甲",\n oops}', admin_token), 400)
    assert body == {"detail": "请求体不是有效的 JSON：第 2 行第 2 列有误", "errors": {}}


def test_a_body_that_is_not_utf8_is_a_400_saying_so(client, admin_token):
    response = _send(client, "post", ORGANIZATIONS, b'{"name": "\xff"}', admin_token)
    assert _shape(response, 400)["detail"] == "请求体不是有效的 JSON：须为 UTF-8 编码的文本"


def test_an_english_reader_is_not_told_ninjas_words(client, admin_token):
    body = _shape(_send(client, "post", ORGANIZATIONS, "not json", admin_token, "en"), 400)
    assert "Cannot parse" not in body["detail"], body


@pytest.mark.parametrize("text", ["[1, 2]", '"名称"', "null"])
def test_a_body_that_is_no_object_is_a_422_naming_no_class(client, admin_token, text):
    body = _shape(_send(client, "post", ORGANIZATIONS, text, admin_token), 422)
    assert body == {"detail": "输入有误：须为 JSON 对象", "errors": {"__all__": ["须为 JSON 对象"]}}
    english = _shape(_send(client, "post", ORGANIZATIONS, text, admin_token, "en"), 422)
    assert english["errors"] == {"__all__": ["Must be a JSON object"]}
    assert "OrganizationIn" not in english["detail"], english


def test_text_no_database_can_store_is_refused_in_chinese(client, admin_token):
    body = _shape(_send(client, "post", ORGANIZATIONS, '{"name": "甲\\u0000"}', admin_token), 422)
    assert body["errors"] == {"name": ["不能包含 NUL（\\x00）字符或无效的 Unicode 字符"]}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", ORGANIZATIONS, {"GET", "POST"}),
        ("delete", ORGANIZATIONS, {"GET", "POST"}),
        ("post", "/api/v1/organizations/{pk}", {"GET", "PUT", "PATCH", "DELETE"}),
    ],
)
def test_a_method_a_path_does_not_take_is_a_json_405_keeping_allow(
    client, admin_token, member_org, method, path, allowed
):
    path = path.format(pk=member_org.pk)
    body = _shape(_send(client, method, path, "{}", admin_token), 405)
    upper = method.upper()
    assert body["detail"].startswith(f"此接口不接受 {upper} 请求，只接受："), body
    response = _send(client, method, path, "{}", admin_token)
    assert set(response["Allow"].replace(" ", "").split(",")) == allowed
    assert set(body["detail"].split("：", 1)[1].replace(" ", "").split(",")) == allowed


def test_a_405_without_a_token_is_the_same_json(client):
    response = client.put(ORGANIZATIONS, "{}", content_type=JSON)
    assert _shape(response, 405)["detail"].startswith("此接口不接受 PUT 请求")
    assert response["Allow"]


def test_pages_keep_their_own_405(client):
    # Only /api/ answers in JSON: a page's 405 (an action's address read with GET) is untouched.
    middleware = ApiMethodNotAllowedMiddleware(lambda request: HttpResponseNotAllowed(["POST"]))
    page = middleware(RequestFactory().get("/bodies/1/members/2/remove/"))
    assert page["Content-Type"].startswith("text/html") and page["Allow"] == "POST"
    api = middleware(RequestFactory().get("/api/v1/anything"))
    assert api["Content-Type"].startswith("application/json") and api["Allow"] == "POST"


def test_a_bug_answers_500_in_the_shape_in_the_readers_language(db):
    from config.api import api

    request = RequestFactory().get("/api/v1/organizations")
    response = api.on_exception(request, RuntimeError("a bug"))
    assert response.status_code == 500
    assert json.loads(response.content) == {
        "detail": "处理请求时出现了意外错误，已记录在服务器日志中。请稍后再试。",
        "errors": {},
    }
    with translation.override("en"):
        english = json.loads(api.on_exception(request, RuntimeError("a bug")).content)
    assert english["detail"].startswith("An unexpected error"), english
