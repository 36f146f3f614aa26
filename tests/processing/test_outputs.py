"""Every run's outputs are complete or absent, in every format (processing/outputs.py, sinks.py).

A small algorithm built on MultiPlanAlgorithm writes one feature layer, a report and a folder,
and fails or is cancelled where a test asks; real algorithms are checked where it matters
(an input GeoPackage used as output, polygon-only inputs).
"""
import os
from pathlib import Path

import pytest
from osgeo import ogr
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingFeedback,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination,
                       QgsVectorLayer, QgsWkbTypes)

from factories import square, write_ogr_layer
from recording import RecordingFeedback

LONG_NAME = "MIANJI_PINGFANGMI"  # 17 characters: a shapefile keeps 10
AREA = 3224.0812345
LINE = "LINESTRING (39500000 3500000, 39500100 3500100)"


def make_algorithm(behaviour):
    """An algorithm with a layer, a report and a folder output; ``behaviour`` steers the run."""
    from multiplan.processing.algorithms.base import MultiPlanAlgorithm
    from multiplan.processing.sinks import fields_from_spec, write_table

    class Probe(MultiPlanAlgorithm):
        GROUP_ID = "data"
        OUTPUT_STYLES = {"OUTPUT": "outline"}

        def name(self):
            return "probe"

        def displayName(self):  # noqa: N802
            return "Probe"

        def createInstance(self):  # noqa: N802
            return make_algorithm(behaviour)

        def initAlgorithm(self, config=None):  # noqa: N802
            self.addParameter(QgsProcessingParameterFeatureSource("INPUT", "Input", [QgsProcessing.TypeVectorPolygon]))
            self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Output", QgsProcessing.TypeVectorPolygon))
            self.addParameter(QgsProcessingParameterFileDestination("REPORT", "Report", optional=True))
            self.addParameter(QgsProcessingParameterFolderDestination("FOLDER", "Folder", optional=True))

        def run_algorithm(self, parameters, context, feedback):
            import pandas as pd

            behaviour["calls"] = behaviour.get("calls", 0) + 1
            source = self.parameterAsSource(parameters, "INPUT", context)
            fields = fields_from_spec([("BH", str, 0), (LONG_NAME, float, 2), ("MC", str, 0), ("HXLX", str, 20)])
            sink, dest = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.MultiPolygon,
                                              source.sourceCrs())
            geometries = [square(100)]
            table = pd.DataFrame({"BH": ["1"], LONG_NAME: [behaviour.get("area", AREA)],
                                  "MC": [behaviour.get("text", "示范")], "HXLX": [behaviour.get("kind", "生物多样性维护")]})
            write_table(sink, fields, table, geometries, feedback)
            del sink
            results = {"OUTPUT": dest}
            if self.given(parameters, "REPORT"):
                report = self.parameterAsFileOutput(parameters, "REPORT", context)
                Path(report).write_text("报告", encoding="utf-8")
                results["REPORT"] = report
            if self.given(parameters, "FOLDER"):
                folder = self.parameterAsString(parameters, "FOLDER", context)
                os.makedirs(folder, exist_ok=True)
                Path(folder, "副本.txt").write_text("副本", encoding="utf-8")
                results["FOLDER"] = folder
            if behaviour.get("cancel"):
                feedback.cancel()  # the user presses Cancel after everything was written
            if behaviour.get("fail"):
                raise QgsProcessingException("the report could not be written")
            return results

    return Probe()


def run(behaviour, parameters, feedback=None):
    import processing

    algorithm = make_algorithm(behaviour)
    algorithm.initAlgorithm()
    return processing.run(algorithm, parameters, feedback=feedback or QgsProcessingFeedback())


@pytest.fixture
def polygons(make_layer, tmp_path):
    """The source of a one-square GeoPackage layer (a source, not a layer object: a layer held
    by a failed run's traceback would outlive QGIS and crash the test process at exit)."""
    return make_layer([square(100)], gpkg_name="输入.gpkg", name="DLTB").source()


PART = ".multiplan-part-"


def leftovers(folder):
    return [p for p in Path(folder).rglob("*") if PART in str(p)]


def test_success_moves_every_output_into_place(polygons, tmp_path, qgis_processing):
    out = tmp_path / "结果"
    result = run({}, {"INPUT": polygons, "OUTPUT": str(out / "图层.gpkg"), "REPORT": str(out / "报告.txt"),
                      "FOLDER": str(out / "副本")})
    assert result["OUTPUT"] == str(out / "图层.gpkg")
    assert result["REPORT"] == str(out / "报告.txt") and result["FOLDER"] == str(out / "副本")
    assert (out / "报告.txt").read_text(encoding="utf-8") == "报告"
    assert (out / "副本" / "副本.txt").is_file()
    assert QgsVectorLayer(str(out / "图层.gpkg"), "x", "ogr").featureCount() == 1
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("behaviour", [{"cancel": True}, {"fail": True}])
def test_cancelled_or_failed_run_leaves_no_output_and_keeps_the_previous_one(polygons, tmp_path, behaviour,
                                                                          qgis_processing):
    out = tmp_path / "结果"
    parameters = {"INPUT": polygons, "OUTPUT": str(out / "图层.gpkg"), "REPORT": str(out / "报告.txt"),
                  "FOLDER": str(out / "副本")}
    with pytest.raises(QgsProcessingException):
        run(behaviour, parameters)
    assert not out.exists() or list(out.iterdir()) == []  # not even the folder it created
    run({"text": "上一次"}, parameters)  # a good result …
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(QgsProcessingException) as error:
        run(behaviour, parameters)  # … survives a run that fails or is cancelled
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert leftovers(tmp_path) == []
    if "cancel" in behaviour:
        assert "cancelled" in str(error.value)


def layer_texts(path):
    """The MC values of the layer the probe writes (a GeoPackage's bytes change when a layer is
    copied back, its contents do not)."""
    layer = QgsVectorLayer(f"{path}|layername={Path(path).stem}", "x", "ogr")
    return sorted(feature["MC"] for feature in layer.getFeatures()) if layer.isValid() else None


@pytest.mark.parametrize("failing", ["报告.txt", "副本.txt"])
def test_an_output_that_cannot_be_put_in_place_takes_back_those_already_moved(polygons, tmp_path, monkeypatch,
                                                                              failing, qgis_processing):
    """The layer (into its existing GeoPackage) and the report are moved before the report or the
    folder's file fails: both come back to what the last good run wrote, and a first run leaves
    nothing."""
    out = tmp_path / "结果"
    parameters = {"INPUT": polygons, "OUTPUT": str(out / "图层.gpkg"), "REPORT": str(out / "报告.txt"),
                  "FOLDER": str(out / "副本")}
    real_replace = os.replace

    def replace(source, target, *args, **kwargs):
        folder = os.path.basename(os.path.dirname(str(source)))  # the run's hidden folder, not what it set aside
        if os.path.basename(target) == failing and folder.startswith(PART) and not folder.endswith("-before"):
            raise PermissionError(13, "Permission denied")
        return real_replace(source, target, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", replace)
        with pytest.raises(QgsProcessingException) as error:
            run({}, parameters)
    assert failing in str(error.value) and str(tmp_path) not in str(error.value)
    assert not out.exists() or list(out.rglob("*")) == []

    run({"text": "上一次"}, parameters)
    (out / "报告.txt").write_text("上一次的报告", encoding="utf-8")
    files = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix != ".gpkg"
             and "-wal" not in p.name and "-shm" not in p.name}
    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", replace)
        with pytest.raises(QgsProcessingException):
            run({"text": "新的"}, parameters)
    assert layer_texts(out / "图层.gpkg") == ["上一次"]
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix != ".gpkg"
            and "-wal" not in p.name and "-shm" not in p.name} == files
    assert leftovers(tmp_path) == []
    run({"text": "新的"}, parameters)  # and nothing stands in the way of the next run
    assert layer_texts(out / "图层.gpkg") == ["新的"]
    assert (out / "报告.txt").read_text(encoding="utf-8") == "报告"


def test_unwritable_destination_fails_before_any_work(polygons, tmp_path, qgis_processing):
    blocker = tmp_path / "文件"
    blocker.write_text("not a folder")
    behaviour = {}
    with pytest.raises(QgsProcessingException) as error:
        run(behaviour, {"INPUT": polygons, "OUTPUT": str(tmp_path / "图层.gpkg"),
                        "REPORT": str(blocker / "报告.xlsx")})
    assert "报告.xlsx" in str(error.value) and str(tmp_path) not in str(error.value)
    assert behaviour.get("calls") is None  # nothing was computed
    assert not (tmp_path / "图层.gpkg").exists()


def refusing(real, refused, error):
    """``real`` (os.access, open, os.makedirs) that raises or answers False for ``refused`` paths.
    The tests run as root, which the file system lets write anywhere, so the refusal is staged."""
    def call(path, *args, **kwargs):
        if refused(str(path)):
            if error is None:
                return False
            raise error
        return real(path, *args, **kwargs)
    return call


@pytest.mark.parametrize("case", ["read-only", "locked", "folder"])
def test_a_read_only_or_locked_file_or_a_closed_folder_fails_before_any_work_and_keeps_the_file(
        polygons, tmp_path, monkeypatch, case, qgis_processing):
    import builtins

    out = tmp_path / "成果"
    out.mkdir()
    report = out / "报告.txt"
    report.write_text("上一次的报告", encoding="utf-8")
    denied = PermissionError(13, "Permission denied")
    if case == "read-only":
        monkeypatch.setattr(os, "access", refusing(os.access, lambda path: path == str(report), None))
    elif case == "locked":  # as Windows answers while Excel has the file open
        monkeypatch.setattr(builtins, "open", refusing(builtins.open, lambda path: path == str(report), denied))
    else:
        monkeypatch.setattr(os, "makedirs", refusing(os.makedirs, lambda path: PART in path and str(out) in path, denied))
    behaviour = {}
    with pytest.raises(QgsProcessingException) as error:
        run(behaviour, {"INPUT": polygons, "OUTPUT": str(tmp_path / "图层.gpkg"), "REPORT": str(report)})
    message = str(error.value)
    assert "报告.txt" in message and str(tmp_path) not in message
    assert {"read-only": "read-only", "locked": "locked", "folder": "not writable"}[case] in message
    assert behaviour.get("calls") is None  # nothing was computed
    assert report.read_text(encoding="utf-8") == "上一次的报告" and not (tmp_path / "图层.gpkg").exists()
    assert leftovers(tmp_path) == []


def test_a_folder_given_as_a_file_output_is_refused(polygons, tmp_path, qgis_processing):
    (tmp_path / "报告.xlsx").mkdir()
    with pytest.raises(QgsProcessingException) as error:
        run({}, {"INPUT": polygons, "OUTPUT": str(tmp_path / "图层.gpkg"), "REPORT": str(tmp_path / "报告.xlsx")})
    assert "报告.xlsx" in str(error.value) and "folder" in str(error.value)


def test_the_same_file_for_two_outputs_is_refused(polygons, tmp_path, qgis_processing):
    with pytest.raises(QgsProcessingException) as error:
        run({}, {"INPUT": polygons, "OUTPUT": str(tmp_path / "同一.gpkg"), "REPORT": str(tmp_path / "同一.gpkg")})
    assert "同一.gpkg" in str(error.value)


def layer_names(path):
    """The data layers of a GeoPackage (not QGIS's stored styles)."""
    source = ogr.Open(str(path))
    return sorted(name for name in (source.GetLayer(i).GetName() for i in range(source.GetLayerCount()))
                  if name != "layer_styles")


@pytest.fixture
def county(make_layer, tmp_path):
    """A GeoPackage with three layers, as a county database is."""
    path = tmp_path / "county.gpkg"
    for name, side in (("DLTB", 100), ("XZQ", 300), ("STBHHX", 50)):
        layer = make_layer([square(side)], gpkg_name=None, name=name)
        from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName, options.layerName = "GPKG", name
        if path.exists():
            options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
        error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
        assert error[0] == QgsVectorFileWriter.NoError
    return path


def test_output_into_the_input_geopackage_adds_a_layer_beside_the_others(county, multiplan_provider):
    import processing

    result = processing.run("multiplan:ellipsoidal_area", {"INPUT": f"{county}|layername=DLTB", "METHOD": 0,
                                                           "OUTPUT": str(county)})
    assert layer_names(county) == ["DLTB", "STBHHX", "XZQ", "county"]
    assert result["OUTPUT"] == f"{county}|layername=county"
    written = QgsVectorLayer(result["OUTPUT"], "x", "ogr")
    assert written.isValid() and written.featureCount() == 1
    assert written.getFeature(1)["AREA_M2"] == pytest.approx(10_000, rel=1e-3)
    # Running again replaces the result layer only.
    processing.run("multiplan:ellipsoidal_area", {"INPUT": f"{county}|layername=XZQ", "METHOD": 0,
                                                  "OUTPUT": str(county)})
    assert layer_names(county) == ["DLTB", "STBHHX", "XZQ", "county"]
    assert QgsVectorLayer(result["OUTPUT"], "x", "ogr").getFeature(1)["AREA_M2"] == pytest.approx(90_000, rel=1e-3)


def test_output_named_like_an_input_layer_of_that_file_is_refused(county, tmp_path, multiplan_provider):
    import processing

    named = tmp_path / "DLTB.gpkg"
    county.rename(named)
    with pytest.raises(QgsProcessingException) as error:
        processing.run("multiplan:ellipsoidal_area", {"INPUT": f"{named}|layername=DLTB", "METHOD": 0,
                                                      "OUTPUT": str(named)})
    assert "DLTB" in str(error.value)
    assert layer_names(named) == ["DLTB", "STBHHX", "XZQ"]


def test_output_into_another_multi_layer_geopackage_keeps_its_layers(county, polygons, qgis_processing):
    run({}, {"INPUT": polygons, "OUTPUT": str(county)})
    assert layer_names(county) == ["DLTB", "STBHHX", "XZQ", "county"]


def test_a_non_polygon_layer_for_a_polygon_input_is_refused(tmp_path, multiplan_provider):
    import processing

    path = tmp_path / "井点.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                    '"geometry": {"type": "Point", "coordinates": [117.0, 31.6]}}]}', encoding="utf-8")
    with pytest.raises(QgsProcessingException) as error:
        processing.run("multiplan:ellipsoidal_area", {"INPUT": str(path), "METHOD": 0,
                                                      "OUTPUT": str(tmp_path / "out.gpkg")})
    assert "井点" in str(error.value) and "points" in str(error.value)
    assert not (tmp_path / "out.gpkg").exists()


def test_a_line_layer_among_several_polygon_inputs_is_refused(tmp_path, make_layer, multiplan_provider):
    import processing

    parcels = make_layer([square(100)], gpkg_name="地类图斑.gpkg", name="DLTB").source()
    roads = write_ogr_layer(tmp_path / "道路.gpkg", "道路中线", [LINE])
    output = tmp_path / "质检.gpkg"
    with pytest.raises(QgsProcessingException) as error:
        processing.run("multiplan:quality_check", {"INPUTS": [parcels, roads],
                                                   "OUTPUT": str(output), "REPORT": str(tmp_path / "质检.xlsx")})
    assert "道路中线" in str(error.value) and "lines" in str(error.value)
    assert not output.exists() and not (tmp_path / "质检.xlsx").exists()


def read_back(path):
    source = ogr.Open(str(path))
    layer = source.GetLayer(0)
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    rows = [{name: feature.GetField(name) for name in names} for feature in layer]
    return names, rows


@pytest.mark.parametrize("extension", ["gpkg", "shp", "geojson", "fgb"])
def test_numbers_are_the_declared_decimals_in_every_format(polygons, tmp_path, extension, qgis_processing):
    out = tmp_path / f"图层.{extension}"
    run({"text": "示范县" * 120}, {"INPUT": polygons, "OUTPUT": str(out)})
    names, rows = read_back(out)
    area_field = LONG_NAME if extension != "shp" else LONG_NAME[:10]
    assert area_field in names
    assert rows[0][area_field] == 3224.08  # 2 decimals declared: the same number in every format
    if extension == "shp":
        assert (tmp_path / "图层.cpg").read_text().strip().upper() in ("UTF-8", "UTF8")
        assert len(rows[0]["MC"].encode("utf-8")) <= 254  # cut at a character boundary
        assert rows[0]["MC"].startswith("示范县")
        source = ogr.Open(str(out))
        definition = source.GetLayer(0).GetLayerDefn()
        area = definition.GetFieldDefn(definition.GetFieldIndex(area_field))
        assert area.GetWidth() >= 20 and area.GetPrecision() == 2
    else:
        assert rows[0]["MC"] == "示范县" * 120


@pytest.mark.parametrize("encoding", ["UTF-8", "GBK"])
@pytest.mark.parametrize("extension", ["gpkg", "shp", "geojson", "fgb"])
def test_a_text_field_of_declared_width_holds_the_same_text_in_every_format(polygons, tmp_path, monkeypatch,
                                                                           extension, encoding, qgis_processing):
    """A width counts characters (GeoPackage, QGIS) but bytes in a shapefile: 20 characters of
    Chinese fit whole everywhere, and a longer text is cut to the same 20 characters everywhere."""
    monkeypatch.setenv("MULTIPLAN_SHAPEFILE_ENCODING", encoding)
    whole = "生物多样性维护与水源涵养功能极重要区域"  # 19 characters, 57 bytes in UTF-8
    long = whole + "及其周边缓冲"
    for text, expected, warned in ((whole, whole, False), (long, long[:20], True)):
        out = tmp_path / f"{len(text)}" / f"图层.{extension}"
        feedback = RecordingFeedback()
        run({"kind": text}, {"INPUT": polygons, "OUTPUT": str(out)}, feedback)
        assert QgsVectorLayer(str(out), "x", "ogr").getFeature(next(QgsVectorLayer(str(out), "x", "ogr")
                                                                    .getFeatures()).id())["HXLX"] == expected
        assert any("HXLX" in line and "width" in line for line in feedback.warnings) == warned


def test_shapefile_in_gbk_when_asked(polygons, tmp_path, monkeypatch, qgis_processing):
    monkeypatch.setenv("MULTIPLAN_SHAPEFILE_ENCODING", "GBK")
    out = tmp_path / "图层.shp"
    run({"text": "示范县城关镇"}, {"INPUT": polygons, "OUTPUT": str(out)})
    assert "GBK" in (tmp_path / "图层.cpg").read_text().upper() or "936" in (tmp_path / "图层.cpg").read_text()
    raw = (tmp_path / "图层.dbf").read_bytes()
    assert "示范县城关镇".encode("gbk") in raw
    assert QgsVectorLayer(str(out), "x", "ogr").getFeature(0)["MC"] == "示范县城关镇"


def test_shapefile_field_names_are_cut_to_ten_characters_without_clashes():
    from multiplan.processing.sinks import shapefile_names

    names = ["AREA_M2", "GUIHUA_YONGDI_1", "GUIHUA_YONGDI_2", "GUIHUA_YON"]
    assert shapefile_names(names) == {"AREA_M2": "AREA_M2", "GUIHUA_YONGDI_1": "GUIHUA_Y_2",
                                      "GUIHUA_YONGDI_2": "GUIHUA_Y_3", "GUIHUA_YON": "GUIHUA_YON"}


def test_rerun_into_a_loaded_geopackage_updates_it_in_place(polygons, tmp_path, qgis_processing):
    """An earlier result still open in QGIS (a pooled connection) must neither hang nor read stale
    data when the tool runs again into the same file: the file is written into, not replaced."""
    out = tmp_path / "图层.gpkg"
    run({"area": 100.0}, {"INPUT": polygons, "OUTPUT": str(out)})
    loaded = QgsVectorLayer(str(out), "loaded", "ogr")
    assert [f[LONG_NAME] for f in loaded.getFeatures()] == [100.0]
    inode = out.stat().st_ino
    result = run({"area": 200.0}, {"INPUT": polygons, "OUTPUT": str(out)})
    assert out.stat().st_ino == inode
    assert [f[LONG_NAME] for f in QgsVectorLayer(result["OUTPUT"], "again", "ogr").getFeatures()] == [200.0]
    loaded.reload()
    assert [f[LONG_NAME] for f in loaded.getFeatures()] == [200.0]
    assert layer_names(out) == ["图层"]


def test_styles_are_stored_in_the_output(polygons, tmp_path, qgis_processing):
    import sqlite3

    run({}, {"INPUT": polygons, "OUTPUT": str(tmp_path / "图层.gpkg")})
    run({}, {"INPUT": polygons, "OUTPUT": str(tmp_path / "图层.gpkg")})  # again: one default style, not two
    with sqlite3.connect(tmp_path / "图层.gpkg") as connection:
        rows = connection.execute("SELECT f_table_name, useAsDefault FROM layer_styles").fetchall()
    assert rows == [("图层", 1)]
    layer = QgsVectorLayer(str(tmp_path / "图层.gpkg"), "styled", "ogr")
    symbol = layer.renderer().symbol()
    assert symbol.color().alpha() == 0  # the outline style, loaded as the layer's default
    run({}, {"INPUT": polygons, "OUTPUT": str(tmp_path / "图层.shp")})
    assert (tmp_path / "图层.qml").is_file()
    assert QgsVectorLayer(str(tmp_path / "图层.shp"), "styled", "ogr").renderer().symbol().color().alpha() == 0


def test_a_line_layer_of_a_geopackage_is_named_by_its_table(tmp_path, multiplan_provider):
    """The error names the layer the user chose (HL), not the GeoPackage it lies in."""
    import processing

    rivers = write_ogr_layer(tmp_path / "county.gpkg", "HL", [LINE])
    with pytest.raises(QgsProcessingException) as error:
        processing.run("multiplan:ellipsoidal_area", {"INPUT": rivers, "METHOD": 0,
                                                      "OUTPUT": str(tmp_path / "out.gpkg")})
    assert "“HL”" in str(error.value) and "lines" in str(error.value)
    assert not (tmp_path / "out.gpkg").exists()
