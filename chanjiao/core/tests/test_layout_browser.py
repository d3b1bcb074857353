"""Every page fits the screen it is read on: no page scrolls sideways, on a phone in Chinese or
on a laptop in English (wide tables scroll inside their own box).

Found by this walk: the top navigation, twelve links in a row, pushed the user menu and the
sign-out off a 1280-pixel screen for a signed-in reader (up to 1,736 pixels wide in English),
and the hidden "操作" header of a wide table widened a phone's page by up to 250 pixels."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from chanjiao.core.testing import BROWSER_TEST, browser_login
from chanjiao.core.tests.test_repeated_queries import _urls
from chanjiao.demo.loader import ensure_demo_accounts, load_demo

pytestmark = BROWSER_TEST

#: (width, language) of the screens every page is read on.
SCREENS = [(390, "zh-hans"), (1280, "en")]


def _pages() -> list[str]:
    """One page of each shape (the same route with other ids reads alike), no files."""
    shapes: dict[str, str] = {}
    for url in _urls():
        if url.startswith("/api/") or "format=" in url or re.search(r"/(docx|pdf|xlsx)/", url):
            continue
        shapes.setdefault(re.sub(r"\d+", "N", url), url)
    return sorted(shapes.values())


def admin_in_the_demo(page, base_url: str) -> list[str]:
    """Load the demo, sign the browser's ``page`` in as its admin (who reads every page) and
    give one page of each shape to walk."""
    load_demo()
    ensure_demo_accounts()
    browser_login(page, base_url, "admin", "admin")
    pages = _pages()
    assert len(pages) > 60
    return pages


def read_pages(page, base_url: str, language: str, urls: list[str]):
    """Open each of ``urls`` in ``language`` in the browser's ``page``, yielding the address of
    each that shows a whole HTML page (not an action's empty 405, a file or an htmx fragment)."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    for url in urls:
        try:
            response = page.goto(base_url + url)
        except PlaywrightError:  # an action's address answers a GET with an empty 405
            continue
        if response is None or response.status != 200:
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if "<html" not in response.text()[:200].lower():
            continue  # a fragment htmx puts into a page (a select's options)
        yield url


@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_on_a_phone_or_a_laptop(live_server, page):
    pages = admin_in_the_demo(page, live_server.url)
    wide = []
    for width, language in SCREENS:
        page.set_viewport_size({"width": width, "height": 800})
        for url in read_pages(page, live_server.url, language, pages):
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client + 1:
                wide.append(f"{width} {language} {url}: {scroll} > {client}")
    assert not wide, "\n".join(wide)
