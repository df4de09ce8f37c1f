"""Checking that links answer (``--check-links``): the only network I/O in govlint.

Each URL gets a HEAD request, then a GET when HEAD fails or is refused (many
sites answer HEAD with 403/405). Requests run concurrently in a small thread
pool, each with a timeout, at most a few redirects, and at most a few KiB of
body read. A host is resolved first and every address it resolves to must be
public; the connection then goes to that checked address (so DNS cannot
answer differently between the check and the connection), and every redirect
target is checked the same way. Private, loopback, link-local and reserved
addresses are never contacted unless the caller allows it.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from govlint import __version__

TIMEOUT = 10.0  # seconds per request
MAX_REDIRECTS = 5
MAX_BODY = 64 * 1024  # bytes read from a GET answer, then the connection closes
MAX_WORKERS = 8
USER_AGENT = f"govlint/{__version__} (link check; +https://pypi.org/project/govlint/)"


@dataclass(frozen=True)
class Answer:
    """What checking one URL found: ``ok``; or ``reason`` why it is dead;
    or ``skipped`` (a private address the user did not allow)."""

    url: str
    ok: bool
    reason: str = ""
    status: int | None = None
    skipped: bool = False


class TooManyRedirectsError(OSError):
    """More than MAX_REDIRECTS redirects (or a redirect loop)."""


class RefusedError(Exception):
    """A URL govlint will not contact (private address, unsupported scheme)."""


def public_address(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to, after checking every address ``host`` has."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise OSError("no address")
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if not ip.is_global or ip.is_multicast:
                raise RefusedError(f"{host} 解析到内网或保留地址 {address}")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _request(url: str, method: str, allow_private: bool, timeout: float) -> tuple[int, str | None]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedError(f"不支持的地址 {url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname.encode("idna").decode("ascii")
    address = public_address(host, port, allow_private)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address, timeout)
    try:
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
        if parts.query:
            path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=?~-._")
        connection.request(method, path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        if method == "GET":
            response.read(MAX_BODY)
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def _follow(url: str, method: str, allow_private: bool, timeout: float) -> tuple[int, str]:
    """Status of ``url`` after at most MAX_REDIRECTS redirects, each target checked."""
    for _ in range(MAX_REDIRECTS + 1):
        status, location = _request(url, method, allow_private, timeout)
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        return status, url
    raise TooManyRedirectsError(url)


def check_url(url: str, allow_private: bool = False, timeout: float = TIMEOUT) -> Answer:
    """HEAD, then GET if HEAD fails; never raises."""
    try:
        try:
            status, _ = _follow(url, "HEAD", allow_private, timeout)
            if status < 400:
                return Answer(url, True, status=status)
        except (OSError, http.client.HTTPException):
            pass
        status, _ = _follow(url, "GET", allow_private, timeout)
        if status < 400:
            return Answer(url, True, status=status)
        return Answer(url, False, f"服务器返回 HTTP {status}", status)
    except RefusedError as refused_:
        return Answer(url, False, str(refused_), skipped=True)
    except TooManyRedirectsError:
        return Answer(url, False, f"重定向超过 {MAX_REDIRECTS} 次")
    except TimeoutError:
        return Answer(url, False, f"{timeout:g} 秒内无响应")
    except socket.gaierror:
        return Answer(url, False, "域名无法解析")
    except ssl.SSLError as error:
        return Answer(url, False, f"HTTPS 证书或握手错误（{error.reason or error}）")
    except (OSError, http.client.HTTPException, UnicodeError, ValueError) as error:
        return Answer(url, False, f"无法连接（{type(error).__name__}）")


_ANSWERS: dict[tuple[str, bool], Answer] = {}
_LOCK = threading.Lock()


def check_urls(urls: Iterable[str], allow_private: bool = False, timeout: float = TIMEOUT) -> dict[str, Answer]:
    """Answers for each URL, checked concurrently; a URL is checked once per process."""
    unique = list(dict.fromkeys(urls))
    with _LOCK:
        todo = [u for u in unique if (u, allow_private) not in _ANSWERS]
    if todo:
        with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(todo))) as pool:
            answers = list(pool.map(lambda u: check_url(u, allow_private, timeout), todo))
        with _LOCK:
            for answer in answers:
                _ANSWERS[(answer.url, allow_private)] = answer
    with _LOCK:
        return {u: _ANSWERS[(u, allow_private)] for u in unique}


def clear_cache() -> None:
    with _LOCK:
        _ANSWERS.clear()
