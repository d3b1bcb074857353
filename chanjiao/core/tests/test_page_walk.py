"""Every page as its readers meet it: titled by its heading, and no link on it leads its
reader to a page that refuses them or does not exist.

The walk is the one of :mod:`.test_repeated_queries` (every GET route on up to three records of
the demo, and up to two of the records under each)."""

from __future__ import annotations

import html
import re
from collections import Counter

import html5lib
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chanjiao.core.tests.test_repeated_queries import _urls, demo  # noqa: F401 (a fixture)

#: Links that are not pages to read: signing out, switching language, files, the admin.
NOT_A_PAGE = re.compile(
    r"^/(?:accounts/logout|i18n|static|media|admin)/|format=|\.(?:xlsx|pdf|docx)"
)
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')
SIGN_IN = re.compile(r"/accounts/login/")
#: A decimal as ``Decimal.normalize`` writes it (``1.2E+3``).
EXPONENT = re.compile(r"(?<![\w.-])\d(?:\.\d+)?E[+-]\d+\b")


def _client(reader: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if reader:
        client.force_login(get_user_model().objects.get(username=reader))
    return client


def _pages(client: Client):
    """``(url, html)`` of each page of the walk that answers the reader."""
    for url in _urls():
        if url.startswith("/api/") or "?" in url:
            continue
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            yield url, response.content.decode()


def _parse_errors(page: str) -> list[str]:
    """What an HTML5 parser finds wrong in a whole page (a fragment htmx swaps in has no
    doctype of its own and is not read)."""
    if not page.lstrip().lower().startswith("<!doctype"):
        return []
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(page)
    lines = page.splitlines()
    return [
        f"HTML {code} at {row}:{col}: {lines[row - 1][max(0, col - 60) : col + 20]!r}"
        for (row, col), code, _data in parser.errors
    ]


def test_every_page_is_titled_by_its_heading_and_draws_every_field(demo, db):  # noqa: F811
    """A browser tab, a bookmark and the history name a page by its <title>: it carries the
    page's <h1> (the home page aside, titled 首页). The golds pages fell back to 首页. And no
    form field falls back to the bare browser control (``cj-widget-raw``): the registration
    window's date-and-time fields and the news import's files did. A select's empty choice
    reads 请选择, not Django's ``---------``. No figure is written with an exponent: the yearly
    collection's totals and forms read 1200 as ``1.2E+3``. And an HTML5 parser reads every page
    without an error: the API tokens page wrote ``Bearer <令牌>`` as raw text (in English a
    ``<token>`` tag the browser hid), a golds link a bare ``&kind=``. Every page that edits a
    stored record carries the version it was opened on (``seen_version``), so that a save over a
    colleague's later change is caught."""
    untitled = []
    for url, page in _pages(_client("admin")):
        if url.endswith("/edit/") and 'name="seen_version"' not in page:
            untitled.append(f"{url}: an edit page without the version it was opened on")
        if "cj-widget-raw" in page:
            untitled.append(f"{url}: a field drawn by the browser alone")
        if ">---------<" in page:
            untitled.append(f"{url}: a select offers ---------")
        if exponent := EXPONENT.search(page):
            untitled.append(f"{url}: a figure written {exponent.group()}")
        for line in _parse_errors(page):
            untitled.append(f"{url}: {line}")
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        if url == "/" or title is None or heading is None:
            continue  # the home page; a fragment swapped into a page
        head = html.unescape(title.group(1)).rsplit(" · 产教", 1)[0].strip()
        h1 = html.unescape(re.sub(r"<[^>]+>|\s+", "", heading.group(1)))
        if h1 not in re.sub(r"\s+", "", head):
            untitled.append(f"{url}: <title> {head!r}, <h1> {h1!r}")
    assert not untitled, "\n".join(untitled)


@pytest.mark.parametrize("reader", [None, "jxjd", "chengdu"])
def test_no_page_links_its_reader_to_a_page_that_refuses_them(demo, db, reader):  # noqa: F811
    """A button is shown only to who may follow it: the body page offered 五金建设 to every
    reader, a 404 where the body runs none; the cohort and posting lists offered their
    imports to every reader, a 403 for all but the body's secretariat. Nor does a link send an
    anonymous reader to sign in, but 登录 itself: /talent/ offered them 人岗匹配 and 安置与结果."""
    client = _client(reader)
    found_on: dict[str, str] = {}
    shapes: Counter = Counter()
    refused = []

    def follow(url: str, page: str) -> list[tuple[str, str]]:
        new = []
        for link in map(html.unescape, LINK.findall(page)):
            shape = re.sub(r"\d+", "N", link)
            if link in found_on or NOT_A_PAGE.search(link) or shapes[shape] >= 2:
                continue
            shapes[shape] += 1
            found_on[link] = url
            new.append((link, url))
        return new

    queue = [link for url, page in _pages(client) for link in follow(url, page)]
    while queue:  # the links of the pages the links lead to too (a list filtered by body)
        link, url = queue.pop()
        response = client.get(link)
        if response.status_code in (403, 404) or response.status_code >= 500:
            refused.append(f"{link} ({response.status_code}) on {url}")
        elif reader is None and SIGN_IN.match(response.get("Location", "")):
            if not SIGN_IN.match(link):
                refused.append(f"{link} (sign-in) on {url}")
        elif response.status_code == 200 and "text/html" in response["Content-Type"]:
            queue.extend(follow(link, response.content.decode()))
    assert not refused, "\n".join(refused)


#: A grid column with nothing in it (its form or actions are for other readers).
EMPTY_COLUMN = re.compile(r'<div class="col-(?:sm|md|lg|xl)-\d+">\s*</div>')


@pytest.mark.parametrize("reader", [None, "jxjd"])
def test_no_page_sets_its_content_beside_an_empty_column(demo, db, reader):  # noqa: F811
    """A page whose side column holds only forms for others gives its content the whole
    width: the yearly collection, a nomination and a booking left a blank third."""
    beside_nothing = [url for url, page in _pages(_client(reader)) if EMPTY_COLUMN.search(page)]
    assert not beside_nothing, "\n".join(beside_nothing)
