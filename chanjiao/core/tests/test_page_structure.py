"""Every page can be read without seeing it: a language, a title, one main region with a
heading, a name for every field, link, button and picture, tables with headers, and ids that
are unique (what a screen reader needs: WCAG 1.1.1, 1.3.1, 2.4.2, 3.1.1, 4.1.1, 4.1.2). Each
GET page is read over the demo by an admin, a body's secretariat and an anonymous reader (the
pages with forms, and those without)."""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest
from django.test import Client

from chanjiao.core.tests.test_repeated_queries import _urls, demo  # noqa: F401  (the fixture)

#: Inputs that carry no text a person types or picks.
UNNAMED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _named(element, labelled: set[str]) -> bool:
    if element.get("aria-label", "").strip() or element.get("title", "").strip():
        return True
    if element.get("aria-labelledby") or element.get("id") in labelled:
        return True
    return any(parent.tag == "label" for parent in element.iterancestors())


def problems(html: str) -> list[str]:
    """What a screen reader would miss on a page."""
    page = lxml.html.document_fromstring(html)
    found = []
    if not page.get("lang"):
        found.append("<html> has no lang")
    titles = page.findall(".//title")
    if len(titles) != 1 or not _text(titles[0]):
        found.append("no title")
    labelled = {label.get("for") for label in page.iter("label") if label.get("for")}
    for field in page.iter("input", "select", "textarea"):
        if field.tag == "input" and field.get("type", "text") in UNNAMED_INPUTS:
            continue
        if not _named(field, labelled):
            found.append(f"<{field.tag} name={field.get('name')!r}> has no label")
    for img in page.iter("img"):
        if img.get("alt") is None:
            found.append(f"<img src={img.get('src')!r}> has no alt")
    for element in page.iter("a", "button"):
        if element.tag == "a" and element.get("href") is None:
            continue
        has_picture = any(img.get("alt") for img in element.iter("img"))
        if not (_text(element) or has_picture or _named(element, set())):
            found.append(f"<{element.tag} {dict(element.attrib)}> has no name")
    if len(page.findall(".//main")) != 1:
        found.append("not one <main>")
    if not page.findall(".//h1"):
        found.append("no <h1>")
    for table in page.iter("table"):
        if not table.findall(".//th"):
            found.append("a table without headers")
    ids = Counter(e.get("id") for e in page.iter() if isinstance(e.tag, str) and e.get("id"))
    found += [f"id {i!r} {n} times" for i, n in ids.items() if n > 1]
    return found


@pytest.mark.parametrize("reader", [None, "admin", "chengdu"])
def test_every_page_names_its_fields_links_and_pictures(demo, db, reader):  # noqa: F811
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    if reader:
        client.force_login(get_user_model().objects.get(username=reader))
    failed = {}
    for url in _urls():
        if url.startswith("/api/"):
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if "<html" not in html:
            continue  # a part of a page, fetched by the page (htmx)
        found = problems(html)
        if found:
            failed[url] = found
    assert not failed, "\n".join(f"{url}: {p}" for url, ps in failed.items() for p in ps)


def test_a_field_without_a_label_a_picture_without_alt_and_a_repeated_id_are_found():
    page = """<html lang="zh-Hans"><head><title>t</title></head><body><main><h1>t</h1>
        <label for="a">名称</label><input id="a" name="name">
        <input id="b" name="phone"><img src="x.png"><a href="/x"></a>
        <label>备注 <textarea name="notes"></textarea></label><span id="a"></span>
        <table><tr><td>1</td></tr></table>
    </main></body></html>"""
    assert problems(page) == [
        "<input name='phone'> has no label",
        "<img src='x.png'> has no alt",
        "<a {'href': '/x'}> has no name",
        "a table without headers",
        "id 'a' 2 times",
    ]
