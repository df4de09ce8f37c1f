"""Publish times as CMSs write them, parsed into aware datetimes.

Government CMSs, WeChat exports and hand-kept spreadsheets write dates in many
forms: ``2026-11-20 09:30``, ``2026/11/20``, ``2026.11.20``, ``2026年11月20日
09时30分``, ISO 8601 with an offset or ``Z``, and Unix epoch seconds or
milliseconds (WeChat's ``ct``). A time without an offset is read as China
Standard Time (Asia/Shanghai, UTC+8, no daylight saving since 1991), which is
what every one of these systems means by a bare time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

#: Asia/Shanghai: a fixed UTC+8 offset (no DST since 1991), so no tzdata is needed.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

_DATE_TIME = re.compile(
    r"""^\s*
    (?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?
    (?:
        \s*(?:T|\s|,)?\s*
        (?P<ampm>上午|下午|晚上)?\s*
        (?P<H>\d{1,2})\s*(?::|时|點|点)\s*(?P<M>\d{1,2})\s*分?
        (?:\s*(?::|分)?\s*(?P<S>\d{1,2})(?:\.(?P<frac>\d{1,6})\d*)?\s*秒?)?
    )?
    \s*(?P<tz>Z|[+-]\d{2}:?\d{2}|UTC|GMT|CST|北京时间)?
    \s*$""",
    re.X | re.I,
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(\d{2})?)?\s*$")
_EPOCH = re.compile(r"^\s*(\d{10}|\d{13})\s*$")


class DateError(ValueError):
    """A value that is not a date or time govlint can read."""


def parse_datetime(value: object) -> datetime:
    """An aware datetime for a publish time; naive times are Asia/Shanghai.

    Raises :class:`DateError` for anything else (message in Chinese).
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    if isinstance(value, date):
        return datetime.combine(value, time(), SHANGHAI)
    text = str(value or "").strip().replace("\u3000", " ")
    if not text:
        raise DateError("日期为空")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":  # ISO forms: the C parser first
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)
    epoch = _EPOCH.match(text)
    if epoch:
        seconds = int(epoch.group(1)) / (1000 if len(epoch.group(1)) == 13 else 1)
        return datetime.fromtimestamp(seconds, SHANGHAI)
    compact = _COMPACT.match(text)
    if compact:
        y, m, d, hh, mm, ss = compact.groups()
        return _build(text, y, m, d, hh, mm, ss, None, None, None)
    match = _DATE_TIME.match(text)
    if not match:
        raise DateError(f"无法识别的日期“{text[:40]}”")
    g = match.groupdict()
    return _build(text, g["y"], g["m"], g["d"], g["H"], g["M"], g["S"], g["frac"], g["tz"], g["ampm"])


def _build(text, y, m, d, hh, mm, ss, frac, tz, ampm) -> datetime:
    hour = int(hh or 0)
    if ampm in ("下午", "晚上") and hour < 12:
        hour += 12
    try:
        micro = int((frac or "0").ljust(6, "0")) if frac else 0
        result = datetime(int(y), int(m), int(d), hour, int(mm or 0), int(ss or 0), micro)
    except ValueError:
        raise DateError(f"不存在的日期“{text[:40]}”") from None
    return result.replace(tzinfo=_zone(tz))


def _zone(tz: str | None) -> timezone:
    if not tz or tz.upper() in ("CST", "北京时间"):
        return SHANGHAI  # CST in a Chinese CMS is China Standard Time, not US Central
    if tz.upper() in ("Z", "UTC", "GMT"):
        return timezone.utc
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_day(value: str, end_of_day: bool = False) -> datetime:
    """A command-line date (``--from``, ``--to``, ``--at``): a bare date means
    the start of that day, or its last instant with ``end_of_day``."""
    parsed = parse_datetime(value)
    if end_of_day and _is_bare_date(value):
        return parsed + timedelta(days=1, microseconds=-1)
    return parsed


def _is_bare_date(value: str) -> bool:
    match = _DATE_TIME.match(value)
    if match:
        return match.group("H") is None
    compact = _COMPACT.match(value)
    return bool(compact and compact.group(4) is None)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in Asia/Shanghai to the second, as the audit reports times."""
    if moment is None:
        return None
    return moment.astimezone(SHANGHAI).replace(microsecond=0).isoformat()


def chinese(value: datetime | str | None, missing: str = "") -> str:
    """A time as editors write it, in Beijing time: ``2026年9月10日 09:30``,
    the day alone at midnight (``2026年7月1日``); ``missing`` for none. The
    machine outputs (JSON, CSV) keep ISO 8601."""
    if value is None or value == "":
        return missing
    try:
        moment = parse_datetime(value).astimezone(SHANGHAI)
    except DateError:
        return str(value)
    day = f"{moment.year}年{moment.month}月{moment.day}日"
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return day
    return f"{day} {moment:%H:%M}"
