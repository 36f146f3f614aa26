"""multiplan:export_coordinate_txt and multiplan:import_coordinate_txt through processing.run."""
import pytest
import shapely
from qgis.core import QgsProcessingException, QgsVectorLayer

from factories import reproject, square, square_with_hole


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


def run(algorithm, parameters):
    import processing

    return processing.run(algorithm, parameters)


def imported(path, tmp_path, **extra):
    result = run("multiplan:import_coordinate_txt", {"INPUT": str(path), "OUTPUT": str(tmp_path / "导入.gpkg"), **extra})
    layer = QgsVectorLayer(result["OUTPUT"], "plots", "ogr")
    features = list(layer.getFeatures())
    return result, layer, features


def test_export_then_import_round_trip_from_a_zone_without_prefix(make_layer, tmp_path):
    # EPSG:4548 is zone 39 without the prefix: 500 000 m at the central meridian.
    parcels = [square(100, x0=500_000), square_with_hole(200, 50, x0=500_400)]
    layer = make_layer(parcels, crs="EPSG:4548", fields={"XMBH": str, "XMMC": str},
                       attributes=[{"XMBH": "XM-1", "XMMC": "物流园"}, {"XMBH": "XM-2", "XMMC": "学校"}])
    path = tmp_path / "红线 坐标.txt"
    exported = run("multiplan:export_coordinate_txt", {"INPUT": layer, "NUMBER_FIELD": "XMBH", "NAME_FIELD": "XMMC",
                                                       "PRODUCER": "示范县自然资源局", "OUTPUT": str(path)})
    assert exported["PLOT_COUNT"] == 2
    text = path.read_text(encoding="gbk")
    assert "带号=39" in text and "数据产生单位=示范县自然资源局" in text and "J1,1,3500100.000,39500000.000" in text
    result, qlayer, features = imported(path, tmp_path)
    assert qlayer.crs().authid() == "EPSG:4527" and result["WARNING_COUNT"] == 0
    assert [(f["DKBH"], f["DKMC"]) for f in features] == [("XM-1", "物流园"), ("XM-2", "学校")]
    for feature, parcel in zip(features, parcels):
        read = shapely.from_wkb(bytes(feature.geometry().asWkb()))
        expected = shapely.transform(parcel, lambda xy: xy + [39_000_000, 0])
        assert read.normalize().equals_exact(shapely.MultiPolygon([expected]).normalize(), tolerance=1e-6)
    assert [f["MJCY"] for f in features] == [0.0, 0.0]


def test_export_from_geographic_layer_chooses_the_zone_of_its_longitude(make_layer, tmp_path):
    parcel = reproject(square(100, x0=39_600_000), 4527, 4490)  # about 118°E → zone 39
    path = tmp_path / "geo.txt"
    run("multiplan:export_coordinate_txt", {"INPUT": make_layer([parcel], crs="EPSG:4490"), "OUTPUT": str(path),
                                            "ENCODING": 1})
    assert "带号=39" in path.read_text(encoding="utf-8")
    _, _, features = imported(path, tmp_path)
    read = shapely.from_wkb(bytes(features[0].geometry().asWkb()))
    assert read.area == pytest.approx(10_000.0, abs=0.05)


TXT_HEADER = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=39\n[地块坐标]\n"


def test_import_reports_a_declared_area_that_differs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes((TXT_HEADER + "5,9.9999,1,地块1,面,,,,@\nJ1,1,3500100,39500000\nJ2,1,3500100,39500100\n"
                      "J3,1,3500000,39500100\nJ4,1,3500000,39500000\nJ1,1,3500100,39500000\n").encode("gbk"))
    result, _, features = imported(good, tmp_path)
    assert result["WARNING_COUNT"] == 1 and features[0]["JSMJ"] == pytest.approx(1.0, abs=1e-4)
    assert features[0]["DKMJ"] == 9.9999 and features[0]["TXTHH"] == 6


# Kept apart from the test above: with an output layer of an earlier run still referenced when
# processing.run raises, the process crashed at exit (QGIS 3.22, exit code 139 after all passed).
def test_import_stops_on_a_malformed_line_and_names_it(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes((TXT_HEADER + "5,1.0,1,地块1,面,,,,@\nJ1,1,3500100,oops\n").encode("gbk"))
    with pytest.raises(QgsProcessingException, match="line 7"):
        imported(bad, tmp_path)


def test_export_of_layer_without_polygons_is_an_error(make_layer, tmp_path):
    with pytest.raises(QgsProcessingException, match="no polygons"):
        run("multiplan:export_coordinate_txt", {"INPUT": make_layer([None]), "OUTPUT": str(tmp_path / "x.txt")})
