"""The privacy check: ID numbers, mobile numbers and bank card numbers, validated, with masked suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.checks.privacy import is_first_generation_id, is_resident_id, luhn_valid, mask
from govlint.config import Config
from govlint.data import data_path
from govlint.engine import check_document, lint_file
from govlint.findings import FileResult
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text

REPO = Path(__file__).resolve().parents[1]
PRIVACY = Config(select=("privacy",))


def lint_text(text: str) -> FileResult:
    return check_document(read_text(text, "draft.txt", "utf-8"), PRIVACY)


def found(result: FileResult) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.text, f.suggestion) for f in result.findings]


def with_check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def test_county_notice_example_id_and_mobile_at_exact_positions():
    result = lint_file(REPO / "examples" / "county-notice-gbk.txt", PRIVACY)
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column, f.text, f.suggestion) for f in result.findings] == [
        ("privacy.id-card", 14, 57, 14, 75, "11010519491231002X", "1101**********002X"),
        ("privacy.phone", 16, 15, 16, 26, "13800138000", "138****8000"),
    ]
    assert result.findings[0].severity.value == "error" and result.findings[0].stage.value == "终审"
    assert result.findings[1].severity.value == "warning" and result.findings[1].stage.value == "复审"


def test_clean_example_has_no_personal_data():
    assert lint_file(REPO / "examples" / "clean-article.md", PRIVACY).findings == ()


# -- ID numbers -------------------------------------------------------------------------


def test_id_number_validation():
    assert is_resident_id("11010519491231002X")
    assert not is_resident_id("110105194912310021")  # wrong check digit
    assert not is_resident_id(with_check_digit("11010519491331002"))  # month 13
    assert not is_resident_id(with_check_digit("11010521991231002"))  # born in 2199
    assert not is_resident_id(with_check_digit("99010519491231002"))  # no province 99
    assert is_first_generation_id("110105491231002")
    assert not is_first_generation_id("110105491331002")
    assert not is_first_generation_id("990105491231002")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证号：11010519491231002X。", "11010519491231002X"),
        ("身份证号：11010519491231002x。", "11010519491231002x"),
        ("身份证号码 110105 19491231 002X 已登记。", "110105 19491231 002X"),
        ("身份证号：１１０１０５１９４９１２３１００２Ｘ。", "１１０１０５１９４９１２３１００２Ｘ"),
        ("老身份证号：110105491231002。", "110105491231002"),
    ],
)
def test_id_numbers_are_found_as_written(text, expected):
    result = lint_text(text)
    assert [(f.rule, f.text) for f in result.findings] == [("privacy.id-card", expected)]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号：110***********1234。",
        "身份证号：1101**********123X。",
        "身份证号：110105194912310021。",  # checksum fails
        "订单号：211010519491231002X。",  # inside a longer run
        "流水号 11010519491231002X9 已作废。",
        "索引号：000014349/2026-01523，成文日期：2026年11月16日。",
        "统计口径：2025年全县村集体经济总收入4860万元。",
    ],
)
def test_masked_invalid_or_embedded_numbers_are_not_id_numbers(text):
    assert lint_text(text).findings == ()


def test_id_number_split_across_wechat_spans_points_at_the_markup():
    html = (
        '<html><body><div id="js_content"><p><span leaf="">村民王某某（身份证号：110105</span>'
        '<span leaf="">19491231002X）在林区边缘烧荒引发森林火情，过火面积约12亩。</span></p></div></body></html>'
    )
    result = check_document(read_html(html, "draft.html", "utf-8"), PRIVACY)
    assert found(result) == [
        ("privacy.id-card", '110105</span><span leaf="">19491231002X', "1101**********002X"),
    ]


# -- mobile numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "suggestion"),
    [
        ("联系电话：13800138000。", "13800138000", "138****8000"),
        ("联系电话：138-0013-8000。", "138-0013-8000", "138-****-8000"),
        ("联系电话：138 0013 8000。", "138 0013 8000", "138 **** 8000"),
        ("联系电话：+86 138 0013 8000。", "+86 138 0013 8000", "+86 138 **** 8000"),
        ("联系电话：+8613800138000。", "+8613800138000", "+86138****8000"),
        ("张某（19912345678）", "19912345678", "199****5678"),
        ("联系电话：１３８００１３８０００。", "１３８００１３８０００", "１３８****８０００"),  # full-width digits
    ],
)
def test_mobile_numbers_in_their_usual_forms(text, number, suggestion):
    assert found(lint_text(text)) == [("privacy.phone", number, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "如有疑问请拨打12345政务服务便民热线，或拨打110报警。",
        "也可拨打12393医保服务热线咨询，或拨打银行客服95588。",
        "客服电话：400-138-0013，投诉电话：800-820-8820。",
        "联系电话：0851-13800138，传真：(0851)8123456。",
        "联系电话：0851-88123456、010-12345678。",
        "联系电话：138****8000。",
        "编号：2138001380001。",
        "12800138000 不是手机号段。",
    ],
)
def test_hotlines_landlines_and_masked_numbers_are_not_mobiles(text):
    assert lint_text(text).findings == ()


def test_phone_in_a_markdown_table_cell():
    source = "| 乡镇 | 联系人 | 电话 |\n| --- | --- | --- |\n| 城关镇 | 罗某 | 139-1234-5678 |\n"
    result = check_document(read_markdown(source, "draft.md", "utf-8"), PRIVACY)
    assert [(f.rule, f.line, f.column, f.text) for f in result.findings] == [("privacy.phone", 3, 14, "139-1234-5678")]


# -- bank cards -------------------------------------------------------------------------


def test_luhn():
    assert luhn_valid("6222021234567890128")
    assert not luhn_valid("6222021234567890123")
    assert luhn_valid("4111111111111111")


@pytest.mark.parametrize(
    ("text", "number", "suggestion"),
    [
        ("张某某，开户行：普安县农村信用社，银行卡号：6222021234567890128。", "6222021234567890128", "6222***********0128"),
        ("补贴打入张某某尾号 0128 的银行卡 6222 0212 3456 7890 128。", "6222 0212 3456 7890 128", "6222 **** **** ***0 128"),
        ("收款账号：4111111111111111（借记卡）", "4111111111111111", "4111********1111"),
    ],
)
def test_card_numbers_in_a_card_context(text, number, suggestion):
    assert found(lint_text(text)) == [("privacy.bank-card", number, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "项目编号 6222021234567890128 已入库。",  # no card context
        "银行卡号：6222021234567890123。",  # Luhn fails
        "银行卡号：6222 **** **** 0128。",  # masked
    ],
)
def test_numbers_that_are_not_card_numbers(text):
    assert lint_text(text).findings == ()


def test_an_id_number_near_card_words_is_reported_as_an_id_only():
    number = "11010519491231002X"
    assert [f.rule for f in lint_text(f"开户行：普安县农村信用社，身份证号：{number}").findings] == ["privacy.id-card"]
    # An 18-digit Luhn-valid ID (digits only) must not also be a card number.
    first17 = "52232319800101001"
    digits_only = next(
        with_check_digit(first17[:14] + f"{n:03d}") for n in range(1000)
        if with_check_digit(first17[:14] + f"{n:03d}")[-1].isdigit() and luhn_valid(with_check_digit(first17[:14] + f"{n:03d}"))
    )
    assert [f.rule for f in lint_text(f"银行卡号及身份证号：{digits_only}").findings] == ["privacy.id-card"]


def test_mask_keeps_separators():
    assert mask("138-0013-8000", 3, 4) == "138-****-8000"
    assert mask("11010519491231002X", 4, 4) == "1101**********002X"


# -- data -------------------------------------------------------------------------------


def _entries(relative: str) -> list[str]:
    lines = data_path(relative).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def test_privacy_data_is_clean():
    codes = _entries("privacy/region-codes.txt")
    assert len(codes) == len(set(codes)) == 35
    assert all(len(c) == 2 and c.isdigit() for c in codes)
    assert {"11", "52", "65", "81", "82", "83"} <= set(codes) and "99" not in codes
    words = _entries("privacy/context-words.txt")
    assert len(words) == len(set(words)) and "卡号" in words
