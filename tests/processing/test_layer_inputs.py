"""How every algorithm reads its inputs (processing/layer_io.py), shown through ellipsoidal_area."""
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import square, write_shapefile
from recording import RecordingFeedback


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider



def test_gbk_shapefile_without_cpg_keeps_its_chinese_attributes(tmp_path):
    import processing

    folder = tmp_path / "三调 数据"
    folder.mkdir()
    shapefile = write_shapefile(folder, "CP936", ["水田", "乔木林地"], keep_cpg=False)
    feedback = RecordingFeedback()
    result = processing.run("multiplan:ellipsoidal_area", {"INPUT": str(shapefile), "METHOD": 1,
                                                           "OUTPUT": str(tmp_path / "结果.gpkg")}, feedback=feedback)
    output = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    assert [f["DLMC"] for f in output.getFeatures()] == ["水田", "乔木林地"]
    assert [f["AREA_M2"] for f in output.getFeatures()] == [100.0, 100.0]
    assert any("as GBK" in info for info in feedback.infos)


def test_missing_crs_error_suggests_the_zone_from_the_coordinates(make_layer, tmp_path):
    import processing

    layer = make_layer([square(100)], crs=None)
    with pytest.raises(QgsProcessingException, match=r"look like CGCS2000 / 3-degree Gauss-Kruger zone 39.*EPSG:4527"):
        processing.run("multiplan:ellipsoidal_area", {"INPUT": layer, "OUTPUT": str(tmp_path / "o.gpkg")})


def _gpkg(path, boolean=False):
    """A GeoPackage table with every simple field type, NULLs, Chinese and empty text, a null geometry."""
    from osgeo import ogr, osr

    data_source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = data_source.CreateLayer("地类图斑", srs, ogr.wkbMultiPolygon)
    for name, kind in (("DLMC", ogr.OFTString), ("N", ogr.OFTInteger), ("BSM", ogr.OFTInteger64), ("TBMJ", ogr.OFTReal)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    if boolean:
        flag = ogr.FieldDefn("SFJBNT", ogr.OFTInteger)
        flag.SetSubType(ogr.OFSTBoolean)
        layer.CreateField(flag)
    rows = [("水田", 3, 2 ** 40, 12.5), (None, None, None, None), ("", -1, 7, 0.1), ("乔木林地", 0, 8, -2.25)]
    for k, values in enumerate(rows):
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, value in zip(("DLMC", "N", "BSM", "TBMJ"), values):
            if value is not None:
                feature.SetField(name, value)
        if boolean:
            feature.SetField("SFJBNT", k % 2)
        if k != 1:
            x = 39_500_000 + 100 * k
            feature.SetGeometry(ogr.CreateGeometryFromWkt(
                f"MULTIPOLYGON((({x} 3500000,{x + 50} 3500000,{x + 50} 3500040,{x} 3500000)))"))
        layer.CreateFeature(feature)
    data_source = None
    return path


def _read_both(path, subset=""):
    import shapely
    from qgis.core import QgsProcessingContext, QgsProcessingFeatureSource

    from multiplan.processing import layer_io

    layer = QgsVectorLayer(f"{path}|layername=地类图斑", "DLTB", "ogr")
    if subset:
        layer.setSubsetString(subset)
    context = QgsProcessingContext()
    table = layer_io.arrow_table(layer)
    fast = layer_io.read_source(QgsProcessingFeatureSource(layer, context), None, None, "DLTB", table)
    slow = layer_io.read_source(QgsProcessingFeatureSource(layer, context), None, None, "DLTB", None)
    names = [layer.fields().at(i).name() for i in range(layer.fields().count())]
    assert len(fast) == len(slow) and [g is None for g in fast.geometries] == [g is None for g in slow.geometries]
    assert all(a is None or shapely.equals_exact(a, b, 0) for a, b in zip(fast.geometries, slow.geometries))
    for name in names:
        assert fast.values(name) == slow.values(name), name
        assert [type(v) for v in fast.values(name)] == [type(v) for v in slow.values(name)], name
    return table, fast, slow


def test_geopackage_tables_are_read_through_arrow_with_the_values_qgis_gives(tmp_path):
    """Read through GDAL's Arrow interface, a GeoPackage table gives the same geometries (a null
    one too) and, field by field, the same values of the same Python types as QgsFeatures (NULL →
    None, Chinese and empty text, 64-bit integers); the features themselves are read only when
    asked for, in the same order."""
    table, fast, slow = _read_both(_gpkg(tmp_path / "三调.gpkg"))
    assert table is not None and fast.columns is not None and fast._features is None
    assert fast.values("DLMC") == ["水田", None, "", "乔木林地"] and fast.values("BSM")[0] == 2 ** 40
    assert [f.id() for f in fast.features] == [f.id() for f in slow.features] == [1, 2, 3, 4]


def test_what_arrow_would_not_read_as_qgis_does_is_read_through_qgis(tmp_path):
    """Booleans (GDAL 3.6's Arrow bitmaps are not to be trusted), a subset string and a selection
    are read feature by feature."""
    from qgis.core import QgsProcessingFeatureSourceDefinition

    from multiplan.processing import layer_io

    table, fast, _ = _read_both(_gpkg(tmp_path / "布尔.gpkg", boolean=True))
    assert table is not None and fast.columns is None  # the table qualifies, the field type does not
    table, fast, _ = _read_both(_gpkg(tmp_path / "子集.gpkg"), subset="\"N\" >= 0")
    assert table is None and len(fast) == 2  # N 3 and 0
    layer = QgsVectorLayer(f"{tmp_path / '子集.gpkg'}|layername=地类图斑", "DLTB", "ogr")
    selected = QgsProcessingFeatureSourceDefinition(layer.id(), True)
    assert layer_io.arrow_table(layer, selected) is None


def test_a_count_arrow_does_not_match_falls_back_to_qgis(tmp_path):
    """Where Arrow gives another number of rows than QGIS counts (a count gone stale), the table is
    not read through Arrow (None: the caller reads it through QGIS); an empty table reads as empty."""
    from osgeo import ogr, osr

    from multiplan.processing import layer_io

    data_source = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "空.gpkg"))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    data_source.CreateLayer("空表", srs, ogr.wkbMultiPolygon).CreateField(ogr.FieldDefn("DLMC", ogr.OFTString))
    data_source = None
    layer = QgsVectorLayer(f"{tmp_path / '空.gpkg'}|layername=空表", "空表", "ogr")
    table = layer_io.arrow_table(layer)
    assert table is not None
    assert layer_io.read_arrow(table, layer.fields(), 3) is None
    geometries, columns = layer_io.read_arrow(table, layer.fields(), 0)
    assert len(geometries) == 0 and columns["DLMC"] == []
