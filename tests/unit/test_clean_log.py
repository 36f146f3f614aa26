"""scripts/clean_log.py: the run log keeps MultiPlan's messages and drops qgis_process's frame."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import clean_log  # noqa: E402

RAW = """<string>:1: DeprecationWarning: setapi() is deprecated

----------------
Inputs
----------------

DLTB:\t/home/技术员/示范县/sample_county.gpkg|layername=DLTB
OUTPUT_FOLDER:\t/home/技术员/成果


字段 GHDLDM 的全部 1087 个代码均可识别。
0.图层“TGYT_用地用海”已写入“TGYT_用地用海.gpkg”。
.5 个地块，文件 项目红线坐标.txt（GBK）
.10“CGYD”：已整合 237 个图斑。
WARNING:\t  28 需复核（面积变化过大，未改动）
...20...15 个图斑
30...40...50...60...70...80...90...100 - done.
Model processed OK. Executed 33 algorithms total in 38.66 s.

----------------
Results
----------------

OUTPUT_FOLDER:\t/home/技术员/成果
"""


def test_the_frame_goes_and_the_messages_stay_whole():
    lines = clean_log.clean(RAW).splitlines()
    assert lines == ["字段 GHDLDM 的全部 1087 个代码均可识别。", "图层“TGYT_用地用海”已写入“TGYT_用地用海.gpkg”。",
                     "5 个地块，文件 项目红线坐标.txt（GBK）", "“CGYD”：已整合 237 个图斑。", "警告：  28 需复核（面积变化过大，未改动）",
                     "15 个图斑", "模型运行完成：执行 33 个算法，用时 38.7 秒。"]


def test_english_keeps_english_words():
    text = clean_log.clean(RAW, chinese=False)
    assert "Warning:   28" in text and text.rstrip().endswith("Model finished: 33 algorithms in 38.7 s.")
    assert "/home/" not in text and "Inputs" not in text


@pytest.mark.parametrize("line", ["Model processed OK. Executed 33 algorithms total in 38.66 s.",
                                  "Model processed OK. Executed 33 algorithm(s) total in 38.66 s."])
def test_the_closing_line_of_either_qgis_is_recognised(line):
    """3.22 writes "algorithms", 3.40 "algorithm(s)": both are the closing line, never left in English."""
    assert clean_log.DONE.match(line).groups() == ("33", "38.66")
