"""The real qgis_process binary, through scripts/qgis-process, as batch jobs use it."""
import json
import shutil
import subprocess

import pytest
from osgeo import ogr, osr

pytestmark = pytest.mark.e2e


def qgis_process(repo_root, *args, env=None):
    import os

    return subprocess.run([str(repo_root / "scripts" / "qgis-process"), *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


def write_square_gpkg(path, layer_name, side):
    """A GeoPackage (OGR, no QGIS) with one square parcel of known area in EPSG:4527."""
    data_source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = data_source.CreateLayer(layer_name, srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("DLMC", ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("DLMC", "水田")
    x0, y0 = 39_500_000, 3_500_000
    feature.SetGeometry(ogr.CreateGeometryFromWkt(
        f"MULTIPOLYGON((({x0} {y0},{x0 + side} {y0},{x0 + side} {y0 + side},{x0} {y0 + side},{x0} {y0})))"))
    layer.CreateFeature(feature)
    data_source = None


def test_list_shows_the_multiplan_provider(repo_root):
    result = qgis_process(repo_root, "list")
    assert result.returncode == 0, result.stderr
    assert "MultiPlan 多规合一" in result.stdout
    assert "multiplan:ellipsoidal_area" in result.stdout


def test_run_writes_areas_to_a_geopackage_in_a_chinese_path(repo_root, tmp_path):
    folder = tmp_path / "示范县 数据"
    folder.mkdir()
    write_square_gpkg(folder / "地类图斑.gpkg", "DLTB", side=200)
    output = folder / "面积结果.gpkg"
    result = qgis_process(repo_root, "--json", "run", "multiplan:ellipsoidal_area", "--",
                          f"INPUT={folder / '地类图斑.gpkg'}|layername=DLTB", "METHOD=1",
                          f"OUTPUT={output}")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["results"]["TOTAL_M2"] == 40_000.0
    assert report["results"]["TOTAL_MU"] == pytest.approx(60.0)
    data_source = ogr.Open(str(output))  # keep a reference: the layer dies with its data source
    feature = data_source.GetLayer(0).GetNextFeature()
    assert feature.GetField("DLMC") == "水田"
    assert (feature.GetField("AREA_M2"), feature.GetField("AREA_HA"), feature.GetField("AREA_MU")) == (40_000.0, 4.0, 60.0)


def test_a_line_layer_among_the_inputs_of_quality_check_fails_the_batch_job(repo_root, tmp_path):
    """qgis_process does not check a layer's geometry type against the parameter's: MultiPlan
    does, for each layer of a multiple-layer input too, and the job exits non-zero."""
    from factories import write_ogr_layer

    write_square_gpkg(tmp_path / "地类图斑.gpkg", "DLTB", side=200)
    roads = write_ogr_layer(tmp_path / "道路.gpkg", "DL", ["LINESTRING (39500000 3500000, 39500100 3500100)"])
    output = tmp_path / "质检.gpkg"
    result = qgis_process(repo_root, "run", "multiplan:quality_check", "--",
                          f"INPUTS={tmp_path / '地类图斑.gpkg'}|layername=DLTB", f"INPUTS={roads}", f"OUTPUT={output}",
                          f"REPORT={tmp_path / '质检.xlsx'}")
    assert result.returncode != 0
    assert "DL" in result.stdout + result.stderr and "lines" in result.stdout + result.stderr
    assert not output.exists()


def test_wrapper_fails_when_the_plugin_cannot_be_imported(repo_root, tmp_path):
    broken = tmp_path / "plugins" / "multiplan"
    broken.mkdir(parents=True)
    shutil.copy(repo_root / "metadata.txt", broken / "metadata.txt")
    (broken / "__init__.py").write_text("import a_module_that_does_not_exist\n")
    result = qgis_process(repo_root, "list", env={"MULTIPLAN_PLUGINS_OVERRIDE": str(tmp_path / "plugins"),
                                                  "MULTIPLAN_QGIS_CONFIG": str(tmp_path / "config")})
    assert result.returncode == 3
    assert "failed to load" in result.stderr
    assert "multiplan:ellipsoidal_area" not in result.stdout
