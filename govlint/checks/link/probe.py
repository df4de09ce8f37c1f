"""Checking that links answer (``--check-links``): the only network I/O in govlint.

Each URL gets a HEAD request, then a GET when HEAD fails or is refused (many
sites answer HEAD with 403/405). Requests run concurrently in a few threads,
at most a few redirects, and at most a few KiB of body read. A host is
resolved first and every address it resolves to must be public; the
connection then goes to that checked address (so DNS cannot answer
differently between the check and the connection), and every redirect
target is checked the same way. Private, loopback, link-local and reserved
addresses are never contacted unless the caller allows it.

The timeout of a link is a deadline for its whole check: resolution,
connection, TLS handshake, request, status line, headers and body, every
redirect, and HEAD and the GET fallback together (HEAD may use half of it;
the GET has what is left). Every read is given only the time that remains,
so a server that trickles a byte at a time is cut off at the deadline too.
The caller of :func:`check_urls` waits in short slices: a deadline of its
own (the audit's per-post alarm, or an exception raised in its thread)
interrupts the wait, the probes are abandoned (their sockets shut down, no
further URL started) and nothing waits for their threads.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from govlint import __version__

TIMEOUT = 10.0  # seconds per link, for the whole check (see the module's docstring)
HEAD_SHARE = 0.5  # the part of a link's deadline HEAD may use; the GET fallback gets the rest
MAX_REDIRECTS = 5
MAX_BODY = 64 * 1024  # bytes read from a GET answer, then the connection closes
MAX_WORKERS = 8
USER_AGENT = f"govlint/{__version__} (link check; +https://pypi.org/project/govlint/)"
_WAIT_SLICE = 0.05  # seconds: how often a waiting caller can be interrupted


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
            if not is_public(ipaddress.ip_address(address.split("%", 1)[0])):
                raise RefusedError(f"{host} 解析到内网或保留地址 {address}")
    return addresses[0]


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix: the IPv4 address in the last 32 bits
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: where the IPv4 address sits is the site's choice
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d (:: and ::1 included, both refused)


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``ip`` may be contacted without ``allow_private``: a global
    unicast address and, for IPv6, one whose embedded IPv4 address (mapped
    ``::ffff:a.b.c.d``, compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4
    ``2002::/16``, Teredo server and client) is public too, as a router or
    translator would deliver the packets to that IPv4 address. Site-local
    ``fec0::/10`` (deprecated, still routed inside some sites) and the
    local-use NAT64 prefix are never public."""
    if not ip.is_global or ip.is_multicast:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return True
    if ip.is_site_local or ip in _NAT64_LOCAL:
        return False
    return all(is_public(embedded) for embedded in embedded_ipv4(ip))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (see :func:`is_public`)."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _NAT64 or ip in _IPV4_COMPATIBLE:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


class _Abandon:
    """What the checks of one :func:`check_urls` call share: the signal that
    their caller gave up, and their open sockets, shut down when it does
    (a read blocked on a shut-down socket returns at once)."""

    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)
        if self.cancelled.is_set():
            _shut(sock)

    def untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)

    def cancel(self) -> None:
        self.cancelled.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    # socket.socket's own shutdown, also for an SSL socket: the descriptor, not a TLS close_notify.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Budget:
    """The deadline of one link's check."""

    def __init__(self, end: float, abandon: _Abandon) -> None:
        self.end = end
        self.abandon = abandon

    def share(self, part: float, seconds: float) -> _Budget:
        """A budget ending at ``part`` of ``seconds`` from now, or at this one's end if sooner."""
        return _Budget(min(self.end, time.monotonic() + part * seconds), self.abandon)

    def remaining(self) -> float:
        """Seconds left; TimeoutError when there are none (or the check was abandoned)."""
        if self.abandon.cancelled.is_set():
            raise TimeoutError("link check abandoned")
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("link check deadline")
        return left


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes, each read given only the time left before the deadline.

    It holds the socket's own file (``makefile``) until it is closed: that
    reference keeps the socket open after the connection lets go of it (an
    answer that closes the connection is read after ``getresponse``)."""

    def __init__(self, sock: socket.socket, budget: _Budget, holder: io.IOBase) -> None:
        self.sock = sock
        self.budget = budget
        self.holder = holder

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.sock.settimeout(self.budget.remaining())
        return self.sock.recv_into(buffer)

    def close(self) -> None:
        try:
            self.holder.close()
        finally:
            super().close()


class _Response(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, *args: Any, budget: _Budget, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        # The socket's file would give each read the full timeout: read through the deadline instead.
        self.fp = io.BufferedReader(_DeadlineReader(sock, budget, self.fp))


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, budget: _Budget) -> None:
        super().__init__(host, port, timeout=budget.remaining())
        self._address = address
        self._budget = budget
        self._tracked: list[socket.socket] = []
        self.response_class = functools.partial(_Response, budget=budget)  # type: ignore[assignment]

    def _open(self) -> socket.socket:
        sock = socket.create_connection((self._address, self.port), self._budget.remaining())
        self._track(sock)
        return sock

    def _track(self, sock: socket.socket) -> None:
        self._tracked.append(sock)
        self._budget.abandon.track(sock)

    def connect(self) -> None:
        self.sock = self._open()

    def close(self) -> None:
        try:
            super().close()
        finally:
            for sock in self._tracked:
                self._budget.abandon.untrack(sock)
            self._tracked.clear()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        sock = self._open()
        sock.settimeout(self._budget.remaining())  # the whole handshake (ssl counts it as one deadline)
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(sock, server_hostname=self.host)
        self._track(self.sock)


def _resolved(host: str, port: int, allow_private: bool, budget: _Budget) -> str:
    """``public_address`` within the deadline (a resolver may take long to fail)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _within(budget, public_address, host, port, allow_private)
    return public_address(host, port, allow_private)  # a literal address: nothing to wait for


def _within(budget: _Budget, function: Callable[..., str], *args: Any) -> str:
    """``function(*args)`` in a daemon thread, given up at the deadline."""
    box: dict[str, Any] = {}

    def call() -> None:
        try:
            box["value"] = function(*args)
        except BaseException as error:  # handed to the caller
            box["error"] = error

    thread = threading.Thread(target=call, daemon=True, name="govlint-resolve")
    thread.start()
    while thread.is_alive():
        thread.join(min(_WAIT_SLICE, budget.remaining()))
    if "error" in box:
        raise box["error"]
    return box["value"]


def _request(url: str, method: str, allow_private: bool, budget: _Budget) -> tuple[int, str | None]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedError(f"不支持的地址 {url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = request_host(parts.hostname)
    # Resolved as written (a trailing dot makes the name absolute: no search
    # domains); named without the dot in the Host header and TLS server name.
    address = _resolved(host, port, allow_private, budget)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(_without_root_dot(host), port, address, budget)
    try:
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
        if parts.query:
            path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=?~-._")
        connection.connect()
        connection.sock.settimeout(budget.remaining())  # sending: one deadline for the whole request
        connection.request(method, path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        if method == "GET":
            response.read(MAX_BODY)
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def request_host(hostname: str) -> str:
    """The host of a URL (``urlsplit(...).hostname``) as resolved and connected
    to: an IPv6 literal without brackets, its zone (``%25eth0``) decoded; a
    name in ASCII (IDNA)."""
    if ":" in hostname:  # only an IPv6 literal holds a colon once the port is split off
        return hostname.replace("%25", "%", 1)
    return hostname.encode("idna").decode("ascii")


def _without_root_dot(host: str) -> str:
    return host[:-1] if host.endswith(".") and not host.endswith("..") and host != "." else host


def _follow(url: str, method: str, allow_private: bool, budget: _Budget) -> tuple[int, str]:
    """Status of ``url`` after at most MAX_REDIRECTS redirects, each target checked."""
    for _ in range(MAX_REDIRECTS + 1):
        status, location = _request(url, method, allow_private, budget)
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        return status, url
    raise TooManyRedirectsError(url)


def check_url(url: str, allow_private: bool = False, timeout: float | None = None) -> Answer:
    """HEAD, then GET if HEAD fails; never raises. ``timeout`` (default
    TIMEOUT) bounds the whole check, both requests and their redirects."""
    return _check(url, allow_private, TIMEOUT if timeout is None else timeout, _Abandon())


def _check(url: str, allow_private: bool, timeout: float, abandon: _Abandon) -> Answer:
    budget = _Budget(time.monotonic() + timeout, abandon)
    try:
        try:
            status, _ = _follow(url, "HEAD", allow_private, budget.share(HEAD_SHARE, timeout))
            if status < 400:
                return Answer(url, True, status=status)
        except (OSError, http.client.HTTPException):  # a timeout too: the GET has the time left
            pass
        status, _ = _follow(url, "GET", allow_private, budget)
        if status < 400:
            return Answer(url, True, status=status)
        return Answer(url, False, f"服务器返回 HTTP {status}", status)
    except RefusedError as refused_:
        return Answer(url, False, str(refused_), skipped=True)
    except TooManyRedirectsError:
        return Answer(url, False, f"重定向超过 {MAX_REDIRECTS} 次")
    except TimeoutError:
        return Answer(url, False, f"{timeout:g} 秒内未完成应答")
    except socket.gaierror:
        return Answer(url, False, "域名无法解析")
    except ssl.SSLError as error:
        return Answer(url, False, f"HTTPS 证书或握手错误（{error.reason or error}）")
    except (OSError, http.client.HTTPException, UnicodeError, ValueError) as error:
        return Answer(url, False, f"无法连接（{type(error).__name__}）")


_ANSWERS: dict[tuple[str, bool], Answer] = {}
_LOCK = threading.Lock()


def check_urls(urls: Iterable[str], allow_private: bool = False, timeout: float | None = None) -> dict[str, Answer]:
    """Answers for each URL, checked concurrently; a URL is checked once per
    process. ``timeout`` (default TIMEOUT) is each link's deadline: the call
    takes about ``timeout`` per MAX_WORKERS hanging links."""
    timeout = TIMEOUT if timeout is None else timeout
    unique = list(dict.fromkeys(urls))
    with _LOCK:
        todo = [u for u in unique if (u, allow_private) not in _ANSWERS]
    if todo:
        answers = _check_all(todo, allow_private, timeout)
        with _LOCK:
            for answer in answers:
                _ANSWERS[(answer.url, allow_private)] = answer
    with _LOCK:
        return {u: _ANSWERS[(u, allow_private)] for u in unique}


def _check_all(urls: list[str], allow_private: bool, timeout: float) -> list[Answer]:
    """The answers for ``urls``, from MAX_WORKERS daemon threads.

    The caller waits in slices of _WAIT_SLICE, so that its own deadline can
    interrupt it (a signal handler or an exception raised in its thread runs
    between two slices); if it leaves early, the probes are abandoned and
    nothing joins their threads (daemon threads: not even at exit)."""
    abandon = _Abandon()
    answers: list[Answer | None] = [None] * len(urls)
    lock = threading.Lock()
    queue = iter(range(len(urls)))
    left = [len(urls)]
    finished = threading.Event()

    def work() -> None:
        while not abandon.cancelled.is_set():
            with lock:
                index = next(queue, None)
            if index is None:
                return
            try:
                answers[index] = _check(urls[index], allow_private, timeout, abandon)
            except Exception as error:  # a bug of ours: the link is unanswered, the wait still ends
                answers[index] = Answer(urls[index], False, f"无法连接（{type(error).__name__}）")
            finally:
                with lock:
                    left[0] -= 1
                    if left[0] == 0:
                        finished.set()

    for _ in range(min(MAX_WORKERS, len(urls))):
        threading.Thread(target=work, daemon=True, name="govlint-link-check").start()
    try:
        while not finished.wait(_WAIT_SLICE):
            pass
    finally:
        if not finished.is_set():
            abandon.cancel()
    return [answer for answer in answers if answer is not None]


def clear_cache() -> None:
    with _LOCK:
        _ANSWERS.clear()
