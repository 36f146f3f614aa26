"""Runs ``multiplan:check_control_lines`` on the workspace in the background ("check now").

The layers are first copied, as the user sees them (uncommitted edits included), into a
scratch GeoPackage on the main thread; the algorithm then reads only those files in a
QgsTask, so the user can keep drawing while it runs and nothing reads a layer being edited
from another thread.
"""
import os
import tempfile

from qgis.core import (QgsApplication, QgsFeatureRequest, QgsProcessingAlgRunnerTask, QgsProcessingContext,
                       QgsProcessingFeedback, QgsProject, QgsVectorFileWriter, QgsVectorLayer)
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..core.control_lines.checks import SEVERITY, threshold_parameters

ALGORITHM_ID = "multiplan:check_control_lines"
PARAMETER_OF_ROLE = {"ecological": "ECOLOGICAL_REDLINE", "farmland": "FARMLAND", "urban_boundary": "URBAN_BOUNDARY",
                     "zones": "ZONES", "county": "COUNTY"}


class Violation:
    """One row of the check's output layer, with its geometry for zoom and highlight."""

    def __init__(self, feature):
        self.rule = feature["GZBH"]
        self.name = feature["GZMC"]
        # The layer stores the severity in the report language (错误 / error); the rule says it for sure.
        self.severity = SEVERITY.get(self.rule) or ("error" if feature["YZCD"] in ("error", "错误") else "warning")
        self.layer = feature["TC"]
        self.ids = feature["YSBH"]
        self.area_m2 = feature["MJ"]
        self.area_mu = feature["MJMU"]
        self.note = feature["SM"]
        self.geometry = feature.geometry()


def snapshot(layers, folder):
    """Copy ``{role: layer}`` (edit buffers included) to one GeoPackage; ``{role: source}``."""
    path = os.path.join(folder, "workspace_snapshot.gpkg")
    sources = {}
    for role, layer in layers.items():
        if layer.featureCount() == 0:
            continue
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = role
        options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if not sources
                                        else QgsVectorFileWriter.CreateOrOverwriteLayer)
        error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsProject.instance().transformContext(),
                                                          options)
        if error[0] != QgsVectorFileWriter.NoError:
            raise OSError(error[1])
        sources[role] = f"{path}|layername={role}"
    return sources


def check_parameters(sources, output_folder, zone_field="KJLXDM"):
    """The algorithm's parameters for the workspace's layers, with the thresholds of core's
    ControlLineSettings, as a batch run (scripts/batch_chain.py) uses them: the same pieces count."""
    parameters = {PARAMETER_OF_ROLE[role]: source for role, source in sources.items() if role in PARAMETER_OF_ROLE}
    if "ZONES" in parameters:
        parameters["ZONE_FIELD"] = zone_field
    parameters.update(threshold_parameters())
    parameters["OUTPUT"] = os.path.join(output_folder, "violations.gpkg")
    parameters["REPORT"] = os.path.join(output_folder, "control_line_check.xlsx")
    return parameters


class ControlLineCheck(QObject):
    """One background check. ``finished(violations, results)`` or ``failed(message)``."""

    finished = pyqtSignal(list, dict)
    failed = pyqtSignal(str)
    progressChanged = pyqtSignal(float)

    def __init__(self, layers_by_role, zone_field="KJLXDM", parent=None):
        super().__init__(parent)
        self.folder = tempfile.mkdtemp(prefix="multiplan_check_")
        self.sources = snapshot(layers_by_role, self.folder)
        self.parameters = check_parameters(self.sources, self.folder, zone_field)
        self.task = None

    def start(self):
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALGORITHM_ID)
        if algorithm is None:
            self.failed.emit(self.tr("The MultiPlan Processing provider is not loaded."))
            return None
        if not any(key in self.parameters for key in ("ECOLOGICAL_REDLINE", "FARMLAND", "URBAN_BOUNDARY", "ZONES")):
            self.failed.emit(self.tr("There is nothing to check yet: draw a line or a zone first."))
            return None
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = QgsProcessingFeedback()
        self.feedback.progressChanged.connect(self.progressChanged)
        self.task = QgsProcessingAlgRunnerTask(algorithm, self.parameters, self.context, self.feedback)
        self.task.executed.connect(self._executed)
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def cancel(self):
        if self.task is not None:
            self.feedback.cancel()

    def _executed(self, ok, results):
        if not ok:
            log = self.feedback.textLog()
            self.failed.emit(log.strip().splitlines()[-1] if log.strip() else self.tr("The check failed."))
            return
        layer = QgsVectorLayer(f"{self.parameters['OUTPUT']}", "violations", "ogr")
        violations = [Violation(feature) for feature in layer.getFeatures(QgsFeatureRequest())]
        self.finished.emit(violations, dict(results))
