"""The 一张图查询 map tool and panel driven like a user: click a point, draw a polygon, read the table,
export it, edit a layer and query again.

Layers are hand-built in EPSG:4527 metres near the central meridian (a plan in a GeoPackage with
BSM, a red line in memory without identifiers, farmland stored in EPSG:4490 degrees) and a graded
GeoTIFF. Expected areas are measured independently (pyproj Geod on the CGCS2000 ellipsoid after
reprojecting with pyproj, ``factories.geodesic_area``) on the exact intersection, so a wrong
CRS, a lost piece or a stale cache fails.
"""
import numpy as np
import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsGeometry, QgsPalettedRasterRenderer, QgsPointXY, QgsProject, QgsRasterLayer
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtGui import QColor, QKeyEvent

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0, close_dock, geodesic_area, make_layer, reproject
from rasters import write_raster

CRS = "EPSG:4527"
MU_PER_M2 = 3 / 2000


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def ellipsoidal_m2(geometry):
    return geodesic_area([geometry], CRS)


@pytest.fixture(autouse=True)
def english_reports(monkeypatch):
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "en")


@pytest.fixture
def dock(qgis_iface, canvas, qtbot):
    from multiplan.ui.query_panel import OneMapQueryDock

    QgsProject.instance().clear()
    widget = OneMapQueryDock(qgis_iface)
    qtbot.addWidget(widget)
    yield widget
    close_dock(widget)


@pytest.fixture
def layers(tmp_path):
    """城规 (GeoPackage, BSM), 生态保护红线 (memory, no identifier field), 永久基本农田 (EPSG:4490)."""
    plan = make_layer([box(0, 0, 100, 100), box(100, 0, 200, 100)], CRS,
                      [{"BSM": "GH001", "YDDM": "0701", "YDMC": "城镇住宅用地"},
                       {"BSM": "GH002", "YDDM": "1401", "YDMC": "公园绿地"}],
                      {"BSM": str, "YDDM": str, "YDMC": str}, tmp_path / "城规.gpkg", "CGYD")
    plan.setName("城规")
    red = make_layer([box(150, 0, 300, 100)], CRS, [{"HXMC": "清水河"}], {"HXMC": str}, name="生态保护红线")
    farmland_4527 = box(0, 100, 200, 200)
    farmland = make_layer([reproject(farmland_4527, CRS, "EPSG:4490")], "EPSG:4490", [{"JBNTBH": "NT01"}],
                          {"JBNTBH": str}, name="永久基本农田")
    for layer in (plan, red, farmland):
        assert layer.isValid()
        QgsProject.instance().addMapLayer(layer)
    return {"plan": plan, "red": red, "farmland": farmland, "farmland_4527": farmland_4527}


@pytest.fixture
def grades(tmp_path):
    """A 20 × 10 grid of 10 m cells from (0, 100) down: grade 1 in the west half, 3 in the east,
    styled with named classes as the 双评价 rasters are."""
    values = np.ones((10, 20), dtype=np.uint8)
    values[:, 10:] = 3
    path = write_raster(tmp_path / "城镇建设适宜性.tif", values, (X0, 10.0, 0.0, Y0 + 100, 0.0, -10.0), nodata=0)
    layer = QgsRasterLayer(path, "城镇建设适宜性")
    assert layer.isValid()
    classes = [QgsPalettedRasterRenderer.Class(1, QColor(200, 0, 0), "不适宜"),
               QgsPalettedRasterRenderer.Class(3, QColor(0, 160, 0), "适宜")]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    QgsProject.instance().addMapLayer(layer)
    return layer


def click(canvas, tool, x, y, button=Qt.LeftButton):
    pixel = canvas.getCoordinateTransform().transform(X0 + x, Y0 + y)
    event = QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, QPoint(round(pixel.x()), round(pixel.y())), button)
    tool.canvasReleaseEvent(event)


def rows_of(rows, layer):
    return rows[rows["layer"] == layer].set_index("feature")


def test_a_polygon_lists_each_layer_with_the_ellipsoidal_area_met(dock, layers):
    project = box(80, 0, 180, 150)  # 1.5 ha: both plan parcels, the red line, the farmland
    dock.set_mode("polygon")
    dock.tool.query_polygon([QgsPointXY(x, y) for x, y in project.exterior.coords[:-1]])
    rows = dock.rows
    assert set(rows["layer"]) == {"城规", "生态保护红线", "永久基本农田"}
    plan = rows_of(rows, "城规")
    assert list(plan.index) == ["GH001", "GH002"]  # features named by BSM, in the layer's order
    assert plan.loc["GH001", "area_m2"] == pytest.approx(ellipsoidal_m2(box(80, 0, 100, 100)), rel=1e-6)
    assert plan.loc["GH002", "area_m2"] == pytest.approx(ellipsoidal_m2(box(100, 0, 180, 100)), rel=1e-6)
    assert plan.loc["GH002", "area_ha"] == pytest.approx(plan.loc["GH002", "area_m2"] / 10_000)
    assert plan.loc["GH002", "area_mu"] == pytest.approx(plan.loc["GH002", "area_m2"] * MU_PER_M2)
    assert plan.loc["GH002", "share"] == pytest.approx(8000 / 15000, rel=1e-5)
    assert "YDDM=1401" in plan.loc["GH002", "attributes"] and "fid=" not in plan.loc["GH002", "attributes"]
    red = rows_of(rows, "生态保护红线")
    assert list(red.index) == ["1"]  # no identifier field: the feature's number
    assert red.loc["1", "area_m2"] == pytest.approx(ellipsoidal_m2(box(150, 0, 180, 100)), rel=1e-6)
    farmland = rows_of(rows, "永久基本农田")  # stored in degrees, queried in metres
    met = shapely.intersection(layers["farmland_4527"], project)
    assert farmland.loc["1", "area_m2"] == pytest.approx(ellipsoidal_m2(met), rel=1e-6)
    assert dock.location_area == pytest.approx(ellipsoidal_m2(project), rel=1e-6)
    # The table shows the same figures.
    model = dock.model
    assert model.rowCount() == 4
    shown = {(model.index(r, 0).data(), model.index(r, 1).data()): model.index(r, 2).data() for r in range(4)}
    assert shown[("城规", "GH002")] == f"{plan.loc['GH002', 'area_ha']:,.4f}"
    assert dock.export_button.isEnabled()


def test_a_polygon_drawn_with_clicks_and_finished_with_a_right_click(dock, layers, qtbot):
    dock.set_mode("polygon")
    assert dock.canvas.mapTool() is dock.tool
    drawn = []
    dock.tool.locationChosen.connect(drawn.append)
    for x, y in [(20, 20), (120, 20), (120, 80), (20, 80)]:
        click(dock.canvas, dock.tool, x, y)
    assert len(dock.tool.points) == 4 and dock.rows is None  # nothing asked before the right click
    click(dock.canvas, dock.tool, 20, 20, Qt.RightButton)
    assert len(drawn) == 1 and dock.tool.points == []
    polygon = shapely.from_wkb(bytes(drawn[0].asWkb()))  # where the clicks landed (whole pixels)
    plan = rows_of(dock.rows, "城规")
    for bsm, parcel in (("GH001", box(0, 0, 100, 100)), ("GH002", box(100, 0, 200, 100))):
        assert plan.loc[bsm, "area_m2"] == pytest.approx(ellipsoidal_m2(shapely.intersection(parcel, polygon)),
                                                         rel=1e-6)
    assert "生态保护红线" not in set(dock.rows["layer"])


def test_escape_cancels_the_polygon_being_drawn(dock, layers):
    dock.set_mode("polygon")
    for x, y in [(20, 20), (120, 20), (120, 80)]:
        click(dock.canvas, dock.tool, x, y)
    dock.tool.keyPressEvent(QKeyEvent(QEvent.KeyPress, Qt.Key_Escape, Qt.NoModifier))
    assert dock.tool.points == []
    click(dock.canvas, dock.tool, 20, 20, Qt.RightButton)
    assert dock.rows is None


def test_a_click_finds_the_features_under_the_point(dock, layers):
    dock.activate_tool()
    assert dock.canvas.mapTool() is dock.tool and dock.tool.mode == "point"
    click(dock.canvas, dock.tool, 170, 50)
    rows = dock.rows
    # In the layer tree's order: the layer added last is on top.
    assert rows[["layer", "feature"]].values.tolist() == [["生态保护红线", "1"], ["城规", "GH002"]]
    assert rows["area_m2"].isna().all() and rows["share"].isna().all()
    assert rows.loc[0, "attributes"] == "HXMC=清水河"
    assert dock.location_area is None
    assert dock.model.index(0, 2).data() == ""  # no area for a point


def test_a_raster_gives_its_value_at_a_point_and_its_majority_in_a_polygon(dock, layers, grades):
    dock.tool.query_point(QgsPointXY(X0 + 150, Y0 + 50))
    raster = dock.rows[dock.rows["layer"] == "城镇建设适宜性"]
    assert [text.en for text in raster["attributes"]] == ["value=3 (适宜)"]
    dock.tool.query_polygon([QgsPointXY(X0 + x, Y0 + y) for x, y in [(60, 0), (160, 0), (160, 100), (60, 100)]])
    raster = dock.rows[dock.rows["layer"] == "城镇建设适宜性"].iloc[0]
    assert raster["share"] == pytest.approx(0.6)  # 60 of the 100 cell centres are grade 3
    assert raster["attributes"].en == "majority=3 (适宜); min=1; max=3; 100 cells"


def test_export_to_excel_round_trip(dock, layers, tmp_path):
    dock.tool.query_polygon([QgsPointXY(X0 + x, Y0 + y) for x, y in [(80, 0), (180, 0), (180, 150), (80, 150)]])
    path = tmp_path / "查询.xlsx"
    assert dock.export_excel(str(path))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["All locations", dock.location_id]
    sheet = workbook.worksheets[1]
    header = [cell.value for cell in sheet[3]]
    assert header[:2] == ["Layer", "Feature"]
    read = {(row[0], row[1]): row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    assert len(read) == len(dock.rows)
    for _, row in dock.rows.iterrows():
        layer, feature, ha, mu, share, attributes = read[(row["layer"], row["feature"])]
        assert ha == pytest.approx(row["area_ha"], abs=1e-9) and mu == pytest.approx(row["area_mu"], abs=1e-9)
        assert share == pytest.approx(row["share"], abs=1e-9) and attributes == row["attributes"]
    assert read[("城规", "GH002")][2] == pytest.approx(ellipsoidal_m2(box(100, 0, 180, 100)) / 10_000, rel=1e-6)


def test_a_second_query_reads_nothing_again_and_an_edit_changes_the_answer(dock, layers):
    plan = layers["plan"]
    square = [QgsPointXY(X0 + x, Y0 + y) for x, y in [(80, 0), (180, 0), (180, 100), (80, 100)]]
    dock.tool.query_polygon(square)
    assert dock.cache.reads == 3
    dock.tool.query_point(QgsPointXY(X0 + 50, Y0 + 50))
    assert dock.cache.reads == 3  # nothing read again
    assert rows_of(dock.rows, "城规").loc["GH001", "attributes"].startswith("BSM=GH001; YDDM=0701")
    # An attribute edit (not committed) shows at once.
    plan.startEditing()
    first = next(f.id() for f in plan.getFeatures() if f["BSM"] == "GH001")
    assert plan.changeAttributeValue(first, plan.fields().indexOf("YDDM"), "0702")
    dock.tool.query_point(QgsPointXY(X0 + 50, Y0 + 50))
    assert "YDDM=0702" in rows_of(dock.rows, "城规").loc["GH001", "attributes"]
    # A new identifier, and a moved edge, are read again.
    assert plan.changeAttributeValue(first, plan.fields().indexOf("BSM"), "GH009")
    assert plan.changeGeometry(first, QgsGeometry.fromWkt(box(0, 0, 90, 100).wkt))
    dock.tool.query_polygon(square)
    assert dock.cache.reads == 4
    met = rows_of(dock.rows, "城规")
    assert "GH001" not in met.index
    assert met.loc["GH009", "area_m2"] == pytest.approx(ellipsoidal_m2(box(80, 0, 90, 100)), rel=1e-6)
    plan.rollBack()
    dock.tool.query_polygon(square)
    assert dock.cache.reads == 5
    assert rows_of(dock.rows, "城规").loc["GH001", "area_m2"] == pytest.approx(ellipsoidal_m2(box(80, 0, 100, 100)),
                                                                             rel=1e-6)
    # A layer removed from the project is forgotten.
    red_id = layers["red"].id()
    assert red_id in dock.cache.entries
    QgsProject.instance().removeMapLayer(red_id)
    assert red_id not in dock.cache.entries and len(dock.cache.entries) == 2
    dock.tool.query_polygon(square)
    assert "生态保护红线" not in set(dock.rows["layer"]) and dock.cache.reads == 5


def test_only_visible_layers_unless_asked(dock, layers):
    root = QgsProject.instance().layerTreeRoot()
    root.findLayer(layers["red"].id()).setItemVisibilityChecked(False)
    dock.tool.query_point(QgsPointXY(X0 + 170, Y0 + 50))
    assert list(dock.rows["layer"]) == ["城规"]
    dock.visible_only.setChecked(False)
    dock.tool.query_point(QgsPointXY(X0 + 170, Y0 + 50))
    assert list(dock.rows["layer"]) == ["生态保护红线", "城规"]


def test_a_layer_without_crs_is_left_out_with_a_message(dock, layers, qgis_iface):
    lost = make_layer([box(0, 0, 50, 50)], None, name="无坐标系")
    QgsProject.instance().addMapLayer(lost)
    dock.tool.query_point(QgsPointXY(X0 + 20, Y0 + 20))
    assert list(dock.rows["layer"]) == ["城规"]
    assert any("无坐标系" in message for message in qgis_iface.messageBar().get_messages(1))  # Qgis.Warning


def test_the_toolbar_button_takes_the_map_tool_and_shows_the_panel(qgis_iface, qgis_processing, canvas):
    import multiplan
    from multiplan.ui.query_panel import OneMapQueryDock

    plugin = multiplan.classFactory(qgis_iface)
    plugin.initGui()
    try:
        action = plugin.query_action
        assert action.isCheckable() and action.objectName() == "MultiPlanOneMapQuery"
        action.trigger()
        dock = plugin.docks["query"]
        assert isinstance(dock, OneMapQueryDock) and not dock.isHidden()
        assert canvas.mapTool() is dock.tool and action.isChecked()
        action.trigger()
        assert canvas.mapTool() is not dock.tool and not action.isChecked()
        dock.set_mode("polygon")  # choosing a mode in the panel takes the map again
        assert canvas.mapTool() is dock.tool and action.isChecked()
        dock.close()  # closing the panel puts the tool down
        assert canvas.mapTool() is not dock.tool and not action.isChecked()
        action.trigger()
        assert not dock.isHidden() and canvas.mapTool() is dock.tool and dock.tool.mode == "polygon"
    finally:
        plugin.unload()
    assert plugin.docks == {} and canvas.mapTool() is None


def test_a_saved_geopackage_layer_is_read_through_arrow_with_the_same_ids(layers):
    """The 城规 GeoPackage (nothing unsaved) is read through GDAL's Arrow interface: the same fids,
    geometries and BSM as feature by feature; a memory layer, or the GeoPackage while it is being
    edited, is read through QGIS."""
    import shapely

    from multiplan.ui import query_panel

    plan = layers["plan"]
    fids, geometries, columns = query_panel._read_arrow(plan, plan.fields(), [plan.fields().lookupField("BSM")])
    features = list(plan.getFeatures())
    assert list(fids) == [f.id() for f in features] and columns == [["GH001", "GH002"]]
    assert all(shapely.equals_exact(g, shapely.from_wkb(bytes(f.geometry().asWkb())), 0)
               for g, f in zip(geometries, features))
    assert query_panel._read_arrow(layers["red"], layers["red"].fields(), []) is None
    plan.startEditing()
    try:
        assert query_panel._read_arrow(plan, plan.fields(), []) is None
    finally:
        plan.rollBack()
