"""Runs inside a real QGIS desktop (``qgis --code``): installs a plugin zip exactly as the Plugins
dialog's "Install from ZIP" does, then reports what the user would see and quits QGIS.

    MULTIPLAN_PROBE_DIR=out MULTIPLAN_PROBE_ZIP=multiplan.zip qgis --profiles-path P --nologo --code this.py

Writes ``report.json`` and ``install.png`` into $MULTIPLAN_PROBE_DIR. Modal dialogs the install
opens (QGIS's plugin-dependency dialog, error boxes) are recorded and accepted, as a user clicking
OK would. Used by tests/e2e/test_install_zip.py.
"""
import json
import os
import sys
import traceback

import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog, QPushButton

OUT_DIR = os.environ["MULTIPLAN_PROBE_DIR"]
ZIP_PATH = os.environ["MULTIPLAN_PROBE_ZIP"]
report = {"python_errors": [], "modal_dialogs": [], "log": [], "install_returned": False}
_show_exception = qgis.utils.showException


def _record_exception(type_, value, tb, msg, *args, **kwargs):
    text = "".join(traceback.format_exception(type_, value, tb))
    report["python_errors"].append(text)
    print(f"install_zip_probe: Python error shown to the user:\n{text}", file=sys.stderr, flush=True)
    return _show_exception(type_, value, tb, msg, *args, **kwargs)


qgis.utils.showException = _record_exception
QgsApplication.messageLog().messageReceived.connect(
    lambda message, tag, level: report["log"].append({"tag": tag, "level": int(level), "message": message}))


def install():
    # The check runs from its own timers: the install may open a modal dialog or raise.
    QTimer.singleShot(3000, lambda: close_dialogs(rounds=10))
    try:
        import pyplugin_installer

        pyplugin_installer.instance().installFromZipFile(ZIP_PATH)
        report["install_returned"] = True
    except Exception:  # noqa: BLE001 (what the dialog's slot would show the user)
        report["python_errors"].append(traceback.format_exc())


def close_dialogs(rounds):
    """Accept every modal dialog (as the user would click OK); then check once none is left."""
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        report["modal_dialogs"].append({"class": type(dialog).__name__, "title": dialog.windowTitle()})
        dialog.accept()
        QTimer.singleShot(1000, lambda: close_dialogs(rounds - 1))
    elif rounds > 0 and not report["install_returned"] and not report["python_errors"]:
        QTimer.singleShot(1000, lambda: close_dialogs(rounds - 1))
    else:
        QTimer.singleShot(1500, check)


def message_bar_entries(iface):
    entries = []
    for item in iface.messageBar().items():
        buttons = [b.objectName() or b.text() for b in item.findChildren(QPushButton)]
        entries.append({"title": item.title(), "text": item.text(), "level": int(item.level()), "buttons": buttons})
    return entries


def check():
    iface = qgis.utils.iface
    try:
        from qgis.core import QgsSettings

        provider = QgsApplication.processingRegistry().providerById("multiplan")
        report["active_plugins"] = list(qgis.utils.active_plugins)
        report["enabled_setting"] = QgsSettings().value("PythonPlugins/multiplan", None)
        # The profile's plugin folder, where the installer unzips (qgis.utils.home_plugin_path
        # in 3.22 is gone in 3.40).
        home_plugins = os.path.normpath(os.path.join(QgsApplication.qgisSettingsDirPath(), "python", "plugins"))
        report["installed_in"] = home_plugins
        report["plugin_folder_is_link"] = os.path.islink(os.path.join(home_plugins, "multiplan"))
        report["provider_name"] = provider.name() if provider else None
        report["algorithms"] = sorted(a.id() for a in provider.algorithms()) if provider else []
        plugin = qgis.utils.plugins.get("multiplan")
        report["plugin_actions"] = [a.objectName() for a in plugin.actions] if plugin else []
        report["message_bar"] = message_bar_entries(iface)
        if provider is not None:
            report["algorithm_run"] = run_an_algorithm()
        report["screenshot_saved"] = QApplication.primaryScreen().grabWindow(0).save(
            os.path.join(OUT_DIR, "install.png"))
        details = iface.messageBar().findChild(QPushButton, "MultiPlanDependencyDetails")
        if details is not None:  # MultiPlan's missing-packages entry: open its details as a user would
            details.click()
            QTimer.singleShot(1000, details_shot)
            return
    except Exception:  # noqa: BLE001 (the report must be written whatever happens)
        report["python_errors"].append(traceback.format_exc())
    finish()


def run_an_algorithm():
    """What a new user does next: run a tool from the freshly installed plugin (a 100 m square in
    CGCS2000 zone 39 through multiplan:ellipsoidal_area into a GeoPackage)."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4527", "square", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt(
        "MULTIPOLYGON(((39500000 3500000,39500100 3500000,39500100 3500100,39500000 3500100,39500000 3500000)))"))
    layer.dataProvider().addFeatures([feature])
    output = os.path.join(OUT_DIR, "square_area.gpkg")
    result = processing.run("multiplan:ellipsoidal_area", {"INPUT": layer, "METHOD": 0, "OUTPUT": output})
    return {"total_m2": result["TOTAL_M2"], "output_exists": os.path.isfile(output)}


def details_shot():
    try:
        dialog = qgis.utils.iface.mainWindow().findChild(QDialog, "MultiPlanDependencyDetailsDialog")
        report["details_dialog"] = {"title": dialog.windowTitle(), "text": dialog.text.toPlainText()}
        report["details_screenshot_saved"] = dialog.grab().save(os.path.join(OUT_DIR, "details.png"))
        dialog.close()
    except Exception:  # noqa: BLE001
        report["python_errors"].append(traceback.format_exc())
    finish()


def finish():
    iface = qgis.utils.iface
    with open(os.path.join(OUT_DIR, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2)
    QTimer.singleShot(5000, dismiss_at_exit)  # an error while unloading opens a modal dialog
    iface.actionExit().trigger()


def dismiss_at_exit():
    """Report (on stderr) and close a dialog that keeps QGIS from quitting."""
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        print(f"install_zip_probe: dialog at exit: {type(dialog).__name__} {dialog.windowTitle()!r}",
              file=sys.stderr, flush=True)
        dialog.reject()
    QTimer.singleShot(2000, dismiss_at_exit)


qgis.utils.iface.mainWindow().setGeometry(0, 0, 1600, 1000)  # Xvfb has no window manager
QTimer.singleShot(2000, install)
