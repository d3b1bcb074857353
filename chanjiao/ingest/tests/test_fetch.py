"""Fetching pages (抓取网页) from a real HTTP server on 127.0.0.1, one path per behaviour."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest

from chanjiao.ingest.pipeline import fetch as fetch_module
from chanjiao.ingest.pipeline.fetch import FetchError, check_url, fetch

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

    def do_GET(self):
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
    assert "check the address" in str(caught.value)


def test_500_raises_fetch_error_suggesting_to_try_later(server):
    with pytest.raises(FetchError, match="500.*try again later"):
        fetch(server + "/broken")


def test_redirect_loop_raises_fetch_error(server):
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(server + "/loop")


def test_redirect_to_ftp_is_not_followed(server):
    with pytest.raises(FetchError, match="redirects to an address that cannot be fetched"):
        fetch(server + "/to-ftp")


def test_declared_length_above_limit_fails_before_reading(server):
    with pytest.raises(FetchError, match=r"larger than the limit of 5 MB \(10 MB\)"):
        fetch(server + "/large-declared")


@pytest.mark.parametrize("path", ["/large-streamed", "/large-chunked"])
def test_body_without_length_above_limit_raises_fetch_error(server, path):
    with pytest.raises(FetchError, match="larger than the limit of 64 KB"):
        fetch(server + path, max_bytes=64 * 1024)


def test_body_within_limit_without_length_is_read_to_the_end(server):
    assert len(fetch(server + "/large-streamed").data) == 256 * 1024
    assert len(fetch(server + "/large-chunked").data) == 256 * 1024


def test_trickling_server_fails_after_about_the_timeout(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1 s"):
        fetch(server + "/slow", timeout=1.0)
    elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 3.0


def test_stall_after_a_slow_start_ends_at_the_deadline_not_a_full_timeout_later(server):
    # A socket timeout fixed at 1 s would let the stalled read end at about 0.8 + 1 s.
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1 s"):
        fetch(server + "/stall", timeout=1.0)
    assert time.monotonic() - started < 1.6


def test_gzip_bomb_larger_than_limit_when_decompressed_raises_fetch_error(server):
    with pytest.raises(FetchError, match="larger than the limit of 1 MB"):
        fetch(server + "/gzip-bomb", max_bytes=1024 * 1024)


def test_png_content_type_raises_fetch_error_naming_the_type(server):
    with pytest.raises(FetchError, match="image/png; only web pages and text can be ingested"):
        fetch(server + "/png")


def test_truncated_body_raises_fetch_error(server):
    with pytest.raises(FetchError, match="incomplete"):
        fetch(server + "/truncated")


def test_refused_connection_raises_fetch_error():
    # A socket bound but not listening holds the port, and connecting to it is refused.
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        with pytest.raises(FetchError, match="could not be reached.*connection refused"):
            fetch(f"http://127.0.0.1:{port}/", timeout=2.0)


def test_unknown_host_raises_fetch_error_saying_it_could_not_be_resolved(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    # The resolver is replaced so the test needs neither DNS nor a network.
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError, match="could not be reached.*host name could not be resolved"):
        fetch("http://no-such-host.invalid/")


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


def test_non_http_scheme_message_is_bilingual_and_quotes_the_address():
    with pytest.raises(FetchError) as caught:
        check_url("ftp://x")
    assert str(caught.value) == (
        "只能抓取 http/https 网址 / only http and https addresses can be fetched: 'ftp://x'"
    )


def test_check_url_normalises_the_address():
    assert check_url("  HTTPS://Example.COM  ") == "https://example.com/"
    assert check_url("http://example.com:80/a b?q=产教#top") == (
        "http://example.com/a%20b?q=%E4%BA%A7%E6%95%99"
    )
    assert check_url("http://例子.中国/%E4%B8%AD") == "http://xn--fsqu00a.xn--fiqs8s/%E4%B8%AD"
    assert check_url("http://[::1]:8080/x") == "http://[::1]:8080/x"


def test_sizes_are_human_readable():
    assert fetch_module._size(5 * 1024 * 1024) == "5 MB"
    assert fetch_module._size(1536 * 1024) == "1.5 MB"
    assert fetch_module._size(64 * 1024) == "64 KB"
    assert fetch_module._size(300) == "300 B"
