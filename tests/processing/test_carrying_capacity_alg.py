"""multiplan:carrying_capacity on hand-built class rasters with exactly known cell counts.

Rasters: 4 × 5 cells of 10 m on EPSG:4527, top-left corner (X0, Y0); a cell's area is what core
gives it (ellipsoidal, read from Window.cell_area_m2). Admin units: 甲镇 covers columns 0-1 and
乙镇 columns 2-4 of the top two rows; the bottom two rows are in no unit.

    urban U              agricultural A       ecology E (1 = 极重要)
    1 1 1 2 2            2 2 1 1 1            1 0 0 1 0
    3 3 0 2 1            2 2 1 1 1            1 0 0 0 0
    3 0 0 0 3            1 1 1 1 1            0 0 0 0 0
    9 0 0 0 0            3 3 3 3 3            0 0 0 0 0

Urban: 4 suitable, 3 generally suitable, one invalid 9; outside 极重要 3 and 2 (甲镇 1 and 0,
乙镇 2 and 2). Agricultural outside 极重要: 10 suitable, 2 generally suitable (甲镇 0 and 2,
乙镇 5 and 0, in no unit 5 and 0).
"""
import numpy as np
import pandas as pd
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException

from factories import reproject
from rasters import write_raster
from recording import RecordingFeedback

from multiplan.core.suitability.raster_blocks import run_blocks
from multiplan.core.units import SQUARE_METRES_PER_MU

X0, Y0, CELL = 39_500_000.0, 3_500_000.0, 10.0
TRANSFORM = (X0, CELL, 0.0, Y0, 0.0, -CELL)
U = np.array([[1, 1, 1, 2, 2], [3, 3, 0, 2, 1], [3, 0, 0, 0, 3], [9, 0, 0, 0, 0]], dtype=np.uint8)
A = np.array([[2, 2, 1, 1, 1], [2, 2, 1, 1, 1], [1, 1, 1, 1, 1], [3, 3, 3, 3, 3]], dtype=np.uint8)
E = np.array([[1, 0, 0, 1, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], dtype=np.uint8)
UNITS = {"甲镇": shapely.box(X0, Y0 - 20, X0 + 20, Y0), "乙镇": shapely.box(X0 + 20, Y0 - 20, X0 + 50, Y0)}
REL = 1e-9
MAX_M2 = "城镇建设用地最大规模（平方米）\nMax. urban construction land (m²)"
MAX_MU = "耕地最大规模（亩）\nMax. cultivated land (mu)"


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters, feedback=None):
    import processing

    return processing.run("multiplan:carrying_capacity", parameters, feedback=feedback or RecordingFeedback())


@pytest.fixture
def rasters(tmp_path):
    return {"urban": write_raster(tmp_path / "城镇建设适宜性.tif", U, TRANSFORM, nodata=0),
            "agri": write_raster(tmp_path / "农业生产适宜性.tif", A, TRANSFORM, nodata=0),
            "ecology": write_raster(tmp_path / "生态保护重要性.tif", E, TRANSFORM, nodata=0)}


@pytest.fixture
def cell(rasters):
    """m² of one cell, as core measures it (one window covers these rasters)."""
    seen = []
    run_blocks({"raster": rasters["urban"]}, lambda arrays, window: seen.append(float(window.cell_area_m2())))
    assert len(seen) == 1 and seen[0] == pytest.approx(CELL * CELL, rel=1e-3)
    return seen[0]


def admin_source(make_layer, crs="EPSG:4527"):
    """The units as a GeoPackage source string (a run that raises must not hold layer objects)."""
    geometries = [g if crs == "EPSG:4527" else reproject(g, "EPSG:4527", crs) for g in UNITS.values()]
    layer = make_layer(geometries, crs=crs, fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": f"00{k + 1}", "XZQMC": name} for k, name in enumerate(UNITS)],
                       gpkg_name="乡镇.gpkg", name="XZQ")
    return layer.source()


def report(tmp_path):
    return {"REPORT": str(tmp_path / "承载规模.xlsx")}


def sheet_rows(path, name):
    """A report sheet as {first column: {header: value}} (headers in row 3, data from row 4)."""
    sheet = load_workbook(path)[name]
    headers = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
    rows = {}
    for r in range(4, sheet.max_row + 1):
        values = [sheet.cell(r, c).value for c in range(1, sheet.max_column + 1)]
        rows[values[1] if name.startswith("分区") else values[-1]] = dict(zip(headers, values))
    return rows


def approx(value):
    return pytest.approx(value, rel=REL)


def test_urban_only(rasters, cell, tmp_path):
    feedback = RecordingFeedback()
    result = run({"URBAN_SUITABILITY": rasters["urban"], **report(tmp_path)}, feedback)
    scale = (4 + 3 * 0.5) * cell
    assert result["MAX_CONSTRUCTION_M2"] == approx(scale)
    assert result["MAX_URBAN_POPULATION"] == approx(scale / 100.0)
    assert result["MAX_CULTIVATED_MU"] is None and result["GRAIN_POPULATION"] is None
    assert load_workbook(result["REPORT"]).sheetnames == ["承载规模 Capacity", "说明 Notes"]
    rows = sheet_rows(result["REPORT"], "承载规模 Capacity")
    assert rows["max_construction_m2"]["数值\nValue"] == pytest.approx(round(scale, 2))
    assert "max_cultivated_mu" not in rows
    assert any("1 cells hold values other than" in w for w in feedback.warnings)
    assert any("可承载城镇人口规模" in line for line in feedback.infos)


def test_both_with_ecology_settings_current_figures_and_csv(rasters, cell, tmp_path):
    csv = tmp_path / "承载规模.csv"
    feedback = RecordingFeedback()
    result = run({"URBAN_SUITABILITY": rasters["urban"], "AGRICULTURAL_SUITABILITY": rasters["agri"],
                  "ECOLOGICAL_IMPORTANCE": rasters["ecology"], "PER_CAPITA_CONSTRUCTION": 120.0,
                  "AGRI_GENERAL_SHARE": 0.25, "GRAIN_YIELD": 500.0, "CURRENT_POPULATION": 10.0,
                  "CURRENT_CULTIVATED_MU": 0.0, "TABLE": str(csv), **report(tmp_path)}, feedback)
    construction = (3 + 2 * 0.5) * cell
    cultivated_mu = (10 + 2 * 0.25) * cell / SQUARE_METRES_PER_MU
    assert result["MAX_CONSTRUCTION_M2"] == approx(construction)
    assert result["MAX_URBAN_POPULATION"] == approx(construction / 120.0)
    assert result["MAX_CULTIVATED_MU"] == approx(cultivated_mu)
    assert result["GRAIN_POPULATION"] == approx(cultivated_mu * 500.0 / 400.0)
    table = pd.read_csv(csv, encoding="utf-8-sig").set_index("代码 Key")
    assert table.loc["urban_excluded_ha", "数值 Value"] == approx(2 * cell / 10_000)
    assert table.loc["agri_excluded_ha", "数值 Value"] == approx(3 * cell / 10_000)
    assert table.loc["urban_population_ratio", "数值 Value"] == approx(10.0 / (construction / 120.0))
    assert table.loc["urban_population_ratio", "承载状态 Status"] == "超载"  # 10 people on 400 m² at 120 m² each
    assert "current_cultivated_mu" not in table.index  # 0 = not given
    assert any("超载" in w for w in feedback.warnings)
    assert result["TABLE"] == str(csv)


def test_per_admin_unit(rasters, cell, make_layer, tmp_path):
    result = run({"URBAN_SUITABILITY": rasters["urban"], "AGRICULTURAL_SUITABILITY": rasters["agri"],
                  "ECOLOGICAL_IMPORTANCE": rasters["ecology"], "ADMIN": admin_source(make_layer),
                  **report(tmp_path)})
    rows = sheet_rows(result["REPORT"], "分区 By admin unit")
    assert list(rows) == ["甲镇", "乙镇", "（未落入行政区）", None]  # the 合计 row has no name
    assert rows["甲镇"]["行政区代码\nAdmin code"] == "001"
    assert rows["甲镇"][MAX_M2] == approx(1 * cell) and rows["乙镇"][MAX_M2] == approx(3 * cell)
    assert rows["（未落入行政区）"][MAX_M2] == 0.0
    assert rows["甲镇"][MAX_MU] == approx(2 * 0.5 * cell / SQUARE_METRES_PER_MU)
    assert rows["乙镇"][MAX_MU] == approx(5 * cell / SQUARE_METRES_PER_MU)
    assert rows["（未落入行政区）"][MAX_MU] == approx(5 * cell / SQUARE_METRES_PER_MU)
    total = rows[None]
    assert total["行政区代码\nAdmin code"] == "合计 Total"
    assert total[MAX_M2] == approx(result["MAX_CONSTRUCTION_M2"])
    assert total[MAX_MU] == approx(result["MAX_CULTIVATED_MU"])


def test_two_features_with_one_code_are_one_unit(rasters, cell, make_layer, tmp_path):
    """A township drawn in two parts (its code on both, the name spelled twice): one row, its
    area the sum of both parts, and a warning saying so."""
    both = list(UNITS.values())
    units = make_layer(both, fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": "001", "XZQMC": "甲镇"}, {"XZQDM": "001", "XZQMC": "甲镇西片"}],
                       gpkg_name="乡镇两片.gpkg", name="XZQ").source()
    feedback = RecordingFeedback()
    merged = run({"URBAN_SUITABILITY": rasters["urban"], "AGRICULTURAL_SUITABILITY": rasters["agri"],
                  "ECOLOGICAL_IMPORTANCE": rasters["ecology"], "ADMIN": units, **report(tmp_path)}, feedback)
    rows = sheet_rows(merged["REPORT"], "分区 By admin unit")
    assert list(rows) == ["甲镇、甲镇西片", "（未落入行政区）", None]
    assert rows["甲镇、甲镇西片"][MAX_M2] == approx(4 * cell)  # 甲镇's 1 cell and 乙镇's 3, now one unit
    assert any("001" in line and "2" in line for line in feedback.warnings)


def test_admin_units_in_another_crs_and_a_missing_code_field(rasters, cell, make_layer, tmp_path):
    feedback = RecordingFeedback()
    result = run({"URBAN_SUITABILITY": rasters["urban"], "ADMIN": admin_source(make_layer, "EPSG:4490"),
                  "ADMIN_CODE_FIELD": "DM", **report(tmp_path)}, feedback)
    rows = sheet_rows(result["REPORT"], "分区 By admin unit")
    assert list(rows) == ["甲镇", "乙镇", None]  # no suitable land lies outside the units
    assert rows["甲镇"][MAX_M2] == approx(2 * cell)  # no ecology: both suitable cells count
    assert rows["乙镇"][MAX_M2] == approx(3.5 * cell)
    assert rows[None][MAX_M2] == approx(result["MAX_CONSTRUCTION_M2"])
    assert any("Reprojecting" in line for line in feedback.infos)
    assert any("2 units rasterised" in line for line in feedback.infos)
    assert any("no field “DM”" in w for w in feedback.warnings)
    assert rows["甲镇"]["行政区代码\nAdmin code"] == "1"  # without the code field: the feature id


def test_no_suitability_raster_is_a_clear_error(rasters, make_layer, tmp_path):
    with pytest.raises(QgsProcessingException, match="URBAN_SUITABILITY"):
        run({"ECOLOGICAL_IMPORTANCE": rasters["ecology"], "ADMIN": admin_source(make_layer), **report(tmp_path)})
    assert not (tmp_path / "承载规模.xlsx").exists()


def test_a_class_raster_without_crs_is_a_clear_error_and_writes_nothing(tmp_path):
    path = write_raster(tmp_path / "无坐标.tif", U, TRANSFORM, nodata=0)
    from osgeo import gdal

    dataset = gdal.Open(path, gdal.GA_Update)
    dataset.SetProjection("")
    dataset = None  # noqa: F841 (closing writes the change)
    with pytest.raises(QgsProcessingException, match="Cannot read the classes"):
        run({"URBAN_SUITABILITY": path, "TABLE": str(tmp_path / "t.csv"), **report(tmp_path)})
    assert not (tmp_path / "承载规模.xlsx").exists() and not (tmp_path / "t.csv").exists()


# --------------------------------------------------------------------------- language and identity

def run_all(rasters, make_layer, tmp_path, feedback=None):
    """Everything a report can say: both sides, ecology on another grid (aligned), units, current figures."""
    shifted = write_raster(tmp_path / "生态_5m.tif", np.repeat(np.repeat(E, 2, axis=0), 2, axis=1),
                           (X0, CELL / 2, 0.0, Y0, 0.0, -CELL / 2), nodata=0)
    out = tmp_path / "out"
    out.mkdir()
    return run({"URBAN_SUITABILITY": rasters["urban"], "AGRICULTURAL_SUITABILITY": rasters["agri"],
                "ECOLOGICAL_IMPORTANCE": shifted, "ADMIN": admin_source(make_layer), "CURRENT_POPULATION": 10.0,
                "CURRENT_CULTIVATED_MU": 1.0, "REPORT": str(out / "承载规模.xlsx"), "TABLE": str(out / "承载规模.csv")},
               feedback)


def test_chinese_deliverables_have_no_english_and_no_paths(rasters, make_layer, tmp_path, monkeypatch):
    """Issue 16 §4: workbook, CSV and log in Chinese; rasters named by file name, not path."""
    from deliverables import deliverable_problems, problems_in
    from log_lines import own_log_lines
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    feedback = RecordingFeedback()
    with chinese_ui():
        result = run_all(rasters, make_layer, tmp_path, feedback)
    assert deliverable_problems(tmp_path / "out", words=True) == []
    assert problems_in(own_log_lines(feedback), words=True) == []
    assert any("已按最邻近法实时对齐" in line for line in feedback.infos)
    notes = load_workbook(result["REPORT"])["说明"]
    values = [notes.cell(r, 2).value for r in range(4, notes.max_row + 1)]
    assert "城镇建设适宜性：城镇建设适宜性.tif" in values
    table = pd.read_csv(result["TABLE"], encoding="utf-8-sig")
    assert table.columns.tolist() == ["指标", "数值", "单位", "计算方法", "承载状态"]


def test_english_deliverables(rasters, make_layer, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    result = run_all(rasters, make_layer, tmp_path)
    table = pd.read_csv(result["TABLE"], encoding="utf-8-sig").set_index("Key")
    assert table.columns.tolist() == ["Indicator", "Value", "Unit", "Formula", "Status"]
    assert table.loc["urban_population_ratio", "Status"] == "overloaded"
    assert table.loc["max_urban_population", "Unit"] == "persons"
    assert table.loc["grain_capacity_t", "Formula"].startswith("maximum cultivated land (mu) × 400 kg/mu")
    assert load_workbook(result["REPORT"]).sheetnames == ["Capacity", "By admin unit", "Notes"]
    units = load_workbook(result["REPORT"])["By admin unit"]
    assert [units.cell(r, 2).value for r in range(4, units.max_row + 1)] == ["甲镇", "乙镇", "(outside every admin unit)",
                                                                            None]
    assert units.cell(units.max_row, 1).value == "Total"


@pytest.mark.parametrize("extension", [".gpkg", ".shp", ".geojson"])
def test_admin_units_without_a_code_are_numbered_from_1_in_every_format(rasters, make_layer, tmp_path, extension):
    """Issue 16 §4: the fid counts from 0 in shapefiles and GeoJSON, from 1 in GeoPackages."""
    from qgis.core import QgsVectorLayer

    from layer_formats import copy_layer

    units = copy_layer(QgsVectorLayer(admin_source(make_layer), "XZQ", "ogr"), tmp_path / f"units{extension}")
    result = run({"URBAN_SUITABILITY": rasters["urban"], "ADMIN": units, "ADMIN_CODE_FIELD": "",
                  **report(tmp_path)})
    rows = sheet_rows(result["REPORT"], "分区 By admin unit")
    assert [rows[name]["行政区代码\nAdmin code"] for name in ("甲镇", "乙镇")] == ["1", "2"]
