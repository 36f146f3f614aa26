"""multiplan:quality_check end to end on hand-built layers: error layer, Excel report, repairs."""
import os
import re

import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsVectorLayer, QgsWkbTypes

from factories import bowtie, reproject, square
from recording import RecordingFeedback

X0, Y0 = 39_500_000, 3_500_000


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters, feedback=None):
    import processing

    return processing.run("multiplan:quality_check", parameters, feedback=feedback)


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
    assert sorted(found) == ["GAP", "INVALID", "OVERLAP", "SLIVER", "UNKNOWN_CODE"]
    assert [round(f["AREA_M2"]) for f in found["GAP"]] == [9_775]
    assert [(f["FEATURE_ID"], f["OTHER_ID"], round(f["AREA_M2"])) for f in found["OVERLAP"]] == [("1", "2", 1_000)]
    assert found["INVALID"][0]["LAYER"] == "DLTB" and "Self-intersection" in found["INVALID"][0]["MESSAGE"]
    assert found["SLIVER"][0]["CODE"] == "0103" and "400" in found["SLIVER"][0]["MESSAGE"]
    assert found["UNKNOWN_CODE"][0]["CODE"] == "9999"
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
    assert [f["MESSAGE"] for f in problems_by_check(result["OUTPUT"])["WRONG_CRS"]] == [
        "图层坐标系：WGS 84 (EPSG:4326), not CGCS2000 Layer CRS: WGS 84 (EPSG:4326), not CGCS2000"]
    zone39 = make_layer([square(100)], name="zone39")
    result = run({"INPUTS": [zone39], "OUTPUT": str(tmp_path / "q.gpkg"), "REPORT": str(tmp_path / "s.xlsx"),
                  "EXPECTED_CRS": "EPSG:4526", "STANDARD": 0})
    assert "instead of EPSG:4526" in problems_by_check(result["OUTPUT"])["WRONG_CRS"][0]["MESSAGE"]


def test_no_boundary_means_no_gap_check_and_clean_layer_has_no_problems(make_layer, tmp_path):
    clean = make_layer([square(100, X0), square(100, X0 + 200)], fields={"DLBM": str},
                       attributes=[{"DLBM": "0101"}, {"DLBM": "0301"}])
    result = run({"INPUTS": [clean], "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})
    assert result["PROBLEM_COUNT"] == 0
    summary = load_workbook(result["REPORT"])["汇总 Summary"]
    assert summary["D4"].value == 0  # every check listed with a zero count


# -- faults marked where they are --------------------------------------------------------------

def features(path):
    layer = QgsVectorLayer(str(path), "p", "ogr")
    assert layer.isValid(), path
    return layer, list(layer.getFeatures())


def test_problems_are_points_where_the_fault_is_and_areas_only_the_faulty_part(make_layer, tmp_path):
    """An 81 km² township whose ring crosses itself in one small loop: one point at the crossing,
    not the township; the overlap of two cells: a point inside it and the 1 000 m² overlap itself,
    not the cells. Coordinates also in CGCS2000 longitude/latitude (7 decimals)."""
    township = shapely.Polygon([(X0, Y0), (X0 + 9000, Y0), (X0 + 9000, Y0 + 9000), (X0, Y0 + 9000),
                                (X0, Y0 + 4510), (X0 - 10, Y0 + 4490), (X0 - 10, Y0 + 4510), (X0, Y0 + 4490)])
    cells = [shapely.box(X0 + 20_000, Y0, X0 + 20_110, Y0 + 100), square(100, X0 + 20_100, Y0)]
    layer = make_layer([township] + cells, gpkg_name="乡镇.gpkg", name="XZQ")
    result = run({"INPUTS": [layer], "STANDARD": 0, "OUTPUT": str(tmp_path / "问题.gpkg"),
                  "AREAS": str(tmp_path / "问题范围.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})
    points, found = features(result["OUTPUT"])
    assert points.wkbType() == QgsWkbTypes.Point
    by_check = {f["CHECK"]: f for f in found}
    assert sorted(by_check) == ["INVALID", "OVERLAP"]
    invalid = by_check["INVALID"]
    assert invalid.geometry().asPoint().x() == X0 - 5 and invalid.geometry().asPoint().y() == Y0 + 4500
    assert (invalid["X"], invalid["Y"]) == (X0 - 5, Y0 + 4500) and invalid["AREA_M2"] is None or \
        str(invalid["AREA_M2"]) == "NULL"
    overlap = by_check["OVERLAP"]
    assert shapely.box(X0 + 20_100, Y0, X0 + 20_110, Y0 + 100).contains(
        shapely.Point(overlap.geometry().asPoint().x(), overlap.geometry().asPoint().y()))
    for feature in found:
        point = reproject(shapely.Point(feature["X"], feature["Y"]), "EPSG:4527", "EPSG:4490")
        assert (feature["LON"], feature["LAT"]) == (round(point.x, 7), round(point.y, 7))
    areas, area_features = features(result["AREAS"])
    assert areas.wkbType() == QgsWkbTypes.MultiPolygon
    assert [f["CHECK"] for f in area_features] == ["OVERLAP"]  # a self-intersection is not an area
    assert area_features[0].geometry().area() == pytest.approx(1_000.0)
    assert area_features[0]["FEATURE_ID"] == "2" and area_features[0]["OTHER_ID"] == "3"
    # both open styled by severity: circles for the points, fills for the areas
    from qgis.core import QgsFillSymbol, QgsMarkerSymbol

    for layer_, kind in ((points, QgsMarkerSymbol), (areas, QgsFillSymbol)):
        rules = layer_.renderer().rootRule().children()
        assert rules and all(isinstance(rule.symbol(), kind) for rule in rules), layer_.name()


def test_areas_in_square_metres_and_mu_to_two_decimals(make_layer, tmp_path):
    """A 15 m sliver: 225 m² = 0.3375 亩, written 0.34."""
    layer = make_layer([square(100), square(15, X0 + 100, Y0)], gpkg_name="t.gpkg", name="DLTB")
    result = run({"INPUTS": [layer], "STANDARD": 0, "CODE_FIELD": "", "SLIVER_MIN_AREA": 400,
                  "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})
    sliver = [f for f in features(result["OUTPUT"])[1] if f["CHECK"] == "SLIVER"][0]
    assert sliver["AREA_MU"] == round(sliver["AREA_M2"] * 3 / 2000, 2) == 0.34
    assert sliver["AREA_M2"] == round(sliver["AREA_M2"], 2)


# -- repaired copies ------------------------------------------------------------------------------

def test_repaired_copy_keeps_features_without_geometry(make_layer, tmp_path):
    layer = make_layer([square(100), None, square(15, X0 + 100, Y0), shapely.Polygon()],
                       fields={"BSM": str}, attributes=[{"BSM": b} for b in ("A1", "A2", "A3", "A4")],
                       gpkg_name="t.gpkg", name="DLTB")
    feedback = RecordingFeedback()
    run({"INPUTS": [layer], "STANDARD": 0, "SLIVER_MIN_AREA": 400, "OUTPUT": str(tmp_path / "p.gpkg"),
         "REPORT": str(tmp_path / "r.xlsx"), "REPAIRED_FOLDER": str(tmp_path / "修复")}, feedback)
    copy = QgsVectorLayer(str(tmp_path / "修复" / "DLTB_repaired.gpkg"), "r", "ogr")
    kept = {f["BSM"]: f.geometry() for f in copy.getFeatures()}
    assert sorted(kept) == ["A1", "A2", "A4"]  # A3, the sliver, went into A1
    assert kept["A2"].isNull() and kept["A4"].isNull()  # NULL as they came (no empty polygon invented)
    assert round(kept["A1"].area()) == 10_225
    assert any("3 features, 2 of them without geometry" in info for info in feedback.infos), feedback.infos
    assert any("“DLTB”: 2 features have no geometry" in warning for warning in feedback.warnings)


class CancelAtFirstRepairedCopy(RecordingFeedback):
    def pushInfo(self, info):  # noqa: N802
        super().pushInfo(info)
        if "Repaired copy" in info:
            self.cancel()


def test_cancelling_while_repairing_stops_there_and_leaves_nothing(make_layer, tmp_path):
    first = make_layer([square(100), bowtie(40, X0 + 2000)], gpkg_name="a.gpkg", name="DLTB").source()
    second = make_layer([square(100)], gpkg_name="b.gpkg", name="SQ").source()
    out = tmp_path / "out"
    out.mkdir()
    feedback = CancelAtFirstRepairedCopy()
    # Layers given by their source (not as layer objects): QGIS 3.22 never releases an error raised
    # inside an algorithm, and layer objects kept by it would outlive QGIS and crash the session's end.
    with pytest.raises(QgsProcessingException):
        run({"INPUTS": [first, second], "STANDARD": 0, "OUTPUT": str(out / "p.gpkg"), "REPORT": str(out / "r.xlsx"),
             "REPAIRED_FOLDER": str(out / "修复")}, feedback)
    assert [info for info in feedback.infos if "Repaired copy" in info] == [
        "Repaired copy of “DLTB”: DLTB_repaired.gpkg (1 geometries made valid, 0 slivers merged, 2 features, "
        "0 of them without geometry)."]  # the file's name, not where it lay; SQ was never written
    assert sorted(os.listdir(out)) == []


# -- feature identity ------------------------------------------------------------------------------

def save_as(layer, path, driver):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    written = QgsVectorLayer(str(path), path.stem, "ogr")
    assert written.isValid()
    return written


@pytest.mark.parametrize("fields, id_field, expected", [
    ({}, "", [("1", "2"), ("3", "")]),  # 1-based numbers, in every format
    ({"BSM": str}, "", [("B-1", "B-2"), ("B-3", "")]),
    ({"BSM": str, "TBBH": int}, "TBBH", [("11", "12"), ("13", "")]),
])
def test_feature_ids_are_the_same_in_geopackage_shapefile_and_geojson(make_layer, tmp_path, fields, id_field,
                                                                       expected):
    """Shapefile and GeoJSON fids start at 0, GeoPackage's at 1: ids come from the data."""
    geometries = [shapely.box(X0, Y0, X0 + 110, Y0 + 100), square(100, X0 + 100, Y0), square(15, X0 + 300, Y0)]
    attributes = [{"BSM": f"B-{n}", "TBBH": 10 + n} for n in (1, 2, 3)]
    memory = make_layer(geometries, fields=fields, attributes=attributes, name="DLTB")
    found = {}
    for extension, driver in (("gpkg", "GPKG"), ("shp", "ESRI Shapefile"), ("geojson", "GeoJSON")):
        layer = save_as(memory, tmp_path / f"DLTB.{extension}", driver)
        result = run({"INPUTS": [layer], "STANDARD": 0, "CODE_FIELD": "", "ID_FIELD": id_field, "SLIVER_MIN_AREA": 400,
                      "OUTPUT": str(tmp_path / f"p_{extension}.gpkg"), "REPORT": str(tmp_path / f"r_{extension}.xlsx")})
        output, problems = features(result["OUTPUT"])
        assert output.fields().field("FEATURE_ID").typeName().upper() in ("TEXT", "STRING", "VARCHAR")
        found[extension] = sorted((f["FEATURE_ID"], f["OTHER_ID"] if f["OTHER_ID"] else "")
                                  for f in problems if f["CHECK"] in ("OVERLAP", "SLIVER"))
    assert found["gpkg"] == found["shp"] == found["geojson"] == expected


def test_id_field_is_used_only_in_layers_that_have_it(make_layer, tmp_path):
    with_field = make_layer([square(100), square(100, X0 + 90)], fields={"TBBH": str},
                            attributes=[{"TBBH": "T1"}, {"TBBH": "T2"}], name="DLTB")
    without = make_layer([square(100, X0 + 5000), square(100, X0 + 5090)], name="SQ")
    feedback = RecordingFeedback()
    result = run({"INPUTS": [with_field, without], "STANDARD": 0, "ID_FIELD": "TBBH",
                  "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx")}, feedback)
    overlaps = {f["LAYER"]: (f["FEATURE_ID"], f["OTHER_ID"]) for f in features(result["OUTPUT"])[1]}
    assert overlaps == {"DLTB": ("T1", "T2"), "SQ": ("1", "2")}
    assert "“DLTB”: features are identified by TBBH." in feedback.infos
    assert "“SQ”: features are identified by their number in the layer (1 = first feature)." in feedback.infos


# -- deliverables in the report language -----------------------------------------------------------

def log_texts(feedback):
    """The log's lines as deliverables check them, file names taken out (a file is named as it is).
    Left out: Processing's own "Results: {…}" line (QGIS's, with full paths)."""
    name = re.compile(r"[^\s“”（）()：:，,]+\.(?:gpkg|xlsx|shp|geojson)\b")
    return [("log", name.sub("", line)) for line in feedback.infos + feedback.warnings
            if not line.startswith("Results: ")]


def test_chinese_deliverables_have_no_english_and_no_machine_paths(county, tmp_path, monkeypatch):
    from deliverables import absolute_paths, layer_texts, problems_in, workbook_texts
    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")
    layer, boundary = county
    feedback = RecordingFeedback()
    with chinese_ui():
        result = run({"INPUTS": [layer], "BOUNDARY": boundary, "OUTPUT": str(tmp_path / "问题.gpkg"),
                      "AREAS": str(tmp_path / "问题范围.gpkg"), "REPORT": str(tmp_path / "质检报告.xlsx"),
                      "REPAIRED_FOLDER": str(tmp_path / "修复")}, feedback)
    assert problems_in(workbook_texts(result["REPORT"]), words=True) == []
    texts = layer_texts(tmp_path / "问题.gpkg", "问题") + layer_texts(tmp_path / "问题范围.gpkg", "问题范围")
    assert problems_in(texts, words=True) == []  # CHECK holds codes in capitals (OVERLAP), like HX_NT
    messages = [text for where, text in texts if ".MESSAGE#" in where]
    assert "碎小图斑：225.00 平方米，小于最小上图面积 400 平方米" in messages
    assert {text for where, text in texts if ".CHECK_NAME#" in where} >= {"图斑重叠", "碎小图斑"}
    assert problems_in(log_texts(feedback), words=True) == []
    assert ("“DLTB”的修复副本：DLTB_repaired.gpkg（修复几何 1 个，合并碎小图斑 1 个，共 3 个要素，"
            "其中 0 个没有几何）。") in feedback.infos
    assert [line for line in feedback.infos + feedback.warnings
            if absolute_paths(line) and not line.startswith("Results: ")] == []


def test_english_deliverables_under_english(county, tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")
    layer, boundary = county
    result = run({"INPUTS": [layer], "BOUNDARY": boundary, "OUTPUT": str(tmp_path / "p.gpkg"),
                  "REPORT": str(tmp_path / "r.xlsx")})
    found = problems_by_check(result["OUTPUT"])
    assert found["SLIVER"][0]["MESSAGE"] == "Sliver: 225.00 m² is below the minimum mapping area of 400 m²"
    assert (found["OVERLAP"][0]["CHECK_NAME"], found["OVERLAP"][0]["SEVERITY"]) == ("Overlap", "Error")
    assert load_workbook(result["REPORT"]).sheetnames[:2] == ["Summary", "Invalid geometry"]


# Last in the module: a test whose fixtures hold layers must not be the last of a session (QGIS exits
# before pytest drops them, and deleting a layer after that crashes).
def test_without_layers_is_a_clear_error(tmp_path):
    with pytest.raises(QgsProcessingException):
        run({"INPUTS": [], "OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})
