"""What every MultiPlan algorithm shares: translation, groups, progress bridge."""
from qgis.core import QgsProcessingAlgorithm
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...core.progress import Cancelled
from ..messages import cancelled_error

# Group ids are stable (models and scripts refer to them); names are translated.
GROUPS = {
    "data": QT_TRANSLATE_NOOP("MultiPlanGroups", "Data intake and quality"),
    "conflicts": QT_TRANSLATE_NOOP("MultiPlanGroups", "Multi-plan conflicts and blueprint"),
    "control": QT_TRANSLATE_NOOP("MultiPlanGroups", "Control lines and project review"),
    "suitability": QT_TRANSLATE_NOOP("MultiPlanGroups", "Suitability evaluation (双评价)"),
}


def translate_group(group_id):
    return QCoreApplication.translate("MultiPlanGroups", GROUPS[group_id])


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

    def cancelled_error(self):
        return cancelled_error()

    def run_core(self, function, *args, **kwargs):
        """Call a core function, turning the user's cancellation into a Processing error."""
        try:
            return function(*args, **kwargs)
        except Cancelled:
            raise self.cancelled_error() from None
