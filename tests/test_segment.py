"""govlint segments with rjieba (jieba-rs) for its start-up; the segmentation
must stay jieba's own, which the test extra installs as the reference.

typo.duplicate and typo.missing-char read word boundaries: a tokenizer that
cut differently would move findings. The texts are the bundled examples,
strings at the edges of jieba's character classes, and random mixtures of
common characters, letters, digits and punctuation.
"""

from __future__ import annotations

import functools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.typo.segment import tokenizer

REPO = Path(__file__).resolve().parents[1]


@functools.lru_cache(maxsize=1)
def jieba_tokenizer():
    import jieba

    reference = jieba.Tokenizer()
    reference.initialize()
    return reference


def same_as_jieba(text: str) -> None:
    assert tokenizer().cut(text, HMM=False) == list(jieba_tokenizer().cut(text, HMM=False)), text


def test_the_examples_are_cut_as_jieba_cuts_them():
    lines = [
        line
        for path in sorted((REPO / "examples").iterdir())
        if path.suffix in (".md", ".txt", ".html")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    assert len(lines) > 50
    for line in lines:
        same_as_jieba(line)


def test_the_edges_of_jiebas_character_classes():
    for text in (
        "㐀㐁研究研究",  # CJK Extension A, outside jieba's Han class
        "研究𠀀研究",  # Extension B
        "研究\u9fd6研究",  # just past jieba's Han range
        "進行進行",  # traditional characters, absent from the dictionary's words
        "ＡＢＣ全角ＡＢＣ",
        "e-mail地址a_b%c#d&e+f.g 3.5%增长",
        "  空格\u3000测试\n换行\t制表",
        "中华人民共和国中华人民共和国成立",
    ):
        same_as_jieba(text)


COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=COMMON + "ABCabc0123456789，。、；：！？“”（）《》 .-%", min_size=1, max_size=60))
def test_random_text_is_cut_as_jieba_cuts_it(text):
    same_as_jieba(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=COMMON, min_size=2, max_size=30))
def test_the_dictionary_words_of_a_text_are_jiebas(text):
    """typo.duplicate asks whether a doubled character ends or starts a word
    of the dictionary (碳中和和): the words rjieba finds written in a text are
    those of jieba's dictionary that the text holds."""
    from govlint.typo.segment import dictionary_words

    freq = jieba_tokenizer().FREQ
    held = {text[i:j] for i in range(len(text)) for j in range(i + 2, min(len(text), i + 17) + 1)}
    assert dictionary_words(text) == {word for word in held if freq.get(word)}
