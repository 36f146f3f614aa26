"""multiplan:site_selection end to end on hand-built layers and 10 m rasters whose factor values,
scores and areas are known by hand.

Layout (metres from X0, Y0; EPSG:4527):

* candidates C1 0..100 × 0..100 (the red line covers its west half), C2 300..360 × 0..60, C3
  600..620 × 0..20 (400 m² = 0.6 亩, below the 1 亩 minimum), C4 450..500 × 0..50 on basic farmland;
* a road along y = −100, a town at (330, 400);
* suitability raster over 0..700 × 0..100: 0.8 west of x = 200, 0.4 east of it;
* DEM: a plane rising 1 m per 10 m eastwards (slope atan 0.1 = 5.71° everywhere).
"""
import math

import numpy as np
import pytest
import shapely
from openpyxl import load_workbook
from osgeo import ogr, osr
from qgis.core import NULL, QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from factories import geodesic_area
from rasters import write_raster
from recording import RecordingFeedback

X0, Y0 = 39_500_000.0, 3_500_000.0
CELL = 10.0
CRS = "EPSG:4527"


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters, feedback=None):
    import processing

    return processing.run("multiplan:site_selection", parameters, feedback=feedback or RecordingFeedback())


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def geodesic(geometry):
    return geodesic_area([geometry], CRS)


def ogr_layer(path, name, geometries, geometry_type):
    """A line or point GeoPackage layer written with OGR; returns its source string."""
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = source.CreateLayer(name, srs, geometry_type)
    for geometry in geometries:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt(geometry.wkt))
        layer.CreateFeature(feature)
    source = None
    return f"{path}|layername={name}"


def features(path):
    layer = QgsVectorLayer(str(path), "out", "ogr")
    assert layer.isValid()
    return sorted(layer.getFeatures(), key=lambda f: f["PM"])


CANDIDATES = {"C1": box(0, 0, 100, 100), "C2": box(300, 0, 360, 60), "C3": box(600, 0, 620, 20),
              "C4": box(450, 0, 500, 50)}
TOWN = shapely.Point(X0 + 330, Y0 + 400)


@pytest.fixture
def county(tmp_path, make_layer):
    candidates = make_layer(list(CANDIDATES.values()), fields={"DKBH": str},
                            attributes=[{"DKBH": key} for key in CANDIDATES], gpkg_name="候选.gpkg", name="HXDK")
    red = make_layer([box(-50, -50, 50, 150)], gpkg_name="红线.gpkg", name="STBHHX")
    farm = make_layer([box(440, -10, 510, 60)], gpkg_name="农田.gpkg", name="YJJBNTTB")
    roads = ogr_layer(tmp_path / "道路.gpkg", "DL", [shapely.LineString([(X0 - 200, Y0 - 100), (X0 + 900, Y0 - 100)])],
                      ogr.wkbLineString)
    towns = ogr_layer(tmp_path / "城镇.gpkg", "CZ", [TOWN], ogr.wkbPoint)
    suitability = np.where(np.arange(70) < 20, 0.8, 0.4).astype(np.float32)[None, :].repeat(10, axis=0)
    dem = (np.arange(72, dtype=np.float32) * 1.0)[None, :].repeat(14, axis=0)
    return {"CANDIDATES": candidates.source(), "ECOLOGICAL_REDLINE": red.source(), "FARMLAND": farm.source(),
            "ROADS": roads, "TOWNS": towns,
            "SUITABILITY": write_raster(tmp_path / "适宜性.tif", suitability, (X0, CELL, 0, Y0 + 100, 0, -CELL)),
            "DEM": write_raster(tmp_path / "dem.tif", dem, (X0 - 10, CELL, 0, Y0 + 120, 0, -CELL))}


def outputs(tmp_path):
    return {"OUTPUT": str(tmp_path / "选址.gpkg"), "REPORT": str(tmp_path / "选址.xlsx")}


def expected_total(suitability, road, town, slope, compactness, weights=(0.4, 0.2, 0.2, 0.1, 0.1)):
    scores = (100 * suitability, 100 * (1 - road / 3000), 100 * (1 - town / 10000), 100 * (1 - slope / 25),
              100 * compactness)
    return sum(w * s for w, s in zip(weights, scores))


SLOPE = math.degrees(math.atan(0.1))


def test_candidates_are_cut_ranked_and_explained(county, tmp_path):
    feedback = RecordingFeedback()
    result = run({**county, "CANDIDATE_ID_FIELD": "DKBH", "PROJECT_TYPE": 1, "MIN_AREA": 1.0,
                  "SUITABILITY_MIN": 0.0, "SUITABILITY_MAX": 1.0, **outputs(tmp_path)}, feedback)
    sites = features(result["OUTPUT"])
    assert [f["XZBH"] for f in sites] == ["C1", "C2"] and [f["PM"] for f in sites] == [1, 2]
    half = box(50, 0, 100, 100)
    assert sites[0]["MJ"] == pytest.approx(geodesic(half), abs=0.01)
    assert sites[0]["MJMU"] == round(geodesic(half) * 3 / 2000, 2)  # 亩 to 2 decimals
    assert sites[0]["YSMJ"] == pytest.approx(geodesic(CANDIDATES["C1"]), abs=0.01)
    c1_town = math.hypot(330 - 100, 400 - 100)
    assert sites[0]["DLJL"] == pytest.approx(100.0) and sites[0]["CZJL"] == pytest.approx(c1_town, abs=0.005)
    assert sites[0]["SYX"] == pytest.approx(0.8, rel=1e-6) and sites[1]["SYX"] == pytest.approx(0.4, rel=1e-6)
    assert sites[0]["PD"] == pytest.approx(SLOPE, rel=1e-5)
    assert sites[0]["JCD"] == pytest.approx(4 * math.pi * 5000 / 300 ** 2, abs=5e-5)  # 4 decimals
    assert sites[0]["ZDF"] == pytest.approx(expected_total(0.8, 100, c1_town, SLOPE, 4 * math.pi * 5000 / 300 ** 2),
                                            abs=0.006)
    assert sites[1]["ZDF"] == pytest.approx(expected_total(0.4, 100, 340, SLOPE, math.pi / 4), abs=0.006)
    assert sites[0]["YY"].startswith("适宜性 0.8 → 80 (0.40) · 距道路 100 m → 97 (0.20) · 距城镇 378 m → 96 (0.20)")
    assert "坡度 5.7° → 77 (0.10)" in sites[0]["YY"] and "road 100 m → 97 (0.20)" in sites[0]["YYEN"]
    assert result["SITE_COUNT"] == 2 and result["DROPPED_COUNT"] == 2  # C3 too small, C4 on farmland
    # names in log lines are in the report language: both wordings here (conftest: bilingual)
    assert any("Dropped, 全部位于永久基本农田内 wholly on permanent basic farmland: 1 候选地块 candidates" in line
               for line in feedback.infos)
    assert any("Dropped, 可用面积小于下限 usable area below the minimum: 1 地块 pieces" in line for line in feedback.infos)
    assert any(line.startswith("Rank 1: C1") for line in feedback.infos)
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["选址排序", "剔除统计", "说明"]
    ranked = workbook["选址排序"]
    assert [ranked.cell(row, 2).value for row in (4, 5)] == ["C1", "C2"]
    assert ranked.cell(6, 1).value == "合计 Total"


def test_weights_of_missing_data_are_left_out_and_normalised(county, tmp_path):
    feedback = RecordingFeedback()
    parameters = {key: county[key] for key in ("CANDIDATES", "ROADS")}
    result = run({**parameters, "CANDIDATE_ID_FIELD": "DKBH", "PROJECT_TYPE": 1, "WEIGHTS": "road=3;适宜性=5;紧凑度=1",
                  **outputs(tmp_path)}, feedback)
    assert any("left out" in w and "suitability" in w for w in feedback.warnings)
    assert any("Weights normalised to sum 1 over the factors used: 距道路 0.7500，紧凑度 0.2500 road 0.7500, "
               "compactness 0.2500" in line for line in feedback.infos)
    sites = {f["XZBH"]: f for f in features(result["OUTPUT"])}
    assert sites["C3"]["ZDF"] == pytest.approx(0.75 * 100 * (1 - 100 / 3000) + 0.25 * 100 * math.pi / 4, abs=0.006)
    assert sites["C1"]["SYX"] == NULL and sites["C1"]["SYX_DF"] == NULL  # not computed
    assert len(sites) == 4


def test_urban_sites_are_clipped_to_the_boundary_and_a_missing_boundary_is_reported(county, make_layer, tmp_path):
    boundary = make_layer([box(-10, 30, 400, 200)], gpkg_name="开发边界.gpkg", name="CZKFBJ")
    base = {"CANDIDATE_ID_FIELD": "DKBH", **{key: county[key] for key in ("CANDIDATES", "ECOLOGICAL_REDLINE")}}
    result = run({**base, "URBAN_BOUNDARY": boundary.source(), "PROJECT_TYPE": 0, **outputs(tmp_path)})
    sites = {f["XZBH"]: f for f in features(result["OUTPUT"])}
    assert sorted(sites) == ["C1", "C2"]
    assert sites["C1"]["MJ"] == pytest.approx(geodesic(box(50, 30, 100, 100)), abs=0.01)
    assert sites["C2"]["MJ"] == pytest.approx(geodesic(box(300, 30, 360, 60)), abs=0.01)
    feedback = RecordingFeedback()
    other = tmp_path / "other"
    other.mkdir()
    run({**base, "PROJECT_TYPE": 0, **outputs(other)}, feedback)
    assert any("none was given (URBAN_BOUNDARY)" in w for w in feedback.warnings)


def test_free_land_parcels_are_merged_where_they_touch(make_layer, tmp_path):
    parcels = [box(0, 0, 100, 100), box(100, 0, 200, 100), box(0, 200, 100, 300), box(500, 0, 550, 50)]
    land = make_layer(parcels, fields={"BSM": int, "DLBM": str},
                      attributes=[{"BSM": 11, "DLBM": "1206"}, {"BSM": 12, "DLBM": "1201"},
                                  {"BSM": 13, "DLBM": "0101"}, {"BSM": 14, "DLBM": "1206"}],
                      gpkg_name="地类图斑.gpkg", name="DLTB")
    result = run({"FREE_LAND": land.source(), "PROJECT_TYPE": 2, "WEIGHTS": "compactness=1", **outputs(tmp_path)})
    sites = features(result["OUTPUT"])
    assert [f["LYBH"] for f in sites] == ["14", "11,12"]  # the square is more compact than the 200 × 100 m patch
    assert sites[1]["MJ"] == pytest.approx(geodesic(box(0, 0, 200, 100)), abs=0.01)
    assert sites[1]["LX"] == "空闲地“DLTB”"  # a layer's labels are Chinese in bilingual runs
    # codes as written: only 1206
    other = tmp_path / "raw"
    other.mkdir()
    result = run({"FREE_LAND": land.source(), "FREE_STANDARD": 4, "FREE_CODES": "1206", "PROJECT_TYPE": 2,
                  **outputs(other)})
    assert sorted(f["LYBH"] for f in features(result["OUTPUT"])) == ["11", "14"]


def test_candidates_from_suitability_patches(tmp_path):
    values = np.zeros((10, 20), dtype=np.float32)
    values[1:4, 1:4] = 0.9  # 9 cells = 900 m²
    values[6:8, 10:18] = 0.7  # 16 cells = 1600 m²
    values[9, 19] = 0.8  # 1 cell, below the minimum
    path = write_raster(tmp_path / "score.tif", values, (X0, CELL, 0, Y0, 0, -CELL))
    feedback = RecordingFeedback()
    result = run({"SUITABILITY": path, "GENERATE_THRESHOLD": 0.6, "PROJECT_TYPE": 3, "MIN_AREA": 1.0,
                  "WEIGHTS": "suitability=1", **outputs(tmp_path)}, feedback)
    sites = features(result["OUTPUT"])
    assert [f["SYX_DF"] for f in sites] == pytest.approx([100.0, 100 * 0.7 / 0.9], abs=0.006)  # range 0..0.9
    assert sorted(round(f["MJ"]) for f in sites) == [900, 1600]
    assert any("cells ≥ 0.6 form 3 patches" in line for line in feedback.infos)


@pytest.mark.parametrize("parameters, message", [
    ({}, "No candidate sites"),
    ({"WEIGHTS": "road=0.5;beauty=0.5"}, "unknown factor “beauty”"),
    ({"WEIGHTS": "road=lots"}, "not a number"),
    ({"MIN_AREA": 5.0, "MAX_AREA": 2.0}, "below the minimum"),
])
def test_errors_say_what_to_fix(county, tmp_path, parameters, message):
    base = {"CANDIDATES": county["CANDIDATES"]} if parameters else {}
    with pytest.raises(QgsProcessingException, match=message):
        run({**base, **parameters, **outputs(tmp_path)})


def test_two_candidate_sources_or_a_raster_without_threshold_are_errors(county, tmp_path):
    with pytest.raises(QgsProcessingException, match="not both"):
        run({"CANDIDATES": county["CANDIDATES"], "FREE_LAND": county["CANDIDATES"], **outputs(tmp_path)})
    with pytest.raises(QgsProcessingException, match="GENERATE_THRESHOLD"):
        run({"SUITABILITY": county["SUITABILITY"], **outputs(tmp_path)})
    with pytest.raises(QgsProcessingException, match="no field “DLBM”"):
        run({"FREE_LAND": county["CANDIDATES"], **outputs(tmp_path)})


def test_a_cancelled_run_leaves_no_output(county, tmp_path):
    class CancelLate(QgsProcessingFeedback):
        def setProgress(self, progress):  # noqa: N802
            super().setProgress(progress)
            if progress >= 60:
                self.cancel()

    with pytest.raises(QgsProcessingException, match="cancelled"):
        run({**county, "PROJECT_TYPE": 1, **outputs(tmp_path)}, CancelLate())
    assert not (tmp_path / "选址.gpkg").exists() and not (tmp_path / "选址.xlsx").exists()


# --------------------------------------------------------------------------- areas, language, identity

@pytest.mark.parametrize("extension", [".gpkg", ".shp"])
def test_area_fields_have_the_office_decimals(county, tmp_path, extension):
    """Issue 16 §2: m² to 2 decimals, 公顷 to 4, 亩 to 2 (declared so where the format keeps it)."""
    result = run({**county, "CANDIDATE_ID_FIELD": "DKBH", "PROJECT_TYPE": 1,
                  "OUTPUT": str(tmp_path / f"sites{extension}"), "REPORT": str(tmp_path / "r.xlsx")})
    sites = features(result["OUTPUT"])
    assert sites
    for site in sites:
        assert site["MJ"] == round(site["MJ"], 2) and site["MJGQ"] == round(site["MJGQ"], 4)
        assert site["MJMU"] == round(site["MJMU"], 2) and site["YSMJ"] == round(site["YSMJ"], 2)
        assert site["MJMU"] == pytest.approx(site["MJ"] * 3 / 2000, abs=0.005)
    if extension == ".shp":  # a GeoPackage REAL has no declared precision
        fields = QgsVectorLayer(result["OUTPUT"], "out", "ogr").fields()
        assert {name: fields.field(name).precision() for name in ("MJ", "MJGQ", "MJMU", "YSMJ")} == \
            {"MJ": 2, "MJGQ": 4, "MJMU": 2, "YSMJ": 2}


def test_chinese_deliverables_have_no_english_and_no_paths(county, tmp_path, monkeypatch):
    """Issue 16 §4: layer text fields, workbook and log in Chinese under a Chinese locale."""
    from deliverables import deliverable_problems, problems_in
    from log_lines import own_log_lines
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    out = tmp_path / "out"
    out.mkdir()
    feedback = RecordingFeedback()
    with chinese_ui():
        result = run({**county, "PROJECT_TYPE": 0, "MIN_AREA": 1.0, "RIVERS": county["ROADS"], "RIVER_BUFFER": 5.0,
                      "WEIGHTS": "suitability=0.4;road=0.2;town=0.2;slope=0.1;compactness=0.1;", **outputs(out)},
                     feedback)
    assert deliverable_problems(out, words=True) == []
    assert problems_in(own_log_lines(feedback), words=True) == []
    sites = features(result["OUTPUT"])
    assert sites and all(site["YYEN"] == NULL for site in sites) and sites[0]["LX"] == "候选地块“HXDK”"
    assert load_workbook(result["REPORT"]).sheetnames == ["选址排序", "剔除统计", "说明"]


def test_english_deliverables(county, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    result = run({**county, "CANDIDATE_ID_FIELD": "DKBH", "PROJECT_TYPE": 1, "MIN_AREA": 1.0, **outputs(tmp_path)})
    sites = features(result["OUTPUT"])
    assert sites[0]["YY"].startswith("suitability ") and sites[0]["YY"] == sites[0]["YYEN"]
    assert sites[0]["LX"] == "candidate parcels “HXDK”" and sites[0]["MJFF"] == "ellipsoidal, CGCS2000 ellipsoid"
    workbook = load_workbook(result["REPORT"])
    assert workbook.sheetnames == ["Ranked sites", "Dropped", "Notes"]
    dropped = workbook["Dropped"]
    assert dropped.cell(3, 1).value == "Reason dropped"
    assert "wholly on permanent basic farmland" in [dropped.cell(r, 1).value for r in range(4, dropped.max_row + 1)]


@pytest.mark.parametrize("extension", [".gpkg", ".shp", ".geojson"])
def test_candidates_and_parcels_are_named_the_same_in_every_format(county, make_layer, tmp_path, extension):
    """Issue 16 §4: without an id field, candidates are numbered from 1 (the fid counts from 0 in
    shapefiles and GeoJSON, from 1 in GeoPackages); free-land parcels likewise."""
    from layer_formats import copy_layer

    candidates = copy_layer(QgsVectorLayer(county["CANDIDATES"], "HXDK", "ogr"), tmp_path / f"hxdk{extension}")
    out = tmp_path / "a"
    out.mkdir()
    result = run({"CANDIDATES": candidates, "PROJECT_TYPE": 3, "WEIGHTS": "compactness=1", **outputs(out)})
    assert sorted(f["XZBH"] for f in features(result["OUTPUT"])) == ["1", "2", "3", "4"]
    assert {f["XZBH"]: f["LYBH"] for f in features(result["OUTPUT"])}["2"] == "2"

    land = make_layer([box(0, 0, 100, 100), box(100, 0, 200, 100), box(500, 0, 550, 50)], fields={"DLBM": str},
                      attributes=[{"DLBM": "1206"}, {"DLBM": "1201"}, {"DLBM": "1206"}], gpkg_name="dltb.gpkg",
                      name="DLTB")
    free = copy_layer(land, tmp_path / f"dltb{extension}")
    out = tmp_path / "b"
    out.mkdir()
    result = run({"FREE_LAND": free, "PROJECT_TYPE": 3, "WEIGHTS": "compactness=1", **outputs(out)})
    assert sorted(f["LYBH"] for f in features(result["OUTPUT"])) == ["1,2", "3"]
