"""Fetching an article's page (抓取网页) by its address, with the standard library only.

``fetch`` returns the page's bytes with the final address and the declared content type and
charset; decoding is left to ``decode``, which also trusts a charset declared inside the page.
Everything that can go wrong ends in ``FetchError`` with a message an editor can act on (check
the address, try later, the page is too large, it is not a web page): a Chinese catalogue msgid
and its values, shown in the reader's language by the django layer (``FetchError.translated``).
Reading the body and the failure messages live in ``fetch_body``.

Why the extra care over a plain ``urlopen(url).read()``:

* the timeout covers the whole fetch: a socket timeout bounds each read only, so a server that
  trickles a byte a second would never time out. A deadline is checked before every read and
  every connection (redirects included), and the socket timeout is cut to the time left;
* the size limit applies while reading and after decompression, so neither an endless body
  nor a small gzip "bomb" can fill the memory of the worker;
* redirects are followed by hand, to http/https only, and the body of a redirect response is
  never read;
* no server-side request forgery: the host of the address and of every redirect is resolved
  (within the deadline) and refused if any of its addresses is loopback, private, link-local,
  reserved, multicast, unspecified or shared, in any spelling (``127.1``, ``2130706433``,
  ``[::ffff:127.0.0.1]``, ``localhost.``); the connection goes to the address that was
  checked, so a second DNS answer cannot point it elsewhere (DNS rebinding). An operator lists
  internal hosts that may be fetched in ``allowed_hosts``. Refusals and failed connections
  share one message, so the errors cannot be used to map internal hosts and ports.

Proxies from the environment (``https_proxy``, ``no_proxy``) are honoured, as urllib does; the
name is still checked before the request goes to the proxy.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import unicodedata
import urllib.request
from collections.abc import Iterable
from functools import cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from .fetch_body import (
    Fetched,
    FetchError,
    _network_error,
    _read,
    _status_error,
    gettext_noop,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "FetchError",
    "Fetched",
    "check_url",
    "fetch",
    "is_internal_address",
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
_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left alone when percent-encoding a path or query: the RFC 3986 reserved and
# unreserved set plus '%', so an address that is already encoded is not encoded twice.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


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
        raise FetchError(gettext_noop("网址为空"))
    # urlsplit silently removes tabs and newlines; refuse them instead: they are never part of
    # a real address and could smuggle a header into the request.
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise FetchError(gettext_noop("网址含有控制字符：%(url)s"), url=repr(text))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise FetchError(
            gettext_noop("网址格式无效（%(error)s）：%(url)s"), error=exc, url=repr(text)
        ) from exc
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        if "://" not in text:
            raise FetchError(
                gettext_noop("只能抓取 http/https 网址：%(url)s（请在网址前加上 https://）"),
                url=repr(text),
            )
        raise FetchError(gettext_noop("只能抓取 http/https 网址：%(url)s"), url=repr(text))
    host = parts.hostname
    if not host:
        raise FetchError(gettext_noop("网址缺少主机名：%(url)s"), url=repr(text))
    if parts.username is not None or parts.password is not None:
        # Credentials in an address end up in logs and stored records; urllib ignores them anyway.
        raise FetchError(gettext_noop("网址不能包含用户名或密码：%(url)s"), url=repr(text))
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError(gettext_noop("主机名无效：%(url)s"), url=repr(text)) from exc
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = quote(parts.path, safe=_SAFE_PATH) or "/"
    query = quote(parts.query, safe=_SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, ""))


# --- which addresses may be fetched ------------------------------------------------------------

# 100.64.0.0/10 (carrier-grade NAT) is neither "private" nor "global" to every Python version.
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IP = ipaddress.IPv4Address | ipaddress.IPv6Address
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_internal_address(ip: _IP) -> bool:
    """True for an address a fetch must not reach unless an operator allows it.

    Loopback, private, link-local, reserved, multicast, unspecified and shared (100.64/10)
    addresses, anything not globally routable, and IPv6 addresses that carry such an IPv4
    address inside them (IPv4-mapped ``::ffff:127.0.0.1``, 6to4, Teredo, NAT64).
    """
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour]
        if ip.teredo:
            embedded += list(ip.teredo)
        if ip in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(inner is not None and is_internal_address(inner) for inner in embedded):
            return True
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or ip in _SHARED
        or not ip.is_global
    )


class _Allowed:
    """The hosts and networks an operator lets fetches reach although they are internal."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.names: set[str] = set()
        self.networks: list[_Network] = []
        for entry in entries:
            entry = entry.strip().strip("[]")
            if not entry:
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.names.add(_host_key(entry))

    def permits(self, host: str, ip: _IP) -> bool:
        """May ``ip``, one of the addresses ``host`` resolved to, be connected to?"""
        if not is_internal_address(ip) or _host_key(host) in self.names:
            return True
        candidates = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            candidates.append(ip.ipv4_mapped)
        return any(
            c in net for c in candidates for net in self.networks if c.version == net.version
        )


def _host_key(host: str) -> str:
    """A host name as compared with the allowed list: lower case, no trailing dot, ASCII."""
    host = host.strip().lower().rstrip(".")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _refused() -> FetchError:
    # One message for every refused address and every failed connection: saying which (no
    # such host, refused, timed out, internal) would let a user map the hosts and ports the
    # server can reach. The original address is what the user typed; it is not repeated, so a
    # redirect target never shows either.
    return FetchError(gettext_noop("无法抓取该网址，请检查网址是否正确或稍后再试"))


def _resolve(host: str, port: int, clock: _Clock) -> list[tuple]:
    """``getaddrinfo`` for ``host``, bounded by the fetch's deadline.

    The resolver cannot be interrupted, so it runs in a daemon thread and the fetch stops
    waiting at the deadline; the thread ends on its own when the resolver gives up.
    """
    result: list = []

    def lookup() -> None:
        try:
            result.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as exc:  # handed to the caller below
            result.append(exc)

    thread = threading.Thread(target=lookup, name="fetch-resolve", daemon=True)
    thread.start()
    thread.join(clock.remaining())
    if not result:
        raise TimeoutError("name resolution timed out")
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def _vetted(host: str, port: int, clock: _Clock, allowed: _Allowed) -> list[tuple]:
    """The socket addresses of ``host``, or ``FetchError`` if any of them may not be reached.

    Every address must pass, not just the first: a name with one public and one internal
    address would otherwise reach the internal one whenever the public one fails.
    """
    try:
        infos = _resolve(host, port, clock)
    except (OSError, UnicodeError) as exc:
        raise _refused() from exc
    if not infos:
        raise _refused()
    for _family, _type, _proto, _name, sockaddr in infos:
        try:
            ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        except ValueError as exc:
            raise _refused() from exc
        if not allowed.permits(host, ip):
            raise _refused()
    return infos


# --- fetching -----------------------------------------------------------------------------------

MAX_REDIRECTS = 10
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowed_hosts: Iterable[str] = (),
) -> Fetched:
    """Fetch a page and return its final address, body, content type and charset.

    ``timeout`` (seconds) bounds the whole fetch: resolving names, connecting, redirects and
    reading the body. ``max_bytes`` bounds the body after decompression. Redirects (at most
    10) are followed to http/https addresses. Only web pages and text are accepted
    (``text/html``, ``application/xhtml+xml``, ``text/plain`` or no declared type).

    The host of the address and of every redirect is resolved once and refused when any of
    its addresses is internal (see ``is_internal_address``), unless it is listed in
    ``allowed_hosts`` (host names, IP addresses or networks such as ``10.1.0.0/16``); the
    connection then goes to the address that was checked, never to a second lookup that could
    answer differently. Every failure raises ``FetchError``; refused addresses and failed
    connections all raise the same message. ``ValueError`` only for a non-positive
    ``timeout`` or ``max_bytes``.
    """
    address = check_url(url)
    if not timeout > 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, not {max_bytes!r}")
    allowed = _Allowed(allowed_hosts)
    clock = _Clock(timeout)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            conn, response = _open(address, clock, allowed)
            try:
                if response.status in _REDIRECTS:
                    address = _redirect_target(response, address)
                    continue
                if response.status >= 300:
                    raise _status_error(response.status, response.reason, address)
                return _read(response, clock, max_bytes, address)
            finally:
                conn.close()
        raise FetchError(
            gettext_noop("网址的重定向无法跟随（次数过多或循环）：%(url)s"), url=repr(url.strip())
        )
    except FetchError:
        raise
    except http.client.HTTPException as exc:
        # Before OSError: RemoteDisconnected is both an HTTPException and a ConnectionResetError.
        raise FetchError(
            gettext_noop("网站的应答无效或连接中断（%(error)s）：%(url)s"),
            error=type(exc).__name__,
            url=repr(address),
        ) from exc
    except OSError as exc:  # TimeoutError from a read or from the deadline, resets, SSL errors
        raise _network_error(exc, address, timeout) from exc


def _redirect_target(response, address: str) -> str:
    location = response.headers.get("Location")
    if not location:
        raise FetchError(
            gettext_noop("网址的重定向无法跟随（没有目标）：%(url)s"), url=repr(address)
        )
    try:
        return check_url(urljoin(address, location.strip()))
    except FetchError as exc:
        raise FetchError(
            gettext_noop("网址被重定向到无法抓取的地址：%(url)s"), url=repr(address)
        ) from exc


def _open(address: str, clock: _Clock, allowed: _Allowed):
    """Connect (to a checked address), send the GET and read the status line and headers.

    Everything up to the headers fails with the one generic message, so whether a host
    exists, answers or refuses cannot be told apart.
    """
    parts = urlsplit(address)
    scheme, host = parts.scheme, parts.hostname or ""
    port = parts.port or _DEFAULT_PORTS[scheme]
    infos = _vetted(host, port, clock, allowed)
    proxy = _proxy_for(scheme, host)
    try:
        if proxy is not None:
            # The operator's proxy resolves the name again; it is trusted to do so, and the
            # name has been checked above, so an internal name is refused all the same.
            conn = _proxy_connection(proxy, scheme, host, port, clock)
            target = address if scheme == "http" else _path(parts)
        else:
            cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
            conn = cls(host, port, infos=infos, clock=clock)
            target = _path(parts)
        conn.putrequest("GET", target, skip_accept_encoding=True)
        for name, value in _HEADERS.items():
            conn.putheader(name, value)
        conn.putheader("Connection", "close")
        conn.endheaders()
        clock.arm()
        return conn, conn.getresponse()
    except FetchError:
        raise
    except ssl.SSLCertVerificationError as exc:
        raise FetchError(
            gettext_noop("无法连接到该网址（证书无法验证）：%(url)s"), url=repr(address)
        ) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise _refused() from exc


def _path(parts) -> str:
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _proxy_for(scheme: str, host: str) -> tuple[str, int] | None:
    """The proxy from the environment (``http_proxy``, ``https_proxy``, ``no_proxy``), if any."""
    proxy = urllib.request.getproxies().get(scheme)
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    if not parts.hostname:
        return None
    return parts.hostname, parts.port or 8080


def _proxy_connection(proxy: tuple[str, int], scheme: str, host: str, port: int, clock: _Clock):
    proxy_host, proxy_port = proxy
    if scheme == "http":
        return _ClockedHTTPConnection(proxy_host, proxy_port, clock=clock)
    conn = _ClockedHTTPSConnection(proxy_host, proxy_port, clock=clock, context=_tls_context())
    conn.set_tunnel(host, port)
    return conn


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


class _ClockedConnection:
    """Mixin for http.client connections: connect with the time left and remember the socket,
    so that reads of the body can be cut to the deadline too."""

    def __init__(self, host: str, port: int, *, clock: _Clock, **kwargs) -> None:
        super().__init__(host, port, timeout=clock.remaining(), **kwargs)
        self._clock = clock

    def connect(self) -> None:
        self.timeout = self._clock.remaining()
        super().connect()
        self._clock.sock = self.sock


class _ClockedHTTPConnection(_ClockedConnection, http.client.HTTPConnection):
    pass


class _ClockedHTTPSConnection(_ClockedConnection, http.client.HTTPSConnection):
    pass


class _Pinned:
    """Mixin: connect to the addresses that were checked, not to a fresh lookup of the name.

    The Host header and (for https) the server name and certificate check still use the
    name, so virtual hosts and TLS work as with a normal connection.
    """

    def __init__(self, host: str, port: int, *, infos: list[tuple], clock: _Clock, **kw):
        super().__init__(host, port, clock=clock, **kw)
        self._infos = infos
        self._create_connection = self._connect_checked

    def _connect_checked(self, _address, timeout, _source_address=None) -> socket.socket:
        error: OSError | None = None
        for family, type_, proto, _name, sockaddr in self._infos:
            sock = socket.socket(family, type_, proto)
            try:
                sock.settimeout(self._clock.remaining())
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        raise error or OSError("no address to connect to")


class _PinnedHTTPConnection(_Pinned, _ClockedHTTPConnection):
    pass


class _PinnedHTTPSConnection(_Pinned, _ClockedHTTPSConnection):
    def __init__(self, host: str, port: int, **kw) -> None:
        super().__init__(host, port, context=_tls_context(), **kw)


@cache
def _tls_context() -> ssl.SSLContext:
    # Loading the system's certificates takes a while; one verifying context serves all fetches.
    return ssl.create_default_context()
