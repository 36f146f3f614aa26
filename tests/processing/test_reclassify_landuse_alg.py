"""multiplan:reclassify_landuse on hand-built layers: codes in, harmonised classes out, nothing lost."""
import csv

import pytest
from qgis.core import NULL, QgsProcessingException, QgsVectorLayer

from factories import square

ALG = "multiplan:reclassify_landuse"


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
        ("0101", 0, "exact"), ("0303", 0, "exact"), ("0601", 0, "exact"), ("0701", 1, "exact"), ("09", 1, "exact")]
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
        ("01", 0, "exact"), ("1703", 1, tugui[1]["PPFS"]), (NULL, 1, "unmapped")]


def test_missing_code_field_is_a_clear_error(make_layer, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException):
        processing.run(ALG, {"INPUT": layer_with_codes(make_layer, ["0101"]), "CODE_FIELD": "DLBM", "STANDARD": 0,
                             "OUTPUT": str(tmp_path / "o.gpkg")})
