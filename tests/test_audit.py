"""`govlint audit` on the built-in quarter (tests/fixtures/quarter).

The quarter (2026-07-01 .. 2026-09-30, check point 2026-09-30) holds four
accounts, each described a different way:

- 普安之声 (puan-voice/, Markdown front matter): a repost labelled 原创 with
  source 新华社 (post-05), a duplicated word in post-02;
- 普安县人民政府 (county-site/, CMS HTML meta, dates in several CMS forms):
  regular, one page from June (outside the quarter);
- 青山镇发布 (qingshan/, plain text + manifest.csv): stale, last post 2026-09-10;
- 普安县融媒体中心 (folder layout ACCOUNT/YYYY-MM-DD-HHMM*.md): 14 posts on
  2026-09-18, 10 of them within an hour, and a post with broken front matter.

Only the two rules whose defects are planted run (``--select``), so the
verdicts do not move when other checks gain or change rules.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from govlint.audit import worker
from govlint.audit.aggregate import Period
from govlint.audit.inputs import discover_posts
from govlint.audit.runner import RunOptions, run
from govlint.audit.store import Store
from govlint.audit.worker import config_fingerprint
from govlint.cli.audit import main
from govlint.config import Config, from_mapping, with_overrides
from govlint.dates import DateError, iso, parse_datetime

REPO = Path(__file__).resolve().parents[1]
QUARTER = REPO / "tests" / "fixtures" / "quarter"
SCHEMA = json.loads((REPO / "docs" / "audit-output.schema.json").read_text(encoding="utf-8"))
PERIOD = ["--from", "2026-07-01", "--to", "2026-09-30", "--at", "2026-09-30"]
SELECT = ["--select", "typo.duplicate,garbled.replacement-char"]


def audit_json(tmp_path: Path, *extra: str, source: Path = QUARTER) -> tuple[int, dict]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "audit.json"
    code = main([str(source), *PERIOD, *SELECT, "--format", "json", "-o", str(out), "--no-progress",
                 "--cache-dir", str(tmp_path / "cache"), *extra])
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    return code, data


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:
    return audit_json(tmp_path_factory.mktemp("audit"), "--jobs", "2")


def account(data: dict, name: str) -> dict:
    (found,) = [a for a in data["accounts"] if a["account"] == name]
    return found


def post(data: dict, suffix: str) -> dict:
    (found,) = [p for p in data["posts"] if p["path"].endswith(suffix)]
    return found


def test_stale_account_fails_on_the_veto(quarter):
    _, data = quarter
    qingshan = account(data, "青山镇发布")
    assert qingshan["stale_at_checkpoint"] is True
    assert qingshan["last_post"] == "2026-09-10T08:00:00+08:00"
    assert qingshan["days_since_last_post"] == 20.7
    assert qingshan["verdict"] == "fail"
    assert qingshan["reasons"][0].startswith("单项否决：监测时间点前14天内无更新")
    # From manifest.csv, with its three date forms.
    assert qingshan["months"] == {"2026-07": 2, "2026-08": 1, "2026-09": 1}
    assert (qingshan["original"], qingshan["repost"], qingshan["unlabelled"]) == (2, 2, 0)
    assert qingshan["original_rate"] == 0.5
    assert post(data, "qs002.txt")["published_at"] == "2026-07-30T00:00:00+08:00"


def test_bursting_account_is_flagged_with_its_day(quarter):
    _, data = quarter
    rongmei = account(data, "普安县融媒体中心")
    assert rongmei["bursts"] == [{"date": "2026-09-18", "posts": 14, "max_in_60min": 10}]
    assert rongmei["stale_at_checkpoint"] is False
    assert rongmei["verdict"] == "fail"
    assert rongmei["reasons"] == ["集中发布：2026年9月18日发布 14 篇，60 分钟内最多 10 篇"]
    assert rongmei["months"] == {"2026-07": 2, "2026-08": 2, "2026-09": 16}
    assert rongmei["max_gap_days"] == 14.0
    assert rongmei["unlabelled"] == 20 and rongmei["original_rate"] == 0.0
    # Layout ACCOUNT/YYYY-MM-DD-HHMM*.md gives the time.
    assert post(data, "2026-09-18-0905-kuaixun.md")["published_at"] == "2026-09-18T09:05:00+08:00"


def test_burst_thresholds_are_options(tmp_path):
    _, data = audit_json(tmp_path, "--burst-day", "14", "--burst-hour", "10", "--jobs", "1")
    assert account(data, "普安县融媒体中心")["bursts"] == []


def test_mislabelled_repost_counts_as_repost_and_fails(quarter):
    _, data = quarter
    voice = account(data, "普安之声")
    mislabelled = post(data, "puan-voice/post-05.md")
    assert (mislabelled["label"], mislabelled["source"]) == ("原创", "新华社")
    assert (mislabelled["kind"], mislabelled["mislabelled"]) == ("repost", True)
    assert (voice["original"], voice["repost"], voice["unlabelled"], voice["mislabelled"]) == (5, 2, 0, 1)
    assert voice["original_rate"] == round(5 / 7, 4)
    assert "1 篇转载稿件标注为原创" in voice["reasons"]
    assert voice["findings_by_check"]["typo"] == 1
    assert voice["findings_by_severity"] == {"error": 1, "warning": 0, "notice": 0}


def test_broken_post_is_reported_and_the_audit_goes_on(quarter):
    code, data = quarter
    broken = post(data, "2026-09-22-1000-broken.md")
    assert "YAML" in broken["error"] and broken["findings"] == []
    assert broken["account"] == "普安县融媒体中心"
    assert account(data, "普安县融媒体中心")["posts_with_errors"] == 1
    assert data["summary"]["failed"] == 1
    assert code == 2  # some posts could not be audited


def test_regular_account_passes_and_the_june_post_is_skipped(quarter):
    _, data = quarter
    county = account(data, "普安县人民政府")
    assert county["verdict"] == "pass" and county["reasons"] == []
    assert county["posts"] == 7  # the 2026-06-20 page is outside the quarter
    assert county["first_post"] == "2026-07-06T10:00:00+08:00"
    assert county["last_post"] == "2026-09-29T09:00:00+08:00"
    assert county["months"] == {"2026-07": 2, "2026-08": 2, "2026-09": 3}
    assert county["max_gap_days"] == 15.2
    assert not any(p["path"].endswith("t2026_1000.html") for p in data["posts"])


def test_summary(quarter):
    _, data = quarter
    summary = data["summary"]
    assert data["period"] == {"from": "2026-07-01T00:00:00+08:00", "to": "2026-09-30T23:59:59+08:00",
                              "checkpoint": "2026-09-30T23:59:59+08:00"}
    assert (summary["accounts"], summary["posts"], summary["skipped"], summary["failed"]) == (4, 38, 1, 1)
    assert summary["pass_rate"] == 0.25
    assert summary["top_rules"] == [{"rule": "garbled.replacement-char", "count": 1},
                                    {"rule": "typo.duplicate", "count": 1}]
    assert [w["path"].rsplit("/", 1)[-1] for w in summary["worst_posts"]] == ["post-02.md", "2026-08-07-0930-kuaixun.md"]
    assert [p["path"] for p in data["posts"]] == sorted(p["path"] for p in data["posts"])
    finding = post(data, "post-02.md")["findings"][0]
    assert (finding["rule"], finding["text"], finding["suggestion"]) == ("typo.duplicate", "进行进行", "进行")


def test_csv_rows_field_by_field(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    code = main([str(QUARTER), *PERIOD, *SELECT, "--format", "csv", "-o", str(out), "--no-progress",
                 "--jobs", "1", "--cache-dir", str(tmp_path / "cache"), "--csv-headers", "en"])
    assert code == 2
    assert (out / "accounts.csv").read_bytes().startswith("\ufeff".encode())  # Excel reads UTF-8 with a BOM
    with (out / "accounts.csv").open(encoding="utf-8-sig", newline="") as handle:
        accounts = {row["account"]: row for row in csv.DictReader(handle)}
    rongmei = accounts["普安县融媒体中心"]
    assert rongmei["verdict"] == "fail" and rongmei["posts"] == "20"
    assert rongmei["burst_days"] == "1" and rongmei["bursts"] == "2026-09-18:14/10"
    assert rongmei["stale_at_checkpoint"] == "false" and rongmei["posts_with_errors"] == "1"
    assert rongmei["months"] == "2026-07:2;2026-08:2;2026-09:16"
    assert rongmei["findings_garbled"] == "1" and rongmei["findings_error"] == "1"
    qingshan = accounts["青山镇发布"]
    assert qingshan["stale_at_checkpoint"] == "true" and qingshan["days_since_last_post"] == "20.7"
    assert qingshan["original_rate"] == "0.5" and qingshan["reasons"].startswith("单项否决")
    with (out / "posts.csv").open(encoding="utf-8-sig", newline="") as handle:
        posts = {row["path"].rsplit("/", 1)[-1]: row for row in csv.DictReader(handle)}
    assert len(posts) == 38
    row = posts["post-05.md"]
    assert (row["account"], row["label"], row["source"], row["kind"], row["mislabelled"]) == (
        "普安之声", "原创", "新华社", "repost", "true")
    assert row["published_at"] == "2026-08-24T09:10:00+08:00"
    assert posts["post-02.md"]["rules"] == "typo.duplicate:1" and posts["post-02.md"]["errors"] == "1"
    assert posts["2026-09-22-1000-broken.md"]["error"].startswith("第 3 行：YAML")


def test_csv_for_the_office_speaks_chinese_by_default(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    main([str(QUARTER), *PERIOD, *SELECT, "--format", "csv", "-o", str(out), "--no-progress",
          "--jobs", "1", "--cache-dir", str(tmp_path / "cache")])
    with (out / "accounts.csv").open(encoding="utf-8-sig", newline="") as handle:
        accounts = {row["账号"]: row for row in csv.DictReader(handle)}
    rongmei = accounts["普安县融媒体中心"]
    assert (rongmei["结论"], rongmei["发稿数"], rongmei["监测时间点前两周无更新"]) == ("不合格", "20", "否")
    assert rongmei["乱码问题"] == "1" and rongmei["错误数"] == "1"
    with (out / "posts.csv").open(encoding="utf-8-sig", newline="") as handle:
        posts = {row["文件"].rsplit("/", 1)[-1]: row for row in csv.DictReader(handle)}
    assert (posts["post-05.md"]["性质"], posts["post-05.md"]["转载标为原创"]) == ("转载", "是")
    assert posts["post-05.md"]["发布时间"] == "2026-08-24T09:10:00+08:00"  # sortable in Excel


def test_only_a_run_without_cache_makes_a_scratch_folder(tmp_path, monkeypatch):
    # A run that is killed leaves its scratch folder behind: a run with a cache makes none.
    made: list[str] = []
    original = tempfile.TemporaryDirectory

    def recording(*args, **kwargs):
        made.append(kwargs.get("prefix", ""))
        return original(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryDirectory", recording)
    assert audit_json(tmp_path / "cached", "--jobs", "1")[1]["summary"]["posts"] > 0
    assert "govlint-audit-" not in made
    assert audit_json(tmp_path / "uncached", "--jobs", "1", "--no-cache")[1]["summary"]["posts"] > 0
    assert "govlint-audit-" in made


def test_a_run_says_each_post_it_enters(tmp_path):
    # govlint serve shows an audit's progress from this: cached posts and linted ones alike.
    config = Config(select=("typo.duplicate",))
    period = Period(checkpoint=parse_datetime("2026-09-30 23:59"))
    posts = discover_posts([str(QUARTER / "puan-voice")])
    for _ in range(2):  # the second run takes every post from the cache
        seen: list[int] = []
        store = Store(tmp_path / "cache")
        try:
            run(posts, config, store, period, RunOptions(jobs=1, on_post=seen.append))
        finally:
            store.close()
        assert seen == list(range(1, len(posts) + 1))


def test_cache_relints_only_changed_posts(tmp_path):
    folder = tmp_path / "quarter"
    shutil.copytree(QUARTER, folder)
    config = Config(select=("typo.duplicate", "garbled.replacement-char"))
    period = Period(checkpoint=parse_datetime("2026-09-30 23:59"))
    options = RunOptions(jobs=1)

    rows: dict[str, dict] = {}

    def audit() -> int:
        store = Store(tmp_path / "cache")
        try:
            linted = run(discover_posts([str(folder)]), config, store, period, options).linted
            rows.update((Path(r["path"]).name, r) for r in store.posts())  # a run's posts: its own
            return linted
        finally:
            store.close()

    assert audit() == 39
    assert audit() == 0
    edited = folder / "puan-voice" / "post-03.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("人民网", "人民日报"), encoding="utf-8")
    assert audit() == 1
    # The run's posts hold the edited post's new source.
    assert rows["post-03.md"]["source"] == "人民日报"


TERM_LIST = "{name: 普安县内部项目代号, category: secrecy, severity: error, stage: 终审, source: 保密办, terms: [%s]}\n"


def test_editing_a_named_term_list_relints_every_post(tmp_path):
    folder = tmp_path / "quarter"
    shutil.copytree(QUARTER / "puan-voice", folder)
    post_01 = folder / "post-01.md"
    post_01.write_text(post_01.read_text(encoding="utf-8") + "\n蓝盾计划进展顺利。\n", encoding="utf-8")
    words = tmp_path / "words.yaml"
    words.write_text(TERM_LIST % "青松工程", encoding="utf-8")
    config = from_mapping({"dictionaries": ["words.yaml"], "select": ["sensitive.secrecy-marker"]}, "cfg", tmp_path)
    period = Period(checkpoint=parse_datetime("2026-09-30 23:59"))

    def audit() -> tuple[int, list[str]]:
        store = Store(tmp_path / "cache")
        try:
            linted = run(discover_posts([str(folder)]), config, store, period, RunOptions(jobs=1)).linted
            (row,) = [r for r in store.posts() if r["path"].endswith("post-01.md")]
            return linted, [f["text"] for f in row["findings"]]
        finally:
            store.close()

    assert audit() == (7, [])
    assert audit() == (0, [])
    # The list gains a term; the configuration (its path) is unchanged.
    words.write_text(TERM_LIST % "青松工程, 蓝盾计划", encoding="utf-8")
    assert audit() == (7, ["蓝盾计划"])


def test_cache_key_covers_named_files_and_link_checking(tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("按步就班\t按部就班\n", encoding="utf-8")
    config = from_mapping({"confusion_pairs": ["pairs.tsv"]}, "cfg", tmp_path)
    before = config_fingerprint(config)
    assert config_fingerprint(from_mapping({"confusion_pairs": ["pairs.tsv"]}, "cfg", tmp_path)) == before
    pairs.write_text("按步就班\t按部就班\n默守成规\t墨守成规\n", encoding="utf-8")
    assert config_fingerprint(config) != before
    assert config_fingerprint(with_overrides(config, check_links=True)) != config_fingerprint(config)
    assert config_fingerprint(Config(allow_terms=frozenset({"蓝盾"}))) != config_fingerprint(Config())


def test_cache_key_covers_the_lexicon_packages(monkeypatch):
    import importlib.metadata

    before = config_fingerprint(Config())
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0" if name == "rjieba" else real(name))
    assert config_fingerprint(Config()) != before  # an upgraded tokenizer (jieba's dictionary) re-lints


def test_timeout_is_reported_not_cached(tmp_path):
    code, data = audit_json(tmp_path, "--timeout", "0.000001", "--jobs", "1",
                            source=QUARTER / "puan-voice")
    assert code == 2
    assert data["summary"]["failed"] == 7
    assert all(p["error"].startswith("检查超时") for p in data["posts"])
    # A timeout may pass next time: the next run lints again and succeeds.
    code, data = audit_json(tmp_path, "--jobs", "1", source=QUARTER / "puan-voice")
    assert data["summary"]["failed"] == 0 and code == 1


def test_a_post_in_a_worker_thread_is_stopped_at_its_deadline(monkeypatch):
    # Dask runs posts in threads; an endless post must not hold its worker.
    def endless(*args: object, **kwargs: object) -> None:
        while True:
            time.sleep(0.005)

    monkeypatch.setattr(worker, "check_document", endless)
    config = Config(select=("typo.duplicate",))
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(
        worker.audit_post(str(QUARTER / "puan-voice" / "post-01.md"), config, 0.2)), daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive()
    assert result["timed_out"] and result["error"] == "检查超时（超过 0.2 秒），已跳过"


def test_a_batch_with_one_endless_post_loses_only_that_post(monkeypatch):
    # Posts are prepared in batches (the typo engine once over all of them);
    # a batch whose preparation runs over the deadline falls back to one post
    # at a time, and only the post that is endless times out.
    def endless(*args: object, **kwargs: object) -> None:
        while True:
            time.sleep(0.005)

    check = worker.check_document

    def endless_for_post_02(document, config, context=None):
        if document.path.endswith("post-02.md"):
            endless()
        return check(document, config, context)

    monkeypatch.setattr(worker, "prepare_documents", endless)
    monkeypatch.setattr(worker, "check_document", endless_for_post_02)
    paths = [str(QUARTER / "puan-voice" / f"post-0{n}.md") for n in (1, 2, 3)]
    records = worker.audit_posts(paths, Config(select=("typo",)), 0.5)
    assert [r["timed_out"] for r in records] == [False, True, False]
    assert records[0]["metadata"] and records[2]["error"] is None


def test_posts_audited_in_a_batch_have_the_findings_they_have_alone():
    paths = sorted(str(p) for p in QUARTER.rglob("*.md"))
    config = Config()
    batched = worker.audit_posts(paths, config)
    alone = [worker.audit_post(path, config) for path in paths]
    strip = [{k: v for k, v in r.items() if k != "seconds"} for r in batched]
    assert strip == [{k: v for k, v in r.items() if k != "seconds"} for r in alone]
    assert sum(len(r["findings"]) for r in alone) > 5


def test_the_command_keeps_numpy_to_one_blas_thread():
    # Workers run one per core; BLAS threads spinning after each small matrix
    # product doubled the CPU time of a post. The setting must come before numpy loads.
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    probe = "import os, sys, govlint.cli.main; print(os.environ['OPENBLAS_NUM_THREADS'], 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "False"]
    env["OPENBLAS_NUM_THREADS"] = "4"  # the user's choice wins
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["4", "False"]


@pytest.fixture(scope="module")
def dask_scheduler():
    distributed = pytest.importorskip("distributed")
    # Threads, not processes: starting two worker processes with nannies costs
    # seconds in CI and adds nothing to what is compared (the same map step).
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_engine_equals_local_engine(tmp_path, dask_scheduler):
    code_dask, on_dask = audit_json(tmp_path / "dask", "--engine", "dask", "--scheduler",
                                    dask_scheduler, "--no-cache")
    code_local, local = audit_json(tmp_path / "local", "--jobs", "2", "--no-cache")
    assert code_dask == code_local == 2
    assert on_dask == local


def test_dask_engine_reports_a_timed_out_post(tmp_path, dask_scheduler):
    # Dask runs posts in worker threads, where no alarm signal can stop them.
    code, data = audit_json(tmp_path, "--engine", "dask", "--scheduler", dask_scheduler, "--timeout", "0.000001",
                            source=QUARTER / "puan-voice")
    assert code == 2
    assert data["summary"]["failed"] == 7
    assert all(p["error"].startswith("检查超时（超过 1e-06 秒）") for p in data["posts"])
    # Not cached: the next run, with time enough, lints every post again and they pass.
    code, data = audit_json(tmp_path, "--engine", "dask", "--scheduler", dask_scheduler,
                            source=QUARTER / "puan-voice")
    assert data["summary"]["failed"] == 0 and code == 1


def test_html_dashboard_is_self_contained_and_escaped(tmp_path):
    folder = tmp_path / "quarter"
    shutil.copytree(QUARTER / "puan-voice", folder / "puan-voice")
    hostile = folder / "puan-voice" / "post-09.md"
    hostile.write_text("---\ntitle: <script>alert(1)</script>标题\naccount: 普安之声<img src=x onerror=alert(1)>\n"
                       "date: 2026-09-27 10:00\nlabel: 原创\n---\n\n要进行进行整改。\n", encoding="utf-8")
    out = tmp_path / "dash.html"
    main([str(folder), *PERIOD, *SELECT, "--format", "html", "-o", str(out), "--no-progress", "--jobs", "1",
          "--no-cache"])
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;标题" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert html.count("<svg") >= 3
    assert 'href="#post-1"' in html and 'id="post-1"' in html
    assert 'href="./quarter/puan-voice/post-02.md"' in html


def test_dashboard_draws_time_and_the_veto_window_and_links_each_account_to_its_posts(tmp_path):
    out = tmp_path / "dash.html"
    main([str(QUARTER), *PERIOD, *SELECT, "--format", "html", "-o", str(out), "--no-progress", "--jobs", "1",
          "--cache-dir", str(tmp_path / "cache")])
    page = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    chart = page.find("svg", attrs={"aria-label": "每周发稿"})
    assert [t.get_text() for t in chart.select("g > text") if t.get_text().endswith("月")][:3] == ["7月", "8月", "9月"]
    windows = [r for r in chart.select("rect") if r.title and r.title.get_text().startswith("监测时间点前 14 天")]
    stale = {w.get("fill") for w in windows if "单项否决" in w.title.get_text()}
    assert windows and stale == {"#f5b7b1"}  # 青山镇发布 went quiet: its window is red
    rows = page.select("h2 + table tr")[1:]
    link = next(row.select_one("a") for row in rows if row.select_one("a").get_text() == "青山镇发布")
    section = page.select_one(link["href"])
    assert section.select_one("h3").get_text().startswith("青山镇发布（不合格）")
    assert section.select("table tr")[1:] and "2026年9月" in section.get_text()


def test_terminal_report(tmp_path, capsys):
    code = main([str(QUARTER), *PERIOD, *SELECT, "--no-progress", "--jobs", "1", "--cache-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 2
    assert "单项否决" in out and "集中发布" in out and "合格率 25.0%" in out
    assert "未能检查" in out and "broken.md" in out


def test_terminal_report_at_80_columns_keeps_dates_and_figures_whole(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    main([str(QUARTER), *PERIOD, *SELECT, "--no-progress", "--jobs", "1", "--cache-dir", str(tmp_path)])
    from rich.cells import cell_len

    lines = capsys.readouterr().out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)  # a wide character takes two cells
    text = "\n".join(lines)
    assert "┃ 结论" not in text  # each account as lines, not a nine-column table
    assert "  · 单项否决：监测时间点前14天内无更新（最后一次发布于 2026年9月10日 08:00）" in text
    assert "发稿20篇" in text and "2026年9月18日" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/nonexistent/quarter"], "路径不存在"),
        ([str(QUARTER), "--from", "2026-13-45"], "--from"),
        ([str(QUARTER), "--from", "2026-09-01", "--to", "2026-07-01"], "--from 晚于 --to"),
        ([str(QUARTER), "--engine", "dask"], "--scheduler"),
        ([str(QUARTER), "--format", "csv"], "--output"),
        ([str(QUARTER), "--jobs", "0"], "正整数"),
    ],
)
def test_usage_errors_are_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_manifest_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,account\na.txt,青山镇发布\n", encoding="utf-8")
    assert main([str(tmp_path), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "manifest.csv" in err and "缺少 path 列" in err and err.count("\n") == 1


def test_manifest_in_gbk_as_excel_saves_it(tmp_path):
    (tmp_path / "a.txt").write_text("青山镇开展防溺水宣传\n\n正文。\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_bytes(
        "path,account,published_at,title,label,source\na.txt,青山镇发布,2026年9月29日 10:00,标题,原创,\n".encode("gbk"))
    (ref,) = discover_posts([str(tmp_path)])
    assert ref.manifest["account"] == "青山镇发布"
    assert ref.manifest["published_at"] == "2026年9月29日 10:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 09:30", "2026-11-20T09:30:00+08:00"),
        ("2026年11月20日", "2026-11-20T00:00:00+08:00"),
        ("2026年11月20日 09时30分", "2026-11-20T09:30:00+08:00"),
        ("2026/11/20", "2026-11-20T00:00:00+08:00"),
        ("2026.11.20 9:05:30", "2026-11-20T09:05:30+08:00"),
        ("2026-11-20T01:30:00Z", "2026-11-20T09:30:00+08:00"),
        ("2026-11-20T09:30:00+09:00", "2026-11-20T08:30:00+08:00"),
        ("2026-11-20 21:30 CST", "2026-11-20T21:30:00+08:00"),  # China Standard Time
        ("2026年11月20日 下午3:05", "2026-11-20T15:05:00+08:00"),
        ("1795656600", "2026-11-26T09:30:00+08:00"),  # WeChat's epoch seconds
    ],
)
def test_dates_as_cmss_write_them(text, expected):
    assert iso(parse_datetime(text)) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "明天", "", "2026-11"])
def test_bad_dates_are_errors(text):
    with pytest.raises(DateError):
        parse_datetime(text)


def test_interrupted_run_keeps_finished_posts(tmp_path, monkeypatch):
    config = Config(select=("typo.duplicate", "garbled.replacement-char"))
    period = Period(checkpoint=parse_datetime("2026-09-30 23:59"))
    posts = discover_posts([str(QUARTER / "普安县融媒体中心")])
    store = Store(tmp_path / "cache")
    calls = {"n": 0}
    original = Store.add_post

    def interrupt_after_five(self, row, *args):
        calls["n"] += 1
        if calls["n"] > 5:
            raise KeyboardInterrupt
        original(self, row, *args)

    monkeypatch.setattr(Store, "add_post", interrupt_after_five)
    with pytest.raises(KeyboardInterrupt):
        run(posts, config, store, period, RunOptions(jobs=1))
    store.close()  # as the command does on Ctrl-C
    monkeypatch.setattr(Store, "add_post", original)
    store = Store(tmp_path / "cache")
    try:
        stats = run(posts, config, store, period, RunOptions(jobs=1))
    finally:
        store.close()
    # Six posts were linted before the interruption (the sixth was cached
    # before it could be recorded); only the rest are linted again.
    assert stats.cache_hits == 6 and stats.linted == len(posts) - 6


def test_provenance_facts_reveal_a_repost_credited_in_the_body(tmp_path):
    # The front matter says 原创 and names no source; only the article's own
    # credit line (read by the provenance check into its facts) shows a repost.
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: 全国秋粮收购工作全面展开\naccount: 普安之声\ndate: 2026-09-20 09:00\nlabel: 原创\n---\n\n"
        "# 全国秋粮收购工作全面展开\n\n来源：新华社\n\n各地秋粮收购工作有序推进，收购进度快于上年同期。\n",
        encoding="utf-8",
    )
    with_facts = tmp_path / "with"
    without = tmp_path / "without"
    _, data = audit_json(with_facts, "--select", "provenance", "--jobs", "1", source=folder)
    (entry,) = data["posts"]
    assert (entry["source"], entry["kind"], entry["mislabelled"]) == ("新华社", "repost", True)
    assert account(data, "普安之声")["mislabelled"] == 1
    _, data = audit_json(without, "--jobs", "1", source=folder)  # SELECT: provenance does not run
    (entry,) = data["posts"]
    assert (entry["source"], entry["kind"], entry["mislabelled"]) == (None, "original", False)


def test_editor_facing_audit_outputs_write_dates_as_editors_do(tmp_path):
    """The dashboard and the terminal table say 2026年7月1日, never an ISO
    timestamp; the JSON and CSV keep ISO 8601 for machines (above)."""
    iso_time = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
    for fmt in ("html", "terminal"):
        out = tmp_path / f"audit.{fmt}"
        main([str(QUARTER), *PERIOD, *SELECT, "--format", fmt, "-o", str(out), "--no-progress",
              "--cache-dir", str(tmp_path / "cache")])
        text = out.read_text(encoding="utf-8")
        assert "监测期 2026年7月1日 至 2026年9月30日 23:59" in text, fmt
        assert not iso_time.search(text), (fmt, iso_time.search(text).group())
        reason = "单项否决：监测时间点前14天内无更新（最后一次发布于 2026年9月10日 08:00）"
        assert reason in (text if fmt == "html" else re.sub(r"\s*│\s*|\n\s*", "", text)), fmt  # table cells wrap
