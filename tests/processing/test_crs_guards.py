"""Issue 16 §3: no success exit on a wrong CRS.

* GeoPackages written without a CRS ("Undefined geographic SRS", srs_id 0, what GDAL 3.6 (Debian 12)
  writes by default; "Undefined Cartesian SRS", srs_id -1; GDAL 3.10 (Debian 13) writes srs_id
  99999 "Undefined SRS", which QGIS reads as no CRS) are refused like layers without CRS;
* a 界址点坐标 TXT whose zone does not exist for its 几度分带 is an error naming the line;
* coordinates that cannot lie in their declared CRS are a clear error naming layer, CRS, range;
* a custom CGCS2000 Transverse Mercator 12° from the data is named CGCS2000 and its distortion
  (planimetric areas ~3.9 % too large) is reported.
"""
import pyproj
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProcessingException, QgsRasterLayer, QgsVectorLayer

from factories import square
from recording import RecordingFeedback

X0, Y0 = 39_500_000.0, 3_500_000.0

#: A district's own Transverse Mercator on the CGCS2000 datum (ESRI WKT), CM 96.5°E, no EPSG code.
CUSTOM_TM = ('PROJCS["CGCS2000_custom_TM",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",'
             'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
             'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
             'PARAMETER["Central_Meridian",96.5],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],'
             'UNIT["Meter",1.0]]')


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(algorithm, parameters, feedback=None):
    import processing

    return processing.run(f"multiplan:{algorithm}", parameters, feedback=feedback or RecordingFeedback())


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def ogr_geopackage(path, geometries, srs=None, srs_id=None, name="HX"):
    """A GeoPackage written by GDAL/OGR directly, as other tools write them.

    ``srs=None``: the layer is created without a CRS, which GDAL stores as it does by default
    (srs_id 0 "Undefined geographic SRS" in GDAL 3.6, 99999 "Undefined SRS" in GDAL 3.10);
    ``srs_id`` then rewrites it (0, or -1 "Undefined Cartesian SRS"), as other tools write it.
    """
    from osgeo import ogr, osr

    data_source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    reference = None
    if srs is not None:
        reference = osr.SpatialReference()
        reference.SetFromUserInput(srs)
    layer = data_source.CreateLayer(name, reference, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("BH", ogr.OFTString))
    for number, geometry in enumerate(geometries, start=1):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("BH", f"{name}{number}")
        feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(shapely.MultiPolygon([geometry]))))
        layer.CreateFeature(feature)
    data_source = None
    if srs_id is not None:
        data_source = ogr.Open(str(path), 1)
        for table in ("gpkg_geometry_columns", "gpkg_contents"):
            data_source.ExecuteSQL(f"UPDATE {table} SET srs_id = {srs_id} WHERE table_name = '{name}'")
        data_source = None
    uri = f"{path}|layername={name}"
    layer = QgsVectorLayer(uri, name, "ogr")
    assert layer.isValid()
    return uri, layer


# -- undefined CRS ------------------------------------------------------------------------------

@pytest.mark.parametrize("srs_id,described", [(0, "Undefined geographic SRS"), (-1, "Undefined Cartesian SRS")])
def test_geopackage_written_without_crs_has_an_undefined_srs(tmp_path, srs_id, described):
    _, layer = ogr_geopackage(tmp_path / "红线.gpkg", [box(0, 0, 100, 100)], srs_id=srs_id)
    assert layer.crs().isValid() and layer.crs().description() == described  # what QGIS sees


def undefined_red_line(tmp_path, srs_id=0):
    uri, _ = ogr_geopackage(tmp_path / "他处红线.gpkg", [box(0, 0, 100, 100)], srs_id=srs_id, name="STBHHX")
    return uri


UNDEFINED = r"“STBHHX” has an undefined coordinate reference system .*Undefined (geographic|Cartesian) SRS.*" \
            r"look like CGCS2000 / 3-degree Gauss-Kruger zone 39.*EPSG:4527"
NO_CRS = r"“STBHHX” has no coordinate reference system.*look like CGCS2000 / 3-degree Gauss-Kruger zone 39.*EPSG:4527"


@pytest.mark.parametrize("srs_id", [0, -1])
def test_check_control_lines_refuses_a_red_line_in_an_undefined_srs(make_layer, tmp_path, srs_id):
    # It used to read the red line as degrees, drop it silently and report PASSED.
    farm = make_layer([box(50, 0, 150, 100)], gpkg_name="农田.gpkg", name="YJJBNTTB").source()
    with pytest.raises(QgsProcessingException, match=UNDEFINED):
        run("check_control_lines", {"ECOLOGICAL_REDLINE": undefined_red_line(tmp_path, srs_id), "FARMLAND": farm,
                                    "OUTPUT": str(tmp_path / "o.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})


def test_what_this_gdal_writes_without_a_crs_is_refused(make_layer, tmp_path):
    """Whatever srs this GDAL gives a layer created without one (0 or 99999), no algorithm reads
    the coordinates in it: an undefined CRS or no CRS, named."""
    import sqlite3

    farm = make_layer([box(50, 0, 150, 100)], gpkg_name="农田.gpkg", name="YJJBNTTB").source()
    red_line = undefined_red_line(tmp_path, srs_id=None)
    with sqlite3.connect(tmp_path / "他处红线.gpkg") as connection:
        (written,), = connection.execute("SELECT srs_id FROM gpkg_geometry_columns").fetchall()
    expected = UNDEFINED if written in (0, -1) else NO_CRS
    with pytest.raises(QgsProcessingException, match=expected):
        run("check_control_lines", {"ECOLOGICAL_REDLINE": red_line, "FARMLAND": farm,
                                    "OUTPUT": str(tmp_path / "o.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})
    assert not (tmp_path / "o.gpkg").exists()


def test_quality_check_refuses_an_undefined_srs(tmp_path):
    with pytest.raises(QgsProcessingException, match=UNDEFINED):
        run("quality_check", {"INPUTS": [undefined_red_line(tmp_path)], "OUTPUT": str(tmp_path / "p.gpkg"),
                              "REPORT": str(tmp_path / "r.xlsx")})


def test_project_compliance_refuses_an_undefined_srs(make_layer, tmp_path):
    projects = make_layer([box(20, 20, 60, 60)], fields={"XMBH": str}, attributes=[{"XMBH": "XM-1"}],
                          gpkg_name="项目.gpkg", name="XM").source()
    with pytest.raises(QgsProcessingException, match=UNDEFINED):
        run("project_compliance", {"PROJECTS": projects, "ECOLOGICAL_REDLINE": undefined_red_line(tmp_path),
                                   "OUTPUT": str(tmp_path / "o.gpkg"), "PROJECTS_OUTPUT": str(tmp_path / "p.gpkg"),
                                   "REPORT": str(tmp_path / "r.xlsx")})


def test_ellipsoidal_area_refuses_an_undefined_srs(tmp_path):
    with pytest.raises(QgsProcessingException, match=UNDEFINED):
        run("ellipsoidal_area", {"INPUT": undefined_red_line(tmp_path), "OUTPUT": str(tmp_path / "o.gpkg")})


def test_raster_in_an_undefined_crs_is_refused(tmp_path):
    import numpy as np
    from osgeo import gdal, osr

    from multiplan.processing.raster_inputs import raster_path

    path = str(tmp_path / "dem.tif")
    dataset = gdal.GetDriverByName("GTiff").Create(path, 10, 10, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((X0, 10, 0, Y0 + 100, 0, -10))
    reference = osr.SpatialReference()
    reference.SetFromUserInput('LOCAL_CS["Undefined Cartesian SRS",UNIT["Meter",1]]')
    dataset.SetProjection(reference.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(np.ones((10, 10), dtype=np.uint8))
    dataset = None
    layer = QgsRasterLayer(path, "dem", "gdal")
    assert layer.isValid() and layer.crs().isValid()
    with pytest.raises(QgsProcessingException, match="undefined coordinate reference system.*EPSG:4527"):
        raster_path(layer)


# -- 界址点坐标 TXT zones ------------------------------------------------------------------------

SIX_DEGREE_ZONE_39 = ("[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=6\n投影类型=高斯克吕格\n计量单位=米\n带号=39\n"
                      "精度=0.001\n[地块坐标]\n5,0.4000,XM-1,项目,面,,,,@\n"
                      "J1,1,3500080.000,39500020.000\nJ2,1,3500080.000,39500120.000\nJ3,1,3500040.000,39500120.000\n"
                      "J4,1,3500040.000,39500020.000\nJ1,1,3500080.000,39500020.000\n")


def test_import_refuses_a_zone_the_band_width_does_not_have(tmp_path):
    path = tmp_path / "红线.txt"
    path.write_text(SIX_DEGREE_ZONE_39, encoding="gbk")
    with pytest.raises(QgsProcessingException, match=r"line 10: zone 39 .*6-degree.*几度分带=6 \(line 3\).*13 to 23"):
        run("import_coordinate_txt", {"INPUT": str(path), "OUTPUT": str(tmp_path / "o.gpkg")})


def test_project_compliance_no_longer_passes_a_txt_red_line_placed_in_the_wrong_zone(make_layer, tmp_path):
    # It used to place the plot in EPSG:4517 (3-degree zone 29), far from the farmland it lies on.
    path = tmp_path / "红线.txt"
    path.write_text(SIX_DEGREE_ZONE_39, encoding="gbk")
    farm = make_layer([box(0, 0, 200, 200)], gpkg_name="农田.gpkg", name="YJJBNTTB").source()
    with pytest.raises(QgsProcessingException, match="line 10"):
        run("project_compliance", {"PROJECT_TXT": str(path), "FARMLAND": farm, "OUTPUT": str(tmp_path / "o.gpkg"),
                                   "PROJECTS_OUTPUT": str(tmp_path / "p.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})


# -- coordinates outside their CRS --------------------------------------------------------------

def no_prefix_layer(make_layer, name="DLTB"):
    """Declared EPSG:4527 (zone number in the easting) but the eastings lack it."""
    return make_layer([square(100, x0=500_000), square(100, x0=500_200)], fields={"DLBM": str},
                      attributes=[{"DLBM": "0101"}, {"DLBM": "0301"}], gpkg_name=f"{name}.gpkg", name=name).source()


OUTSIDE = (r"coordinates of “DLTB” \(x 500,000\.000 to 500,300\.000, y 3,500,000\.000 to 3,500,100\.000\) cannot "
           r"lie in its CRS CGCS2000 / 3-degree Gauss-Kruger zone 39 .*EPSG:4527: they look like Gauss-Kruger "
           r"coordinates without the zone number")


@pytest.mark.parametrize("algorithm,parameters", [
    ("ellipsoidal_area", lambda layer, tmp: {"INPUT": layer, "OUTPUT": str(tmp / "o.gpkg")}),
    ("quality_check", lambda layer, tmp: {"INPUTS": [layer], "OUTPUT": str(tmp / "o.gpkg"),
                                          "REPORT": str(tmp / "r.xlsx")}),
    ("check_control_lines", lambda layer, tmp: {"ECOLOGICAL_REDLINE": layer, "FARMLAND": layer,
                                                "OUTPUT": str(tmp / "o.gpkg"), "REPORT": str(tmp / "r.xlsx")}),
    ("area_statistics", lambda layer, tmp: {"INPUT": layer, "CODE_FIELD": "DLBM", "OUTPUT_XLSX": str(tmp / "r.xlsx"),
                                            "OUTPUT_CSV": str(tmp / "r.csv")}),
    ("detect_conflicts", lambda layer, tmp: {"PLAN_1": layer, "PLAN_1_FIELD": "DLBM", "PLAN_1_STANDARD": 0,
                                             "PLAN_2": layer, "PLAN_2_FIELD": "DLBM", "PLAN_2_STANDARD": 0,
                                             "PLAN_2_NAME": "B", "OUTPUT": str(tmp / "o.gpkg"),
                                             "REPORT": str(tmp / "r.xlsx")}),
    ("export_coordinate_txt", lambda layer, tmp: {"INPUT": layer, "OUTPUT": str(tmp / "o.txt")}),
])
def test_coordinates_outside_the_declared_crs_are_a_clear_error(make_layer, tmp_path, algorithm, parameters):
    layer = no_prefix_layer(make_layer)
    with pytest.raises(QgsProcessingException, match=OUTSIDE):
        run(algorithm, parameters(layer, tmp_path))


def test_project_compliance_refuses_review_layers_outside_their_crs(make_layer, tmp_path):
    projects = make_layer([box(20, 20, 60, 60)], fields={"XMBH": str}, attributes=[{"XMBH": "XM-1"}],
                          gpkg_name="项目.gpkg", name="XM").source()
    with pytest.raises(QgsProcessingException, match=OUTSIDE):
        run("project_compliance", {"PROJECTS": projects, "FARMLAND": no_prefix_layer(make_layer),
                                   "OUTPUT": str(tmp_path / "o.gpkg"), "PROJECTS_OUTPUT": str(tmp_path / "p.gpkg"),
                                   "REPORT": str(tmp_path / "r.xlsx")})


def test_garbage_coordinates_are_a_clear_error(make_layer, tmp_path):
    layer = make_layer([shapely.box(1e12, 1e12, 1e12 + 100, 1e12 + 100)], gpkg_name="乱码.gpkg", name="LM").source()
    with pytest.raises(QgsProcessingException, match=r"“LM” .* cannot lie in its CRS .*EPSG:4527: they look like "
                                                     r"neither CGCS2000 longitude/latitude nor Gauss-Kruger"):
        run("quality_check", {"INPUTS": [layer], "OUTPUT": str(tmp_path / "o.gpkg"), "REPORT": str(tmp_path / "r.xlsx")})


# -- a custom CGCS2000 Transverse Mercator far from the data -------------------------------------

def far_from_meridian_layer(tmp_path):
    """A 1 km square at 108.5°E, 22.4°N in a CGCS2000 TM with CM 96.5°E (12° away)."""
    x, y = pyproj.Transformer.from_crs(4490, CUSTOM_TM, always_xy=True).transform(108.5, 22.4)
    uri, layer = ogr_geopackage(tmp_path / "区.gpkg", [shapely.box(x, y, x + 1000, y + 1000)], srs=CUSTOM_TM, name="QY")
    assert layer.crs().authid() == ""  # a custom CRS: no EPSG code
    return uri


def test_quality_check_names_the_datum_and_reports_the_distortion(tmp_path):
    feedback = RecordingFeedback()
    run("quality_check", {"INPUTS": [far_from_meridian_layer(tmp_path)], "OUTPUT": str(tmp_path / "o.gpkg"),
                          "REPORT": str(tmp_path / "r.xlsx"), "STANDARD": 0}, feedback)
    problems = QgsVectorLayer(str(tmp_path / "o.gpkg"), "p", "ogr")
    messages = [f["MESSAGE"] for f in problems.getFeatures() if f["CHECK"] == "WRONG_CRS"]
    assert len(messages) == 1, [f["MESSAGE"] for f in problems.getFeatures()]
    assert "not CGCS2000" not in messages[0]
    assert "CGCS2000 / custom Transverse Mercator, CM 96.5°E" in messages[0]
    assert "12.0° from the central meridian 96.5°E" in messages[0] and "areas by 3.8" in messages[0]
    assert any("12.0° from the central meridian" in warning and "zone 36" in warning for warning in feedback.warnings)
    sheets = load_workbook(tmp_path / "r.xlsx").sheetnames
    assert sheets  # the report was written


def test_layer_inside_its_zone_gets_no_crs_problem_or_warning(make_layer, tmp_path):
    feedback = RecordingFeedback()
    layer = make_layer([box(0, 0, 100, 100)], gpkg_name="a.gpkg", name="A").source()
    result = run("quality_check", {"INPUTS": [layer], "OUTPUT": str(tmp_path / "o.gpkg"),
                                   "REPORT": str(tmp_path / "r.xlsx"), "STANDARD": 0}, feedback)
    assert result["PROBLEM_COUNT"] == 0
    assert not any("central meridian" in warning for warning in feedback.warnings)


def test_planimetric_areas_are_labelled_with_their_crs_and_compared_with_ellipsoidal(tmp_path):
    feedback = RecordingFeedback()
    result = run("ellipsoidal_area", {"INPUT": far_from_meridian_layer(tmp_path), "METHOD": 1,
                                      "OUTPUT": str(tmp_path / "o.gpkg")}, feedback)
    assert result["TOTAL_M2"] == pytest.approx(1e6)
    label = result["METHOD_USED"]
    assert label.startswith("planimetric, CGCS2000 / custom Transverse Mercator, CM 96.5°E")
    output = QgsVectorLayer(result["OUTPUT"], "o", "ogr")
    assert [f["AREA_MTHD"] for f in output.getFeatures()] == [label]
    totals = [w for w in feedback.warnings if "Planimetric total" in w]
    assert len(totals) == 1 and "+3.8" in totals[0], feedback.warnings


def test_help_gives_the_real_size_of_the_planimetric_difference():
    from qgis.core import QgsApplication

    help_text = QgsApplication.processingRegistry().algorithmById("multiplan:ellipsoidal_area").shortHelpString()
    assert "tens to hundreds" not in help_text
    assert "520 m² per km²" in help_text and "38,800 m² per km²" in help_text
