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

from multiplan.core import conflicts as cf

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


@pytest.fixture
def make_dock(qgis_iface, qtbot):
    from multiplan.ui.review_dock import ConflictReviewDock

    docks = []

    def build():
        dock = ConflictReviewDock(qgis_iface)
        qtbot.addWidget(dock)
        docks.append(dock)
        return dock

    yield build
    for dock in docks:
        dock.unload()
    QgsProject.instance().clear()


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
