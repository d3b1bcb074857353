"""Fetching an article's page (抓取网页) by its address, with the standard library only.

``fetch`` returns the page's bytes with the final address and the declared content type and
charset; decoding is left to ``decode``, which also trusts a charset declared inside the page.
Everything that can go wrong ends in ``FetchError`` with a bilingual message an editor can act
on (check the address, try later, the page is too large, it is not a web page).

Why the extra care over a plain ``urlopen(url).read()``:

* the timeout covers the whole fetch: a socket timeout bounds each read only, so a server that
  trickles a byte a second would never time out. A deadline is checked before every read and
  every connection (redirects included), and the socket timeout is cut to the time left;
* the size limit applies while reading and after decompression, so neither an endless body
  nor a small gzip "bomb" can fill the memory of the worker;
* redirects are followed to http/https only (urllib alone would follow ``ftp:`` too), and the
  body of a redirect response is never read.

Proxies from the environment (``https_proxy``, ``no_proxy``) are honoured, as urllib does.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import unicodedata
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from functools import cache, partial
from http import HTTPStatus
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "FetchError",
    "Fetched",
    "check_url",
    "fetch",
]

DEFAULT_TIMEOUT = 10.0  # seconds, for the whole fetch (connect + all reads)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

USER_AGENT = "chanjiao-ingest/1.0 (+https://github.com/chanjiao)"
_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5",
    "Accept-Encoding": "gzip, deflate",
}
# A missing Content-Type is accepted too: old servers and saved text files often send none.
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_CHUNK = 64 * 1024
# Characters left alone when percent-encoding a path or query: the RFC 3986 reserved and
# unreserved set plus '%', so an address that is already encoded is not encoded twice.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


class FetchError(Exception):
    """A page could not be fetched; str(exc) is a bilingual message saying what to fix."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: the final address, the (decompressed) body and what the server declared."""

    url: str  # the final URL after redirects
    data: bytes  # the body, at most max_bytes
    content_type: str | None  # e.g. "text/html" (media type only, lower case)
    charset: str | None  # charset from the Content-Type header, if any


# --- addresses ----------------------------------------------------------------------------------


def check_url(url: str) -> str:
    """Validate an address to fetch and return it normalised, or raise ``FetchError``.

    Only ``http``/``https`` addresses with a host are accepted. Normalising strips surrounding
    whitespace, lower-cases the scheme and host, writes an international host name in its ASCII
    (IDNA) form, percent-encodes spaces and non-ASCII characters in the path and query as UTF-8,
    drops a default port and the ``#fragment`` (never sent to the server), and gives an empty
    path as ``/``.
    """
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        raise FetchError("网址为空 / the address is empty")
    # urlsplit silently removes tabs and newlines; refuse them instead: they are never part of
    # a real address and could smuggle a header into the request.
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise FetchError(f"网址含有控制字符 / the address contains control characters: {text!r}")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"网址格式无效 / the address is not valid ({exc}): {text!r}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        hint = ""
        if "://" not in text:
            hint = "（请在网址前加上 https://）/ (add https:// in front of the address)"
        raise FetchError(
            f"只能抓取 http/https 网址 / only http and https addresses can be fetched: {text!r}"
            + (f" {hint}" if hint else "")
        )
    host = parts.hostname
    if not host:
        raise FetchError(f"网址缺少主机名 / the address has no host name: {text!r}")
    if parts.username is not None or parts.password is not None:
        # Credentials in an address end up in logs and stored records; urllib ignores them anyway.
        raise FetchError(
            "网址不能包含用户名或密码 / addresses with a user name or password cannot be fetched: "
            f"{text!r}"
        )
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError(f"主机名无效 / the host name is not valid: {text!r}") from exc
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = quote(parts.path, safe=_SAFE_PATH) or "/"
    query = quote(parts.query, safe=_SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, ""))


# --- fetching -----------------------------------------------------------------------------------


def fetch(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Fetched:
    """Fetch a page and return its final address, body, content type and charset.

    ``timeout`` (seconds) bounds the whole fetch: connecting, redirects and reading the body.
    ``max_bytes`` bounds the body after decompression. Redirects (at most 10) are followed to
    http/https addresses. Only web pages and text are accepted (``text/html``,
    ``application/xhtml+xml``, ``text/plain`` or no declared type). Every failure raises
    ``FetchError``; ``ValueError`` only for a non-positive ``timeout`` or ``max_bytes``.
    """
    address = check_url(url)
    if not timeout > 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, not {max_bytes!r}")
    clock = _Clock(timeout)
    opener = _opener(clock)
    request = urllib.request.Request(address, headers=_HEADERS)
    try:
        with opener.open(request) as response:
            return _read(response, clock, max_bytes)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()
        raise _status_error(exc, address) from exc
    except urllib.error.URLError as exc:
        raise _network_error(exc.reason, address, timeout) from exc
    except http.client.HTTPException as exc:
        # Before OSError: RemoteDisconnected is both an HTTPException and a ConnectionResetError.
        raise FetchError(
            "网站的应答无效或连接中断 / the site sent an invalid answer or closed the connection "
            f"({type(exc).__name__}): {address!r}"
        ) from exc
    except OSError as exc:  # TimeoutError from a read or from the deadline, resets, SSL errors
        raise _network_error(exc, address, timeout) from exc


class _Clock:
    """The deadline of one fetch and the socket its response is read from."""

    def __init__(self, timeout: float) -> None:
        self.deadline = time.monotonic() + timeout
        self.sock: socket.socket | None = None

    def remaining(self) -> float:
        """Seconds left; raises TimeoutError once the deadline has passed."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        return left

    def arm(self) -> None:
        """Before a read: no single read may wait beyond the deadline."""
        left = self.remaining()
        if self.sock is not None:
            self.sock.settimeout(left)


class _DeadlineConnection:
    """Mixin for http.client connections: connect with the time left and remember the socket.

    urllib creates the connection with the timeout given to ``open``; for a redirect that would
    be the full timeout again. This mixin uses what is left of the fetch's deadline instead, and
    hands the socket to the clock so reads of the body can be cut to the deadline too.
    """

    def __init__(self, host: str, *, clock: _Clock, timeout: float | None = None, **kwargs):
        super().__init__(host, timeout=clock.remaining(), **kwargs)
        self._clock = clock

    def connect(self) -> None:
        self.timeout = self._clock.remaining()
        super().connect()
        self._clock.sock = self.sock


class _HTTPConnection(_DeadlineConnection, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_DeadlineConnection, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, clock: _Clock) -> None:
        super().__init__()
        self._clock = clock

    def http_open(self, req):
        return self.do_open(partial(_HTTPConnection, clock=self._clock), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, clock: _Clock) -> None:
        super().__init__(context=_tls_context())
        self._clock = clock

    def https_open(self, req):
        return self.do_open(
            partial(_HTTPSConnection, clock=self._clock), req, context=self._context
        )


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """urllib's redirects (at most 10, loops detected), restricted to http/https addresses."""

    max_redirections = 10

    def __init__(self, clock: _Clock) -> None:
        super().__init__()
        self._clock = clock

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        try:
            target = check_url(newurl)
        except FetchError as exc:
            raise FetchError(
                f"网址被重定向到无法抓取的地址 / the address redirects to an address that cannot be "
                f"fetched: {req.full_url!r} → {newurl!r}"
            ) from exc
        # urllib reads the whole body of a redirect response before following it; closing the
        # response first makes that read return nothing, so a huge redirect body costs nothing.
        fp.close()
        return super().redirect_request(req, fp, code, msg, headers, target)


@cache
def _tls_context() -> ssl.SSLContext:
    # Loading the system's certificates takes a while; one verifying context serves all fetches.
    return ssl.create_default_context()


def _opener(clock: _Clock) -> urllib.request.OpenerDirector:
    # Built by hand rather than with build_opener: no ftp:, file: or data: handlers, so nothing
    # but http and https can be opened even if a check is missed.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HTTPHandler(clock),
        _HTTPSHandler(clock),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(clock),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _read(response, clock: _Clock, max_bytes: int) -> Fetched:
    final_url = response.geturl()
    headers = response.headers
    content_type, charset = _content_type(headers)
    if content_type is not None and content_type not in TEXT_TYPES:
        raise FetchError(
            f"网址返回的是 {content_type}，只能导入网页和文本 / the address returned "
            f"{content_type}; only web pages and text can be ingested: {final_url!r}"
        )
    length = _content_length(headers)
    if length is not None and length > max_bytes:
        # Fail before reading anything: the server says the page is too large.
        raise _too_large(max_bytes, final_url, _size(length))
    decompressor = _decompressor(headers.get("Content-Encoding"), final_url)
    body = bytearray()
    received = 0
    while True:
        clock.arm()
        # read1 returns after one socket read; read(n) would wait for n bytes, and a trickling
        # server would never let the deadline be checked.
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        received += len(chunk)
        if received > max_bytes:
            raise _too_large(max_bytes, final_url)
        if decompressor is not None:
            # One byte more than the room left is enough to know the limit is passed.
            chunk = decompressor.feed(chunk, max_bytes - len(body) + 1)
        body += chunk
        if len(body) > max_bytes:
            raise _too_large(max_bytes, final_url)
    if decompressor is not None:
        body += decompressor.finish()
        if len(body) > max_bytes:
            raise _too_large(max_bytes, final_url)
    missing = getattr(response, "length", None)
    if missing:  # the server closed the connection before sending its Content-Length
        raise FetchError(
            f"网页未完整下载（连接中断）/ the page arrived incomplete, the connection broke off "
            f"{missing} bytes short: {final_url!r}"
        )
    return Fetched(url=final_url, data=bytes(body), content_type=content_type, charset=charset)


def _content_type(headers) -> tuple[str | None, str | None]:
    value = headers.get("Content-Type")
    if value is None or not value.split(";", 1)[0].strip():
        return None, None
    media_type = value.split(";", 1)[0].strip().lower()
    charset = headers.get_content_charset()  # lower case, quotes removed
    return media_type, charset or None


def _content_length(headers) -> int | None:
    try:
        return int(headers.get("Content-Length", ""))
    except ValueError:
        return None  # missing or garbled: the limit is enforced while reading


class _Decompressor:
    """Streaming gzip/deflate decoding with a bound on the output of every step."""

    def __init__(self, encoding: str, url: str) -> None:
        self._url = url
        self._deflate = encoding == "deflate"  # True until the zlib wrapper has been confirmed
        # gzip: the gzip wrapper; deflate: the zlib wrapper HTTP specifies (raw deflate below).
        wbits = zlib.MAX_WBITS if self._deflate else 16 + zlib.MAX_WBITS
        self._z = zlib.decompressobj(wbits)
        self._pending = bytearray()  # deflate input kept until the first output, for a retry

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decompress the next piece; the result is at most ``limit`` bytes long."""
        try:
            if not self._deflate:
                return self._z.decompress(data, limit)
            self._pending += data
            try:
                out = self._z.decompress(data, limit)
            except zlib.error:
                # Some servers send raw deflate without the zlib header: retry from the start.
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._z.decompress(bytes(self._pending), limit)
                self._deflate = False
            if out:
                self._deflate = False
            if not self._deflate:
                self._pending.clear()
            return out
        except zlib.error as exc:
            raise self._error(exc) from exc

    def finish(self) -> bytes:
        """What is left in the decompressor at the end of the body."""
        try:
            return self._z.flush()
        except zlib.error as exc:
            raise self._error(exc) from exc

    def _error(self, exc: zlib.error) -> FetchError:
        return FetchError(
            f"网页的压缩数据已损坏 / the compressed page could not be decompressed ({exc}): "
            f"{self._url!r}"
        )


def _decompressor(header: str | None, url: str) -> _Decompressor | None:
    encodings = [e.strip().lower() for e in (header or "").split(",")]
    encodings = [e for e in encodings if e and e != "identity"]
    if not encodings:
        return None
    if len(encodings) == 1 and encodings[0] in {"gzip", "x-gzip", "deflate"}:
        return _Decompressor(encodings[0].removeprefix("x-"), url)
    # Only gzip and deflate are asked for (Accept-Encoding); anything else cannot be decoded.
    raise FetchError(
        f"网站使用了不支持的压缩方式 {header} / the site used an unsupported content encoding "
        f"{header!r}: {url!r}"
    )


# --- messages -----------------------------------------------------------------------------------


def _size(n: int) -> str:
    """Human-readable size: 5 MB, 1.5 MB, 64 KB, 300 B."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor:
            return f"{n / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} B"


def _too_large(max_bytes: int, url: str, declared: str | None = None) -> FetchError:
    size = f"（{declared}）" if declared else ""
    size_en = f" ({declared})" if declared else ""
    return FetchError(
        f"网页超过 {_size(max_bytes)} 的上限{size} / the page is larger than the limit of "
        f"{_size(max_bytes)}{size_en}: {url!r}"
    )


def _status_error(exc: urllib.error.HTTPError, address: str) -> FetchError:
    code = exc.code
    url = exc.url or address
    if 300 <= code < 400:
        return FetchError(
            f"网址的重定向无法跟随（{code}，次数过多、循环或没有目标）/ the redirect could not "
            f"be followed ({code}: too many redirects, a loop or no target): {url!r}"
        )
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = ""
    reason = str(exc.reason or "").strip() or phrase
    status = f"{code} {reason}".strip()
    if code in (404, 410):
        zh, en = "请检查网址是否正确", "check the address"
    elif code in (401, 403):
        zh, en = "网站拒绝访问", "the site refuses access"
    elif code == 429 or code >= 500:
        zh, en = "网站暂时出错，请稍后再试", "the site has a problem, try again later"
    else:
        zh, en = "网站拒绝了请求", "the site rejected the request"
    return FetchError(
        f"网站返回 HTTP {status}，{zh} / the site answered HTTP {status}, {en}: {url!r}"
    )


def _network_error(reason: object, address: str, timeout: float) -> FetchError:
    if isinstance(reason, TimeoutError):
        return FetchError(
            f"抓取超时（{timeout:g} 秒），网站太慢或没有响应，请稍后再试 / the fetch timed out "
            f"after {timeout:g} s, the site is slow or not answering, try again later: {address!r}"
        )
    if isinstance(reason, ssl.SSLCertVerificationError):
        zh, en = "证书无法验证", "its certificate could not be verified"
    elif isinstance(reason, ssl.SSLError):
        zh, en = "安全连接失败", "the secure connection failed"
    elif isinstance(reason, socket.gaierror):
        zh, en = "域名无法解析", "the host name could not be resolved"
    elif isinstance(reason, ConnectionRefusedError):
        zh, en = "连接被拒绝", "connection refused"
    elif isinstance(reason, ConnectionError):
        zh, en = "连接中断", "the connection broke off"
    else:
        zh = en = str(reason) or type(reason).__name__
    return FetchError(
        f"无法连接到该网址（{zh}），请检查网址或稍后再试 / the address could not be reached "
        f"({en}), check it or try again later: {address!r}"
    )
