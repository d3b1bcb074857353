"""Odd values in a page's query string or form (?body=², a NUL byte, an id too large for any
key, a "next" that is no path) are read as absent or answered with a 4xx: never a server error.
The walks cover every page route, and every page of the permission matrix on the records of its
world; every API write of the matrix gets bodies of the wrong type (the API's parameters are
checked by schemathesis; Django's own admin is left out)."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from chanjiao.core.tests import test_permission_matrix as matrix
from chanjiao.core.validators import as_id, ascii_digits

#: Every query parameter a page reads.
PARAMS = (
    "body", "agreement", "job", "kind", "owner", "organization", "role", "status", "edit",
    "motion", "partial", "decision", "year", "start", "month", "week", "q", "page", "sort",
    "format", "event", "term", "unit", "round", "plan", "level", "category", "since", "until",
)  # fmt: skip
#: ² and ١٢ pass str.isdigit (int() refuses ²); PostgreSQL refuses NUL in text.
ODD_VALUES = ("²", "١٢", "\x00", "99999999999999999999", "-1", "2024-13-45")


def _routes(resolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _page_urls(pk: int) -> list[str]:
    urls = set()
    for route in _routes(get_resolver()):
        if route.startswith(("api/", "admin/", "^")) or "(?P" in route or "logout" in route:
            continue
        route = re.sub(r"<int:\w+>", str(pk), route)
        route = re.sub(r"<str:fmt>", "docx", route)
        route = re.sub(r"<(?:str|slug|path):\w+>", "x", route)
        urls.add("/" + route)
    return sorted(urls)


def test_ids_and_digits_are_ascii_and_fit_a_key():
    assert [as_id(v) for v in ("12", "²", "١٢", "-1", "", None, "9" * 19)] == [12] + [None] * 6
    assert ascii_digits("110105") and not ascii_digits("¹¹⁰¹⁰⁵") and not ascii_digits("")


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_no_page_answers_a_server_error_to_an_odd_query_value(admin_client, body, value):
    admin_client.raise_request_exception = False
    query = urllib.parse.urlencode(dict.fromkeys(PARAMS, value))
    failed = [
        url for url in _page_urls(body.pk) if admin_client.get(f"{url}?{query}").status_code >= 500
    ]
    assert not failed, failed


@pytest.mark.parametrize("value", ("²", "abc", "\x00", "99999999999999999999"), ids=repr)
def test_no_form_page_answers_a_server_error_to_odd_posted_values(admin_client, body, value):
    # The fields a view reads itself, beside its form: a unit, a proxy, a body, an action …
    admin_client.raise_request_exception = False
    fields = ("organization", "proxy", "status", "choice", "body", "action", "proposal", "job")
    failed = [
        url
        for url in _page_urls(body.pk)
        if not any(word in url for word in ("delete", "remove", "logout"))
        and admin_client.post(url, dict.fromkeys(fields, value)).status_code >= 500
    ]
    assert not failed, failed


#: The permission matrix's records, built once for this module, and its pages.
world, w = matrix.world, matrix.w

#: The fields a view reads itself, beside its form.
POSTED = (
    "organization", "proxy", "status", "choice", "body", "action", "proposal", "job", "until",
    "year", "role", "kind", "decision", "next", "motion", "edit", "term", "unit",
)  # fmt: skip


@pytest.mark.parametrize("actor", ["admin", "contact"])
def test_no_page_of_the_matrix_answers_a_server_error_to_odd_values(w, actor):
    from django.urls import reverse

    failed = []
    for page in matrix.PAGES:
        args = [w[a] if isinstance(w[a], str) else w[a].pk for a in page.args]
        url = reverse(page.name, args=[*args, page.query] if page.query else args)
        for value in (*ODD_VALUES, "abc"):
            client = matrix._page_client(w, actor)
            client.raise_request_exception = False
            if page.method == "GET":
                query = urllib.parse.urlencode(dict.fromkeys(PARAMS, value))
                response = client.get(f"{url}?{query}")
            else:
                response = client.post(url, dict.fromkeys(POSTED, value))
            if response.status_code >= 500:
                failed.append(f"{page.id} {value!r}")
    assert not failed, failed


#: Bodies of the wrong shape or type: JSON that is no object, bytes that are no UTF-8, text,
#: a urlencoded form, multipart forms (one with a file, one empty, one broken).
ODD_BODIES = (
    ("application/json", b"[]"),
    ("application/json", b"null"),
    ("application/json", b"\xff\xfe"),
    ("text/plain", b"x"),
    ("application/x-www-form-urlencoded", b"a=1"),
    (
        "multipart/form-data; boundary=b",
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF\r\n'
        b"--b--\r\n",
    ),
    ("multipart/form-data; boundary=b", b"--b--\r\n"),
    ("multipart/form-data", b"garbage"),
)


def test_no_api_write_answers_a_server_error_to_an_odd_body(w):
    from django.test import Client

    failed = []
    for row in matrix.API_WRITES:
        method, path = row.op.split()[0], row.path(w)
        for content_type, body in ODD_BODIES:
            response = Client(raise_request_exception=False).generic(
                method,
                path,
                body,
                content_type=content_type,
                headers=matrix._api_headers(w, "admin"),
            )
            if response.status_code >= 500:
                failed.append(f"{row.op} {content_type} {body[:12]!r}")
    assert not failed, failed
