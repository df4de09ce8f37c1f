"""A fault campaign for issue 28: the audit under edits, concurrent runs and
kills, and ``--check-links`` against misbehaving servers on loopback.

    python fuzz/faults.py --minutes 30 [--seed S] [--only audit-edit,links-slow]

Runs randomized fault scenarios in turn (audit-edit, audit-concurrent,
audit-kill, links-slow), each round with its own seed drawn from ``--seed``,
until the time is up. One line per round; a failing round saves a
reproduction note (and its posts folder) under ``fuzz/failures-faults/`` and
the campaign exits 1 at the end. Rerun one round with
``--only SCENARIO --round-seed SEED --rounds 1`` (timings are random, so a
race may need a few tries).

What counts as a failure: an exit code other than 0/1/2, "Traceback" or
"内部错误" on stderr, a report that is missing, unparseable or incomplete, a
run over its time bound, per-post findings (rule ids and error per path) that
differ from a fresh-cache run of the same bytes, and for links a dead link
not reported dead (or a fast one reported dead).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))
FAILURES = HERE / "failures-faults"
PY = sys.executable
PERIOD = ["--from", "2026-07-01", "--to", "2026-09-30", "--at", "2026-09-30"]
SELECTIONS = [None, "typo.duplicate,sensitive,privacy", "sensitive,privacy"]
ROUND_LIMIT = 60.0  # seconds a single subprocess may take before it counts as a hang

from govlint.checks.link import probe  # noqa: E402  (the documented deadlines)

LINK_TIMEOUT = probe.TIMEOUT
LINK_WORKERS = probe.MAX_WORKERS

# --------------------------------------------------------------------------- processes

_LIVE: set[subprocess.Popen] = set()


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # its own session: the group is its workers
    with contextlib.suppress(Exception):
        process.kill()
    with contextlib.suppress(Exception):
        process.wait(5)


def _kill_all() -> None:
    for process in list(_LIVE):
        _kill(process)
        _LIVE.discard(process)


atexit.register(_kill_all)


def _on_signal(signum, frame):
    _kill_all()
    sys.exit(130)


def spawn(argv: list[str]) -> subprocess.Popen:
    process = subprocess.Popen([PY, *argv], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    _LIVE.add(process)
    return process


def reap(process: subprocess.Popen, timeout: float) -> tuple[int | None, str, str, float]:
    """(exit code or None on a hang, stdout, stderr, seconds waited)."""
    started = time.monotonic()
    try:
        out, err = process.communicate(timeout=timeout)
        code = process.returncode
    except subprocess.TimeoutExpired:
        _kill(process)
        out, err = process.communicate()
        code = None
    _LIVE.discard(process)
    # Leftover workers of the group (a killed parent's pool) go too.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - started


class FaultFoundError(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise FaultFoundError(message)


def check_stderr(err: str, what: str) -> None:
    check("Traceback" not in err, f"{what}: traceback on stderr:\n{err[-3000:]}")
    check("内部错误" not in err, f"{what}: 内部错误 on stderr:\n{err[-2000:]}")


# --------------------------------------------------------------------------- posts

PARAGRAPHS = [
    "县人民政府召开常务会议，研究部署冬季安全生产、森林防火和民生保障等工作。",
    "会议指出，各乡镇、各部门要压实属地责任，扎实做好隐患排查整治，确保群众生命财产安全。",
    "今年以来，全县新建和改造农村公路一百二十公里，群众出行条件明显改善。",
    "县农业农村局组织技术人员深入田间地头，指导农户做好秋收秋种工作。",
    "下一步，县里将继续优化营商环境，为各类经营主体提供更加便利的政务服务。",
    "镇党委书记带队走访困难群众，送去米面油等生活物资，详细了解生产生活情况。",
    "县卫生健康局开展义诊活动，为群众免费测量血压、血糖，宣传健康知识。",
    "各村组织志愿者开展环境卫生整治，清理垃圾杂物，村容村貌焕然一新。",
]
DEFECTS = [
    "各部门要认真进行进行排查，确保不留死角。",  # typo.duplicate
    "欢迎访问百家乐娱乐平台。",  # sensitive.term
    "咨询电话13812345678。",  # privacy.phone
    "欢迎访问百家乐娱乐平台，咨询电话13812345678。",
]
TITLES = ["全县冬季安全生产工作会议召开", "青山镇开展防溺水安全宣传", "县农业农村局指导秋收秋种",
          "县卫生健康局开展义诊活动", "各村开展环境卫生整治"]


def _body(rng: random.Random) -> str:
    lines = [rng.choice(PARAGRAPHS) for _ in range(rng.randint(2, 6))]
    for _ in range(rng.choice([0, 0, 1, 2])):
        lines.insert(rng.randint(0, len(lines)), rng.choice(DEFECTS))
    return "\n\n".join(lines) + "\n"


def make_folder(rng: random.Random, root: Path) -> list[Path]:
    """20-80 posts in three layouts (front matter, ACCOUNT/DATE-name.md,
    .txt with a manifest); every post dated within the quarter."""
    n = rng.randint(20, 80)
    posts: list[Path] = []
    manifest_rows = ["path,account,published_at,title,label,source"]
    for i in range(n):
        month, day, hour, minute = rng.randint(7, 9), rng.randint(1, 28), rng.randint(8, 20), rng.choice([0, 15, 30])
        title = rng.choice(TITLES)
        label, source = rng.choice([("原创", ""), ("转载", "普安之声"), ("原创", "新华社")])
        layout = rng.choice(["front", "front", "dated", "txt"])
        if layout == "front":
            path = root / "puan-voice" / f"post-{i:03d}.md"
            when = f"2026-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
            text = (f"---\ntitle: {title}\naccount: 普安之声\ndate: {when}\n"
                    f"label: {label}\nsource: {source}\nauthor: 县融媒体中心\n---\n\n# {title}\n\n{_body(rng)}")
        elif layout == "dated":
            path = root / "普安县融媒体中心" / f"2026-{month:02d}-{day:02d}-{hour:02d}{minute:02d}-p{i:03d}.md"
            text = f"# {title}\n\n{_body(rng)}"
        else:
            path = root / "qingshan" / f"qs{i:03d}.txt"
            text = f"{title}\n\n{_body(rng)}"
            manifest_rows.append(f"{path.name},青山镇发布,2026-{month:02d}-{day:02d} {hour:02d}:{minute:02d},"
                                 f"{title},{label},{source}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        posts.append(path)
    if len(manifest_rows) > 1:
        (root / "qingshan" / "manifest.csv").write_text("\n".join(manifest_rows) + "\n", encoding="utf-8")
    return posts


# --------------------------------------------------------------------------- audits


def audit_argv(folder: Path, out: Path, cache: Path | None, jobs: int, select: str | None) -> list[str]:
    argv = ["-m", "govlint", "audit", str(folder), *PERIOD, "--format", "json", "-o", str(out), "--no-progress",
            "--jobs", str(jobs)]
    argv += ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    if select:
        argv += ["--select", select]
    return argv


def load_report(out: Path, what: str) -> dict:
    check(out.exists(), f"{what}: no report at {out}")
    try:
        return json.loads(out.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise FaultFoundError(f"{what}: report is not JSON ({error}); first bytes {out.read_bytes()[:200]!r}") from None


def run_audit(folder: Path, out: Path, cache: Path | None, jobs: int, select: str | None, what: str) -> dict:
    code, _, err, _ = reap(spawn(audit_argv(folder, out, cache, jobs, select)), ROUND_LIMIT)
    check(code is not None, f"{what}: hung over {ROUND_LIMIT:g} s")
    check(code in (0, 1, 2), f"{what}: exit code {code}; stderr:\n{err[-2000:]}")
    check_stderr(err, what)
    return load_report(out, what)


def per_post(data: dict, root: Path) -> dict[str, tuple]:
    """relative path -> (sorted rule ids, error) of each post of a report."""
    result = {}
    for post in data.get("posts", []):
        rel = os.path.relpath(post["path"], root)
        result[rel] = (tuple(sorted(f["rule"] for f in post.get("findings") or [])), post.get("error"))
    return result


def compare(a: dict, b: dict, root: Path, label_a: str, label_b: str) -> None:
    pa, pb = per_post(a, root), per_post(b, root)
    if pa == pb:
        return
    diff = []
    for key in sorted(set(pa) | set(pb)):
        if pa.get(key) != pb.get(key):
            diff.append(f"  {key}: {label_a}={pa.get(key)} {label_b}={pb.get(key)}")
    raise FaultFoundError(f"per-post findings differ between {label_a} and {label_b} ({len(diff)} posts):\n"
                  + "\n".join(diff[:20]))


def complete(data: dict, posts: list[Path], what: str) -> None:
    check(len(data.get("posts", [])) == len(posts),
          f"{what}: report lists {len(data.get('posts', []))} posts, the folder holds {len(posts)}")


# --------------------------------------------------------------------------- a. audit-edit


def scenario_audit_edit(rng: random.Random, tmp: Path, note: dict) -> None:
    folder = tmp / "posts"
    posts = make_folder(rng, folder)
    originals = {p: p.read_bytes() for p in posts}
    jobs, select = rng.choice([1, 2]), rng.choice(SELECTIONS)
    warm = rng.random() < 0.5
    note.update(posts=len(posts), jobs=jobs, select=select, warm=warm)
    cache = tmp / "cache"
    if warm:
        run_audit(folder, tmp / "warm.json", cache, jobs, select, "warm-up audit")

    edits: list[str] = []
    stop = threading.Event()

    def editor() -> None:
        erng = random.Random(rng.random())
        while not stop.is_set():
            post = erng.choice(posts)
            op = erng.choice(["append", "restore", "truncate", "replace", "replace-defect"])
            original = originals[post]
            try:
                if op == "append":
                    with open(post, "ab") as handle:
                        handle.write(("\n" + erng.choice(DEFECTS) + "\n").encode())
                elif op == "restore":
                    post.write_bytes(original)
                elif op == "truncate":
                    with open(post, "r+b") as handle:
                        handle.truncate(erng.randint(0, len(original)))
                else:
                    content = original if op == "replace" else original + ("\n" + erng.choice(DEFECTS) + "\n").encode()
                    temporary = post.with_name(f".{post.name}.tmp{erng.randrange(10**6)}")
                    temporary.write_bytes(content)
                    os.replace(temporary, post)
            except OSError as error:
                edits.append(f"{op} {post.name} failed: {error}")
                continue
            edits.append(f"{op} {post.relative_to(folder)}")
            time.sleep(erng.uniform(0, 0.02))

    thread = threading.Thread(target=editor, daemon=True)
    early = rng.random() < 0.3  # the edits begin just before the audit starts, or while it starts
    if early:
        thread.start()
    process = spawn(audit_argv(folder, tmp / "during.json", cache, jobs, select))
    if not early:
        time.sleep(rng.uniform(0, 0.15))
        thread.start()
    code, _, err, _ = reap(process, ROUND_LIMIT)
    stop.set()
    thread.join(5)
    note["edits_during_run"] = len(edits)
    note["first_edits"] = edits[:30]
    check(code is not None, f"audit under edits hung over {ROUND_LIMIT:g} s")
    check(code in (0, 1, 2), f"audit under edits: exit code {code}; stderr:\n{err[-2000:]}")
    check_stderr(err, "audit under edits")
    load_report(tmp / "during.json", "audit under edits")

    for post, content in originals.items():
        post.write_bytes(content)
    for leftover in folder.rglob(".*.tmp*"):
        leftover.unlink()
    again = run_audit(folder, tmp / "again.json", cache, jobs, select, "re-run, same cache")
    fresh = run_audit(folder, tmp / "fresh.json", tmp / "fresh-cache", jobs, select, "fresh-cache run")
    complete(fresh, posts, "fresh-cache run")
    complete(again, posts, "re-run, same cache")
    compare(again, fresh, folder, "same-cache", "fresh-cache")


# --------------------------------------------------------------------------- b. audit-concurrent


def scenario_audit_concurrent(rng: random.Random, tmp: Path, note: dict) -> None:
    folder = tmp / "posts"
    posts = make_folder(rng, folder)
    select = rng.choice(SELECTIONS)
    jobs = [rng.choice([1, 2]), rng.choice([1, 2])]
    warm = rng.random() < 0.5
    stagger = rng.uniform(0, 0.5)
    note.update(posts=len(posts), jobs=jobs, select=select, warm=warm, stagger=round(stagger, 3))
    cache = tmp / "cache"
    if warm:
        run_audit(folder, tmp / "warm.json", cache, 1, select, "warm-up audit")
    first = spawn(audit_argv(folder, tmp / "first.json", cache, jobs[0], select))
    time.sleep(stagger)
    second = spawn(audit_argv(folder, tmp / "second.json", cache, jobs[1], select))
    results = [reap(first, ROUND_LIMIT), reap(second, ROUND_LIMIT)]
    fresh = run_audit(folder, tmp / "fresh.json", None, 1, select, "fresh single run")
    complete(fresh, posts, "fresh single run")
    for name, (code, _, err, _) in zip(("first", "second"), results, strict=True):
        check(code is not None, f"{name} concurrent audit hung over {ROUND_LIMIT:g} s")
        check(code in (0, 1, 2), f"{name} concurrent audit: exit code {code}; stderr:\n{err[-2000:]}")
        check_stderr(err, f"{name} concurrent audit")
        what = f"{name} concurrent audit (exit {code}, stderr {err.strip()[-300:]!r})"
        data = load_report(tmp / f"{name}.json", what)
        complete(data, posts, f"{name} concurrent audit")
        compare(data, fresh, folder, name, "fresh")


# --------------------------------------------------------------------------- c. audit-kill


def scenario_audit_kill(rng: random.Random, tmp: Path, note: dict) -> None:
    folder = tmp / "posts"
    posts = make_folder(rng, folder)
    select, jobs = rng.choice(SELECTIONS), rng.choice([1, 2])
    warm = rng.random() < 0.4
    old_report = rng.random() < 0.6
    group = rng.random() < 0.5
    cache = tmp / "cache"
    out = tmp / "out" / "report.json"
    out.parent.mkdir()
    if warm:
        run_audit(folder, tmp / "warm.json", cache, jobs, select, "warm-up audit")
    if old_report:
        # An older report of the same folder (another cache, so the kill's cache stays as chosen).
        run_audit(folder, out, tmp / "old-cache", 1, select, "old report")
    old_bytes = out.read_bytes() if out.exists() else None
    # A run takes about 0.5-2 s here: aim the kill mostly within it, sometimes after it.
    delay = rng.uniform(0.03, 0.8) if rng.random() < 0.85 else rng.uniform(0.8, 3.0)
    note.update(posts=len(posts), jobs=jobs, select=select, warm=warm, old_report=old_report,
                kill_group=group, kill_after=round(delay, 3))
    process = spawn(audit_argv(folder, out, cache, jobs, select))
    time.sleep(delay)
    finished_before_kill = process.poll() is not None
    note["finished_before_kill"] = finished_before_kill
    if group:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGKILL)
    code, _, err, _ = reap(process, ROUND_LIMIT)
    note["killed_exit"] = code
    if finished_before_kill:
        check(code in (0, 1, 2), f"audit finished before the kill with exit code {code}")
        check_stderr(err, "audit finished before the kill")
    else:
        check_stderr(err, "killed audit")
    note["out_dir_after_kill"] = sorted(p.name for p in out.parent.iterdir())
    if out.exists():
        raw = out.read_bytes()
        if old_bytes is not None and raw == old_bytes:
            pass  # the old report, intact
        else:
            data = load_report(out, "report after the kill (neither the old one nor absent)")
            complete(data, posts, "report left by the killed run")
    else:
        check(old_bytes is None, "the killed run removed the old report")
    again = run_audit(folder, tmp / "again.json", cache, jobs, select, "re-run after the kill, same cache")
    fresh = run_audit(folder, tmp / "fresh.json", tmp / "fresh-cache", jobs, select, "fresh-cache run")
    complete(fresh, posts, "fresh-cache run")
    complete(again, posts, "re-run after the kill")
    compare(again, fresh, folder, "after-kill", "fresh-cache")


# --------------------------------------------------------------------------- d. links-slow

MODES = ["silent", "trickle", "loop", "slow-loop", "slow-200", "fast-200", "reset", "404"]
DEAD = {"silent", "trickle", "loop", "slow-loop", "reset", "404"}  # must be reported link.dead


class Server:
    """A threaded TCP server on loopback; the path's first segment names the behaviour."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = random.Random(rng.random())
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.closed = threading.Event()
        self.connections: list[socket.socket] = []
        self.delays: dict[str, float] = {}
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
            conn.settimeout(60)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            method, path = request.split(b" ")[:2]
            path = path.decode("latin-1")
            mode = path.strip("/").split("/")[0].split("-", 1)[1] if "-" in path else "fast-200"
            self.serve(conn, method, path, mode)

    def serve(self, conn: socket.socket, method: bytes, path: str, mode: str) -> None:
        body = b"ok" if method == b"GET" else b""
        if mode == "silent":
            self.closed.wait(60)
        elif mode == "trickle":
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10000:
                if self.closed.wait(1.0):
                    return
                conn.sendall(bytes([byte]))
        elif mode in ("loop", "slow-loop"):
            if mode == "slow-loop":
                self.closed.wait(self.delays.get(path.split("/")[1], 0.5))
            conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                         .encode())
        elif mode == "slow-200":
            if self.closed.wait(self.delays.get(path.split("/")[1], 1.0)):
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n" + body)
        elif mode == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            conn.close()
        elif mode == "404":
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n" + body)

    def close(self) -> None:
        self.closed.set()
        with contextlib.suppress(OSError):
            self.listener.close()
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.close()


def scenario_links_slow(rng: random.Random, tmp: Path, note: dict) -> None:
    n = rng.randint(1, 10)
    server = Server(rng)
    try:
        links = []
        for i in range(n):
            mode = rng.choice(MODES)
            segment = f"p{i}-{mode}"
            if mode == "slow-200":
                # Either well within HEAD's share of the deadline, or beyond the whole deadline.
                server.delays[segment] = rng.choice([rng.uniform(0.1, 2.5), rng.uniform(LINK_TIMEOUT + 1, 25)])
            elif mode == "slow-loop":
                server.delays[segment] = rng.uniform(0.1, 3.0)
            links.append((mode, f"http://127.0.0.1:{server.port}/{segment}/page", server.delays.get(segment)))
        note["links"] = [(m, u, None if d is None else round(d, 2)) for m, u, d in links]
        draft = tmp / "draft.md"
        text = (REPO / "tests" / "fixtures" / "quarter" / "puan-voice" / "post-01.md").read_text(encoding="utf-8")
        text += "".join(f"\n详见[第{i}份通知]({url})。\n" for i, (_, url, _) in enumerate(links))
        draft.write_text(text, encoding="utf-8")
        bound = LINK_TIMEOUT * n + 20  # documented per-link deadline x links + start-up slack
        parallel = LINK_TIMEOUT * math.ceil(n / LINK_WORKERS) + 10  # check_urls: a deadline per wave of workers
        note.update(bound=bound, parallel_bound=parallel)
        process = spawn(["-m", "govlint", str(draft), "--check-links", "--allow-private-links", "--select", "link",
                         "--format", "json"])
        code, out, err, seconds = reap(process, bound + 30)
        note["seconds"] = round(seconds, 2)
        check(code is not None, f"--check-links hung: killed after {bound + 30:g} s")
        check(seconds <= bound, f"--check-links took {seconds:.1f} s, over the bound {bound:g} s")
        check(code in (0, 1, 2), f"--check-links exit code {code}; stderr:\n{err[-2000:]}")
        check_stderr(err, "--check-links")
        try:
            data = json.loads(out)
        except ValueError as error:
            raise FaultFoundError(f"--check-links output is not JSON ({error}): {out[:300]!r}") from None
        if seconds > parallel:
            note["warning"] = f"took {seconds:.1f} s, over the documented per-wave bound {parallel:g} s"
        dead = {f["text"] for file in data["files"] for f in file["findings"] if f["rule"] == "link.dead"}
        messages = {f["text"]: f["message"] for file in data["files"] for f in file["findings"]
                    if f["rule"] == "link.dead"}
        for i, (mode, url, delay) in enumerate(links):
            shown = any(url in t for t in dead)
            must_die = mode in DEAD or (mode == "slow-200" and delay > LINK_TIMEOUT)
            must_live = mode == "fast-200" or (mode == "slow-200" and delay < 3)
            check(not (must_die and not shown), f"link {i} ({mode}, {url}) not reported link.dead")
            check(not (must_live and shown),
                  f"link {i} ({mode}, delay {delay}) reported dead: "
                  f"{[m for t, m in messages.items() if url in t]}")
    finally:
        server.close()


# --------------------------------------------------------------------------- campaign

SCENARIOS = {
    "audit-edit": scenario_audit_edit,
    "audit-concurrent": scenario_audit_concurrent,
    "audit-kill": scenario_audit_kill,
    "links-slow": scenario_links_slow,
}


def save_failure(name: str, seed: int, note: dict, problem: str, tmp: Path) -> Path:
    FAILURES.mkdir(exist_ok=True)
    base = FAILURES / f"{name}-{seed}"
    if (tmp / "posts").exists():
        shutil.copytree(tmp / "posts", base.with_name(base.name + "-posts"), dirs_exist_ok=True)
    for report in tmp.glob("*.json"):
        shutil.copy(report, base.with_name(f"{base.name}-{report.name}"))
    text = [f"scenario: {name}", f"round seed: {seed}",
            f"reproduce: python fuzz/faults.py --only {name} --round-seed {seed} --rounds 1",
            "parameters: " + json.dumps(note, ensure_ascii=False, indent=1, default=str), "", "problem:", problem]
    path = base.with_suffix(".txt")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def run_round(name: str, seed: int) -> tuple[bool, dict]:
    note: dict = {}
    tmp = Path(tempfile.mkdtemp(prefix=f"faults-{name}-"))
    try:
        try:
            SCENARIOS[name](random.Random(seed), tmp, note)
            return True, note
        except FaultFoundError as failure:
            problem = str(failure)
        except Exception:
            problem = "the fault script itself raised:\n" + traceback.format_exc()
        path = save_failure(name, seed, note, problem, tmp)
        print(f"FAIL {name} seed {seed}: {problem.splitlines()[0]}\n  saved {path.relative_to(REPO)}", flush=True)
        return False, note
    finally:
        _kill_all()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=None, help="seed of the campaign (round seeds derive from it)")
    parser.add_argument("--only", default=None, help="comma-separated scenarios to run")
    parser.add_argument("--round-seed", type=int, default=None, help="seed of the (first) round")
    parser.add_argument("--rounds", type=int, default=None, help="stop after this many rounds")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    names = args.only.split(",") if args.only else list(SCENARIOS)
    for name in names:
        if name not in SCENARIOS:
            parser.error(f"unknown scenario {name}; choose from {', '.join(SCENARIOS)}")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    master = random.Random(seed)
    print(f"faults: campaign seed {seed}, scenarios {', '.join(names)}, {args.minutes:g} min", flush=True)
    started = time.monotonic()
    deadline = started + args.minutes * 60
    stats: dict[str, list] = {name: [0, 0, 0.0] for name in names}  # rounds, failures, seconds
    failing: list[str] = []
    count = 0
    while time.monotonic() < deadline and (args.rounds is None or count < args.rounds):
        name = names[count % len(names)]
        round_seed = args.round_seed if (args.round_seed is not None and count == 0) else master.randrange(2**31)
        t0 = time.monotonic()
        ok, note = run_round(name, round_seed)
        seconds = time.monotonic() - t0
        count += 1
        stats[name][0] += 1
        stats[name][2] += seconds
        if not ok:
            stats[name][1] += 1
            failing.append(f"{name}:{round_seed}")
        detail = {k: note[k] for k in ("posts", "jobs", "warm", "edits_during_run", "kill_after",
                                       "finished_before_kill", "killed_exit", "seconds") if k in note}
        if "links" in note:
            detail["links"] = len(note["links"])
        extra = "  " + " ".join(f"{k}={v}" for k, v in detail.items())
        extra += f"  [{note['warning']}]" if note.get("warning") else ""
        print(f"round {count:4d} {name:17s} seed {round_seed:10d} {'ok  ' if ok else 'FAIL'} {seconds:6.1f} s{extra}",
              flush=True)
    minutes = (time.monotonic() - started) / 60
    for name, (rounds, fails, seconds) in stats.items():
        mean = seconds / rounds if rounds else 0.0
        print(f"  {name:17s} {rounds:4d} rounds, {fails} failing, {mean:5.1f} s per round", flush=True)
    print(f"faults: {count} rounds in {minutes:.1f} min, {len(failing)} failing [{', '.join(failing)}]", flush=True)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
