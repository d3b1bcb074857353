"""Fetching pages (抓取网页) from a real HTTP server on 127.0.0.1, one path per behaviour.

127.0.0.1 is internal, so the tests that fetch pages allow it explicitly (``allowed``), as an
operator would with ``CHANJIAO_FETCH_ALLOWED_HOSTS``; the refusals run without it.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest
from django.utils import translation

from chanjiao.ingest.pipeline import fetch as fetch_module
from chanjiao.ingest.pipeline import fetch_body
from chanjiao.ingest.pipeline.fetch import FetchError, check_url
from chanjiao.ingest.pipeline.fetch import fetch as fetch_unallowed

LOCAL = ("127.0.0.1",)
GENERIC = "无法抓取该网址，请检查网址是否正确或稍后再试"


def fetch(url: str, **kwargs) -> fetch_module.Fetched:
    """Fetch with the test server's address allowed, as an operator's setting would."""
    kwargs.setdefault("allowed_hosts", LOCAL)
    return fetch_unallowed(url, **kwargs)


HTML = "<html><head><title>产教融合共同体成立</title></head><body>两百余人出席。</body></html>"
GBK_PAGE = "河北省装备制造职业教育集团召开年会".encode("gbk")
TRICKLE_DELAY = 0.1  # seconds between bytes of the slow page
PROXY_VARIABLES = (
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
)


class Handler(BaseHTTPRequestHandler):
    """One path per scenario; anything unknown is a 404."""

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def send_body(self, body: bytes, content_type: str | None, **headers: str) -> None:
        self.send_response(200)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    hits = 0  # requests received, so refusal tests can prove nothing was sent

    def do_GET(self):
        type(self).hits += 1
        name = unquote(self.path).strip("/").split("?")[0].replace("-", "_")
        route = getattr(self, "route_" + name, None)
        if route is None:
            self.send_error(404, "Not Found")
        else:
            route()

    def route_utf8(self):
        self.send_body(HTML.encode(), "text/html; charset=UTF-8")

    def route_gbk(self):
        self.send_body(GBK_PAGE, "text/plain; charset=GBK")

    def route_untyped(self):
        self.send_body(b"plain words", None)

    def route_headers(self):
        seen = f"{self.headers['User-Agent']}|{self.headers['Accept-Encoding']}"
        self.send_body(seen.encode(), "text/plain")

    def route_redirect(self):
        self.send_response(302)
        self.send_header("Location", "/moved")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_moved(self):
        self.send_body(b"<p>moved here</p>", "text/html")

    def route_loop(self):
        self.send_response(301)
        self.send_header("Location", "/loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_to_ftp(self):
        self.send_response(302)
        self.send_header("Location", "ftp://127.0.0.1/file.txt")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_bounce(self):
        # /bounce?to=ADDRESS redirects to ADDRESS (a redirect from an allowed host).
        target = unquote(self.path.split("?to=", 1)[1])
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_broken(self):
        self.send_error(500, "Internal Server Error")

    def route_large_declared(self):
        # Declares 10 MB but sends almost nothing: the client must give up on the header alone.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(10 * 1024 * 1024))
        self.end_headers()
        self.wfile.write(b"<html>")

    def route_large_streamed(self):
        # HTTP/1.0 without Content-Length: the body ends when the server closes the connection.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.write_quietly([b"x" * 4096] * 64)  # 256 KB
        self.close_connection = True

    def route_large_chunked(self):
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"x" * 4096
        self.write_quietly([b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 64 + [b"0\r\n\r\n"])
        self.close_connection = True

    def route_slow(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.flush()
        for _ in range(100):  # 10 s in all if nobody gives up; the client must stop at ~1 s
            if not self.write_quietly([b"x"]):
                return
            time.sleep(TRICKLE_DELAY)

    def route_stall(self):
        # Headers late, one byte, then silence: the last read must be cut to the time left.
        time.sleep(0.8)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "10")
        self.end_headers()
        if self.write_quietly([b"x"]):
            time.sleep(3)

    def route_gzip(self):
        self.send_body(
            gzip.compress(HTML.encode()), "text/html; charset=utf-8", Content_Encoding="gzip"
        )

    def route_deflate(self):
        self.send_body(zlib.compress(HTML.encode()), "text/html", Content_Encoding="deflate")

    def route_raw_deflate(self):
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = packer.compress(HTML.encode()) + packer.flush()
        self.send_body(body, "text/html", Content_Encoding="deflate")

    def route_gzip_bomb(self):
        # 8 MB of zeros compress to a few KB: small on the wire, large in memory.
        self.send_body(gzip.compress(bytes(8 * 1024 * 1024)), "text/html", Content_Encoding="gzip")

    def route_png(self):
        self.send_body(b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png")

    def route_truncated(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"<html>only the start")
        self.close_connection = True

    def route_中文(self):  # the request line carries /%E4%B8%AD%E6%96%87; do_GET unquotes it
        self.send_body(self.path.encode(), "text/plain")

    def write_quietly(self, pieces: list[bytes]) -> bool:
        """Write and flush each piece; False once the client has hung up (as it should)."""
        try:
            for piece in pieces:
                self.wfile.write(piece)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return False
        return True


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up on purpose are not errors here


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Base URL of a threaded HTTP server on a free port, shut down after the module's tests."""
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    with pytest.MonkeyPatch.context() as patch:
        # A proxy from the environment would be asked for 127.0.0.1 instead of the server.
        for name in PROXY_VARIABLES:
            patch.delenv(name, raising=False)
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)


# --- pages that are fetched ---------------------------------------------------------------------


def test_utf8_html_page_is_returned_with_bytes_type_and_charset(server):
    page = fetch(server + "/utf8")
    assert page.data == HTML.encode()
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.url == server + "/utf8"


def test_gbk_page_keeps_its_bytes_and_the_header_charset(server):
    page = fetch(server + "/gbk")
    assert page.data == GBK_PAGE
    assert page.content_type == "text/plain"
    assert page.charset == "gbk"
    assert page.data.decode(page.charset) == "河北省装备制造职业教育集团召开年会"


def test_page_without_content_type_is_accepted(server):
    page = fetch(server + "/untyped")
    assert page.data == b"plain words"
    assert page.content_type is None and page.charset is None


def test_user_agent_and_accept_encoding_are_sent(server):
    assert fetch(server + "/headers").data.decode() == (
        "chanjiao-ingest/1.0 (+https://github.com/chanjiao)|gzip, deflate"
    )


def test_redirect_returns_the_final_url(server):
    page = fetch(server + "/redirect")
    assert page.url == server + "/moved"
    assert page.data == b"<p>moved here</p>"


def test_gzip_page_is_decompressed(server):
    page = fetch(server + "/gzip")
    assert page.data == HTML.encode()
    assert page.charset == "utf-8"


def test_deflate_page_is_decompressed_with_or_without_zlib_header(server):
    assert fetch(server + "/deflate").data == HTML.encode()
    assert fetch(server + "/raw-deflate").data == HTML.encode()


def test_non_ascii_path_is_percent_encoded_as_utf8(server):
    page = fetch(server + "/中文")
    assert page.data == b"/%E4%B8%AD%E6%96%87"


# --- pages that are refused ---------------------------------------------------------------------


def test_404_raises_fetch_error_naming_the_status(server):
    with pytest.raises(FetchError, match="404") as caught:
        fetch(server + "/missing")
    assert "Not Found" in str(caught.value)
    assert "请检查网址是否正确" in str(caught.value)


def test_500_raises_fetch_error_suggesting_to_try_later(server):
    with pytest.raises(FetchError, match="500.*请稍后再试"):
        fetch(server + "/broken")


def test_redirect_loop_raises_fetch_error(server):
    with pytest.raises(FetchError, match="次数过多或循环"):
        fetch(server + "/loop")


def test_redirect_to_ftp_is_not_followed(server):
    with pytest.raises(FetchError, match="网址被重定向到无法抓取的地址"):
        fetch(server + "/to-ftp")


def test_declared_length_above_limit_fails_before_reading(server):
    with pytest.raises(FetchError, match="网页超过 5 MB 的上限（10 MB）"):
        fetch(server + "/large-declared")


@pytest.mark.parametrize("path", ["/large-streamed", "/large-chunked"])
def test_body_without_length_above_limit_raises_fetch_error(server, path):
    with pytest.raises(FetchError, match="网页超过 64 KB 的上限"):
        fetch(server + path, max_bytes=64 * 1024)


def test_body_within_limit_without_length_is_read_to_the_end(server):
    assert len(fetch(server + "/large-streamed").data) == 256 * 1024
    assert len(fetch(server + "/large-chunked").data) == 256 * 1024


def test_trickling_server_fails_after_about_the_timeout(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"抓取超时（1 秒）"):
        fetch(server + "/slow", timeout=1.0)
    elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 3.0


def test_stall_after_a_slow_start_ends_at_the_deadline_not_a_full_timeout_later(server):
    # A socket timeout fixed at 1 s would let the stalled read end at about 0.8 + 1 s.
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"抓取超时（1 秒）"):
        fetch(server + "/stall", timeout=1.0)
    assert time.monotonic() - started < 1.6


def test_gzip_bomb_larger_than_limit_when_decompressed_raises_fetch_error(server):
    with pytest.raises(FetchError, match="网页超过 1 MB 的上限"):
        fetch(server + "/gzip-bomb", max_bytes=1024 * 1024)


def test_png_content_type_raises_fetch_error_naming_the_type(server):
    with pytest.raises(FetchError, match="网址返回的是 image/png，只能导入网页和文本"):
        fetch(server + "/png")


def test_truncated_body_raises_fetch_error(server):
    with pytest.raises(FetchError, match="网页未完整下载"):
        fetch(server + "/truncated")


def test_refused_connection_raises_the_generic_error_without_the_port():
    # A socket bound but not listening holds the port, and connecting to it is refused.
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        with pytest.raises(FetchError) as caught:
            fetch(f"http://127.0.0.1:{port}/", timeout=2.0)
    assert str(caught.value) == GENERIC
    assert str(port) not in str(caught.value) and "refused" not in str(caught.value)


def test_unknown_host_raises_the_same_generic_error(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    # The resolver is replaced so the test needs neither DNS nor a network.
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError) as caught:
        fetch("http://no-such-host.invalid/")
    assert str(caught.value) == GENERIC


# --- internal addresses (server-side request forgery) -------------------------------------------

SPELLINGS_OF_THIS_MACHINE = [
    "127.0.0.1",
    "127.1",
    "2130706433",
    "0x7f000001",
    "0177.0.0.1",
    "0.0.0.0",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "localhost",
    "localhost.",
    "LOCALHOST",
]


@pytest.mark.parametrize("host", SPELLINGS_OF_THIS_MACHINE)
def test_this_machine_in_any_spelling_is_refused_without_a_request(server, host):
    port = server.rsplit(":", 1)[1]
    before = Handler.hits
    with pytest.raises(FetchError) as caught:
        fetch_unallowed(f"http://{host}:{port}/utf8", timeout=2.0)
    assert str(caught.value) == GENERIC
    assert Handler.hits == before, "the internal server must not receive the request"


@pytest.mark.parametrize(
    "address",
    [
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[fc00::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
        "http://[64:ff9b::a00:1]/",  # NAT64 wrapping 10.0.0.1
    ],
)
def test_private_link_local_shared_and_reserved_addresses_are_refused_without_connecting(
    address, monkeypatch
):
    def no_network(*args, **kwargs):
        raise AssertionError("an internal address must not be connected to")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(fetch_module._Pinned, "_connect_checked", no_network, raising=False)
    with pytest.raises(FetchError) as caught:
        fetch_unallowed(address, timeout=2.0)
    assert str(caught.value) == GENERIC


def _resolver(table: dict[str, list], calls: list[str] | None = None):
    """A getaddrinfo answering from ``table`` (name → addresses, or a list of answers, one per
    lookup) and the real one otherwise."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if calls is not None:
            calls.append(host)
        if host not in table:
            return real(host, port, *args, **kwargs)
        answers = table[host]
        if answers and isinstance(answers[0], list):  # one answer per lookup
            answers = answers.pop(0)
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port, 0, 0) if ":" in ip else (ip, port),
            )
            for ip in answers
        ]

    return getaddrinfo


def test_a_name_resolving_to_an_internal_address_is_refused(server, monkeypatch):
    port = server.rsplit(":", 1)[1]
    monkeypatch.setattr(socket, "getaddrinfo", _resolver({"news.example": ["127.0.0.1"]}))
    before = Handler.hits
    with pytest.raises(FetchError) as caught:
        fetch_unallowed(f"http://news.example:{port}/utf8")
    assert str(caught.value) == GENERIC and Handler.hits == before


def test_a_name_with_one_public_and_one_internal_address_is_refused(server, monkeypatch):
    port = server.rsplit(":", 1)[1]
    resolver = _resolver({"mixed.example": ["93.184.216.34", "127.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    before = Handler.hits
    with pytest.raises(FetchError, match="无法抓取该网址"):
        fetch_unallowed(f"http://mixed.example:{port}/utf8", timeout=2.0)
    assert Handler.hits == before


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/utf8",
        "http://localhost:{port}/utf8",
        "http://[::ffff:127.0.0.1]:{port}/utf8",
        "http://0x7f000001:{port}/utf8",
        "http://169.254.169.254/latest/meta-data/",
        "/bounce?to=http://127.1:{port}/utf8",  # a relative redirect, then an internal one
    ],
)
def test_a_redirect_from_an_allowed_host_to_an_internal_one_is_refused(server, monkeypatch, target):
    # The allowed host is a name for the test server; 127.0.0.1 itself is not allowed.
    port = server.rsplit(":", 1)[1]
    monkeypatch.setattr(socket, "getaddrinfo", _resolver({"allowed.example": ["127.0.0.1"]}))
    site = f"http://allowed.example:{port}"
    assert fetch_unallowed(site + "/utf8", allowed_hosts=["allowed.example"]).data == HTML.encode()
    before = Handler.hits
    with pytest.raises(FetchError) as caught:
        fetch_unallowed(
            f"{site}/bounce?to={target.format(port=port)}",
            allowed_hosts=["allowed.example"],
            timeout=2.0,
        )
    assert str(caught.value) == GENERIC
    hops = 2 if target.startswith("/") else 1
    assert Handler.hits == before + hops, "only the allowed host's redirects may be requested"


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(server, monkeypatch):
    # DNS rebinding: the first answer passes the check, a second one would point elsewhere.
    port = server.rsplit(":", 1)[1]
    calls: list[str] = []
    answers = {"rebind.example": [["127.0.0.1"], ["10.9.9.9"], ["10.9.9.9"]]}
    monkeypatch.setattr(socket, "getaddrinfo", _resolver(answers, calls))
    page = fetch_unallowed(
        f"http://rebind.example:{port}/utf8", allowed_hosts=["127.0.0.1/32"], timeout=2.0
    )
    assert page.data == HTML.encode()
    assert calls == ["rebind.example"]


def test_allowed_networks_and_names_admit_only_themselves(server, monkeypatch):
    port = server.rsplit(":", 1)[1]
    assert fetch_unallowed(server + "/utf8", allowed_hosts=["127.0.0.0/8"]).data == HTML.encode()
    with pytest.raises(FetchError, match="无法抓取该网址"):
        fetch_unallowed(server + "/utf8", allowed_hosts=["10.0.0.0/8", "intranet.example"])
    monkeypatch.setattr(socket, "getaddrinfo", _resolver({"intranet.example.": ["127.0.0.1"]}))
    page = fetch_unallowed(
        f"http://INTRANET.example.:{port}/utf8", allowed_hosts=[" intranet.example "]
    )
    assert page.data == HTML.encode()


def test_a_hanging_name_lookup_ends_at_the_deadline(monkeypatch):
    def slow(*args, **kwargs):
        time.sleep(3)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    started = time.monotonic()
    with pytest.raises(FetchError, match="无法抓取该网址"):
        fetch_unallowed("http://slow-dns.example/", timeout=0.5)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("8.8.8.8", False),
        ("93.184.216.34", False),
        ("2001:4860:4860::8888", False),
        ("127.0.0.1", True),
        ("100.127.255.254", True),
        ("198.18.0.1", True),
        ("255.255.255.255", True),
        ("::", True),
        ("::ffff:127.0.0.1", True),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", True),  # Teredo
    ],
)
def test_internal_addresses_are_recognised(address, internal):
    assert fetch_module.is_internal_address(ipaddress.ip_address(address)) is internal


# --- addresses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "",
        "   ",
        "http://",
        "https:///path",
        "www.example.com/news",
        "http://user:secret@example.com/",
        "http://example.com:99999/",
        "http://exa\nmple.com/",
    ],
)
def test_unfetchable_address_raises_fetch_error_without_network(url, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the network must not be used")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(FetchError):
        fetch(url)


def test_non_http_scheme_message_quotes_the_address_in_the_readers_language():
    with pytest.raises(FetchError) as caught:
        check_url("ftp://x")
    assert str(caught.value) == "只能抓取 http/https 网址：'ftp://x'"
    with translation.override("en"):
        english = caught.value.translated(translation.gettext)
    assert english == "Only http and https addresses can be fetched: 'ftp://x'"


def test_check_url_normalises_the_address():
    assert check_url("  HTTPS://Example.COM  ") == "https://example.com/"
    assert check_url("http://example.com:80/a b?q=产教#top") == (
        "http://example.com/a%20b?q=%E4%BA%A7%E6%95%99"
    )
    assert check_url("http://例子.中国/%E4%B8%AD") == "http://xn--fsqu00a.xn--fiqs8s/%E4%B8%AD"
    assert check_url("http://[::1]:8080/x") == "http://[::1]:8080/x"


def test_sizes_are_human_readable():
    assert fetch_body._size(5 * 1024 * 1024) == "5 MB"
    assert fetch_body._size(1536 * 1024) == "1.5 MB"
    assert fetch_body._size(64 * 1024) == "64 KB"
    assert fetch_body._size(300) == "300 B"
