"""The API as a whole: its OpenAPI schema and docs, its one error shape, and no 500 for any
input — checked by hand for the classic traps here, and by schemathesis for everything else in
test_api_schemathesis.py."""

import re

import pytest
from django.contrib.staticfiles import finders

from chanjiao.core.testing import api_write, assert_error, bearer, keep_local

RESOURCES = [
    "organizations",
    "people",
    "bodies",
    "events",
    "agreements",
    "carriers",
    "cohorts",
    "postings",
]


def test_openapi_schema_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for resource in RESOURCES:
        assert {"get", "post"} <= set(paths[f"/api/v1/{resource}"]), resource
        assert {"get", "patch", "put", "delete"} <= set(paths[f"/api/v1/{resource}/{{id}}"])
    assert {"get", "post"} <= set(paths["/api/v1/bodies/{id}/members"])
    assert "delete" in paths["/api/v1/bodies/{id}/members/{membership_id}"]
    assert "get" in paths["/api/v1/organizations/{id}/memberships"]
    assert "post" in paths["/api/v1/people/{id}/positions"]
    assert {"post"} <= set(paths["/api/v1/events/{id}/organizations"])
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()


#: GET operations that answer one thing, not a list: the reader's account, a body's report,
#: a body's council history (its terms, a handful, each with its seats).
NOT_LISTS = {
    "/api/v1/me",
    "/api/v1/bodies/{id}/annual-report",
    "/api/v1/bodies/{id}/council-history",
    "/api/v1/events/{id}/registration",  # an event's registration settings and counts
    "/api/v1/resources/{id}/calendar",  # a resource's slots over ?from=&to= (at most 366 days)
    # files: a charter's, a five-golds nomination's evidence, the published results as .xlsx
    "/api/v1/bodies/{id}/charters/{charter_id}/file",
    "/api/v1/golds-nominations/{id}/evidence",
    "/api/v1/golds-results/export",
}


def test_every_list_is_paginated_and_documents_its_errors(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    lists = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "get" and not path.endswith("}") and path not in NOT_LISTS:
                lists += 1
                params = {p["name"] for p in operation.get("parameters", [])}
                assert {"limit", "offset"} <= params, path
                page = operation["responses"]["200"]["content"]["application/json"]["schema"]
                assert page["$ref"].split("/")[-1].startswith("Paged"), (path, page)
            if method != "get":
                assert {"401", "403", "404", "422"} <= set(operation["responses"]), (method, path)
    # 26, /history, /bodies/{id}/history, /indicators, /collection-rounds[/{id}/forms],
    # /supervision/bodies, /plans[/{id}/goals|tasks|targets], /industry-chains, /chain-alignment,
    # /decision-rules, /meetings, /resolutions, /membership-applications,
    # /bodies/{id}/member-history, /sanctions, /resources, /resources/{id}/bookings, /bookings,
    # /events/{id}/registrations, /carriers/{id}/milestones|figures, /agreements/{id}/documents,
    # /bodies/{id}/committees/{committee_id}/seats, /bodies/{id}/charters, /golds-programmes,
    # /golds-categories, /golds-nominations, /golds-results
    assert lists == 57


def test_docs_page_loads_no_external_assets(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert references, html
    for url in references:
        assert not re.match(r"^(https?:)?//", url), f"external asset {url}"
    assert not re.search(r"https?://", html), "the docs page names an external host"
    scripts = [u for u in references if u.endswith(".js")]
    assert any("swagger-ui-bundle" in u for u in scripts), scripts
    for url in references:  # every asset is shipped with the app, found by the static finders
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a bundled static file"
    assert "/api/v1/openapi.json" in html


def test_errors_share_one_shape(client, admin_token, body):
    assert_error(client.get("/api/v1/bodies/999999"), 404)
    assert_error(client.get("/api/v1/bodies/not-a-number"), 422, "id")
    assert_error(api_write(client, "post", "/api/v1/bodies", {"kind": "other"}), 401)
    assert_error(
        api_write(client, "post", "/api/v1/bodies", {"kind": "other"}, admin_token), 422, "name"
    )


@pytest.mark.parametrize(
    "body, content_type, statuses",
    [
        ("{not json", "application/json", (400,)),
        ("[1, 2]", "application/json", (422,)),
        ("name=x", "application/x-www-form-urlencoded", (400, 422)),
    ],
)
def test_malformed_json_is_a_client_error_not_500(
    client, admin_token, body, content_type, statuses
):
    response = client.post(
        "/api/v1/organizations", body, content_type=content_type, headers=bearer(admin_token)
    )
    assert response.status_code in statuses
    assert_error(response, response.status_code)


@pytest.mark.parametrize("text", ["a\x00b", "\ud800"])
def test_unstorable_text_is_a_field_error(client, admin_token, text):
    response = api_write(client, "post", "/api/v1/organizations", {"name": text}, admin_token)
    assert_error(response, 422, "name")
    assert_error(client.get("/api/v1/organizations", {"q": "\x00"}), 422, "q")


def test_out_of_range_numbers_are_client_errors(client, admin_token, body):
    huge = 2**70
    assert_error(client.get(f"/api/v1/organizations/{huge}"), 404)
    assert_error(client.get(f"/api/v1/bodies/{huge}/members"), 404)
    assert_error(client.get("/api/v1/organizations", {"body": huge}), 422, "body")
    assert_error(client.get("/api/v1/organizations", {"offset": huge}), 422, "offset")
    assert_error(client.get("/api/v1/events", {"year": -1}), 422, "year")
    assert_error(
        api_write(
            client,
            "post",
            "/api/v1/events",
            {"name": "x", "bodies": [body.pk], "attendance": huge},
            admin_token,
        ),
        422,
        "attendance",
    )
    assert_error(
        api_write(
            client, "post", f"/api/v1/bodies/{body.pk}/terms", {"number": 40000}, admin_token
        ),
        422,
        "number",
    )
    assert_error(
        api_write(client, "post", "/api/v1/organizations", {"name": "x" * 500}, admin_token),
        422,
        "name",
    )


@pytest.mark.browser
def test_docs_page_renders_offline_in_a_browser(live_server):
    """Swagger UI draws the operations with every request kept on our own server."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()

            keep_local(page, live_server.url, outside)
            page.goto(f"{live_server.url}/api/v1/docs")
            page.wait_for_selector(".opblock-summary-path", timeout=15000)
            assert page.locator(".opblock-summary-path").count() > 60
            assert "chanjiao API" in page.title()
        finally:
            browser.close()
    assert not outside, outside


def test_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "没有这个接口：/api/v1/no-such-thing"


def test_api_answers_chinese_as_utf8_text(client, member_org):
    response = client.get("/api/v1/organizations", {"q": "工贸"})
    assert "成都工贸职业技术学院".encode() in response.content
    assert response.json()["items"][0]["name"] == "成都工贸职业技术学院"
