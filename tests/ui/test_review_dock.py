"""The conflict review dock driven like a reviewer: filter, step, decide, reopen, export.

Patches are hand-built 10 m × (10·k) m rectangles with known fields; every decision is checked
by reading the GeoPackage with sqlite3 (a separate connection, as another program would), not
through the dock that wrote it.
"""
import sqlite3

import pytest
import shapely
from openpyxl import load_workbook
from qgis.core import QgsProject, QgsVectorLayer

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0, make_layer

from multiplan.core.conflicts import detection as cf

TYPES = ["HX_JS", "NT_JS", "YT", "HX_JS", "YT", "NT_JS"]
ADMINS = ["甲镇", "乙镇", "甲镇", "乙镇", "甲镇", "甲镇"]


def patch_layer(tmp_path, review_fields=True, name="差异图斑"):
    spec = cf.field_spec(2) if review_fields else [f for f in cf.field_spec(2) if f[0] not in
                                                 (cf.DECISION, cf.DECISION_NAME, cf.DECISION_REASON, cf.STATUS,
                                                  cf.REVIEWER, cf.REVIEW_TIME)]
    fields = {field_name: kind for field_name, kind, _ in spec}
    geometries, rows = [], []
    for k, (kind, admin) in enumerate(zip(TYPES, ADMINS)):
        geometries.append(shapely.box(X0 + 100 * k, Y0, X0 + 100 * k + 10, Y0 + 10 * (k + 1)))
        area = 100.0 * (k + 1)
        row = {cf.PATCH_ID: f"CY{k + 1:04d}", cf.TYPE: kind, cf.TYPE_NAME: kind + "名", "GH1": "城规", "GH2": "土规",
               cf.ADMIN_NAME: admin, cf.AREA_M2: area, cf.AREA_MU: area * 3 / 2000, cf.SUGGESTION: "GH2",
               cf.SUGGESTION_NAME: "保留土规"}
        if review_fields:
            row[cf.STATUS] = cf.STATUS_PENDING
        rows.append(row)
    path = tmp_path / f"{name}.gpkg"
    make_layer(geometries, "EPSG:4527", rows, fields, path, name)
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer, path


def stored(path, name="差异图斑"):
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return {row[cf.PATCH_ID]: dict(row) for row in connection.execute(f'SELECT * FROM "{name}"')}


@pytest.fixture(autouse=True)
def chinese_reports(monkeypatch):
    """Decision names (CLJDMC) are written in the report language: Chinese here unless a test says."""
    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "zh")


def test_opening_lists_every_patch_and_filters_narrow_it(make_dock, tmp_path):
    layer, _ = patch_layer(tmp_path)
    dock = make_dock()
    assert dock.open_layer(layer)
    assert dock.model.rowCount() == 6
    dock.type_filter.setCurrentIndex(dock.type_filter.findData("HX_JS名"))
    assert dock.model.rowCount() == TYPES.count("HX_JS")
    dock.admin_filter.setCurrentIndex(dock.admin_filter.findData("甲镇"))
    assert dock.model.rowCount() == 1  # HX_JS in 甲镇: patch 1 only
    dock.type_filter.setCurrentIndex(0)
    dock.min_area.setValue(0.5)  # 亩: patches of 400 m² (0.6 亩) and more
    expected = [k for k in range(6) if ADMINS[k] == "甲镇" and 100 * (k + 1) * 3 / 2000 >= 0.5]
    assert [dock.model.fid_at(r) for r in range(dock.model.rowCount())] == [k + 1 for k in expected]
    assert dock.progress_label.text().startswith(("Reviewed 0 of 6", "已审查 0"))


def test_a_standard_planning_database_is_shown_under_the_patches(make_dock, tmp_path, qgis_iface):
    """Issue 22: the review dock opens a 国土空间规划数据库 directly (layers found by their standard
    names), so a patch is judged against the lines and zones; the patches stay under review."""
    import numpy as np

    from multiplan.core.database.export import Source, export_database
    from multiplan.core.database.schema import load_schema

    layer, _ = patch_layer(tmp_path)
    dock = make_dock()
    assert dock.open_layer(layer)

    def source(geometries, **values):
        return Source("t", np.array(geometries, dtype=object),
                      {key: np.array(value, dtype=object) for key, value in values.items()}, "EPSG:4527")

    county = shapely.box(X0 - 100, Y0 - 100, X0 + 700, Y0 + 500)
    database = tmp_path / "规划数据库.gpkg"
    export_database(database, load_schema(), {
        "COUNTY": source([county], XZQDM=["341122"], XZQMC=["示范县"]),
        "ECOLOGY": source([shapely.box(X0, Y0, X0 + 50, Y0 + 50)], HXMC=["山地"]),
        "BLUEPRINT": source([county], YDYHDM=["0301"])})
    shown = dock.open_database(str(database))
    assert {"STBHHX", "GHYDYH", "XJXZQ"} <= set(shown)
    group = QgsProject.instance().layerTreeRoot().findGroup("规划数据库")
    assert group is not None and {child.layer().id() for child in group.findLayers()} == \
        {shown_layer.id() for shown_layer in shown.values()}
    assert shown["STBHHX"].featureCount() == 1 and shown["STBHHX"].name() in ("生态保护红线", "Ecological protection red line")
    assert dock.store.layer is layer and dock.model.rowCount() == 6  # the review goes on
    (tmp_path / "其他.gpkg").write_bytes(b"not a database")
    assert dock.open_database(str(tmp_path / "其他.gpkg")) == {}


def test_a_decision_is_in_the_file_at_once_and_the_next_patch_is_shown(make_dock, tmp_path, qgis_iface):
    layer, path = patch_layer(tmp_path)
    dock = make_dock()
    dock.open_layer(layer)
    dock.reviewer_edit.setText("王工")
    dock.step(1)
    assert dock.current_fid() == 1
    extent = dock.canvas.extent()
    assert extent.contains(X0 + 5, Y0 + 5)  # zoomed to the patch
    dock.plan_buttons[0].setChecked(True)
    dock.reason_edit.setPlainText("已批详规")
    assert dock.save_and_next()
    row = stored(path)["CY0001"]  # read by another connection while QGIS still has the file open
    assert row[cf.DECISION] == "GH1" and row[cf.DECISION_NAME] == "保留城规" and row[cf.STATUS] == cf.STATUS_REVIEWED
    assert row[cf.DECISION_REASON] == "已批详规" and row[cf.REVIEWER] == "王工" and row[cf.REVIEW_TIME]
    assert dock.current_fid() == 2
    assert dock.progress.value() == 1
    # Adjust and defer; a bad code is refused before anything is written.
    dock.adjust_radio.setChecked(True)
    dock.adjust_code.setText("99")
    assert not dock.save_and_next()
    assert stored(path)["CY0002"][cf.STATUS] == cf.STATUS_PENDING
    assert any("Invalid decision" in m or "无效" in m for m in qgis_iface.messageBar().get_messages(1))
    dock.adjust_code.setText("0103")
    assert dock.save_and_next()
    dock.defer_radio.setChecked(True)
    assert dock.save_and_next()
    rows = stored(path)
    assert rows["CY0002"][cf.DECISION] == "DM:0103" and rows["CY0002"][cf.STATUS] == cf.STATUS_REVIEWED
    assert rows["CY0003"][cf.DECISION] == "DEFER" and rows["CY0003"][cf.STATUS] == cf.STATUS_DEFERRED
    # Progress: 3 of 6 looked at, 1 deferred, area of patches 1-3.
    assert dock.progress.value() == 3
    assert "(1" in dock.progress_label.text() and f"{600 / 10000:,.2f}" in dock.progress_label.text()
    # Pending-only navigation skips what is done; taking a decision back makes it pending again.
    dock.pending_only.setChecked(True)
    dock.select_fid(1)
    assert dock.step(1) == 3  # view row 3 = patch 4
    dock.select_fid(2)
    assert dock.clear_decision()
    assert stored(path)["CY0002"][cf.STATUS] == cf.STATUS_PENDING and stored(path)["CY0002"][cf.DECISION] is None


def test_decisions_survive_reopening_the_file(make_dock, tmp_path):
    layer, path = patch_layer(tmp_path)
    dock = make_dock()
    dock.open_layer(layer)
    dock.step(1)
    dock.plan_buttons[1].setChecked(True)
    dock.save_and_next()
    QgsProject.instance().removeMapLayer(layer.id())
    again = QgsVectorLayer(f"{path}|layername=差异图斑", "again", "ogr")
    QgsProject.instance().addMapLayer(again)
    other = make_dock()
    other.open_layer(again)
    position = other.model.table.row_of(1)
    assert other.model.table.decision[position] == "GH2" and other.model.table.status[position] == cf.STATUS_REVIEWED
    other.select_fid(1, zoom=False)
    assert other.plan_buttons[1].isChecked()


def test_two_docks_on_one_layer_stay_consistent(make_dock, tmp_path):
    layer, path = patch_layer(tmp_path)
    first, second = make_dock(), make_dock()
    first.open_layer(layer)
    second.open_layer(layer)
    first.step(1)
    first.defer_radio.setChecked(True)
    first.save_and_next()
    position = second.model.table.row_of(1)
    assert second.model.table.status[position] == cf.STATUS_DEFERRED
    assert second.progress.value() == 1
    # An edit through QGIS (attribute table) blocks deciding until saved, then both re-read.
    layer.startEditing()
    assert not first.save_button.isEnabled() and not second.save_button.isEnabled()
    layer.changeAttributeValue(2, layer.fields().lookupField(cf.STATUS), cf.STATUS_REVIEWED)
    layer.changeAttributeValue(2, layer.fields().lookupField(cf.DECISION), "GH1")
    assert layer.commitChanges()
    for dock in (first, second):
        assert dock.save_button.isEnabled()
        assert dock.model.table.status[dock.model.table.row_of(2)] == cf.STATUS_REVIEWED
        assert dock.progress.value() == 2


def test_missing_review_fields_are_offered_never_added_silently(make_dock, tmp_path):
    layer, path = patch_layer(tmp_path, review_fields=False)
    asked = []
    dock = make_dock()
    dock.open_layer(layer, ask=lambda missing: asked.append(missing) or False)
    assert asked == [[cf.DECISION, cf.DECISION_NAME, cf.DECISION_REASON, cf.STATUS, cf.REVIEWER, cf.REVIEW_TIME]]
    assert cf.DECISION not in layer.fields().names() and not dock.save_button.isEnabled()
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute('PRAGMA table_info("差异图斑")')]
    assert cf.DECISION not in columns
    assert dock.model.rowCount() == 6  # still viewable
    dock.open_layer(layer, ask=lambda missing: True)
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute('PRAGMA table_info("差异图斑")')]
    assert {cf.DECISION, cf.STATUS, cf.REVIEW_TIME} <= set(columns)
    assert dock.save_button.isEnabled()
    assert dock.model.table.status[0] == cf.STATUS_PENDING  # empty status reads as 未审查


def test_read_only_files_are_reported_and_not_written(make_dock, tmp_path, qgis_iface, monkeypatch):
    layer, path = patch_layer(tmp_path)
    before = stored(path)
    monkeypatch.setattr("multiplan.ui.common.os.access", lambda *_: False)  # tests run as root: simulate
    dock = make_dock()
    dock.open_layer(layer)
    assert any("read-only" in m or "只读" in m for m in qgis_iface.messageBar().get_messages(1))
    assert not dock.save_button.isEnabled()
    dock.step(1)
    assert not dock.decide("GH1")
    assert stored(path) == before
    # A layer set read-only in the project is reported the same way.
    monkeypatch.undo()
    layer.setReadOnly(True)
    dock.open_layer(layer)
    assert not dock.save_button.isEnabled()


def test_ledger_export_and_blueprint_parameters(make_dock, tmp_path):
    layer, _ = patch_layer(tmp_path)
    dock = make_dock()
    dock.open_layer(layer)
    dock.step(1)
    dock.plan_buttons[0].setChecked(True)
    dock.save_and_next()
    out = tmp_path / "台账.xlsx"
    dock.export_ledger(str(out), background=False)
    workbook = load_workbook(out)
    texts = [str(c.value) for ws in workbook.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert "CY0006" in texts and "保留城规" in texts
    assert dock.blueprint_parameters() == {"PATCHES": layer.id()}


# -- issue 16: the .gpkg alone holds every saved decision ---------------------------------------

def add_other_layer(path, name="其他图层"):
    """A second layer in the patch GeoPackage (a review must not break the file's other layers)."""
    from osgeo import ogr, osr

    data_source = ogr.Open(str(path), 1)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4527)
    layer = data_source.CreateLayer(name, srs, ogr.wkbPolygon)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(ogr.CreateGeometryFromWkt(
        f"POLYGON(({X0} {Y0 - 50},{X0 + 10} {Y0 - 50},{X0 + 10} {Y0 - 40},{X0} {Y0 - 40},{X0} {Y0 - 50}))"))
    layer.CreateFeature(feature)
    data_source = None
    other = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert other.isValid()
    QgsProject.instance().addMapLayer(other)
    return other


def copy_of_gpkg_alone(path, folder):
    """Only the .gpkg bytes (no -wal/-shm), as a user copying the file while QGIS is open or after a crash."""
    import shutil

    folder.mkdir(exist_ok=True)
    target = folder / path.name
    shutil.copyfile(path, target)
    return target


@pytest.mark.parametrize("setting", ["alone", "other layer and a held connection"])
def test_a_copy_of_the_gpkg_alone_holds_every_saved_decision(make_dock, tmp_path, setting):
    from multiplan.ui import workspace_layers

    layer, path = patch_layer(tmp_path)
    other = None
    if setting != "alone":  # as a workspace file: WAL and a held connection first, then its layers
        QgsProject.instance().clear()
        workspace_layers._use_wal(str(path))
        other = add_other_layer(path)
        layer = QgsVectorLayer(f"{path}|layername=差异图斑", "差异图斑", "ogr")
        QgsProject.instance().addMapLayer(layer)
    try:
        dock = make_dock()
        dock.open_layer(layer)
        dock.step(1)
        dock.plan_buttons[0].setChecked(True)
        assert dock.save_and_next()
        dock.defer_radio.setChecked(True)
        assert dock.save_and_next()
        assert (tmp_path / f"{path.name}-wal").exists()  # QGIS keeps the file in WAL mode …
        rows = stored(copy_of_gpkg_alone(path, tmp_path / "copy1"))  # … and the .gpkg has it all
        assert rows["CY0001"][cf.DECISION] == "GH1" and rows["CY0001"][cf.STATUS] == cf.STATUS_REVIEWED
        assert rows["CY0002"][cf.DECISION] == "DEFER" and rows["CY0002"][cf.STATUS] == cf.STATUS_DEFERRED
        # QGIS's own connections still work: more decisions, the layer reads them, the other layer reads.
        dock.adjust_radio.setChecked(True)
        dock.adjust_code.setText("0103")
        assert dock.save_and_next()
        assert layer.getFeature(3)[cf.DECISION] == "DM:0103"
        assert dock.clear_decision() is True  # patch 4, still pending: writes the cleared values
        if other is not None:
            assert other.isValid() and len(list(other.getFeatures())) == 1
        # An edit made in the attribute table is checkpointed once it is saved.
        layer.startEditing()
        layer.changeAttributeValue(5, layer.fields().lookupField(cf.DECISION_REASON), "表内修改")
        assert layer.commitChanges()
        rows = stored(copy_of_gpkg_alone(path, tmp_path / "copy2"))
        assert rows["CY0003"][cf.DECISION] == "DM:0103" and rows["CY0005"][cf.DECISION_REASON] == "表内修改"
        assert len(dock.model.table) == 6 and dock.save_button.isEnabled()
    finally:
        workspace_layers.release_workspace(str(path))


def test_a_checkpoint_held_back_by_a_reader_is_retried(make_dock, tmp_path, qtbot):
    layer, path = patch_layer(tmp_path)
    dock = make_dock()
    dock.open_layer(layer)
    dock.step(1)
    dock.plan_buttons[0].setChecked(True)
    assert dock.save_and_next()  # the file is in WAL mode from here on
    reader = sqlite3.connect(path, isolation_level=None)  # another program in the middle of a read
    reader.execute("BEGIN")
    reader.execute('SELECT count(*) FROM "差异图斑"').fetchall()
    dock.plan_buttons[1].setChecked(True)
    assert dock.save_and_next()  # saved; the reader's snapshot keeps it out of the .gpkg for now
    assert stored(copy_of_gpkg_alone(path, tmp_path / "early"))["CY0002"][cf.DECISION] is None
    reader.execute("COMMIT")
    reader.close()
    qtbot.waitUntil(lambda: stored(copy_of_gpkg_alone(path, tmp_path / "later"))["CY0002"][cf.DECISION] == "GH2",
                    timeout=3000)


def test_save_a_consistent_copy_writes_one_self_contained_file(make_dock, tmp_path, qgis_iface):
    layer, path = patch_layer(tmp_path)
    dock = make_dock()
    dock.open_layer(layer)
    assert dock.copy_button.isEnabled()
    dock.step(1)
    dock.plan_buttons[1].setChecked(True)
    dock.save_and_next()
    target = tmp_path / "交付" / "差异图斑副本.gpkg"
    target.parent.mkdir()
    assert dock.save_copy(str(target))
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no -wal, no leftovers
    with sqlite3.connect(target) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert stored(target)["CY0001"][cf.DECISION] == "GH2"
    copied = QgsVectorLayer(f"{target}|layername=差异图斑", "copy", "ogr")
    assert copied.isValid() and copied.featureCount() == 6
    # Never over the layer's own file (or any file open in QGIS).
    before = stored(path)
    assert not dock.save_copy(str(path))
    assert stored(path) == before
    assert any("open in QGIS" in m or "已在 QGIS" in m for m in qgis_iface.messageBar().get_messages(2))


# -- issue 16: the current patch stays highlighted; buttons use the table's words ---------------

def highlights(dock):
    """The review's highlight items on the canvas (not the canvas's short-lived flash bands)."""
    from multiplan.ui.review_dock import HIGHLIGHT_TAG

    return [item for item in dock.canvas.scene().items() if item.data(0) == HIGHLIGHT_TAG]


def test_the_current_patch_stays_highlighted_until_closed_removed_or_unloaded(make_dock, tmp_path, qtbot):
    from qgis.core import QgsCoordinateReferenceSystem

    layer, _ = patch_layer(tmp_path)
    dock = make_dock()
    saved_crs = dock.canvas.mapSettings().destinationCrs()
    dock.canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4527"))  # the layer's: rects in metres
    dock.show()
    dock.open_layer(layer)
    assert highlights(dock) == []
    dock.step(1)
    qtbot.wait(700)  # longer than the flash: the highlight stays
    assert highlights(dock) == [dock.highlight]
    assert dock.highlight.isVisible()
    assert dock.highlight.rect().contains(X0 + 5, Y0 + 5)  # patch 1: 10 m × 10 m at X0, Y0
    dock.step(1)  # another patch replaces it, no pile-up
    assert highlights(dock) == [dock.highlight] and dock.highlight.rect().contains(X0 + 105, Y0 + 15)
    assert not dock.highlight.rect().contains(X0 + 5, Y0 + 5)
    dock.select_fid(3, zoom=False)  # chosen without zooming: still highlighted
    assert len(highlights(dock)) == 1 and dock.highlight.rect().contains(X0 + 205, Y0 + 15)
    dock.type_filter.setCurrentIndex(dock.type_filter.findData("HX_JS名"))  # patch 3 (YT) filtered out
    assert highlights(dock) == []
    dock.type_filter.setCurrentIndex(0)
    dock.select_fid(3, zoom=False)
    assert len(highlights(dock)) == 1
    dock.canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4490"))  # map in degrees: drawn again there
    assert len(highlights(dock)) == 1 and 116.9 < dock.highlight.rect().xMinimum() < 117.1
    dock.canvas.setDestinationCrs(saved_crs)
    dock.close()
    assert highlights(dock) == []
    dock.select_fid(4, zoom=False)  # programmatic moves while closed draw nothing
    assert highlights(dock) == []
    dock.show()  # opened again: the current patch is highlighted again
    assert len(highlights(dock)) == 1
    QgsProject.instance().removeMapLayer(layer.id())  # the layer goes away: so does the highlight
    assert highlights(dock) == [] and dock.highlight is None
    # Unloading removes it too.
    (tmp_path / "again").mkdir()
    again, _ = patch_layer(tmp_path / "again")
    dock.open_layer(again)
    dock.step(1)
    assert len(highlights(dock)) == 1
    dock.unload()
    assert highlights(dock) == []


@pytest.fixture(params=["zh_CN", "en_US"])
def ui_locale(request, monkeypatch):
    """QGIS's language, with the report language following it (its default, ``auto``)."""
    from qgis.core import QgsSettings

    from contextlib import nullcontext

    from translations import chinese_ui

    monkeypatch.setenv("MULTIPLAN_REPORT_LANGUAGE", "auto")
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", request.param)
    with chinese_ui() if request.param == "zh_CN" else nullcontext():  # MultiPlan's zh_CN translations too
        yield request.param
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def test_each_decision_button_reads_as_the_table_after_deciding_with_it(make_dock, tmp_path, ui_locale):
    layer, path = patch_layer(tmp_path)
    dock = make_dock()
    dock.open_layer(layer)
    column = dock.model.COLUMNS.index("decision_name")

    def shown(fid):
        return dock.model.index(dock.model.row_of_fid(fid), column).data()

    expected = {"zh_CN": ["保留城规", "保留土规"], "en_US": ["Keep 城规", "Keep 土规"]}[ui_locale]
    assert [button.text() for button in dock.plan_buttons] == expected
    for fid, button in enumerate(dock.plan_buttons, start=1):
        dock.select_fid(fid)
        button.setChecked(True)
        assert dock.save_and_next()
        assert shown(fid) == button.text()
    dock.select_fid(3)
    dock.adjust_radio.setChecked(True)
    dock.adjust_code.setText("0103")
    assert dock.save_and_next()
    assert shown(3) == f"{dock.adjust_radio.text()} 0103 旱地"
    dock.defer_radio.setChecked(True)
    assert dock.save_and_next()
    assert shown(4) == dock.defer_radio.text()
    # The suggestion is shown in the same words (stored as 保留土规, code GH2).
    assert dock.model.index(0, dock.model.COLUMNS.index("suggestion")).data() == expected[1]
    assert dock.suggestion_label.text().endswith(expected[1])
    # The file names the decision in the report language, as suggest_resolutions names suggestions.
    assert stored(path)["CY0001"][cf.DECISION_NAME] == {"zh_CN": "保留城规", "en_US": "keep 城规"}[ui_locale]
