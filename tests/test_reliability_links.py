"""Issue 28, fault 3: link-check deadlines that hold.

Servers on loopback that misbehave as a hostile or broken site would: one
that accepts and never answers, one that trickles its status line a byte at
a time (each byte well within the per-read timeout, the whole never ending).
The per-link timeout is a deadline for the whole exchange (connect, headers,
body, redirects, HEAD and the GET fallback together) and the answer says the
real figure; ``govlint audit --timeout`` stops a post whose links hang, and
nothing waits for the abandoned probe.
"""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
import time
from pathlib import Path

import pytest

from govlint.audit import worker
from govlint.checks.link import probe
from govlint.cli.audit import main as audit_main
from govlint.cli.main import main as lint_main
from govlint.config import Config

REPO = Path(__file__).resolve().parents[1]
POST = REPO / "tests" / "fixtures" / "quarter" / "puan-voice" / "post-01.md"


class _Server:
    """A TCP server on loopback; each connection is handed to ``serve(conn)`` in its own thread."""

    def __init__(self, serve) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.serve = serve
        self.closed = threading.Event()
        self.connections: list[socket.socket] = []
        self.requests: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            conn.settimeout(30)
            self.requests.append(conn.recv(4096).split(b" ", 1)[0])
            self.serve(conn, self.closed)

    def url(self, path: str = "/page") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.closed.set()
        self.listener.close()
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.close()


def _silent(conn: socket.socket, closed: threading.Event) -> None:
    """Accept, read the request, never answer (until the test ends)."""
    closed.wait(30)


def _trickle(seconds: float):
    """Answer one byte every 0.1 s for ``seconds``, then close: each read
    succeeds well within any per-read timeout, the headers never end."""

    def serve(conn: socket.socket, closed: threading.Event) -> None:
        status = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000
        end = time.monotonic() + seconds
        for byte in status:
            if closed.is_set() or time.monotonic() > end:
                return
            conn.sendall(bytes([byte]))
            time.sleep(0.1)

    return serve


@pytest.fixture
def serve():
    probe.clear_cache()
    servers: list[_Server] = []

    def start(handler) -> _Server:
        servers.append(_Server(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
    probe.clear_cache()


@pytest.fixture
def loopback_is_public(monkeypatch):
    """127.0.0.1 stands for a public site (the audit has no --allow-private-links)."""
    real = probe.public_address
    monkeypatch.setattr(probe, "public_address", lambda host, port, allow_private: real(host, port, True))


def _timed(function, *args, **kwargs):
    started = time.monotonic()
    result = function(*args, **kwargs)
    return result, time.monotonic() - started


def test_a_server_that_never_answers_costs_the_timeout_once(serve):
    server = serve(_silent)
    answer, elapsed = _timed(probe.check_url, server.url(), allow_private=True, timeout=2.0)
    assert not answer.ok and not answer.skipped
    assert "2 秒" in answer.reason, answer.reason
    # HEAD and the GET fallback share the 2 s: it used to be 2 s each.
    assert 1.9 <= elapsed < 3.0, elapsed
    assert server.requests == [b"HEAD", b"GET"]  # the fallback still got its turn


def test_a_server_trickling_its_headers_is_cut_at_the_deadline(serve):
    server = serve(_trickle(20.0))
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(answer=_timed(
        probe.check_url, server.url(), allow_private=True, timeout=1.5)), daemon=True)
    thread.start()
    thread.join(6)
    assert not thread.is_alive(), "a byte every 0.1 s kept the link check going past its 1.5 s"
    answer, elapsed = result["answer"]
    assert not answer.ok and "1.5 秒" in answer.reason, answer.reason
    assert elapsed < 2.5, elapsed


def test_a_redirect_chain_shares_the_deadline(serve):
    # Each hop answers after 0.6 s: five hops of a 1.5 s deadline cannot all fit.
    def slow_redirect(conn: socket.socket, closed: threading.Event) -> None:
        time.sleep(0.6)
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n")

    server = serve(slow_redirect)
    answer, elapsed = _timed(probe.check_url, server.url(), allow_private=True, timeout=1.5)
    assert not answer.ok and "1.5 秒" in answer.reason, answer.reason
    assert elapsed < 2.5, elapsed


def test_many_silent_links_cost_the_deadline_per_wave_of_workers(serve):
    server = serve(_silent)
    urls = [server.url(f"/p{n}") for n in range(probe.MAX_WORKERS)]
    answers, elapsed = _timed(probe.check_urls, urls, allow_private=True, timeout=1.5)
    assert all(not a.ok and "1.5 秒" in a.reason for a in answers.values())
    assert elapsed < 2.5, elapsed  # one wave of workers, 1.5 s each (used to be 3 s)


def test_check_links_on_the_command_line_ends_at_the_deadline(serve, monkeypatch, tmp_path):
    server = serve(_trickle(20.0))
    monkeypatch.setattr(probe, "TIMEOUT", 1.0)  # the default per-link timeout, as the link rule calls it
    draft = tmp_path / "draft.md"
    draft.write_text(POST.read_text(encoding="utf-8") + f"\n详见[通知全文]({server.url()})。\n", encoding="utf-8")
    out = io.StringIO()
    result: dict = {}

    def lint() -> None:
        with contextlib.redirect_stdout(out):
            result["code"] = lint_main([str(draft), "--check-links", "--allow-private-links", "--select",
                                        "link.dead", "--format", "json"])

    started = time.monotonic()
    thread = threading.Thread(target=lint, daemon=True)
    thread.start()
    thread.join(8)
    assert not thread.is_alive(), "govlint --check-links did not end"
    assert time.monotonic() - started < 5
    (finding,) = json.loads(out.getvalue())["files"][0]["findings"]
    assert finding["rule"] == "link.dead" and "1 秒" in finding["message"], finding
    assert result["code"] == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_audit_timeout_stops_a_post_whose_link_hangs(serve, loopback_is_public, tmp_path, jobs):
    # The link timeout is 10 s; the post's deadline is 1 s, and it holds: the
    # post is recorded as timed out and nothing waits for the stuck probe.
    server = serve(_trickle(20.0))
    folder = tmp_path / "posts"
    folder.mkdir()
    text = POST.read_text(encoding="utf-8")
    (folder / "post-01.md").write_text(text + f"\n详见[通知全文]({server.url('/a')})。\n", encoding="utf-8")
    (folder / "post-02.md").write_text(text.replace("2026-07-03", "2026-07-04")
                                       + f"\n详见[通知全文]({server.url('/b')})。\n", encoding="utf-8")
    config = tmp_path / "govlint.toml"
    config.write_text("check_links = true\n", encoding="utf-8")
    out = tmp_path / "audit.json"
    started = time.monotonic()
    code = audit_main([str(folder), "--from", "2026-07-01", "--to", "2026-09-30", "--at", "2026-09-30",
                       "--select", "link.dead", "--config", str(config), "--timeout", "1", "--jobs", jobs,
                       "--no-cache", "--no-progress", "--format", "json", "-o", str(out)])
    elapsed = time.monotonic() - started
    assert elapsed < 8, elapsed  # warm-up and the 1 s deadline; it used to wait out the 20 s trickle
    data = json.loads(out.read_text(encoding="utf-8"))
    assert code == 2
    assert len(data["posts"]) == 2
    assert all(p["error"].startswith("检查超时（超过 1 秒），已跳过") for p in data["posts"]), data["posts"]


def test_a_post_in_a_worker_thread_is_stopped_while_its_links_hang(serve, loopback_is_public, tmp_path):
    # Dask runs posts in threads: the deadline arrives as an exception in the
    # post's thread, which must not sit in an uninterruptible wait for the probe.
    server = serve(_trickle(20.0))
    draft = tmp_path / "post.md"
    draft.write_text(POST.read_text(encoding="utf-8") + f"\n详见[通知全文]({server.url()})。\n", encoding="utf-8")
    config = Config(select=("link.dead",), check_links=True)
    worker.warm_up(config)
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(worker.audit_post(str(draft), config, 1.0)),
                              daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(8)
    assert not thread.is_alive()
    assert time.monotonic() - started < 4
    assert result["timed_out"] and result["error"] == "检查超时（超过 1 秒），已跳过"
