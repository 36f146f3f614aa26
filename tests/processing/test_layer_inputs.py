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
