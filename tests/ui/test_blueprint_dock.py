"""The 三区三线 workspace dock driven like a user: create, draw with clicks, undo, check now.

Coordinates are EPSG:4527 metres near the central meridian; every expected area is measured
independently (pyproj Geod on the CGCS2000 ellipsoid after reprojecting with pyproj) on the
polygon the user drew, so a wrong vertex, a lost cut or a stale panel fails.
"""
import pytest
import shapely
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsSnappingConfig, QgsTolerance
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0, close_dock, geodesic_area

CRS = "EPSG:4527"


def ellipsoidal_m2(geometry):
    return geodesic_area([geometry], CRS)


@pytest.fixture(autouse=True)
def _provider(multiplan_provider):
    return multiplan_provider


@pytest.fixture
def dock(qgis_iface, canvas, tmp_path, qtbot):
    from multiplan.ui.blueprint_dock import BlueprintDock

    QgsProject.instance().clear()
    widget = BlueprintDock(qgis_iface)
    qtbot.addWidget(widget)
    assert widget.new_workspace(str(tmp_path / "蓝图 工作空间.gpkg"), QgsCoordinateReferenceSystem(CRS))
    yield widget
    close_dock(widget)


def click(canvas, tool, x, y, button=Qt.LeftButton):
    pixel = canvas.getCoordinateTransform().transform(x, y)
    event = QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, QPoint(round(pixel.x()), round(pixel.y())), button)
    tool.canvasReleaseEvent(event)


def draw(dock, type_id, points):
    dock.type_combo.setCurrentIndex(dock.type_combo.findData(type_id))
    dock.draw_button.setChecked(True)
    assert dock.canvas.mapTool() is dock.tool
    for x, y in points:
        click(dock.canvas, dock.tool, x, y)
    click(dock.canvas, dock.tool, *points[0], button=Qt.RightButton)
    dock.tracker.flush()


def box_points(xmin, ymin, xmax, ymax):
    return [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]


def features(layer):
    return list(layer.getFeatures())


def geometry_of(feature):
    return shapely.from_wkb(bytes(feature.geometry().asWkb()))


def pixel_exact_box(canvas, xmin, ymin, xmax, ymax):
    """The box the canvas actually yields for these corners (clicks land on pixel centres)."""
    to_map = canvas.getCoordinateTransform()
    corners = []
    for x, y in box_points(xmin, ymin, xmax, ymax):
        pixel = to_map.transform(x, y)
        point = to_map.toMapCoordinates(round(pixel.x()), round(pixel.y()))
        corners.append((point.x(), point.y()))
    return shapely.Polygon(corners)


def area_row(dock, key):
    return next(row for row in dock.area_rows() if row.key == key)


def test_new_workspace_has_the_standard_layers_in_a_group_with_styles(dock, tmp_path):
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRuleBasedRenderer

    assert set(dock.layers) == {"STBHHX", "YJJBNT", "CZKFBJ", "SQ", "GHYT", "XZQ"}
    group = QgsProject.instance().layerTreeRoot().findGroup("蓝图 工作空间")
    assert group is not None
    assert {node.layer().id() for node in group.findLayers()} == {layer.id() for layer in dock.layers.values()}
    zones = dock.layers["SQ"]
    assert isinstance(zones.renderer(), QgsCategorizedSymbolRenderer)
    assert [c.value() for c in zones.renderer().categories()] == ["1", "2", "3"]
    assert isinstance(dock.layers["GHYT"].renderer(), QgsRuleBasedRenderer)
    assert "KJLXDM" in zones.fields().names() and "HXLX" in dock.layers["STBHHX"].fields().names()
    assert dock.layers["STBHHX"].crs().authid() == CRS
    # Opening the same file again reuses the layers instead of adding copies.
    before = len(QgsProject.instance().mapLayers())
    assert dock.open_workspace(str(tmp_path / "蓝图 工作空间.gpkg"))
    assert len(QgsProject.instance().mapLayers()) == before


def test_creating_over_an_existing_file_is_refused(dock, tmp_path, qgis_iface):
    assert not dock.new_workspace(str(tmp_path / "蓝图 工作空间.gpkg"), QgsCoordinateReferenceSystem(CRS))
    assert any("already exists" in text for text in qgis_iface.messageBar().get_messages(2))


def test_drawing_with_clicks_adds_a_feature_with_prefilled_attributes_and_live_area(dock):
    draw(dock, "urban_space", box_points(X0, Y0, X0 + 200, Y0 + 100))
    [feature] = features(dock.layers["SQ"])
    assert feature["KJLXDM"] == "1" and feature["KJLXMC"] == "城镇空间" and feature["BSM"] == 1
    expected = pixel_exact_box(dock.canvas, X0, Y0, X0 + 200, Y0 + 100)
    assert geometry_of(feature).equals_exact(shapely.MultiPolygon([expected]).normalize(), 1e-6) or \
        abs(geometry_of(feature).symmetric_difference(expected).area) < 1e-6
    row = area_row(dock, "SQ/1")
    assert row.count == 1
    assert row.area_m2 == pytest.approx(ellipsoidal_m2(expected), rel=1e-7)
    assert area_row(dock, "SQ/2").area_m2 == 0
    # The panel shows it in 公顷 and 亩.
    index = [r.key for r in dock.area_rows()].index("SQ/1")
    assert dock.area_table.item(index, 0).text() in ("城镇空间", "Urban space")
    assert dock.area_table.item(index, 2).text() == f"{row.area_ha:,.4f}"
    assert dock.area_table.item(index, 3).text() == f"{row.area_mu:,.2f}"
    # A second polygon gets the next 标识码.
    draw(dock, "agricultural_space", box_points(X0 + 300, Y0, X0 + 400, Y0 + 100))
    assert sorted(f["BSM"] for f in features(dock.layers["SQ"])) == [1, 2]


def test_snapping_puts_a_click_near_a_vertex_exactly_on_it(dock):
    draw(dock, "ecological", [(X0 + 0.123, Y0 + 0.456), (X0 + 200, Y0), (X0 + 200, Y0 + 200), (X0, Y0 + 200)])
    vertex = geometry_of(features(dock.layers["STBHHX"])[0]).geoms[0].exterior.coords[0]
    config = QgsSnappingConfig(QgsProject.instance())
    config.setEnabled(True)
    config.setMode(QgsSnappingConfig.AllLayers)
    config.setTypeFlag(QgsSnappingConfig.VertexFlag)
    config.setTolerance(5)
    config.setUnits(QgsTolerance.ProjectUnits)
    QgsProject.instance().setSnappingConfig(config)
    dock.canvas.snappingUtils().setConfig(config)
    dock.layers["STBHHX"].commitChanges(False)
    near = (vertex[0] - 1.5, vertex[1] - 1.5)
    draw(dock, "farmland", [near, (X0 - 150, Y0 - 10), (X0 - 150, Y0 - 160)])
    drawn = [tuple(c) for c in geometry_of(features(dock.layers["YJJBNT"])[0]).geoms[0].exterior.coords]
    assert vertex in drawn  # snapped exactly, although the click was metres away
    assert not any(abs(x - near[0]) < 1e-9 and abs(y - near[1]) < 1e-9 for x, y in drawn)


def test_urban_boundary_is_cut_by_the_red_line_and_farmland(dock):
    draw(dock, "ecological", box_points(X0, Y0, X0 + 100, Y0 + 100))
    draw(dock, "farmland", box_points(X0 + 100, Y0, X0 + 200, Y0 + 100))
    draw(dock, "urban_boundary", box_points(X0 + 50, Y0 + 50, X0 + 300, Y0 + 100))
    red = geometry_of(features(dock.layers["STBHHX"])[0])
    farm = geometry_of(features(dock.layers["YJJBNT"])[0])
    urban = geometry_of(features(dock.layers["CZKFBJ"])[0])
    drawn = pixel_exact_box(dock.canvas, X0 + 50, Y0 + 50, X0 + 300, Y0 + 100)
    assert urban.intersection(red).area < 1e-6 and urban.intersection(farm).area < 1e-6
    expected = drawn.difference(red.union(farm))
    assert urban.symmetric_difference(expected).area < 1e-6
    assert area_row(dock, "CZKFBJ").area_m2 == pytest.approx(ellipsoidal_m2(expected), rel=1e-7)
    # Unticked, the overlap is kept (the check will report it).
    dock.avoid_check.setChecked(False)
    draw(dock, "urban_boundary", box_points(X0, Y0 + 50, X0 + 40, Y0 + 90))
    assert len(features(dock.layers["CZKFBJ"])) == 2
    assert any(geometry_of(f).intersection(red).area > 1000 for f in features(dock.layers["CZKFBJ"]))


def test_undo_redo_and_geometry_edits_update_the_area_panel(dock):
    draw(dock, "ecological", box_points(X0, Y0, X0 + 100, Y0 + 100))
    layer = dock.layers["STBHHX"]
    first = area_row(dock, "STBHHX").area_m2
    assert first > 9000
    dock.undo()
    assert features(layer) == [] and area_row(dock, "STBHHX").area_m2 == 0
    dock.redo()
    assert len(features(layer)) == 1 and area_row(dock, "STBHHX").area_m2 == pytest.approx(first, rel=1e-12)
    # A vertex edit (what the vertex tool does) is measured again.
    from multiplan.processing.layer_io import to_qgs_geometry

    [feature] = features(layer)
    bigger = shapely.box(X0, Y0, X0 + 300, Y0 + 100)
    layer.beginEditCommand("move vertices")
    layer.changeGeometry(feature.id(), to_qgs_geometry(bigger))
    layer.endEditCommand()
    dock.tracker.flush()
    assert area_row(dock, "STBHHX").area_m2 == pytest.approx(ellipsoidal_m2(bigger), rel=1e-7)
    dock.undo()
    assert area_row(dock, "STBHHX").area_m2 == pytest.approx(first, rel=1e-12)


def test_saved_edits_are_in_the_file_when_reopened(dock, qgis_iface, qtbot, tmp_path):
    from multiplan.ui.blueprint_dock import BlueprintDock

    draw(dock, "ecological_space", box_points(X0, Y0, X0 + 100, Y0 + 100))
    area = area_row(dock, "SQ/3").area_m2
    assert dock.save_edits()
    path = dock.path
    dock.unload()
    QgsProject.instance().clear()
    again = BlueprintDock(qgis_iface)
    qtbot.addWidget(again)
    assert again.open_workspace(path)
    assert area_row(again, "SQ/3").area_m2 == pytest.approx(area, rel=1e-12)
    again.unload()


def test_check_now_lists_overlaps_and_clicking_one_zooms_to_it(dock, qtbot):
    dock.avoid_check.setChecked(False)
    draw(dock, "ecological", box_points(X0, Y0, X0 + 100, Y0 + 100))
    draw(dock, "farmland", box_points(X0 + 60, Y0, X0 + 200, Y0 + 100))
    red = geometry_of(features(dock.layers["STBHHX"])[0])
    farm = geometry_of(features(dock.layers["YJJBNT"])[0])
    with qtbot.waitSignal(dock.checkFinished, timeout=60_000) as finished:
        assert dock.run_check() is not None
    violations = finished.args[0]
    overlap = [v for v in violations if v.rule == "HX_NT"]
    assert len(overlap) == 1 and overlap[0].severity == "error"
    assert overlap[0].area_m2 == pytest.approx(ellipsoidal_m2(red.intersection(farm)), rel=1e-6)
    assert dock.violation_table.rowCount() == len(violations)
    row = violations.index(overlap[0])
    overview = dock.canvas.extent().width()
    dock.violation_table.selectRow(row)
    assert dock.highlight is not None
    extent = dock.canvas.extent()
    bounds = red.intersection(farm).bounds
    assert extent.xMinimum() <= bounds[0] and extent.xMaximum() >= bounds[2]
    assert extent.width() < overview * 0.7  # zoomed in from the overview
    # Uncommitted edits were checked: the layers are still in edit mode, nothing was saved.
    assert dock.layers["STBHHX"].isModified()


def test_check_with_nothing_drawn_says_so(dock, qgis_iface):
    assert dock.run_check() is None
    assert any("nothing to check" in text.lower() for text in qgis_iface.messageBar().get_messages(2))


# --------------------------------------------------------------------------- the dock and the batch chain agree

def chain_step(repo_root, title):
    import sys

    sys.path.insert(0, str(repo_root / "scripts"))
    try:
        import batch_chain
    finally:
        sys.path.remove(str(repo_root / "scripts"))
    return next(parameters for name, algorithm, parameters in batch_chain.STEPS if name.startswith(title))


def test_check_now_counts_as_the_batch_report_does(qgis_iface, canvas, tmp_path, qtbot, repo_root,
                                                    quarter_sample_county):
    """The dock on a workspace holding the sample's lines and zones, and the batch chain's control-line
    step on the sample itself: the same thresholds, so the same violations per rule (no 0.00 亩 slivers
    in one and not the other)."""
    from collections import Counter

    import processing
    from qgis.core import QgsFeature, QgsVectorLayer

    from multiplan.ui.blueprint_dock import BlueprintDock

    gpkg = quarter_sample_county / "sample_county.gpkg"
    QgsProject.instance().clear()
    dock = BlueprintDock(qgis_iface)
    qtbot.addWidget(dock)
    county = QgsVectorLayer(f"{gpkg}|layername=XZQ", "county", "ogr")
    assert dock.new_workspace(str(tmp_path / "蓝图.gpkg"), QgsCoordinateReferenceSystem(CRS), county)
    for target, source_name in {"STBHHX": "STBHHX", "YJJBNT": "YJJBNTTB", "CZKFBJ": "CZKFBJ", "SQ": "SQ"}.items():
        layer = dock.layers[target]
        layer.startEditing()
        for feature in QgsVectorLayer(f"{gpkg}|layername={source_name}", source_name, "ogr").getFeatures():
            copy = QgsFeature(layer.fields())
            geometry = feature.geometry()
            geometry.convertToMultiType()
            copy.setGeometry(geometry)
            if target == "SQ":
                copy["KJLXDM"] = feature["KJLXDM"]
            layer.addFeature(copy)
    assert dock.save_edits()
    with qtbot.waitSignal(dock.checkFinished, timeout=120_000) as finished:
        assert dock.run_check() is not None
    docked = Counter(violation.rule for violation in finished.args[0])
    dock.unload()
    QgsProject.instance().clear()

    step = chain_step(repo_root, "Control-line check")
    parameters = {key: value.format(sample=quarter_sample_county, out=tmp_path) for key, value in step.items()}
    batch = processing.run("multiplan:check_control_lines", parameters)
    layer = QgsVectorLayer(batch["OUTPUT"], "batch", "ogr")
    batched = Counter(feature["GZBH"] for feature in layer.getFeatures())
    # The dock has no base construction land: every other rule is compared.
    batched.pop("EXPANSION", None)
    assert docked == batched and docked["KB_HX"] == 1 and docked["HX_NT"] == 3
    # One source of thresholds: the dock passes core's defaults, the chain overrides none of them.
    from multiplan.core.control_lines.checks import threshold_parameters
    from multiplan.ui.control_check import check_parameters

    assert check_parameters({}, str(tmp_path)).items() >= threshold_parameters().items()
    assert not set(threshold_parameters()) & set(step)


def test_a_standard_planning_database_opens_in_the_dock_and_takes_drawings(dock, tmp_path):
    """Issue 22: the dock opens a 国土空间规划数据库 (layers found by their standard names, SQDM for
    the zone code) as well as its own workspace, and draws into it with the standard's fields."""
    import numpy as np

    from multiplan.core.database.export import Source, export_database
    from multiplan.core.database.schema import load_schema

    county = shapely.box(X0 - 100, Y0 - 100, X0 + 700, Y0 + 500)
    red_line = shapely.box(X0 + 400, Y0, X0 + 600, Y0 + 200)

    def source(geometries, **values):
        return Source("t", np.array(geometries, dtype=object),
                      {key: np.array(value, dtype=object) for key, value in values.items()}, CRS)

    database = tmp_path / "规划数据库.gpkg"
    export_database(database, load_schema(), {
        "COUNTY": source([county], XZQDM=["341122"], XZQMC=["示范县"]),
        "ECOLOGY": source([red_line], HXMC=["山地"]),
        "ZONES": source([shapely.box(X0 + 300, Y0 + 300, X0 + 400, Y0 + 400)], KJLXDM=["3"]),
        "BLUEPRINT": source([county], YDYHDM=["0301"])})
    assert dock.open_workspace(str(database))
    assert {"STBHHX", "SQ", "GHYDYH", "XJXZQ"} <= set(dock.layers) and "GHYT" not in dock.layers
    assert dock.schema.layer_for_role("zones").code_field == "SQDM"
    assert area_row(dock, "SQ/3").count == 1  # the zone already in the database
    assert area_row(dock, "STBHHX").area_m2 == pytest.approx(ellipsoidal_m2(red_line), rel=1e-7)
    draw(dock, "urban_space", box_points(X0, Y0, X0 + 200, Y0 + 100))
    drawn = [f for f in features(dock.layers["SQ"]) if f["SQDM"] == "1"]
    assert len(drawn) == 1 and drawn[0]["SQMC"] == "城镇空间" and drawn[0]["BSM"] == 2
    assert area_row(dock, "SQ/1").count == 1
