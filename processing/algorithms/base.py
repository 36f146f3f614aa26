"""What every MultiPlan algorithm shares: translation, groups, progress bridge."""
from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from ...core.progress import Cancelled

# Group ids are stable (models and scripts refer to them); names are translated.
GROUPS = {
    "data": "Data intake and quality",
}


def translate_group(group_id):
    return QCoreApplication.translate("MultiPlanGroups", GROUPS[group_id])


# pylupdate5 only sees literal strings: list the group names for it.
_GROUP_NAMES_FOR_TRANSLATION = [QCoreApplication.translate("MultiPlanGroups", "Data intake and quality")]


class MultiPlanAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set GROUP_ID and implement the usual methods."""

    GROUP_ID = ""

    def tr(self, text):
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def group(self):
        return translate_group(self.GROUP_ID)

    def progress_callback(self, feedback, start=0.0, end=100.0):
        """A core ``progress`` callable that drives ``feedback`` and raises on cancel."""

        def progress(fraction):
            if feedback.isCanceled():
                raise Cancelled()
            feedback.setProgress(start + (end - start) * fraction)

        return progress

    # Shared messages use a fixed context: pylupdate5 files them under this class, not the subclass.
    def cancelled_error(self):
        return QgsProcessingException(QCoreApplication.translate(
            "MultiPlanAlgorithm", "The run was cancelled; no complete output was written."))

    def write_error(self, sink):
        return QCoreApplication.translate(
            "MultiPlanAlgorithm", "Could not write a feature to the output: {}").format(sink.lastError())

    def run_core(self, function, *args, **kwargs):
        """Call a core function, turning cancellation and input errors into Processing errors."""
        try:
            return function(*args, **kwargs)
        except Cancelled:
            raise self.cancelled_error() from None
