"""multiplan:reclassify_landuse on hand-built layers: codes in, harmonised classes out, nothing lost."""
import csv

import pytest
from qgis.core import NULL, QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from factories import square

ALG = "multiplan:reclassify_landuse"
EXACT = "精确"  # tests run with bilingual reports (conftest): the layer's labels are Chinese


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(layer, standard, tmp_path, **extra):
    import processing

    parameters = {"INPUT": layer, "CODE_FIELD": "CODE", "STANDARD": standard,
                  "OUTPUT": str(tmp_path / "out.gpkg"), **extra}
    result = processing.run(ALG, parameters)
    output = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    rows = [{name: feature[name] for name in ("CODE", "YDYHFLDM", "YDYHFLMC", "YDYHYJL", "JSYD", "KJLX", "PPFS")}
            for feature in output.getFeatures()]
    return result, rows


def layer_with_codes(make_layer, codes, python_type=str):
    return make_layer([square(10, x0=39_500_000 + 20 * i) for i in range(len(codes))], fields={"CODE": python_type},
                      attributes=[{"CODE": code} for code in codes])


def test_sandiao_codes_are_harmonised(make_layer, tmp_path):
    layer = layer_with_codes(make_layer, ["0101", "0305", "1006", "0701", "05H1"])
    result, rows = run(layer, 0, tmp_path)
    assert [(r["YDYHFLDM"], r["JSYD"], r["PPFS"]) for r in rows] == [
        ("0101", 0, EXACT), ("0303", 0, EXACT), ("0601", 0, EXACT), ("0701", 1, EXACT), ("09", 1, EXACT)]
    assert rows[0]["YDYHFLMC"] == "水田" and rows[0]["YDYHYJL"] == "01" and rows[0]["KJLX"] == "农业"
    assert result["UNKNOWN_COUNT"] == 0


def test_integer_codes_lost_their_leading_zero_are_repaired(make_layer, tmp_path):
    _, rows = run(layer_with_codes(make_layer, [101, 301], int), 0, tmp_path)
    assert [r["YDYHFLDM"] for r in rows] == ["0101", "0301"]


def test_unknown_and_empty_codes_are_kept_and_reported(make_layer, tmp_path):
    layer = layer_with_codes(make_layer, ["0101", "9999", None, "9999"])
    report = tmp_path / "未知代码.csv"
    result, rows = run(layer, 0, tmp_path, UNKNOWN_REPORT=str(report))
    assert len(rows) == 4  # nothing dropped
    assert [r["YDYHFLDM"] for r in rows] == ["0101", NULL, NULL, NULL]
    assert rows[1]["CODE"] == "9999" and rows[1]["JSYD"] == NULL
    assert result["UNKNOWN_COUNT"] == 3
    with open(report, encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert lines[1] == ["9999", "2"] and lines[2] == ["", "1"]


def test_fail_on_unknown_stops_with_the_codes(make_layer, tmp_path):
    with pytest.raises(QgsProcessingException, match="9999"):
        run(layer_with_codes(make_layer, ["0101", "9999"]), 0, tmp_path, FAIL_ON_UNKNOWN=True)


def test_chenggui_and_tugui_disagree_on_construction_as_their_standards_say(make_layer, tmp_path):
    _, chenggui = run(layer_with_codes(make_layer, ["R2", "E1", "M1"]), 1, tmp_path)
    assert [(r["YDYHFLDM"], r["JSYD"]) for r in chenggui] == [("070102", 1), ("17", 0), ("100101", 1)]  # 一类工业 → 一类工业
    _, tugui = run(layer_with_codes(make_layer, ["111", "226", "211"]), 2, tmp_path)
    # 226 水库水面 is construction land in 土规; 211 城镇用地 has no single 2023 class.
    assert [(r["YDYHFLDM"], r["JSYD"], r["PPFS"]) for r in tugui] == [
        ("01", 0, EXACT), ("1703", 1, tugui[1]["PPFS"]), (NULL, 1, "无对应")]


def test_missing_code_field_is_a_clear_error(make_layer, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException):
        processing.run(ALG, {"INPUT": layer_with_codes(make_layer, ["0101"]), "CODE_FIELD": "DLBM", "STANDARD": 0,
                             "OUTPUT": str(tmp_path / "o.gpkg")})


def test_chinese_deliverables_have_no_english(make_layer, tmp_path, monkeypatch):
    """Issue 16 §4: under a Chinese locale the layer's text fields, the CSV and the log are Chinese."""
    from deliverables import layer_texts, problems_in
    from recording import RecordingFeedback
    from log_lines import own_log_lines
    from translations import chinese_ui

    import processing

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    report = tmp_path / "未知代码.csv"
    feedback = RecordingFeedback()
    with chinese_ui():
        result = processing.run(ALG, {"INPUT": layer_with_codes(make_layer, ["0101", "9999", None, "R2"]),
                                      "CODE_FIELD": "CODE", "STANDARD": 0, "OUTPUT": str(tmp_path / "out.gpkg"),
                                      "UNKNOWN_REPORT": str(report)}, feedback=feedback)
    rows = {f["CODE"]: f for f in QgsVectorLayer(result["OUTPUT"], "out", "ogr").getFeatures()}
    assert rows["0101"]["KJLX"] == "农业" and rows["0101"]["PPFS"] == "精确"
    with open(report, encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["代码", "要素数"]
    texts = layer_texts(result["OUTPUT"]) + [("csv", cell) for line in lines for cell in line]
    texts += own_log_lines(feedback)
    assert problems_in(texts, words=True) == []


def test_english_deliverables(make_layer, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    report = tmp_path / "unknown.csv"
    _, rows = run(layer_with_codes(make_layer, ["0101", "9999"]), 0, tmp_path, UNKNOWN_REPORT=str(report))
    assert (rows[0]["KJLX"], rows[0]["PPFS"]) == ("agricultural", "exact")
    with open(report, encoding="utf-8-sig") as handle:
        assert next(csv.reader(handle)) == ["code", "features"]


class CancelAfter(QgsProcessingFeedback):
    """The user presses Cancel after ``calls`` progress updates (i.e. in the middle of the run)."""

    def __init__(self, calls):
        super().__init__()
        self.calls = calls

    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        self.calls -= 1
        if self.calls == 0:
            self.cancel()


def test_cancelled_mid_run_leaves_no_output(make_layer, tmp_path):
    """Issue 16 §3: cancelled at 1 s it used to leave a GeoPackage GDAL cannot open."""
    import processing

    codes = ["0101", "0102", "0301"] * 1000
    layer = make_layer([square(5, x0=39_500_000 + 6 * (i % 100), y0=3_500_000 + 6 * (i // 100))
                        for i in range(len(codes))], fields={"CODE": str}, attributes=[{"CODE": c} for c in codes],
                       gpkg_name="dltb.gpkg", name="dltb")
    feedback = CancelAfter(3)
    output, report = tmp_path / "out.gpkg", tmp_path / "unknown.csv"
    with pytest.raises(QgsProcessingException, match="cancel"):
        processing.run(ALG, {"INPUT": layer.source(), "CODE_FIELD": "CODE", "STANDARD": 0, "OUTPUT": str(output),
                             "UNKNOWN_REPORT": str(report)}, feedback=feedback)
    assert feedback.isCanceled()
    assert not output.exists() and not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dltb.gpkg"]
