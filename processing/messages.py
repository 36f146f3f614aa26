"""Messages every algorithm shares (one translation context, one wording)."""
from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication


def cancelled_error():
    return QgsProcessingException(QCoreApplication.translate(
        "MultiPlanAlgorithm", "The run was cancelled; no complete output was written."))


def ellipsoidal_label():
    """How outputs name the area method MultiPlan uses by default."""
    return QCoreApplication.translate("MultiPlanAlgorithm", "ellipsoidal, CGCS2000 ellipsoid")


def write_error(sink):
    return QgsProcessingException(QCoreApplication.translate(
        "MultiPlanAlgorithm", "Could not write a feature to the output: {}").format(sink.lastError()))
