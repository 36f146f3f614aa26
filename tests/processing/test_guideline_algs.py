"""The three 双评价 presets through Processing: planes of known slope, vectors burned on the fly."""
import math
from pathlib import Path

import numpy as np
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException
from rasters import read_raster, write_raster
from recording import RecordingFeedback

X0, Y0, CELL, N = 39_500_000.0, 3_500_000.0, 10.0, 20
TRANSFORM = (X0, CELL, 0.0, Y0, 0.0, -CELL)


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(name, parameters, feedback=None):
    import processing

    return processing.run(f"multiplan:{name}", parameters, feedback=feedback or RecordingFeedback())


def dem(tmp_path, degrees):
    x = (np.arange(N) + 0.5) * CELL
    return write_raster(tmp_path / "高程.tif", np.tile(x * math.tan(math.radians(degrees)), (N, 1)), TRANSFORM)


def outputs(tmp_path):
    return {"LEVELS": str(tmp_path / "levels.tif"), "OUTPUT": str(tmp_path / "classes.tif"),
            "REPORT": str(tmp_path / "评价.xlsx")}


def test_agricultural_with_water_admin_units_and_report(tmp_path, make_layer):
    water = write_raster(tmp_path / "水.tif", np.full((N, N), 4, dtype=np.uint8), TRANSFORM)
    admin = make_layer([shapely.box(X0, Y0 - 200, X0 + 100, Y0), shapely.box(X0 + 100, Y0 - 200, X0 + 200, Y0)],
                       fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": "01", "XZQMC": "甲"}, {"XZQDM": "02", "XZQMC": "乙"}],
                       gpkg_name="乡镇.gpkg", name="XZQ")
    feedback = RecordingFeedback()
    result = run("agricultural_suitability", {"DEM": dem(tmp_path, 4.0), "WATER": water, "CONTIGUITY": False,
                                              "ADMIN": admin.source(), **outputs(tmp_path)}, feedback)
    assert (read_raster(result["OUTPUT"]) == 2).all()  # land 2 × water 4 → level 3 → 一般适宜
    assert result["GENERAL_HA"] == pytest.approx(4.0, rel=1e-4) and result["SUITABLE_HA"] == 0.0
    assert any(line.startswith("Not applied: 土地资源 × 气候判断矩阵：未提供气候栅格 land × climate matrix: no climate "
                               "raster given") for line in feedback.infos)
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["分类面积", "分级面积", "分区统计", "评价步骤", "说明"]
    assert workbook["分区统计"].cell(4, 2).value == "甲" and workbook["分区统计"].cell(4, 6).value == 200


def test_urban_location_from_town_points_and_county_area(tmp_path, make_layer):
    county = make_layer([shapely.box(X0, Y0 - 100, X0 + 200, Y0)], gpkg_name="县.gpkg", name="XZQ")
    town = make_layer([shapely.box(X0, Y0 - 10, X0 + 10, Y0)], gpkg_name="城镇.gpkg", name="CZ")
    result = run("urban_suitability", {"DEM": dem(tmp_path, 5.0), "AREA": county.source(),
                                       "LOCATION_FEATURES": [town.source()], "CONTIGUITY": False,
                                       **outputs(tmp_path)})
    levels = read_raster(result["LEVELS"])
    # slope 5° → level 2; within 2 km of the town → location 1 → up 1 → level 1; outside the county: nodata
    assert (levels[:10] == 1).all() and np.isnan(levels[10:]).all()
    assert result["SUITABLE_HA"] == pytest.approx(2.0, rel=1e-4)


def test_edited_tables_folder_replaces_a_default(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "agricultural_slope.csv").write_text("min,max,level\n,10,5\n10,,1\n", encoding="utf-8")
    result = run("agricultural_suitability", {"DEM": dem(tmp_path, 4.0), "TABLES_FOLDER": str(folder),
                                              **outputs(tmp_path)})
    assert result["UNSUITABLE_HA"] == pytest.approx(4.0, rel=1e-4)
    notes = [row[0].value for row in load_workbook(result["REPORT"])["说明"].iter_rows(min_row=4)]
    assert "Table used: agricultural_slope.csv (edited copy from the tables folder)" in notes[0]
    assert notes[1].endswith("Table used: agricultural_rules.csv (the plugin's default)")
    assert not any(str(tmp_path) in note for note in notes)  # file names, not paths


def test_broken_table_is_a_clear_error_and_leaves_nothing(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "agricultural_rules.csv").write_text("group,condition,action,value,applies_to,note\n,x ~ 1,set,5,,\n",
                                                   encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="agricultural_rules.csv line 2"):
        run("agricultural_suitability", {"DEM": dem(tmp_path, 4.0), "TABLES_FOLDER": str(folder), **outputs(tmp_path)})
    assert not (tmp_path / "levels.tif").exists()


def test_ecology_with_protected_areas(tmp_path, make_layer):
    service = write_raster(tmp_path / "水源涵养.tif", np.full((N, N), 3, dtype=np.uint8), TRANSFORM)
    # the source only: a layer object alive while a run raises crashes QGIS at exit (see test_conflict_algs)
    reserve = make_layer([shapely.box(X0, Y0 - 50, X0 + 50, Y0)], gpkg_name="保护地.gpkg", name="ZRBHD").source()
    result = run("ecological_importance", {"SERVICES": [service], "PROTECTED": reserve, **outputs(tmp_path)})
    classes = read_raster(result["OUTPUT"])
    assert (classes[:5, :5] == 1).all() and (classes[5:, :] == 2).all()
    assert result["EXTREMELY_IMPORTANT_HA"] == pytest.approx(0.25, rel=1e-4)
    with pytest.raises(QgsProcessingException, match="at least one"):
        run("ecological_importance", outputs(tmp_path))


# --------------------------------------------------------------------------- language

def qml_labels(raster):
    import re
    from pathlib import Path

    return re.findall(r'label="([^"]*)"', Path(raster).with_suffix(".qml").read_text(encoding="utf-8"))


def run_agricultural(tmp_path, make_layer, feedback=None):
    """Water on the DEM's grid, soil pollution on a coarser one (aligned), ecology, admin units and
    contiguity: steps, skipped rules, alignment, patches and units all in the report."""
    water = write_raster(tmp_path / "水.tif", np.full((N, N), 4, dtype=np.uint8), TRANSFORM)
    pollution = write_raster(tmp_path / "土壤污染.tif", np.full((N // 2, N // 2), 3, dtype=np.uint8),
                             (X0, 2 * CELL, 0.0, Y0, 0.0, -2 * CELL))
    ecology = np.full((N, N), 3, dtype=np.uint8)
    ecology[:5] = 1
    admin = make_layer([shapely.box(X0, Y0 - 200, X0 + 100, Y0), shapely.box(X0 + 100, Y0 - 200, X0 + 200, Y0)],
                       fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": "01", "XZQMC": "甲"}, {"XZQDM": "02", "XZQMC": "乙"}],
                       gpkg_name="乡镇.gpkg", name="XZQ").source()
    out = tmp_path / "out"
    out.mkdir()
    return run("agricultural_suitability", {
        "DEM": dem(tmp_path, 4.0), "WATER": water, "SOIL_POLLUTION": pollution, "ADMIN": admin,
        "ECOLOGY": write_raster(tmp_path / "生态.tif", ecology, TRANSFORM), **outputs(out)}, feedback)


def test_chinese_deliverables_have_no_english_and_no_paths(tmp_path, make_layer, monkeypatch):
    """Issue 16 §4: workbook, legend labels and log in Chinese; tables named by file name."""
    from deliverables import deliverable_problems, problems_in
    from log_lines import own_log_lines
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    feedback = RecordingFeedback()
    with chinese_ui():
        result = run_agricultural(tmp_path, make_layer, feedback)
        service = write_raster(tmp_path / "水源涵养.tif", np.full((N, N), 3, dtype=np.uint8), TRANSFORM)
        ecology_out = tmp_path / "out" / "eco"
        ecology_out.mkdir()
        ecology = run("ecological_importance", {"SERVICES": [service], **outputs(ecology_out)}, feedback)
    assert deliverable_problems(tmp_path / "out", words=True) == []
    labels = [label for raster in (result["LEVELS"], result["OUTPUT"], ecology["LEVELS"], ecology["OUTPUT"])
              for label in qml_labels(raster)]
    assert problems_in([("qml", label) for label in labels], words=True) == []
    assert qml_labels(result["OUTPUT"]) == ["适宜", "一般适宜", "不适宜"]
    assert problems_in(own_log_lines(feedback), words=True) == []
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["分类面积", "分级面积", "分区统计", "评价步骤", "说明"]
    steps = [row[0].value for row in workbook["评价步骤"].iter_rows(min_row=4)]
    assert "规则：土壤污染 3 级：降 1 级" in steps and "未执行：土地资源 × 气候判断矩阵：未提供气候栅格" in steps


def test_english_deliverables(tmp_path, make_layer, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    result = run_agricultural(tmp_path, make_layer)
    assert qml_labels(result["OUTPUT"]) == ["suitable", "generally suitable", "unsuitable"]
    assert qml_labels(result["LEVELS"]) == ["high", "fairly high", "medium", "fairly low", "low"]
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["Area per class", "Area per grade", "By admin unit", "Steps", "Notes"]
    steps = [row[0].value for row in workbook["Steps"].iter_rows(min_row=4)]
    assert "rule: soil_pollution == 3: down 1 level(s)" in steps
    assert workbook["Area per class"].cell(1, 1).value == "Agricultural production suitability: area per class"


# -- issue 19 §1: geographic DEMs through Processing, with vector inputs burned on that grid --------

ARC_SECOND = 1.0 / 3600.0


def geographic_dem(tmp_path, rows=36, cols=48):
    y, x = np.mgrid[0:rows, 0:cols]
    z = 30.0 + 50.0 * np.exp(-(((x - 16) / 7.0) ** 2 + ((y - 18) / 6.0) ** 2))
    return write_raster(tmp_path / "dem_4490.tif", z, (114.0, ARC_SECOND, 0.0, 30.01, 0.0, -ARC_SECOND), epsg=4490)


@pytest.mark.parametrize("name", ["agricultural_suitability", "urban_suitability"])
def test_presets_run_on_a_geographic_dem_with_vector_inputs(tmp_path, make_layer, name):
    west = 114.0 + 10 * ARC_SECOND
    county = make_layer([shapely.box(114.0, 30.0, 114.0 + 48 * ARC_SECOND, 30.01)], crs="EPSG:4490",
                        gpkg_name="县.gpkg", name="XZQ")
    admin = make_layer([shapely.box(114.0, 30.0, west, 30.01), shapely.box(west, 30.0, 114.0 + 48 * ARC_SECOND, 30.01)],
                       crs="EPSG:4490", fields={"XZQDM": str, "XZQMC": str},
                       attributes=[{"XZQDM": "01", "XZQMC": "甲"}, {"XZQDM": "02", "XZQMC": "乙"}],
                       gpkg_name="乡镇.gpkg", name="XZQ_XZ")
    feedback = RecordingFeedback()
    result = run(name, {"DEM": geographic_dem(tmp_path), "AREA": county.source(), "ADMIN": admin.source(),
                        **outputs(tmp_path)}, feedback)
    levels = read_raster(result["LEVELS"])
    assert levels.shape == (36, 48) and np.isfinite(levels).all()
    area = result["SUITABLE_HA"] + result["GENERAL_HA"] + result["UNSUITABLE_HA"]
    import pyproj
    geod = pyproj.Geod(ellps="GRS80")
    expected = abs(geod.polygon_area_perimeter([114.0, 114.0 + 48 * ARC_SECOND, 114.0 + 48 * ARC_SECOND, 114.0],
                                               [30.0, 30.0, 30.01, 30.01])[0]) / 1e4
    assert area == pytest.approx(expected, rel=2e-3)
    assert not any("Traceback" in line for line in feedback.warnings + feedback.errors + feedback.infos)


@pytest.fixture(params=[False, True], ids=["gdal-exceptions-off", "gdal-exceptions-on-as-in-3.40"])
def gdal_exceptions(request):
    """GDAL's exception mode as QGIS 3.22 leaves it (off) and as 3.40's Processing sets it (on)."""
    from osgeo import gdal

    was = gdal.GetUseExceptions()
    (gdal.UseExceptions if request.param else gdal.DontUseExceptions)()
    yield request.param
    (gdal.UseExceptions if was else gdal.DontUseExceptions)()


@pytest.mark.parametrize("name", ["agricultural_suitability", "urban_suitability"])
def test_an_error_inside_the_block_evaluation_comes_out_as_itself_once(tmp_path, monkeypatch, name, gdal_exceptions):
    """An error raised while the DEM's blocks are evaluated reaches the user as that error, said
    once: not hidden by a second error of the clean-up (on QGIS 3.40, whose Processing turns GDAL
    exceptions on, deleting the never-written in-memory raster raised and hid it), not repeated per
    block or per thread."""
    from multiplan.core.suitability import guideline

    def broken(*args, **kwargs):
        raise ValueError("坡度计算失败（测试）")

    monkeypatch.setattr(guideline, "horn_slope", broken)
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException) as error:
        run(name, {"DEM": geographic_dem(tmp_path), **outputs(tmp_path)}, feedback)
    message = str(error.value)
    assert message.count("坡度计算失败（测试）") == 1 and "UnboundLocalError" not in message
    said = feedback.infos + feedback.warnings + feedback.errors
    assert sum(line.count("坡度计算失败（测试）") for line in said) <= 1
    assert not any("Traceback" in line for line in said)
    assert not any(Path(value).exists() for value in outputs(tmp_path).values())


def test_ecology_on_a_geographic_grid_measures_ellipsoidal_areas(tmp_path):
    """生态保护重要性 on 1″ cells in EPSG:4490: the west third 极重要, the rest 一般; each class's
    area is the geodesic area of its columns (a cell of 1″ is about 26.8 × 30.8 m at 30°N)."""
    import pyproj

    rows, cols = 36, 48
    levels = np.full((rows, cols), 5, dtype=np.uint8)
    levels[:, :16] = 1
    service = write_raster(tmp_path / "水源涵养_4490.tif", levels, (114.0, ARC_SECOND, 0.0, 30.01, 0.0, -ARC_SECOND),
                           epsg=4490)
    result = run("ecological_importance", {"SERVICES": [service], **outputs(tmp_path)})
    classes = read_raster(result["OUTPUT"])
    assert (classes[:, :16] == 1).all() and (classes[:, 16:] == 3).all()
    geod = pyproj.Geod(ellps="GRS80")

    def hectares(west, east):
        lons = [114.0 + west * ARC_SECOND, 114.0 + east * ARC_SECOND] * 2
        return abs(geod.polygon_area_perimeter([lons[0], lons[1], lons[1], lons[0]],
                                               [30.01 - rows * ARC_SECOND] * 2 + [30.01] * 2)[0]) / 1e4

    assert result["EXTREMELY_IMPORTANT_HA"] == pytest.approx(hectares(0, 16), rel=1e-6)
    assert result["ORDINARY_HA"] == pytest.approx(hectares(16, cols), rel=1e-6)
    assert result["IMPORTANT_HA"] == 0


# -- issue 19 §5: the polygons a consultant has ---------------------------------------------------

@pytest.mark.parametrize("name", ["agricultural_suitability", "urban_suitability"])
def test_water_bodies_and_ecology_polygons_are_excluded_and_missing_water_is_warned(tmp_path, make_layer, name):
    lake = make_layer([shapely.box(X0, Y0 - 100, X0 + 100, Y0)], gpkg_name="水域.gpkg", name="HP")
    red_line = make_layer([shapely.box(X0 + 100, Y0 - 50, X0 + 200, Y0)], gpkg_name="红线.gpkg", name="STBHHX")
    feedback = RecordingFeedback()
    result = run(name, {"DEM": dem(tmp_path, 2.0), "WATER_BODIES": lake.source(), "ECOLOGY_AREAS": red_line.source(),
                        "CONTIGUITY": False, **outputs(tmp_path)}, feedback)
    classes = read_raster(result["OUTPUT"])
    assert (classes[:10, :10] == 3).all()  # the lake: 不适宜
    assert (classes[:5, 10:] == 3).all()  # the red line: 不适宜
    assert (classes[10:, :] == 1).all() and (classes[5:, 10:] == 1).all()  # 2° elsewhere: 适宜
    assert result["UNSUITABLE_HA"] == pytest.approx(1.5, rel=1e-3)
    assert any("water bodies" in line and "admin" not in line for line in feedback.infos)
    assert not any("No water bodies" in w for w in feedback.warnings)
    bare = RecordingFeedback()
    run(name, {"DEM": dem(tmp_path, 2.0), "CONTIGUITY": False, "LEVELS": str(tmp_path / "b.tif"),
               "OUTPUT": str(tmp_path / "bc.tif"), "REPORT": str(tmp_path / "b.xlsx")}, bare)
    assert any("No water bodies" in w for w in bare.warnings)
    inputs_line = next(line for line in bare.infos if line.startswith("Inputs used:"))
    assert "elevation (DEM)" in inputs_line and "water" not in inputs_line and "admin" not in inputs_line
    # a 水资源 level raster grades the land's water supply: it marks no lake, so the warning stays
    supply = RecordingFeedback()
    run(name, {"DEM": dem(tmp_path, 2.0), "WATER": write_raster(tmp_path / "水资源.tif", np.full((N, N), 1, dtype=np.uint8),
                                                                TRANSFORM),
               "CONTIGUITY": False, "LEVELS": str(tmp_path / "w.tif"), "OUTPUT": str(tmp_path / "wc.tif"),
               "REPORT": str(tmp_path / "w.xlsx")}, supply)
    assert any("No water bodies" in w for w in supply.warnings)


def test_slope_and_relief_are_optional_styled_outputs(tmp_path):
    """Issue 19 §6: the slope the levels come from (and urban's 地形起伏度), styled when loaded."""
    from qgis.core import QgsRasterLayer

    result = run("urban_suitability", {"DEM": dem(tmp_path, 10.0), "CONTIGUITY": False, **outputs(tmp_path),
                                       "SLOPE": str(tmp_path / "坡度.tif"), "RELIEF": str(tmp_path / "起伏度.tif")})
    slope = read_raster(result["SLOPE"])
    assert slope.shape == (N, N) and np.allclose(slope, 10.0, atol=1e-3)  # a 10° plane
    relief = read_raster(result["RELIEF"])
    # 15 cells of 10 m (relief_window.csv under 30 m): 14 steps of 10·tan 10° inside, fewer at the edges
    assert np.nanmax(relief) == pytest.approx(14 * CELL * math.tan(math.radians(10.0)), rel=1e-4)
    for path in (result["SLOPE"], result["RELIEF"]):
        assert QgsRasterLayer(path, "x").renderer().type() == "singlebandpseudocolor"
    plain = run("agricultural_suitability", {"DEM": dem(tmp_path, 10.0), "CONTIGUITY": False,
                                             "LEVELS": str(tmp_path / "l2.tif"), "OUTPUT": str(tmp_path / "c2.tif"),
                                             "REPORT": str(tmp_path / "r2.xlsx")})
    assert "SLOPE" not in plain and not list(tmp_path.glob("*SLOPE*"))


def test_ecology_from_polygons_with_a_level_field(tmp_path, make_layer):
    """Issue 19 §5: water and mountain polygons with their levels, no hand rasterising; ground no
    polygon covers is 一般 (level 5)."""
    water = make_layer([shapely.box(X0, Y0 - 100, X0 + 50, Y0)], fields={"DJ": int}, attributes=[{"DJ": 1}],
                       gpkg_name="水源涵养.gpkg", name="SYHY")
    slope = make_layer([shapely.box(X0 + 100, Y0 - 200, X0 + 200, Y0)], fields={"DJ": int}, attributes=[{"DJ": 3}],
                       gpkg_name="水土流失.gpkg", name="STLS")
    result = run("ecological_importance", {"SERVICES": [water.source()], "SENSITIVITIES": [slope.source()],
                                           "CELL_SIZE": 10.0, **outputs(tmp_path)})
    levels, classes = read_raster(result["LEVELS"]), read_raster(result["OUTPUT"])
    assert levels.shape == (20, 20)
    assert (levels[:10, :5] == 1).all() and (classes[:10, :5] == 1).all()  # 极重要 in both rasters
    assert (levels[:, 10:] == 3).all() and (classes[:, 10:] == 2).all()
    assert (levels[10:, :10] == 5).all() and (classes[10:, :10] == 3).all()
    assert result["EXTREMELY_IMPORTANT_HA"] == pytest.approx(0.5, rel=1e-3)  # 50 × 100 m
    with pytest.raises(QgsProcessingException, match="no level field"):
        run("ecological_importance", {"SERVICES": [water.source()], "LEVEL_FIELD": "ZYXDJ", "CELL_SIZE": 10.0,
                                      **outputs(tmp_path / "x")})
