"""Runs inside a real QGIS desktop (``qgis --code``) to check that MultiPlan loaded properly.

Writes a JSON report and a screenshot into $MULTIPLAN_PROBE_DIR, then quits QGIS.
Used by tests/e2e/test_desktop.py through scripts/desktop-probe.
"""
import json
import os
import traceback

import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QToolBar

OUT_DIR = os.environ["MULTIPLAN_PROBE_DIR"]
python_errors = []
_show_exception = qgis.utils.showException


def _record_exception(type_, value, tb, msg, *args, **kwargs):
    python_errors.append("".join(traceback.format_exception(type_, value, tb)))
    return _show_exception(type_, value, tb, msg, *args, **kwargs)


qgis.utils.showException = _record_exception


def plugin_menu_entries(iface):
    for action in iface.pluginMenu().actions():
        menu = action.menu()
        if menu is not None and "MultiPlan" in action.text():
            return action.text(), [a.objectName() for a in menu.actions()]
    return None, []


def message_bar_texts(iface):
    texts = []
    for item in iface.messageBar().items():
        texts.append(" ".join(filter(None, [item.title(), item.text()])))
    return texts


def probe():
    iface = qgis.utils.iface
    iface.mainWindow().setGeometry(0, 0, 1600, 1000)  # Xvfb has no window manager to maximise it
    report = {}
    try:
        registry = QgsApplication.processingRegistry()
        provider = registry.providerById("multiplan")
        report["active_plugins"] = list(qgis.utils.active_plugins)
        report["provider_name"] = provider.name() if provider else None
        report["algorithms"] = sorted(a.id() for a in provider.algorithms()) if provider else []
        report["menu_title"], report["menu_actions"] = plugin_menu_entries(iface)
        toolbar = iface.mainWindow().findChild(QToolBar, "MultiPlanToolbar")
        report["toolbar_actions"] = [a.objectName() for a in toolbar.actions()] if toolbar else None
        # Use the plugin as a user would: open its algorithms in the toolbox.
        for action in toolbar.actions() if toolbar else []:
            if action.objectName() == "MultiPlanShowAlgorithms":
                action.trigger()
    except Exception:  # noqa: BLE001 (the report must be written whatever happens)
        python_errors.append(traceback.format_exc())
    QTimer.singleShot(1500, lambda: toolbox_shot(iface, report))


def toolbox_shot(iface, report):
    processing_plugin = qgis.utils.plugins.get("processing")
    toolbox = getattr(processing_plugin, "toolbox", None)
    report["toolbox_visible"] = bool(toolbox and toolbox.isVisible())
    report["toolbox_filter"] = toolbox.searchBox.text() if toolbox else None
    report["message_bar"] = message_bar_texts(iface)
    screenshot = os.path.join(OUT_DIR, "desktop.png")
    report["screenshot_saved"] = QApplication.primaryScreen().grabWindow(0).save(screenshot)
    if toolbox is not None:
        toolbox.hide()
    try:
        open_docks(iface, report)
    except Exception:  # noqa: BLE001
        python_errors.append(traceback.format_exc())
        finish(iface, report)


SAMPLE = os.environ["MULTIPLAN_SAMPLE"]  # written by scripts/desktop-probe
COPIES = {"STBHHX": "STBHHX", "YJJBNT": "YJJBNTTB", "CZKFBJ": "CZKFBJ"}


def open_docks(iface, report):
    """Both docks on the sample county, as a user would have them after an hour of work."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsVectorLayer

    plugin = qgis.utils.plugins["multiplan"]
    blueprint = plugin.toggle_dock("blueprint")
    county = QgsVectorLayer(f"{SAMPLE}|layername=XZQ", "county", "ogr")
    path = os.path.join(OUT_DIR, "蓝图工作空间.gpkg")
    report["workspace_created"] = blueprint.new_workspace(path, QgsCoordinateReferenceSystem("EPSG:4527"), county)
    for target, source_name in COPIES.items():
        layer = blueprint.layers[target]
        source = QgsVectorLayer(f"{SAMPLE}|layername={source_name}", source_name, "ogr")
        layer.startEditing()
        for feature in source.getFeatures():
            copy = QgsFeature(layer.fields())
            geometry = feature.geometry()
            geometry.convertToMultiType()
            copy.setGeometry(geometry)
            copy["HXLX"] = blueprint.schema.layer(target).zh
            layer.addFeature(copy)
    blueprint.save_edits()
    blueprint.tracker.flush()
    report["blueprint_area_rows"] = [(row.key, round(row.area_m2, 2)) for row in blueprint.area_rows()]
    iface.mapCanvas().setExtent(blueprint.layers["XZQ"].extent())
    iface.mapCanvas().refresh()
    blueprint.checkFinished.connect(lambda violations: checked(iface, report, blueprint, violations))
    if blueprint.run_check() is None:
        finish(iface, report)


def checked(iface, report, blueprint, violations):
    report["violations"] = len(violations)
    if violations:
        blueprint.violation_table.selectRow(0)
    QTimer.singleShot(1500, lambda: blueprint_shot(iface, report))


def blueprint_shot(iface, report):
    report["blueprint_screenshot"] = QApplication.primaryScreen().grabWindow(0).save(
        os.path.join(OUT_DIR, "blueprint_dock.png"))
    try:
        review(iface, report)
    except Exception:  # noqa: BLE001
        python_errors.append(traceback.format_exc())
        finish(iface, report)


def review(iface, report):
    import processing
    from qgis.core import QgsProject, QgsVectorLayer

    plans = {"PLAN_1": f"{SAMPLE}|layername=CGYD", "PLAN_1_FIELD": "YDDM", "PLAN_1_STANDARD": 1, "PLAN_1_NAME": "城规",
             "PLAN_2": f"{SAMPLE}|layername=TGYT", "PLAN_2_FIELD": "GHDLDM", "PLAN_2_STANDARD": 2,
             "PLAN_2_NAME": "土规"}
    patches = os.path.join(OUT_DIR, "差异图斑.gpkg")
    processing.run("multiplan:detect_conflicts", {
        **plans, "ECOLOGICAL_REDLINE": f"{SAMPLE}|layername=STBHHX", "FARMLAND": f"{SAMPLE}|layername=YJJBNTTB",
        "URBAN_BOUNDARY": f"{SAMPLE}|layername=CZKFBJ", "ADMIN": f"{SAMPLE}|layername=XZQ_XZ",
        "OUTPUT": patches, "REPORT": os.path.join(OUT_DIR, "冲突台账.xlsx")})
    suggested = os.path.join(OUT_DIR, "差异图斑_处理建议.gpkg")
    processing.run("multiplan:suggest_resolutions", {"INPUT": patches, "OUTPUT": suggested})
    layer = QgsVectorLayer(suggested, "差异图斑", "ogr")
    QgsProject.instance().addMapLayer(layer)
    plugin = qgis.utils.plugins["multiplan"]
    dock = plugin.toggle_dock("review")
    iface.mainWindow().tabifyDockWidget(plugin.dock("blueprint"), dock)
    dock.show()
    dock.raise_()
    dock.open_layer(layer)
    dock.reviewer_edit.setText("王工")
    dock.step(1)
    dock.plan_buttons[1].setChecked(True)
    dock.reason_edit.setPlainText("土规已批，保留土规")
    dock.save_and_next()
    report["review_rows"] = dock.model.rowCount()
    report["review_done"] = dock.progress.value()
    QTimer.singleShot(1500, lambda: finish(iface, report, "review_dock.png"))


def finish(iface, report, screenshot=None):
    if screenshot:
        report["review_screenshot"] = QApplication.primaryScreen().grabWindow(0).save(
            os.path.join(OUT_DIR, screenshot))
    report["python_errors"] = python_errors
    with open(os.path.join(OUT_DIR, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2)
    from qgis.core import QgsProject

    # A project with temporary layers makes QGIS ask before quitting (and wait for the timeout).
    QgsProject.instance().clear()
    QgsProject.instance().setDirty(False)
    iface.actionExit().trigger()


QTimer.singleShot(2000, probe)
