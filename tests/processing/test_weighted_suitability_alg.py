"""multiplan:weighted_suitability through Processing, on 4 × 4 rasters of 10 m cells whose scores are
known by hand (the same grid as tests/unit/suitability/test_weighted.py)."""
import json

import numpy as np
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsRasterLayer, QgsVectorLayer
from rasters import read_raster, write_raster
from recording import RecordingFeedback

X0, Y0, CELL = 39_500_000.0, 3_500_000.0, 10.0
TRANSFORM = (X0, CELL, 0.0, Y0, 0.0, -CELL)
SLOPE = np.array([[1, 1, 5, 5], [1, 1, 5, 5], [10, 10, 30, 30], [10, 10, 30, 30]], dtype=np.float32)
DISTANCE = np.array([[0, 100, 200, 300]] * 4, dtype=np.float32)
SLOPE_SCORE = np.array([[5, 5, 4, 4], [5, 5, 4, 4], [3, 3, 1, 1], [3, 3, 1, 1]], dtype=np.float64)
DISTANCE_SCORE = np.array([[1, 2 / 3, 1 / 3, 0]] * 4)
SLOPE_RANGES = "ranges: ..2:5; 2..6:4; 6..15:3; 15..25:2; 25..:1"


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters, feedback=None):
    import processing

    return processing.run("multiplan:weighted_suitability", parameters, feedback=feedback or RecordingFeedback())


@pytest.fixture
def rasters(tmp_path):
    return {"slope": write_raster(tmp_path / "坡度.tif", SLOPE, TRANSFORM),
            "distance": write_raster(tmp_path / "距离.tif", DISTANCE, TRANSFORM)}


def base(tmp_path, rasters, **extra):
    return {"FACTORS": [rasters["slope"], rasters["distance"]],
            "SCORING": ["坡度", SLOPE_RANGES, "0.75", "距离", "linear 300 0", "0.25"],
            "BREAKS": "2, 3.5", "SCORE": str(tmp_path / "score.tif"), "GRADED": str(tmp_path / "grade.tif"),
            "REPORT": str(tmp_path / "报告.xlsx"), **extra}


def test_weights_scores_grades_and_report(tmp_path, rasters, make_layer):
    admin = make_layer([shapely.box(X0, Y0 - 40, X0 + 20, Y0), shapely.box(X0 + 20, Y0 - 40, X0 + 40, Y0)],
                       fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": "1", "XZQMC": "西镇"}, {"XZQDM": "2", "XZQMC": "东镇"}],
                       gpkg_name="乡镇.gpkg", name="XZQ")
    result = run(base(tmp_path, rasters, ADMIN=admin.source(), AREA_TABLE=str(tmp_path / "areas.csv")))
    expected = 0.75 * SLOPE_SCORE + 0.25 * DISTANCE_SCORE
    np.testing.assert_allclose(read_raster(result["SCORE"]), expected, rtol=1e-6)
    np.testing.assert_array_equal(read_raster(result["GRADED"]),
                                  [[1, 1, 2, 2], [1, 1, 2, 2], [2, 2, 3, 3], [2, 2, 3, 3]])
    assert json.loads(result["WEIGHTS"]) == {"坡度": 0.75, "距离": 0.25}
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["因子权重", "分级面积", "分区统计", "说明"]
    grades = workbook["分级面积"]
    assert [grades.cell(row, 4).value for row in (4, 5, 6)] == [4, 8, 4]  # cells per grade
    assert grades.cell(4, 5).value == pytest.approx(400.0, rel=1e-6)  # 4 cells of ~100 m² (ellipsoidal)
    zones = workbook["分区统计"]
    assert zones.cell(4, 2).value == "西镇" and zones.cell(4, 6).value == 4  # 西镇: grade 1 = 4 cells
    csv = (tmp_path / "areas.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("行政区代码 Admin code,行政区名称 Admin unit,等级 Grade,等级名称 Grade name,"
                                          "英文名称 Name (English),栅格数 Cells,面积（平方米） Area (m²)") and "东镇" in csv
    layer = QgsRasterLayer(result["GRADED"], "grades")
    assert layer.renderer().type() == "paletted"  # the .qml written beside it
    score = QgsRasterLayer(result["SCORE"], "score")  # a continuous ramp over the scores' range (issue 19 §6)
    assert score.renderer().type() == "singlebandpseudocolor"
    shader = score.renderer().shader().rasterShaderFunction()
    values = read_raster(result["SCORE"])
    assert (shader.minimumValue(), shader.maximumValue()) == pytest.approx((np.nanmin(values), np.nanmax(values)),
                                                                           rel=1e-6)


def test_ahp_matrix_gives_the_weights(tmp_path, rasters):
    feedback = RecordingFeedback()
    result = run(base(tmp_path, rasters, SCORING=["1", SLOPE_RANGES, "", "2", "linear 300 0", ""],
                      AHP_MATRIX="1 3; 1/3 1"), feedback)
    assert json.loads(result["WEIGHTS"]) == pytest.approx({"坡度": 0.75, "距离": 0.25})
    assert result["CONSISTENCY_RATIO"] == 0.0
    assert any("λmax = 2.0000" in line for line in feedback.infos)
    np.testing.assert_allclose(read_raster(result["SCORE"]), 0.75 * SLOPE_SCORE + 0.25 * DISTANCE_SCORE, rtol=1e-6)
    # the judgement matrix itself is in the report, with the weights and λmax, CI, RI, CR (issue 19 §6)
    from openpyxl import load_workbook

    workbook = load_workbook(result["REPORT"])
    sheet = next(workbook[name] for name in workbook.sheetnames if name.startswith("判断矩阵"))
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4, max_row=5)]
    assert rows == [["坡度", "1", "3", pytest.approx(0.75)], ["距离", "1/3", "1", pytest.approx(0.25)]]
    texts = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    assert "CR = 0.0000" in texts and "λmax = 2.0000" in texts


def test_inconsistent_matrix_is_an_error_unless_accepted(tmp_path, rasters):
    third = write_raster(tmp_path / "third.tif", np.ones((4, 4), dtype=np.float32), TRANSFORM)
    parameters = base(tmp_path, rasters, FACTORS=[rasters["slope"], rasters["distance"], third],
                      SCORING=["1", SLOPE_RANGES, "", "2", "linear 300 0", ""],
                      AHP_MATRIX="1 9 1/9; 1/9 1 9; 9 1/9 1")
    with pytest.raises(QgsProcessingException, match="inconsistent: consistency ratio CR = .* exceeds 0.1"):
        run(parameters)
    assert not (tmp_path / "score.tif").exists()
    feedback = RecordingFeedback()
    result = run({**parameters, "ACCEPT_INCONSISTENT": True}, feedback)
    assert result["CONSISTENCY_RATIO"] > 0.1
    assert any("overridden" in line for line in feedback.warnings)


@pytest.mark.parametrize("matrix, message", [
    ("1 3; 1/2 1", "not reciprocal"),
    ("1 3 5; 1/3 1 2", "square"),
    ("1 x; 1 1", "cannot read"),
])
def test_bad_matrices_are_clear_errors(tmp_path, rasters, matrix, message):
    with pytest.raises(QgsProcessingException, match=message):
        run(base(tmp_path, rasters, AHP_MATRIX=matrix))


def test_weights_that_do_not_sum_to_one_are_normalised_and_said(tmp_path, rasters):
    feedback = RecordingFeedback()
    result = run(base(tmp_path, rasters, SCORING=["坡度", SLOPE_RANGES, "3", "距离", "linear 300 0", "1"]), feedback)
    assert json.loads(result["WEIGHTS"]) == {"坡度": 0.75, "距离": 0.25}
    assert any("summed to 4, not 1: they were normalised to 0.7500, 0.2500" in line for line in feedback.warnings)


@pytest.mark.parametrize("scoring, message", [
    (["土壤", "values", "1"], "not one of the factors: 坡度, 距离"),
    (["坡度", "ranges: 1-2:3", "1", "距离", "values", "1"], "Scoring of “坡度”: “1-2:3” is not a range"),
    (["坡度", SLOPE_RANGES, "1"], "missing: 距离"),
    (["坡度", SLOPE_RANGES, "abc"], "not a number"),
])
def test_bad_scoring_tables(tmp_path, rasters, scoring, message):
    with pytest.raises(QgsProcessingException, match=message):
        run(base(tmp_path, rasters, SCORING=scoring))


def test_constraint_polygon_vetoes_and_a_coarse_raster_is_aligned(tmp_path, rasters, make_layer):
    coarse = write_raster(tmp_path / "粗.tif", np.array([[2.0, 2.0], [2.0, 2.0]], dtype=np.float32),
                          (X0, 20.0, 0.0, Y0, 0.0, -20.0))
    red_line = make_layer([shapely.box(X0 + 30, Y0 - 40, X0 + 40, Y0)], gpkg_name="红线.gpkg", name="HX")
    feedback = RecordingFeedback()
    result = run(base(tmp_path, rasters, FACTORS=[rasters["slope"], rasters["distance"], coarse],
                      SCORING=["坡度", SLOPE_RANGES, "0.5", "距离", "linear 300 0", "0.25", "粗", "values", "0.25"],
                      CONSTRAINTS=[red_line.source()], BREAKS="1, 3"), feedback)
    # the alignment in the report language (both wordings: conftest asks for bilingual reports)
    assert any(line.startswith("Alignment: 因子“粗”：像元 20 × 20 ≠ 10 × 10") and "factor “粗”: cell 20 × 20 ≠ 10 × 10" in line
               for line in feedback.infos)
    scores = read_raster(result["SCORE"])
    assert (scores[:, 3] == 0).all()  # vetoed column
    assert scores[0, 0] == pytest.approx(0.5 * 5 + 0.25 * 1 + 0.25 * 2)
    assert (read_raster(result["GRADED"])[:, 3] == 3).all()


def test_vector_factors_need_a_cell_size(tmp_path, make_layer):
    # sources only: a layer object alive while a run raises crashes QGIS at exit (see test_conflict_algs)
    road = make_layer([shapely.box(X0, Y0 - 40, X0 + 10, Y0)], gpkg_name="道路.gpkg", name="DL").source()
    county = make_layer([shapely.box(X0, Y0 - 40, X0 + 40, Y0)], gpkg_name="县.gpkg", name="XZQ").source()
    parameters = {"FACTORS": [road, county],
                  "SCORING": ["DL", "distance ranges: ..0:5; 0..15:3; 15..:1", "0.5", "XZQ", "values", "0.5"],
                  "BREAKS": "1.5, 2.5", "SCORE": str(tmp_path / "s.tif"), "GRADED": str(tmp_path / "g.tif"),
                  "REPORT": str(tmp_path / "r.xlsx")}
    with pytest.raises(QgsProcessingException, match="give the cell size"):
        run(parameters)
    result = run({**parameters, "CELL_SIZE": 10.0})
    scores = read_raster(result["SCORE"])
    assert scores.shape == (4, 4)
    # road in column 0: distances 0, 10, 20, 30 → 5, 3, 1, 1; the county polygon is distance 0 → values 0
    np.testing.assert_allclose(scores[0], [2.5, 1.5, 0.5, 0.5])


def test_parcels_get_scores_and_grades(tmp_path, rasters, make_layer):
    parcels = make_layer([shapely.box(X0, Y0 - 20, X0 + 20, Y0), shapely.box(X0 + 20, Y0 - 40, X0 + 40, Y0 - 20),
                          shapely.box(X0 + 31, Y0 - 9, X0 + 33, Y0 - 7)],
                         fields={"DKBH": str}, attributes=[{"DKBH": "A"}, {"DKBH": "B"}, {"DKBH": "C"}],
                         gpkg_name="地块.gpkg", name="DK")
    result = run(base(tmp_path, rasters, PARCELS=parcels.source(), PARCELS_OUTPUT=str(tmp_path / "parcels.gpkg")))
    layer = QgsVectorLayer(result["PARCELS_OUTPUT"], "p", "ogr")
    rows = {f["DKBH"]: f for f in layer.getFeatures()}
    assert rows["A"]["PJDF"] == pytest.approx(0.75 * 5 + 0.25 * (1 + 2 / 3) / 2, rel=1e-5)
    assert (rows["A"]["DJ"], rows["A"]["DJMC"]) == (1, "适宜")
    assert rows["B"]["PJDF"] == pytest.approx(0.75 * 1 + 0.25 * (1 / 6), rel=1e-5) and rows["B"]["DJ"] == 3
    assert rows["C"]["S_坡度"] == pytest.approx(4.0) and rows["C"]["PJMJ"] == pytest.approx(100.0, rel=1e-4)
    assert rows["A"].geometry().area() == pytest.approx(400.0)  # geometry and attributes as given


def test_no_factor_is_an_error(tmp_path):
    with pytest.raises(QgsProcessingException):
        run({"FACTORS": [], "SCORE": str(tmp_path / "s.tif"), "GRADED": str(tmp_path / "g.tif"),
             "REPORT": str(tmp_path / "r.xlsx")})


def test_cells_outside_the_evaluation_area_are_nodata(tmp_path, rasters, make_layer):
    west = make_layer([shapely.box(X0, Y0 - 40, X0 + 20, Y0)], gpkg_name="县.gpkg", name="XZQ")
    result = run(base(tmp_path, rasters, AREA=west.source()))
    scores, grades = read_raster(result["SCORE"]), read_raster(result["GRADED"])
    assert np.isnan(scores[:, 2:]).all() and np.isnan(grades[:, 2:]).all() and not np.isnan(scores[:, :2]).any()


# --------------------------------------------------------------------------- language, identity, areas

def qml_labels(raster):
    import re
    from pathlib import Path

    return re.findall(r'label="([^"]*)"', Path(raster).with_suffix(".qml").read_text(encoding="utf-8"))


def run_everything(tmp_path, rasters, make_layer, feedback=None, **extra):
    """Weights by AHP, a coarse raster factor (aligned), a vector factor, a constraint, admin units,
    parcels, the area CSV: everything the report and the layers can say."""
    coarse = write_raster(tmp_path / "粗.tif", np.full((2, 2), 2.0, dtype=np.float32), (X0, 20.0, 0.0, Y0, 0.0, -20.0))
    road = make_layer([shapely.box(X0, Y0 - 40, X0 + 10, Y0)], gpkg_name="道路.gpkg", name="DL").source()
    red_line = make_layer([shapely.box(X0 + 30, Y0 - 40, X0 + 40, Y0)], gpkg_name="红线.gpkg", name="HX").source()
    admin = make_layer([shapely.box(X0, Y0 - 40, X0 + 20, Y0), shapely.box(X0 + 20, Y0 - 40, X0 + 40, Y0)],
                       fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": "1", "XZQMC": "西镇"}, {"XZQDM": "2", "XZQMC": "东镇"}],
                       gpkg_name="乡镇.gpkg", name="XZQ").source()
    parcels = make_layer([shapely.box(X0, Y0 - 20, X0 + 20, Y0), shapely.box(X0 + 20, Y0 - 40, X0 + 40, Y0 - 20)],
                         fields={"DKBH": str}, attributes=[{"DKBH": "甲"}, {"DKBH": "乙"}], gpkg_name="地块.gpkg",
                         name="DK").source()
    out = tmp_path / "out"
    out.mkdir()
    parameters = {"FACTORS": [rasters["slope"], rasters["distance"], coarse, road],
                  "SCORING": ["坡度", SLOPE_RANGES, "", "距离", "linear 300 0", "", "粗", "values", "",
                              "DL", "distance ranges: ..10:5; 10..:1", ""],
                  "AHP_MATRIX": "1 2 3 3; 1/2 1 2 2; 1/3 1/2 1 1; 1/3 1/2 1 1", "GRADES": 5,
                  "CONSTRAINTS": [red_line], "ADMIN": admin, "PARCELS": parcels,
                  "PARCELS_OUTPUT": str(out / "地块评价.gpkg"), "SCORE": str(out / "score.tif"),
                  "GRADED": str(out / "grade.tif"), "REPORT": str(out / "报告.xlsx"), "AREA_TABLE": str(out / "面积.csv"),
                  **extra}
    return run(parameters, feedback)


def test_chinese_deliverables_have_no_english_and_no_paths(tmp_path, rasters, make_layer, monkeypatch):
    """Issue 16 §4: workbook, CSV, legend labels, the parcels' text fields and the log in Chinese;
    the data named by file name, not by path."""
    from deliverables import deliverable_problems, problems_in
    from log_lines import own_log_lines
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    feedback = RecordingFeedback()
    with chinese_ui():
        result = run_everything(tmp_path, rasters, make_layer, feedback)
    assert deliverable_problems(tmp_path / "out", words=True) == []
    assert problems_in([("qml", label) for label in qml_labels(result["GRADED"])], words=True) == []
    assert qml_labels(result["GRADED"]) == ["高", "较高", "中等", "较低", "低"]
    assert problems_in(own_log_lines(feedback), words=True) == []
    weights = load_workbook(result["REPORT"])["因子权重"]
    assert [weights.cell(r, 2).value for r in range(4, 8)] == ["坡度.tif", "距离.tif", "粗.tif", "道路.gpkg|DL"]
    assert weights.cell(4, 3).value.startswith("分段赋分: ..2:5")
    rows = {f["DKBH"]: f for f in QgsVectorLayer(result["PARCELS_OUTPUT"], "p", "ogr").getFeatures()}
    assert rows["甲"]["DJMC"] in ("高", "较高", "中等", "较低", "低")


def test_english_deliverables(tmp_path, rasters, make_layer, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    result = run_everything(tmp_path, rasters, make_layer)
    assert qml_labels(result["GRADED"]) == ["high", "fairly high", "medium", "fairly low", "low"]
    header = (tmp_path / "out" / "面积.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Admin code,Admin unit,Grade,Grade name,Cells,Area (m²),Area (ha),Area (mu),Share"
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["Factors and weights", "AHP matrix", "Area per grade", "By admin unit", "Notes"]
    assert workbook["Factors and weights"].cell(4, 3).value == SLOPE_RANGES
    rows = {f["DKBH"]: f for f in QgsVectorLayer(result["PARCELS_OUTPUT"], "p", "ogr").getFeatures()}
    assert rows["甲"]["DJMC"] in ("high", "fairly high", "medium", "fairly low", "low")


@pytest.mark.parametrize("extension", [".gpkg", ".shp", ".geojson"])
def test_parcels_without_a_score_are_named_the_same_in_every_format(tmp_path, rasters, make_layer, extension):
    """Issue 16 §4: parcels are named by their number from 1 whatever the format (not the fid)."""
    from layer_formats import copy_layer

    parcels = make_layer([shapely.box(X0, Y0 - 20, X0 + 20, Y0), shapely.box(X0 + 500, Y0 - 20, X0 + 520, Y0),
                          shapely.box(X0 + 20, Y0 - 40, X0 + 40, Y0 - 20), shapely.box(X0 + 600, Y0, X0 + 620, Y0 + 20)],
                         fields={"DKMC": str}, attributes=[{"DKMC": n} for n in "abcd"], gpkg_name="地块.gpkg",
                         name="DK")
    source = copy_layer(parcels, tmp_path / f"parcels{extension}")
    feedback = RecordingFeedback()
    run(base(tmp_path, rasters, PARCELS=source, PARCELS_OUTPUT=str(tmp_path / "out.gpkg")), feedback)
    assert any(w.startswith("2 parcels have no score") and ": 2, 4 (number in the layer)" in w
               for w in feedback.warnings)


def test_parcel_area_has_two_decimals(tmp_path, rasters, make_layer):
    """Issue 16 §2: m² to 2 decimals in the parcels' layer (declared so in a shapefile)."""
    parcels = make_layer([shapely.box(X0 + 1.234, Y0 - 20, X0 + 20, Y0)], fields={"DKBH": str},
                         attributes=[{"DKBH": "A"}], gpkg_name="地块.gpkg", name="DK")
    result = run(base(tmp_path, rasters, PARCELS=parcels.source(), PARCELS_OUTPUT=str(tmp_path / "p.shp")))
    layer = QgsVectorLayer(result["PARCELS_OUTPUT"], "p", "ogr")
    assert layer.fields().field("PJMJ").precision() == 2
    (row,) = layer.getFeatures()
    assert row["PJMJ"] == round(row["PJMJ"], 2) and row["PJMJ"] > 0
