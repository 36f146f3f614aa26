"""Issue 16 §3: a project whose CRS is GeoPackage's "Undefined geographic SRS" (QGIS takes it from
the first layer loaded, and does not even call it geographic) must not become the CRS of a new
blueprint workspace."""
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsVectorLayer

UNDEFINED_GEOGRAPHIC = ('GEOGCS["Undefined geographic SRS",DATUM["unknown",SPHEROID["unknown",6378137,298.257223563]],'
                        'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]')


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


@pytest.mark.parametrize("wkt", [UNDEFINED_GEOGRAPHIC, 'LOCAL_CS["Undefined Cartesian SRS",UNIT["Meter",1]]'])
def test_new_workspace_from_an_undefined_project_crs_takes_the_default(qgis_iface, qgis_canvas, qtbot, tmp_path,
                                                                       monkeypatch, wkt):
    from multiplan.ui import blueprint_dock
    from multiplan.ui.blueprint_dock import BlueprintDock

    undefined = QgsCoordinateReferenceSystem.fromWkt(wkt)
    assert undefined.isValid() and not undefined.isGeographic()  # why a plain isGeographic() test let it through
    qgis_canvas.setDestinationCrs(undefined)
    QgsProject.instance().clear()
    widget = BlueprintDock(qgis_iface)
    qtbot.addWidget(widget)
    path = tmp_path / "蓝图.gpkg"
    monkeypatch.setattr(blueprint_dock.QFileDialog, "getSaveFileName", lambda *args, **kw: (str(path), ""))
    try:
        widget.new_workspace_dialog()
        layer = QgsVectorLayer(str(path), "ws", "ogr")
        assert layer.isValid() and layer.crs().authid() == "EPSG:4548"
    finally:
        widget.unload()
        QgsProject.instance().clear()
