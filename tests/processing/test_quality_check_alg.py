"""multiplan:quality_check end to end on hand-built layers: error layer, Excel report, repairs."""
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import bowtie, square

X0, Y0 = 39_500_000, 3_500_000


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters):
    import processing

    return processing.run("multiplan:quality_check", parameters)


@pytest.fixture
def county(make_layer):
    """Two cells in a 300 × 100 m county, the west one 10 m too wide (a 1 000 m² overlap); a 15 m
    sliver against the east cell, in the 10 000 − 225 = 9 775 m² gap; a bow-tie; an unknown code."""
    cells = [shapely.box(X0, Y0, X0 + 110, Y0 + 100), square(100, X0 + 100, Y0), square(15, X0 + 200, Y0),
             bowtie(40, X0 + 2000, Y0)]
    layer = make_layer(cells, fields={"DLBM": str}, attributes=[{"DLBM": c} for c in ("0101", "0701", "0103", "9999")],
                       gpkg_name="地类图斑.gpkg", name="DLTB")
    boundary = make_layer([shapely.box(X0, Y0, X0 + 300, Y0 + 100)], gpkg_name="xzq.gpkg", name="XZQ")
    return layer, boundary


def problems_by_check(path):
    layer = QgsVectorLayer(str(path), "problems", "ogr")
    result = {}
    for feature in layer.getFeatures():
        result.setdefault(feature["CHECK"], []).append(feature)
    return result


def test_problems_layer_and_report(county, tmp_path):
    layer, boundary = county
    result = run({"INPUTS": [layer], "BOUNDARY": boundary, "OUTPUT": str(tmp_path / "问题.gpkg"),
                  "REPORT": str(tmp_path / "质检报告.xlsx")})
    found = problems_by_check(result["OUTPUT"])
    assert sorted(found) == ["gap", "invalid", "overlap", "sliver", "unknown_code"]
    assert [round(f["AREA_M2"]) for f in found["gap"]] == [9_775]
    assert [(f["FEATURE_ID"], f["OTHER_ID"], round(f["AREA_M2"])) for f in found["overlap"]] == [(1, 2, 1_000)]
    assert found["invalid"][0]["LAYER"] == "DLTB" and "Self-intersection" in found["invalid"][0]["MESSAGE"]
    assert found["sliver"][0]["CODE"] == "0103" and "400" in found["sliver"][0]["MESSAGE"]
    assert found["unknown_code"][0]["CODE"] == "9999"
    assert result["PROBLEM_COUNT"] == 5 and result["ERROR_COUNT"] == 4  # the sliver is a warning

    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames[0] == "汇总 Summary" and "图斑缝隙 Gap" in workbook.sheetnames
    gap_sheet = workbook["图斑缝隙 Gap"]
    assert gap_sheet["A4"].value == "DLTB" and round(gap_sheet["E4"].value) == 9_775  # area m² column
    assert gap_sheet["G4"].value == pytest.approx(14.6625, abs=0.001)  # 9 775 m² × 3/2000 亩


def test_repaired_copy_merges_sliver_and_fixes_bowtie_without_touching_input(county, tmp_path):
    layer, boundary = county
    before = [f.geometry().asWkt() for f in layer.getFeatures()]
    run({"INPUTS": [layer], "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx"),
         "REPAIRED_FOLDER": str(tmp_path / "修复")})
    repaired = QgsVectorLayer(str(tmp_path / "修复" / "DLTB_repaired.gpkg"), "r", "ogr")
    features = list(repaired.getFeatures())
    assert [f["DLBM"] for f in features] == ["0101", "0701", "9999"]  # the sliver went into a neighbour
    assert all(f.geometry().isGeosValid() for f in features)
    assert round(features[1].geometry().area()) == 10_225  # east cell + the 225 m² sliver
    assert [f.geometry().asWkt() for f in layer.getFeatures()] == before


def test_layer_outside_cgcs2000_is_reported_and_expected_crs_is_honoured(make_layer, tmp_path):
    wgs84 = make_layer([shapely.box(117.0, 31.6, 117.001, 31.601)], crs="EPSG:4326", name="wgs")
    result = run({"INPUTS": [wgs84], "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx"),
                  "STANDARD": 0})
    assert [f["MESSAGE"] for f in problems_by_check(result["OUTPUT"])["wrong_crs"]] == [
        "Layer CRS: WGS 84 (EPSG:4326), not CGCS2000"]
    zone39 = make_layer([square(100)], name="zone39")
    result = run({"INPUTS": [zone39], "OUTPUT": str(tmp_path / "q.gpkg"), "REPORT": str(tmp_path / "s.xlsx"),
                  "EXPECTED_CRS": "EPSG:4526", "STANDARD": 0})
    assert "instead of EPSG:4526" in problems_by_check(result["OUTPUT"])["wrong_crs"][0]["MESSAGE"]


def test_no_boundary_means_no_gap_check_and_clean_layer_has_no_problems(make_layer, tmp_path):
    clean = make_layer([square(100, X0), square(100, X0 + 200)], fields={"DLBM": str},
                       attributes=[{"DLBM": "0101"}, {"DLBM": "0301"}])
    result = run({"INPUTS": [clean], "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})
    assert result["PROBLEM_COUNT"] == 0
    summary = load_workbook(result["REPORT"])["汇总 Summary"]
    assert summary["D4"].value == 0  # every check listed with a zero count


def test_without_layers_is_a_clear_error(tmp_path):
    with pytest.raises(QgsProcessingException):
        run({"INPUTS": [], "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})
