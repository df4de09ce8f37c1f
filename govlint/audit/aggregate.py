"""From per-post records to the audit: resolving each post, then per-account
cadence, provenance counts, findings and verdicts, streamed from the store.

The criteria and their sources:

- **Stale at the check point (single-item veto).** 国务院办公厅《政府网站与政务
  新媒体检查指标》(国办函〔2019〕19号), 政务新媒体 单项否决指标 “内容更新”:
  监测时间点前2周内无更新. An account fails when none of its posts falls in
  the 14 days up to and including the check point.
- **Bursts.** No national figure exists; provincial inspection reports
  criticise accounts "14 posts in one day, many within an hour" (刷屏). The
  defaults flag a day with more than 8 posts, or more than 8 within 60
  minutes: 8 is the most articles one WeChat Official Account push
  (群发) may carry, so a day beyond it is more than one full push.
- **Mislabelled reposts.** A post labelled 原创 whose declared source is
  another outlet counts as a repost and fails the account (版权: 转载须注明来源).
- **Defective posts.** govlint's own default, not from the national criteria:
  an account fails when more than 5% of its posts have an error-level finding.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby, pairwise
from operator import itemgetter

from govlint.audit.inputs import PostRef, layout_account, layout_time
from govlint.audit.store import Packed, Store
from govlint.dates import SHANGHAI, DateError, chinese, iso, parse_datetime
from govlint.rules import CHECK_IDS, Severity

STALE_DAYS = 14
UNKNOWN_ACCOUNT = "（未知账号）"
_ORIGINAL = {"原创", "首发", "原创首发", "original", "true", "yes", "是"}
_REPOST = {"转载", "转发", "非原创", "转载稿", "repost", "false", "no", "否"}
_SELF_SOURCES = {"本站", "本网", "本号", "原创", "本报", "本台", "本单位"}


@dataclass(frozen=True)
class Period:
    start: datetime | None = None
    end: datetime | None = None
    checkpoint: datetime | None = None

    def contains(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (self.end is None or moment <= self.end)

    def as_dict(self) -> dict:
        return {"from": iso(self.start), "to": iso(self.end), "checkpoint": iso(self.checkpoint)}


@dataclass(frozen=True)
class Criteria:
    burst_hour: int = 8  # a day is a burst with more than this many posts within 60 minutes
    burst_day: int = 8  # ... or more than this many posts in the day
    max_error_share: float = 0.05  # share of posts with an error-level finding that fails an account
    worst: int = 20  # worst posts listed in the summary


def classify(label: str | None, source: str | None, account: str | None) -> tuple[str, bool]:
    """(kind, mislabelled): kind is original, repost or unlabelled."""
    value = (label or "").strip().lower()
    if value in _ORIGINAL:
        if _foreign_source(source, account):
            return "repost", True
        return "original", False
    if value in _REPOST:
        return "repost", False
    return "unlabelled", False


def _foreign_source(source: str | None, account: str | None) -> bool:
    source = (source or "").strip().removeprefix("来源：").removeprefix("来源:").strip()
    if not source or source in _SELF_SOURCES:
        return False
    return not (account and (account in source or source in account))


def resolve(ref: PostRef, record: Packed, period: Period) -> dict:
    """The store row of one post: metadata (or provenance facts) first, then
    its manifest row, then the folder layout."""
    manifest = ref.manifest or {}
    errors = [record.error] if record.error else []

    account = record.account or manifest.get("account") or layout_account(ref.path)
    if not account:
        errors.append("无法确定账号")
    moment = _published_at(ref, record, manifest)
    if moment is None:
        errors.append("无法确定发布时间（元数据、manifest.csv 与文件名均未给出）")

    # The provenance check's facts outrank the metadata's label and source.
    label = _first(record.provenance_label, record.label, manifest.get("label"))
    source = _first(record.provenance_source, record.source, manifest.get("source"))
    kind, mislabelled = classify(label, source, account)
    return {
        "path": ref.path,
        "account": account or UNKNOWN_ACCOUNT,
        "published_at": iso(moment),
        "epoch": moment.timestamp() if moment else None,
        "title": _first(record.title, manifest.get("title")),
        "label": label,
        "source": source,
        "kind": kind,
        "mislabelled": mislabelled,
        "in_range": moment is None or period.contains(moment),
        "error": "；".join(errors) or None,
        **_counts(record),
    }


def _first(*values: str | None) -> str | None:
    """The first value given (not empty), else None: sources in order of trust."""
    return next((value for value in values if value), None)


def _published_at(ref: PostRef, record: Packed, manifest: dict) -> datetime | None:
    """The metadata's date, else the manifest's, else the one in the folder
    layout (a dated file name); a date that does not parse is passed over.

    A Word file's date is when it was last saved (its properties), not when
    it was published: there the manifest and the file name come first."""
    declared = manifest.get("published_at")
    if os.path.splitext(ref.path)[1].lower() in WORD_SUFFIXES:
        for candidate in (declared, layout_time(ref.path), record.date):
            moment = _parsed(candidate)
            if moment is not None:
                return moment
        return None
    return _parsed(record.date) or _parsed(declared) or layout_time(ref.path)


WORD_SUFFIXES = (".docx", ".doc", ".wps")


def _parsed(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return parse_datetime(value) if value else None
    except DateError:
        return None


def _counts(record: Packed) -> dict:
    """The findings columns of a post's row; the score ranks the worst posts
    (an error outweighs any number of warnings seen in practice)."""
    return {
        "n_error": record.n_error,
        "n_warning": record.n_warning,
        "n_notice": record.n_notice,
        "score": 100 * record.n_error + 10 * record.n_warning + record.n_notice,
        "tally": record.tally,
    }


@dataclass
class _Account:
    name: str
    in_range: list[float] = field(default_factory=list)  # epochs of dated posts in range
    last_by_checkpoint: float | None = None  # any post, in range or not, up to the check point
    posts: int = 0
    kinds: Counter = field(default_factory=Counter)
    mislabelled: int = 0
    by_check: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)
    errors: int = 0
    error_posts: int = 0  # posts with an error-level finding


# Posts in account order, each account's by time: one account at a time.
_POSTS_BY_ACCOUNT = (
    "SELECT account, epoch, in_range, kind, mislabelled, error, n_error, tally"
    " FROM posts ORDER BY account, epoch"
)
_WORST_POSTS = (
    "SELECT path, account, score, n_error, n_warning, n_notice FROM posts"
    " WHERE in_range = 1 AND score > 0 ORDER BY score DESC, path LIMIT ?"
)


def build(store: Store, period: Period, criteria: Criteria) -> dict:
    """The audit (period, accounts, summary) without the post list, which
    reporters stream from the store. Memory: one account's times at a time."""
    rules: Counter = Counter()
    checks: Counter = Counter()
    accounts = [
        account
        for account in _accounts(store, period, criteria, rules, checks)
        # An account with nothing in the period and nothing to flag is not audited.
        if account["posts"] or account["last_post"] is not None or account["stale_at_checkpoint"]
    ]
    summary = _summary(store, accounts, rules, checks, criteria)
    return {"period": period.as_dict(), "accounts": accounts, "summary": summary}


def _accounts(store: Store, period: Period, criteria: Criteria, rules: Counter, checks: Counter) -> Iterator[dict]:
    """Each account's audit, in account order; adds the findings of the posts
    in range to ``rules`` and ``checks``, the totals of the summary."""
    checkpoint = period.checkpoint.timestamp() if period.checkpoint else None
    for name, rows in groupby(store.db.execute(_POSTS_BY_ACCOUNT), key=itemgetter(0)):
        acc = _Account(name)
        for _, epoch, in_range, kind, mislabelled, error, n_error, tally in rows:
            # The check point looks back past the period's start: a post from
            # before it still counts as the latest update.
            if epoch is not None and (checkpoint is None or epoch <= checkpoint):
                acc.last_by_checkpoint = epoch
            if in_range:
                _add_post(acc, epoch, kind, mislabelled, error, n_error)
                _add_tally(acc, tally, rules, checks)
        yield _finish(acc, period, criteria)


def _add_post(acc: _Account, epoch: float | None, kind: str, mislabelled: int, error: str | None, n_error: int) -> None:
    """Count one post in range into its account."""
    acc.posts += 1
    if epoch is not None:
        acc.in_range.append(epoch)
    acc.kinds[kind] += 1
    acc.mislabelled += mislabelled
    acc.errors += bool(error)
    acc.error_posts += n_error > 0


def _add_tally(acc: _Account, tally: str, rules: Counter, checks: Counter) -> None:
    """Add a post's findings (JSON [[rule, check, severity, count], ...]) to its
    account and to the audit's totals."""
    if not tally:
        return
    for rule, check, severity, n in json.loads(tally):
        acc.by_check[check] += n
        acc.by_severity[severity] += n
        rules[rule] += n
        checks[check] += n


def _summary(store: Store, accounts: list[dict], rules: Counter, checks: Counter, criteria: Criteria) -> dict:
    """The audit's totals: accounts and posts, pass rate, the most frequent
    rules, findings by check and the worst posts."""
    passed = sum(1 for a in accounts if a["verdict"] == "pass")
    return {
        "accounts": len(accounts),
        "posts": store.count("in_range = 1"),
        "skipped": store.count("in_range = 0"),
        "failed": store.count("in_range = 1 AND error IS NOT NULL"),
        "pass_rate": round(passed / len(accounts), 4) if accounts else None,
        "top_rules": [{"rule": r, "count": n} for r, n in sorted(rules.items(), key=lambda i: (-i[1], i[0]))[:10]],
        "findings_by_check": {c: checks.get(c, 0) for c in CHECK_IDS},
        "worst_posts": _worst_posts(store, criteria.worst),
    }


def _worst_posts(store: Store, limit: int) -> list[dict]:
    """The posts in range with the highest scores, ties by path."""
    return [
        {"path": p[0], "account": p[1], "score": p[2], "errors": p[3], "warnings": p[4], "notices": p[5]}
        for p in store.db.execute(_WORST_POSTS, (limit,))
    ]


def _finish(acc: _Account, period: Period, criteria: Criteria) -> dict:
    """An account's audit row: cadence, provenance, findings and verdict."""
    times = sorted(acc.in_range)
    moments = [datetime.fromtimestamp(t, SHANGHAI) for t in times]
    last = datetime.fromtimestamp(acc.last_by_checkpoint, SHANGHAI) if acc.last_by_checkpoint else None
    stale, days_since = _staleness(last, period.checkpoint)
    gaps = [(b - a) / 86400 for a, b in pairwise(times)]
    bursts = _bursts(moments, criteria)
    kinds = acc.kinds
    reasons = _reasons(acc, stale, last, bursts, criteria)
    return {
        "account": acc.name,
        "posts": acc.posts,
        "months": _months(moments, period),
        "first_post": iso(moments[0]) if moments else None,
        "last_post": iso(moments[-1]) if moments else None,
        "max_gap_days": round(max(gaps), 1) if gaps else None,
        "days_since_last_post": days_since,
        "stale_at_checkpoint": stale,
        "bursts": bursts,
        "original": kinds["original"],
        "repost": kinds["repost"],
        "unlabelled": kinds["unlabelled"],
        "mislabelled": acc.mislabelled,
        "original_rate": round(kinds["original"] / acc.posts, 4) if acc.posts else None,
        "findings_by_check": {c: acc.by_check.get(c, 0) for c in CHECK_IDS},
        "findings_by_severity": {s.value: acc.by_severity.get(s.value, 0) for s in Severity},
        "posts_with_errors": acc.errors,
        "verdict": "fail" if reasons else "pass",
        "reasons": reasons,
        "weeks": _weeks(moments),
    }


def _staleness(last: datetime | None, checkpoint: datetime | None) -> tuple[bool, float | None]:
    """(stale, days since the last post) at the check point; without a check
    point nothing is stale and there is no distance to measure."""
    if checkpoint is None:
        return False, None
    stale = last is None or last <= checkpoint - timedelta(days=STALE_DAYS)
    days_since = round((checkpoint - last).total_seconds() / 86400, 1) if last else None
    return stale, days_since


def _reasons(
    acc: _Account, stale: bool, last: datetime | None, bursts: list[dict], criteria: Criteria
) -> list[str]:
    """Why an account fails, one line per criterion it misses, in the order
    of the criteria (the veto first); none means it passes."""
    reasons: list[str] = []
    if stale:
        when = f"最后一次发布于 {chinese(last)}" if last else "监测期内无任何发布"
        reasons.append(f"单项否决：监测时间点前{STALE_DAYS}天内无更新（{when}）")
    for burst in bursts:
        day = chinese(burst["date"])
        reasons.append(f"集中发布：{day}发布 {burst['posts']} 篇，60 分钟内最多 {burst['max_in_60min']} 篇")
    if acc.mislabelled:
        reasons.append(f"{acc.mislabelled} 篇转载稿件标注为原创")
    if acc.posts and acc.error_posts / acc.posts > criteria.max_error_share:
        share = acc.error_posts / acc.posts
        reasons.append(
            f"{acc.error_posts} 篇稿件有错误级问题（占 {share:.0%}，超过 {criteria.max_error_share:.0%}）"
        )
    return reasons


def _bursts(moments: list[datetime], criteria: Criteria) -> list[dict]:
    """Days with more than ``burst_day`` posts or more than ``burst_hour``
    within any 60 minutes of the day (times in Asia/Shanghai)."""
    by_day: dict[str, list[float]] = {}
    for moment in moments:
        by_day.setdefault(moment.date().isoformat(), []).append(moment.timestamp())
    found = []
    for day, stamps in sorted(by_day.items()):
        most = max(i - bisect_left(stamps, t - 3600 + 1e-6) + 1 for i, t in enumerate(stamps))
        if len(stamps) > criteria.burst_day or most > criteria.burst_hour:
            found.append({"date": day, "posts": len(stamps), "max_in_60min": most})
    return found


def _months(moments: list[datetime], period: Period) -> dict[str, int]:
    """Posts per month, every month of the period present (zero included)."""
    counts = Counter(m.strftime("%Y-%m") for m in moments)
    first = period.start or (moments[0] if moments else None)
    last = period.end or (moments[-1] if moments else None)
    if first is None or last is None:
        return dict(sorted(counts.items()))
    first, last = first.astimezone(SHANGHAI), last.astimezone(SHANGHAI)
    months = {}
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        key = f"{year:04d}-{month:02d}"
        months[key] = counts.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for key, value in counts.items():  # posts outside the period bounds cannot be here, but be safe
        months.setdefault(key, value)
    return dict(sorted(months.items()))


def _weeks(moments: list[datetime]) -> dict[str, int]:
    """Posts per ISO week (keyed by the Monday), for the dashboard chart."""
    counts = Counter((m.date() - timedelta(days=m.weekday())).isoformat() for m in moments)
    return dict(sorted(counts.items()))
