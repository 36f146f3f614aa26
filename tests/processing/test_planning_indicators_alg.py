"""multiplan:planning_indicators on a hand-built blueprint and control lines of known area.

Layout (x in metres east of X0, 60 km east of the central meridian of EPSG:4527, where plane and
ellipsoidal areas differ by about 1e-4; every box 100 m tall):

    blueprint YDYHDM (JSYD)  0-100 0101 (0), 100-200 0301 (0), 200-300 070102 (1), 300-350 1701 (0),
                             350-400 NULL (1: an unmapped construction code), 400-450 0703 (1)
    red line                 100-200, stored in CGCS2000 lon/lat (EPSG:4490): reprojected on the fly
    basic farmland           0-80 and 40-100 (overlapping: 0-100 once)
    urban boundary           200-330;  base-year urban construction land 200-300

Expected areas are geodesic areas on the CGCS2000 ellipsoid computed here with pyproj.
"""
import csv

import numpy as np
import pyproj
import pytest
import shapely
from openpyxl import Workbook, load_workbook
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from factories import densify_edges, reproject
from recording import RecordingFeedback

from multiplan.core.units import SQUARE_METRES_PER_MU

X0, Y0 = 39_560_000.0, 3_500_000.0
CRS = "EPSG:4527"
REL = 1e-8
_GEOD = pyproj.Geod(a=6378137.0, rf=298.257222101)
_TO_LONLAT = pyproj.Transformer.from_crs(CRS, "EPSG:4490", always_xy=True)
SHEET = "指标 Indicators"
VALUE, RESULT, TARGET = "数值\nValue", "判定\nResult", "目标值\nTarget"


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters, feedback=None):
    import processing

    return processing.run("multiplan:planning_indicators", parameters, feedback=feedback or RecordingFeedback())


def box(x0, x1):
    return shapely.box(X0 + x0, Y0, X0 + x1, Y0 + 100)


def geodesic(*geometries):
    """Geodesic m² of the union (edges densified to 1 m), independent of core."""
    total = 0.0
    for part in shapely.get_parts(shapely.union_all(list(geometries))):
        lonlat = shapely.transform(densify_edges(part, 1.0),
                                   lambda xy: np.column_stack(_TO_LONLAT.transform(xy[:, 0], xy[:, 1])))
        total += abs(_GEOD.geometry_area_perimeter(lonlat)[0])
    return total


PARCELS = [(box(0, 100), "0101", 0), (box(100, 200), "0301", 0), (box(200, 300), "070102", 1),
           (box(300, 350), "1701", 0), (box(350, 400), None, 1), (box(400, 450), "0703", 1)]
CULTIVATED, FOREST = geodesic(box(0, 100)), geodesic(box(100, 200))
CONSTRUCTION = geodesic(box(200, 300)) + geodesic(box(350, 450))  # 070102, the flagged NULL code, 0703
TOTAL = geodesic(box(0, 450))


@pytest.fixture
def layers(make_layer):
    """Sources, not layer objects (a run that raises must not hold layers: crash at exit)."""
    def layer(geometries, name, crs=CRS, **kw):
        return make_layer(geometries, crs=crs, gpkg_name=f"{name}.gpkg", name=name, **kw).source()

    return {
        "blueprint": layer([g for g, _, _ in PARCELS], "一张蓝图", fields={"YDYHDM": str, "JSYD": int},
                           attributes=[{"YDYHDM": code, "JSYD": flag} for _, code, flag in PARCELS]),
        "red": layer([reproject(box(100, 200), CRS, "EPSG:4490")], "STBHHX", crs="EPSG:4490"),
        "farm": layer([box(0, 80), box(40, 100)], "YJJBNTTB"),
        "udb": layer([box(200, 330)], "CZKFBJ"),
        "base": layer([box(200, 300)], "CZJSYD_2020"),
    }


def targets_csv(path, rows, encoding="gbk"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["指标", "指标名称", "目标值", "目标上限", "单位", "比较", "容差", "备注"])
        writer.writerows(rows)
    return str(path)


TARGETS = [("01", "耕地保有量", "14.99", "", "亩", ">=", "", "下达任务"),  # ≈ 15.00 亩: pass
           ("03", "生态保护红线面积", "2", "", "公顷", "不小于", "", ""),  # 1 ha: fail
           ("04", "城镇开发边界面积", "1.3", "", "公顷", "<=", "", ""),  # 1.2999 ha: pass
           ("6", "扩展倍数", "1.2", "", "倍", "≤", "", ""),  # ≈ 1.3, overrides the default limit: fail
           ("09", "人均建设用地", "90~150", "", "平方米/人", "", "", ""),  # ≈ 100 m²/人: pass
           ("林地占比", "", "20", "", "%", ">=", "", ""),  # 22.2 %: pass
           ("16", "陆地水域占比", "", "", "%", ">=", "", "待定"),  # no target
           ("17", "规划范围总面积", "4.5", "", "公顷", "=", "0.01", "")]  # 4.4996 ha ± 0.01: pass


def sheet_rows(path, name=SHEET):
    sheet = load_workbook(path)[name]
    headers = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
    return {sheet.cell(r, 1).value: dict(zip(headers, [sheet.cell(r, c).value for c in range(1, sheet.max_column + 1)]))
            for r in range(4, sheet.max_row + 1)}


def test_indicators_end_to_end_with_gbk_targets(layers, tmp_path):
    feedback = RecordingFeedback()
    result = run({"BLUEPRINT": layers["blueprint"], "ECOLOGICAL_REDLINE": layers["red"], "FARMLAND": layers["farm"],
                  "URBAN_BOUNDARY": layers["udb"], "BASE_CONSTRUCTION": layers["base"], "POPULATION": 200,
                  "TARGETS": targets_csv(tmp_path / "目标.csv", TARGETS), "REPORT": str(tmp_path / "指标.xlsx"),
                  "TABLE": str(tmp_path / "指标.csv")}, feedback)
    multiple = geodesic(box(200, 330)) / geodesic(box(200, 300))
    assert result["CULTIVATED_LAND_HA"] == pytest.approx(CULTIVATED / 1e4, rel=REL)
    assert result["BASIC_FARMLAND_HA"] == pytest.approx(geodesic(box(0, 100)) / 1e4, rel=REL)  # overlap once
    assert result["ECO_REDLINE_HA"] == pytest.approx(FOREST / 1e4, rel=1e-7)  # read in lon/lat, reprojected
    assert result["EXPANSION_MULTIPLE"] == pytest.approx(multiple, rel=REL)
    # JSYD = 1 without a 用地用海 code counts in construction land, 0703 only not in urban construction
    assert result["CONSTRUCTION_LAND_HA"] == pytest.approx(CONSTRUCTION / 1e4, rel=REL)
    assert result["URBAN_CONSTRUCTION_LAND_HA"] == pytest.approx(geodesic(box(200, 300)) / 1e4, rel=REL)
    assert result["CONSTRUCTION_PER_CAPITA_M2"] == pytest.approx(CONSTRUCTION / 200, rel=REL)
    assert result["URBAN_CONSTRUCTION_PER_CAPITA_M2"] is None
    assert result["FOREST_SHARE_PCT"] == pytest.approx(100 * FOREST / TOTAL, rel=REL)
    assert result["WATER_HA"] == pytest.approx(geodesic(box(300, 350)) / 1e4, rel=REL)
    assert result["TOTAL_AREA_HA"] == pytest.approx(TOTAL / 1e4, rel=REL)
    assert (result["PASS_COUNT"], result["FAIL_COUNT"], result["NOT_AVAILABLE_COUNT"]) == (5, 2, 1)
    assert result["NO_TARGET_COUNT"] == 17 - 8 and result["PASSED"] is False

    rows = sheet_rows(result["REPORT"])
    assert rows["01"]["单位\nUnit"] == "亩" and rows["01"][VALUE] == round(CULTIVATED / SQUARE_METRES_PER_MU, 2)
    assert rows["01"][RESULT] == "达标" and "下达任务" in rows["01"]["说明\nNote"]
    assert rows["01"]["面积（平方米）\nArea (m²)"] == pytest.approx(CULTIVATED, rel=REL)
    assert rows["03"][RESULT] == "未达标" and rows["03"][TARGET] == 2
    assert rows["06"][RESULT] == "未达标" and rows["06"][TARGET] == 1.2 and rows["06"][VALUE] == round(multiple, 4)
    assert rows["09"][RESULT] == "达标" and rows["09"]["目标上限\nTarget max"] == 150
    assert rows["10"][RESULT] == "无法计算" and "未提供规划城镇人口" in rows["10"]["说明\nNote"]
    assert rows["16"][RESULT] == "无目标" and rows["17"][RESULT] == "达标"
    assert "CGCS2000" in load_workbook(result["REPORT"])[SHEET].cell(2, 1).value  # the area note
    structure = sheet_rows(result["REPORT"], "用地结构 Land use")
    assert structure["合计 Total"]["面积（平方米）\nArea (m²)"] == pytest.approx(TOTAL, rel=REL)
    assert structure["—"]["图斑数\nFeatures"] == 1  # the NULL code
    with open(result["TABLE"], encoding="utf-8-sig") as handle:
        table = {row["序号 No."]: row for row in csv.DictReader(handle)}
    assert table["06"]["判定代码 Result code"] == "FAIL" and table["06"]["判定 Result"] == "未达标"
    assert float(table["17"]["面积（平方米） Area (m²)"]) == pytest.approx(TOTAL, rel=REL)
    assert any("1.2" in warning and "扩展倍数" in warning for warning in feedback.warnings)
    assert any("without a 用地用海 class" in warning for warning in feedback.warnings)
    assert any("pairs of its own features overlap" in warning for warning in feedback.warnings)


def test_default_expansion_limit_and_xlsx_targets(layers, tmp_path):
    base = {"BLUEPRINT": layers["blueprint"], "URBAN_BOUNDARY": layers["udb"], "BASE_CONSTRUCTION": layers["base"],
            "REPORT": str(tmp_path / "r.xlsx")}
    # ≈ 1.3 as shown (1.3000 ≤ 1.3) against the default limit; 1.25 fails
    assert run(base)["PASSED"] is True
    assert run({**base, "EXPANSION_LIMIT": 1.25})["FAIL_COUNT"] == 1
    assert run({**base, "EXPANSION_LIMIT": 0})["NO_TARGET_COUNT"] == 17 - 4  # 02, 03, 09, 10 not available
    workbook = Workbook()
    workbook.active.append(["indicator", "target", "target_max", "comparison"])
    workbook.active.append([6, 1.25, 1.35, "between"])  # a number: Excel dropped the leading zero
    workbook.save(tmp_path / "目标.xlsx")
    result = run({**base, "EXPANSION_LIMIT": 1.25, "TARGETS": str(tmp_path / "目标.xlsx")})
    assert (result["PASS_COUNT"], result["FAIL_COUNT"]) == (1, 0)


def test_three_survey_codes_are_harmonised(make_layer, tmp_path):
    survey = make_layer([box(0, 100), box(100, 200)], fields={"DLBM": str},
                        attributes=[{"DLBM": "0303"}, {"DLBM": "1101"}], gpkg_name="DLTB.gpkg", name="DLTB").source()
    result = run({"BLUEPRINT": survey, "CODE_FIELD": "DLBM", "STANDARD": 0, "REPORT": str(tmp_path / "r.xlsx")})
    assert result["WETLAND_HA"] == pytest.approx(geodesic(box(0, 100)) / 1e4, rel=REL)  # 红树林地 → 0507
    assert result["WATER_HA"] == pytest.approx(geodesic(box(100, 200)) / 1e4, rel=REL)


def test_bad_target_table_names_the_row(layers, tmp_path):
    path = targets_csv(tmp_path / "目标.csv", [("01", "", "100", "", "公顷", ">=", "", ""),
                                             ("耕地保有量x", "", "1", "", "", "", "", "")])
    with pytest.raises(QgsProcessingException, match=r"Cannot read the target table.*目标\.csv(.|\n)*row 3: "
                                                     r"unknown indicator '耕地保有量x'"):
        run({"BLUEPRINT": layers["blueprint"], "TARGETS": path, "REPORT": str(tmp_path / "r.xlsx")})
    assert not (tmp_path / "r.xlsx").exists()


def test_bad_code_table_is_refused(layers, tmp_path):
    path = tmp_path / "indicator_codes.csv"
    path.write_text("indicator,code,include\ncultivated_land,101,1\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="line 2: code '101' looks like a code that lost its leading zero"):
        run({"BLUEPRINT": layers["blueprint"], "INDICATOR_CODES": str(path), "REPORT": str(tmp_path / "r.xlsx")})


def test_layer_without_crs_is_refused(tmp_path):
    """A shapefile without .prj, the usual way data arrives without a CRS."""
    from osgeo import ogr

    path = tmp_path / "蓝图.shp"
    data_source = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = data_source.CreateLayer("蓝图", None, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("YDYHDM", ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("YDYHDM", "0101")
    feature.SetGeometry(ogr.CreateGeometryFromWkt(box(0, 100).wkt))
    layer.CreateFeature(feature)
    data_source = None  # noqa: F841 (closing writes the file)
    assert not path.with_suffix(".prj").exists()
    with pytest.raises(QgsProcessingException, match="has no coordinate reference system(.|\n)*EPSG:4527"):
        run({"BLUEPRINT": str(path), "REPORT": str(tmp_path / "r.xlsx")})


def test_empty_blueprint_is_refused_and_empty_lines_warned(make_layer, layers, tmp_path):
    empty = make_layer([], fields={"YDYHDM": str}, gpkg_name="empty.gpkg", name="empty").source()
    with pytest.raises(QgsProcessingException, match="“empty” has no features with a geometry"):
        run({"BLUEPRINT": empty, "REPORT": str(tmp_path / "r.xlsx")})
    feedback = RecordingFeedback()
    result = run({"BLUEPRINT": layers["blueprint"], "URBAN_BOUNDARY": layers["udb"], "BASE_CONSTRUCTION": empty,
                  "REPORT": str(tmp_path / "r.xlsx")}, feedback)
    assert result["BASE_CONSTRUCTION_HA"] == 0.0 and result["EXPANSION_MULTIPLE"] is None
    assert any("“empty” has no features with a geometry: its area is 0" in w for w in feedback.warnings)


def test_missing_code_field_is_refused(layers, tmp_path):
    with pytest.raises(QgsProcessingException, match="has no field “DLBM”"):
        run({"BLUEPRINT": layers["blueprint"], "CODE_FIELD": "DLBM", "REPORT": str(tmp_path / "r.xlsx")})


def test_a_cancelled_run_leaves_no_output(layers, tmp_path):
    class CancelAtHalf(QgsProcessingFeedback):
        def setProgress(self, progress):  # noqa: N802
            super().setProgress(progress)
            if progress >= 50:
                self.cancel()

    with pytest.raises(QgsProcessingException, match="cancelled"):
        run({"BLUEPRINT": layers["blueprint"], "FARMLAND": layers["farm"], "REPORT": str(tmp_path / "r.xlsx"),
             "TABLE": str(tmp_path / "t.csv")}, CancelAtHalf())
    assert list(tmp_path.glob("*r.xlsx*")) == [] and not (tmp_path / "t.csv").exists()


# --------------------------------------------------------------------------- language

def run_all(layers, tmp_path, feedback=None):
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return run({"BLUEPRINT": layers["blueprint"], "ECOLOGICAL_REDLINE": layers["red"], "FARMLAND": layers["farm"],
                "URBAN_BOUNDARY": layers["udb"], "BASE_CONSTRUCTION": layers["base"], "POPULATION": 200,
                "TARGETS": targets_csv(tmp_path / "目标.csv", TARGETS), "REPORT": str(out / "指标.xlsx"),
                "TABLE": str(out / "指标.csv")}, feedback)


def test_chinese_deliverables_have_no_english_and_no_paths(layers, tmp_path, monkeypatch):
    """Issue 16 §4: the workbook, the CSV (headers too) and the log are Chinese under a Chinese locale."""
    from deliverables import deliverable_problems, problems_in
    from log_lines import own_log_lines
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    feedback = RecordingFeedback()
    with chinese_ui():
        result = run_all(layers, tmp_path, feedback)
    assert deliverable_problems(tmp_path / "out", words=True) == []
    assert problems_in(own_log_lines(feedback), words=True) == []
    with open(result["TABLE"], encoding="utf-8-sig") as handle:
        rows = {row["序号"]: row for row in csv.DictReader(handle)}
    assert rows["06"]["判定"] == "未达标" and rows["06"]["单位"] == "倍" and "指标（英文）" not in rows["06"]
    assert load_workbook(result["REPORT"]).sheetnames == ["指标", "用地结构", "说明"]
    notes = [row["项目"] for row in sheet_rows(result["REPORT"], "说明").values()]
    assert notes  # every note Chinese (checked above), the target file named without its folder
    assert not any(str(tmp_path) in str(value) for row in sheet_rows(result["REPORT"], "说明").values()
                   for value in row.values())


def test_english_deliverables(layers, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    result = run_all(layers, tmp_path)
    with open(result["TABLE"], encoding="utf-8-sig") as handle:
        rows = {row["No."]: row for row in csv.DictReader(handle)}
    assert rows["06"]["Result"] == "fail" and rows["06"]["Unit"] == "×"
    assert rows["06"]["Indicator"] == "Urban boundary expansion multiple" and "Indicator (zh)" not in rows["06"]
    assert rows["02"]["Note"] == "area of the permanent basic farmland layer (its own overlaps counted once)"
    assert load_workbook(result["REPORT"]).sheetnames == ["Indicators", "Land use", "Notes"]
    indicators = sheet_rows(result["REPORT"], "Indicators")
    assert indicators["10"]["Result"] == "not available" and "no planned urban population given" in \
        indicators["10"]["Note"]
