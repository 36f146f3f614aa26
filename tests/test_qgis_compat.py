"""Runs on whichever QGIS is installed (3.22 on Debian 12, 3.40 on Debian 13; the versions are in
the test header): the QGIS API the plugin uses exists here, the spellings that differ between
versions (``compat``) work here, our code raises no deprecation warning here, and the set-up
reads its versions from the system instead of assuming Debian 12.
"""
import dataclasses
import importlib.util
import os
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest
from qgis.core import Qgis, QgsFeature, QgsPalLayerSettings, QgsVectorLayer

ROOT = Path(__file__).resolve().parents[1]


def load_script(name):
    spec = importlib.util.spec_from_file_location(f"multiplan_script_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the API the plugin uses -------------------------------------------------------------------
def test_every_qgis_name_and_member_the_plugin_uses_exists_in_this_qgis():
    qgis_api = load_script("qgis_api")
    used, where = qgis_api.usage()
    # The scan sees the plugin (a broken scan would find nothing missing).
    assert ("qgis.core", "QgsProcessingAlgorithm") in used and ("qgis.gui", "QgsMapTool") in used
    assert "TypeVectorPolygon" in used[("qgis.core", "QgsProcessing")] and len(used) > 100
    assert qgis_api.missing(used) == [], Qgis.QGIS_VERSION


def test_the_scan_reports_a_name_this_qgis_lacks(tmp_path):
    qgis_api = load_script("qgis_api")
    used = {("qgis.core", "QgsNoSuchClass"): set(), ("qgis.core", "QgsField"): {"NoSuchMember"}}
    assert qgis_api.missing(used) == [("qgis.core", "QgsField", "NoSuchMember"), ("qgis.core", "QgsNoSuchClass", "")]


# -- what compat smooths over ------------------------------------------------------------------
def test_label_placement_over_the_centroid_is_accepted_by_this_qgis():
    from multiplan.compat import LABEL_OVER_POINT

    settings = QgsPalLayerSettings()
    settings.placement = LABEL_OVER_POINT  # 3.40 raised TypeError with QgsPalLayerSettings.OverPoint
    assert settings.placement == LABEL_OVER_POINT


def test_fields_are_made_without_deprecation_and_keep_their_types(tmp_path):
    from multiplan.compat import DOUBLE, LONG_LONG, STRING, field_is, make_field

    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        fields = [make_field("MC", STRING, "string", 40), make_field("MJ", DOUBLE, "double", 20, 2),
                  make_field("SL", LONG_LONG, "integer64", 18)]
    layer = QgsVectorLayer("Polygon?crs=EPSG:4527", "t", "memory")
    assert layer.dataProvider().addAttributes(fields)
    layer.updateFields()
    read = layer.fields()
    assert [field_is(read.field(n), t) for n, t in (("MC", STRING), ("MJ", DOUBLE), ("SL", LONG_LONG))] == [True] * 3
    assert not field_is(read.field("MC"), DOUBLE)
    assert (read.field("MC").length(), read.field("MJ").precision()) == (40, 2)
    feature = QgsFeature(read)
    feature.setAttributes(["甲", 1.25, 7])
    assert layer.dataProvider().addFeatures([feature])[0]
    assert next(layer.getFeatures()).attributes() == ["甲", 1.25, 7]


def test_pyproj_keeps_working_across_calls_in_a_thread_python_did_not_start(qgis_app):
    """Debian 13's pyproj 3.7.1 freed its per-thread PROJ context after each call from a QGIS task
    thread and crashed on the next one; compat.keep_pyproj_context keeps it. Each task here runs
    on QGIS's thread pool, as Processing runs algorithms from a dialog."""
    from qgis.core import QgsApplication, QgsTask

    from multiplan.compat import keep_pyproj_context

    def work(_task):
        import pyproj

        keep_pyproj_context()
        crs = pyproj.CRS.from_user_input("EPSG:4527")
        x, y = pyproj.Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True).transform(39_500_000, 3_500_000)
        return round(x, 6), threading.get_ident() != main

    main = threading.get_ident()
    results = []
    for count in range(1, 13):  # one after the other: the pool reuses its threads
        task = QgsTask.fromFunction("pyproj", work, on_finished=lambda error, result=None: results.append((error, result)))
        QgsApplication.taskManager().addTask(task)
        deadline = time.monotonic() + 30
        while len(results) < count and time.monotonic() < deadline:
            qgis_app.processEvents()
    assert [error for error, _ in results] == [None] * 12
    assert {result for _, result in results} == {(117.0, True)}


# -- no deprecation warnings from our code -----------------------------------------------------
def test_loading_the_plugin_and_running_an_algorithm_warns_nothing_deprecated(qgis_iface, qgis_processing, tmp_path,
                                                                              make_layer):
    """Every DeprecationWarning our modules cause on this QGIS (pytest.ini also turns them into
    errors for the whole suite): the plugin loaded into the GUI, an algorithm run, its output styled."""
    import shapely

    import multiplan
    import processing

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plugin = multiplan.classFactory(qgis_iface)
        plugin.initGui()
        try:
            layer = make_layer([shapely.box(39_500_000, 3_500_000, 39_500_100, 3_500_100)], gpkg_name="a.gpkg", name="A")
            result = processing.run("multiplan:ellipsoidal_area", {"INPUT": layer.source(),
                                                                   "OUTPUT": str(tmp_path / "o.shp")})
            assert Path(result["OUTPUT"].split("|")[0]).exists()
        finally:
            plugin.unload()
    ours = [f"{Path(w.filename).name}:{w.lineno}: {w.message}" for w in caught
            if issubclass(w.category, DeprecationWarning) and str(ROOT) in os.path.realpath(w.filename)]
    assert ours == [], Qgis.QGIS_VERSION


# -- the set-up reads the system ---------------------------------------------------------------
def test_constraints_pin_the_system_packages_qgis_is_built_against():
    text = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "system_constraints.py")],
                          capture_output=True, text=True, check=True).stdout
    import numpy
    import pyproj
    from osgeo import gdal

    lines = [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]
    assert f"numpy=={numpy.__version__}" in lines and f"GDAL=={gdal.__version__}" in lines
    assert f"pyproj=={pyproj.__version__}" in lines
    old_numpy = tuple(int(x) for x in numpy.__version__.split(".")[:2]) < (1, 26)
    assert ("shapely>=2.0,<2.2" in lines) == old_numpy  # shapely 2.2 needs numpy 1.26


@pytest.mark.parametrize("numpy,spec", [("1.24.2", "shapely>=2.0,<2.2"), ("1.26.4", "shapely>=2.0,<2.3"),
                                        ("2.2.4", "shapely>=2.0,<2.3"), ("", "shapely>=2.0,<2.3")])
def test_shapely_releases_follow_the_numpy_qgis_runs(numpy, spec):
    from multiplan import dependencies

    shapely_requirement = next(r for r in dependencies.REQUIREMENTS if r.name == "shapely")
    assert dependencies.pip_spec(shapely_requirement, numpy) == spec
    windows = dependencies.System(platform="win32", python="python.exe", python_version=(3, 12), numpy=numpy)
    problem = dependencies.Problem(shapely_requirement, "missing")
    assert f'"{spec}"' in dependencies.install_command([problem], dataclasses.replace(windows))


def test_env_sh_names_the_site_packages_of_the_system_python(tmp_path):
    version = "%d.%d" % sys.version_info[:2]
    out = subprocess.run(["bash", "-c", f"MULTIPLAN_VENV={tmp_path}/v; source {ROOT}/scripts/env.sh; "
                                        "echo $MULTIPLAN_PYTHON_VERSION; echo $MULTIPLAN_PY_SITE"],
                         capture_output=True, text=True, check=True).stdout.split()
    system = subprocess.run(["/usr/bin/python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert out == [system, f"{tmp_path}/v/lib/python{system}/site-packages"]
    assert version == system  # the tests run in the venv made from that Python


def test_the_venv_shapely_uses_the_system_geos_and_numpy():
    import numpy
    import shapely

    geos = subprocess.run(["geos-config", "--version"], capture_output=True, text=True, check=True).stdout
    assert shapely.geos_version[:2] == tuple(int(x) for x in geos.split(".")[:2])
    assert (Qgis.geosVersionMajor(), Qgis.geosVersionMinor()) == shapely.geos_version[:2]
    assert numpy.__file__.startswith("/usr/lib/python3/dist-packages/")


# -- GDAL exceptions: on under QGIS 3.40's Processing, off under 3.22's ------------------------
@pytest.fixture(params=[False, True], ids=["gdal-exceptions-off", "gdal-exceptions-on"])
def gdal_exceptions(request):
    from osgeo import gdal, ogr

    before = gdal.GetUseExceptions(), ogr.GetUseExceptions()
    if request.param:
        gdal.UseExceptions()
        ogr.UseExceptions()
    yield request.param
    if request.param:  # undone in the reverse order (GDAL keeps a stack of handlers)
        if not before[1]:
            ogr.DontUseExceptions()
        if not before[0]:
            gdal.DontUseExceptions()


def test_files_that_cannot_be_opened_are_answered_the_same_either_way(gdal_exceptions, tmp_path):
    from multiplan.core.suitability.raster_blocks import open_or_none
    from multiplan.core.suitability.weighted import style_grades
    from multiplan.processing.layer_io import open_vector

    assert open_or_none(tmp_path / "missing.tif") is None
    assert style_grades(tmp_path / "missing.tif", {1: "a"}) is None
    assert open_vector(str(tmp_path / "missing.gpkg")) is None
    with pytest.raises(ValueError, match="cannot open"):
        from multiplan.core.suitability.raster_blocks import open_raster
        open_raster(tmp_path / "missing.tif")


def test_an_algorithm_writes_and_styles_its_output_either_way(gdal_exceptions, multiplan_provider, make_layer,
                                                              tmp_path):
    import processing
    from osgeo import ogr

    from factories import bowtie
    from recording import RecordingFeedback

    layer = make_layer([bowtie(100.0)], gpkg_name="a.gpkg", name="A")  # one self-intersection
    out = tmp_path / "问题.gpkg"
    feedback = RecordingFeedback()
    processing.run("multiplan:quality_check", {"INPUTS": [layer.source()], "OUTPUT": str(out),
                                               "REPORT": str(tmp_path / "r.xlsx")}, feedback=feedback)
    assert not [w for w in feedback.warnings if "styled" in w]
    source = ogr.Open(str(out))
    counts = source.GetLayer(0).GetFeatureCount() > 0, source.GetLayerByName("layer_styles") is not None
    source = None
    assert counts == (True, True)
