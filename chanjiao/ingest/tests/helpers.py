"""Shared pieces of the ingest tests: a synthetic article, the shared corpus, a local web
server, and the POST a reviewer's browser would send for an unchanged review page."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path

import pytest
from django.test import override_settings

#: A synthetic article (合成数据): every name in it is made up.
ARTICLE = """闽江智能装备职业教育集团成立大会在福州举行
发布时间：2024-05-10 来源：福州软件职业技术学院
5月8日，闽江智能装备职业教育集团成立大会在福州软件职业技术学院举行。大会由福建省教育厅指导，福州软件职业技术学院主办。福州软件职业技术学院党委书记林海峰致辞，校长陈志远主持会议。来自政府、院校和企业的代表200余人出席会议。
集团由福州软件职业技术学院牵头发起，首批成员单位66家。会上，福州软件职业技术学院与闽江港务集团有限公司签订校企合作协议，双方共建智慧港口产业学院。
"""

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_articles() -> list[Path]:
    """The three real articles of ../shared/corpus (the test skips where they are absent)."""
    articles = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not articles:
        pytest.skip("../shared/corpus is not present")
    return articles


def as_html_page(text: str, title: str | None = None, published: str | None = None) -> str:
    """The article as a web page: headline, date, the text's lines as paragraphs, and the
    navigation, login box and footer that real sites put around it."""
    title = title or text.strip().splitlines()[0]
    paragraphs = "".join(f"<p>{escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    date = f'<p class="date">发布时间：{published}</p>' if published else ""
    meta = f'<meta name="publishdate" content="{published}">' if published else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">{meta}<title>{escape(title)}</title></head>
<body>
<nav><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/about">学校概况</a> | <a href="/login">登录</a></nav>
<div class="login">账号密码登录 <input name="u"></div>
<article><h1>{escape(title)}</h1>{date}
{paragraphs}</article>
<footer>版权所有 © 某某网 京ICP备00000000号 联系我们</footer>
</body></html>"""


@contextmanager
def serve_pages(pages: dict[str, bytes]) -> Iterator[str]:
    """Serve ``{path: html bytes}`` from a real HTTP server on 127.0.0.1; yields the base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the stdlib's name)
            body = pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # News fetches refuse internal addresses; the test server is one, allowed as an operator
    # would allow an intranet site.
    allow = override_settings(CHANJIAO_FETCH_ALLOWED_HOSTS=["127.0.0.1"])
    allow.enable()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        allow.disable()
        server.shutdown()
        server.server_close()


def review_post(response) -> dict:
    """The POST of the review page as rendered: every field with the value it shows."""
    data: dict = {}
    forms = [
        form for _kind, _label, items, _parts in response.context["groups"] for _p, form in items
    ]
    for form in [*forms, response.context["main_form"]]:
        for field in form:
            value = field.value()
            if field.widget_type == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            elif value is not None:
                data[field.html_name] = str(value)
    return data


# --- reading an extracted record ------------------------------------------------------------------


def names_of(record: dict) -> set[str]:
    """Every organisation and body name of an extracted record."""
    return {o["name"] for o in record["organizations"]} | {b["name"] for b in record["bodies"]}


def people_of(record: dict) -> dict[str, dict]:
    """The record's people by name."""
    return {p["name"]: p for p in record["people"]}


def name_and_kind(items: list[dict]) -> list[dict]:
    """Names and kinds of extracted items (their evidence and confidence are tested apart)."""
    return [{"name": i["name"], "kind": i["kind"]} for i in items]
