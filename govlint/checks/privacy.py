"""Check ``privacy``: personal data a government account must not publish.

Resident ID numbers, mobile numbers and bank card numbers of private persons
are personal information (个人信息保护法 art. 28: 身份证件号码 and 金融账户 are
sensitive personal information); government notices that name villagers,
subsidy payees or contacts must publish them masked (110***********1234).
Each number is validated, not just pattern-matched, so that ordinary long
numbers (document ids, amounts, hotlines) stay quiet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from govlint.data import word_list
from govlint.model import Block, Document
from govlint.rules import Applicability, Context, Hit, Severity, Stage, rule

# Full-width digits and letters read as ASCII; one character for one, so
# indices into the translated text are indices into the block text.
_FULL_WIDTH = re.compile("[０-９Ｘｘ]")
_ASCII = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"Ｘ": "X", "ｘ": "x"})

# 18 digits (the last may be X), optionally grouped 6-8-4 by single spaces;
# 15 digits (the first-generation number); never part of a longer run.
_ID_18 = re.compile(r"(?<![0-9A-Za-z])([0-9]{6})( ?)([0-9]{8})\2([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
_ID_15 = re.compile(r"(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Mainland mobile numbers: 1[3-9]x + 8 digits (电信网编号计划 mobile ranges),
# written together, 3-4-4 with hyphens or spaces, optionally after +86 / 0086.
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?<![0-9][-\u2010-\u2015 ])"
    r"((?:\+|00)86[- ]?|\(\+?86\)|（\+?86）)?"
    r"(1[3-9][0-9])([- ]?)([0-9]{4})\3([0-9]{4})"
    r"(?![0-9])(?![-\u2010-\u2015 ][0-9])"
)

# 16-19 digits, together or in groups of 4 separated by one space or hyphen.
_CARD = re.compile(r"(?<![0-9A-Za-z])[0-9]{4}(?:[ -]?[0-9]{4}){3}(?:[ -]?[0-9]{1,3})?(?![0-9A-Za-z])")
_CARD_WINDOW_BEFORE = 24  # characters before a number searched for 银行卡, 卡号, ...
_CARD_WINDOW_AFTER = 10


@rule(
    "privacy.id-card",
    title="身份证号未脱敏",
    name="id-card-number",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="公开了完整的居民身份证号码，应脱敏处理",
    applicability=Applicability.DISPLAY,  # the masked form, for the editor to decide
)
def id_card(document: Document, context: Context) -> Iterator[Hit]:
    """稿件公开了完整的居民身份证号码。

    18 位号码，如果前两位是省级行政区划代码（GB/T 2260），第 7 至 14 位是过去真实存在的出生
    日期，最后一位符合 GB 11643 的校验码（ISO 7064 MOD 11-2），几乎可以肯定是真实的个人身份证
    号码；15 位号码（第一代身份证号码）只要省级代码和日期真实，也同样认定。嵌在更长数字串中的
    号码不算身份证号码。公开身份证号码属于泄露敏感个人信息（《个人信息保护法》第二十八条）；
    脱敏后的写法（110***********1234、1101**********123X）没有问题。修改建议保留前四位和
    后四位。

    **Bad**

    ```text
    村民王某某（身份证号：11010519491231002X）在林区边缘烧荒引发火情。
    ```

    **Good**

    ```text
    村民王某某（身份证号：1101**********002X）在林区边缘烧荒引发火情。
    ```
    """
    for block in _blocks(document):
        text = _ascii(block.text)
        for match in _ID_18.finditer(text):
            digits = "".join(match.group(1, 3, 4)).upper()
            if is_resident_id(digits):
                yield _masked_hit(block, match, "公开了完整的身份证号码，属于敏感个人信息，请脱敏后发布")
        for match in _ID_15.finditer(text):
            if is_first_generation_id(match.group()):
                yield _masked_hit(block, match, "公开了完整的（15 位）身份证号码，属于敏感个人信息，请脱敏后发布")


@rule(
    "privacy.phone",
    title="手机号未脱敏",
    name="mobile-number",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="公开了完整的手机号码，应确认是否需要脱敏",
    applicability=Applicability.DISPLAY,  # the masked form, for the editor to decide
)
def phone(document: Document, context: Context) -> Iterator[Hit]:
    """稿件公开了完整的内地手机号码。

    以 13 至 19 开头的 11 位数字（也包括 138-0013-8000、138 0013 8000 以及前加 +86 的写法）
    是个人手机号码，除非本人同意作为联系电话公开。服务热线（12345、110、12393）、95xxx 号码、
    400/800 号码和带区号的固定电话都不是手机号码，不报告；嵌在更长数字中的也不报告。号码能否
    保留由审核人员决定；修改建议隐去中间四位（138****8000）。

    **Bad**

    ```text
    联系人：罗某，联系电话：13800138000。
    ```

    **Good**

    ```text
    联系人：罗某，联系电话：138****8000，咨询电话：0851-12345678，政务服务热线：12345。
    ```
    """
    for block in _blocks(document):
        text = _ascii(block.text)
        for match in _MOBILE.finditer(text):
            original = block.text[match.start():match.end()]
            head = len(match.group(1) or "")  # +86 stays as written
            suggestion = original[:head] + mask(original[head:], 3, 4)
            message = "公开了完整的手机号码，如非经本人同意公开的联系电话，请脱敏后发布"
            yield Hit.in_block(block, match.start(), match.end(), message, suggestion)


@rule(
    "privacy.bank-card",
    title="银行卡号未脱敏",
    name="bank-card-number",
    severity=Severity.WARNING,
    stage=Stage.FINAL,
    summary="公开了完整的银行卡号，应脱敏处理",
    applicability=Applicability.DISPLAY,  # the masked form, for the editor to decide
)
def bank_card(document: Document, context: Context) -> Iterator[Hit]:
    """稿件公开了完整的银行卡号。

    16 至 19 位数字（连写或每四位一组），如果通过 Luhn 校验（ISO/IEC 7812-1），而且附近有
    “银行卡”“卡号”“账号”“开户行”等词（词表见 ``dictionaries/privacy/context-words.txt``），就
    认定为银行卡号；这类号码多来自从电子表格复制的补贴发放名单。身份证号码改由
    ``privacy.id-card`` 报告。修改建议保留前四位和后四位。

    **Bad**

    ```text
    补贴发放对象：张某某，开户行：普安县农村信用社，银行卡号：6222021234567890128。
    ```

    **Good**

    ```text
    补贴发放对象：张某某，开户行：普安县农村信用社，银行卡号：6222***********0128。
    ```
    """
    words = word_list("privacy/context-words.txt")
    for block in _blocks(document):
        text = _ascii(block.text)
        for match in _CARD.finditer(text):
            digits = re.sub(r"[ -]", "", match.group())
            if not 16 <= len(digits) <= 19 or not luhn_valid(digits):
                continue
            if len(digits) == 18 and is_resident_id(digits):
                continue
            before = text[max(0, match.start() - _CARD_WINDOW_BEFORE):match.start()]
            after = text[match.end():match.end() + _CARD_WINDOW_AFTER]
            if any(word in before or word in after for word in words):
                yield _masked_hit(block, match, "公开了完整的银行卡号，属于敏感个人信息，请脱敏后发布")


def _masked_hit(block: Block, match: re.Match[str], message: str) -> Hit:
    """A hit on the number, suggesting it with all but its first and last four characters masked."""
    written = block.text[match.start():match.end()]
    return Hit.in_block(block, match.start(), match.end(), message, mask(written, 4, 4))


def _ascii(text: str) -> str:
    # str.translate with a mapping is slow; most text has no full-width digit at all.
    return text.translate(_ASCII) if _FULL_WIDTH.search(text) else text


# Three digits in a row: every number looked for here has them (the 1[3-9]x
# of a mobile number, an identity number's region, a card number's groups of
# four), full-width ones included. Most paragraphs have none.
_THREE_DIGITS = re.compile("[0-9０-９][0-9０-９][0-9０-９]")


def _blocks(document: Document) -> Iterator[Block]:
    """Every block that may hold a number, title and hidden text included:
    all of it is published."""
    return (block for block in document.blocks if _THREE_DIGITS.search(block.text))


def is_resident_id(number: str) -> bool:
    """An 18-character GB 11643 number: province code, real birth date, check digit."""
    if len(number) != 18 or not number[:17].isdigit() or not _known_region(number):
        return False
    if _birth_date(number[6:14]) is None:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def is_first_generation_id(number: str) -> bool:
    """A 15-digit number: province code and a real 19YYMMDD birth date."""
    if len(number) != 15 or not number.isdigit() or not _known_region(number):
        return False
    return _birth_date("19" + number[6:12]) is not None


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, character in enumerate(reversed(digits)):
        value = int(character)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def mask(text: str, keep_head: int, keep_tail: int) -> str:
    """``text`` with every digit or X but the first ``keep_head`` and last
    ``keep_tail`` replaced by ``*``; separators stay where they are."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit() or ch in "Xx"]
    hidden = set(positions[keep_head:len(positions) - keep_tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


def _known_region(number: str) -> bool:
    return number[:2] in word_list("privacy/region-codes.txt")


def _birth_date(yyyymmdd: str) -> date | None:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None
    return born if date(1900, 1, 1) <= born <= date.today() else None
