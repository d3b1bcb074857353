"""What a fetch gives back or raises (抓取结果与错误), and reading a page's body.

``Fetched`` and ``FetchError`` (a catalogue msgid and its values), the messages for the ways a
fetch fails, and ``_read``: the body read in chunks against the deadline and the size limit,
decompressed (gzip/deflate) as it arrives, of a content type that can be ingested. Split from
``fetch`` (addresses, connections and redirects), which re-exports what callers use.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fetch import _Clock

TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_CHUNK = 64 * 1024


def gettext_noop(message: str) -> str:
    """Marks ``message`` for the catalogue (makemessages extracts it); this module stays free of
    django, so the ingest app translates it when it shows the error."""
    return message


class FetchError(Exception):
    """A page could not be fetched. ``message`` is a catalogue msgid (Chinese) with
    ``%(name)s`` placeholders filled from ``params``; str(exc) is the Chinese text and
    ``translated(gettext)`` the text in the active language."""

    def __init__(self, message: str, **params: object):
        self.message, self.params = message, params
        super().__init__(message % params if params else message)

    def translated(self, gettext) -> str:
        text = gettext(self.message)
        return text % self.params if self.params else text


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: the final address, the (decompressed) body and what the server declared."""

    url: str  # the final URL after redirects
    data: bytes  # the body, at most max_bytes
    content_type: str | None  # e.g. "text/html" (media type only, lower case)
    charset: str | None  # charset from the Content-Type header, if any


# --- the body ---------------------------------------------------------------------------------


def _read(response, clock: _Clock, max_bytes: int, final_url: str) -> Fetched:
    headers = response.headers
    content_type, charset = _content_type(headers)
    if content_type is not None and content_type not in TEXT_TYPES:
        raise FetchError(
            gettext_noop("网址返回的是 %(type)s，只能导入网页和文本：%(url)s"),
            type=content_type,
            url=repr(final_url),
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
            gettext_noop("网页未完整下载（连接中断，缺少 %(missing)s 字节）：%(url)s"),
            missing=missing,
            url=repr(final_url),
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
            gettext_noop("网页的压缩数据已损坏（%(error)s）：%(url)s"),
            error=exc,
            url=repr(self._url),
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
        gettext_noop("网站使用了不支持的压缩方式 %(encoding)s：%(url)s"),
        encoding=header,
        url=repr(url),
    )


# --- messages -----------------------------------------------------------------------------------


def _size(n: int) -> str:
    """Human-readable size: 5 MB, 1.5 MB, 64 KB, 300 B."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor:
            return f"{n / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} B"


def _too_large(max_bytes: int, url: str, declared: str | None = None) -> FetchError:
    if declared:
        return FetchError(
            gettext_noop("网页超过 %(limit)s 的上限（%(size)s）：%(url)s"),
            limit=_size(max_bytes),
            size=declared,
            url=repr(url),
        )
    return FetchError(
        gettext_noop("网页超过 %(limit)s 的上限：%(url)s"), limit=_size(max_bytes), url=repr(url)
    )


def _status_error(code: int, reason: str | None, url: str) -> FetchError:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = ""
    reason = str(reason or "").strip() or phrase
    status = f"{code} {reason}".strip()
    if code < 400:
        message = gettext_noop("网站返回 HTTP %(status)s，网址的重定向无法跟随：%(url)s")
    elif code in (404, 410):
        message = gettext_noop("网站返回 HTTP %(status)s，请检查网址是否正确：%(url)s")
    elif code in (401, 403):
        message = gettext_noop("网站返回 HTTP %(status)s，网站拒绝访问：%(url)s")
    elif code == 429 or code >= 500:
        message = gettext_noop("网站返回 HTTP %(status)s，网站暂时出错，请稍后再试：%(url)s")
    else:
        message = gettext_noop("网站返回 HTTP %(status)s，网站拒绝了请求：%(url)s")
    return FetchError(message, status=status, url=repr(url))


def _network_error(reason: object, address: str, timeout: float) -> FetchError:
    """A failure while reading the body of a page from a host that was checked and answered."""
    if isinstance(reason, TimeoutError):
        return FetchError(
            gettext_noop("抓取超时（%(seconds)s 秒），网站太慢或没有响应，请稍后再试：%(url)s"),
            seconds=f"{timeout:g}",
            url=repr(address),
        )
    return FetchError(gettext_noop("网页下载时连接中断，请稍后再试：%(url)s"), url=repr(address))
