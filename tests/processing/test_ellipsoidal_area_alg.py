"""multiplan:ellipsoidal_area through processing.run, checked against QgsDistanceArea."""
import pytest
import shapely
from qgis.core import (NULL, QgsCoordinateReferenceSystem, QgsDistanceArea, QgsProcessingException,
                       QgsProcessingFeedback, QgsProject, QgsVectorLayer)

from factories import bowtie, square, square_with_hole

ALG = "multiplan:ellipsoidal_area"


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(parameters, feedback=None):
    import processing

    return processing.run(ALG, parameters, feedback=feedback)


def qgis_ellipsoidal_area(geometry, crs="EPSG:4527"):
    """Independent reference: QGIS's own ellipsoidal measurement on the CGCS2000 ellipsoid."""
    from qgis.core import QgsGeometry

    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem(crs), QgsProject.instance().transformContext())
    assert measure.setEllipsoid("EPSG:1024")  # CGCS2000
    return measure.measureArea(QgsGeometry.fromWkt(geometry.wkt))


def output_rows(path):
    layer = QgsVectorLayer(str(path), "out", "ogr")
    assert layer.isValid()
    return [feature.attributes() for feature in layer.getFeatures()], [f.name() for f in layer.fields()]


def test_planimetric_areas_in_three_units(make_layer, tmp_path):
    layer = make_layer([square(100), square_with_hole(100, 40)], fields={"DLBM": str},
                       attributes=[{"DLBM": "0101"}, {"DLBM": "0301"}])
    result = run({"INPUT": layer, "METHOD": 1, "OUTPUT": str(tmp_path / "out.gpkg")})
    rows, names = output_rows(result["OUTPUT"])
    assert names[-5:] == ["DLBM", "AREA_M2", "AREA_HA", "AREA_MU", "AREA_MTHD"]
    assert [row[-4:-1] for row in rows] == [[10_000.0, 1.0, 15.0], [8_400.0, 0.84, 12.6]]
    assert rows[0][-1] == "planimetric, EPSG:4527"
    assert result["TOTAL_M2"] == 18_400.0 and result["TOTAL_MU"] == pytest.approx(27.6)


@pytest.mark.parametrize("x0", [39_500_000, 39_380_000])  # on and 120 km off the central meridian
def test_ellipsoidal_area_matches_qgis_distance_area(make_layer, tmp_path, x0):
    parcel = square_with_hole(500, 120, x0=x0)
    layer = make_layer([parcel])
    result = run({"INPUT": layer, "METHOD": 0, "DECIMALS": 4, "OUTPUT": str(tmp_path / "out.gpkg")})
    rows, _ = output_rows(result["OUTPUT"])
    assert rows[0][-4] == pytest.approx(qgis_ellipsoidal_area(parcel), rel=1e-4)
    assert rows[0][-1] == "ellipsoidal, CGCS2000 ellipsoid"


def test_input_layer_is_not_modified_and_invalid_geometry_is_measured_repaired(make_layer, tmp_path):
    layer = make_layer([bowtie(100), None], fields={"名称": str}, attributes=[{"名称": "蝴蝶"}, {"名称": "无图形"}],
                       gpkg_name="输入 数据.gpkg", name="地类图斑")
    feedback = QgsProcessingFeedback()
    result = run({"INPUT": layer, "METHOD": 1, "OUTPUT": str(tmp_path / "结果.gpkg")}, feedback)
    rows, _ = output_rows(result["OUTPUT"])
    assert rows[0][1] == "蝴蝶" and rows[0][-4] == 5_000.0
    assert rows[1][1] == "无图形" and rows[1][-4:-1] == [NULL, NULL, NULL]  # no geometry, no area
    assert [f.name() for f in layer.fields()] == ["fid", "名称"]
    assert layer.featureCount() == 2
    assert not shapely.from_wkt(next(layer.getFeatures()).geometry().asWkt()).is_valid  # still the bow-tie


def test_layer_without_crs_is_a_clear_error(make_layer, tmp_path):
    layer = make_layer([square(10)], crs=None)
    with pytest.raises(QgsProcessingException, match="has no coordinate reference system"):
        run({"INPUT": layer, "OUTPUT": str(tmp_path / "out.gpkg")})


def test_planimetric_on_geographic_layer_is_a_clear_error(make_layer, tmp_path):
    layer = make_layer([shapely.box(117.0, 31.6, 117.001, 31.601)], crs="EPSG:4490")
    with pytest.raises(QgsProcessingException, match="projected CRS"):
        run({"INPUT": layer, "METHOD": 1, "OUTPUT": str(tmp_path / "out.gpkg")})


def test_empty_layer_gives_empty_output(make_layer, tmp_path):
    result = run({"INPUT": make_layer([]), "OUTPUT": str(tmp_path / "out.gpkg")})
    rows, _ = output_rows(result["OUTPUT"])
    assert rows == [] and result["TOTAL_M2"] == 0.0


def test_cancelled_run_raises(make_layer, tmp_path):
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="cancelled"):
        run({"INPUT": make_layer([square(10)]), "OUTPUT": str(tmp_path / "out.gpkg")}, feedback)


def test_default_decimals_are_those_of_every_output(make_layer, tmp_path):
    """m² and 亩 to 2 decimals, 公顷 to 4, as every MultiPlan output (issue 16)."""
    layer = make_layer([shapely.box(39_500_000, 3_500_000, 39_500_100, 3_500_012.34)])
    result = run({"INPUT": layer, "METHOD": 1, "OUTPUT": str(tmp_path / "out.shp")})
    rows, names = output_rows(result["OUTPUT"])
    values = dict(zip(names, rows[0]))
    assert (values["AREA_M2"], values["AREA_HA"], values["AREA_MU"]) == (1234.0, 0.1234, 1.85)
