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
    QTimer.singleShot(1500, lambda: finish(iface, report))


def finish(iface, report):
    processing_plugin = qgis.utils.plugins.get("processing")
    toolbox = getattr(processing_plugin, "toolbox", None)
    report["toolbox_visible"] = bool(toolbox and toolbox.isVisible())
    report["toolbox_filter"] = toolbox.searchBox.text() if toolbox else None
    report["message_bar"] = message_bar_texts(iface)
    report["python_errors"] = python_errors
    screenshot = os.path.join(OUT_DIR, "desktop.png")
    report["screenshot_saved"] = QApplication.primaryScreen().grabWindow(0).save(screenshot)
    with open(os.path.join(OUT_DIR, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2)
    iface.actionExit().trigger()


QTimer.singleShot(2000, probe)
