"""Messages every algorithm shares (one translation context, one wording)."""
from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication


def cancelled_error():
    return QgsProcessingException(QCoreApplication.translate(
        "MultiPlanAlgorithm", "The run was cancelled; no complete output was written."))


def write_error(sink):
    return QgsProcessingException(QCoreApplication.translate(
        "MultiPlanAlgorithm", "Could not write a feature to the output: {}").format(sink.lastError()))
