"""Audit reports: terminal (rich), json, csv and a self-contained html dashboard.

Each reporter reads the aggregated audit (period, accounts, summary) and
streams the post list from the store, so memory stays flat on a large quarter.
"""

from __future__ import annotations

import csv
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from govlint import __version__
from govlint.audit.store import FINDINGS_SEPARATORS, Store
from govlint.audit.store import POST_COLUMNS as STORE_COLUMNS
from govlint.checklist import CHECK_LABELS
from govlint.checks import all_rules
from govlint.dates import SHANGHAI, chinese, parse_datetime
from govlint.escape import printable
from govlint.formats import TEMPLATES
from govlint.rules import CHECK_IDS, Severity

FORMATS = ("terminal", "json", "csv", "html")
_INTERNAL = ("weeks",)  # account keys the dashboard uses that are not in the JSON contract


def post_entry(row: dict) -> dict:
    """A post as the JSON contract gives it (docs/json-output.md, "govlint audit")."""
    return {
        "path": row["path"],
        "account": row["account"],
        "published_at": row["published_at"],
        "title": row["title"],
        "label": row["label"],
        "source": row["source"],
        "kind": row["kind"],
        "mislabelled": row["mislabelled"],
        "findings": row["findings"],
        "error": row["error"],
    }


def public_account(account: dict) -> dict:
    return {k: v for k, v in account.items() if k not in _INTERNAL}


# --- json -------------------------------------------------------------------


def write_json(audit: dict, store: Store, out: TextIO) -> None:
    """One JSON document, written as the posts stream by: two-space indent,
    except that each post is one line (C-speed encoding, greppable). A
    post's findings are the JSON text of its stored record, spliced in as
    they are; the lines go out in chunks of a thousand."""
    out.write("{\n")
    out.write(f'  "govlint": {json.dumps(__version__)},\n')
    out.write(f'  "period": {_nested(audit["period"])},\n')
    out.write(f'  "accounts": {_nested([public_account(a) for a in audit["accounts"]])},\n')
    out.write('  "posts": [')
    encode = json.JSONEncoder(ensure_ascii=False, separators=FINDINGS_SEPARATORS).encode
    chunk: list[str] = []
    separator = "\n    "
    for path, account, published_at, title, label, source, kind, mislabelled, findings, error in store.entries():
        head = encode({"path": path, "account": account, "published_at": published_at, "title": title,
                       "label": label, "source": source, "kind": kind, "mislabelled": bool(mislabelled)})
        # == encode(post_entry(row)): the same keys in the same order, findings as encoded by the store
        chunk.append(f'{separator}{head[:-1]}, "findings": {findings}, "error": {encode(error)}}}')
        separator = ",\n    "
        if len(chunk) >= 1000:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))
    out.write("],\n" if separator == "\n    " else "\n  ],\n")
    out.write(f'  "summary": {_nested(audit["summary"])}\n')
    out.write("}\n")


def _nested(value: object, depth: int = 1) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * depth)


# --- csv --------------------------------------------------------------------

ACCOUNT_COLUMNS = (
    ["account", "verdict", "posts", "first_post", "last_post", "max_gap_days", "days_since_last_post",
     "stale_at_checkpoint", "burst_days", "bursts", "original", "repost", "unlabelled", "mislabelled",
     "original_rate", "posts_with_errors"]
    + [f"findings_{c}" for c in CHECK_IDS]
    + [f"findings_{s.value}" for s in Severity]
    + ["months", "reasons"]
)
POST_COLUMNS = ["path", "account", "published_at", "title", "label", "source", "kind", "mislabelled",
                "findings", "errors", "warnings", "notices", "rules", "error"]


def csv_paths(output: Path) -> tuple[Path, Path]:
    """``--output DIR`` → DIR/accounts.csv and DIR/posts.csv; ``--output X.csv``
    → X.csv (accounts) and X-posts.csv beside it."""
    if output.is_dir() or not output.suffix:
        return output / "accounts.csv", output / "posts.csv"
    return output, output.with_name(f"{output.stem}-posts{output.suffix}")


def account_row(account: dict) -> dict:
    row = {
        "account": account["account"],
        "verdict": account["verdict"],
        "posts": account["posts"],
        "first_post": account["first_post"] or "",
        "last_post": account["last_post"] or "",
        "max_gap_days": _blank(account["max_gap_days"]),
        "days_since_last_post": _blank(account["days_since_last_post"]),
        "stale_at_checkpoint": "true" if account["stale_at_checkpoint"] else "false",
        "burst_days": len(account["bursts"]),
        "bursts": ";".join(f"{b['date']}:{b['posts']}/{b['max_in_60min']}" for b in account["bursts"]),
        "original": account["original"],
        "repost": account["repost"],
        "unlabelled": account["unlabelled"],
        "mislabelled": account["mislabelled"],
        "original_rate": _blank(account["original_rate"]),
        "posts_with_errors": account["posts_with_errors"],
        "months": ";".join(f"{m}:{n}" for m, n in account["months"].items()),
        "reasons": "；".join(account["reasons"]),
    }
    row.update({f"findings_{c}": account["findings_by_check"][c] for c in CHECK_IDS})
    row.update({f"findings_{s}": n for s, n in account["findings_by_severity"].items()})
    return row


def post_row(row: dict) -> dict:
    """A post's CSV row; its findings counted from the stored tally (never decoded)."""
    rules: dict[str, int] = {}
    for rule, _check, _severity, n in json.loads(row["tally"]) if row["tally"] else ():
        rules[rule] = rules.get(rule, 0) + n
    return {
        "path": row["path"],
        "account": row["account"],
        "published_at": row["published_at"] or "",
        "title": row["title"] or "",
        "label": row["label"] or "",
        "source": row["source"] or "",
        "kind": row["kind"],
        "mislabelled": "true" if row["mislabelled"] else "false",
        "findings": sum(rules.values()),
        "errors": row["n_error"],
        "warnings": row["n_warning"],
        "notices": row["n_notice"],
        "rules": ";".join(f"{r}:{n}" for r, n in sorted(rules.items())),
        "error": row["error"] or "",
    }


def write_csv(audit: dict, store: Store, output: Path, headers: str = "zh") -> tuple[Path, Path]:
    """Two UTF-8 files with a BOM (so Excel reads the Chinese correctly).
    ``headers`` "zh" writes the columns and the yes/no, verdict and kind
    values in Chinese for the office that opens them in Excel; "en" the
    machine names and values (docs/json-output.md)."""
    accounts_path, posts_path = csv_paths(output)
    accounts_path.parent.mkdir(parents=True, exist_ok=True)
    shown = _chinese_row if headers == "zh" else dict
    for path, columns, rows in (
        (accounts_path, ACCOUNT_COLUMNS, (account_row(a) for a in audit["accounts"])),
        (posts_path, POST_COLUMNS, (post_row(dict(zip(STORE_COLUMNS, v, strict=False))) for v in store.post_rows())),
    ):
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([_ZH_COLUMNS.get(c, c) for c in columns] if headers == "zh" else columns)
            for row in rows:
                safe = _safe(shown(row))
                writer.writerow([safe[c] for c in columns])
    return accounts_path, posts_path


# The columns and coded values as the office reads them (--csv-headers zh, the default).
_ZH_COLUMNS = {
    "account": "账号", "verdict": "结论", "posts": "发稿数", "first_post": "首次发稿", "last_post": "最近发稿",
    "max_gap_days": "最长间隔（天）", "days_since_last_post": "距监测时间点（天）",
    "stale_at_checkpoint": "监测时间点前两周无更新", "burst_days": "集中发布天数",
    "bursts": "集中发布（日期:篇数/60分钟内最多）",
    "original": "原创", "repost": "转载", "unlabelled": "未标注", "mislabelled": "转载标为原创",
    "original_rate": "原创率", "posts_with_errors": "有错误的稿件数", "months": "各月发稿（月:篇数）",
    "reasons": "原因",
    "path": "文件", "published_at": "发布时间", "title": "标题", "label": "标注", "source": "来源", "kind": "性质",
    "findings": "问题数", "errors": "错误", "warnings": "警告", "notices": "提示", "rules": "规则（规则:次数）",
    "error": "无法检查的原因",
    **{f"findings_{c}": f"{label}问题" for c, label in CHECK_LABELS.items()},
    **{f"findings_{s.value}": f"{s.label}数" for s in Severity},
}
_ZH_VALUES = {
    "verdict": {"pass": "合格", "fail": "不合格"},
    "stale_at_checkpoint": {"true": "是", "false": "否"},
    "mislabelled": {"true": "是", "false": "否"},
    "kind": {"original": "原创", "repost": "转载", "unlabelled": "未标注"},
}


def _chinese_row(row: dict) -> dict:
    return {k: _ZH_VALUES[k].get(v, v) if k in _ZH_VALUES and isinstance(v, str) else v for k, v in row.items()}


def _safe(row: dict) -> dict:
    """A row safe to open: control characters from drafts and file names (ESC
    sequences, other C0/C1 controls, bidirectional overrides) shown as visible
    escapes, and spreadsheet formulas neutralised (CSV injection): a cell that
    starts with = + - @ is prefixed with an apostrophe, as OWASP recommends."""
    return {k: _cell(v) if isinstance(v, str) else v for k, v in row.items()}


def _cell(value: str) -> str:
    value = printable(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _blank(value: object) -> object:
    return "" if value is None else value


# --- terminal ---------------------------------------------------------------


def write_terminal(audit: dict, store: Store, out: TextIO, color: bool | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    # The terminal's own width: a wider table would be wrapped by the terminal
    # itself, breaking dates and numbers mid-token (rich wraps cells at spaces).
    console = Console(file=out, force_terminal=color, no_color=color is False, width=max(60, _width(out)))
    period = audit["period"]
    console.print(Text(
        f"监测期 {chinese(period['from'], '不限')} 至 {chinese(period['to'], '不限')}，"
        f"监测时间点 {chinese(period['checkpoint'], '未定')}（北京时间）",
        style="bold",
    ))
    if console.width < _TABLE_WIDTH:
        _accounts_as_lines(console, audit["accounts"])
    else:
        console.print(_accounts_table(audit["accounts"]))
    _terminal_rest(console, audit, store)


_TABLE_WIDTH = 120  # narrower terminals get each account as lines: nine columns would break every cell


def _accounts_as_lines(console, accounts: list[dict]) -> None:
    """Each account on a line of figures, its reasons below: readable at 80 columns."""
    from rich.text import Text

    console.print(Text("账号", style="bold"))
    for account in accounts:
        line = Text(printable(account["account"]) + "  ", style="bold")
        passed = account["verdict"] == "pass"
        line.append("合格" if passed else "不合格", style="green" if passed else "bold red")
        rate = account["original_rate"]
        # No space inside a figure: the line wraps between figures, never in one.
        line.append(
            f"  发稿{account['posts']}篇  原创率{'-' if rate is None else f'{rate:.0%}'}"
            f"  最长间隔{_dash(account['max_gap_days'])}天  距今{_dash(account['days_since_last_post'])}天"
            f"  集中发布{len(account['bursts'])}天  问题{sum(account['findings_by_check'].values())}个"
        )
        console.print(line)
        for reason in account["reasons"]:
            console.print(Text("  · " + printable(reason)))


def _accounts_table(accounts: list[dict]):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="账号", show_lines=False)
    for column in ("账号", "结论", "发稿", "原创率", "最长间隔(天)", "距今(天)", "集中发布", "问题", "原因"):
        table.add_column(column, overflow="fold")
    for account in accounts:
        verdict = Text("合格", style="green") if account["verdict"] == "pass" else Text("不合格", style="bold red")
        rate = account["original_rate"]
        table.add_row(
            Text(printable(account["account"])),
            verdict,
            str(account["posts"]),
            "-" if rate is None else f"{rate:.0%}",
            _dash(account["max_gap_days"]),
            _dash(account["days_since_last_post"]),
            str(len(account["bursts"])),
            str(sum(account["findings_by_check"].values())),
            Text(printable("；".join(account["reasons"]))),
        )
    return table


def _terminal_rest(console, audit: dict, store: Store) -> None:
    """The top rules, the worst posts, the posts not checked and the summary line."""
    from rich.table import Table
    from rich.text import Text

    summary = audit["summary"]
    if summary["top_rules"]:
        rules = Table(title="最常见的问题")
        rules.add_column("规则", overflow="fold")
        rules.add_column("次数", justify="right")
        titles = _rule_titles()
        for item in summary["top_rules"]:
            rules.add_row(f"{titles.get(item['rule'], '')} {item['rule']}".strip(), str(item["count"]))
        console.print(rules)
    if summary["worst_posts"]:
        worst = Table(title="问题最多的稿件")
        for column in ("稿件", "账号", "错误", "警告", "提示"):
            worst.add_column(column, overflow="fold")
        for post in summary["worst_posts"]:
            worst.add_row(
                Text(printable(post["path"])), Text(printable(post["account"])),
                str(post["errors"]), str(post["warnings"]), str(post["notices"]),
            )
        console.print(worst)
    for row in store.posts("in_range = 1 AND error IS NOT NULL"):
        console.print(Text(f"未能检查：{printable(row['path'])}：{printable(row['error'])}", style="yellow"))
    rate = summary["pass_rate"]
    console.print(Text(
        f"共 {summary['accounts']} 个账号、{summary['posts']} 篇稿件（跳过监测期外 {summary['skipped']} 篇，"
        f"未能检查 {summary['failed']} 篇），合格率 {'-' if rate is None else f'{rate:.1%}'}",
        style="bold",
    ))


def _rule_titles() -> dict[str, str]:
    """Rule id -> its Chinese name, for the reports an editor reads."""
    return {rule.id: rule.title for rule in all_rules()}


def _dash(value: object) -> str:
    return "-" if value is None else str(value)


def _width(out: TextIO) -> int:
    """The terminal's width: COLUMNS where set (as every terminal program
    honours it), else the terminal's own, else 140 (a file)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(out.fileno()).columns
    except (OSError, AttributeError, ValueError):
        return 140


# --- html -------------------------------------------------------------------


def write_html(audit: dict, store: Store, out: TextIO, base: Path | None = None) -> None:
    """A self-contained dashboard: inline CSS and SVG, no script, no network.
    Every string passes through Jinja2's autoescape."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.filters["chinese_date"] = chinese  # 2026年7月1日: never an ISO timestamp where an editor reads
    env.filters["severity_label"] = lambda value: Severity(value).label  # error -> 错误
    env.filters["visible_text"] = lambda text: _MARKUP.sub("", text)  # the draft's words, not its tags
    worst = list(store.posts("in_range = 1 AND score > 0", order="score DESC, path",
                             limit=len(audit["summary"]["worst_posts"])))
    failed = list(store.posts("in_range = 1 AND error IS NOT NULL", limit=200))
    worst = [dict(row, anchor=f"post-{i}", href=_href(row["path"], base)) for i, row in enumerate(worst, 1)]
    template = env.get_template("audit-dashboard.html.j2")
    out.write(template.render(
        version=__version__,
        audit=audit,
        weeks=_week_chart(audit["accounts"], audit["period"]),
        checks=_bar_chart({CHECK_LABELS[c]: n for c, n in audit["summary"]["findings_by_check"].items()}),
        by_account=_account_posts(store, base),
        titles=_rule_titles(),
        worst=worst,
        anchors={row["path"]: row["anchor"] for row in worst},
        failed=[dict(row, href=_href(row["path"], base)) for row in failed],
    ))


_MARKUP = re.compile(r"<[^<>]*>")


def _account_posts(store: Store, base: Path | None, limit: int = 50) -> dict[str, dict]:
    """Each account's posts in the period, newest first (at most ``limit``
    listed, and how many in all), for the dashboard's section per account."""
    found: dict[str, dict] = {}
    for values in store.post_rows("in_range = 1", order="account, published_at DESC"):
        row = dict(zip(STORE_COLUMNS, values, strict=False))
        entry = found.setdefault(row["account"], {"posts": [], "total": 0})
        entry["total"] += 1
        if len(entry["posts"]) < limit:
            entry["posts"].append(dict(row, href=_href(row["path"], base)))
    return found


def _href(path: str, base: Path | None) -> str:
    """A link to the post's file: relative to the report when it is written to a
    file (always starting ./ or ../, so it cannot read as a URL scheme)."""
    target = Path(path).resolve()
    if base is None:
        return target.as_uri()
    relative = Path(os.path.relpath(target, base.resolve())).as_posix()
    return relative if relative.startswith("../") else "./" + relative


_WEEK = 12  # px per week in the chart
_MAX_WEEKS = 53
_DAY = _WEEK / 7


def _week_chart(accounts: list[dict], period: dict, limit: int = 60) -> dict:
    """Bars of posts per week per account (the first ``limit`` accounts), on
    one continuous time axis (weeks without posts stand empty), with month
    ticks and the 14 days before the check point, the window whose silence
    vetoes an account, shaded on every row (red where the account is stale)."""
    observed = sorted({w for a in accounts for w in a.get("weeks", {})})
    bounds = [_monday(v) for v in (period.get("from"), period.get("checkpoint") or period.get("to")) if v]
    days = [date.fromisoformat(w) for w in observed] + bounds
    if not days:
        return {"width": _WEEK, "rows": [], "peak": 1, "more": 0, "ticks": [], "window": None}
    last = max(days)
    first = max(min(days), last - timedelta(weeks=_MAX_WEEKS - 1))  # a quarter is 13 weeks; a year at most
    weeks = [(first + timedelta(weeks=i)).isoformat() for i in range((last - first).days // 7 + 1)]
    peak = max((n for a in accounts for n in a.get("weeks", {}).values()), default=0) or 1
    rows = []
    for account in accounts[:limit]:
        counts = account.get("weeks", {})
        bars = []
        for i, week in enumerate(weeks):
            count = counts.get(week, 0)
            if count:
                height = round(38 * count / peak, 1)
                bars.append({"x": i * _WEEK, "y": round(40 - height, 1), "h": height, "week": week, "count": count})
        rows.append({"account": account["account"], "bars": bars, "verdict": account["verdict"],
                     "stale": account["stale_at_checkpoint"]})
    # A week belongs to the month its Sunday is in (29 June - 5 July is July's).
    ends = [(date.fromisoformat(w) + timedelta(days=6)).month for w in weeks]
    ticks = [{"x": i * _WEEK, "label": f"{m}月"} for i, m in enumerate(ends) if i == 0 or m != ends[i - 1]]
    return {"width": len(weeks) * _WEEK, "rows": rows, "peak": peak, "more": max(0, len(accounts) - limit),
            "ticks": ticks, "window": _veto_window(period.get("checkpoint"), first)}


def _monday(value: str) -> date:
    day = parse_datetime(value).astimezone(SHANGHAI).date()
    return day - timedelta(days=day.weekday())


def _veto_window(checkpoint: str | None, first: date) -> dict | None:
    """The x and width of the 14 days up to the check point, in the chart's pixels."""
    if not checkpoint:
        return None
    end = parse_datetime(checkpoint).astimezone(SHANGHAI)
    end_x = ((end.date() - first).days + end.hour / 24) * _DAY
    return {"x": round(max(0.0, end_x - 14 * _DAY), 1), "width": round(min(end_x, 14 * _DAY), 1)}


def _bar_chart(counts: dict[str, int]) -> list[dict]:
    peak = max(counts.values(), default=0) or 1
    return [{"label": k, "count": v, "width": round(300 * v / peak, 1), "y": i * 22} for i, (k, v) in
            enumerate(counts.items())]

