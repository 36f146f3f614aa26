"""multiplan:check_control_lines on hand-built layers of known area, and on the sample county.

Hand-built layout (x in metres east of X0 on EPSG:4527, all 100 m tall unless stated):
red line HX1 0-100; farmland NT1 80-180 (lower half) and NT2 100-200 (upper half, only touching
the red line along x = 100); urban boundary KF1 150-250; zones 生态 0-100, 农业 90-240, 城镇
250-300 (an overlap at 90-100 and a gap at 240-250 in the county 0-300); townships 甲镇 0-90 and
乙镇 90-300. Expected areas are those of the expected pieces, measured by core.areas.
"""
import csv
import math
import subprocess
import sys

import numpy as np
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from factories import bowtie, reproject
from multiplan.core.areas import polygon_areas
from recording import RecordingFeedback

X0, Y0 = 39_500_000.0, 3_500_000.0
CRS = "EPSG:4527"
REL = 1e-6


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider



def run(parameters, **kw):
    import processing

    return processing.run("multiplan:check_control_lines", parameters, **kw)


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def area(*geometries):
    return float(polygon_areas(np.array(geometries, dtype=object), CRS).sum())


@pytest.fixture
def county(make_layer):
    # Sources, not layer objects (see test_conflict_algs.py: layers cached past QGIS's exit crash).
    layers = {
        "red": make_layer([box(0, 0, 100, 100)], fields={"HXBH": str}, attributes=[{"HXBH": "HX1"}],
                          gpkg_name="红线.gpkg", name="STBHHX"),
        "farm": make_layer([box(80, 0, 180, 50), box(100, 50, 200, 100)], fields={"JBNTTBBH": str},
                           attributes=[{"JBNTTBBH": "NT1"}, {"JBNTTBBH": "NT2"}], gpkg_name="农田.gpkg",
                           name="YJJBNTTB"),
        "udb": make_layer([box(150, 0, 250, 100)], fields={"BJBH": str}, attributes=[{"BJBH": "KF1"}],
                          gpkg_name="边界.gpkg", name="CZKFBJ"),
        "zones": make_layer([box(0, 0, 100, 100), box(90, 0, 240, 100), box(250, 0, 300, 100)],
                            fields={"KJLXDM": str, "KJLXMC": str},
                            attributes=[{"KJLXDM": "3", "KJLXMC": "生态空间"}, {"KJLXDM": "2", "KJLXMC": "农业空间"},
                                        {"KJLXDM": "1", "KJLXMC": "城镇空间"}], gpkg_name="三区.gpkg", name="SQ"),
        "county": make_layer([box(0, 0, 300, 100)], gpkg_name="县域.gpkg", name="XZQ"),
        "base": make_layer([box(150, 0, 220, 100)], gpkg_name="现状.gpkg", name="CZJSYD"),
        "admin": make_layer([box(0, 0, 90, 100), box(90, 0, 300, 100)], fields={"XZQDM": str, "XZQMC": str},
                            attributes=[{"XZQDM": "001", "XZQMC": "甲镇"}, {"XZQDM": "002", "XZQMC": "乙镇"}],
                            gpkg_name="乡镇.gpkg", name="XZQ_XZ"),
    }
    return {key: layer.source() for key, layer in layers.items()}


def check(tmp_path, **inputs):
    tmp_path.mkdir(parents=True, exist_ok=True)
    return run({**inputs, "OUTPUT": str(tmp_path / "违规.gpkg"), "REPORT": str(tmp_path / "检查.xlsx")})


def violations(path, rule=None):
    layer = QgsVectorLayer(str(path), "out", "ogr")
    assert layer.isValid()
    rows = [feature for feature in layer.getFeatures() if rule is None or feature["GZBH"] == rule]
    return rows


def geometry(feature):
    return shapely.from_wkb(bytes(feature.geometry().asWkb()))


def sheet_rows(path, name):
    sheet = load_workbook(path)[name]
    headers = [cell.value.split("\n")[0] for cell in sheet[3]]
    return [dict(zip(headers, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=4)]


# --------------------------------------------------------------------------- the three lines

def test_red_line_over_farmland_is_one_error_of_exact_area_and_touching_gives_nothing(county, tmp_path):
    result = check(tmp_path, ECOLOGICAL_REDLINE=county["red"], FARMLAND=county["farm"])
    (row,) = violations(result["OUTPUT"])  # NT2 only shares the edge x = 100 with the red line
    expected = area(box(80, 0, 100, 50))
    assert row["GZBH"] == "HX_NT" and row["GZMC"] == "生态保护红线与永久基本农田重叠" and row["YZCD"] == "错误"
    assert (row["TC"], row["YSBH"], row["DBTC"], row["DBBH"]) == ("STBHHX", "HX1", "YJJBNTTB", "NT1")
    assert row["MJ"] == pytest.approx(expected, abs=0.005)
    assert row["MJGQ"] == pytest.approx(expected / 10_000, abs=5e-5)
    assert row["MJMU"] == round(expected * 3 / 2000, 2)  # 亩 to 2 decimals, 公顷 to 4, m² to 2
    assert row["MJ"] == round(row["MJ"], 2) and row["MJGQ"] == round(row["MJGQ"], 4)
    assert row["MJFF"] == "椭球面积，CGCS2000 椭球"  # layer texts: Chinese unless the report language is English
    assert row["SM"] == "生态保护红线 HX1 与 永久基本农田 NT1 重叠 1.50 亩"
    assert geometry(row).equals(box(80, 0, 100, 50).buffer(0))
    assert geometry(row).contains(shapely.Point(row["ZXZB_X"], row["ZXZB_Y"]))
    assert (result["VIOLATION_COUNT"], result["ERROR_COUNT"], result["WARNING_COUNT"]) == (1, 1, 0)
    assert result["PASSED"] is False and result["EXPANSION_MULTIPLE"] is None
    summary = {r["规则编号"]: r for r in sheet_rows(result["REPORT"], "汇总 Summary")}
    assert summary["HX_NT"]["结论"] == "不通过" and summary["FRAGMENT"]["结论"] == "通过"
    assert summary["KB_HX"]["结论"] == "未检查"


def test_pieces_below_the_minimum_area_are_ignored(county, tmp_path):
    # The HX_NT piece is 20 m × 50 m = about 1,000 m²: kept below that threshold, ignored above it.
    kept = check(tmp_path / "kept", ECOLOGICAL_REDLINE=county["red"], FARMLAND=county["farm"], MIN_AREA=999.0)
    ignored = check(tmp_path / "ignored", ECOLOGICAL_REDLINE=county["red"], FARMLAND=county["farm"], MIN_AREA=1001.0)
    assert kept["VIOLATION_COUNT"] == 1 and ignored["VIOLATION_COUNT"] == 0 and ignored["PASSED"] is True


def test_urban_boundary_taking_farmland_is_a_warning_per_patch(county, tmp_path):
    result = check(tmp_path, FARMLAND=county["farm"], URBAN_BOUNDARY=county["udb"])
    rows = {row["DBBH"]: row for row in violations(result["OUTPUT"], "KB_NT")}
    assert rows["NT1"]["MJ"] == pytest.approx(area(box(150, 0, 180, 50)), rel=REL)
    assert rows["NT2"]["MJ"] == pytest.approx(area(box(150, 50, 200, 100)), rel=REL)
    assert {row["YZCD"] for row in rows.values()} == {"警告"} and rows["NT1"]["YSBH"] == "KF1"
    assert (result["ERROR_COUNT"], result["WARNING_COUNT"], result["PASSED"]) == (0, 2, True)
    # A rule that only warns is 需关注, never 不通过; the check passes.
    summary = {r["规则编号"]: r for r in sheet_rows(result["REPORT"], "汇总 Summary")}
    assert summary["KB_NT"]["结论"] == "需关注" and summary["KB_NT"]["数量"] == 2
    assert "不通过" not in {r["结论"] for r in summary.values()}


def test_admin_units_split_a_violation_with_exact_parts(county, tmp_path):
    result = check(tmp_path, ECOLOGICAL_REDLINE=county["red"], FARMLAND=county["farm"], ADMIN=county["admin"])
    rows = violations(result["OUTPUT"], "HX_NT")
    assert [(row["XZQDM"], row["XZQMC"]) for row in rows] == [("001", "甲镇"), ("002", "乙镇")]
    assert [row["MJ"] for row in rows] == pytest.approx([area(box(80, 0, 90, 50)), area(box(90, 0, 100, 50))],
                                                        rel=REL)
    assert rows[0]["SM"] == "生态保护红线 HX1 与 永久基本农田 NT1 重叠 0.75 亩（甲镇）"
    totals = sheet_rows(result["REPORT"], "控制线面积 Line areas")
    farm = {row["行政区名称"]: row["面积（平方米）"] for row in totals if row["控制线"] == "永久基本农田"}
    assert farm == pytest.approx({"甲镇": area(box(80, 0, 90, 50)),
                                  "乙镇": area(box(90, 0, 180, 50), box(100, 50, 200, 100))}, rel=REL)


def test_a_missing_admin_name_field_costs_only_the_names(county, tmp_path):
    feedback = RecordingFeedback()
    tmp_path.mkdir(parents=True, exist_ok=True)
    result = run({"ECOLOGICAL_REDLINE": county["red"], "FARMLAND": county["farm"], "ADMIN": county["admin"],
                  "ADMIN_NAME_FIELD": "MC", "OUTPUT": str(tmp_path / "o.gpkg"), "REPORT": str(tmp_path / "r.xlsx")},
                 feedback=feedback)
    rows = violations(result["OUTPUT"], "HX_NT")
    assert [(row["XZQDM"], row["XZQMC"]) for row in rows] == [("001", None), ("002", None)]
    assert any("no field “MC”" in warning and "without it" in warning for warning in feedback.warnings)


def test_edge_mismatches_below_one_square_metre_are_no_violation_anywhere(county, make_layer, tmp_path):
    # The urban boundary drawn 1 mm into the red line along its 100 m edge (0.1 m²): by default
    # (MIN_AREA 1 m²) no 错误 0.00 亩 in the layer, the report or the counts; the log says it was left out.
    udb = make_layer([box(99.999, 0, 150, 100)], fields={"BJBH": str}, attributes=[{"BJBH": "KF1"}],
                     gpkg_name="边界_1mm.gpkg", name="CZKFBJ").source()
    feedback = RecordingFeedback()
    tmp_path.mkdir(parents=True, exist_ok=True)
    result = run({"ECOLOGICAL_REDLINE": county["red"], "URBAN_BOUNDARY": udb, "OUTPUT": str(tmp_path / "o.gpkg"),
                  "REPORT": str(tmp_path / "r.xlsx")}, feedback=feedback)
    assert violations(result["OUTPUT"], "KB_HX") == []
    assert (result["ERROR_COUNT"], result["PASSED"]) == (0, True)
    summary = {r["规则编号"]: r for r in sheet_rows(result["REPORT"], "汇总 Summary")}
    assert (summary["KB_HX"]["数量"], summary["KB_HX"]["结论"]) == (0, "通过")
    assert [r for r in sheet_rows(result["REPORT"], "违规明细 Violations") if r["规则编号"] == "KB_HX"] == []
    assert any(info.startswith("KB_HX") and "0 violations" in info for info in feedback.infos)
    assert any("KB_HX: 1 pieces below the minimum area of 1 m² (0.10 m² in all)" in info for info in feedback.infos)
    every = check(tmp_path / "every", ECOLOGICAL_REDLINE=county["red"], URBAN_BOUNDARY=udb, MIN_AREA=0)
    (sliver,) = violations(every["OUTPUT"], "KB_HX")
    assert sliver["MJ"] == pytest.approx(0.1, abs=0.005)


def convert(source, folder, driver, suffix):
    """A copy of a layer source in another format (GDAL's VectorTranslate)."""
    from osgeo import gdal

    path, layer = source.split("|layername=") if "|layername=" in source else (source, None)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (layer or "layer").replace("/", "_")
    target = str(target) + suffix
    gdal.VectorTranslate(target, path, format=driver, layers=[layer] if layer else None,
                         layerCreationOptions=["ENCODING=UTF-8"] if driver == "ESRI Shapefile" else None)
    return target


def test_features_are_named_alike_whatever_the_format(county, make_layer, tmp_path):
    # Farmland with JBNTTBBH, zones without any id field (so numbered 1, 2, 3), the admin units without codes.
    farm = make_layer([box(80, 0, 180, 50), box(100, 50, 200, 100)], gpkg_name="农田_无编号.gpkg",
                      name="YJJBNTTB").source()
    inputs = {"ECOLOGICAL_REDLINE": county["red"], "FARMLAND": farm, "URBAN_BOUNDARY": county["udb"],
              "ZONES": county["zones"], "COUNTY": county["county"]}
    results, logs = {}, {}
    for label, driver, suffix in (("gpkg", None, None), ("shp", "ESRI Shapefile", ".shp"),
                                  ("geojson", "GeoJSON", ".geojson")):
        given = inputs if driver is None else {key: convert(value, tmp_path / label, driver, suffix)
                                               for key, value in inputs.items()}
        feedback = RecordingFeedback()
        result = run({**given, "OUTPUT": str(tmp_path / f"out_{label}.gpkg"),
                      "REPORT": str(tmp_path / f"out_{label}.xlsx")},
                     feedback=feedback)
        results[label] = sorted((row["GZBH"], row["YSBH"] or "", row["DBBH"] or "", round(row["MJ"], 1))
                                for row in violations(result["OUTPUT"]))
        logs[label] = feedback.infos
    assert results["gpkg"] == results["shp"] == results["geojson"]
    assert all(any("identified by their number in the layer (1 = first feature)" in info for info in log)
               for log in logs.values())
    named = {(rule, own, other) for rule, own, other, _ in results["gpkg"]}
    assert ("HX_NT", "HX1", "1") in named and ("SQ_OVERLAP", "1,2", "") in named
    assert ("KB_NT", "KF1", "2") in named  # the second farmland patch is "2", in GeoJSON too (fid 1 there)


@pytest.mark.parametrize("chinese_qgis", [True, False], ids=["chinese-qgis", "batch-asking-for-zh"])
def test_reports_layer_csv_and_log_read_in_chinese_under_a_chinese_locale(county, tmp_path, monkeypatch,
                                                                          chinese_qgis):
    """Under a Chinese QGIS everything is Chinese; a batch run asking for Chinese reports from an
    English QGIS gets Chinese deliverables (its log follows QGIS)."""
    from contextlib import nullcontext

    from deliverables import absolute_paths, layer_texts, problems_in, workbook_texts
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    feedback = RecordingFeedback()
    tmp_path.mkdir(parents=True, exist_ok=True)
    with chinese_ui() if chinese_qgis else nullcontext():
        # Everything but the suitability: its rules are listed as not checked, with the reason.
        result = run({"ECOLOGICAL_REDLINE": county["red"], "FARMLAND": county["farm"],
                      "URBAN_BOUNDARY": county["udb"], "ZONES": county["zones"], "COUNTY": county["county"],
                      "BASE_CONSTRUCTION": county["base"], "ADMIN": county["admin"],
                      "OUTPUT": str(tmp_path / "违规.gpkg"), "REPORT": str(tmp_path / "检查.xlsx"),
                      "LINE_TOTALS": str(tmp_path / "面积.csv")}, feedback=feedback)
    texts = workbook_texts(result["REPORT"]) + layer_texts(result["OUTPUT"], "违规")  # not the styles table
    texts += [("csv", line) for line in open(result["LINE_TOTALS"], encoding="utf-8-sig").read().splitlines()]
    # Not this algorithm's line: processing.run's own "Results: {…}" echo (absolute paths, only in
    # Python calls).
    log = [line for line in feedback.infos + feedback.warnings if not line.startswith("Results: {")]
    if chinese_qgis:
        texts += [("log", line) for line in log]
    problems = problems_in(texts, words=True)
    assert problems == [], "\n".join(map(str, problems))
    assert not any(absolute_paths(line) for line in log)
    assert any(line.startswith("NT_UNSUITABLE") and "无双评价适宜性图层" in line for line in log)
    rows = violations(result["OUTPUT"])
    assert {row["YZCD"] for row in rows} == {"错误", "警告"}
    assert load_workbook(result["REPORT"]).sheetnames == ["汇总", "违规明细", "控制线面积", "扩展倍数"]


def test_reports_and_layer_read_in_english_under_an_english_locale(county, tmp_path, monkeypatch):
    import re

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    feedback = RecordingFeedback()
    tmp_path.mkdir(parents=True, exist_ok=True)
    result = run({"ECOLOGICAL_REDLINE": county["red"], "FARMLAND": county["farm"], "URBAN_BOUNDARY": county["udb"],
                  "OUTPUT": str(tmp_path / "v.gpkg"), "REPORT": str(tmp_path / "check.xlsx")}, feedback=feedback)
    (row,) = violations(result["OUTPUT"], "HX_NT")
    assert (row["GZMC"], row["YZCD"]) == ("Ecological red line overlaps basic farmland", "error")
    assert row["SM"] == "Ecological red line HX1 overlaps basic farmland NT1 by 1.50 mu"
    assert row["MJFF"] == "ellipsoidal, CGCS2000 ellipsoid"
    assert load_workbook(result["REPORT"]).sheetnames == ["Summary", "Violations", "Line areas"]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    from deliverables import workbook_texts

    assert [text for _, text in workbook_texts(result["REPORT"]) if cjk.search(text)] == []
    assert "HX_NT Ecological red line overlaps basic farmland (error): 1 violations, 1000.00 m² (1.50 亩)" in \
        feedback.warnings
    assert "NT_UNSUITABLE Basic farmland on unsuitable land: not checked (no suitability layer)." in feedback.infos


# --------------------------------------------------------------------------- zones

def zone_rules(path):
    rows = violations(path)
    return {rule: [row for row in rows if row["GZBH"] == rule] for rule in {row["GZBH"] for row in rows}}


def test_zones_gap_overlap_and_the_boundary_outside_urban_space(county, tmp_path):
    result = check(tmp_path, ZONES=county["zones"], COUNTY=county["county"], URBAN_BOUNDARY=county["udb"])
    rules = zone_rules(result["OUTPUT"])
    assert [row["MJ"] for row in rules["SQ_GAP"]] == pytest.approx([area(box(240, 0, 250, 100))], rel=REL)
    assert rules["SQ_GAP"][0]["DBTC"] == "县域"
    (overlap,) = rules["SQ_OVERLAP"]
    assert overlap["MJ"] == pytest.approx(area(box(90, 0, 100, 100)), rel=REL)
    assert overlap["YSBH"] == "1,2"  # no id field in SQ: 1-based feature numbers
    assert [row["MJ"] for row in rules["KB_ZONE"]] == pytest.approx([area(box(150, 0, 250, 100))], rel=REL)
    assert "SQ_OUTSIDE" not in rules and result["ERROR_COUNT"] == 2


def test_zone_codes_are_configurable_and_zone_names_understood(county, make_layer, tmp_path):
    # Layer sources, not objects, wherever a run raises: the exception's frames keep the layer alive
    # past QGIS's exit, which crashes the test process.
    recoded = make_layer([box(0, 0, 100, 100), box(90, 0, 240, 100), box(250, 0, 300, 100)], fields={"LX": int},
                         attributes=[{"LX": 30}, {"LX": 20}, {"LX": 10}], gpkg_name="recoded.gpkg", name="SQ").source()
    common = {"COUNTY": county["county"], "URBAN_BOUNDARY": county["udb"]}
    coded = check(tmp_path / "a", ZONES=recoded, ZONE_FIELD="LX", ZONE_CODES="10=城镇空间;20=农业;30=ecological",
                  **common)
    named = check(tmp_path / "b", ZONES=county["zones"], ZONE_FIELD="KJLXMC", ZONE_CODES="", **common)
    for result in (coded, named):
        assert [row["MJ"] for row in zone_rules(result["OUTPUT"])["KB_ZONE"]] == pytest.approx(
            [area(box(150, 0, 250, 100))], rel=REL)
    with pytest.raises(QgsProcessingException, match="zone codes at “1=forest”"):
        check(tmp_path / "c", ZONES=county["zones"], ZONE_CODES="1=forest", **common)
    with pytest.raises(QgsProcessingException, match="no field “DM”"):
        check(tmp_path / "d", ZONES=county["zones"], ZONE_FIELD="DM", **common)


# --------------------------------------------------------------------------- expansion, suitability

def test_expansion_multiple_is_exact_and_its_limit_configurable(county, tmp_path):
    result = check(tmp_path, URBAN_BOUNDARY=county["udb"], BASE_CONSTRUCTION=county["base"],
                   LINE_TOTALS=str(tmp_path / "面积.csv"))
    multiple = area(box(150, 0, 250, 100)) / area(box(150, 0, 220, 100))
    assert result["EXPANSION_MULTIPLE"] == pytest.approx(multiple, rel=1e-9)
    (row,) = violations(result["OUTPUT"], "EXPANSION")
    # The row carries the whole urban boundary (every format keeps it; FlatGeobuf drops rows without one).
    assert geometry(row).equals(box(150, 0, 250, 100)) and row["YZCD"] == "错误"
    assert row["ZHI"] == pytest.approx(multiple, abs=1e-6) and row["XZ"] == 1.3  # 6 decimals stored
    assert row["MJ"] == pytest.approx(area(box(150, 0, 250, 100)) - 1.3 * area(box(150, 0, 220, 100)), rel=REL)
    assert result["PASSED"] is False
    (expansion,) = sheet_rows(result["REPORT"], "扩展倍数 Expansion")
    assert expansion["扩展倍数"] == pytest.approx(multiple, rel=1e-9) and expansion["结论"] == "不通过"
    with open(result["LINE_TOTALS"], encoding="utf-8-sig", newline="") as handle:
        totals = {row["控制线 Name"]: float(row["面积（平方米） Area (m²)"]) for row in csv.DictReader(handle)}
    assert totals == pytest.approx({"城镇开发边界": area(box(150, 0, 250, 100)),
                                    "现状城镇建设用地": area(box(150, 0, 220, 100))}, rel=REL)
    relaxed = check(tmp_path / "relaxed", URBAN_BOUNDARY=county["udb"], BASE_CONSTRUCTION=county["base"],
                    EXPANSION_LIMIT=1.5)
    assert relaxed["PASSED"] is True and violations(relaxed["OUTPUT"], "EXPANSION") == []


def test_farmland_on_unsuitable_land(county, make_layer, tmp_path):
    suitability = make_layer([box(0, 0, 120, 100), box(120, 0, 300, 100)], fields={"SYXDJ": str},
                             attributes=[{"SYXDJ": "不适宜"}, {"SYXDJ": "适宜"}], gpkg_name="双评价.gpkg", name="SYX").source()
    result = check(tmp_path, FARMLAND=county["farm"], SUITABILITY=suitability, SUITABILITY_FIELD="SYXDJ")
    rows = violations(result["OUTPUT"], "NT_UNSUITABLE")
    assert sum(row["MJ"] for row in rows) == pytest.approx(area(box(80, 0, 120, 50), box(100, 50, 120, 100)), rel=REL)
    assert {row["DBBH"] for row in rows} == {"1"} and {row["YZCD"] for row in rows} == {"警告"}
    with pytest.raises(QgsProcessingException, match="suitability grade field"):
        check(tmp_path / "b", FARMLAND=county["farm"], SUITABILITY=suitability)


# --------------------------------------------------------------------------- bad input

def test_an_empty_layer_is_reported_and_its_checks_skipped(county, make_layer, tmp_path):
    empty = make_layer([], gpkg_name="空.gpkg", name="YJJBNTTB")
    feedback = RecordingFeedback()
    result = run({"ECOLOGICAL_REDLINE": county["red"], "FARMLAND": empty.source(), "OUTPUT": str(tmp_path / "o.gpkg"),
                  "REPORT": str(tmp_path / "r.xlsx")}, feedback=feedback)
    assert any("“YJJBNTTB” has no features with a geometry" in warning for warning in feedback.warnings)
    assert result["VIOLATION_COUNT"] == 0
    summary = {row["规则编号"]: row for row in sheet_rows(result["REPORT"], "汇总 Summary")}
    assert summary["HX_NT"]["结论"] == "未检查"
    assert any(info.startswith("HX_NT") and "not checked" in info for info in feedback.infos)


def test_fewer_than_two_inputs_or_nothing_checkable_is_a_clear_error(county, make_layer, tmp_path):
    with pytest.raises(QgsProcessingException, match="at least two layers"):
        check(tmp_path, FARMLAND=county["farm"])
    with pytest.raises(QgsProcessingException, match="None of the checks can run"):
        check(tmp_path, COUNTY=county["county"], BASE_CONSTRUCTION=county["base"])
    assert not (tmp_path / "检查.xlsx").exists() and not (tmp_path / "违规.gpkg").exists()


def test_missing_crs_is_a_clear_error(county, make_layer, tmp_path):
    layer = make_layer([box(80, 0, 180, 50)], crs=None)
    with pytest.raises(QgsProcessingException, match="has no coordinate reference system"):
        check(tmp_path, ECOLOGICAL_REDLINE=county["red"], FARMLAND=layer)


def test_layers_in_two_crss_give_the_same_areas(county, make_layer, tmp_path):
    farm_4490 = make_layer([reproject(box(80, 0, 180, 50), CRS, "EPSG:4490"),
                            reproject(box(100, 50, 200, 100), CRS, "EPSG:4490")], crs="EPSG:4490",
                           fields={"JBNTTBBH": str}, attributes=[{"JBNTTBBH": "NT1"}, {"JBNTTBBH": "NT2"}],
                           gpkg_name="农田_4490.gpkg", name="YJJBNTTB")
    feedback = RecordingFeedback()
    result = run({"ECOLOGICAL_REDLINE": county["red"], "FARMLAND": farm_4490.source(), "URBAN_BOUNDARY": county["udb"],
                  "OUTPUT": str(tmp_path / "o.gpkg"), "REPORT": str(tmp_path / "r.xlsx")}, feedback=feedback)
    assert any(info.startswith("Reprojecting “YJJBNTTB”") for info in feedback.infos)
    same = check(tmp_path / "same", ECOLOGICAL_REDLINE=county["red"], FARMLAND=county["farm"],
                 URBAN_BOUNDARY=county["udb"])
    mixed = sorted((row["GZBH"], row["DBBH"], row["MJ"]) for row in violations(result["OUTPUT"]))
    plain = sorted((row["GZBH"], row["DBBH"], row["MJ"]) for row in violations(same["OUTPUT"]))
    assert [row[:2] for row in mixed] == [row[:2] for row in plain] == [
        ("HX_NT", "NT1"), ("KB_NT", "NT1"), ("KB_NT", "NT2")]
    assert [row[2] for row in mixed] == pytest.approx([row[2] for row in plain], rel=REL)


def test_invalid_geometry_is_repaired_on_a_copy_and_reported(county, make_layer, tmp_path):
    red = make_layer([bowtie(100)], gpkg_name="bowtie.gpkg", name="STBHHX")
    farm = make_layer([box(0, 0, 100, 100)], gpkg_name="f.gpkg", name="YJJBNTTB")
    feedback = RecordingFeedback()
    result = run({"ECOLOGICAL_REDLINE": red.source(), "FARMLAND": farm.source(), "OUTPUT": str(tmp_path / "o.gpkg"),
                  "REPORT": str(tmp_path / "r.xlsx")}, feedback=feedback)
    assert sum(row["MJ"] for row in violations(result["OUTPUT"], "HX_NT")) == pytest.approx(
        area(box(0, 0, 100, 100)) / 2, rel=REL)  # the two triangles of the bow-tie
    assert any("“STBHHX”: 1 invalid geometries were repaired" in warning for warning in feedback.warnings)
    stored = next(QgsVectorLayer(red.source(), "in", "ogr").getFeatures()).geometry()
    assert not shapely.from_wkb(bytes(stored.asWkb())).is_valid  # the input is untouched


def test_a_cancelled_run_leaves_no_output(county, tmp_path):
    class CancelAtHalf(QgsProcessingFeedback):
        def setProgress(self, progress):  # noqa: N802
            super().setProgress(progress)
            if progress >= 50:
                self.cancel()

    with pytest.raises(QgsProcessingException, match="cancelled"):
        run({"ECOLOGICAL_REDLINE": county["red"], "FARMLAND": county["farm"], "OUTPUT": str(tmp_path / "o.gpkg"),
             "REPORT": str(tmp_path / "r.xlsx"), "LINE_TOTALS": str(tmp_path / "t.csv")}, feedback=CancelAtHalf())
    assert list(tmp_path.glob("o.gpkg*")) == [] and list(tmp_path.glob("*r.xlsx*")) == []
    assert not (tmp_path / "t.csv").exists()


# --------------------------------------------------------------------------- the sample county

@pytest.fixture(scope="module")
def sample(repo_root, tmp_path_factory):
    folder = tmp_path_factory.mktemp("county")
    subprocess.run([sys.executable, str(repo_root / "scripts" / "make_sample_county.py"), "--output", str(folder),
                    "--scale", "0.25"], check=True, capture_output=True, timeout=300)
    gpkg = folder / "sample_county.gpkg"
    return lambda layer: f"{gpkg}|layername={layer}"


def test_sample_county_draft_lines_conflict_as_documented(sample, tmp_path):
    result = run({"ECOLOGICAL_REDLINE": sample("STBHHX"), "FARMLAND": sample("YJJBNTTB"),
                  "URBAN_BOUNDARY": sample("CZKFBJ"), "ZONES": sample("SQ"), "COUNTY": sample("XZQ"),
                  "BASE_CONSTRUCTION": sample("CZJSYD_2020"), "ADMIN": sample("XZQ_XZ"),
                  "OUTPUT": str(tmp_path / "违规.gpkg"), "REPORT": str(tmp_path / "检查.xlsx"),
                  "LINE_TOTALS": str(tmp_path / "面积.csv")})
    rows = violations(result["OUTPUT"])
    by_rule = {rule: [row for row in rows if row["GZBH"] == rule] for rule in {row["GZBH"] for row in rows}}
    assert len({row["DBBH"] for row in by_rule["HX_NT"]}) == 3  # farmland patches in the red line
    assert len({row["DBBH"] for row in by_rule["KB_NT"]}) == 4  # farmland patches in the urban boundary
    assert all(row["DBBH"].startswith("369901") for row in by_rule["KB_NT"])  # JBNTTBBH, not fids
    assert sum(row["MJ"] for row in by_rule["KB_HX"]) > 0
    assert len(by_rule["SQ_OVERLAP"]) == 2
    (gap,) = by_rule["SQ_GAP"]
    assert gap["XZQDM"] and gap["XZQDM"].startswith("369901")  # inside a township, so inside the county
    assert result["EXPANSION_MULTIPLE"] > 1.3 and len(by_rule["EXPANSION"]) == 1
    assert result["PASSED"] is False
    assert result["ERROR_COUNT"] + result["WARNING_COUNT"] == result["VIOLATION_COUNT"] == len(rows)
    summary = {row["规则编号"]: row for row in sheet_rows(result["REPORT"], "汇总 Summary")}
    assert summary["NT_UNSUITABLE"]["结论"] == "未检查" and summary["HX_NT"]["数量"] == len(by_rule["HX_NT"])
    assert not math.isnan(result["EXPANSION_MULTIPLE"])
